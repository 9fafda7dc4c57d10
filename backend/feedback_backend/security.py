"""Passwords (argon2), access tokens (JWT HS256), refresh tokens (random, stored hashed),
login rate limiting."""
from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta, timezone

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHash, VerificationError, VerifyMismatchError

ROLES = ("reviewer", "supervisor", "ingest")


class Passwords:
    def __init__(self, time_cost=3, memory_kib=65536):
        self.ph = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=2)
        self._dummy = self.ph.hash(secrets.token_hex(8))

    def hash(self, password: str) -> str:
        return self.ph.hash(password)

    def verify(self, stored_hash: str | None, password: str) -> bool:
        try:
            # always spend the hashing time, also for unknown users (no user enumeration by timing)
            return self.ph.verify(stored_hash or self._dummy, password) and stored_hash is not None
        except (VerifyMismatchError, VerificationError, InvalidHash):
            return False

    def needs_rehash(self, h):
        try:
            return self.ph.check_needs_rehash(h)
        except Exception:
            return False


class TokenError(Exception):
    def __init__(self, expired=False):
        super().__init__("token expired" if expired else "invalid token")
        self.expired = expired


class Tokens:
    ALG = "HS256"

    def __init__(self, secret: str, access_seconds: int, refresh_seconds: int):
        self.secret = secret
        self.access_seconds = access_seconds
        self.refresh_seconds = refresh_seconds

    def access_token(self, user) -> str:
        now = datetime.now(timezone.utc)
        claims = {"sub": str(user["id"]), "role": user["role"], "name": user["username"],
                  "iat": now, "exp": now + timedelta(seconds=self.access_seconds),
                  "jti": uuid.uuid4().hex, "typ": "access"}
        return jwt.encode(claims, self.secret, algorithm=self.ALG)

    def decode(self, token: str) -> dict:
        try:
            claims = jwt.decode(token, self.secret, algorithms=[self.ALG],
                                options={"require": ["exp", "sub", "role", "typ"]})
        except jwt.ExpiredSignatureError as e:
            raise TokenError(expired=True) from e
        except jwt.PyJWTError as e:
            raise TokenError() from e
        if claims.get("typ") != "access" or claims.get("role") not in ROLES:
            raise TokenError()
        return claims

    @staticmethod
    def new_refresh_token() -> str:
        return secrets.token_urlsafe(32)

    @staticmethod
    def hash_refresh(token: str) -> str:
        return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class LoginLimiter:
    """Failed sign-ins per username and per client address within a sliding window, kept in the
    database so that every worker process sees them."""

    def __init__(self, store, max_failures=10, window_seconds=300):
        self.store = store
        self.max = max_failures
        self.window = window_seconds

    @staticmethod
    def _keys(username, addr):
        return "u:" + username.lower()[:200], "a:" + addr[:100]

    def retry_after(self, username: str, addr: str) -> int:
        u, a = self._keys(username, addr)
        return self.store.login_retry_after({u: self.max, a: self.max * 5}, self.window)

    def failed(self, username: str, addr: str):
        self.store.login_failed(self._keys(username, addr), self.window)

    def succeeded(self, username: str):
        self.store.login_succeeded(self._keys(username, "")[0])
