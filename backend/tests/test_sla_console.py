"""The supervisor console's SLA calls against a dataset whose figures this test computes itself,
role gating and validation, and the aggregates against a full recomputation (both engines)."""
import os
from datetime import timedelta

import pytest

from conftest import assert_problem, iso, now_utc, output
from feedback_backend.db import parse_ts
from feedback_backend.sla_agg import NB, bucket_bounds, bucket_of

H = 3600.0
NEW_GETS = ["/sla/items?kind=overdue", "/sla/forecast", "/sla/breakdown?by=model", "/sla/histogram", "/sla/leases"]


def _seed(api):
    """target 48 h. Pending: 2 overdue (created 60, 50 h ago) and 5 not yet (47.5, 47 [model m2], 46, 40, 10 h
    ago: deadlines in 0.5, 1, 2, 8, 38 h). Reviewed: 12 outputs created 30 h ago, decided 2 h ago (28 h to
    review): alice approves 6 with 1 min on screen each, bob rejects 6 (reason wrong_label) with 2 min.
    Pace: 12 decisions in the last 24 h = 0.5 per hour."""
    now = now_utc()
    ago = lambda h: iso(now - timedelta(hours=h))
    a, b = api.user(name="alice"), api.user(name="bob")
    pend = api.ingest([output(0.3, created_at=ago(h), input="in-%d " % i + "x" * 300)
                       if h != 47 else output(0.3, created_at=ago(h), model_name="m2", model_version=None)
                       for i, h in enumerate((60, 50, 47.5, 47, 46, 40, 10))])
    done = api.ingest([output(0.3, created_at=ago(30)) for _ in range(12)])
    decided = now - timedelta(hours=2)
    for i, o in enumerate(done):
        if i < 6:
            r = a.decide(o["id"], approval=True, decided_at=iso(decided), dwell_ms=60_000)
        else:
            r = b.decide(o["id"], approval=False, decided_at=iso(decided), dwell_ms=120_000, reason_code="wrong_label")
        assert r.status_code == 201, r.text
    return a, b, pend, done, decided


def test_sla_console_figures(api):
    a, b, pend, done, decided = _seed(api)
    held = a.lease(limit=1)                       # the earliest deadline: the output created 60 h ago
    assert [x["id"] for x in held] == [pend[0]["id"]]
    sup = api.user("supervisor")
    g = lambda url: api.get(url, headers=sup.h)

    s = g("/sla/summary").json()
    assert (s["pending"], s["overdue"], s["reviewed"]) == (7, 2, 12)
    assert s["pace_per_hour"] == pytest.approx(0.5)
    assert (s["target_hours"], s["default_target_hours"], s["goal"]) == (48, 48, 0.95)

    ov = g("/sla/items?kind=overdue").json()
    assert ov["total"] == 2 and [x["id"] for x in ov["items"]] == [pend[0]["id"], pend[1]["id"]]
    first = ov["items"][0]
    assert first["lease_holder"] == "alice" and first["lease_expires_at"] is not None
    assert ov["items"][1]["lease_holder"] is None and ov["items"][1]["lease_expires_at"] is None
    assert first["input_preview"] == ("in-0 " + "x" * 300)[:200] and first["output_preview"] == "positive"
    assert parse_ts(first["deadline"]) - parse_ts(first["created_at"]) == timedelta(hours=48)

    # queue positions: overdue k = 0, 1; then k = 2..6 with hours to deadline 0.5, 1, 2, 8, 38 at 0.5/h:
    # reached after 4, 6, 8, 10, 12 h -> the first four are at risk
    risk = g("/sla/items?kind=at_risk").json()
    assert risk["total"] == 4 and [x["id"] for x in risk["items"]] == [p["id"] for p in pend[2:6]]
    assert g("/sla/items?kind=at_risk&within_hours=1.5").json()["total"] == 2
    assert g("/sla/items?kind=at_risk&model=m2").json()["total"] == 1
    page = g("/sla/items?kind=at_risk&sort=confidence&limit=2&offset=1").json()
    assert page["total"] == 4 and len(page["items"]) == 2
    assert g("/sla/items?kind=at_risk&model=m2").json()["items"][0]["model_version"] is None

    f = g("/sla/forecast").json()
    # shortfall k - pace x hours: 1.75, 2.5, 3, 1 -> 3 decisions; reviewer rates 60/h and 30/h, median 45/h
    assert (f["breaching"], f["pending"], f["decisions_short"]) == (4, 7, 3)
    assert f["per_reviewer_rate_per_hour"] == pytest.approx(45)
    assert f["reviewer_hours_needed"] == pytest.approx(0.1)
    assert f["sentence"] == "At the current pace, 4 outputs breach in the next 24 h; 0.1 more reviewer-hours would prevent it."
    assert g("/sla/forecast?horizon_hours=0.25").json()["sentence"] == \
        "At the current pace, no output breaches in the next 0.25 h."

    models = {(r["model_name"], r["model_version"]): r for r in g("/sla/breakdown?by=model").json()["rows"]}
    main, m2 = models[("sentiment-v3", "1.4.2")], models[("m2", None)]
    assert (main["backlog"], main["reviewed"], main["within_target_pct"], main["approval_rate"]) == (6, 12, 100.0, 0.5)
    lo, hi = bucket_bounds(bucket_of(28 * H))
    assert lo <= main["median_s"] <= hi and lo <= main["p95_s"] <= hi
    assert (m2["backlog"], m2["reviewed"], m2["within_target_pct"], m2["median_s"]) == (1, 0, None, None)

    revs = {r["username"]: r for r in g("/sla/breakdown?by=reviewer").json()["rows"]}
    assert (revs["alice"]["decisions"], revs["alice"]["per_hour_on_screen"], revs["alice"]["approval_rate"]) == (6, 60, 1.0)
    assert (revs["bob"]["decisions"], revs["bob"]["per_hour_on_screen"], revs["bob"]["approval_rate"]) == (6, 30, 0.0)
    assert revs["alice"]["reviewer_id"] == a.id and lo <= revs["bob"]["median_s"] <= hi

    reasons = g("/sla/breakdown?by=reason").json()["rows"]
    today = now_utc().replace(hour=0, minute=0, second=0, microsecond=0)
    idx = 13 - (today - decided.replace(hour=0, minute=0, second=0, microsecond=0)).days
    trend = [0] * 14
    trend[idx] = 6
    assert reasons == [{"reason_code": "wrong_label", "count": 6, "trend": trend}]
    since = iso(now_utc() + timedelta(days=1))
    assert g(f"/sla/breakdown?by=reason&since={since}").json()["rows"] == []

    hist = g("/sla/histogram").json()
    assert hist["target_hours"] == 48 and len(hist["buckets"]) == NB and hist["buckets"][-1]["hi_s"] is None
    assert [x["count"] for x in hist["buckets"]] == [12 if i == bucket_of(28 * H) else 0 for i in range(NB)]

    ts = g("/sla/timeseries?bucket=day").json()["points"]
    day = decided.replace(hour=0, minute=0, second=0, microsecond=0)
    by_day = {p["start"]: p for p in ts}
    p = by_day[day.strftime("%Y-%m-%dT00:00:00.000Z")]
    assert (p["reviewed"], p["reviewed_within_target"], p["within_target_pct"]) == (12, 12, 100.0)
    assert all(q["within_target_pct"] is None for q in ts if q["reviewed"] == 0)

    # leases: alice holds one; a supervisor hands it back (audited)
    ls = g("/sla/leases").json()["reviewers"]
    assert [(x["username"], x["held"]) for x in ls] == [("alice", 1)]
    assert ls[0]["earliest_expiry"] == ls[0]["latest_expiry"] == held[0]["lease_expires_at"]
    r = api.post("/sla/leases/release", json={"reviewer_id": a.id}, headers=sup.h)
    assert r.status_code == 200 and r.json() == {"released": 1}
    assert g("/sla/leases").json()["reviewers"] == []
    audit = api.sql("SELECT supervisor_id, reviewer_id, released FROM lease_releases")
    assert [(str(x["supervisor_id"]), str(x["reviewer_id"]), x["released"]) for x in audit] == [(sup.id, a.id, 1)]
    assert api.post("/sla/leases/release", json={"reviewer_id": a.id}, headers=sup.h).json() == {"released": 0}
    assert api.st.sla.check_aggregates() == []


def test_sla_console_roles_and_validation(api):
    sup = api.user("supervisor")
    for role in ("reviewer", "ingest"):
        u = api.user(role)
        for url in NEW_GETS:
            assert_problem(api.get(url, headers=u.h), 403)
        assert_problem(api.post("/sla/leases/release", json={"reviewer_id": u.id}, headers=u.h), 403)
    for url in NEW_GETS:
        assert_problem(api.get(url), 401)
    bad = [("/sla/items", "kind"), ("/sla/items?kind=late", "kind"), ("/sla/items?kind=overdue&sort=size", "sort"),
           ("/sla/items?kind=overdue&limit=0", "limit"), ("/sla/items?kind=overdue&limit=1001", "limit"),
           ("/sla/items?kind=overdue&offset=-1", "offset"), ("/sla/items?kind=at_risk&within_hours=0", "within_hours"),
           ("/sla/items?kind=at_risk&within_hours=%D9%A1", "within_hours"), ("/sla/items?kind=overdue&limit=1.5", "limit"),
           ("/sla/items?kind=overdue&model=", "model"), ("/sla/forecast?horizon_hours=0", "horizon_hours"),
           ("/sla/forecast?horizon_hours=nan", "horizon_hours"), ("/sla/breakdown", "by"),
           ("/sla/breakdown?by=day", "by"), ("/sla/breakdown?by=model&since=yesterday", "since"),
           ("/sla/breakdown?by=model&since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z", "since"),
           ("/sla/histogram?until=soon", "until"), ("/sla/summary?target_hours=1e9", "target_hours")]
    for url, field in bad:
        assert_problem(api.get(url, headers=sup.h), 422, field)
    assert_problem(api.post("/sla/leases/release", json={"reviewer_id": "nope"}, headers=sup.h), 422, "reviewer_id")
    assert_problem(api.post("/sla/leases/release", json={"reviewer_id": sup.id, "x": 1}, headers=sup.h), 422)
    import uuid
    assert_problem(api.post("/sla/leases/release", json={"reviewer_id": str(uuid.uuid4())}, headers=sup.h), 404,
                   "reviewer_id")
    empty = api.get("/sla/forecast", headers=sup.h).json()
    assert (empty["breaching"], empty["pending"], empty["pace_per_hour"]) == (0, 0, 0)
    assert api.get("/sla/items?kind=at_risk", headers=sup.h).json() == {"items": [], "total": 0}
    assert api.get("/sla/breakdown?by=reviewer", headers=sup.h).json()["rows"] == []


def test_lease_ceiling_per_reviewer(api):
    api.st.settings.max_held_per_reviewer = 5
    try:
        api.ingest([output(0.2) for _ in range(12)])
        r = api.user()
        assert len(r.lease(limit=3)) == 3
        assert len(r.lease(limit=10)) == 5            # 3 renewed + 2 new: never more than 5 held
        assert len(r.lease(limit=10, include_held=False)) == 0
        other = api.user()
        assert len(other.lease(limit=10)) == 5
    finally:
        api.st.settings.max_held_per_reviewer = 2000
