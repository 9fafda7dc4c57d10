"""Issue 9: the seed's own body, lease and time rules for decisions, reason codes, change-my-decision."""
import json
import uuid
from datetime import timedelta

from conftest import assert_problem, iso, now_utc, output

SEED_FORM = ('{"model_output_id":"%s","reviewer_id":"%s","approval":true,"correction":"","comment":""}')


def test_seed_form_body_byte_for_byte(api):
    """FeedbackForm.jsx: JSON.stringify({model_output_id, reviewer_id, approval, correction, comment}),
    Content-Type: application/json, no decided_at, no Idempotency-Key."""
    (o,) = api.ingest([output(0.3)])
    r = api.user()
    before = now_utc()
    body = (SEED_FORM % (o["id"], r.id)).encode("utf-8")
    a = api.post("/feedback/", content=body, headers=dict(r.h, **{"Content-Type": "application/json"}))
    assert a.status_code == 201, a.text
    fb = a.json()
    assert fb["approval"] is True and fb["reviewer_id"] == r.id and fb["idempotency_key"]
    assert iso(before)[:19] <= fb["decided_at"][:19] <= fb["received_at"][:23] + "Z"  # the time it was received
    # without a key it is not replayable: the same body again is a second decision -> 409 (own decision)
    b = assert_problem(api.post("/feedback/", content=body, headers=dict(r.h, **{"Content-Type": "application/json"})), 409)
    assert b["existing_feedback_id"] == fb["id"]


def test_batch_items_may_omit_reviewer_id_and_decided_at(api):
    outs = api.ingest([output(0.3), output(0.3)])
    r = api.user()
    key = str(uuid.uuid4())
    items = [{"idempotency_key": key, "model_output_id": outs[0]["id"], "approval": False},
             {"idempotency_key": str(uuid.uuid4()), "model_output_id": outs[1]["id"], "approval": True,
              "comment": "x", "reason_code": "off_topic"}]
    res = api.post("/feedback/batch", json={"items": items}, headers=r.h).json()["results"]
    assert [x["status"] for x in res] == ["accepted", "accepted"], res
    assert res[0]["feedback"]["reviewer_id"] == r.id and res[1]["feedback"]["reason_code"] == "off_topic"
    again = api.post("/feedback/batch", json={"items": items[:1]}, headers=r.h).json()["results"]
    assert again[0]["status"] == "duplicate" and again[0]["feedback"] == res[0]["feedback"]


def test_deciding_an_output_another_reviewer_holds_is_409_naming_the_expiry(api):
    (o,) = api.ingest([output(0.3)])
    holder, other = api.user(), api.user()
    (held,) = holder.lease(lease_seconds=600)
    b = assert_problem(other.decide(o["id"]), 409, "model_output_id")
    assert b["lease_expires_at"] == held["lease_expires_at"] and held["lease_expires_at"] in b["detail"]
    item = {"idempotency_key": str(uuid.uuid4()), "model_output_id": o["id"], "approval": True}
    (res,) = api.post("/feedback/batch", json={"items": [item]}, headers=other.h).json()["results"]
    assert res["status"] == "conflict" and held["lease_expires_at"] in res["reason"]
    assert res["lease_expires_at"] == held["lease_expires_at"]
    # the holder's lease is intact, and the holder decides
    assert api.sql("SELECT lease_owner FROM model_outputs")[0]["lease_owner"] is not None
    assert holder.decide(o["id"]).status_code == 201
    # nobody holds it: deciding without a lease stays possible
    (o2,) = api.ingest([output(0.3)])
    assert other.decide(o2["id"]).status_code == 201


def test_decided_at_not_before_the_output_nor_before_the_own_lease(api):
    skew = timedelta(seconds=api.st.settings.clock_skew_seconds)
    created = now_utc() - timedelta(hours=5)
    (o,) = api.ingest([output(0.3, created_at=iso(created))])
    r = api.user()
    b = assert_problem(r.decide(o["id"], decided_at=iso(created - skew - timedelta(minutes=1))), 422, "decided_at")
    assert "created" in b["detail"]
    r.lease()
    granted = api.sql("SELECT lease_granted_at FROM model_outputs")[0]["lease_granted_at"]
    assert granted is not None
    b = assert_problem(r.decide(o["id"], decided_at=iso(now_utc() - skew - timedelta(minutes=5))), 422, "decided_at")
    assert "lease" in b["detail"]
    # offline: decided under the lease, synced long after it expired (and after a renewal): accepted
    dec = iso(now_utc())
    api.sql("UPDATE model_outputs SET lease_expires_at = :t", {"t": api.ts(now_utc() - timedelta(hours=2))})
    r.lease()  # the same reviewer leases it again: the first grant stays
    assert api.sql("SELECT lease_granted_at FROM model_outputs")[0]["lease_granted_at"] == granted
    assert r.decide(o["id"], decided_at=dec).status_code == 201


def test_lease_bound_uses_the_deciding_reviewers_lease_only(api):
    (o,) = api.ingest([output(0.3, created_at=iso(now_utc() - timedelta(hours=3)))])
    r1, r2 = api.user(), api.user()
    r1.lease()
    dec = iso(now_utc())                                   # r1 decides offline under its lease
    api.sql("UPDATE model_outputs SET lease_expires_at = :t", {"t": api.ts(now_utc() - timedelta(seconds=1))})
    api.sql("UPDATE model_outputs SET lease_granted_at = :t", {"t": api.ts(now_utc() - timedelta(hours=1))})
    r2.lease()                                              # r2's lease, granted later than r1's decision...
    api.sql("UPDATE model_outputs SET lease_granted_at = :g, lease_expires_at = :t",
            {"g": api.ts(now_utc() + timedelta(hours=1)), "t": api.ts(now_utc() - timedelta(seconds=1))})
    assert r1.decide(o["id"], decided_at=dec).status_code == 201   # ...does not bound r1's decision


def test_replaces_changes_ones_own_decision_in_one_step(api):
    (o,) = api.ingest([output(0.3)])
    r, other = api.user(), api.user()
    first = r.decide(o["id"], approval=True).json()
    assert_problem(other.decide(o["id"], replaces=first["id"]), 403, "replaces")
    assert_problem(r.decide(o["id"], replaces=str(uuid.uuid4())), 404, "replaces")
    (o2,) = api.ingest([output(0.3)])
    assert_problem(r.decide(o2["id"], replaces=first["id"]), 422, "replaces")
    second = r.decide(o["id"], approval=False, replaces=first["id"], reason_code="wrong-label")
    assert second.status_code == 201, second.text
    s = second.json()
    assert s["replaces"] == first["id"] and s["reason_code"] == "wrong-label" and s["approval"] is False
    rows = api.sql("SELECT CAST(id AS text) AS id, retracted_at FROM feedback ORDER BY seq")
    assert [x["id"] for x in rows] == [first["id"], s["id"]]
    assert rows[0]["retracted_at"] is not None and rows[1]["retracted_at"] is None
    st = api.sql("SELECT review_state, lease_owner FROM model_outputs WHERE id = :id", {"id": o["id"]})[0]
    assert st["review_state"] == "reviewed" and st["lease_owner"] is None
    # the first one is gone: replacing it again is a conflict; batch too
    assert_problem(r.decide(o["id"], replaces=first["id"]), 409, "replaces")
    item = {"idempotency_key": str(uuid.uuid4()), "model_output_id": o["id"], "approval": True, "replaces": s["id"]}
    (res,) = api.post("/feedback/batch", json={"items": [item]}, headers=r.h).json()["results"]
    assert res["status"] == "accepted" and res["feedback"]["replaces"] == s["id"]
    sup = api.user("supervisor")
    lines = [json.loads(x) for x in api.get("/feedback/export", headers=sup.h).text.splitlines()]
    assert [(x["feedback_id"], x["retracted_at"] is not None) for x in lines][-2:] == [(s["id"], True),
                                                                                      (res["feedback"]["id"], False)]
    assert lines[-1]["replaces"] == s["id"]
    assert any(x["reason_code"] == "wrong-label" for x in lines)


def test_reason_code_is_a_bounded_stable_id(api):
    (o,) = api.ingest([output(0.3)])
    r = api.user()
    for bad in ("Off topic", "x" * 65, "", "é", 5, "a\x00"):
        assert_problem(r.decide(o["id"], reason_code=bad), 422, "reason_code")
    assert r.decide(o["id"], reason_code="off_topic-2").json()["reason_code"] == "off_topic-2"


def test_replace_racing_a_retract_of_the_same_feedback(api):
    """Both lock the output before the feedback: no deadlock, and at most one live decision."""
    import threading
    outs = [o["id"] for o in api.ingest([output(0.3) for _ in range(8)])]
    r = api.user()
    fbs = [r.decide(o).json()["id"] for o in outs]
    errors, barrier = [], threading.Barrier(2)

    def retract(fid):
        barrier.wait()
        try:
            api.st.store.retract(fid, r.id)
        except Exception as e:  # noqa: BLE001 - the assertion below reports it
            errors.append(e)

    def replace(oid, fid):
        barrier.wait()
        body = {"model_output_id": oid, "reviewer_id": r.id, "approval": False, "correction": "", "comment": "",
                "decided_at": now_utc(), "dwell_ms": None, "reason_code": None, "replaces": fid}
        try:
            api.st.store.submit_feedback(r.id, [{"key": str(uuid.uuid4()), "hash": "h", "body": body}])
        except Exception as e:  # noqa: BLE001
            errors.append(e)
    for oid, fid in zip(outs, fbs):
        ts = [threading.Thread(target=retract, args=(fid,)), threading.Thread(target=replace, args=(oid, fid))]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
    assert errors == []
    per = api.sql("SELECT CAST(model_output_id AS text) AS o, COUNT(*) AS n FROM feedback WHERE retracted_at IS NULL "
                  "GROUP BY model_output_id")
    assert all(x["n"] == 1 for x in per)
