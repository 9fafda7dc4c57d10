"""The command line: users add (password on stdin), duplicate user, load-samples, migrate."""
import os
import sqlite3
import subprocess

from conftest import BACKEND

EXE = os.path.join(BACKEND, "feedback-backend")


def run(args, cwd, stdin=b"", env_extra=None):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "FEEDBACK_SECRET_KEY")}
    env.update(env_extra or {})
    return subprocess.run([EXE] + args, input=stdin, cwd=cwd, env=env, capture_output=True, timeout=120)


def test_users_add_and_samples_on_default_sqlite(tmp_path):
    r = run(["users", "add", "rev1", "--role", "reviewer", "--display-name", "Reviewer One"], tmp_path, b"s3cret pw\n")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "feedback.db").exists()
    secret = tmp_path / "feedback.db.secret"
    assert secret.exists() and (secret.stat().st_mode & 0o777) == 0o600
    r = run(["users", "add", "rev1", "--role", "reviewer"], tmp_path, b"other\n")
    assert r.returncode == 1 and b"already exists" in r.stderr
    r = run(["users", "add", "x", "--role", "admin"], tmp_path, b"pw\n")
    assert r.returncode != 0
    r = run(["users", "add", "nopw", "--role", "reviewer"], tmp_path, b"")
    assert r.returncode == 1 and b"password" in r.stderr
    r = run(["load-samples", "--count", "200"], tmp_path)
    assert r.returncode == 0, r.stderr
    db = sqlite3.connect(tmp_path / "feedback.db")
    n, flagged, models, short, longest = db.execute(
        "SELECT COUNT(*), SUM(needs_review), COUNT(DISTINCT model_name), MIN(length(input)), MAX(length(input)) "
        "FROM model_outputs").fetchone()
    assert n == 200 and 0 < flagged < 200 and models >= 4 and short < 40 and longest > 600
    ages = db.execute("SELECT MIN(julianday('now') - julianday(created_at)), MAX(julianday('now') - julianday(created_at)) "
                      "FROM model_outputs").fetchone()
    assert ages[0] >= 0 and 48 < ages[1] * 24 <= 60.1  # created_at spread over the last ~60 h
    pw_hash = db.execute("SELECT password_hash FROM users WHERE username='rev1'").fetchone()[0]
    assert pw_hash.startswith("$argon2") and "s3cret" not in pw_hash
    r = run(["migrate"], tmp_path)
    from feedback_backend.db import migration_files
    latest = max(v for v, _, _ in migration_files("sqlite"))
    assert r.returncode == 0 and f"schema version {latest} (up to date)".encode() in r.stdout


def test_migrations_upgrade_an_older_database(tmp_path):
    from feedback_backend.db import SqliteEngine, _statements, migrate, migration_files, schema_version
    eng = SqliteEngine(str(tmp_path / "old.db"))
    v1 = [m for m in migration_files("sqlite") if m[0] == 1][0]
    with eng.tx() as tx:  # a database made by the first release
        tx.x("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
        for stmt in _statements(v1[2]):
            tx.x(stmt)
        tx.x("INSERT INTO schema_version VALUES (1, :n, '2026-11-27T00:00:00Z')", {"n": v1[1]})
    applied = migrate(eng)
    assert applied and applied[0].startswith("0002")
    assert schema_version(eng) == max(v for v, _, _ in migration_files("sqlite"))
    with eng.tx() as tx:
        cols = {r["name"] for r in tx.q("PRAGMA table_info(feedback)")}
    assert "request_hash" in cols
    assert migrate(eng) == []
    eng.close()


def test_samples_are_deterministic():
    from feedback_backend.samples import make_samples
    from datetime import datetime, timezone
    now = datetime(2026, 11, 27, tzinfo=timezone.utc)
    a, b = make_samples(50, 7, 0.8, now), make_samples(50, 7, 0.8, now)
    strip = lambda rows: [{k: v for k, v in r.items() if k != "id"} for r in rows]
    assert strip(a) == strip(b) and strip(a) != strip(make_samples(50, 8, 0.8, now))


def test_postgres_needs_a_real_secret(tmp_path):
    r = run(["migrate"], tmp_path, env_extra={"DATABASE_URL": "postgresql://u:p@127.0.0.1:1/db"})
    assert r.returncode == 2 and b"FEEDBACK_SECRET_KEY" in r.stderr
    r = run(["serve"], tmp_path, env_extra={"DATABASE_URL": "postgresql://u:p@127.0.0.1:1/db", "FEEDBACK_SECRET_KEY": "secret"})
    assert r.returncode == 2 and b"FEEDBACK_SECRET_KEY" in r.stderr
