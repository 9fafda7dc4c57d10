"""The contract checker itself (tests/contract.py) catches what the validating proxy caught, and the
calls the proxy flagged are described truthfully now."""
import json

import pytest

import contract
from conftest import output


def test_checker_refuses_what_the_document_does_not_say():
    ok = {"target_hours": 48, "pending": 0, "overdue": 0, "oldest_pending_age_seconds": None, "reviewed": 0,
          "reviewed_within_target_pct_7d": None, "reviewed_within_target_pct_all": None,
          "median_time_to_review_seconds": None, "p95_time_to_review_seconds": None, "approval_rate": None,
          "default_target_hours": 48, "goal": 0.95, "pace_per_hour": 0, "reviewers": []}
    contract.check_response("GET", "/sla/summary", 200, "application/json", json.dumps(ok).encode())
    with pytest.raises(contract.ContractError, match="pending"):
        contract.check_response("GET", "/sla/summary", 200, "application/json",
                                json.dumps(dict(ok, pending=None)).encode())
    with pytest.raises(contract.ContractError, match="not documented"):
        contract.check_response("GET", "/sla/summary", 418, "application/json", b"{}")
    with pytest.raises(contract.ContractError, match="content type"):
        contract.check_response("GET", "/sla/summary", 422, "application/json", b"{}")
    with pytest.raises(contract.ContractError, match="line 0"):
        contract.check_response("GET", "/feedback/export", 200, "application/x-ndjson", b'{"cursor": 1}\n')
    with pytest.raises(contract.ContractError, match="request"):
        contract.check_request("POST", "/outputs/lease", {"limit": "ten"})
    with pytest.raises(contract.ContractError, match="query limit"):
        contract.check_request("GET", "/feedback/export", None, query={"limit": "0"})
    contract.check_request("GET", "/feedback/export", None, query={"limit": "10", "since": "0"})


def test_empty_summary_and_export_validate(api):
    sup = api.user("supervisor")
    s = api.get("/sla/summary", headers=sup.h).json()   # every response is checked by conftest's hook
    assert s["approval_rate"] is None and s["median_time_to_review_seconds"] is None
    (o,) = api.ingest([output(0.3, model_version=None)])
    r = api.user()
    assert r.decide(o["id"], reason_code="off_topic").status_code == 201
    ex = api.get("/feedback/export", headers=sup.h)
    assert ex.status_code == 200 and ex.text.count("\n") == 1
    line = json.loads(ex.text)
    assert line["model_version"] is None and line["dwell_ms"] is None and line["reason_code"] == "off_topic"


def test_document_describes_ndjson_and_nullables():
    doc = contract._doc()
    ex = doc["paths"]["/feedback/export"]["get"]["responses"]["200"]["content"]
    assert list(ex) == ["application/x-ndjson"]
    assert ex["application/x-ndjson"]["schema"]["x-ndjson-item"] == {"$ref": "#/components/schemas/ExportLine"}
    sla = doc["components"]["schemas"]["SlaSummary"]["properties"]
    assert all(sla[k].get("nullable") for k in ("approval_rate", "p95_time_to_review_seconds",
                                                 "oldest_pending_age_seconds"))
    for path, ops in doc["paths"].items():
        for op in ops.values():
            assert {"413", "500"} <= set(op["responses"]), path
