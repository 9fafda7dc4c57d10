"""The OpenAPI document, made to say what the server does (FastAPI's generated one does not):
nullable fields are nullable, every answer a call can give is listed with its body, errors are
application/problem+json, the export is NDJSON (one ExportLine per line)."""
from __future__ import annotations

import inspect

from pydantic import BaseModel
from pydantic.schema import schema as pyd_schema

from . import schemas
from .schemas import ExportLine, FeedbackBatchItem, Problem

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
# answers any call can give, whatever it does: a body over the limit (checked on every request by
# the middleware) and an unexpected failure (e.g. the database went away mid-call)
ALWAYS = {"413": "Request body too large", "500": "Internal error (for example, the database is unreachable)"}
NDJSON_DESC = ("NDJSON (application/x-ndjson): one ExportLine JSON object per line, each line ending in \\n; "
               "empty body when there is nothing new. Header X-Next-Cursor: the cursor for the next call.")


def _models():
    return [m for _, m in inspect.getmembers(schemas, inspect.isclass)
            if issubclass(m, BaseModel) and m is not BaseModel and m.__module__ == schemas.__name__]


def _mark_nullable(comps):
    """pydantic 1 leaves Optional fields as plain types: mark each one nullable (OpenAPI 3.0)."""
    for m in _models():
        sch = comps.get(m.__config__.title or m.__name__)
        if not sch:
            continue
        props = sch.get("properties", {})
        for name, f in m.__fields__.items():
            p = props.get(f.alias)
            if p is None or not f.allow_none:
                continue
            if "$ref" in p:  # siblings of $ref are ignored in OpenAPI 3.0
                props[f.alias] = {"allOf": [{"$ref": p.pop("$ref")}], **p, "nullable": True}
            else:
                p["nullable"] = True


def _export_200():
    return {"description": NDJSON_DESC,
            "content": {"application/x-ndjson": {
                "schema": {"type": "string", "description": "lines of ExportLine objects",
                           "x-ndjson-item": {"$ref": "#/components/schemas/ExportLine"}}}},
            "headers": {"X-Next-Cursor": {"required": True, "schema": {"type": "string", "pattern": "^[0-9]+$"}}}}


def finish(doc):
    comps = doc.setdefault("components", {}).setdefault("schemas", {})
    extra = pyd_schema([ExportLine, FeedbackBatchItem, Problem], ref_prefix="#/components/schemas/")
    for name, sch in extra["definitions"].items():
        comps.setdefault(name, sch)
    comps.pop("HTTPValidationError", None)
    comps.pop("ValidationError", None)
    _mark_nullable(comps)
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            resp = op.setdefault("responses", {})
            for code, desc in ALWAYS.items():
                resp.setdefault(code, {"description": desc})
            for code, r in resp.items():
                if code.isdigit() and int(code) >= 400 and not (path == "/healthz" and code == "503"):
                    r["content"] = {"application/problem+json": {"schema": PROBLEM_REF}}
            if path == "/feedback/batch":
                op["requestBody"]["content"]["application/json"]["schema"] = {
                    "type": "object", "required": ["items"], "additionalProperties": False,
                    "properties": {"items": {"type": "array", "minItems": 1, "maxItems": 500,
                                             "items": {"$ref": "#/components/schemas/FeedbackBatchItem"}}}}
            if path == "/feedback/export":
                resp["200"] = _export_200()
    return doc
