"""Feedback Reviewer backend (API v1)."""
__version__ = "1.0.0"
