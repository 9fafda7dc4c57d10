#!/usr/bin/python3
"""Memory and responsiveness of a real `feedback-backend serve` (SQLite) under hostile input.
Prints figures; not a test.

    /usr/bin/python3 backend/bench/memory.py [--argon2-mib 64]

Server RSS (from /proc) before, at the peak during, and after each load; /healthz latency
during the load. Loads:
  1. twelve 32 MiB JSON bodies to /outputs/lease without a token (sent in full)
  2. twelve 32 MiB JSON bodies to /outputs/lease with a reviewer token
  3. POST /outputs with 1 MiB of {} items (349,000)
  4. four parallel POST /outputs of 10,000 valid outputs each (~30 MiB bodies)
  5. 40 parallel sign-ins with wrong passwords (argon2 at --argon2-mib), 40 different names
"""
import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

import httpx

HERE = os.path.dirname(os.path.abspath(__file__))
EXE = os.path.join(os.path.dirname(HERE), "feedback-backend")
MIB = 1024 * 1024


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def send_all(port, path, headers, body):
    """Send the whole body (as an attacker would) and read the answer; ignore a closed socket."""
    s = socket.create_connection(("127.0.0.1", port), timeout=300)
    try:
        head = [f"POST {path} HTTP/1.1", "Host: x", f"Content-Length: {len(body)}",
                "Content-Type: application/json"] + [f"{k}: {v}" for k, v in headers.items()]
        s.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        try:
            for i in range(0, len(body), 1 << 20):
                s.sendall(body[i:i + (1 << 20)])
        except OSError:
            pass
        try:
            data = s.recv(65536)
            return int(data.split(b" ", 2)[1]) if data else 0
        except OSError:
            return 0
    finally:
        s.close()


class Probe:
    """Samples RSS and /healthz latency while a load runs."""

    def __init__(self, pid, base):
        self.pid, self.base = pid, base
        self.peak, self.health = 0.0, []
        self._stop = threading.Event()

    def __enter__(self):
        self.before = self.peak = rss_mib(self.pid)
        self.t = threading.Thread(target=self._run, daemon=True)
        self.t.start()
        return self

    def _run(self):
        c = httpx.Client(timeout=300)
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_mib(self.pid))
            t0 = time.perf_counter()
            try:
                c.get(self.base + "/healthz")
            except httpx.HTTPError:
                pass
            self.health.append((time.perf_counter() - t0) * 1000)
            self.peak = max(self.peak, rss_mib(self.pid))
            self._stop.wait(0.05)

    def __exit__(self, *a):
        self._stop.set()
        self.t.join()
        time.sleep(1.0)  # let the server finish its clean-up after the last answer
        self.after = rss_mib(self.pid)


def report(name, p, extra=""):
    h = sorted(p.health) or [0]
    print(f"{name}\n    RSS before {p.before:.0f} MiB, peak {p.peak:.0f} MiB, after {p.after:.0f} MiB; "
          f"/healthz during: median {h[len(h) // 2]:.0f} ms, max {h[-1]:.0f} ms{extra}")


def parallel(n, fn):
    out = []
    ts = [threading.Thread(target=lambda: out.append(fn())) for _ in range(n)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--argon2-mib", type=int, default=64)
    ap.add_argument("--bodies", type=int, default=12, help="parallel 32 MiB bodies in loads 1 and 2")
    ap.add_argument("--sign-ins", type=int, default=40)
    ap.add_argument("--rounds", type=int, default=2, help="times load 4 runs (memory reused, not grown?)")
    a = ap.parse_args()
    d = tempfile.mkdtemp(prefix="fr-mem-")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "FEEDBACK_SECRET_KEY")}
    env.update(DATABASE_URL=f"sqlite:///{d}/feedback.db", FEEDBACK_LOG_LEVEL="WARNING",
               FEEDBACK_ARGON2_MEMORY_KIB=str(a.argon2_mib * 1024), FEEDBACK_ARGON2_TIME_COST="3")
    for n, r in (("rev1", "reviewer"), ("ing", "ingest")):
        subprocess.run([EXE, "users", "add", n, "--role", r], input=b"pw-" + n.encode() + b"\n", env=env,
                       cwd=d, check=True, capture_output=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(os.path.join(d, "serve.log"), "wb")
    proc = subprocess.Popen([EXE, "serve", "--host", "127.0.0.1", "--port", str(port)], env=env, cwd=d,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        for _ in range(600):
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        tok = {n: httpx.post(base + "/auth/token", data={"username": n, "password": "pw-" + n}, timeout=120)
               .json()["access_token"] for n in ("rev1", "ing")}
        print(f"server pid {proc.pid}, SQLite, argon2 {a.argon2_mib} MiB x time_cost 3")

        big = b'{"limit": 5, "pad": "' + b"x" * (32 * MIB - 30) + b'"}'
        with Probe(proc.pid, base) as p:
            codes = parallel(a.bodies, lambda: send_all(port, "/outputs/lease", {}, big))
        report(f"1. {a.bodies} x 32 MiB to /outputs/lease, no token", p, f"; answers {sorted(set(codes))}")

        with Probe(proc.pid, base) as p:
            codes = parallel(a.bodies, lambda: send_all(port, "/outputs/lease", {"Authorization": "Bearer " + tok["rev1"]}, big))
        report(f"2. {a.bodies} x 32 MiB to /outputs/lease, reviewer token", p, f"; answers {sorted(set(codes))}")

        empties = b"[" + b",".join([b"{}"] * 349_000) + b"]"
        with Probe(proc.pid, base) as p:
            t0 = time.perf_counter()
            r = httpx.post(base + "/outputs", content=empties, timeout=300,
                           headers={"Authorization": "Bearer " + tok["ing"], "Content-Type": "application/json"})
            took = time.perf_counter() - t0
        report(f"3. POST /outputs with {len(empties) / MIB:.1f} MiB of {{}} items", p,
               f"; answer {r.status_code} in {took * 1000:.0f} ms, {len(r.content)} bytes")

        def ingest():
            items = [{"model_name": "m", "input": "x" * 1500, "output": "y" * 1500, "confidence": 0.9}
                     for _ in range(10_000)]
            body = json.dumps(items).encode()
            return httpx.post(base + "/outputs", content=body, timeout=600, headers={
                "Authorization": "Bearer " + tok["ing"], "Content-Type": "application/json"}).status_code
        for rnd in range(a.rounds):
            with Probe(proc.pid, base) as p:
                codes = parallel(4, ingest)
            report(f"4.{rnd + 1} 4 parallel POST /outputs, 10,000 valid outputs (~30 MiB) each", p, f"; answers {sorted(set(codes))}")

        def sign_in(i=[0]):
            i[0] += 1
            return httpx.post(base + "/auth/token", data={"username": f"nobody{i[0]}", "password": "wrong"},
                              timeout=600).status_code
        with Probe(proc.pid, base) as p:
            t0 = time.perf_counter()
            codes = parallel(a.sign_ins, sign_in)
            took = time.perf_counter() - t0
        report(f"5. {a.sign_ins} parallel wrong sign-ins (argon2 {a.argon2_mib} MiB)", p,
               f"; answers {sorted(set(codes))}, all done in {took:.1f} s")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()


if __name__ == "__main__":
    sys.exit(main())
