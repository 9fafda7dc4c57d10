#!/usr/bin/python3
"""SLA benchmark against PostgreSQL (prints figures; not a test).

    /usr/bin/python3 backend/bench/sla_bench.py --pg-url postgresql://postgres@127.0.0.1:PORT/postgres \
        --sizes 1000000,10000000 [--base-dir /path/to/an/older/backend]

Per size: a throwaway database loaded by COPY with N outputs over 60 days (3 models, about half flagged;
flagged ones decided by 20 reviewers with a log-normal time to review, median 8 h; 1 % of decisions were
retracted and made again; the recent and 0.2 % of the old ones still pending), the aggregates built as
migration 0006 does, then each SLA call timed through a running `feedback-backend serve` (median of 7
after 2 warm-ups) and compared with the old full-scan computation (Store.sla_summary / sla_timeseries).
Then (--rates) the ingest rate (POST /outputs, 1,000 per call) and decision rate (POST /feedback/batch,
500 per call, 4 clients) on a fresh database, for this tree and for --base-dir when given."""
import argparse
import io
import math
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit, urlunsplit

HERE = os.path.dirname(os.path.abspath(__file__))
BACKEND = os.path.dirname(HERE)
sys.path.insert(0, BACKEND)

import httpx  # noqa: E402
import psycopg  # noqa: E402

from feedback_backend import sla_agg  # noqa: E402
from feedback_backend.config import load_settings  # noqa: E402
from feedback_backend.db import Store, migrate, open_engine  # noqa: E402
from feedback_backend.security import Passwords  # noqa: E402
from feedback_backend.sla_store import SlaStore  # noqa: E402

PW = "bench-password"
UTC = timezone.utc


def iso(d):
    return d.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def db_url(admin, name):
    p = urlsplit(admin)
    return urlunsplit((p.scheme, p.netloc, "/" + name, p.query, p.fragment))


class Db:
    def __init__(self, admin):
        self.admin = admin
        self.name = "fr_bench_" + secrets.token_hex(5)
        with psycopg.connect(admin, autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{self.name}"')
        self.url = db_url(admin, self.name)

    def drop(self):
        with psycopg.connect(self.admin, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def serve(backend_dir, env):
    port = free_port()
    proc = subprocess.Popen([os.path.join(backend_dir, "feedback-backend"), "serve", "--port", str(port), "--workers", "1"],
                            env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    t = time.time() + 120
    while time.time() < t:
        assert proc.poll() is None, "server exited"
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return proc, base
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


def env_for(url):
    env = dict(os.environ, DATABASE_URL=url, FEEDBACK_SECRET_KEY=secrets.token_urlsafe(40), FEEDBACK_LOG_LEVEL="WARNING",
               FEEDBACK_ARGON2_MEMORY_KIB="8192", FEEDBACK_ARGON2_TIME_COST="1", FEEDBACK_EXPORT_SETTLE_SECONDS="0")
    return env


def token(base, name):
    r = httpx.post(base + "/auth/token", data={"username": name, "password": PW}, timeout=60)
    r.raise_for_status()
    return {"Authorization": "Bearer " + r.json()["access_token"]}


# --------------------------------------------------------------------------- load
def load(url, n, reviewer_ids, seed=1):
    rnd = random.Random(seed)
    now = datetime.now(UTC)
    start = now - timedelta(days=60)
    span = (now - start).total_seconds()
    models = [("sentiment", "3.1"), ("intent", "1.0"), ("toxicity", None)]
    reasons = ["wrong_label", "off_topic", "unsafe", "partial", "other"]
    t0 = time.perf_counter()
    nf = 0
    with psycopg.connect(url) as c:
        # two COPYs cannot run at once on one connection: write the feedback to a buffer first
        fbuf = io.StringIO()
        seq = 0
        with c.cursor() as cur:
            with cur.copy("COPY model_outputs (id, model_name, model_version, input, output, confidence, metadata, "
                          "created_at, received_at, needs_review, review_state) FROM STDIN") as out:
                for i in range(n):
                    oid = uuid.uuid4()
                    created = start + timedelta(seconds=span * i / n)
                    m, v = models[i % 3]
                    conf = rnd.random()
                    flagged = conf < 0.5
                    state = "not_needed"
                    if flagged:
                        ttr = math.exp(rnd.gauss(math.log(8 * 3600), 0.9))
                        decided = created + timedelta(seconds=ttr)
                        if decided < now - timedelta(minutes=5) and rnd.random() >= 0.002:
                            state = "reviewed"
                            rev = reviewer_ids[rnd.randrange(len(reviewer_ids))]
                            ok = rnd.random() < 0.7
                            if rnd.random() < 0.01:   # a retracted earlier decision
                                seq += 1
                                fbuf.write(f"{uuid.uuid4()}\t{oid}\t{rev}\t{'f' if ok else 't'}\t\t\t{decided.isoformat()}\t"
                                           f"{decided.isoformat()}\t{decided.isoformat()}\t30000\t{decided.isoformat()}\t{seq}\t\\N\n")
                            seq += 1
                            fbuf.write(f"{uuid.uuid4()}\t{oid}\t{rev}\t{'t' if ok else 'f'}\t\t\t{decided.isoformat()}\t"
                                       f"{decided.isoformat()}\t{decided.isoformat()}\t{rnd.randint(4000, 120000)}\t\\N\t{seq}\t"
                                       f"{reasons[rnd.randrange(5)] if not ok else chr(92) + 'N'}\n")
                        else:
                            state = "pending"
                        nf += 1
                    out.write_row((oid, m, v, f"input text {i} " + "lorem ipsum " * 8, "positive", conf, "{}", created,
                                   created, flagged, state))
        with c.cursor() as cur:
            fbuf.seek(0)
            with cur.copy("COPY feedback (id, model_output_id, reviewer_id, approval, correction, comment, created_at, "
                          "decided_at, received_at, dwell_ms, retracted_at, change_seq, reason_code) FROM STDIN") as fb:
                while True:
                    chunk = fbuf.read(1 << 20)
                    if not chunk:
                        break
                    fb.write(chunk)
            cur.execute("SELECT setval('feedback_change_seq', %s)", (seq + 1,))
        c.commit()
        c.autocommit = True
        c.execute("VACUUM ANALYZE model_outputs")
        c.execute("VACUUM ANALYZE feedback")
    return time.perf_counter() - t0, nf, seq


def timed(client, url, hdr, runs=7):
    for _ in range(2):
        r = client.get(url, headers=hdr)
        assert r.status_code == 200, (url, r.status_code, r.text[:300])
    ts = []
    for _ in range(runs):
        t0 = time.perf_counter()
        r = client.get(url, headers=hdr)
        ts.append(time.perf_counter() - t0)
        assert r.status_code == 200
    return statistics.median(ts) * 1000, r


def sla_size(admin, n):
    db = Db(admin)
    proc = None
    try:
        s = load_settings(env_for(db.url))
        eng = open_engine(s)
        migrate(eng)
        st = Store(eng, s)
        h = Passwords(1, 8192).hash(PW)
        st.create_user("lead", "Lead", "supervisor", h)
        revs = [st.create_user(f"rev{i:02d}", f"rev{i:02d}", "reviewer", h) for i in range(20)]
        load_s, flagged, fbn = load(db.url, n, revs)
        t0 = time.perf_counter()
        SlaStore(eng, s).rebuild_aggregates()
        build_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        diffs = SlaStore(eng, s).check_aggregates()
        check_s = time.perf_counter() - t0
        with eng.tx(write=False) as tx:
            sizes = {t: tx.one(f"SELECT COUNT(*) AS n FROM {t}")["n"] for t in sla_agg.TABLES}
        print(f"## {n:,} outputs ({flagged:,} flagged, {fbn:,} feedback rows): COPY load {load_s:.1f} s; "
              f"aggregates built in {build_s:.1f} s ({', '.join(f'{k} {v:,}' for k, v in sizes.items())}); "
              f"check against a full recomputation {check_s:.1f} s: {'equal' if not diffs else f'{len(diffs)} DIFFERENCES'}")
        env = env_for(db.url)
        env["FEEDBACK_SECRET_KEY"] = s.secret_key
        proc, base = serve(BACKEND, env)
        hdr = token(base, "lead")
        now = datetime.now(UTC)
        calls = [("summary", "/sla/summary"),
                 ("timeseries 7 d", f"/sla/timeseries?bucket=day&since={iso(now - timedelta(days=7))}"),
                 ("timeseries 60 d", f"/sla/timeseries?bucket=day&since={iso(now - timedelta(days=60))}"),
                 ("timeseries 48 h hourly", "/sla/timeseries?bucket=hour"),
                 ("overdue list", "/sla/items?kind=overdue"), ("at-risk list", "/sla/items?kind=at_risk"),
                 ("forecast", "/sla/forecast"), ("breakdown model", "/sla/breakdown?by=model"),
                 ("breakdown reviewer", "/sla/breakdown?by=reviewer"), ("breakdown reason", "/sla/breakdown?by=reason"),
                 ("histogram", "/sla/histogram"), ("leases", "/sla/leases"),
                 ("export page 10,000", "/feedback/export?limit=10000")]
        out = {}
        with httpx.Client(base_url=base, timeout=300) as c:
            for label, url in calls:
                ms, r = timed(c, url, hdr)
                out[label] = ms
                extra = ""
                if label == "summary":
                    sm = r.json()
                    extra = (f" (pending {sm['pending']:,}, overdue {sm['overdue']:,}, reviewed {sm['reviewed']:,}, "
                             f"median {sm['median_time_to_review_seconds'] / 3600:.2f} h)")
                if "list" in label:
                    extra = f" (total {r.json()['total']:,})"
                print(f"  {label:24s} {ms:8.1f} ms{extra}")
        # the old computation: a scan of all decisions
        t0 = time.perf_counter()
        old = st.sla_summary(48)
        old_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        st.sla_timeseries("day", (now - timedelta(days=60)).replace(hour=0, minute=0, second=0, microsecond=0), now, 48)
        old_ts = time.perf_counter() - t0
        new = SlaStore(eng, s).summary(48)
        print(f"  full scan (old code): summary {old_s * 1000:,.0f} ms, timeseries 60 d {old_ts * 1000:,.0f} ms; "
              f"figures: reviewed {old['reviewed']:,} vs {new['reviewed']:,}, pending {old['pending']:,} vs {new['pending']:,}, "
              f"% within 7 d {old['reviewed_within_target_pct_7d']} vs {new['reviewed_within_target_pct_7d']}, "
              f"median {old['median_time_to_review_seconds']:.0f} s vs {new['median_time_to_review_seconds']:.0f} s, "
              f"p95 {old['p95_time_to_review_seconds']:.0f} s vs {new['p95_time_to_review_seconds']:.0f} s")
        eng.close()
        return out
    finally:
        if proc:
            stop(proc)
        db.drop()


def rates(admin, backend_dir, label, n_ingest=20_000, n_dec=10_000):
    """Ingest and decision rates of a backend tree on a fresh database."""
    db = Db(admin)
    proc = None
    try:
        env = env_for(db.url)
        subprocess.run([os.path.join(backend_dir, "feedback-backend"), "migrate"], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for name, role in (("ing", "ingest"), ("rev", "reviewer")):
            subprocess.run([os.path.join(backend_dir, "feedback-backend"), "users", "add", name, "--role", role],
                           input=(PW + "\n").encode(), env=env, check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        proc, base = serve(backend_dir, env)
        hi, hr = token(base, "ing"), token(base, "rev")
        rid = httpx.get(base + "/me", headers=hr).json()["reviewer_id"]
        now = datetime.now(UTC)
        ids = []
        with httpx.Client(base_url=base, timeout=300) as c:
            t0 = time.perf_counter()
            for k in range(0, n_ingest, 1000):
                body = [{"model_name": "bench", "model_version": "1", "input": f"in {k + j}", "output": "o",
                         "confidence": 0.3, "created_at": iso(now - timedelta(hours=5))} for j in range(1000)]
                r = c.post("/outputs", json=body, headers=hi)
                assert r.status_code == 201, r.text[:200]
                ids += [x["id"] for x in r.json()["items"]]
            ing = n_ingest / (time.perf_counter() - t0)
        bodies = [{"items": [{"idempotency_key": str(uuid.uuid4()), "model_output_id": oid, "reviewer_id": rid,
                              "approval": j % 3 != 0, "correction": "", "comment": "", "decided_at": iso(now)}
                             for j, oid in enumerate(ids[k:k + 500])]} for k in range(0, n_dec, 500)]
        todo, lock = list(range(len(bodies))), threading.Lock()

        def sender():
            with httpx.Client(base_url=base, timeout=300) as c:
                while True:
                    with lock:
                        if not todo:
                            return
                        k = todo.pop()
                    r = c.post("/feedback/batch", json=bodies[k], headers=hr)
                    assert all(x["status"] == "accepted" for x in r.json()["results"])
        ths = [threading.Thread(target=sender) for _ in range(4)]
        t0 = time.perf_counter()
        for t in ths:
            t.start()
        for t in ths:
            t.join()
        dec = n_dec / (time.perf_counter() - t0)
        print(f"  rates [{label}]: ingest {ing:,.0f} outputs/s, decisions {dec:,.0f}/s")
        return ing, dec
    finally:
        if proc:
            stop(proc)
        db.drop()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pg-url", default=os.environ.get("FEEDBACK_BENCH_PG_URL") or os.environ.get("FEEDBACK_TEST_PG_URL"))
    ap.add_argument("--sizes", default="1000000")
    ap.add_argument("--base-dir", help="an older backend/ to compare the ingest and decision rates with")
    ap.add_argument("--rates-rounds", type=int, default=2)
    ap.add_argument("--rates-only", action="store_true")
    a = ap.parse_args()
    if not a.pg_url:
        raise SystemExit("--pg-url or FEEDBACK_TEST_PG_URL")
    print(f"# {os.cpu_count()} CPUs (shared machine: timings are noisy)")
    res = {}
    for n in [int(x) for x in a.sizes.split(",") if x]:
        res[n] = sla_size(a.pg_url, n)
    if len(res) > 1:
        lo, hi = min(res), max(res)
        print(f"## {hi:,} vs {lo:,}: " + ", ".join(f"{k} {res[hi][k] / res[lo][k]:.2f}x" for k in res[lo]))
    if res:
        worst = max(v for r in res.values() for k, v in r.items() if not k.startswith("export"))
        print(f"## slowest SLA call {worst:.1f} ms (target < 100 ms)")
    if a.base_dir:
        mine, base = [], []
        for _ in range(a.rates_rounds):  # interleaved: the machine's load changes
            base.append(rates(a.pg_url, a.base_dir, "base"))
            mine.append(rates(a.pg_url, BACKEND, "this tree"))
        bi, bd = max(x[0] for x in base), max(x[1] for x in base)
        mi, md = max(x[0] for x in mine), max(x[1] for x in mine)
        print(f"## best of {a.rates_rounds}: ingest {mi:,.0f}/s vs {bi:,.0f}/s ({mi / bi:.2f}x), "
              f"decisions {md:,.0f}/s vs {bd:,.0f}/s ({md / bd:.2f}x) (target >= 0.8x)")


if __name__ == "__main__":
    main()
