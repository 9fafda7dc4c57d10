"""Request-scoped dependencies: the app state and the signed-in caller."""
from __future__ import annotations

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from .errors import ApiError
from .security import TokenError

oauth2 = OAuth2PasswordBearer(tokenUrl="/auth/token", auto_error=False)


class Caller:
    __slots__ = ("id", "role", "username")

    def __init__(self, id, role, username):
        self.id, self.role, self.username = id, role, username


def state(request: Request):
    return request.app.state.fr


def caller(request: Request, token: str = Depends(oauth2)) -> Caller:
    if not token:
        raise ApiError(401, "missing bearer token", "unauthorized", headers={"WWW-Authenticate": "Bearer"})
    try:
        claims = request.app.state.fr.tokens.decode(token)
    except TokenError as e:
        if e.expired:
            raise ApiError(401, "access token expired; use the refresh token", "token-expired",
                           headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        raise ApiError(401, "invalid access token", "unauthorized",
                       headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
    c = Caller(claims["sub"], claims["role"], claims.get("name"))
    request.state.user = c.id
    return c


def role(*roles):
    def dep(c: Caller = Depends(caller)) -> Caller:
        if c.role not in roles:
            raise ApiError(403, f"this call needs the role {' or '.join(roles)}; you are {c.role}", "forbidden")
        return c
    return dep
