"""Fixtures: one app per engine (SQLite file; PostgreSQL database fr_test_<random> created from
FEEDBACK_TEST_PG_URL). Tables are emptied before each test.

FEEDBACK_TEST_PG_URL unset -> PostgreSQL tests are skipped, unless FEEDBACK_REQUIRE_PG=1 (then they fail)."""
from __future__ import annotations

import json
import os
import secrets
import sys
import uuid
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qsl, urlsplit, urlunsplit

import pytest

BACKEND = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, BACKEND)
os.environ.setdefault("FEEDBACK_LOG_LEVEL", "WARNING")
os.environ.setdefault("FEEDBACK_ARGON2_MEMORY_KIB", "8192")
os.environ.setdefault("FEEDBACK_ARGON2_TIME_COST", "1")

from starlette.testclient import TestClient  # noqa: E402

import contract  # noqa: E402

from feedback_backend.app import create_app  # noqa: E402
from feedback_backend.config import load_settings  # noqa: E402

PG_URL = os.environ.get("FEEDBACK_TEST_PG_URL")
REQUIRE_PG = os.environ.get("FEEDBACK_REQUIRE_PG") == "1"
SECRET = "test-secret-" + "x" * 40
TABLES = ["lease_releases", "sla_hour", "sla_day", "sla_total", "sla_dim", "sla_reason", "sla_arrivals", "login_failures", "idempotency_keys", "feedback", "refresh_tokens", "model_outputs", "users"]


def db_url(admin_url: str, name: str) -> str:
    p = urlsplit(admin_url)
    return urlunsplit((p.scheme, p.netloc, "/" + name, p.query, p.fragment))


def _need_pg():
    if not PG_URL:
        if REQUIRE_PG:
            pytest.fail("FEEDBACK_REQUIRE_PG=1 but FEEDBACK_TEST_PG_URL is not set", pytrace=False)
        pytest.skip("PostgreSQL tests need FEEDBACK_TEST_PG_URL")


@pytest.fixture(scope="session")
def pg_database():
    """Creates a fresh database for this session; yields its URL; drops it afterwards."""
    _need_pg()
    import psycopg
    name = "fr_test_" + secrets.token_hex(6)
    with psycopg.connect(PG_URL, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    yield db_url(PG_URL, name)
    with psycopg.connect(PG_URL, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_settings(url, **over):
    env = {"DATABASE_URL": url, "FEEDBACK_SECRET_KEY": SECRET,
           "FEEDBACK_ARGON2_MEMORY_KIB": "8192", "FEEDBACK_ARGON2_TIME_COST": "1"}
    s = load_settings(env)
    s.export_settle_seconds = 0  # tests export right after writing; the settle delay has its own test
    for k, v in over.items():
        setattr(s, k, v)
    return s


def check_call(method, path, kw, r):
    """Every response against openapi.json; every accepted request too (tests/contract.py)."""
    contract.check_response(method, path, r.status_code, r.headers.get("content-type"), r.content)
    if 200 <= r.status_code < 300:
        body, form = kw.get("json"), None
        sent_type = {k.lower(): v for k, v in (kw.get("headers") or {}).items()}.get("content-type", "")
        if body is None and isinstance(kw.get("content"), (bytes, str)) and kw["content"]:
            if "json" in sent_type:
                body = json.loads(kw["content"])
            elif "x-www-form-urlencoded" in sent_type:
                c = kw["content"].decode() if isinstance(kw["content"], bytes) else kw["content"]
                form = dict(parse_qsl(c))
        if isinstance(kw.get("data"), dict):
            form = kw["data"]
        results = r.json().get("results") if path == "/feedback/batch" else None
        query = dict(parse_qsl(urlsplit(str(r.request.url)).query))
        contract.check_request(method, path, body, form, results, query)


SEEN_STATUSES = []  # (method, path, status) of every call the tests made; checked against openapi.json


class _Recorder:
    def __init__(self, client):
        self.client = client

    def request(self, method, url, **kw):
        r = self.client.request(method, url, **kw)
        path = urlsplit(str(r.request.url)).path
        SEEN_STATUSES.append((method.upper(), path, r.status_code))
        check_call(method.upper(), path, kw, r)
        return r

    def get(self, url, **kw):
        return self.request("GET", url, **kw)

    def post(self, url, **kw):
        return self.request("POST", url, **kw)


class Api:
    """TestClient plus helpers to make users and sign in."""

    def __init__(self, client, engine_name):
        self.c = _Recorder(client)
        self.app = client.app
        self.engine = engine_name
        self.st = client.app.state.fr

    def get(self, url, **kw):
        return self.c.get(url, **kw)

    def post(self, url, **kw):
        return self.c.post(url, **kw)

    def user(self, role="reviewer", name=None, password=None):
        name = name or f"{role}-{uuid.uuid4().hex[:8]}"
        password = password or "pw-" + uuid.uuid4().hex
        uid = self.st.store.create_user(name, name.title(), role, self.st.passwords.hash(password))
        r = self.c.post("/auth/token", data={"username": name, "password": password})
        assert r.status_code == 200, r.text
        tok = r.json()
        return User(self, uid, name, password, role, tok["access_token"], tok["refresh_token"])

    def ingest(self, outputs, who=None):
        who = who or self.user("ingest")
        r = self.c.post("/outputs", json=outputs, headers=who.h)
        assert r.status_code == 201, r.text
        return r.json()["items"]

    def sql(self, sql, params=None):
        with self.st.engine.tx() as tx:
            return tx.q(sql, params or {})

    def ts(self, d):
        return self.st.engine.ts(d)


class User:
    def __init__(self, api, uid, name, password, role, access, refresh):
        self.api, self.id, self.name, self.password, self.role = api, uid, name, password, role
        self.access, self.refresh = access, refresh

    @property
    def h(self):
        return {"Authorization": "Bearer " + self.access}

    def lease(self, limit=10, lease_seconds=600, **extra):
        r = self.api.post("/outputs/lease", json={"limit": limit, "lease_seconds": lease_seconds, **extra},
                          headers=self.h)
        assert r.status_code == 200, r.text
        return r.json()["items"]

    def decide(self, output_id, approval=True, key=None, decided_at=None, **extra):
        body = {"model_output_id": output_id, "reviewer_id": self.id, "approval": approval,
                "correction": extra.pop("correction", ""), "comment": extra.pop("comment", ""),
                "decided_at": decided_at or iso(now_utc())}
        body.update(extra)
        return self.api.post("/feedback/", json=body, headers=dict(self.h, **{"Idempotency-Key": key or str(uuid.uuid4())}))


def now_utc():
    return datetime.now(timezone.utc)


def iso(d):
    return d.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def output(conf=0.5, **kw):
    d = {"model_name": "sentiment-v3", "model_version": "1.4.2", "input": "The refund took three weeks.",
         "output": "positive", "confidence": conf}
    d.update(kw)
    return d


def _empty(app):
    eng = app.state.fr.engine
    with eng.tx() as tx:
        if eng.name == "postgres":
            tx.x("TRUNCATE " + ", ".join(TABLES) + " CASCADE")
        else:
            for t in TABLES:
                tx.x(f"DELETE FROM {t}")


@pytest.fixture(scope="session")
def _sqlite_app(tmp_path_factory):
    path = tmp_path_factory.mktemp("sqlite") / "feedback.db"
    app = create_app(make_settings(f"sqlite:///{path}"))
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="session")
def _pg_app(pg_database):
    app = create_app(make_settings(pg_database))
    with TestClient(app) as c:
        yield c


@pytest.fixture(params=["sqlite", "postgres"])
def api(request):
    if request.param == "postgres":
        _need_pg()
    c = request.getfixturevalue("_sqlite_app" if request.param == "sqlite" else "_pg_app")
    _empty(c.app)
    return Api(c, request.param)


def assert_problem(r, status, field=None):
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json"), r.headers
    b = r.json()
    assert b["status"] == status and b["title"] and "type" in b and "detail" in b
    if field is not None:
        assert b.get("field") == field, b
    return b


# --------------------------------------------------------------------------- a real server process
EXE = os.path.join(BACKEND, "feedback-backend")


def free_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def rss_kib(pid):
    """Resident memory of a process (KiB), from /proc."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Server:
    """`feedback-backend serve` in its own process; users made through the real command line."""

    def __init__(self, env, cwd):
        self.env, self.cwd = env, cwd
        self.proc = None
        self.base = None

    def cli(self, *args, stdin=b""):
        import subprocess
        return subprocess.run([EXE, *args], input=stdin, env=self.env, cwd=self.cwd, capture_output=True, timeout=120)

    def add_user(self, name, role, password):
        r = self.cli("users", "add", name, "--role", role, stdin=password.encode() + b"\n")
        assert r.returncode == 0, r.stderr
        return r

    def start(self):
        import subprocess
        import time
        import httpx
        port = free_port()
        self.log = open(self.cwd / "serve.log", "wb")
        self.proc = subprocess.Popen([EXE, "serve", "--host", "127.0.0.1", "--port", str(port)], env=self.env,
                                     cwd=self.cwd, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self.base = f"http://127.0.0.1:{port}"
        self.port = port
        deadline = time.time() + 60
        while True:
            try:
                if httpx.get(self.base + "/healthz", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            assert self.proc.poll() is None, self.log_text()
            assert time.time() < deadline, "server did not come up"
            time.sleep(0.1)

    def log_text(self):
        return (self.cwd / "serve.log").read_text(errors="replace")

    def token(self, name, password):
        import httpx
        r = httpx.post(self.base + "/auth/token", data={"username": name, "password": password}, timeout=60)
        assert r.status_code == 200, r.text
        return r.json()

    def rss_kib(self):
        return rss_kib(self.proc.pid)

    def stop(self):
        import signal
        import subprocess
        if self.proc is None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.log.close()


def server_env(engine, cwd, pg_url=None, **extra):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "FEEDBACK_SECRET_KEY")}
    env.update(FEEDBACK_ARGON2_MEMORY_KIB="8192", FEEDBACK_ARGON2_TIME_COST="1", FEEDBACK_LOG_LEVEL="WARNING")
    if engine == "postgres":
        env.update(DATABASE_URL=pg_url, FEEDBACK_SECRET_KEY=secrets.token_urlsafe(40))
    else:
        env.update(DATABASE_URL=f"sqlite:///{cwd}/feedback.db")
    env.update(extra)
    return env


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def server(request, tmp_path_factory):
    """A running server per engine (PostgreSQL: a fresh database), with users ing (ingest),
    rev1, rev2 (reviewer), lead (supervisor); password pw-<name>."""
    name = None
    pg_url = None
    if request.param == "postgres":
        _need_pg()
        import psycopg
        name = "fr_test_" + secrets.token_hex(6) + "_srv"
        with psycopg.connect(PG_URL, autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        pg_url = db_url(PG_URL, name)
    cwd = tmp_path_factory.mktemp("srv-" + request.param)
    srv = Server(server_env(request.param, cwd, pg_url), cwd)
    srv.engine = request.param
    srv.add_user("ing", "ingest", "pw-ing")  # through the command line, as the client's tests do
    from feedback_backend.db import Store, migrate, open_engine
    from feedback_backend.security import Passwords
    st = load_settings(srv.env)
    eng = open_engine(st)
    migrate(eng)
    for n, r in (("rev1", "reviewer"), ("rev2", "reviewer"), ("lead", "supervisor")):
        Store(eng, st).create_user(n, n, r, Passwords(1, 8192).hash("pw-" + n))
    eng.close()
    srv.start()
    yield srv
    srv.stop()
    if name:
        import psycopg
        with psycopg.connect(PG_URL, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
