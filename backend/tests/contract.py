"""Checks every response the tests receive (and every request they send that the server accepted)
against the committed backend/openapi.json with a JSON Schema validator (python3-jsonschema).

OpenAPI 3.0 schemas are not quite JSON Schema: `nullable: true` becomes `anyOf [..., null]`; the
NDJSON export is checked line by line against its `x-ndjson-item` schema."""
from __future__ import annotations

import copy
import json
import os
import re
from functools import lru_cache

import jsonschema

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COMMITTED = os.path.join(HERE, "openapi.json")


class ContractError(AssertionError):
    pass


def to_json_schema(s):
    """OpenAPI 3.0 schema object -> JSON Schema (2020-12), recursively."""
    if isinstance(s, list):
        return [to_json_schema(x) for x in s]
    if not isinstance(s, dict):
        return s
    out = {k: to_json_schema(v) for k, v in s.items() if k not in ("nullable", "example", "x-ndjson-item")}
    if s.get("nullable"):
        return {"anyOf": [out, {"type": "null"}]}
    return out


@lru_cache(maxsize=1)
def _doc():
    with open(COMMITTED, encoding="utf-8") as f:
        return json.load(f)


@lru_cache(maxsize=1)
def _components():
    return {"schemas": to_json_schema(copy.deepcopy(_doc()["components"]["schemas"]))}


@lru_cache(maxsize=256)
def _validator(schema_json: str):
    schema = {"components": _components(), "allOf": [json.loads(schema_json)]}
    return jsonschema.Draft202012Validator(schema)


def validate(instance, openapi_schema, what):
    v = _validator(json.dumps(to_json_schema(openapi_schema), sort_keys=True))
    errs = sorted(v.iter_errors(instance), key=lambda e: list(e.absolute_path))
    if errs:
        e = errs[0]
        raise ContractError(f"{what}: not as openapi.json says at {'/'.join(map(str, e.absolute_path)) or '(root)'}: "
                            f"{e.message[:300]}")


@lru_cache(maxsize=64)
def _template_rx(p):
    return re.compile("^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(p)) + "$")


def operation(method, path):
    for p, ops in _doc()["paths"].items():
        if _template_rx(p).match(path) and method.lower() in ops:
            return p, ops[method.lower()]
    return None, None


def check_response(method, path, status, ctype, body: bytes):
    tpl, op = operation(method, path)
    if op is None:
        return  # not an API call (unknown path: 404/405 from the router)
    what = f"{method} {tpl} -> {status}"
    resp = op["responses"].get(str(status))
    if resp is None:
        raise ContractError(f"{what}: status not documented")
    content = resp.get("content")
    if not content:
        if body:
            raise ContractError(f"{what}: body where openapi.json documents none")
        return
    base = (ctype or "").split(";")[0].strip().lower()
    if base not in content:
        raise ContractError(f"{what}: content type {base!r} not documented ({sorted(content)})")
    schema = content[base].get("schema", {})
    if base == "application/x-ndjson":
        item = schema["x-ndjson-item"]
        text = body.decode("utf-8")
        if text and not text.endswith("\n"):
            raise ContractError(f"{what}: NDJSON body does not end in a newline")
        for n, line in enumerate(text.splitlines()):
            validate(json.loads(line), item, f"{what} line {n}")
        return
    validate(json.loads(body), schema, what)


def _coerce(v: str, schema):
    t = schema.get("type")
    try:
        if t == "integer" and re.fullmatch(r"-?[0-9]+", v):
            return int(v)
        if t == "number":
            return float(v)
    except ValueError:
        pass
    return v


def check_query(what, op, query: dict):
    """Documented query parameters a request used: values as the document allows (strings coerced
    the way the document's type says, as a server would)."""
    params = {p["name"]: p for p in op.get("parameters", []) if p.get("in") == "query"}
    for name, v in query.items():
        if name in params:
            sch = params[name].get("schema", {})
            validate(_coerce(v, sch), sch, f"{what} query {name}")


def check_request(method, path, body, form=None, batch_results=None, query=None):
    """A request the server accepted (2xx) must be valid by the document."""
    tpl, op = operation(method, path)
    if op is None:
        return
    what = f"{method} {tpl} request"
    if query:
        check_query(what, op, query)
    rb = op.get("requestBody")
    if body is None and form is None:
        if rb and rb.get("required"):
            raise ContractError(f"{what}: body required by openapi.json")
        return
    if rb is None:
        raise ContractError(f"{what}: body sent where openapi.json documents none")
    if form is not None:
        validate(form, rb["content"]["application/x-www-form-urlencoded"]["schema"], what)
        return
    if batch_results is not None and isinstance(body, dict) and isinstance(body.get("items"), list):
        # items the server answered `invalid` were refused (per item): the rest must be valid
        body = dict(body, items=[it for it, r in zip(body["items"], batch_results) if r.get("status") != "invalid"])
        if not body["items"]:
            return
    validate(body, rb["content"]["application/json"]["schema"], what)
