"""feedback-backend serve | migrate | users add|list|disable|enable|remove|passwd | load-samples"""
from __future__ import annotations

import argparse
import os
import sys

from .config import ConfigError, load_settings


def _die(msg, code=1):
    print(f"feedback-backend: {msg}", file=sys.stderr)
    return code


def cmd_serve(a, s):
    import uvicorn
    from .db import migrate, open_engine
    eng = open_engine(s)
    try:
        applied = migrate(eng)
    finally:
        eng.close()
    if applied:
        print(f"feedback-backend: applied migrations {', '.join(applied)}", file=sys.stderr)
    workers = a.workers or 1
    if workers > 1 and s.engine == "sqlite":
        print("feedback-backend: SQLite runs in one process; ignoring --workers", file=sys.stderr)
        workers = 1
    os.environ.setdefault("DATABASE_URL", s.database_url)
    if s.engine == "sqlite":
        os.environ.setdefault("FEEDBACK_SECRET_KEY", s.secret_key)
    uvicorn.run("feedback_backend.app:app_from_env", factory=True, host=a.host, port=a.port, workers=workers,
                access_log=False, log_level=os.environ.get("FEEDBACK_UVICORN_LOG_LEVEL", "warning"),
                proxy_headers=False, timeout_keep_alive=30)
    return 0


def cmd_migrate(a, s):
    from .db import migrate, open_engine, schema_version
    eng = open_engine(s)
    try:
        applied = migrate(eng)
        print(f"schema version {schema_version(eng)}" + (f" (applied {', '.join(applied)})" if applied else " (up to date)"))
    finally:
        eng.close()
    return 0


def _read_password():
    password = sys.stdin.readline().rstrip("\r\n")
    return password or None


def _store(s):
    from .db import Store, migrate, open_engine
    eng = open_engine(s)
    migrate(eng)
    return eng, Store(eng, s)


def cmd_users_add(a, s):
    from .db import IntegrityConflict
    from .security import BadUsername, Passwords, normalize_username
    try:
        name = normalize_username(a.name)
    except BadUsername as e:
        return _die(f"NAME {a.name!r}: {e}")
    password = _read_password()
    if not password:
        return _die("no password on stdin (one line expected)")
    eng, store = _store(s)
    try:
        h = Passwords(s.argon2_time_cost, s.argon2_memory_kib).hash(password)
        try:
            uid = store.create_user(name, a.display_name or name, a.role, h)
        except IntegrityConflict:
            return _die(f"user {name!r} already exists (names are compared case-insensitively)")
        print(f"added {a.role} {name} ({uid})")
    finally:
        eng.close()
    return 0


def cmd_users_list(a, s):
    eng, store = _store(s)
    try:
        for u in store.list_users():
            state = "disabled" if u["disabled"] else "active"
            print(f"{u['username']}\t{u['role']}\t{state}\t{u['decisions']} decisions\t{u['id']}")
    finally:
        eng.close()
    return 0


def cmd_users_change(a, s):
    """disable | enable | remove | passwd: effective on the caller's next request (a few seconds at most)."""
    from .security import Passwords
    eng, store = _store(s)
    try:
        if a.ucmd in ("disable", "enable"):
            uid = store.set_disabled(a.name, a.ucmd == "disable")
            if uid is None:
                return _die(f"no user {a.name!r}")
            print(f"{a.ucmd}d {a.name}")
        elif a.ucmd == "passwd":
            password = _read_password()
            if not password:
                return _die("no password on stdin (one line expected)")
            uid = store.reset_password(a.name, Passwords(s.argon2_time_cost, s.argon2_memory_kib).hash(password))
            if uid is None:
                return _die(f"no user {a.name!r}")
            print(f"new password for {a.name}; signed out everywhere")
        elif a.ucmd == "remove":
            what, n = store.remove_user(a.name)
            if what == "missing":
                return _die(f"no user {a.name!r}")
            if what == "has_decisions":
                return _die(f"{a.name} made {n} decisions (the audit trail refers to them); "
                            f"use `users disable {a.name}` instead")
            print(f"removed {a.name}")
    finally:
        eng.close()
    return 0


def cmd_load_samples(a, s):
    from .db import Store, migrate, open_engine
    from .samples import make_samples
    eng = open_engine(s)
    try:
        migrate(eng)
        rows = make_samples(a.count, a.seed, s.review_threshold)
        Store(eng, s).insert_outputs(rows)
        flagged = sum(1 for r in rows if r["needs_review"])
        print(f"loaded {len(rows)} sample outputs ({flagged} need review)")
    finally:
        eng.close()
    return 0


def main(argv=None):
    p = argparse.ArgumentParser(prog="feedback-backend", description="Feedback Reviewer backend (API v1)")
    sub = p.add_subparsers(dest="cmd", required=True)
    sp = sub.add_parser("serve", help="run the HTTP API")
    sp.add_argument("--host", default="127.0.0.1")
    sp.add_argument("--port", type=int, default=8080)
    sp.add_argument("--workers", type=int, default=1, help="worker processes (PostgreSQL only)")
    sub.add_parser("migrate", help="apply database migrations")
    up = sub.add_parser("users", help="manage users")
    usub = up.add_subparsers(dest="ucmd", required=True)
    ua = usub.add_parser("add", help="add a user; password on stdin (one line)")
    ua.add_argument("name")
    ua.add_argument("--role", required=True, choices=["reviewer", "supervisor", "ingest"])
    ua.add_argument("--display-name", default=None)
    usub.add_parser("list", help="list users (name, role, state, decisions, id)")
    for c, h in (("disable", "refuse the user's sign-ins and tokens from the next request on"),
                 ("enable", "allow a disabled user again"),
                 ("remove", "delete a user who made no decisions (otherwise: disable)"),
                 ("passwd", "set a new password (stdin, one line); ends the user's sessions")):
        usub.add_parser(c, help=h).add_argument("name")
    ls = sub.add_parser("load-samples", help="insert realistic demo outputs")
    ls.add_argument("--count", type=int, default=300)
    ls.add_argument("--seed", type=int, default=42)
    a = p.parse_args(argv)
    try:
        s = load_settings()
    except ConfigError as e:
        return _die(str(e), 2)
    if a.cmd == "serve":
        return cmd_serve(a, s)
    if a.cmd == "migrate":
        return cmd_migrate(a, s)
    if a.cmd == "users":
        return {"add": cmd_users_add, "list": cmd_users_list}.get(a.ucmd, cmd_users_change)(a, s)
    if a.cmd == "load-samples":
        if a.count < 0 or a.count > 1_000_000:
            return _die("--count must be within 0..1000000", 2)
        return cmd_load_samples(a, s)
    return 2
