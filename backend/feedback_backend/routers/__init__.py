import re

from fastapi import Request

from ..errors import ApiError
from ..schemas import Problem

_JSON_NUMBER = {"integer": re.compile(r"-?[0-9]+"),
                "number": re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?")}


def plain_numbers(**kinds):
    """Dependency: the named query parameters, when given, are written as JSON numbers. Python's int()
    and float() also take "١٢", "1_000", " 12" and "nan": the document says integer/number, so do we."""
    def dep(request: Request):
        for name, kind in kinds.items():
            v = request.query_params.get(name)
            if v is not None and not _JSON_NUMBER[kind].fullmatch(v):
                raise ApiError(422, f"{name}: must be written as a plain {kind} (ASCII digits)", "validation", name)
    return dep

def errs(*codes):
    """OpenAPI: problem+json responses a call can answer."""
    desc = {400: "Bad request", 401: "Missing, invalid or expired token (type ends in token-expired)",
            403: "Wrong role or not your resource", 404: "Not found", 409: "Conflict",
            413: "Request body too large", 422: "Validation failed; `field` names the offending field",
            429: "Too many attempts; see Retry-After", 503: "Database unreachable"}
    return {c: {"model": Problem, "description": desc[c]} for c in codes}
