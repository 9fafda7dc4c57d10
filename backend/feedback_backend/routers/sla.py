from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Optional

from fastapi import APIRouter, Depends, Query

from ..db import fmt_ts, utcnow
from ..deps import Caller, role, state
from ..errors import ApiError
from ..schemas import SlaSummary, Timeseries, parse_rfc3339
from . import errs, plain_numbers

router = APIRouter(tags=["sla"])


@router.get("/sla/summary", response_model=SlaSummary, responses=errs(401, 403, 422),
            dependencies=[Depends(plain_numbers(target_hours="number"))])
def summary(target_hours: Optional[float] = Query(None, gt=0, le=8760), c: Caller = Depends(role("supervisor")),
            st=Depends(state)):
    """Flagged outputs only. % within target counts reviewed outputs plus pending ones already overdue.
    Values without data are null."""
    return st.store.sla_summary(target_hours or st.settings.sla_hours)


def _floor(d: datetime, bucket: str) -> datetime:
    d = d.replace(minute=0, second=0, microsecond=0)
    return d.replace(hour=0) if bucket == "day" else d


@router.get("/sla/timeseries", response_model=Timeseries, responses=errs(401, 403, 422),
            dependencies=[Depends(plain_numbers(target_hours="number"))])
def timeseries(bucket: str = Query("day", regex="^(hour|day)$"), since: Optional[str] = Query(None, max_length=64),
               until: Optional[str] = Query(None, max_length=64), target_hours: Optional[float] = Query(None, gt=0, le=8760),
               c: Caller = Depends(role("supervisor")), st=Depends(state)):
    """Per bucket: arrivals (flagged outputs created), reviewed (live decisions made), reviewed within
    target, backlog (flagged, not yet decided) at the end of the bucket."""
    def t(name, v):
        try:
            return parse_rfc3339(v)
        except ValueError as e:
            raise ApiError(422, f"{name}: {e}", "validation", name)
    step = timedelta(hours=1) if bucket == "hour" else timedelta(days=1)
    until_t = t("until", until) if until else utcnow()
    since_t = t("since", since) if since else until_t - (timedelta(hours=48) if bucket == "hour" else timedelta(days=7))
    start = _floor(since_t, bucket)
    end = _floor(until_t, bucket)
    if end < until_t:
        end += step
    if end <= start:
        raise ApiError(422, "since: must be before until", "validation", "since")
    if (end - start) / step > 5000:
        raise ApiError(422, "since: range too long for this bucket (max 5000 buckets)", "validation", "since")
    target = target_hours or st.settings.sla_hours
    arr, rev, backlog = st.store.sla_timeseries(bucket, start, end, target)
    pts, b = [], start
    while b < end:
        a = arr.get(b, 0)
        r, w = rev.get(b, (0, 0))
        backlog += a - r
        pts.append({"start": fmt_ts(b), "arrivals": a, "reviewed": r, "reviewed_within_target": w, "backlog": backlog})
        b += step
    return {"bucket": bucket, "target_hours": target, "points": pts}
