"""Issue 9: every bad value is a 422 naming the field, never a 500, and nothing stored breaks a read."""
import json
import uuid

import pytest

from conftest import assert_problem, iso, now_utc, output

EDGE_TIMES = ["0001-01-01T00:00:00Z", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00",
              "1999-12-31T23:59:59Z", "2200-12-31T23:30:00-01:00"]


def _raw(api, path, text, who):
    return api.post(path, content=text.encode("utf-8", "surrogatepass"),
                    headers=dict(who.h, **{"Content-Type": "application/json"}))


@pytest.mark.parametrize("t", EDGE_TIMES)
def test_times_off_the_sane_range_are_422(api, t):
    ing = api.user("ingest")
    assert_problem(api.post("/outputs", json=output(created_at=t), headers=ing.h), 422, "created_at")
    (o,) = api.ingest([output(0.3)], ing)
    r = api.user()
    assert_problem(r.decide(o["id"], decided_at=t), 422, "decided_at")
    sup = api.user("supervisor")
    assert_problem(api.get(f"/sla/timeseries?since={t.replace('+', '%2B')}", headers=sup.h), 422, "since")
    assert_problem(api.get(f"/sla/timeseries?until={t.replace('+', '%2B')}", headers=sup.h), 422, "until")


def test_range_edges_are_accepted_and_read_back(api):
    ing = api.user("ingest")
    items = api.ingest([output(0.3, created_at="2000-01-01T00:00:00Z"),
                        output(0.3, created_at="2000-01-01T00:30:00+00:30")], ing)
    assert [x["created_at"] for x in items] == ["2000-01-01T00:00:00.000Z", "2000-01-01T00:00:00.000Z"]
    r = api.user()
    assert len(r.lease()) == 2


def test_year_1_stored_by_an_older_version_reads_back(api):
    """SQLite: rows written with strftime('%Y') as '1-01-01...' no longer break lease and export."""
    if api.engine != "sqlite":
        pytest.skip("PostgreSQL stores timestamptz")
    (o,) = api.ingest([output(0.3)])
    r, sup = api.user(), api.user("supervisor")
    api.sql("UPDATE model_outputs SET created_at = '1-01-01T00:00:00.000000Z'")
    (got,) = r.lease()
    assert got["created_at"] == "0001-01-01T00:00:00.000Z"
    api.sql("UPDATE model_outputs SET created_at = :t", {"t": api.ts(now_utc())})
    assert r.decide(o["id"]).status_code == 201
    api.sql("UPDATE feedback SET decided_at = '1-01-01T00:00:00.000000Z'")
    ex = api.get("/feedback/export", headers=sup.h)
    assert ex.status_code == 200 and json.loads(ex.text)["decided_at"] == "0001-01-01T00:00:00.000Z"
    # migration 0004 pads such years, so that SQLite's date functions read them too (SLA)
    api.sql("UPDATE model_outputs SET created_at = '12-01-01T00:00:00.000000Z'")
    from feedback_backend.db import _statements, migration_files
    (sql,) = [t for v, _, t in migration_files("sqlite") if v == 4]
    for stmt in _statements(sql):
        if stmt.startswith("UPDATE"):
            api.sql(stmt)
    assert api.sql("SELECT created_at FROM model_outputs")[0]["created_at"] == "0012-01-01T00:00:00.000000Z"
    assert api.sql("SELECT decided_at FROM feedback")[0]["decided_at"] == "0001-01-01T00:00:00.000000Z"
    assert api.get("/sla/summary", headers=sup.h).status_code == 200


@pytest.mark.parametrize("lit", ["1" + "0" * 400, "1e400", "-1e400", "NaN", "Infinity", "2", "-0.5", "true", '"0.5"'])
def test_confidence_however_written_is_finite_and_in_range(api, lit):
    ing = api.user("ingest")
    body = json.dumps(output()).replace('"confidence": 0.5', '"confidence": ' + lit)
    assert_problem(_raw(api, "/outputs", body, ing), 422, "confidence")


def test_confidence_written_long_but_in_range_is_fine(api):
    ing = api.user("ingest")
    body = json.dumps(output()).replace('"confidence": 0.5', '"confidence": 0.5' + "0" * 400)
    assert _raw(api, "/outputs", body, ing).status_code == 201


@pytest.mark.parametrize("meta", ['{"\\ud800": 1}', '{"k": "\\udfff"}', '{"k": ["a\\u0000b"]}', '{"\\u0000": 1}',
                                  '{"k": {"k": 1e400}}', '{"k": NaN}', '{"k": ' + '[' * 40 + '1' + ']' * 40 + '}'])
def test_metadata_keys_and_values_refuse_nul_surrogates_and_non_finite(api, meta):
    ing = api.user("ingest")
    body = json.dumps(output()).replace('"confidence": 0.5', '"confidence": 0.5, "metadata": ' + meta)
    assert_problem(_raw(api, "/outputs", body, ing), 422, "metadata")


@pytest.mark.parametrize("field", ["model_name", "model_version", "input", "output"])
@pytest.mark.parametrize("bad", ["a\\u0000b", "\\ud800", "x\\udc00y"])
def test_output_text_refuses_nul_and_lone_surrogates(api, field, bad):
    ing = api.user("ingest")
    body = json.dumps(output(**{field: "PLACEHOLDER"})).replace("PLACEHOLDER", bad)
    assert_problem(_raw(api, "/outputs", body, ing), 422, field)


def test_nul_in_one_batch_item_does_not_fail_the_batch(api):
    outs = api.ingest([output(0.3), output(0.3)])
    r = api.user()
    items = [{"idempotency_key": str(uuid.uuid4()), "model_output_id": outs[0]["id"], "approval": True, "comment": "a\x00"},
             {"idempotency_key": str(uuid.uuid4()), "model_output_id": outs[1]["id"], "approval": True,
              "correction": "\ud800"},
             {"idempotency_key": str(uuid.uuid4()), "model_output_id": outs[1]["id"], "approval": True}]
    res = api.post("/feedback/batch", json={"items": items}, headers=r.h).json()["results"]
    assert [(x["status"], x.get("field")) for x in res] == [("invalid", "comment"), ("invalid", "correction"),
                                                             ("accepted", None)]
    assert_problem(r.decide(outs[0]["id"], comment="x\x00"), 422, "comment")


@pytest.mark.parametrize("since", ["²", "١", "-1", "1.5", "99999999999999999999", "9223372036854775808", "%00"])
def test_export_since_must_be_a_cursor(api, since):
    sup = api.user("supervisor")
    assert_problem(api.get(f"/feedback/export?since={since}", headers=sup.h), 422, "since")
    assert api.get("/feedback/export?since=9223372036854775807", headers=sup.h).status_code == 200


def test_lease_body_must_be_an_object_when_sent(api):
    r = api.user()
    for b in ("[]", '""', "null", "0"):
        assert_problem(_raw(api, "/outputs/lease", b, r), 422, "body")
    assert api.post("/outputs/lease", headers=r.h).status_code == 200


def test_errors_echoing_a_lone_surrogate_are_still_sent(api):
    r = api.user()
    b = assert_problem(_raw(api, "/outputs/release", '{"\\ud800": null, "ids": []}', r), 422)
    assert "\ufffd" in b["field"]
    (res,) = api.post("/feedback/batch", json={"items": [{"\ud800": 1}]}, headers=r.h).json()["results"]
    assert res["status"] == "invalid"


def test_sign_in_with_nul_is_422(api):
    for form in ({"username": "a\x00", "password": "x"}, {"username": "a", "password": "\x00"},
                 {"grant_type": "refresh_token", "refresh_token": "\x00"}):
        field = [k for k, v in form.items() if "\x00" in v][0]
        assert_problem(api.post("/auth/token", data=form), 422, field)


def test_invalid_utf8_next_to_an_escaped_surrogate_key_is_422(api):
    """The middleware names the field holding invalid UTF-8; a key with a lone surrogate (escaped) on
    the way used to make that naming itself fail with a 500."""
    r = api.user()
    body = b'{"ids": [], "a": {"x\\udf05\xed\xa0": 1}}'
    b = assert_problem(api.post("/outputs/release", content=body, headers=dict(r.h, **{"Content-Type": "application/json"})), 422)
    assert b["type"].endswith("invalid-utf8")


@pytest.mark.parametrize("q", ["limit=%D9%A1%D9%A2", "limit=1_000", "limit=%2012", "limit=%EF%BC%91"])
def test_export_limit_is_ascii_digits(api, q):
    sup = api.user("supervisor")
    assert_problem(api.get(f"/feedback/export?{q}", headers=sup.h), 422, "limit")


@pytest.mark.parametrize("path", ["/sla/summary", "/sla/timeseries"])
@pytest.mark.parametrize("v", ["%D9%A1%D9%A2", "1_0", "nan", "inf", "1e999", "%2012"])
def test_sla_target_hours_is_a_plain_finite_number(api, path, v):
    sup = api.user("supervisor")
    assert_problem(api.get(f"{path}?target_hours={v}", headers=sup.h), 422, "target_hours")
    assert api.get(f"{path}?target_hours=1.5e1", headers=sup.h).status_code == 200
