#!/usr/bin/python3
"""Benchmarks against PostgreSQL (prints figures; not a test).

    /usr/bin/python3 backend/bench/bench.py --pg-url postgresql://postgres@127.0.0.1:PORT/postgres

(or set FEEDBACK_TEST_PG_URL). Creates a throwaway database, runs `feedback-backend serve --workers N`.
1. 10,000 decisions through POST /feedback/batch vs the seed-style endpoint (new connection per
   request, one request per decision) and vs the ceiling (one executemany in one transaction).
2. 50 concurrent reviewers leasing batches of 50 from 100,000 pending outputs.
"""
import argparse
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit, urlunsplit

HERE = os.path.dirname(os.path.abspath(__file__))
BACKEND = os.path.dirname(HERE)
sys.path.insert(0, BACKEND)

import httpx  # noqa: E402
import psycopg  # noqa: E402

from feedback_backend.config import load_settings  # noqa: E402
from feedback_backend.db import Store, migrate, open_engine  # noqa: E402
from feedback_backend.security import Passwords  # noqa: E402

PW = "bench-password"


def iso(d):
    return d.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def wait_up(url, proc, timeout=60):
    t = time.time() + timeout
    while time.time() < t:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code in (200, 404, 405):
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("server did not start")


def stop(proc):
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def outputs_rows(n, conf=0.5, hours_ago=10):
    now = datetime.now(timezone.utc)
    return [{"id": str(uuid.uuid4()), "model_name": "bench", "model_version": "1", "input": f"input {i}",
             "output": "positive", "confidence": conf if conf is not None else (i % 80) / 100,
             "metadata": "{}", "created_at": now - timedelta(hours=hours_ago, seconds=i), "received_at": now,
             "needs_review": True, "review_state": "pending"} for i in range(n)]


def login(base, name):
    r = httpx.post(base + "/auth/token", data={"username": name, "password": PW}, timeout=60)
    r.raise_for_status()
    h = {"Authorization": "Bearer " + r.json()["access_token"]}
    return h, httpx.get(base + "/me", headers=h, timeout=60).json()["reviewer_id"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pg-url", default=os.environ.get("FEEDBACK_BENCH_PG_URL") or os.environ.get("FEEDBACK_TEST_PG_URL"))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--decisions", type=int, default=10_000)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--clients", type=int, default=4, help="concurrent batch senders")
    ap.add_argument("--seed-sample", type=int, default=300)
    ap.add_argument("--pending", type=int, default=100_000)
    ap.add_argument("--reviewers", type=int, default=50)
    ap.add_argument("--lease-batch", type=int, default=50)
    ap.add_argument("--lease-seconds-budget", type=float, default=60.0, help="stop the lease bench after this long")
    ap.add_argument("--skip-lease", action="store_true")
    a = ap.parse_args()
    if not a.pg_url:
        raise SystemExit("need --pg-url or FEEDBACK_TEST_PG_URL (admin URL of a PostgreSQL 15 cluster)")
    name = "fr_bench_" + secrets.token_hex(4)
    with psycopg.connect(a.pg_url, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    p = urlsplit(a.pg_url)
    dburl = urlunsplit((p.scheme, p.netloc, "/" + name, p.query, p.fragment))
    env = dict(os.environ, DATABASE_URL=dburl, FEEDBACK_SECRET_KEY=secrets.token_urlsafe(40), FEEDBACK_LOG_LEVEL="WARNING",
               FEEDBACK_DB_POOL_MAX="10")
    procs = []
    try:
        st = load_settings(env)
        eng = open_engine(st)
        migrate(eng)
        store = Store(eng, st)
        h = Passwords(1, 8192).hash(PW)
        for i in range(a.reviewers):
            store.create_user(f"rev{i:02d}", f"rev{i:02d}", "reviewer", h)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = subprocess.Popen([os.path.join(BACKEND, "feedback-backend"), "serve", "--port", str(port), "--workers",
                                 str(a.workers)], env=env, start_new_session=True)
        procs.append(proc)
        wait_up(base + "/healthz", proc)
        print(f"# PostgreSQL database {name}; backend with {a.workers} workers; {os.cpu_count()} CPUs")

        # ---------------------------------------------------------------- 1. decisions
        n = a.decisions
        rows = outputs_rows(n + n + a.seed_sample)
        for i in range(0, len(rows), 5000):
            store.insert_outputs(rows[i:i + 5000])
        api_rows, ceil_rows, seed_rows = rows[:n], rows[n:2 * n], rows[2 * n:]
        hdr, rid = login(base, "rev00")
        now = iso(datetime.now(timezone.utc))
        bodies = [{"items": [{"idempotency_key": str(uuid.uuid4()), "model_output_id": r["id"], "reviewer_id": rid,
                              "approval": (j % 3) != 0, "correction": "", "comment": "bench", "decided_at": now}
                             for j, r in enumerate(api_rows[k:k + a.batch])]} for k in range(0, n, a.batch)]
        import json
        payloads = [json.dumps(b).encode() for b in bodies]
        todo = list(range(len(payloads)))
        lock = threading.Lock()
        bad = []

        def sender():
            with httpx.Client(base_url=base, headers=dict(hdr, **{"Content-Type": "application/json"}), timeout=120) as c:
                c.get("/healthz")
                while True:
                    with lock:
                        if not todo:
                            return
                        k = todo.pop()
                    r = c.post("/feedback/batch", content=payloads[k])
                    res = r.json()["results"]
                    bad.extend(x for x in res if x["status"] != "accepted")
        ths = [threading.Thread(target=sender) for _ in range(a.clients)]
        t0 = time.perf_counter()
        for t in ths:
            t.start()
        for t in ths:
            t.join()
        api_s = time.perf_counter() - t0
        assert not bad, bad[:3]
        api_rate = n / api_s

        # seed style: its own uvicorn process, a new connection per request, one request per decision
        with psycopg.connect(dburl, autocommit=True) as c:
            c.execute("CREATE TABLE seed_feedback (id SERIAL PRIMARY KEY, model_output_id UUID NOT NULL, "
                      "reviewer_id UUID NOT NULL, approval BOOLEAN, correction TEXT, comment TEXT, "
                      "created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)")
        sport = free_port()
        sproc = subprocess.Popen([sys.executable, "-m", "uvicorn", "seed_app:app", "--port", str(sport), "--log-level",
                                  "warning"], cwd=HERE, env=dict(env, SEED_DATABASE_URL=dburl), start_new_session=True)
        procs.append(sproc)
        wait_up(f"http://127.0.0.1:{sport}/docs", sproc)
        t0 = time.perf_counter()
        for r in seed_rows:
            x = httpx.post(f"http://127.0.0.1:{sport}/feedback/", json={
                "model_output_id": r["id"], "reviewer_id": rid, "approval": True, "correction": "", "comment": "bench"})
            x.raise_for_status()
        seed_s = time.perf_counter() - t0
        seed_rate = len(seed_rows) / seed_s
        stop(sproc)
        procs.remove(sproc)

        # ceiling: the same rows straight into PostgreSQL, one executemany, one transaction
        nowdt = datetime.now(timezone.utc)
        crow = [(str(uuid.uuid4()), r["id"], rid, (j % 3) != 0, "", "bench", nowdt, nowdt, nowdt, None, str(uuid.uuid4()))
                for j, r in enumerate(ceil_rows)]
        with psycopg.connect(dburl) as c:
            t0 = time.perf_counter()
            with c.transaction():
                c.cursor().executemany(
                    "INSERT INTO feedback (id, model_output_id, reviewer_id, approval, correction, comment, created_at, "
                    "decided_at, received_at, dwell_ms, idempotency_key, change_seq) VALUES "
                    "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, nextval('feedback_change_seq'))", crow)
            ceil_s = time.perf_counter() - t0
        ceil_rate = n / ceil_s
        print(f"decisions: POST /feedback/batch ({a.batch}/request, {a.clients} clients): {api_rate:,.0f}/s "
              f"({n} in {api_s:.2f} s)")
        print(f"decisions: seed-style (new connection per request, 1 per request, sample {len(seed_rows)}): "
              f"{seed_rate:,.1f}/s")
        print(f"decisions: ceiling (one executemany, one transaction): {ceil_rate:,.0f}/s ({n} in {ceil_s:.2f} s)")
        print(f"ratio batch/seed-style: {api_rate / seed_rate:,.0f}x (target >= 300x)")
        print(f"ratio batch/ceiling: {api_rate / ceil_rate:.2f} (target >= 0.5)")
        sys.stdout.flush()

        # ---------------------------------------------------------------- 2. leasing
        if a.skip_lease:
            return
        with psycopg.connect(dburl, autocommit=True) as c:
            c.execute("UPDATE model_outputs SET review_state = 'not_needed' WHERE review_state = 'pending'")
        pend = outputs_rows(a.pending, conf=None, hours_ago=50)
        for i in range(0, len(pend), 5000):
            store.insert_outputs(pend[i:i + 5000])
        with psycopg.connect(dburl, autocommit=True) as c:
            c.execute("ANALYZE")
        eng.close()
        lat, got, errs = [], {}, []
        lat_lock = threading.Lock()
        stop_at = [None]
        barrier = threading.Barrier(a.reviewers)

        def reviewer(i):
            try:
                h, me = login(base, f"rev{i:02d}")
                mine = []
                with httpx.Client(base_url=base, headers=h, timeout=120) as c:
                    barrier.wait()
                    while time.perf_counter() < stop_at[0]:
                        t = time.perf_counter()
                        r = c.post("/outputs/lease", json={"limit": a.lease_batch, "lease_seconds": 3600})
                        dt = time.perf_counter() - t
                        r.raise_for_status()
                        items = r.json()["items"]
                        with lat_lock:
                            lat.append(dt)
                        if not items:
                            break
                        mine.extend(x["id"] for x in items)
                        d = iso(datetime.now(timezone.utc))
                        r = c.post("/feedback/batch", json={"items": [
                            {"idempotency_key": str(uuid.uuid4()), "model_output_id": x["id"], "reviewer_id": me,
                             "approval": True, "correction": "", "comment": "", "decided_at": d} for x in items]})
                        r.raise_for_status()
                got[i] = mine
            except Exception as e:
                errs.append(repr(e))

        ths = [threading.Thread(target=reviewer, args=(i,)) for i in range(a.reviewers)]
        stop_at[0] = time.perf_counter() + 3600
        for t in ths:
            t.start()
        time.sleep(0.5)
        t0 = time.perf_counter()
        stop_at[0] = t0 + a.lease_seconds_budget
        for t in ths:
            t.join()
        wall = time.perf_counter() - t0
        if errs:
            print(f"errors ({len(errs)}):", errs[:3])
        if not lat:
            raise SystemExit("no lease call succeeded")
        counts = Counter(x for v in got.values() for x in v)
        doubles = sum(1 for v in counts.values() if v > 1)
        total = sum(counts.values())
        lat.sort()
        p99 = lat[min(len(lat) - 1, int(0.99 * len(lat)))] if lat else float("nan")
        print(f"leasing: {a.reviewers} reviewers x batches of {a.lease_batch} from {a.pending:,} pending "
              f"(lease, then decide via /feedback/batch): {total:,} items in {wall:.1f} s = {total / wall:,.0f} items/s")
        print(f"leasing: lease call latency p50 {statistics.median(lat) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms "
              f"({len(lat)} calls); double assignments: {doubles}")
    finally:
        for pr in procs:
            stop(pr)
        with psycopg.connect(a.pg_url, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
