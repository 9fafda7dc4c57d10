"""Every call with every role (and without a token): the wrong role is a 403 problem, no token a 401."""
import uuid

import pytest

from conftest import assert_problem, iso, now_utc, output

ROLES = ("reviewer", "supervisor", "ingest")


def calls(oid, fid):
    fb = {"model_output_id": oid, "reviewer_id": "{me}", "approval": True, "correction": "", "comment": "",
          "decided_at": iso(now_utc())}
    return [
        ("GET", "/me", None, ROLES),
        ("POST", "/outputs", output(0.5), ("ingest",)),
        ("POST", "/outputs/lease", {"limit": 1}, ("reviewer",)),
        ("POST", "/outputs/release", {"ids": [oid]}, ("reviewer",)),
        ("POST", "/feedback/", fb, ("reviewer",)),
        ("POST", "/feedback/batch", {"items": [dict(fb, idempotency_key=str(uuid.uuid4()))]}, ("reviewer",)),
        ("POST", f"/feedback/{fid}/retract", None, ("reviewer",)),
        ("GET", "/sla/summary", None, ("supervisor",)),
        ("GET", "/sla/timeseries", None, ("supervisor",)),
        ("GET", "/feedback/export", None, ("supervisor", "ingest")),
    ]


def _fill(v, me):
    if isinstance(v, dict):
        return {k: _fill(x, me) for k, x in v.items()}
    if isinstance(v, list):
        return [_fill(x, me) for x in v]
    return me if v == "{me}" else v


def test_role_matrix(api):
    (o,) = api.ingest([output(0.3)])
    owner = api.user("reviewer")
    fid = owner.decide(o["id"]).json()["id"]
    users = {r: api.user(r) for r in ROLES}
    for method, path, body, allowed in calls(o["id"], fid):
        r = api.c.request(method, path, json=body)
        assert_problem(r, 401)
        for role, u in users.items():
            r = api.c.request(method, path, json=_fill(body, u.id), headers=u.h)
            if role in allowed:
                assert r.status_code not in (401, 403) or (path.endswith("/retract") and r.status_code == 403), (method, path, role, r.text)
            else:
                b = assert_problem(r, 403)
                assert role in b["detail"], b
    # the retract above by a reviewer who does not own the feedback was a 403: ownership, not role
    assert api.get(f"/feedback/export", headers=users["supervisor"].h).text.count(fid) == 1
    assert api.sql("SELECT retracted_at FROM feedback WHERE id = :i", {"i": fid})[0]["retracted_at"] is None
