"""Storage layer: one module with all the SQL, for two engines (SQLite, PostgreSQL).

Queries use ``:name`` placeholders; the PostgreSQL engine rewrites them to psycopg's
``%(name)s``. Where the dialects differ, the engine supplies the fragment (``secs``,
``floor``, ``uuid_in``, ``for_update``, bucket expressions, bulk insert).
Times are passed in from Python (UTC) so both engines compute with the same clock.
"""
from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
import threading
import uuid
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

from . import sla_agg

UTC = timezone.utc
log = logging.getLogger("feedback_backend")
MIGRATIONS = Path(__file__).parent / "migrations"
_PARAM = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")
_BPARAM = re.compile(r"(?<![:\w]):@([A-Za-z_]\w*)")  # PostgreSQL only: binary-dumped parameter (arrays)


class IntegrityConflict(Exception):
    """A unique/foreign-key constraint refused the write."""


def utcnow() -> datetime:
    return datetime.now(UTC)


def parse_ts(v):
    if isinstance(v, datetime) and v.tzinfo is UTC:
        return v
    if v is None or isinstance(v, datetime):
        return v.astimezone(UTC) if isinstance(v, datetime) and v.tzinfo else (v.replace(tzinfo=UTC) if v else None)
    s = str(v)
    if s[:4].count("-"):  # a year stored without padding by older versions ("1-01-01T...")
        y, rest = s.split("-", 1)
        s = y.zfill(4) + "-" + rest
    if s.endswith("Z"):
        s = s[:-1] + "+00:00"
    d = datetime.fromisoformat(s)
    return d.replace(tzinfo=UTC) if d.tzinfo is None else d.astimezone(UTC)


def fmt_ts(v) -> str | None:
    """RFC 3339 UTC with Z and milliseconds or microseconds."""
    if v is None:
        return None
    d = parse_ts(v)
    return d.replace(tzinfo=None).isoformat(timespec="milliseconds") + "Z"


def _sqlite_ts(d: datetime) -> str:
    d = d.astimezone(UTC)  # explicit four-digit year: strftime's %Y does not pad years below 1000
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}T{d.hour:02d}:{d.minute:02d}:{d.second:02d}.{d.microsecond:06d}Z"


# --------------------------------------------------------------------------- engines
class _Tx:
    def __init__(self, cur, engine):
        self.cur = cur
        self.engine = engine

    def q(self, sql, params=None):
        self._exec(sql, params)
        if self.cur.description is None:
            return []
        rows = self.cur.fetchall()
        if rows and not isinstance(rows[0], dict):
            names = [d[0] for d in self.cur.description]
            rows = [dict(zip(names, r)) for r in rows]
        return rows

    def one(self, sql, params=None):
        rows = self.q(sql, params)
        return rows[0] if rows else None

    def x(self, sql, params=None) -> int:
        self._exec(sql, params)
        return self.cur.rowcount


class _PgTx(_Tx):
    def _exec(self, sql, params):
        import psycopg
        try:
            self.cur.execute(_pg_sql(sql), params or {})
        except psycopg.errors.IntegrityError as e:
            raise IntegrityConflict(str(e).splitlines()[0]) from e

    def many(self, sql, rows):
        import psycopg
        try:
            self.cur.executemany(_pg_sql(sql), rows)
        except psycopg.errors.IntegrityError as e:
            raise IntegrityConflict(str(e).splitlines()[0]) from e


class _SqliteTx(_Tx):
    def _exec(self, sql, params):
        try:
            self.cur.execute(sql, params or {})
        except sqlite3.IntegrityError as e:
            raise IntegrityConflict(str(e)) from e

    def many(self, sql, rows):
        try:
            self.cur.executemany(sql, rows)
        except sqlite3.IntegrityError as e:
            raise IntegrityConflict(str(e)) from e


@lru_cache(maxsize=512)
def _pg_sql(sql: str) -> str:
    return _PARAM.sub(r"%(\1)s", _BPARAM.sub(r"%(\1)b", sql.replace("%", "%%")))


class PgEngine:
    name = "postgres"
    for_update = "FOR UPDATE"
    skip_locked = "FOR UPDATE SKIP LOCKED"

    def __init__(self, url: str, min_size=2, max_size=10):
        from psycopg.rows import dict_row
        from psycopg_pool import ConnectionPool
        self.url = url
        self.pool = ConnectionPool(url, min_size=min_size, max_size=max_size,
                                   kwargs={"row_factory": dict_row}, open=True, timeout=30)

    def close(self):
        self.pool.close()

    @contextmanager
    def tx(self, write=True):
        with self.pool.connection() as conn:
            with conn.transaction():
                with conn.cursor() as cur:
                    yield _PgTx(cur, self)

    # dialect fragments
    def ts(self, d):
        return d

    @staticmethod
    def secs(a, b):
        return f"EXTRACT(EPOCH FROM ({a} - {b}))"

    @staticmethod
    def ttr_ms(a, b):
        """a - b in whole milliseconds, the exact difference rounded half up (sla_agg.bucket_of_times).
        EXTRACT gives numeric (exact to the microsecond); ROUND of numeric rounds halves away from zero
        (the same as half up for the positive times that matter: <= 0 is bucket 0 either way)."""
        return f"ROUND(EXTRACT(EPOCH FROM ({a} - {b})) * 1000)"

    @staticmethod
    def floor(x):
        return f"FLOOR({x})"

    def uuid_in(self, col, name, values, params):
        params[name] = [str(v) for v in values]
        return f"{col} = ANY(CAST(:@{name} AS uuid[]))"

    @staticmethod
    def bucket(unit, col):
        return f"date_trunc('{unit}', {col}, 'UTC')"

    next_change_seq = "nextval('feedback_change_seq')"

    def insert_rows(self, tx, table, cols, types, rows):
        if not rows:
            return
        params = {f"c{i}": [r[c] for r in rows] for i, c in enumerate(cols)}
        arrays = ", ".join(f"CAST(:@c{i} AS {t}[])" for i, t in enumerate(types))
        tx.x(f"INSERT INTO {table} ({', '.join(cols)}) SELECT * FROM unnest({arrays})", params)

    def healthcheck(self):
        with self.tx(write=False) as tx:
            tx.one("SELECT 1 AS ok")


class SqliteEngine:
    name = "sqlite"
    for_update = ""
    skip_locked = ""

    def __init__(self, path: str):
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            # created 0600 (users, password hashes, decisions); SQLite gives -wal/-shm the same mode
            os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
        self.conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA busy_timeout=30000")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.lock = threading.RLock()  # serialised access: one writer at a time

    def close(self):
        with self.lock:
            self.conn.close()

    @contextmanager
    def tx(self, write=True):
        with self.lock:
            cur = self.conn.cursor()
            cur.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield _SqliteTx(cur, self)
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")
            finally:
                cur.close()

    def ts(self, d):
        return _sqlite_ts(d) if isinstance(d, datetime) else d

    @staticmethod
    def secs(a, b):
        return f"((julianday({a}) - julianday({b})) * 86400.0)"

    @staticmethod
    def _us_of_second(x):
        """The microseconds within the second of a stored time (_sqlite_ts: ...SS.ffffffZ; shorter or no
        fraction also read right)."""
        return f"CAST(substr(rtrim(substr({x}, 21), 'Z') || '000000', 1, 6) AS INTEGER)"

    @classmethod
    def ttr_ms(cls, a, b):
        """a - b in whole milliseconds, the exact difference rounded half up (sla_agg.bucket_of_times),
        in integers. Not julianday: it rounds each time to the millisecond before the subtraction, so
        0.434 ms (.966409 -> .966, .966843 -> .967) became 1 ms and a decision near an edge was counted
        in one bucket when it was made and recomputed in the next. Integer division truncates: a
        negative time may come out one millisecond high, still <= 0 (bucket 0)."""
        whole = f"(CAST(strftime('%s', substr({a}, 1, 19)) AS INTEGER) - CAST(strftime('%s', substr({b}, 1, 19)) AS INTEGER))"
        return f"(({whole} * 1000000 + {cls._us_of_second(a)} - {cls._us_of_second(b)} + 500) / 1000)"

    @staticmethod
    def floor(x):
        return f"CAST({x} AS INTEGER)"  # x >= 0 here

    def uuid_in(self, col, name, values, params):
        values = [str(v) for v in values]
        if not values:
            return "1 = 0"
        for i, v in enumerate(values):
            params[f"{name}_{i}"] = v
        return f"{col} IN ({', '.join(f':{name}_{i}' for i in range(len(values)))})"

    @staticmethod
    def bucket(unit, col):
        fmt = "%Y-%m-%dT%H:00:00.000000Z" if unit == "hour" else "%Y-%m-%dT00:00:00.000000Z"
        return f"strftime('{fmt}', {col})"

    next_change_seq = "(SELECT COALESCE(MAX(change_seq), 0) + 1 FROM feedback)"

    def insert_rows(self, tx, table, cols, types, rows):
        if not rows:
            return
        conv = [{c: self.ts(r[c]) for c in cols} for r in rows]
        sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join(':' + c for c in cols)})"
        tx.many(sql, conv)

    def healthcheck(self):
        with self.tx(write=False) as tx:
            tx.one("SELECT 1 AS ok")


def open_engine(settings):
    if settings.engine == "postgres":
        return PgEngine(settings.database_url, settings.pool_min, settings.pool_max)
    return SqliteEngine(settings.sqlite_path)


# --------------------------------------------------------------------------- migrations
def migration_files(engine_name):
    d = MIGRATIONS / ("postgres" if engine_name == "postgres" else "sqlite")
    out = []
    for p in sorted(d.glob("*.sql")):
        out.append((int(p.name.split("_", 1)[0]), p.name, p.read_text()))
    return out


def _build_sla_aggregates(tx, engine):
    from . import sla_agg
    sla_agg.rebuild(tx, engine)


# data steps that follow a migration's SQL, in the same transaction
POST_MIGRATION = {6: _build_sla_aggregates}


def migrate(engine) -> list[str]:
    """Apply numbered migrations not yet recorded in schema_version. Returns names applied."""
    applied = []
    with engine.tx() as tx:
        if engine.name == "postgres":
            tx.x("SELECT pg_advisory_xact_lock(727274001)")
            tx.x("CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, "
                 "name text NOT NULL, applied_at timestamptz NOT NULL)")
        else:
            tx.x("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                 "name TEXT NOT NULL, applied_at TEXT NOT NULL)")
        row = tx.one("SELECT COALESCE(MAX(version), 0) AS v FROM schema_version")
        current = row["v"]
        for version, name, sql in migration_files(engine.name):
            if version <= current:
                continue
            for stmt in _statements(sql):
                tx.x(stmt)
            if version in POST_MIGRATION:
                POST_MIGRATION[version](tx, engine)
            tx.x("INSERT INTO schema_version (version, name, applied_at) VALUES (:v, :n, :t)",
                 {"v": version, "n": name, "t": engine.ts(utcnow())})
            applied.append(name)
    return applied


def _statements(sql):
    lines = [ln for ln in sql.splitlines() if not ln.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def schema_version(engine) -> int:
    with engine.tx(write=False) as tx:
        try:
            return tx.one("SELECT COALESCE(MAX(version), 0) AS v FROM schema_version")["v"]
        except Exception as e:  # no schema_version table yet: version 0
            log.info("no schema version", extra={"error": type(e).__name__ + ": " + str(e).splitlines()[0][:200]})
            return 0


# --------------------------------------------------------------------------- store
OUTPUT_COLS = ("id, model_name, model_version, input, output, confidence, metadata, created_at, "
               "received_at, needs_review, review_state, lease_owner, lease_expires_at")
FEEDBACK_COLS = ("id, model_output_id, reviewer_id, approval, correction, comment, created_at, "
                 "decided_at, received_at, dwell_ms, idempotency_key, retracted_at, change_seq, reason_code, replaces")


RETRACT_LEASE_SECONDS = 1800


class Store:
    def __init__(self, engine, settings):
        self.e = engine
        self.s = settings
        self.on_decisions = None  # called after decisions or retractions were committed (SLA alerts)

    def _decided(self):
        if self.on_decisions is not None:
            self.on_decisions()

    # ---- users
    def create_user(self, username, display_name, role, password_hash):
        """The name is NFKC-normalised and checked (security.BadUsername); unique case-insensitively."""
        from .security import normalize_username, username_key
        username = normalize_username(username)
        uid = str(uuid.uuid4())
        with self.e.tx() as tx:
            tx.x("INSERT INTO users (id, username, username_key, display_name, role, password_hash, created_at, "
                 "disabled) VALUES (:id, :u, :k, :d, :r, :h, :t, :dis)",
                 {"id": uid, "u": username, "k": username_key(username), "d": display_name, "r": role,
                  "h": password_hash, "t": self.e.ts(utcnow()), "dis": False})
        return uid

    def user_by_name(self, username):
        from .security import username_key
        with self.e.tx(write=False) as tx:
            return tx.one("SELECT * FROM users WHERE username_key = :k", {"k": username_key(username)})

    def user_by_id(self, uid):
        try:
            uid = str(uuid.UUID(str(uid)))
        except ValueError:
            return None
        with self.e.tx(write=False) as tx:
            return tx.one("SELECT * FROM users WHERE id = :id", {"id": uid})

    def list_users(self):
        with self.e.tx(write=False) as tx:
            return tx.q("SELECT u.id, u.username, u.display_name, u.role, u.disabled, u.created_at, "
                        "(SELECT COUNT(*) FROM feedback f WHERE f.reviewer_id = u.id) AS decisions "
                        "FROM users u ORDER BY u.username_key")

    def set_password_hash(self, uid, h):
        with self.e.tx() as tx:
            tx.x("UPDATE users SET password_hash = :h WHERE id = :id", {"h": h, "id": str(uid)})

    def _end_sessions(self, tx, uid, now):
        """Refresh tokens revoked, access tokens issued until now refused, leases handed back."""
        p = {"id": str(uid), "now": self.e.ts(now)}
        tx.x("UPDATE refresh_tokens SET revoked_at = :now WHERE user_id = :id AND revoked_at IS NULL", p)
        tx.x("UPDATE users SET tokens_valid_after = :now WHERE id = :id", p)
        tx.x("UPDATE model_outputs SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = :id", p)

    def set_disabled(self, username, disabled: bool):
        """Returns the user id, or None when there is no such user."""
        u = self.user_by_name(username)
        if u is None:
            return None
        with self.e.tx() as tx:
            tx.x("UPDATE users SET disabled = :d WHERE id = :id", {"d": bool(disabled), "id": str(u["id"])})
            if disabled:
                self._end_sessions(tx, u["id"], utcnow())
        return str(u["id"])

    def reset_password(self, username, password_hash):
        u = self.user_by_name(username)
        if u is None:
            return None
        with self.e.tx() as tx:
            tx.x("UPDATE users SET password_hash = :h WHERE id = :id", {"h": password_hash, "id": str(u["id"])})
            self._end_sessions(tx, u["id"], utcnow())
        return str(u["id"])

    def remove_user(self, username):
        """("removed", id) | ("missing", None) | ("has_decisions", n): decisions are the audit trail
        and reference the account, so such an account can only be disabled."""
        u = self.user_by_name(username)
        if u is None:
            return "missing", None
        uid = str(u["id"])
        with self.e.tx() as tx:
            n = int(tx.one("SELECT COUNT(*) AS n FROM feedback WHERE reviewer_id = :id", {"id": uid})["n"])
            if n:
                return "has_decisions", n
            tx.x("UPDATE model_outputs SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = :id",
                 {"id": uid})
            tx.x("DELETE FROM refresh_tokens WHERE user_id = :id", {"id": uid})
            tx.x("DELETE FROM idempotency_keys WHERE reviewer_id = :id", {"id": uid})
            tx.x("DELETE FROM users WHERE id = :id", {"id": uid})
        return "removed", uid

    # ---- refresh tokens (stored hashed)
    def add_refresh_token(self, user_id, token_hash, expires_at):
        with self.e.tx() as tx:
            tx.x("INSERT INTO refresh_tokens (id, user_id, token_hash, created_at, expires_at) "
                 "VALUES (:id, :u, :h, :c, :e)",
                 {"id": str(uuid.uuid4()), "u": str(user_id), "h": token_hash,
                  "c": self.e.ts(utcnow()), "e": self.e.ts(expires_at)})

    def use_refresh_token(self, token_hash):
        """Consume a refresh token (rotation). Returns the user row or None.
        Reuse of an already-used token revokes every refresh token of that user."""
        now = utcnow()
        with self.e.tx() as tx:
            row = tx.one("UPDATE refresh_tokens SET revoked_at = :now WHERE token_hash = :h "
                         "AND revoked_at IS NULL AND expires_at > :now RETURNING user_id",
                         {"h": token_hash, "now": self.e.ts(now)})
            if row is None:
                old = tx.one("SELECT user_id, revoked_at FROM refresh_tokens WHERE token_hash = :h",
                             {"h": token_hash})
                if old is not None and old["revoked_at"] is not None:
                    # reuse: someone holds a stolen copy; end every session of the user, also the
                    # access tokens already issued
                    tx.x("UPDATE refresh_tokens SET revoked_at = :now WHERE user_id = :u AND revoked_at IS NULL",
                         {"u": str(old["user_id"]), "now": self.e.ts(now)})
                    tx.x("UPDATE users SET tokens_valid_after = :now WHERE id = :u",
                         {"u": str(old["user_id"]), "now": self.e.ts(now)})
                return None
            return tx.one("SELECT * FROM users WHERE id = :id AND NOT disabled", {"id": str(row["user_id"])})

    # ---- sign-in attempts (rate limiting across worker processes)
    def login_retry_after(self, limits, window_s):
        """limits: {key: max attempts}. 0 when allowed, else seconds until the oldest counted attempt ages out."""
        with self.e.tx(write=False) as tx:
            return self._retry_after(tx, limits, window_s, utcnow())

    def _retry_after(self, tx, limits, window_s, now):
        cut = now - timedelta(seconds=window_s)
        worst = 0
        for key, limit in limits.items():
            rows = tx.q("SELECT at FROM login_failures WHERE key = :k AND at > :cut ORDER BY at DESC LIMIT :n",
                        {"k": key, "cut": self.e.ts(cut), "n": limit})
            if len(rows) >= limit:
                oldest = parse_ts(rows[-1]["at"])
                worst = max(worst, int(window_s - (now - oldest).total_seconds()) + 1)
        return worst

    def login_attempt(self, limits, window_s):
        """Count-then-check in one transaction: (retry_after, None) when over a limit (nothing
        recorded), else (0, attempt) with the attempt recorded under every key. PostgreSQL: an
        advisory lock per key serialises concurrent attempts; SQLite: BEGIN IMMEDIATE does."""
        now = utcnow()
        with self.e.tx() as tx:
            if self.e.name == "postgres":
                for k in sorted(limits):
                    tx.x("SELECT pg_advisory_xact_lock(727274002, hashtext(:k))", {"k": k})
            wait = self._retry_after(tx, limits, window_s, now)
            if wait:
                return wait, None
            at = self.e.ts(now)
            for k in limits:
                tx.x("INSERT INTO login_failures (key, at) VALUES (:k, :t)", {"k": k, "t": at})
            tx.x("DELETE FROM login_failures WHERE at < :cut",
                 {"cut": self.e.ts(now - timedelta(seconds=window_s))})
        return 0, {"keys": list(limits), "at": at}

    def login_succeeded(self, user_key, attempt=None):
        """Forget the user's failures, and take back this attempt under its other keys (the address)."""
        rid = "ctid" if self.e.name == "postgres" else "rowid"
        with self.e.tx() as tx:
            tx.x("DELETE FROM login_failures WHERE key = :k", {"k": user_key})
            for k in (attempt or {}).get("keys", []):
                if k != user_key:
                    tx.x(f"DELETE FROM login_failures WHERE {rid} IN (SELECT {rid} FROM login_failures "
                         "WHERE key = :k AND at = :t LIMIT 1)", {"k": k, "t": attempt["at"]})

    # ---- outputs
    def insert_outputs(self, rows):
        cols = ["id", "model_name", "model_version", "input", "output", "confidence", "metadata",
                "created_at", "received_at", "needs_review", "review_state"]
        types = ["uuid", "text", "text", "text", "text", "float8", "text", "timestamptz", "timestamptz",
                 "boolean", "text"]
        with self.e.tx() as tx:
            self.e.insert_rows(tx, "model_outputs", cols, types, rows)
            sla_agg.apply_arrivals(tx, self.e, [r["id"] for r in rows if r["needs_review"]])

    def get_outputs(self, ids):
        params = {}
        with self.e.tx(write=False) as tx:
            return tx.q(f"SELECT {OUTPUT_COLS} FROM model_outputs WHERE "
                        f"{self.e.uuid_in('id', 'ids', ids, params)}", params)

    def lease(self, reviewer_id, limit, lease_seconds, include_held=True):
        now = utcnow()
        exp = now + timedelta(seconds=lease_seconds)
        p = {"me": str(reviewer_id), "now": self.e.ts(now), "limit": limit}
        with self.e.tx() as tx:
            own = [] if not include_held else tx.q("SELECT id FROM model_outputs WHERE lease_owner = :me AND lease_expires_at > :now "
                       "AND review_state = 'pending' ORDER BY created_at, confidence LIMIT :limit "
                       f"{self.e.skip_locked}", p)
            ids = [r["id"] for r in own]
            # the offline ceiling: one reviewer never holds more than max_held_per_reviewer outputs
            if self.e.name == "postgres":  # two lease calls of one reviewer at once: counted one after the other
                tx.x("SELECT pg_advisory_xact_lock(727274003, hashtext(:me))", p)
            held = int(tx.one("SELECT COUNT(*) AS n FROM model_outputs WHERE lease_owner = :me AND lease_expires_at > :now "
                              "AND review_state = 'pending'", p)["n"])
            room = max(0, self.s.max_held_per_reviewer - held)
            if len(ids) < limit and room > 0:
                p2 = dict(p, limit=min(limit - len(ids), room))
                more = tx.q("SELECT id FROM model_outputs WHERE review_state = 'pending' "
                            "AND (lease_expires_at IS NULL OR lease_expires_at <= :now) "
                            f"ORDER BY created_at, confidence LIMIT :limit {self.e.skip_locked}", p2)
                ids += [r["id"] for r in more]
            if not ids:
                return [], now
            up = {"me": str(reviewer_id), "exp": self.e.ts(exp), "now": self.e.ts(now)}
            # a renewal by the same reviewer keeps the first grant: decisions made under it stay valid
            rows = tx.q("UPDATE model_outputs SET lease_granted_at = CASE WHEN lease_owner = :me AND "
                        "lease_granted_at IS NOT NULL THEN lease_granted_at ELSE :now END, "
                        "lease_owner = :me, lease_expires_at = :exp WHERE "
                        f"{self.e.uuid_in('id', 'ids', ids, up)} RETURNING {OUTPUT_COLS}", up)
        own_set = {str(r["id"]) for r in own}
        rows.sort(key=lambda r: (str(r["id"]) not in own_set, parse_ts(r["created_at"]), r["confidence"]))
        return rows, now

    def release(self, reviewer_id, ids):
        now = utcnow()
        p = {"me": str(reviewer_id), "now": self.e.ts(now)}
        with self.e.tx() as tx:
            rows = tx.q("UPDATE model_outputs SET lease_owner = NULL, lease_expires_at = NULL, lease_granted_at = NULL WHERE "
                        f"{self.e.uuid_in('id', 'ids', ids, p)} AND lease_owner = :me "
                        "AND lease_expires_at > :now AND review_state = 'pending' RETURNING id", p)
        return [str(r["id"]) for r in rows]

    # ---- feedback
    def submit_feedback(self, reviewer_id, items):
        """items: list of dicts {key, hash, body} with body already validated/normalised.
        Returns one (kind, http_status, payload) per item:
        kind in accepted | replay | conflict | not_found | key_reuse."""
        for attempt in range(4):
            try:
                with self.e.tx() as tx:
                    out = self._submit(tx, str(reviewer_id), items)
                if any(r[0] == "accepted" for r in out):
                    self._decided()
                return out
            except IntegrityConflict:
                # a concurrent request claimed the same key or output; the retry sees it
                if attempt == 3:
                    raise

    def _submit(self, tx, reviewer_id, items):
        e = self.e
        now = utcnow()
        results = [None] * len(items)
        keys = list({it["key"] for it in items})
        existing = {}
        if keys:
            # answers given before: feedback made with the key (201), or a stored other answer (409)
            p = {}
            for r in tx.q(f"SELECT {FEEDBACK_COLS}, request_hash FROM feedback WHERE "
                          f"{e.uuid_in('idempotency_key', 'keys', keys, p)}", p):
                existing[str(r["idempotency_key"])] = (str(r["reviewer_id"]), r["request_hash"], 201,
                                                       feedback_json(dict(r, retracted_at=None)))
            p = {}
            for r in tx.q("SELECT CAST(key AS text) AS key, CAST(reviewer_id AS text) AS reviewer_id, request_hash, "
                          f"status_code, response FROM idempotency_keys WHERE {e.uuid_in('key', 'keys', keys, p)}", p):
                existing.setdefault(r["key"], (r["reviewer_id"], r["request_hash"], r["status_code"],
                                               json.loads(r["response"])))
        first_in_batch = {}
        todo = []
        for i, it in enumerate(items):
            k = it["key"]
            ex = existing.get(k)
            if ex is not None:
                if ex[1] != it["hash"] or ex[0] != reviewer_id:
                    results[i] = ("key_reuse", 422, None)
                else:
                    results[i] = ("replay", ex[2], ex[3])
            elif k in first_in_batch:
                j = first_in_batch[k]
                results[i] = ("same_as", j, None) if items[j]["hash"] == it["hash"] else ("key_reuse", 422, None)
            else:
                first_in_batch[k] = i
                todo.append(i)
        out_ids = list({items[i]["body"]["model_output_id"] for i in todo})
        outs, live = {}, {}
        if out_ids:
            p = {}
            # on PostgreSQL the outputs are locked: a concurrent lease (SKIP LOCKED) cannot slip in between
            lock = " ORDER BY o.id FOR UPDATE OF o" if e.name == "postgres" else ""
            for r in tx.q("SELECT CAST(o.id AS text) AS oid, o.created_at AS o_created_at, o.model_name, "
                          "o.model_version, o.needs_review, "
                          "CAST(o.lease_owner AS text) AS lease_owner, o.lease_expires_at, o.lease_granted_at, "
                          "CAST(f.id AS text) AS id, CAST(f.reviewer_id AS text) AS reviewer_id FROM model_outputs o "
                          "LEFT JOIN feedback f ON f.model_output_id = o.id AND f.retracted_at IS NULL "
                          f"WHERE {e.uuid_in('o.id', 'ids', out_ids, p)}{lock}", p):
                outs[r["oid"]] = r
                if r["id"] is not None:
                    live[r["oid"]] = r
        rep_ids = list({items[i]["body"]["replaces"] for i in todo if items[i]["body"].get("replaces")})
        reps = {}
        if rep_ids:
            p = {}
            for r in tx.q("SELECT CAST(id AS text) AS id, CAST(model_output_id AS text) AS model_output_id, "
                          "CAST(reviewer_id AS text) AS reviewer_id, retracted_at FROM feedback WHERE "
                          f"{e.uuid_in('id', 'ids', rep_ids, p)}", p):
                reps[r["id"]] = r
        fb_rows, idem_rows, retract_ids = [], [], []
        for i in todo:
            it = items[i]
            b = it["body"]
            oid = b["model_output_id"]
            if oid not in outs:
                results[i] = ("not_found", 404, None)
                continue
            holder = live.get(oid)
            rep = b.get("replaces")
            if rep:
                bad = self._replace_refusal(reps.get(rep), holder, reviewer_id, oid)
                if bad:
                    results[i] = bad
                    continue
                holder = None
            if holder is not None:
                results[i] = (self._committed_meanwhile(tx, it, reviewer_id, holder)
                              or self._conflict(tx, it, holder, reviewer_id, now, idem_rows))
                continue
            bad = self._decision_refusal(outs[oid], b["decided_at"], reviewer_id, now)
            if bad:
                results[i] = bad
                continue
            if rep:
                retract_ids.append(rep)
            fid = str(uuid.uuid4())
            row = {"id": fid, "model_output_id": oid, "reviewer_id": reviewer_id,
                   "approval": b["approval"], "correction": b["correction"], "comment": b["comment"],
                   "created_at": now, "decided_at": b["decided_at"], "received_at": now,
                   "dwell_ms": b.get("dwell_ms"), "idempotency_key": it["key"], "request_hash": it["hash"],
                   "reason_code": b.get("reason_code"), "replaces": rep}
            fb_rows.append((i, row))
            live[oid] = {"id": fid, "model_output_id": oid, "reviewer_id": reviewer_id}
            results[i] = ("accepted", 201, feedback_json(dict(row, retracted_at=None)))
        sla_agg.apply_decisions(tx, e, retract_ids, -1)
        for rid in retract_ids:  # before the inserts: one live decision per output
            tx.x(f"UPDATE feedback SET retracted_at = :now, change_seq = {e.next_change_seq} WHERE id = :id",
                 {"id": rid, "now": e.ts(now)})
        if fb_rows:
            cols = ["id", "model_output_id", "reviewer_id", "approval", "correction", "comment",
                    "created_at", "decided_at", "received_at", "dwell_ms", "idempotency_key", "request_hash",
                    "reason_code", "replaces"]
            rows = [r for _, r in fb_rows]
            if e.name == "postgres":
                params = {f"c{i}": [r[c] for r in rows] for i, c in enumerate(cols)}
                types = ["uuid", "uuid", "uuid", "boolean", "text", "text", "timestamptz", "timestamptz",
                         "timestamptz", "int8", "uuid", "text", "text", "uuid"]
                arrays = ", ".join(f"CAST(:@c{i} AS {t}[])" for i, t in enumerate(types))
                # a concurrent decision on the same output loses here (no row) and becomes a conflict
                got = {r["o"] for r in tx.q(
                    f"WITH ins AS (INSERT INTO feedback ({', '.join(cols)}, change_seq) "
                    f"SELECT *, nextval('feedback_change_seq') FROM unnest({arrays}) "
                    "ON CONFLICT (model_output_id) WHERE retracted_at IS NULL DO NOTHING "
                    "RETURNING model_output_id), "
                    "upd AS (UPDATE model_outputs m SET review_state = 'reviewed', lease_owner = NULL, "
                    "lease_expires_at = NULL, lease_granted_at = NULL FROM ins WHERE m.id = ins.model_output_id) "
                    "SELECT CAST(model_output_id AS text) AS o FROM ins", params)}
                if len(got) < len(rows):
                    lost = [(i, r) for i, r in fb_rows if r["model_output_id"] not in got]
                    p = {}
                    holders = {r["model_output_id"]: r for r in tx.q(
                        "SELECT CAST(id AS text) AS id, CAST(model_output_id AS text) AS model_output_id, "
                        "CAST(reviewer_id AS text) AS reviewer_id FROM feedback WHERE retracted_at IS NULL AND "
                        f"{e.uuid_in('model_output_id', 'ids', [r['model_output_id'] for _, r in lost], p)}", p)}
                    for i, r in lost:
                        h = holders.get(r["model_output_id"]) or {"id": None, "reviewer_id": None}
                        results[i] = (self._committed_meanwhile(tx, items[i], reviewer_id, h)
                                      or self._conflict(tx, items[i], h, reviewer_id, now, idem_rows))
            else:
                tx.many(f"INSERT INTO feedback ({', '.join(cols)}, change_seq) VALUES "
                        f"({', '.join(':' + c for c in cols)}, {e.next_change_seq})",
                        [{c: e.ts(r[c]) for c in cols} for r in rows])
                p = {}
                tx.x("UPDATE model_outputs SET review_state = 'reviewed', lease_owner = NULL, lease_expires_at = NULL, "
                     "lease_granted_at = NULL "
                     f"WHERE {e.uuid_in('id', 'ids', [r['model_output_id'] for r in rows], p)}", p)
        e.insert_rows(tx, "idempotency_keys",
                      ["key", "reviewer_id", "request_hash", "status_code", "response", "created_at"],
                      ["uuid", "uuid", "text", "int4", "text", "timestamptz"], idem_rows)
        if fb_rows:
            # last, so that the counters' rows stay locked briefly. Only rows inserted count (a lost race
            # on PostgreSQL inserted nothing: its result is no longer "accepted").
            agg = []
            for i, r in fb_rows:
                o = outs[r["model_output_id"]]
                if results[i][0] != "accepted" or not o["needs_review"]:
                    continue
                hour, day, bucket = sla_agg.row_keys(e, r["decided_at"], parse_ts(o["o_created_at"]))
                agg.append({"hour": hour, "day": day, "bucket": bucket, "model_name": o["model_name"],
                            "model_version": o["model_version"] or "", "reviewer_id": reviewer_id,
                            "approval": r["approval"], "dwell_ms": r["dwell_ms"], "reason_code": r["reason_code"]})
            sla_agg.apply_rows(tx, agg, +1)
        for i, r in enumerate(results):
            if r[0] == "same_as":
                k, st, pl = results[r[1]]
                results[i] = ("replay", st, pl) if k in ("accepted", "conflict") else (k, st, pl)
        return results

    @staticmethod
    def _refused(status, slug, field, detail, **extra):
        prob = {"type": "https://feedback-reviewer/problems/" + slug, "status": status, "detail": detail,
                "field": field, **extra}
        return ("refused", status, prob)

    def _replace_refusal(self, old, holder, reviewer_id, oid):
        if old is None:
            return self._refused(404, "not-found", "replaces", "replaces: no feedback with this id")
        if old["reviewer_id"] != reviewer_id:
            return self._refused(403, "not-yours", "replaces", "replaces: you can only replace your own feedback")
        if old["model_output_id"] != oid:
            return self._refused(422, "validation", "replaces", "replaces: that feedback is about another output")
        if old["retracted_at"] is not None or holder is None or holder["id"] != old["id"]:
            return self._refused(409, "already-retracted", "replaces",
                                 "replaces: that feedback was already retracted or replaced")
        return None

    def _decision_refusal(self, o, decided_at, reviewer_id, now):
        """Lease and time rules for a new decision on output row o (None = allowed)."""
        exp = parse_ts(o["lease_expires_at"])
        owner = o["lease_owner"]
        if owner is not None and owner != reviewer_id and exp is not None and exp > now:
            return self._refused(409, "leased-by-another", "model_output_id",
                                 f"another reviewer holds this output on a lease until {fmt_ts(exp)}",
                                 lease_expires_at=fmt_ts(exp))
        # the reviewer's clock may run behind ours (or the model's): the same tolerance as for the future
        skew = timedelta(seconds=self.s.clock_skew_seconds)
        created = parse_ts(o["o_created_at"])
        if decided_at < created - skew:
            return self._refused(422, "validation", "decided_at",
                                 f"decided_at: before the output was created ({fmt_ts(created)})")
        granted = parse_ts(o["lease_granted_at"])
        if owner == reviewer_id and granted is not None and decided_at < granted - skew:
            return self._refused(422, "validation", "decided_at",
                                 f"decided_at: before your lease on this output was granted ({fmt_ts(granted)})")
        return None

    def _committed_meanwhile(self, tx, it, reviewer_id, holder):
        """A resend racing its original (a client that timed out and tried again) can find the output
        decided by the original, committed after this request looked its key up. That is the same
        decision, so the answer is the replay, never a conflict with oneself."""
        if holder.get("reviewer_id") != reviewer_id:
            return None
        p = {}
        for r in tx.q(f"SELECT {FEEDBACK_COLS}, request_hash FROM feedback WHERE "
                      f"{self.e.uuid_in('idempotency_key', 'keys', [it['key']], p)}", p):
            if str(r["reviewer_id"]) == reviewer_id and r["request_hash"] == it["hash"]:
                return ("replay", 201, feedback_json(dict(r, retracted_at=None)))
            return ("key_reuse", 422, None)
        return None

    def _conflict(self, tx, it, holder, reviewer_id, now, idem_rows):
        mine = holder["reviewer_id"] == reviewer_id
        detail = ("you already decided this output (feedback %s); retract it first" % holder["id"]
                  if mine else "another reviewer already decided this output")
        prob = {"type": "https://feedback-reviewer/problems/already-decided", "title": "Conflict",
                "status": 409, "detail": detail, "field": "model_output_id"}
        if mine:
            prob["existing_feedback_id"] = holder["id"]
        else:
            prob.update(self._decided_first(tx, holder["id"]))
        idem_rows.append({"key": it["key"], "reviewer_id": reviewer_id, "request_hash": it["hash"],
                          "status_code": 409, "response": json.dumps(prob), "created_at": now})
        return ("conflict", 409, prob)

    def _decided_first(self, tx, feedback_id):
        """Who decided the output first and what (issue 10: "a conflict says who and what"), so that the
        refused reviewer can tell a colleague's approve from a reject. Only the username and display name
        of that reviewer: no id, no comment, no correction."""
        if feedback_id is None:
            return {}
        for r in tx.q("SELECT u.username, u.display_name, f.approval, f.decided_at FROM feedback f "
                      "JOIN users u ON u.id = f.reviewer_id WHERE f.id = :id", {"id": feedback_id}):
            return {"decided_by": {"username": r["username"], "display_name": r["display_name"]},
                    "decision": {"approval": bool(r["approval"]), "decided_at": fmt_ts(r["decided_at"])}}
        return {}

    def retract(self, feedback_id, reviewer_id):
        """Returns (status, row): ok | not_found | forbidden | already."""
        out = self._retract(feedback_id, reviewer_id)
        if out[0] == "ok":
            self._decided()
        return out

    def _retract(self, feedback_id, reviewer_id):
        now = utcnow()
        e = self.e
        with e.tx() as tx:
            if e.name == "postgres":
                # the output first, then the feedback: the same lock order as a decision that replaces it
                tx.x("SELECT 1 FROM model_outputs WHERE id = (SELECT model_output_id FROM feedback WHERE id = :id) "
                     "FOR UPDATE", {"id": str(feedback_id)})
            row = tx.one(f"SELECT {FEEDBACK_COLS} FROM feedback WHERE id = :id {e.for_update}", {"id": str(feedback_id)})
            if row is None:
                return "not_found", None
            if str(row["reviewer_id"]) != str(reviewer_id):
                return "forbidden", None
            if row["retracted_at"] is not None:
                return "already", row
            row = tx.one(f"UPDATE feedback SET retracted_at = :now, change_seq = {e.next_change_seq} "
                         f"WHERE id = :id RETURNING {FEEDBACK_COLS}", {"id": str(feedback_id), "now": e.ts(now)})
            sla_agg.apply_decisions(tx, e, [str(feedback_id)], -1)
            # back in the queue, held by the reviewer who undid it (for RETRACT_LEASE_SECONDS) to decide again
            oid = str(row["model_output_id"])
            if tx.one("SELECT needs_review FROM model_outputs WHERE id = :id", {"id": oid})["needs_review"]:
                tx.x("UPDATE model_outputs SET review_state = 'pending', lease_owner = :me, lease_expires_at = :exp, "
                     "lease_granted_at = :now WHERE id = :id",
                     {"id": oid, "me": str(reviewer_id), "now": e.ts(now),
                      "exp": e.ts(now + timedelta(seconds=RETRACT_LEASE_SECONDS))})
            else:
                tx.x("UPDATE model_outputs SET review_state = 'not_needed', lease_owner = NULL, lease_expires_at = NULL, "
                     "lease_granted_at = NULL "
                     "WHERE id = :id", {"id": oid})
            return "ok", row

    def get_feedback(self, feedback_id):
        with self.e.tx(write=False) as tx:
            return tx.one(f"SELECT {FEEDBACK_COLS} FROM feedback WHERE id = :id", {"id": str(feedback_id)})

    def purge_idempotency(self, older_than_days):
        cut = utcnow() - timedelta(days=older_than_days)
        with self.e.tx() as tx:
            return tx.x("DELETE FROM idempotency_keys WHERE created_at < :cut", {"cut": self.e.ts(cut)})

    # ---- SLA (computed in SQL)
    def _reviewed_cte(self):
        return ("r AS (SELECT f.reviewer_id, f.approval, f.decided_at, "
                f"{self.e.secs('f.decided_at', 'o.created_at')} AS ttr "
                "FROM feedback f JOIN model_outputs o ON o.id = f.model_output_id "
                "WHERE f.retracted_at IS NULL AND o.needs_review)")

    def _pct(self, p):
        pos = f"({p} * (n - 1))"
        lo = self.e.floor(pos)
        frac = f"({pos} - {lo})"
        return (f"SUM(CASE WHEN rn = {lo} THEN ttr * (1 - {frac}) "
                f"WHEN rn = {lo} + 1 THEN ttr * {frac} ELSE 0 END)")

    def sla_summary(self, target_hours, now=None):
        e = self.e
        now = now or utcnow()
        target_s = float(target_hours) * 3600.0
        cut = now - timedelta(seconds=target_s)
        since7 = now - timedelta(days=7)
        p = {"now": e.ts(now), "cut": e.ts(cut), "since7": e.ts(since7), "target_s": target_s,
             "cut7": e.ts(since7 - timedelta(seconds=target_s))}
        with e.tx(write=False) as tx:
            pend = tx.one(
                "SELECT COUNT(*) AS pending, "
                "COALESCE(SUM(CASE WHEN created_at < :cut THEN 1 ELSE 0 END), 0) AS overdue, "
                "COALESCE(SUM(CASE WHEN created_at < :cut AND created_at >= :cut7 THEN 1 ELSE 0 END), 0) AS overdue_7d, "
                f"{e.secs(':now', 'MIN(created_at)')} AS oldest "
                "FROM model_outputs WHERE review_state = 'pending' AND needs_review", p)
            agg = tx.one(
                f"WITH {self._reviewed_cte()} SELECT COUNT(*) AS reviewed, "
                "COALESCE(SUM(CASE WHEN ttr <= :target_s THEN 1 ELSE 0 END), 0) AS within_all, "
                "COALESCE(SUM(CASE WHEN decided_at >= :since7 THEN 1 ELSE 0 END), 0) AS reviewed_7d, "
                "COALESCE(SUM(CASE WHEN decided_at >= :since7 AND ttr <= :target_s THEN 1 ELSE 0 END), 0) AS within_7d, "
                "COALESCE(SUM(CASE WHEN approval THEN 1 ELSE 0 END), 0) AS approved FROM r", p)
            pct = tx.one(
                f"WITH {self._reviewed_cte()}, ranked AS (SELECT ttr, ROW_NUMBER() OVER (ORDER BY ttr) - 1 AS rn, "
                f"COUNT(*) OVER () AS n FROM r) SELECT {self._pct(0.5)} AS median, {self._pct(0.95)} AS p95, "
                "COUNT(*) AS n FROM ranked", p)
            per = tx.q(
                f"WITH {self._reviewed_cte()}, ranked AS (SELECT reviewer_id, approval, ttr, "
                "ROW_NUMBER() OVER (PARTITION BY reviewer_id ORDER BY ttr) - 1 AS rn, "
                "COUNT(*) OVER (PARTITION BY reviewer_id) AS n FROM r) "
                f"SELECT k.reviewer_id, u.username, k.reviewed, k.approved, k.median FROM ("
                f"SELECT reviewer_id, COUNT(*) AS reviewed, SUM(CASE WHEN approval THEN 1 ELSE 0 END) AS approved, "
                f"{self._pct(0.5)} AS median FROM ranked GROUP BY reviewer_id) k "
                "JOIN users u ON u.id = k.reviewer_id ORDER BY u.username", p)

        def pct_of(a, b):
            return round(100.0 * a / b, 4) if b else None

        n = int(agg["reviewed"])
        return {
            "target_hours": target_hours,
            "pending": int(pend["pending"]),
            "overdue": int(pend["overdue"]),
            "oldest_pending_age_seconds": float(pend["oldest"]) if pend["oldest"] is not None else None,
            "reviewed": n,
            "reviewed_within_target_pct_7d": pct_of(int(agg["within_7d"]), int(agg["reviewed_7d"]) + int(pend["overdue_7d"])),
            "reviewed_within_target_pct_all": pct_of(int(agg["within_all"]), n + int(pend["overdue"])),
            "median_time_to_review_seconds": float(pct["median"]) if n else None,
            "p95_time_to_review_seconds": float(pct["p95"]) if n else None,
            "approval_rate": round(int(agg["approved"]) / n, 6) if n else None,
            "reviewers": [{"reviewer_id": str(r["reviewer_id"]), "username": r["username"],
                           "reviewed": int(r["reviewed"]), "approved": int(r["approved"]),
                           "median_seconds": float(r["median"])} for r in per],
        }

    def sla_timeseries(self, bucket, since, until, target_hours):
        e = self.e
        target_s = float(target_hours) * 3600.0
        p = {"since": e.ts(since), "until": e.ts(until), "target_s": target_s}
        with e.tx(write=False) as tx:
            arr = tx.q(f"SELECT {e.bucket(bucket, 'created_at')} AS b, COUNT(*) AS n FROM model_outputs "
                       "WHERE needs_review AND created_at >= :since AND created_at < :until GROUP BY 1", p)
            rev = tx.q(f"WITH {self._reviewed_cte()} SELECT {e.bucket(bucket, 'decided_at')} AS b, COUNT(*) AS n, "
                       "SUM(CASE WHEN ttr <= :target_s THEN 1 ELSE 0 END) AS w FROM r "
                       "WHERE decided_at >= :since AND decided_at < :until GROUP BY 1", p)
            base = tx.one(
                f"WITH {self._reviewed_cte()} SELECT "
                "(SELECT COUNT(*) FROM model_outputs WHERE needs_review AND created_at < :since) - "
                "(SELECT COUNT(*) FROM r WHERE decided_at < :since) AS backlog", p)
        return ({parse_ts(r["b"]): int(r["n"]) for r in arr},
                {parse_ts(r["b"]): (int(r["n"]), int(r["w"])) for r in rev},
                int(base["backlog"]))

    # ---- export
    def export(self, since_seq, limit):
        """Changes after the cursor, in change order. On PostgreSQL, sequence numbers can commit out of
        order across concurrent transactions, so only changes older than a few seconds (settled) are
        handed out: a cursor never skips a change that commits later. SQLite writes are serialised."""
        settle = ""
        params = {"since": since_seq, "limit": limit}
        if self.e.name == "postgres" and self.s.export_settle_seconds > 0:
            settle = "AND COALESCE(f.retracted_at, f.received_at) < :settle "
            params["settle"] = utcnow() - timedelta(seconds=self.s.export_settle_seconds)
        with self.e.tx(write=False) as tx:
            return tx.q(
                "SELECT f.change_seq, f.id, f.model_output_id, o.model_name, o.model_version, o.input, o.output, "
                "o.confidence, o.created_at AS output_created_at, f.approval, f.correction, f.comment, "
                "f.reviewer_id, u.username, f.decided_at, f.received_at, f.retracted_at, f.dwell_ms, f.reason_code, "
                "f.replaces "
                "FROM feedback f JOIN model_outputs o ON o.id = f.model_output_id JOIN users u ON u.id = f.reviewer_id "
                f"WHERE f.change_seq > :since {settle}ORDER BY f.change_seq LIMIT :limit", params)


# --------------------------------------------------------------------------- JSON shapes
def output_json(r, sla_hours, now=None, with_lease=False):
    created = parse_ts(r["created_at"])
    lease_exp = parse_ts(r.get("lease_expires_at"))
    now = now or utcnow()
    state = r["review_state"]
    if state == "pending" and lease_exp is not None and lease_exp > now:
        state = "leased"
    try:
        meta = json.loads(r["metadata"]) if r.get("metadata") else {}
    except ValueError:
        meta = {}
    d = {"id": str(r["id"]), "model_name": r["model_name"], "model_version": r["model_version"],
         "input": r["input"], "output": r["output"], "confidence": float(r["confidence"]),
         "metadata": meta, "created_at": fmt_ts(created), "received_at": fmt_ts(r.get("received_at")),
         "needs_review": bool(r["needs_review"]),
         "sla_deadline": fmt_ts(created + timedelta(hours=sla_hours)), "status": state}
    if with_lease:
        d["lease_expires_at"] = fmt_ts(lease_exp)
    return d


def feedback_json(r):
    return {"id": str(r["id"]), "model_output_id": str(r["model_output_id"]), "reviewer_id": str(r["reviewer_id"]),
            "approval": bool(r["approval"]), "correction": r["correction"], "comment": r["comment"],
            "decided_at": fmt_ts(r["decided_at"]), "received_at": fmt_ts(r["received_at"]),
            "created_at": fmt_ts(r["created_at"]), "retracted_at": fmt_ts(r.get("retracted_at")),
            "dwell_ms": r.get("dwell_ms"),
            "idempotency_key": str(r["idempotency_key"]) if r.get("idempotency_key") else None,
            "reason_code": r.get("reason_code"), "replaces": str(r["replaces"]) if r.get("replaces") else None}
