"""The supervisor's SLA view. Figures come from aggregates maintained with every write (sla_agg) and
from the live queue; see sla_store for the definitions (pace, queue position, at risk)."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Optional

from fastapi import APIRouter, Body, Depends, Query

from ..db import fmt_ts, utcnow
from ..deps import Caller, role, state
from ..errors import ApiError
from ..schemas import (LeaseReleaseAll, LeaseReleaseAllResponse, SlaBreakdown, SlaForecast, SlaHistogram,
                       SlaItems, SlaLeases, SlaSummary, Timeseries, parse_rfc3339)
from . import errs, plain_numbers

router = APIRouter(tags=["sla"])
log = logging.getLogger("feedback_backend")
TARGET = Query(None, gt=0, le=8760, description="hours; default: the backend's FEEDBACK_SLA_HOURS")


def _sla(st):
    from ..sla_store import SlaStore
    if getattr(st, "sla", None) is None:
        st.sla = SlaStore(st.engine, st.settings)
    return st.sla


def _time(name, v):
    if v is None:
        return None
    try:
        return parse_rfc3339(v)
    except ValueError as e:
        raise ApiError(422, f"{name}: {e}", "validation", name)


def _range(since, until):
    s, u = _time("since", since), _time("until", until)
    if s is not None and u is not None and u <= s:
        raise ApiError(422, "since: must be before until", "validation", "since")
    return s, u


@router.get("/sla/summary", response_model=SlaSummary, responses=errs(401, 403, 422),
            dependencies=[Depends(plain_numbers(target_hours="number"))])
def summary(target_hours: Optional[float] = TARGET, c: Caller = Depends(role("supervisor")), st=Depends(state)):
    """Flagged outputs only. % within target counts reviewed outputs plus pending ones already overdue.
    Percentiles and within-target shares come from a fixed-bucket histogram of time to review (exact
    when the target is a bucket edge, else within one bucket). Values without data are null."""
    return _sla(st).summary(target_hours or st.settings.sla_hours)


def _floor(d: datetime, bucket: str) -> datetime:
    d = d.replace(minute=0, second=0, microsecond=0)
    return d.replace(hour=0) if bucket == "day" else d


@router.get("/sla/timeseries", response_model=Timeseries, responses=errs(401, 403, 422),
            dependencies=[Depends(plain_numbers(target_hours="number"))])
def timeseries(bucket: str = Query("day", regex="^(hour|day)$"), since: Optional[str] = Query(None, max_length=64),
               until: Optional[str] = Query(None, max_length=64), target_hours: Optional[float] = TARGET,
               c: Caller = Depends(role("supervisor")), st=Depends(state)):
    """Per bucket: arrivals (flagged outputs created), reviewed (live decisions made), reviewed within
    target, within_target_pct (of those reviewed; null when none), backlog (flagged, not yet decided) at
    the end of the bucket."""
    step = timedelta(hours=1) if bucket == "hour" else timedelta(days=1)
    until_t = _time("until", until) or utcnow()
    since_t = _time("since", since) or until_t - (timedelta(hours=48) if bucket == "hour" else timedelta(days=7))
    start = _floor(since_t, bucket)
    end = _floor(until_t, bucket)
    if end < until_t:
        end += step
    if end <= start:
        raise ApiError(422, "since: must be before until", "validation", "since")
    if (end - start) / step > 5000:
        raise ApiError(422, "since: range too long for this bucket (max 5000 buckets)", "validation", "since")
    target = target_hours or st.settings.sla_hours
    arr, rev, backlog = _sla(st).timeseries(bucket, start, end, target)
    pts, b = [], start
    while b < end:
        a = arr.get(b, 0)
        r, w = rev.get(b, (0, 0.0))
        backlog += a - r
        pts.append({"start": fmt_ts(b), "arrivals": a, "reviewed": r, "reviewed_within_target": int(round(w)),
                    "within_target_pct": round(100.0 * w / r, 4) if r else None, "backlog": backlog})
        b += step
    return {"bucket": bucket, "target_hours": target, "points": pts}


@router.get("/sla/items", response_model=SlaItems, responses=errs(401, 403, 422),
            dependencies=[Depends(plain_numbers(within_hours="number", limit="integer", offset="integer",
                                                target_hours="number"))])
def items(kind: str = Query(..., regex="^(overdue|at_risk)$"),
          within_hours: float = Query(24, gt=0, le=8760, description="at_risk: deadline within this many hours"),
          model: Optional[str] = Query(None, min_length=1, max_length=200),
          sort: str = Query("deadline", regex="^(deadline|confidence|age)$"),
          limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0, le=10_000_000),
          target_hours: Optional[float] = TARGET, c: Caller = Depends(role("supervisor")), st=Depends(state)):
    """Pending flagged outputs. overdue: past the deadline. at_risk: not overdue, deadline within
    within_hours, and not reached in time at the current pace (decisions in the last 24 h / 24): in
    deadline order, overdue ones first, item k (0-based) is reached after k / pace hours."""
    rows, total = _sla(st).items(kind, within_hours, model, sort, limit, offset, target_hours or st.settings.sla_hours)
    return {"items": rows, "total": total}


@router.get("/sla/forecast", response_model=SlaForecast, responses=errs(401, 403, 422),
            dependencies=[Depends(plain_numbers(horizon_hours="number", target_hours="number"))])
def forecast(horizon_hours: float = Query(24, gt=0, le=720), target_hours: Optional[float] = TARGET,
             c: Caller = Depends(role("supervisor")), st=Depends(state)):
    """breaching: pending outputs whose deadline falls within the horizon and which the current pace does
    not reach in time (the at-risk rule). decisions_short: the most decisions the queue is behind for any
    of them (k - pace x hours to its deadline). reviewer_hours_needed = decisions_short / the median
    per-reviewer rate (decisions per on-screen hour from dwell_ms, last 28 days); null without dwell data.
    Arrivals during the horizon are not forecast."""
    return _sla(st).forecast(horizon_hours, target_hours or st.settings.sla_hours)


@router.get("/sla/breakdown", response_model=SlaBreakdown, responses=errs(401, 403, 422),
            dependencies=[Depends(plain_numbers(target_hours="number"))])
def breakdown(by: str = Query(..., regex="^(model|reason|reviewer)$"), since: Optional[str] = Query(None, max_length=64),
              until: Optional[str] = Query(None, max_length=64), target_hours: Optional[float] = TARGET,
              c: Caller = Depends(role("supervisor")), st=Depends(state)):
    """Decisions by the UTC day they were made (since rounds down to its day; until is exclusive).
    model: backlog is the current one. reason: trend = per-day counts of the 14 days ending at until
    (default today), oldest first."""
    s, u = _range(since, until)
    target = target_hours or st.settings.sla_hours
    return {"by": by, "target_hours": target, "rows": _sla(st).breakdown(by, s, u, target)}


@router.get("/sla/histogram", response_model=SlaHistogram, responses=errs(401, 403, 422),
            dependencies=[Depends(plain_numbers(target_hours="number"))])
def histogram(since: Optional[str] = Query(None, max_length=64), until: Optional[str] = Query(None, max_length=64),
              target_hours: Optional[float] = TARGET, c: Caller = Depends(role("supervisor")), st=Depends(state)):
    """Time to review of live decisions made in [since, until) (since rounds down to its hour), in fixed
    buckets (lo_s, hi_s] (the first also holds 0; the last has hi_s null)."""
    s, u = _range(since, until)
    return {"target_hours": target_hours or st.settings.sla_hours, "buckets": _sla(st).histogram(s, u)}


@router.get("/sla/leases", response_model=SlaLeases, responses=errs(401, 403))
def leases(c: Caller = Depends(role("supervisor")), st=Depends(state)):
    """Live leases per reviewer."""
    return {"reviewers": _sla(st).leases()}


@router.post("/sla/leases/release", response_model=LeaseReleaseAllResponse, responses=errs(401, 403, 404, 413, 422))
def release_leases(req: LeaseReleaseAll, c: Caller = Depends(role("supervisor")), st=Depends(state)):
    """Hands every output the reviewer holds back to the pool (audited: table lease_releases, and logged)."""
    rid = str(req.reviewer_id)
    if st.store.user_by_id(rid) is None:
        raise ApiError(404, "reviewer_id: no such user", "not-found", "reviewer_id")
    n = _sla(st).release_all(c.id, rid)
    log.info("leases released by a supervisor", extra={"supervisor": c.username, "reviewer_id": rid, "released": n})
    return {"released": n}
