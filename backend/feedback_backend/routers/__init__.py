from ..schemas import Problem

def errs(*codes):
    """OpenAPI: problem+json responses a call can answer."""
    desc = {400: "Bad request", 401: "Missing, invalid or expired token (type ends in token-expired)",
            403: "Wrong role or not your resource", 404: "Not found", 409: "Conflict",
            413: "Request body too large", 422: "Validation failed; `field` names the offending field",
            429: "Too many attempts; see Retry-After", 503: "Database unreachable"}
    return {c: {"model": Problem, "description": desc[c]} for c in codes}
