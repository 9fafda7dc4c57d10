"""One problem+json error path for everything."""
from __future__ import annotations

import json
import logging
import re

from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse

PROBLEM = "application/problem+json"
BASE = "https://feedback-reviewer/problems/"
log = logging.getLogger("feedback_backend")

_TITLES = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
           405: "Method Not Allowed", 409: "Conflict", 413: "Payload Too Large",
           415: "Unsupported Media Type", 422: "Unprocessable Entity", 429: "Too Many Requests",
           500: "Internal Server Error", 503: "Service Unavailable"}


class ApiError(Exception):
    def __init__(self, status, detail, slug=None, field=None, headers=None, **extra):
        super().__init__(detail)
        self.status, self.detail, self.slug, self.field = status, detail, slug, field
        self.headers, self.extra = headers or {}, extra


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def clean(v):
    """Echoed input (field names, keys) may hold lone surrogates, which cannot be sent as UTF-8:
    U+FFFD instead, so that an error about bad text never becomes a 500 itself."""
    if isinstance(v, str):
        return _LONE_SURROGATE.sub("\ufffd", v)
    if isinstance(v, dict):
        return {clean(k): clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [clean(x) for x in v]
    return v


def problem(status, detail=None, slug=None, field=None, headers=None, **extra):
    detail, field, extra = clean(detail), clean(field), clean(extra)
    body = {"type": BASE + slug if slug else "about:blank", "title": _TITLES.get(status, "Error"),
            "status": status, "detail": detail}
    if field is not None:
        body["field"] = field
    body.update({k: v for k, v in extra.items() if v is not None})
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def problem_body(status, detail, slug=None, field=None):
    return json.loads(problem(status, detail, slug, field).body)


def field_of(loc) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "form"):
        src, parts = parts[0], parts[1:]
        if not parts:
            return "body" if src == "body" else src
    return ".".join(parts)


def pick_error(errors):
    """The most telling error: a wrong value before a missing field, deeper before shallower."""
    return max(errors, key=lambda e: (e.get("type") != "value_error.missing", len(e["loc"])))


MAX_LISTED_ERRORS = 20  # an error body stays a few KB however many items were wrong


def validation_problem(errors, detail_prefix=""):
    errs = [{"field": field_of(e["loc"])[:200], "message": str(e["msg"])[:300]} for e in errors[:MAX_LISTED_ERRORS]]
    more = len(errors) - len(errs)
    # name the most specific field (union bodies report the shallow branch first)
    best = pick_error(errors) if errors else None
    field = field_of(best["loc"]) if best else None
    msg = best["msg"] if best else "invalid request"
    return problem(422, f"{detail_prefix}{field}: {msg}"[:600], "validation", field, errors=errs,
                   more_errors=more or None)


async def on_api_error(request: Request, exc: ApiError):
    return problem(exc.status, exc.detail, exc.slug, exc.field, exc.headers, **exc.extra)


async def on_validation(request: Request, exc: RequestValidationError):
    errors = exc.errors()
    for e in errors:
        if e.get("type") == "value_error.jsondecode":
            pos = e["loc"][1] if len(e["loc"]) > 1 else None
            return problem(422, f"body: malformed or truncated JSON (at character {pos}): {e['msg']}",
                           "malformed-json", "body")
    ctype = request.headers.get("content-type", "")
    if "json" not in ctype and any(tuple(e["loc"]) == ("body",) and e.get("type") == "type_error.dict" for e in errors):
        return problem(422, "body: must be a JSON object sent with Content-Type: application/json", "validation", "body")
    return validation_problem(errors)


async def on_http(request: Request, exc: StarletteHTTPException):
    status = exc.status_code
    detail = exc.detail if isinstance(exc.detail, str) else _TITLES.get(status)
    if status == 400 and detail == "There was an error parsing the body":
        return problem(422, "body: could not be parsed (invalid encoding or JSON)", "malformed-json", "body")
    return problem(status, detail, None, None, getattr(exc, "headers", None))


async def on_unhandled(request: Request, exc: Exception):
    log.exception("unhandled error", extra={"path": request.url.path})
    # the server closes the connection after a 500; say so, or the client's next call is reset
    return problem(500, "internal error", "internal", headers={"Connection": "close"})


def install(app):
    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_unhandled)
