import json
import uuid
from datetime import timedelta

from conftest import assert_problem, iso, now_utc, output


def test_ingest_one_and_list(api):
    ing = api.user("ingest")
    r = api.post("/outputs", json=output(0.41, metadata={"k": [1, 2]}), headers=ing.h)
    assert r.status_code == 201, r.text
    (o,) = r.json()["items"]
    assert o["needs_review"] is True and o["status"] == "pending" and o["metadata"] == {"k": [1, 2]}
    assert o["sla_deadline"].endswith("Z") and o["created_at"].endswith("Z")
    oid = str(uuid.uuid4())
    items = api.ingest([output(0.79, id=oid), output(0.8), output(0.95, created_at="2026-01-02T03:04:05+02:00")], ing)
    assert [i["needs_review"] for i in items] == [True, False, False]
    assert [i["status"] for i in items] == ["pending", "not_needed", "not_needed"]
    assert items[0]["id"] == oid
    assert items[2]["created_at"] == "2026-01-02T01:04:05.000Z"
    assert items[2]["sla_deadline"] == "2026-01-04T01:04:05.000Z"
    assert_problem(api.post("/outputs", json=output(0.5, id=oid), headers=ing.h), 409, "id")
    assert_problem(api.post("/outputs", json=[output(id=oid.replace(oid[0], "a", 1))] * 2, headers=ing.h), 409)


def test_ingest_needs_ingest_role(api):
    for role in ("reviewer", "supervisor"):
        assert_problem(api.post("/outputs", json=output(), headers=api.user(role).h), 403)
    assert_problem(api.post("/outputs", json=output()), 401)


def test_lease_order_own_first_then_deadline_then_confidence(api):
    now = now_utc()
    t = lambda h: iso(now - timedelta(hours=h))
    a, b, c, d, e = api.ingest([output(0.7, created_at=t(10)), output(0.2, created_at=t(30)),
                                output(0.6, created_at=t(30)), output(0.1, created_at=t(1)),
                                output(0.95, created_at=t(40))])
    r1, r2 = api.user(), api.user()
    got = r1.lease(limit=1)
    assert [x["id"] for x in got] == [b["id"]]          # earliest deadline, then lowest confidence
    assert got[0]["status"] == "leased" and got[0]["lease_expires_at"] > iso(now)
    assert [x["id"] for x in r2.lease(limit=2)] == [c["id"], a["id"]]
    # own live leases come first, then the pool; e never (does not need review)
    assert [x["id"] for x in r1.lease(limit=5)] == [b["id"], d["id"]]
    assert [x["id"] for x in r2.lease(limit=5)] == [c["id"], a["id"]]
    assert api.user().lease(limit=5) == []


def test_lease_validation_and_roles(api):
    r = api.user()
    for body, field in (({"limit": 0}, "limit"), ({"limit": 501}, "limit"), ({"lease_seconds": 59}, "lease_seconds"),
                        ({"lease_seconds": 86401}, "lease_seconds"), ({"limit": "5"}, "limit"), ({"limit": 1.5}, "limit")):
        assert_problem(api.post("/outputs/lease", json=body, headers=r.h), 422, field)
    for role in ("supervisor", "ingest"):
        assert_problem(api.post("/outputs/lease", json={"limit": 1}, headers=api.user(role).h), 403)
    assert_problem(api.post("/outputs/release", json={"ids": []}, headers=api.user("ingest").h), 403)


def test_expired_leases_return_to_the_pool(api):
    (o,) = api.ingest([output(0.3)])
    r1, r2 = api.user(), api.user()
    assert [x["id"] for x in r1.lease(limit=5, lease_seconds=60)] == [o["id"]]
    assert r2.lease(limit=5) == []
    api.sql("UPDATE model_outputs SET lease_expires_at = :t", {"t": api.ts(now_utc() - timedelta(seconds=1))})
    assert [x["id"] for x in r2.lease(limit=5)] == [o["id"]]
    assert r1.lease(limit=5) == []


def test_release_only_own_leases(api):
    a, b = api.ingest([output(0.3), output(0.4)])
    r1, r2 = api.user(), api.user()
    assert {x["id"] for x in r1.lease(limit=2)} == {a["id"], b["id"]}
    r = api.post("/outputs/release", json={"ids": [a["id"], b["id"]]}, headers=r2.h)
    assert r.status_code == 200 and r.json()["released"] == 0 and set(r.json()["not_released"]) == {a["id"], b["id"]}
    assert r2.lease(limit=5) == []
    r = api.post("/outputs/release", json={"ids": [a["id"]]}, headers=r1.h)
    assert r.json() == {"released": 1, "not_released": []}
    assert [x["id"] for x in r2.lease(limit=5)] == [a["id"]]
    assert_problem(api.post("/outputs/release", json={"ids": ["not-a-uuid"]}, headers=r1.h), 422, "ids.0")


def test_two_reviewers_never_share_sequentially(api):
    api.ingest([output(i / 100) for i in range(30)])
    users = [api.user() for _ in range(4)]
    seen = {}
    for round_ in range(3):
        for u in users:
            for x in u.lease(limit=3):
                assert seen.setdefault(x["id"], u.id) == u.id
    assert len(seen) == 12  # 4 reviewers x 3: own live leases come back first each round


HOSTILE = [
    "Robert'); DROP TABLE feedback;--",
    "' OR 1=1 --",
    "<script>alert(1)</script><img src=x onerror=alert(2)>",
    "emoji 😀🙀 RTL \u202eevil\u202c עברית العربية",
    "nul-free control \x01\x02\t\n",
    "$1 %s %(x)s :name ?",
]


def test_hostile_input_stored_verbatim(api):
    big = ("x" * 1023 + "\n") * 1024  # 1 MiB
    outs = api.ingest([output(0.1, input=s, output=s, model_name=s[:50], metadata={"note": s}) for s in HOSTILE]
                      + [output(0.05, input="big", output=big)])
    rev = api.user()
    leased = {x["id"]: x for x in rev.lease(limit=50)}
    for o, s in zip(outs, HOSTILE):
        got = leased[o["id"]]
        assert got["input"] == s and got["output"] == s and got["metadata"] == {"note": s}
        assert rev.decide(o["id"], comment=s, correction=s).status_code == 201
    assert leased[outs[-1]["id"]]["output"] == big
    assert api.sql("SELECT COUNT(*) AS n FROM feedback")[0]["n"] == len(HOSTILE)  # tables intact
    sup = api.user("supervisor")
    lines = [json.loads(ln) for ln in api.get("/feedback/export", headers=sup.h).text.splitlines()]
    assert sorted(ln["comment"] for ln in lines) == sorted(HOSTILE)


def _raw(api, who, body: bytes, path="/outputs"):
    return api.post(path, content=body, headers=dict(who.h, **{"Content-Type": "application/json"}))


def test_refused_inputs_name_the_field(api):
    ing = api.user("ingest")
    good = json.dumps(output(0.5))
    cases = [
        (good.replace("0.5", "NaN"), "confidence"),
        (good.replace("0.5", "Infinity"), "confidence"),
        (good.replace("0.5", "1.5"), "confidence"),
        (good.replace("0.5", "-0.1"), "confidence"),
        (good.replace("0.5", '"0.5"'), "confidence"),
        (good.replace("0.5", "true"), "confidence"),
        (good.replace('"sentiment-v3"', "5"), "model_name"),
        (good.replace('"sentiment-v3"', '""'), "model_name"),
        (json.dumps(dict(output(), created_at="2026-01-01T00:00:00")), "created_at"),
        (json.dumps(dict(output(), created_at=iso(now_utc() + timedelta(hours=1)))), "created_at"),
        (json.dumps(dict(output(), metadata=[1])), "metadata"),
        (json.dumps(dict(output(), id="42")), "id"),
        (json.dumps(dict(output(), extra_field=1)), "extra_field"),
        (json.dumps([output(), dict(output(), confidence=2)]), "1.confidence"),
        (good[:-7], "body"),  # truncated JSON
        ('{"model_name": "a", "input": "\\ud800", "output": "x", "confidence": 0.5}', "input"),  # lone surrogate
    ]
    for body, field in cases:
        assert_problem(_raw(api, ing, body.encode()), 422, field)
    bad_utf8 = b'{"model_name": "m", "input": "caf\xe9", "output": "x", "confidence": 0.5}'
    b = assert_problem(_raw(api, ing, bad_utf8), 422, "input")
    assert "UTF-8" in b["detail"]
    assert api.sql("SELECT COUNT(*) AS n FROM model_outputs")[0]["n"] == 0


def test_oversize_body_is_413(api):
    ing = api.user("ingest")
    limit = api.st.settings.max_body_bytes
    body = json.dumps(output(0.5, output="y" * (limit + 10))).encode()
    assert_problem(_raw(api, ing, body), 413, "body")

    def chunks():  # no Content-Length: streamed, still refused
        yield body[: len(body) // 2]
        yield body[len(body) // 2:]
    r = api.post("/outputs", content=chunks(), headers=dict(ing.h, **{"Content-Type": "application/json"}))
    assert_problem(r, 413, "body")


def test_field_too_long_is_422(api):
    ing = api.user("ingest")
    assert_problem(api.post("/outputs", json=output(0.5, model_name="m" * 201), headers=ing.h), 422, "model_name")
    assert_problem(api.post("/outputs", json=output(0.5, output="o" * (4 * 1024 * 1024 + 1)), headers=ing.h), 422, "output")


def test_lease_without_held_pages_past_one_call(api):
    # An offline session leases more than 500 by asking only for outputs it does not hold yet.
    outs = api.ingest([output(0.1 + i / 100) for i in range(7)])
    r = api.user()
    first = r.lease(limit=3)
    again = r.lease(limit=3)
    assert [x["id"] for x in again] == [x["id"] for x in first]  # default: held ones first
    page2 = r.lease(limit=3, include_held=False)
    page3 = r.lease(limit=3, include_held=False)
    got = [x["id"] for x in first + page2 + page3]
    assert len(got) == len(set(got)) == 7
    assert sorted(got) == sorted(o["id"] for o in outs)
    assert r.lease(limit=3, include_held=False) == []
    assert_problem(api.post("/outputs/lease", json={"include_held": "no"}, headers=r.h), 422, "include_held")
