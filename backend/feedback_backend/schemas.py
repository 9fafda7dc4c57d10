"""Wire shapes (pydantic v1) — see docs/api.md."""
from __future__ import annotations

import math
import re
import uuid
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional

from pydantic import BaseModel, Field, StrictBool, StrictStr, conint, validator

MAX_TEXT = 4 * 1024 * 1024          # input/output/correction, characters (outputs of >= 1 MiB are fine)
MAX_COMMENT = 20_000
MAX_NAME = 200
MAX_METADATA_JSON = 64 * 1024
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$")


def parse_rfc3339(v) -> datetime:
    if isinstance(v, datetime):
        if v.tzinfo is None:
            raise ValueError("time must carry a UTC offset or Z")
        return v.astimezone(timezone.utc)
    if not isinstance(v, str) or not _RFC3339.match(v):
        raise ValueError("must be an RFC 3339 time with Z or an offset, e.g. 2026-11-27T09:30:00Z")
    s = v.upper().replace(" ", "T")
    m = re.match(r"^(.*\.\d{6})\d+(.*)$", s)  # more than microseconds: truncate
    if m:
        s = m.group(1) + m.group(2)
    if s.endswith("Z"):
        s = s[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(s).astimezone(timezone.utc)
    except ValueError as e:
        raise ValueError(f"not a valid time: {e}") from None


_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_surrogates(v: str) -> str:
    if _SURROGATE.search(v):
        raise ValueError("contains invalid Unicode (a lone surrogate)")
    return v


def _confidence(v):
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueError("must be a number between 0 and 1")
    v = float(v)
    if not math.isfinite(v):
        raise ValueError("must be a finite number (NaN and Infinity are refused)")
    if not 0.0 <= v <= 1.0:
        raise ValueError("must be between 0 and 1")
    return v


class Problem(BaseModel):
    type: str = Field("about:blank", example="https://feedback-reviewer/problems/validation")
    title: str
    status: int
    detail: Optional[str] = None
    field: Optional[str] = Field(None, description="the offending field, dotted path (e.g. items.3.confidence)")
    errors: Optional[List[Dict[str, Any]]] = Field(None, description="the first 20 problems")
    more_errors: Optional[int] = Field(None, description="how many problems were not listed in errors")


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
    refresh_token: str


class Me(BaseModel):
    reviewer_id: str
    username: str
    display_name: str
    role: str


class OutputIn(BaseModel):
    id: Optional[uuid.UUID] = None
    model_name: StrictStr = Field(..., min_length=1, max_length=MAX_NAME)
    model_version: Optional[StrictStr] = Field(None, max_length=MAX_NAME)
    input: StrictStr = Field(..., max_length=MAX_TEXT)
    output: StrictStr = Field(..., max_length=MAX_TEXT)
    confidence: float = Field(..., ge=0, le=1)
    metadata: Optional[Dict[str, Any]] = None
    created_at: Optional[datetime] = Field(None, description="RFC 3339; default: time received")

    class Config:
        extra = "forbid"

    _conf = validator("confidence", pre=True, allow_reuse=True)(_confidence)
    _text = validator("model_name", "model_version", "input", "output", allow_reuse=True)(
        lambda v: _no_surrogates(v) if v is not None else v)

    @validator("created_at", pre=True)
    def _ts(cls, v):
        return None if v is None else parse_rfc3339(v)

    @validator("metadata")
    def _meta(cls, v):
        import json
        if v is not None:
            try:
                s = json.dumps(v, allow_nan=False)
            except ValueError:
                raise ValueError("must not contain NaN or Infinity") from None
            if len(s) > MAX_METADATA_JSON:
                raise ValueError(f"too large (more than {MAX_METADATA_JSON} bytes as JSON)")
            _no_surrogates(s)
        return v


class Output(BaseModel):
    id: str
    model_name: str
    model_version: Optional[str]
    input: str
    output: str
    confidence: float
    metadata: Dict[str, Any]
    created_at: str
    received_at: Optional[str]
    needs_review: bool
    sla_deadline: str
    status: str = Field(..., description="pending | leased | reviewed | not_needed")


class LeasedOutput(Output):
    lease_expires_at: str


class OutputsCreated(BaseModel):
    items: List[Output]


class LeaseRequest(BaseModel):
    limit: conint(strict=True, ge=1, le=500) = 50
    lease_seconds: conint(strict=True, ge=60, le=86400) = 1800
    # False: only outputs not yet held by the caller, so that an offline session can lease
    # more than one call's worth by calling again.
    include_held: StrictBool = True

    class Config:
        extra = "forbid"


class LeaseResponse(BaseModel):
    items: List[LeasedOutput]
    server_time: str


class ReleaseRequest(BaseModel):
    ids: List[uuid.UUID] = Field(..., max_items=500)

    class Config:
        extra = "forbid"


class ReleaseResponse(BaseModel):
    released: int
    not_released: List[str] = Field(..., description="ids not held by the caller (or already decided)")


class FeedbackIn(BaseModel):
    model_output_id: uuid.UUID
    reviewer_id: uuid.UUID
    approval: StrictBool
    correction: StrictStr = Field("", max_length=MAX_TEXT)
    comment: StrictStr = Field("", max_length=MAX_COMMENT)
    decided_at: datetime = Field(..., description="RFC 3339; at most 5 minutes in the future")
    dwell_ms: Optional[conint(strict=True, ge=0, le=7 * 86400 * 1000)] = None

    class Config:
        extra = "forbid"

    _text = validator("correction", "comment", allow_reuse=True)(_no_surrogates)

    @validator("decided_at", pre=True)
    def _ts(cls, v):
        return parse_rfc3339(v)


class FeedbackBatchItem(FeedbackIn):
    idempotency_key: uuid.UUID


class FeedbackBatchIn(BaseModel):
    items: List[Any] = Field(..., min_items=1, max_items=500,
                                        description="FeedbackBatchItem objects; each validated on its own")

    class Config:
        extra = "forbid"


class Feedback(BaseModel):
    id: str
    model_output_id: str
    reviewer_id: str
    approval: bool
    correction: str
    comment: str
    decided_at: str
    received_at: str
    created_at: str
    retracted_at: Optional[str]
    dwell_ms: Optional[int]
    idempotency_key: Optional[str]


class BatchResult(BaseModel):
    idempotency_key: Optional[str]
    status: str = Field(..., description="accepted | duplicate | conflict | invalid")
    feedback: Optional[Feedback] = None
    reason: Optional[str] = None
    field: Optional[str] = None


class BatchResponse(BaseModel):
    results: List[BatchResult]


class ReviewerStats(BaseModel):
    reviewer_id: str
    username: str
    reviewed: int
    approved: int
    median_seconds: float


class SlaSummary(BaseModel):
    target_hours: float
    pending: int
    overdue: int
    oldest_pending_age_seconds: Optional[float]
    reviewed: int
    reviewed_within_target_pct_7d: Optional[float]
    reviewed_within_target_pct_all: Optional[float]
    median_time_to_review_seconds: Optional[float]
    p95_time_to_review_seconds: Optional[float]
    approval_rate: Optional[float]
    reviewers: List[ReviewerStats]


class TimeseriesPoint(BaseModel):
    start: str
    arrivals: int
    reviewed: int
    reviewed_within_target: int
    backlog: int


class Timeseries(BaseModel):
    bucket: str
    target_hours: float
    points: List[TimeseriesPoint]


class ExportLine(BaseModel):
    cursor: str
    feedback_id: str
    model_output_id: str
    model_name: str
    model_version: Optional[str]
    input: str
    output: str
    confidence: float
    output_created_at: str
    approval: bool
    correction: str
    comment: str
    reviewer_id: str
    reviewer: str
    decided_at: str
    received_at: str
    retracted_at: Optional[str]
    dwell_ms: Optional[int]


class Health(BaseModel):
    status: str
    database: str
    engine: Optional[str] = None
    schema_version: Optional[int] = None


_ITEM_KEYS = frozenset(FeedbackBatchItem.__fields__)
_CANON_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _uuid(s: str) -> str:
    return s if _CANON_UUID.fullmatch(s) else str(uuid.UUID(s))
_REQUIRED = frozenset(("idempotency_key", "model_output_id", "reviewer_id", "approval", "decided_at"))


def fast_batch_item(raw: dict):
    """Fast path for the common, valid batch item: returns (key, normalised body) or None when
    anything is off (then pydantic validates it and names the field). Same rules as FeedbackBatchItem."""
    try:
        if not (_REQUIRED <= raw.keys() <= _ITEM_KEYS):
            return None
        key, oid, rid, ok = raw["idempotency_key"], raw["model_output_id"], raw["reviewer_id"], raw["approval"]
        corr, com, dec, dwell = raw.get("correction", ""), raw.get("comment", ""), raw["decided_at"], raw.get("dwell_ms")
        if not (type(key) is str and type(oid) is str and type(rid) is str and type(ok) is bool
                and type(corr) is str and type(com) is str and type(dec) is str):
            return None
        if len(corr) > MAX_TEXT or len(com) > MAX_COMMENT or _SURROGATE.search(corr) or _SURROGATE.search(com):
            return None
        if dwell is not None and (type(dwell) is not int or not 0 <= dwell <= 7 * 86400 * 1000):
            return None
        return _uuid(key), {
            "model_output_id": _uuid(oid), "reviewer_id": _uuid(rid), "approval": ok,
            "correction": corr, "comment": com, "decided_at": parse_rfc3339(dec), "dwell_ms": dwell}
    except (ValueError, TypeError, AttributeError):
        return None
