"""Configuration from environment variables."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path


MIN_SECRET = 32


class ConfigError(RuntimeError):
    pass


@dataclass
class Settings:
    database_url: str
    secret_key: str
    review_threshold: float = 0.8
    sla_hours: float = 48.0
    access_token_seconds: int = 900
    refresh_token_seconds: int = 30 * 86400
    max_body_bytes: int = 32 * 1024 * 1024
    max_text_chars: int = 4 * 1024 * 1024
    login_max_failures: int = 10
    login_window_seconds: int = 300
    idempotency_days: float = 8.0
    clock_skew_seconds: int = 300
    export_settle_seconds: float = 5.0
    pool_min: int = 2
    pool_max: int = 10
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    hash_concurrency: int = 2
    max_held_per_reviewer: int = 2000
    alert_webhook_url: str = ""
    alert_secret: str = ""
    alert_interval_seconds: float = 300.0
    alert_breach_threshold: int = 1
    alert_retries: int = 4
    sla_goal: float = 0.95

    @property
    def engine(self) -> str:
        return "postgres" if self.database_url.startswith(("postgresql://", "postgres://")) else "sqlite"

    @property
    def sqlite_path(self) -> str:
        assert self.engine == "sqlite"
        return self.database_url[len("sqlite:///"):] if self.database_url.startswith("sqlite:///") else self.database_url[len("sqlite://"):]


def _num(env, name, default, cast):
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return cast(raw)
    except ValueError as e:
        raise ConfigError(f"{name}: not a valid number: {raw!r}") from e


def _sqlite_secret(db_path: str) -> str:
    """Generate (once) and persist a secret next to the SQLite file, mode 0600."""
    p = Path(db_path + ".secret") if db_path != ":memory:" else None
    if p is None:
        return secrets.token_urlsafe(48)
    if p.exists():
        key = p.read_text().strip()
        if len(key) < MIN_SECRET:
            raise ConfigError(f"{p}: the secret key is shorter than {MIN_SECRET} characters; delete the file "
                              "to have a new one generated (signs everybody out)")
        if p.stat().st_mode & 0o077:
            os.chmod(p, 0o600)
        return key
    p.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(str(p), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key + "\n")
    return key


def load_settings(env=None) -> Settings:
    env = os.environ if env is None else env
    url = env.get("DATABASE_URL") or "sqlite:///" + os.path.abspath("feedback.db")
    if not url.startswith(("sqlite://", "postgresql://", "postgres://")):
        raise ConfigError("DATABASE_URL must be sqlite:///path or postgresql://user:pass@host/db")
    s = Settings(database_url=url, secret_key="")
    s.review_threshold = _num(env, "FEEDBACK_REVIEW_THRESHOLD", 0.8, float)
    if not (0.0 <= s.review_threshold <= 1.0):
        raise ConfigError("FEEDBACK_REVIEW_THRESHOLD must be within 0..1")
    s.sla_hours = _num(env, "FEEDBACK_SLA_HOURS", 48.0, float)
    if s.sla_hours <= 0:
        raise ConfigError("FEEDBACK_SLA_HOURS must be > 0")
    s.access_token_seconds = _num(env, "FEEDBACK_ACCESS_TOKEN_SECONDS", 900, int)
    s.refresh_token_seconds = _num(env, "FEEDBACK_REFRESH_TOKEN_SECONDS", 30 * 86400, int)
    s.max_body_bytes = _num(env, "FEEDBACK_MAX_BODY_BYTES", 32 * 1024 * 1024, int)
    s.login_max_failures = _num(env, "FEEDBACK_LOGIN_MAX_FAILURES", 10, int)
    s.login_window_seconds = _num(env, "FEEDBACK_LOGIN_WINDOW_SECONDS", 300, int)
    s.export_settle_seconds = _num(env, "FEEDBACK_EXPORT_SETTLE_SECONDS", 5.0, float)
    s.pool_min = _num(env, "FEEDBACK_DB_POOL_MIN", 2, int)
    s.pool_max = _num(env, "FEEDBACK_DB_POOL_MAX", 10, int)
    s.argon2_time_cost = _num(env, "FEEDBACK_ARGON2_TIME_COST", 3, int)
    s.argon2_memory_kib = _num(env, "FEEDBACK_ARGON2_MEMORY_KIB", 65536, int)
    s.hash_concurrency = _num(env, "FEEDBACK_HASH_CONCURRENCY", 2, int)
    if s.hash_concurrency < 1:
        raise ConfigError("FEEDBACK_HASH_CONCURRENCY must be >= 1")
    s.max_held_per_reviewer = _num(env, "FEEDBACK_MAX_HELD_PER_REVIEWER", 2000, int)
    if s.max_held_per_reviewer < 1:
        raise ConfigError("FEEDBACK_MAX_HELD_PER_REVIEWER must be >= 1")
    s.alert_webhook_url = env.get("FEEDBACK_ALERT_WEBHOOK_URL", "")
    if s.alert_webhook_url and not s.alert_webhook_url.startswith(("http://", "https://")):
        raise ConfigError("FEEDBACK_ALERT_WEBHOOK_URL must be an http:// or https:// URL")
    s.alert_secret = env.get("FEEDBACK_ALERT_SECRET", "")
    s.alert_interval_seconds = _num(env, "FEEDBACK_ALERT_INTERVAL_SECONDS", 300.0, float)
    if s.alert_interval_seconds <= 0:
        raise ConfigError("FEEDBACK_ALERT_INTERVAL_SECONDS must be > 0")
    s.alert_breach_threshold = _num(env, "FEEDBACK_ALERT_BREACH_THRESHOLD", 1, int)
    key = env.get("FEEDBACK_SECRET_KEY", "")
    if s.engine == "postgres" and not key:
        raise ConfigError(f"FEEDBACK_SECRET_KEY is required on PostgreSQL (a random string of at least {MIN_SECRET} characters)")
    if key and len(key) < MIN_SECRET:
        raise ConfigError(f"FEEDBACK_SECRET_KEY must be at least {MIN_SECRET} characters (a random string)")
    s.secret_key = key if key else _sqlite_secret(s.sqlite_path)
    return s
