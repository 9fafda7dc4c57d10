"""Wire shapes (pydantic v1) — see docs/api.md."""
from __future__ import annotations

import math
import re
import uuid
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Union

from pydantic import BaseModel, Field, StrictBool, StrictStr, conint, validator

MAX_TEXT = 4 * 1024 * 1024          # input/output/correction, characters (outputs of >= 1 MiB are fine)
MAX_COMMENT = 20_000
MAX_NAME = 200
MAX_METADATA_JSON = 64 * 1024
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$")


MIN_YEAR, MAX_YEAR = 2000, 2200   # every time the API accepts lies in [2000-01-01, 2200-12-31] UTC
TIME_RANGE = "between 2000-01-01 and 2200-12-31 (UTC)"


def _in_range(d: datetime) -> datetime:
    if d.tzinfo is None:
        raise ValueError("time must carry a UTC offset or Z")
    try:
        u = d.astimezone(timezone.utc)
    except (OverflowError, ValueError):  # an offset pushes it off the calendar
        raise ValueError(f"must lie {TIME_RANGE}") from None
    if not MIN_YEAR <= u.year <= MAX_YEAR:
        raise ValueError(f"must lie {TIME_RANGE}")
    return u


def parse_rfc3339(v) -> datetime:
    """An RFC 3339 time with an offset, as UTC; refused outside TIME_RANGE so that both engines
    store and read it back (SQLite keeps times as sortable text with a four-digit year)."""
    if isinstance(v, datetime):
        return _in_range(v)
    if not isinstance(v, str) or not _RFC3339.match(v):
        raise ValueError("must be an RFC 3339 time with Z or an offset, e.g. 2026-11-27T09:30:00Z")
    s = v.upper().replace(" ", "T")
    m = re.match(r"^(.*\.\d{6})\d+(.*)$", s)  # more than microseconds: truncate
    if m:
        s = m.group(1) + m.group(2)
    if s.endswith("Z"):
        s = s[:-1] + "+00:00"
    try:
        d = datetime.fromisoformat(s)
    except ValueError as e:
        raise ValueError(f"not a valid time: {e}") from None
    return _in_range(d)


# NUL cannot be stored in PostgreSQL text; a lone surrogate cannot be encoded as UTF-8 at all
_BAD_TEXT = re.compile("[\x00\ud800-\udfff]")
_SURROGATE = _BAD_TEXT  # name kept for callers


def bad_text(v: str):
    """The reason a string cannot be stored, or None."""
    m = _BAD_TEXT.search(v)
    if m is None:
        return None
    return "contains a NUL character" if m.group() == "\x00" else "contains invalid Unicode (a lone surrogate)"


def _no_surrogates(v):
    if isinstance(v, str):
        why = bad_text(v)
        if why:
            raise ValueError(why)
    return v


MAX_METADATA_DEPTH = 32


def _check_metadata(v, path="metadata"):
    """Keys and values: no NUL, no lone surrogate, finite numbers, bounded nesting (iterative)."""
    stack = [(v, path, 0)]
    while stack:
        x, at, depth = stack.pop()
        if depth > MAX_METADATA_DEPTH:
            raise ValueError(f"{at}: nested more than {MAX_METADATA_DEPTH} levels")
        if isinstance(x, str):
            why = bad_text(x)
            if why:
                raise ValueError(f"{at}: {why}")
        elif isinstance(x, float):
            if not math.isfinite(x):
                raise ValueError(f"{at}: must not contain NaN or Infinity")
        elif isinstance(x, dict):
            for k, y in x.items():
                if not isinstance(k, str):
                    raise ValueError(f"{at}: keys must be strings")
                why = bad_text(k)
                if why:
                    raise ValueError(f"{at}: a key {why}")
                stack.append((y, f"{at}.{k}", depth + 1))
        elif isinstance(x, list):
            for i, y in enumerate(x):
                stack.append((y, f"{at}.{i}", depth + 1))


def _confidence(v):
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueError("must be a number between 0 and 1")
    try:
        v = float(v)  # an integer with hundreds of digits overflows here
    except OverflowError:
        raise ValueError("must be between 0 and 1") from None
    if not math.isfinite(v):
        raise ValueError("must be a finite number (NaN and Infinity are refused)")
    if not 0.0 <= v <= 1.0:
        raise ValueError("must be between 0 and 1")
    return v


class DecidedBy(BaseModel):
    username: str
    display_name: str


class FirstDecision(BaseModel):
    approval: bool = Field(..., description="true: approved, false: rejected")
    decided_at: str


class Problem(BaseModel):
    type: str = Field("about:blank", example="https://feedback-reviewer/problems/validation")
    title: str
    status: int
    detail: Optional[str] = None
    field: Optional[str] = Field(None, description="the offending field, dotted path (e.g. items.3.confidence)")
    errors: Optional[List[Dict[str, Any]]] = Field(None, description="the first 20 problems")
    more_errors: Optional[int] = Field(None, description="how many problems were not listed in errors")
    existing_feedback_id: Optional[str] = Field(None, description="409: your own live decision on this output")
    lease_expires_at: Optional[str] = Field(None, description="409: another reviewer holds the output until then")
    decided_by: Optional[DecidedBy] = Field(None, description="409 already-decided: the reviewer who decided first")
    decision: Optional[FirstDecision] = Field(None, description="409 already-decided: what they decided, and when")


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

    @validator("metadata", pre=True)
    def _meta(cls, v):
        import json
        if v is not None:
            if not isinstance(v, dict):
                raise ValueError("must be a JSON object")
            _check_metadata(v)
            try:
                s = json.dumps(v, allow_nan=False, ensure_ascii=False)
            except (ValueError, RecursionError):
                raise ValueError("must be plain JSON without NaN or Infinity") from None
            if len(s.encode("utf-8")) > MAX_METADATA_JSON:
                raise ValueError(f"too large (more than {MAX_METADATA_JSON} bytes as JSON)")
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


REASON_CODE = r"^[a-z0-9_-]{1,64}$"


class FeedbackIn(BaseModel):
    model_output_id: uuid.UUID
    reviewer_id: Optional[uuid.UUID] = Field(None, description="your own id (GET /me); default: the caller")
    approval: StrictBool
    correction: StrictStr = Field("", max_length=MAX_TEXT)
    comment: StrictStr = Field("", max_length=MAX_COMMENT)
    decided_at: Optional[datetime] = Field(
        None, description="RFC 3339, 2000..2200; at most the clock skew in the future, not before the output's "
                          "created_at nor before your lease was granted; default: the time the backend received it")
    dwell_ms: Optional[conint(strict=True, ge=0, le=7 * 86400 * 1000)] = None
    reason_code: Optional[StrictStr] = Field(None, max_length=64, regex=REASON_CODE,
                                             description="optional stable reason id, e.g. off_topic")
    replaces: Optional[uuid.UUID] = Field(
        None, description="id of your own live feedback on the same output: retracted and replaced by this "
                          "decision in one transaction (change my decision)")

    class Config:
        extra = "forbid"

    _text = validator("correction", "comment", allow_reuse=True)(_no_surrogates)

    @validator("decided_at", pre=True)
    def _ts(cls, v):
        return None if v is None else parse_rfc3339(v)


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
    reason_code: Optional[str] = None
    replaces: Optional[str] = Field(None, description="the feedback this decision replaced")


class BatchResult(BaseModel):
    idempotency_key: Optional[str]
    status: str = Field(..., description="accepted | duplicate | conflict | invalid")
    feedback: Optional[Feedback] = None
    reason: Optional[str] = None
    field: Optional[str] = None
    lease_expires_at: Optional[str] = Field(None, description="conflict: another reviewer holds the output until then")
    decided_by: Optional[DecidedBy] = Field(None, description="conflict: the reviewer who decided first")
    decision: Optional[FirstDecision] = Field(None, description="conflict: what they decided, and when")


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
    default_target_hours: float
    goal: float
    pace_per_hour: float
    reviewers: List[ReviewerStats]


class TimeseriesPoint(BaseModel):
    start: str
    arrivals: int
    reviewed: int
    reviewed_within_target: int
    within_target_pct: Optional[float]
    backlog: int


class Timeseries(BaseModel):
    bucket: str
    target_hours: float
    points: List[TimeseriesPoint]


class SlaItem(BaseModel):
    id: str
    model_name: str
    model_version: Optional[str]
    confidence: float
    created_at: str
    deadline: str
    lease_holder: Optional[str]
    lease_expires_at: Optional[str]
    input_preview: str
    output_preview: str


class SlaItems(BaseModel):
    items: List[SlaItem]
    total: int


class SlaForecast(BaseModel):
    horizon_hours: float
    target_hours: float
    pace_per_hour: float
    pending: int
    breaching: int
    decisions_short: int
    per_reviewer_rate_per_hour: Optional[float]
    reviewer_hours_needed: Optional[float]
    sentence: str


class ModelRow(BaseModel):
    model_name: str
    model_version: Optional[str]
    backlog: int
    reviewed: int
    within_target_pct: Optional[float]
    approval_rate: Optional[float]
    median_s: Optional[float]
    p95_s: Optional[float]


class ReasonRow(BaseModel):
    reason_code: str
    count: int
    trend: List[int]


class ReviewerRow(BaseModel):
    reviewer_id: str
    username: str
    decisions: int
    per_hour_on_screen: Optional[float]
    approval_rate: float
    median_s: Optional[float]


class SlaBreakdown(BaseModel):
    by: str
    target_hours: float
    rows: List[Union[ModelRow, ReasonRow, ReviewerRow]]


class HistogramBucket(BaseModel):
    lo_s: float
    hi_s: Optional[float]
    count: int


class SlaHistogram(BaseModel):
    target_hours: float
    buckets: List[HistogramBucket]


class LeaseHolder(BaseModel):
    reviewer_id: str
    username: str
    held: int
    earliest_expiry: str
    latest_expiry: str


class SlaLeases(BaseModel):
    reviewers: List[LeaseHolder]


class LeaseReleaseAll(BaseModel):
    reviewer_id: uuid.UUID

    class Config:
        extra = "forbid"


class LeaseReleaseAllResponse(BaseModel):
    released: int


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
    reason_code: Optional[str] = None
    replaces: Optional[str] = None


class Health(BaseModel):
    status: str
    database: str
    engine: Optional[str] = None
    schema_version: Optional[int] = None


_FAST_KEYS = frozenset(FeedbackBatchItem.__fields__) - {"reason_code", "replaces"}
_CANON_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _uuid(s: str) -> str:
    return s if _CANON_UUID.fullmatch(s) else str(uuid.UUID(s))


_REQUIRED = frozenset(("idempotency_key", "model_output_id", "approval"))


def fast_batch_item(raw: dict, caller_id: str):
    """Fast path for the common, valid batch item: returns (key, normalised body) or None when
    anything is off (then pydantic validates it and names the field). Same rules as FeedbackBatchItem."""
    try:
        if not (_REQUIRED <= raw.keys() <= _FAST_KEYS):
            return None
        key, oid, rid, ok = raw["idempotency_key"], raw["model_output_id"], raw.get("reviewer_id", caller_id), raw["approval"]
        corr, com, dec, dwell = raw.get("correction", ""), raw.get("comment", ""), raw.get("decided_at"), raw.get("dwell_ms")
        if not (type(key) is str and type(oid) is str and type(rid) is str and type(ok) is bool
                and type(corr) is str and type(com) is str and (dec is None or type(dec) is str)):
            return None
        if len(corr) > MAX_TEXT or len(com) > MAX_COMMENT or _BAD_TEXT.search(corr) or _BAD_TEXT.search(com):
            return None
        if dwell is not None and (type(dwell) is not int or not 0 <= dwell <= 7 * 86400 * 1000):
            return None
        return _uuid(key), {
            "model_output_id": _uuid(oid), "reviewer_id": _uuid(rid), "approval": ok,
            "correction": corr, "comment": com, "decided_at": None if dec is None else parse_rfc3339(dec),
            "dwell_ms": dwell, "reason_code": None, "replaces": None}
    except (ValueError, TypeError, AttributeError, OverflowError):
        return None
