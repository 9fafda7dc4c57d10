"""A real `feedback-backend serve --workers 3` against PostgreSQL; 20 reviewers lease concurrently."""
import os
import secrets
import signal
import socket
import subprocess
import threading
import time
import uuid
from collections import Counter

import httpx
import pytest

from conftest import BACKEND, PG_URL, _need_pg, db_url, iso, now_utc, output

EXE = os.path.join(BACKEND, "feedback-backend")


def _free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _need_pg()
    import psycopg
    name = "fr_test_" + secrets.token_hex(6) + "_mp"
    with psycopg.connect(PG_URL, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    env = dict(os.environ, DATABASE_URL=db_url(PG_URL, name), FEEDBACK_SECRET_KEY=secrets.token_urlsafe(40),
               FEEDBACK_ARGON2_MEMORY_KIB="8192", FEEDBACK_ARGON2_TIME_COST="1", FEEDBACK_LOG_LEVEL="WARNING",
               FEEDBACK_DB_POOL_MAX="8")
    cwd = tmp_path_factory.mktemp("mp")
    # users through the real command line (password on stdin)
    users = {"ing": "ingest"} | {f"rev{i:02d}": "reviewer" for i in range(20)}
    procs = [subprocess.Popen([EXE, "users", "add", n, "--role", r], stdin=subprocess.PIPE, env=env, cwd=cwd,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for n, r in list(users.items())[:1]]
    for p in procs:
        out, err = p.communicate(b"pw-" + b"x" * 10 + b"\n", timeout=60)
        assert p.returncode == 0, err
    from feedback_backend.config import load_settings
    from feedback_backend.db import Store, migrate, open_engine
    from feedback_backend.security import Passwords
    st = load_settings(env)
    eng = open_engine(st)
    migrate(eng)
    store, pw = Store(eng, st), Passwords(1, 8192)
    h = pw.hash("pw-xxxxxxxxxx")
    for n, r in list(users.items())[1:]:
        store.create_user(n, n, r, h)
    eng.close()
    port = _free_port()
    log = open(cwd / "serve.log", "wb")
    proc = subprocess.Popen([EXE, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "3"],
                            env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        assert proc.poll() is None, (cwd / "serve.log").read_text()
        assert time.time() < deadline, "server did not come up"
        time.sleep(0.2)
    yield base, list(users), env["DATABASE_URL"]
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    log.close()
    with psycopg.connect(PG_URL, autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _login(base, name):
    r = httpx.post(base + "/auth/token", data={"username": name, "password": "pw-xxxxxxxxxx"}, timeout=30)
    assert r.status_code == 200, r.text
    tok = r.json()["access_token"]
    me = httpx.get(base + "/me", headers={"Authorization": "Bearer " + tok}, timeout=30).json()
    return {"Authorization": "Bearer " + tok}, me["reviewer_id"]


def test_20_reviewers_leasing_concurrently_never_share(server):
    base, names, dburl = server
    ing, _ = _login(base, "ing")
    total = 1200
    with httpx.Client(base_url=base, headers=ing, timeout=60) as c:
        for i in range(0, total, 400):
            r = c.post("/outputs", json=[output(((i + j) % 79) / 100) for j in range(400)])
            assert r.status_code == 201, r.text
    reviewers = [n for n in names if n.startswith("rev")]
    assert len(reviewers) == 20
    leased = {n: [] for n in reviewers}
    errors = []
    start = threading.Barrier(len(reviewers))

    def work(name):
        try:
            h, rid = _login(base, name)
            with httpx.Client(base_url=base, headers=h, timeout=60) as c:
                start.wait()
                for _ in range(200):
                    r = c.post("/outputs/lease", json={"limit": 20, "lease_seconds": 600})
                    assert r.status_code == 200, r.text
                    items = r.json()["items"]
                    if not items:
                        return
                    leased[name].extend(x["id"] for x in items)
                    keep = items
                    body = {"items": [{"idempotency_key": str(uuid.uuid4()), "model_output_id": x["id"], "reviewer_id": rid,
                                       "approval": True, "correction": "", "comment": name, "decided_at": iso(now_utc())}
                                      for x in keep]}
                    r = c.post("/feedback/batch", json=body)
                    assert r.status_code == 200, r.text
                    assert {x["status"] for x in r.json()["results"]} == {"accepted"}, r.text
        except Exception as e:  # surfaced below
            errors.append(repr(e))

    threads = [threading.Thread(target=work, args=(n,)) for n in reviewers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors[:3]
    # no output handed to two reviewers (decided items never come back, so any repeat is a double hand-out)
    counts = Counter(i for ids in leased.values() for i in ids)
    doubles = [i for i, n in counts.items() if n > 1]
    assert not doubles, f"{len(doubles)} outputs handed out twice"
    assert len(counts) == total
    import psycopg
    with psycopg.connect(dburl) as conn:
        rows = conn.execute("SELECT model_output_id, count(*) FROM feedback WHERE retracted_at IS NULL GROUP BY 1").fetchall()
        pend = conn.execute("SELECT count(*) FROM model_outputs WHERE review_state = 'pending'").fetchone()[0]
    assert pend == 0
    assert len(rows) == total and all(n == 1 for _, n in rows)
    assert sum(1 for n in leased.values() if n) > 1  # the work really was shared




def test_a_resend_racing_its_original_is_a_duplicate_never_a_conflict(server):
    """A client whose request timed out sends the same batch again while the first one is still being
    applied (seen in the client's crash test on PostgreSQL: "you already decided this output")."""
    base, names, dburl = server
    ing, _ = _login(base, "ing")
    with httpx.Client(base_url=base, headers=ing, timeout=60) as c:
        r = c.post("/outputs", json=[output(0.3) for _ in range(60)])
        assert r.status_code == 201, r.text
    h, rid = _login(base, "rev19")
    with httpx.Client(base_url=base, headers=h, timeout=60) as c:
        r = c.post("/outputs/lease", json={"limit": 60, "lease_seconds": 600})
        items = r.json()["items"]
    assert items
    answers, errors = [], []
    for x in items:
        body = {"items": [{"idempotency_key": str(uuid.uuid4()), "model_output_id": x["id"], "approval": True,
                           "correction": "", "comment": "race", "decided_at": iso(now_utc())}]}
        start = threading.Barrier(2)

        def send():
            try:
                with httpx.Client(base_url=base, headers=h, timeout=60) as c:
                    start.wait()
                    r = c.post("/feedback/batch", json=body)
                    assert r.status_code == 200, r.text
                    answers.append(r.json()["results"][0]["status"])
            except Exception as e:  # surfaced below
                errors.append(repr(e))

        pair = [threading.Thread(target=send) for _ in range(2)]
        for t in pair:
            t.start()
        for t in pair:
            t.join(timeout=120)
    assert not errors, errors[:3]
    assert set(answers) <= {"accepted", "duplicate"}, Counter(answers)
    assert answers.count("accepted") == len(items)
