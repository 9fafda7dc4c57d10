"""Passwords (argon2), access tokens (JWT HS256), refresh tokens (random, stored hashed),
login rate limiting."""
from __future__ import annotations

import hashlib
import logging
import secrets
import threading
import unicodedata
import uuid
from datetime import datetime, timedelta, timezone

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHash, VerificationError, VerifyMismatchError

ROLES = ("reviewer", "supervisor", "ingest")
log = logging.getLogger("feedback_backend")


class Passwords:
    """argon2 with bounded concurrency: each hash takes `memory_kib`, so at most `concurrency`
    run at once and a flood of sign-ins waits instead of exhausting memory."""

    def __init__(self, time_cost=3, memory_kib=65536, concurrency=2):
        self.ph = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=2)
        self.slots = threading.BoundedSemaphore(max(1, concurrency))
        self._dummy = self.ph.hash(secrets.token_hex(8))

    def hash(self, password: str) -> str:
        with self.slots:
            return self.ph.hash(password)

    def verify(self, stored_hash: str | None, password: str) -> bool:
        with self.slots:
            try:
                # always spend the hashing time, also for unknown users (no user enumeration by timing)
                return self.ph.verify(stored_hash or self._dummy, password) and stored_hash is not None
            except (VerifyMismatchError, VerificationError, InvalidHash):
                return False

    def needs_rehash(self, h):
        try:
            return self.ph.check_needs_rehash(h)
        except InvalidHash:
            log.warning("stored password hash is not an argon2 hash")
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
        # iat_ms: sub-second issue time, so that a revocation (users.tokens_valid_after) does not
        # also end a token issued later in the same second (iat is whole seconds)
        claims = {"sub": str(user["id"]), "role": user["role"], "name": user["username"],
                  "iat": now, "iat_ms": int(now.timestamp() * 1000), "exp": now + timedelta(seconds=self.access_seconds),
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
    def issued_at(claims) -> datetime:
        try:
            if "iat_ms" in claims:
                return datetime.fromtimestamp(int(claims["iat_ms"]) / 1000.0, timezone.utc)
            return datetime.fromtimestamp(float(claims.get("iat", 0)), timezone.utc)
        except (TypeError, ValueError, OverflowError):
            return datetime.fromtimestamp(0, timezone.utc)

    @staticmethod
    def new_refresh_token() -> str:
        return secrets.token_urlsafe(32)

    @staticmethod
    def hash_refresh(token: str) -> str:
        return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class LoginLimiter:
    """Sign-in attempts per username and per client address within a sliding window, kept in the
    database so that every worker process sees them. An attempt is counted *before* its password
    is checked, atomically with the check of the count (no race lets more through than the limit);
    a refused (429) attempt is not counted, a correct one is taken back."""

    def __init__(self, store, max_failures=10, window_seconds=300):
        self.store = store
        self.max = max_failures
        self.window = window_seconds

    @staticmethod
    def _keys(username, addr):
        return "u:" + username_key(username)[:200], "a:" + addr[:100]

    def limits(self, username, addr):
        u, a = self._keys(username, addr)
        return {u: self.max, a: self.max * 5}

    def begin(self, username: str, addr: str):
        """(retry_after, attempt). retry_after > 0: refused, nothing counted."""
        return self.store.login_attempt(self.limits(username, addr), self.window)

    def retry_after(self, username: str, addr: str) -> int:
        return self.store.login_retry_after(self.limits(username, addr), self.window)

    def succeeded(self, username: str, attempt):
        """The password was right: forget the user's failures and this attempt's address entry."""
        self.store.login_succeeded(self._keys(username, "")[0], attempt)


# ---------------------------------------------------------------- usernames
NAME_PUNCT = "._-"
MAX_NAME = 64


class BadUsername(ValueError):
    pass


def _script(ch):
    """Coarse Unicode script of a letter, from its character name (LATIN, CYRILLIC, GREEK, CJK ...)."""
    name = unicodedata.name(ch, "")
    first = name.split(" ", 1)[0]
    return "CJK" if first in ("CJK", "HIRAGANA", "KATAKANA") else first


def normalize_username(raw: str) -> str:
    """NFKC; letters, digits and . _ - only; letters from one script (no Latin/Cyrillic look-alike
    mixes such as rev + Cyrillic A); no invisible, control or combining characters."""
    name = unicodedata.normalize("NFKC", raw)
    if not name:
        raise BadUsername("must not be empty")
    if len(name) > MAX_NAME:
        raise BadUsername(f"at most {MAX_NAME} characters")
    scripts = set()
    for ch in name:
        if ch in NAME_PUNCT or ("0" <= ch <= "9"):
            continue
        if unicodedata.category(ch) in ("Lu", "Ll", "Lt", "Lo"):
            scripts.add(_script(ch))
            continue
        raise BadUsername(f"character U+{ord(ch):04X} not allowed (letters, digits and . _ - only)")
    if len(scripts) > 1:
        raise BadUsername("letters from more than one script (" + ", ".join(sorted(scripts)).lower() +
                          ") look alike; use one script")
    if name[0] in NAME_PUNCT:
        raise BadUsername("must start with a letter or digit")
    return name


def username_key(name: str) -> str:
    """What makes two names the same account: NFKC, then case-folded."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
