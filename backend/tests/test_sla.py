"""SLA numbers against a seeded dataset whose answers are computed by hand (target 48 h)."""
from datetime import timedelta

import pytest

from conftest import assert_problem, iso, now_utc, output
from feedback_backend.sla_agg import bucket_bounds, bucket_of

H = 3600.0


def in_buckets(v, a_s, b_s):
    """v lies between the bucket holding sample a and the one holding sample b (the histogram's accuracy)."""
    lo = bucket_bounds(bucket_of(a_s))[0]
    hi = bucket_bounds(bucket_of(b_s))[1]
    return v is not None and lo <= v <= (hi if hi is not None else float("inf"))


def _seed(api):
    now = now_utc()
    ago = lambda h: iso(now - timedelta(hours=h))
    a, b = api.user(name="alice"), api.user(name="bob")
    # (created h ago, decided h ago, approval, who)
    reviewed = [(100, 90, True, a), (80, 20, False, a), (50, 49, True, b), (30, 10, True, b), (10, 9.5, True, a),
                (300, 250, False, b)]
    outs = api.ingest([output(0.3, created_at=ago(c)) for c, _, _, _ in reviewed]
                      + [output(0.3, created_at=ago(h)) for h in (60, 5, 200, 400)]     # pending
                      + [output(0.3, created_at=ago(20)), output(0.9, created_at=ago(20))])
    for o, (c, d, ok, who) in zip(outs, reviewed):
        assert who.decide(o["id"], approval=ok, decided_at=ago(d)).status_code == 201
    fb = a.decide(outs[10]["id"], decided_at=ago(1)).json()           # retracted: pending again
    assert api.post(f"/feedback/{fb['id']}/retract", headers=a.h).status_code == 200
    assert a.decide(outs[11]["id"], decided_at=ago(1)).status_code == 201  # not flagged: not counted
    return a, b


def test_sla_summary_by_hand(api):
    a, b = _seed(api)
    sup = api.user("supervisor")
    r = api.get("/sla/summary", headers=sup.h)
    assert r.status_code == 200, r.text
    s = r.json()
    assert s["target_hours"] == 48
    assert s["pending"] == 5                      # 60, 5, 200, 400 h and the retracted one
    assert s["overdue"] == 3                      # 60, 200, 400 h
    assert s["oldest_pending_age_seconds"] == pytest.approx(400 * H, abs=30)
    assert s["reviewed"] == 6
    # ttr sorted: 0.5, 1, 10, 20, 50, 60 h; within 48 h: 4; denominators add overdue pending
    assert s["reviewed_within_target_pct_all"] == pytest.approx(100 * 4 / (6 + 3), abs=1e-3)
    # last 7 days: 5 decided (not the one 250 h ago), 4 within; overdue pending with deadline in 7 d: 60 h, 200 h
    assert s["reviewed_within_target_pct_7d"] == pytest.approx(100 * 4 / (5 + 2), abs=1e-3)
    # exact: (10 + 20) / 2 h and 50 + 0.75 * 10 h; from the histogram, within the buckets of those samples
    assert in_buckets(s["median_time_to_review_seconds"], 10 * H, 20 * H)
    assert in_buckets(s["p95_time_to_review_seconds"], 50 * H, 60 * H)
    assert s["default_target_hours"] == 48 and s["goal"] == 0.95
    assert s["approval_rate"] == pytest.approx(4 / 6, abs=1e-5)
    per = {x["username"]: x for x in s["reviewers"]}
    assert set(per) == {"alice", "bob"}
    assert (per["alice"]["reviewed"], per["alice"]["approved"]) == (3, 2)
    assert in_buckets(per["alice"]["median_seconds"], 10 * H, 10 * H)              # 0.5, 10, 60 h
    assert (per["bob"]["reviewed"], per["bob"]["approved"]) == (3, 2)
    assert in_buckets(per["bob"]["median_seconds"], 20 * H, 20 * H)                # 1, 20, 50 h
    assert per["alice"]["reviewer_id"] == a.id
    # another target: 12 h -> within: 0.5, 1, 10 h = 3; overdue pending: 60, 200, 400, 20 h = 4
    s12 = api.get("/sla/summary?target_hours=12", headers=sup.h).json()
    assert s12["overdue"] == 4
    assert s12["reviewed_within_target_pct_all"] == pytest.approx(100 * 3 / (6 + 4), abs=1e-3)


def test_sla_empty_and_roles(api):
    sup = api.user("supervisor")
    s = api.get("/sla/summary", headers=sup.h).json()
    assert s["pending"] == 0 and s["reviewed"] == 0 and s["median_time_to_review_seconds"] is None
    assert s["reviewers"] == [] and s["reviewed_within_target_pct_all"] is None
    for role in ("reviewer", "ingest"):
        u = api.user(role)
        assert_problem(api.get("/sla/summary", headers=u.h), 403)
        assert_problem(api.get("/sla/timeseries", headers=u.h), 403)
    assert_problem(api.get("/sla/summary?target_hours=0", headers=sup.h), 422, "target_hours")
    assert_problem(api.get("/sla/timeseries?bucket=week", headers=sup.h), 422, "bucket")
    assert_problem(api.get("/sla/timeseries?since=yesterday", headers=sup.h), 422, "since")


def test_sla_timeseries_by_hand(api):
    r = api.user()
    x0, x1, x2, x3 = api.ingest([output(0.2, created_at="2026-01-09T12:00:00Z"), output(0.2, created_at="2026-01-10T01:00:00Z"),
                                 output(0.2, created_at="2026-01-10T23:00:00Z"), output(0.2, created_at="2026-01-11T05:00:00+00:00")])
    api.ingest([output(0.99, created_at="2026-01-10T02:00:00Z")])  # not flagged
    for o, d in ((x0, "2026-01-10T06:00:00Z"), (x1, "2026-01-11T02:00:00Z"), (x2, "2026-01-13T10:00:00Z")):
        assert r.decide(o["id"], decided_at=d).status_code == 201
    sup = api.user("supervisor")
    t = api.get("/sla/timeseries?bucket=day&since=2026-01-10T00:00:00Z&until=2026-01-14T00:00:00Z", headers=sup.h)
    assert t.status_code == 200, t.text
    pts = [(p["start"], p["arrivals"], p["reviewed"], p["reviewed_within_target"], p["backlog"]) for p in t.json()["points"]]
    assert pts == [("2026-01-10T00:00:00.000Z", 2, 1, 1, 2), ("2026-01-11T00:00:00.000Z", 1, 1, 1, 2),
                   ("2026-01-12T00:00:00.000Z", 0, 0, 0, 2), ("2026-01-13T00:00:00.000Z", 0, 1, 0, 1)]
    t = api.get("/sla/timeseries?bucket=hour&since=2026-01-10T00:00:00Z&until=2026-01-10T03:00:00Z", headers=sup.h)
    pts = [(p["start"][11:16], p["arrivals"], p["backlog"]) for p in t.json()["points"]]
    assert pts == [("00:00", 0, 1), ("01:00", 1, 2), ("02:00", 0, 2)]
