"""The committed backend/openapi.json matches the app, and documents what the calls answer.
(Named test_zz_* so that it runs after the other modules, whose calls it checks.)"""
import json

import pytest
import os
import re
import sys

from conftest import BACKEND, SEEN_STATUSES

sys.path.insert(0, os.path.join(BACKEND, "tools"))
from dump_openapi import current_openapi, render  # noqa: E402

COMMITTED = os.path.join(BACKEND, "openapi.json")


def test_committed_openapi_has_not_drifted():
    with open(COMMITTED, encoding="utf-8") as f:
        committed = f.read()
    assert committed == render(current_openapi()), (
        "backend/openapi.json is stale: run /usr/bin/python3 backend/tools/dump_openapi.py and commit it")


def _doc():
    with open(COMMITTED, encoding="utf-8") as f:
        return json.load(f)


def test_every_call_documents_its_errors_as_problem_json():
    doc = _doc()
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            codes = set(op["responses"])
            if path not in ("/healthz", "/auth/token"):
                assert {"401", "403"} <= codes or path == "/me", (method, path, codes)
                assert op.get("security"), (method, path)
            if method == "post":
                assert {"413", "422"} <= codes, (method, path, codes)
            for code, resp in op["responses"].items():
                if int(code) >= 400 and path != "/healthz":
                    schema = resp["content"]["application/problem+json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/Problem"}, (method, path, code)


def _template(doc, method, path):
    for p, ops in doc["paths"].items():
        rx = "^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(p)) + "$"
        if re.match(rx, path) and method.lower() in ops:
            return p
    return None


def test_statuses_seen_in_tests_are_documented():
    doc = _doc()
    if len(SEEN_STATUSES) < 50:
        pytest.skip("needs the whole suite: it checks the calls the other tests made")
    missing, seen = set(), set()
    for method, path, status in SEEN_STATUSES:
        t = _template(doc, method, path)
        if t is None:
            continue
        seen.add((method, t, status))
        if str(status) not in doc["paths"][t][method.lower()]["responses"]:
            missing.add((method, t, status))
    assert not missing, f"answers not described in openapi.json: {sorted(missing)}"
    for probe in (("POST", "/feedback/{feedback_id}/retract", 403), ("POST", "/outputs", 413),
                  ("POST", "/feedback/", 409), ("POST", "/auth/token", 429), ("GET", "/sla/summary", 200)):
        assert probe in seen, probe
