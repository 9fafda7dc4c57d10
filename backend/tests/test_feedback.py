import json
import uuid
from datetime import timedelta

from conftest import assert_problem, iso, now_utc, output


def test_seed_body_201_and_idempotent_replay(api):
    (o,) = api.ingest([output(0.3)])
    r = api.user()
    r.lease()
    key = str(uuid.uuid4())
    dec = iso(now_utc() - timedelta(seconds=5))
    a = r.decide(o["id"], approval=False, key=key, decided_at=dec, correction="negative", comment="wrong label", dwell_ms=1234)
    assert a.status_code == 201, a.text
    fb = a.json()
    assert fb["model_output_id"] == o["id"] and fb["reviewer_id"] == r.id and fb["approval"] is False
    assert fb["correction"] == "negative" and fb["comment"] == "wrong label" and fb["dwell_ms"] == 1234
    assert fb["retracted_at"] is None and fb["decided_at"] == dec[:23] + "Z"
    b = r.decide(o["id"], approval=False, key=key, decided_at=dec, correction="negative", comment="wrong label", dwell_ms=1234)
    assert b.status_code == 201 and b.json() == fb
    assert api.sql("SELECT COUNT(*) AS n FROM feedback")[0]["n"] == 1
    # same key, other body -> 422
    assert_problem(r.decide(o["id"], approval=True, key=key, decided_at=dec), 422, "Idempotency-Key")
    # the output is reviewed now: not leasable
    assert r.lease() == [] and api.user().lease() == []
    assert_problem(r.decide(o["id"], key="nope"), 422, "Idempotency-Key")


def test_conflict_when_another_reviewer_decided(api):
    (o,) = api.ingest([output(0.3)])
    r1, r2 = api.user(), api.user()
    assert r1.decide(o["id"]).status_code == 201
    key, t = str(uuid.uuid4()), iso(now_utc())
    b = assert_problem(r2.decide(o["id"], key=key, decided_at=t), 409)
    assert b["type"].endswith("already-decided")
    assert assert_problem(r2.decide(o["id"], key=key, decided_at=t), 409) == b  # replayed
    assert_problem(r1.decide(o["id"]), 409)  # own second decision needs a retract first


def test_conflict_says_who_decided_first_and_what(api):
    (o,) = api.ingest([output(0.3)])
    r1, r2 = api.user(), api.user()
    first_at = iso(now_utc() - timedelta(minutes=2))
    first = r1.decide(o["id"], approval=False, decided_at=first_at, comment="private note", correction="secret")
    assert first.status_code == 201, first.text
    key, t = str(uuid.uuid4()), iso(now_utc())
    b = assert_problem(r2.decide(o["id"], key=key, decided_at=t), 409)
    assert b["decided_by"] == {"username": r1.name, "display_name": r1.name.title()}
    assert b["decision"] == {"approval": False, "decided_at": first.json()["decided_at"]}
    # only who and what: no reviewer id, no comment or correction of the colleague
    assert r1.id not in json.dumps(b) and "private note" not in json.dumps(b) and "secret" not in json.dumps(b)
    assert assert_problem(r2.decide(o["id"], key=key, decided_at=t), 409) == b  # replayed
    # the batch's conflict result carries the same
    r = api.post("/feedback/batch", json={"items": [_item(r2, o["id"])]}, headers=r2.h)
    (res,) = r.json()["results"]
    assert res["status"] == "conflict" and res["decided_by"] == b["decided_by"] and res["decision"] == b["decision"]
    # one's own earlier decision names no one
    own = assert_problem(r1.decide(o["id"]), 409)
    assert "decided_by" not in own and own["existing_feedback_id"] == first.json()["id"]


def test_late_decision_after_lease_expiry(api):
    (o,) = api.ingest([output(0.3)])
    r1, r2 = api.user(), api.user()
    r1.lease(lease_seconds=60)
    api.sql("UPDATE model_outputs SET lease_expires_at = :t", {"t": api.ts(now_utc() - timedelta(minutes=1))})
    assert [x["id"] for x in r2.lease()] == [o["id"]]   # it went back to the pool, r2 holds it now
    key, dec = str(uuid.uuid4()), iso(now_utc() - timedelta(minutes=3))
    held = assert_problem(r1.decide(o["id"], key=key, decided_at=dec), 409, "model_output_id")
    assert held["type"].endswith("leased-by-another") and held["lease_expires_at"] in held["detail"]
    # r2's lease ends: nobody holds it, so r1's late (offline) decision is accepted on retry, same key
    api.sql("UPDATE model_outputs SET lease_expires_at = :t", {"t": api.ts(now_utc() - timedelta(seconds=1))})
    late = r1.decide(o["id"], key=key, decided_at=dec)
    assert late.status_code == 201, late.text
    assert r2.lease() == []
    assert_problem(r2.decide(o["id"]), 409)


def test_reviewer_may_only_submit_as_themself(api):
    (o,) = api.ingest([output(0.3)])
    r1, r2 = api.user(), api.user()
    body = {"model_output_id": o["id"], "reviewer_id": r2.id, "approval": True, "correction": "", "comment": "",
            "decided_at": iso(now_utc())}
    assert_problem(api.post("/feedback/", json=body, headers=dict(r1.h, **{"Idempotency-Key": str(uuid.uuid4())})), 403, "reviewer_id")
    for role in ("supervisor", "ingest"):
        u = api.user(role)
        body["reviewer_id"] = u.id
        assert_problem(api.post("/feedback/", json=body, headers=u.h), 403)
        assert_problem(api.post("/feedback/batch", json={"items": [dict(body, idempotency_key=str(uuid.uuid4()))]}, headers=u.h), 403)
    assert api.sql("SELECT COUNT(*) AS n FROM feedback")[0]["n"] == 0


def test_feedback_validation(api):
    (o,) = api.ingest([output(0.3)])
    r = api.user()
    assert_problem(r.decide(str(uuid.uuid4())), 404, "model_output_id")
    assert_problem(r.decide(o["id"], decided_at=iso(now_utc() + timedelta(minutes=10))), 422, "decided_at")
    assert r.decide(o["id"], decided_at=iso(now_utc() + timedelta(minutes=1))).status_code == 201  # small skew ok
    for k, v in (("approval", "yes"), ("approval", 1), ("comment", 5), ("decided_at", "yesterday"),
                 ("decided_at", 1700000000), ("model_output_id", "x"), ("dwell_ms", -1), ("comment", "c" * 20001)):
        assert_problem(r.decide(o["id"], **{k: v}), 422, k)


def test_retract(api):
    (o,) = api.ingest([output(0.3)])
    r1, r2 = api.user(), api.user()
    fb = r1.decide(o["id"]).json()
    assert_problem(api.post(f"/feedback/{fb['id']}/retract", headers=r2.h), 403)
    assert_problem(api.post(f"/feedback/{fb['id']}/retract", headers=api.user("supervisor").h), 403)
    assert_problem(api.post(f"/feedback/{uuid.uuid4()}/retract", headers=r1.h), 404)
    assert_problem(api.post("/feedback/not-a-uuid/retract", headers=r1.h), 422, "feedback_id")
    r = api.post(f"/feedback/{fb['id']}/retract", headers=r1.h)
    assert r.status_code == 200 and r.json()["retracted_at"] and r.json()["id"] == fb["id"]
    again = api.post(f"/feedback/{fb['id']}/retract", headers=r1.h)
    assert again.status_code == 200 and again.json()["retracted_at"] == r.json()["retracted_at"]
    # needs review again, held by the reviewer who undid it; nothing deleted
    assert r2.lease() == []
    again = r1.lease()
    assert [x["id"] for x in again] == [o["id"]] and again[0]["status"] == "leased"
    api.sql("UPDATE model_outputs SET lease_expires_at = :t", {"t": api.ts(now_utc() - timedelta(seconds=1))})
    assert [x["id"] for x in r2.lease()] == [o["id"]]
    assert r2.decide(o["id"], approval=False).status_code == 201
    rows = api.sql("SELECT retracted_at FROM feedback ORDER BY seq")
    assert len(rows) == 2 and rows[0]["retracted_at"] is not None and rows[1]["retracted_at"] is None


def _item(r, oid, key=None, **kw):
    d = {"idempotency_key": key or str(uuid.uuid4()), "model_output_id": oid, "reviewer_id": r.id, "approval": True,
         "correction": "", "comment": "", "decided_at": iso(now_utc())}
    d.update(kw)
    return d


def test_batch_one_answer_per_item(api):
    outs = api.ingest([output(0.1 * i) for i in range(1, 6)])
    r1, r2 = api.user(), api.user()
    taken = r2.decide(outs[4]["id"]).json()
    single_key, earlier = str(uuid.uuid4()), iso(now_utc() - timedelta(minutes=1))
    assert r1.decide(outs[3]["id"], key=single_key, approval=False, decided_at=earlier).status_code == 201
    k0, t0 = str(uuid.uuid4()), iso(now_utc())
    items = [
        _item(r1, outs[0]["id"], k0, decided_at=t0),                  # accepted
        _item(r1, outs[1]["id"], comment="n" * 20001),                # invalid: comment too long
        _item(r1, outs[4]["id"]),                                     # conflict
        _item(r1, str(uuid.uuid4())),                                 # invalid: unknown output
        _item(r1, outs[2]["id"], reviewer_id=r2.id),                  # invalid: not yourself
        {"idempotency_key": str(uuid.uuid4()), "approval": "maybe"},  # invalid: types
        _item(r1, outs[3]["id"], single_key, approval=False, decided_at=earlier),  # duplicate of single call
        _item(r1, outs[0]["id"], k0, decided_at=t0),                  # same key twice in one batch -> duplicate
        _item(r1, outs[2]["id"], k0),                                 # same key, other body -> invalid
        "not an object",
    ]
    r = api.post("/feedback/batch", json={"items": items}, headers=r1.h)
    assert r.status_code == 200, r.text
    res = r.json()["results"]
    assert [x["status"] for x in res] == ["accepted", "invalid", "conflict", "invalid", "invalid", "invalid",
                                          "duplicate", "duplicate", "invalid", "invalid"]
    assert [x.get("field") for x in res][1:6] == ["comment", "model_output_id", "model_output_id", "reviewer_id", "approval"]
    assert res[0]["feedback"]["model_output_id"] == outs[0]["id"]
    assert res[7]["feedback"] == res[0]["feedback"]
    assert res[6]["feedback"]["approval"] is False
    assert all(x["reason"] for x in res if x["status"] in ("invalid", "conflict"))
    # retry of the whole batch: nothing applied twice
    r = api.post("/feedback/batch", json={"items": items}, headers=r1.h)
    assert [x["status"] for x in r.json()["results"]][:3] == ["duplicate", "invalid", "conflict"]
    assert api.sql("SELECT COUNT(*) AS n FROM feedback")[0]["n"] == 3
    assert taken["reviewer_id"] == r2.id


def test_batch_limits(api):
    r = api.user()
    assert_problem(api.post("/feedback/batch", json={"items": []}, headers=r.h), 422, "items")
    items = [_item(r, str(uuid.uuid4())) for _ in range(501)]
    assert_problem(api.post("/feedback/batch", json={"items": items}, headers=r.h), 422, "items")
    assert_problem(api.post("/feedback/batch", json=[1], headers=r.h), 422)


def test_batch_500_accepted(api):
    outs = api.ingest([output(0.5) for _ in range(500)])
    r = api.user()
    res = api.post("/feedback/batch", json={"items": [_item(r, o["id"]) for o in outs]}, headers=r.h).json()["results"]
    assert len(res) == 500 and {x["status"] for x in res} == {"accepted"}
    assert len({x["feedback"]["id"] for x in res}) == 500


def test_export_cursor_and_retraction(api):
    outs = api.ingest([output(0.2, input=f"in {i}") for i in range(3)])
    r = api.user()
    fbs = [r.decide(o["id"]).json() for o in outs]
    for role in ("reviewer",):
        assert_problem(api.get("/feedback/export", headers=api.user(role).h), 403)
    for role in ("supervisor", "ingest"):
        u = api.user(role)
        first = api.get("/feedback/export?limit=2", headers=u.h)
        assert first.status_code == 200 and first.headers["content-type"].startswith("application/x-ndjson")
        lines = [json.loads(x) for x in first.text.splitlines()]
        assert [x["feedback_id"] for x in lines] == [fbs[0]["id"], fbs[1]["id"]]
        assert lines[0]["input"] == "in 0" and lines[0]["reviewer"] == r.name and lines[0]["model_name"] == "sentiment-v3"
        cur = first.headers["x-next-cursor"]
        rest = api.get(f"/feedback/export?since={cur}", headers=u.h)
        assert [json.loads(x)["feedback_id"] for x in rest.text.splitlines()] == [fbs[2]["id"]]
        cur = rest.headers["x-next-cursor"]
        assert api.get(f"/feedback/export?since={cur}", headers=u.h).text == ""
    api.post(f"/feedback/{fbs[0]['id']}/retract", headers=r.h)
    again = api.get(f"/feedback/export?since={cur}", headers=u.h)
    (line,) = [json.loads(x) for x in again.text.splitlines()]
    assert line["feedback_id"] == fbs[0]["id"] and line["retracted_at"]
    assert_problem(api.get("/feedback/export?since=abc", headers=u.h), 422, "since")


def test_concurrent_decisions_on_one_output_one_wins(api):
    import threading
    outs = api.ingest([output(0.3) for _ in range(5)])
    users = [api.user() for _ in range(8)]
    results, barrier = [], threading.Barrier(len(users))
    dec = now_utc()

    def go(u):
        barrier.wait()
        items = [{"key": str(uuid.uuid4()), "hash": "h" + u.id,
                  "body": {"model_output_id": o["id"], "reviewer_id": u.id, "approval": True, "correction": "",
                           "comment": "", "decided_at": dec, "dwell_ms": None}} for o in outs]
        results.append((u.id, api.st.store.submit_feedback(u.id, items)))
    ts = [threading.Thread(target=go, args=(u,)) for u in users]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert len(results) == len(users)
    for k in range(len(outs)):
        kinds = [res[k][0] for _, res in results]
        assert kinds.count("accepted") == 1 and kinds.count("conflict") == len(users) - 1, kinds
    live = api.sql("SELECT COUNT(*) AS n FROM feedback WHERE retracted_at IS NULL")[0]["n"]
    assert live == len(outs)


def test_idempotency_keys_live_at_least_7_days(api):
    (o,) = api.ingest([output(0.3)])
    r1, r2 = api.user(), api.user()
    assert r1.decide(o["id"]).status_code == 201
    key, t = str(uuid.uuid4()), iso(now_utc())
    assert r2.decide(o["id"], key=key, decided_at=t).status_code == 409
    assert api.st.settings.idempotency_days >= 7
    api.sql("UPDATE idempotency_keys SET created_at = :t", {"t": api.ts(now_utc() - timedelta(days=6, hours=23))})
    assert api.st.store.purge_idempotency(api.st.settings.idempotency_days) == 0
    assert r2.decide(o["id"], key=key, decided_at=t).status_code == 409
    api.sql("UPDATE idempotency_keys SET created_at = :t", {"t": api.ts(now_utc() - timedelta(days=9))})
    assert api.st.store.purge_idempotency(api.st.settings.idempotency_days) == 1


def test_export_waits_for_changes_to_settle_on_postgres(api):
    (o,) = api.ingest([output(0.3)])
    r, sup = api.user(), api.user("supervisor")
    fb = r.decide(o["id"]).json()
    api.st.settings.export_settle_seconds = 60
    try:
        body = api.get("/feedback/export", headers=sup.h)
        if api.engine == "postgres":   # not settled yet: held back, cursor unchanged
            assert body.text == "" and body.headers["x-next-cursor"] == "0"
            api.sql("UPDATE feedback SET received_at = :t", {"t": api.ts(now_utc() - timedelta(minutes=2))})
            body = api.get("/feedback/export", headers=sup.h)
        assert [json.loads(x)["feedback_id"] for x in body.text.splitlines()] == [fb["id"]]
    finally:
        api.st.settings.export_settle_seconds = 0
