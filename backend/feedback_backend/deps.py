"""Request-scoped dependencies: the app state and the signed-in caller.

The caller is authenticated once per request: GuardMiddleware does it before any body byte is
read (routes with a body) and leaves the result in the request state; `caller` reuses it."""
from __future__ import annotations

import threading
import time

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from .db import parse_ts
from .errors import ApiError
from .security import TokenError

oauth2 = OAuth2PasswordBearer(tokenUrl="/auth/token", auto_error=False)
USER_CACHE_SECONDS = 2.0  # a disabled or removed account is refused at most this long after the change


class Caller:
    __slots__ = ("id", "role", "username")

    def __init__(self, id, role, username):
        self.id, self.role, self.username = id, role, username


class UserCheck:
    """Is the account behind a token still allowed? Looked up per request, cached for a moment."""

    def __init__(self, store, ttl=USER_CACHE_SECONDS):
        self.store, self.ttl = store, ttl
        self._cache: dict = {}
        self._lock = threading.Lock()

    def row(self, uid):
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(uid)
            if hit is not None and hit[0] > now:
                return hit[1]
        u = self.store.user_by_id(uid)
        info = None if u is None else {"disabled": bool(u["disabled"]), "role": u["role"],
                                       "after": parse_ts(u.get("tokens_valid_after"))}
        with self._lock:
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[uid] = (now + self.ttl, info)
        return info

    def forget(self, uid):
        with self._lock:
            self._cache.pop(str(uid), None)


def _unauthorized(detail, slug="unauthorized", bearer_error=True):
    hdr = 'Bearer error="invalid_token"' if bearer_error else "Bearer"
    return ApiError(401, detail, slug, headers={"WWW-Authenticate": hdr})


def authenticate(st, token: str | None) -> Caller:
    """Token -> Caller, or ApiError 401. Blocking (may query the database): call from a thread."""
    if not token:
        raise _unauthorized("missing bearer token", bearer_error=False)
    try:
        claims = st.tokens.decode(token)
    except TokenError as e:
        if e.expired:
            raise _unauthorized("access token expired; use the refresh token", "token-expired")
        raise _unauthorized("invalid access token")
    info = st.users.row(claims["sub"])
    if info is None:
        raise _unauthorized("account no longer exists")
    if info["disabled"]:
        raise _unauthorized("account disabled")
    if info["after"] is not None and st.tokens.issued_at(claims) < info["after"]:
        raise _unauthorized("access token revoked; sign in again")
    return Caller(claims["sub"], info["role"], claims.get("name"))


def bearer(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def check_role(c: Caller, roles):
    if c.role not in roles:
        raise ApiError(403, f"this call needs the role {' or '.join(roles)}; you are {c.role}", "forbidden")
    return c


def state(request: Request):
    return request.app.state.fr


def caller(request: Request, token: str = Depends(oauth2)) -> Caller:
    c = getattr(request.state, "caller", None)
    if c is None:
        c = authenticate(request.app.state.fr, token)
    request.state.user = c.id
    return c


def role(*roles):
    def dep(c: Caller = Depends(caller)) -> Caller:
        return check_role(c, roles)
    dep.fr_roles = roles  # read by GuardMiddleware to refuse a wrong role before reading the body
    return dep
