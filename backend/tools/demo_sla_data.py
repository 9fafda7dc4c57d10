#!/usr/bin/python3
"""Demo loader: a realistic, deterministic SLA history for the supervisor console (not a test).

    DATABASE_URL=sqlite:///path/feedback.db backend/tools/demo_sla_data.py --server http://127.0.0.1:8765 \
        [--days 30] [--seed 7] [--plan]

Against a running `feedback-backend serve` on DATABASE_URL it creates (with `feedback-backend users add`,
password `demo`) an ingest account `ingest-demo`, the supervisor `lead` and six reviewers, then simulates
--days of work ending now and loads it through the real API only:

- arrivals (POST /outputs with `created_at` in the past): a daily rhythm (a daytime peak, quiet nights)
  and a weekly one (weekends at about 40 %), four models and six versions; `sentiment-v3` moves from 1.4.2
  to 1.4.3 half way, `support-reply-gen` 1.0.0 ships three days ago and floods the queue with unsure replies;
- decisions (POST /feedback/batch, each reviewer signed in as themself, `decided_at` in the past): six
  reviewers with their own shifts, paces (7-18 an hour), approval rates and reject reasons
  (`reason_code`), corrections and comments; one is on leave for a week, others miss a day. Each takes
  the oldest pending output first, as the lease order does, but long documents are skipped by all but
  the careful reviewer. Weekends, absences and the new release let the backlog grow, so some days miss
  the 95 % goal for the 48 h target and some outputs are overdue now;
- live leases (POST /outputs/lease) for the reviewers on shift now.

The API allows all of it: `decided_at` may lie in the past as long as it is not before the output's
`created_at` (nor before the caller's own lease grant, and no lease is taken for the past decisions).
The history is a function of --seed and the moment "now" (weekdays and hours are real ones). --plan prints the simulated figures
and loads nothing."""
from __future__ import annotations

import argparse
import math
import os
import random
import subprocess
import sys
import uuid
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
BACKEND = os.path.dirname(HERE)
sys.path.insert(0, BACKEND)

from feedback_backend import samples  # noqa: E402

UTC = timezone.utc
PASSWORD = "demo"
THRESHOLD = 0.8
TARGET_H = 48.0

# name, display name, pace (decisions per hour on shift), approval rate, weekdays (0 = Monday), shift hours UTC
REVIEWERS = [
    ("rev1", "Reviewer One", 10, 0.74, (0, 1, 2, 3, 4), (9, 17)),
    ("ana", "Ana Ferreira", 14, 0.80, (0, 1, 2, 3, 4), (7, 15)),
    ("ben", "Ben Okafor", 9, 0.69, (0, 1, 2, 3, 4), (10, 18)),
    ("chen", "Chen Wei", 18, 0.86, (0, 1, 2, 3), (6, 12)),
    ("dara", "Dara Nolan", 7, 0.55, (1, 2, 3, 4, 5), (12, 20)),
    ("emil", "Emil Berg", 11, 0.73, (0, 1, 2, 3, 4), (14, 22)),
]
# (reviewer, days ago the absence starts, days): a week's leave, a sick day, a training day
ABSENT = [("emil", 15, 8), ("ben", 13, 2), ("ana", 16, 1), ("chen", 9, 1), ("rev1", 1.6, 1), ("ben", 1.6, 1), ("ana", 1.6, 1)]

REASONS = {
    "sentiment-v3": [("wrong_label", 70), ("other", 10), ("off_topic", 5), (None, 15)],
    "summarizer-v2": [("incomplete", 35), ("hallucinated_source", 25), ("factually_wrong", 25), ("formatting", 5), (None, 10)],
    "support-reply-gen": [("off_topic", 25), ("formatting", 25), ("wrong_language", 15), ("factually_wrong", 15),
                          ("harmful", 5), ("other", 5), (None, 10)],
    "toxicity-v1": [("wrong_label", 60), ("harmful", 25), ("other", 5), (None, 10)],
}
COMMENTS = {
    "other": ["Needs a second look by the model owner.", "Policy question, see the team channel.",
              "Input is not a review at all."],
    "hallucinated_source": ["Cites a report that does not exist.", "Quote not in the source."],
    "harmful": ["Threat missed.", "Should be escalated."],
    "wrong_language": ["Answered in English to a French customer."],
}
HARD_TAKEN = 0.4  # how often the careful reviewer takes a long document someone skipped
LABELS = ["positive", "negative", "neutral", "mixed"]


def pick(rng, weighted):
    total = sum(w for _, w in weighted)
    x = rng.uniform(0, total)
    for v, w in weighted:
        x -= w
        if x <= 0:
            return v
    return weighted[-1][0]


def hour_rate(t: datetime) -> float:
    """Outputs per hour: a daytime peak around 14:00 UTC, quiet nights, weekends at about 40 %."""
    h = t.hour + t.minute / 60
    day = 0.15 + 0.85 * max(0.0, math.cos((h - 14) / 24 * 2 * math.pi)) ** 1.5
    return 44 * day * (0.4 if t.weekday() >= 5 else 1.0)


def make_output(rng, i, t, now):
    gen = rng.choice([samples._sentiment, samples._sentiment, samples._summary, samples._support, samples._toxicity])
    name, ver, inp, out, meta = gen(rng, i)
    conf = samples._conf(rng)
    hard = name == "summarizer-v2" and meta["paragraphs"] >= 2 and rng.random() < 0.4
    if name == "sentiment-v3":
        ver = "1.4.3" if t > now - timedelta(days=12) else "1.4.2"
        if ver == "1.4.3":
            conf = min(0.999, conf + 0.08)  # the new version is surer of itself
    return {"id": str(uuid.UUID(int=rng.getrandbits(128))), "model_name": name, "model_version": ver,
            "input": inp, "output": out, "confidence": round(conf, 3), "metadata": meta, "created_at": t, "hard": hard}


def arrivals(rng, start, now):
    rows, t, i = [], start, 0
    release = now - timedelta(days=3)
    while t < now:
        n = poisson(rng, hour_rate(t))
        for _ in range(n):
            at = t + timedelta(seconds=rng.uniform(0, 3600))
            if at < now - timedelta(minutes=2):
                rows.append(make_output(rng, i, at, now))
                i += 1
        if t >= release:  # support-reply-gen 1.0.0: many more replies, and unsure ones
            for _ in range(poisson(rng, 0.9 * hour_rate(t))):
                at = t + timedelta(seconds=rng.uniform(0, 3600))
                if at < now - timedelta(minutes=2):
                    r = make_output(rng, i, at, now)
                    q, meta = rng.choice(samples.TICKETS).format(n=rng.randint(10000, 99999)), {"channel": "chat"}
                    r.update(hard=False, model_name="support-reply-gen", model_version="1.0.0", input=q, metadata=meta,
                             output="Hello,\n\nPlease see our help centre.\n\nKind regards",
                             confidence=round(rng.uniform(0.2, 0.85), 3))
                    rows.append(r)
                    i += 1
        t += timedelta(hours=1)
    rows.sort(key=lambda r: r["created_at"])
    return rows


def poisson(rng, lam):
    if lam <= 0:
        return 0
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def on_shift(rev, t, now):
    name, _, _, _, days, (a, b) = rev
    for who, ago, length in ABSENT:
        if who == name and now - timedelta(days=ago) <= t < now - timedelta(days=ago - length):
            return False
    return t.weekday() in days and a <= t.hour < b


def decide(rng, rev, o, at):
    name, _, pace, approval, _, _ = rev
    p = approval - (0.5 - o["confidence"]) * 0.3 - (0.2 if o["model_version"] == "1.0.0" else 0)
    ok = rng.random() < max(0.05, min(0.98, p))
    d = {"idempotency_key": str(uuid.UUID(int=rng.getrandbits(128))), "model_output_id": o["id"],
         "approval": ok, "correction": "", "comment": "", "decided_at": iso(at),
         "dwell_ms": int(3_600_000 / pace * rng.lognormvariate(-0.2, 0.5))}
    if not ok:
        code = pick(rng, REASONS[o["model_name"]])
        if code:
            d["reason_code"] = code
        if o["model_name"] == "sentiment-v3" and code == "wrong_label":
            d["correction"] = rng.choice([x for x in LABELS if x != o["output"]] or LABELS)
        if code in COMMENTS and rng.random() < 0.6:
            d["comment"] = rng.choice(COMMENTS[code])
    return d


def simulate(rng, rows, start, now):
    """Hour by hour: each reviewer on shift decides about pace * (a shift factor) outputs, the oldest first."""
    flagged = [o for o in rows if o["confidence"] < THRESHOLD]
    pending, nxt, decisions = [], 0, {r[0]: [] for r in REVIEWERS}
    factor = {}
    t = start
    while t < now:
        slots = []
        for rev in REVIEWERS:
            if not on_shift(rev, t, now):
                continue
            f = factor.setdefault((rev[0], t.date()), rng.uniform(0.6, 1.05))  # meetings, hard items
            for _ in range(poisson(rng, rev[2] * f)):
                slots.append((t + timedelta(seconds=rng.uniform(0, 3600)), rev))
        slots.sort(key=lambda s: s[0])
        for at, rev in slots:
            if at > now - timedelta(minutes=10):
                continue
            while nxt < len(flagged) and flagged[nxt]["created_at"] < at - timedelta(seconds=30):
                pending.append(flagged[nxt])
                nxt += 1
            if not pending:
                continue
            # the oldest first, as the lease hands them out; now and then one further down the queue.
            # Long documents get skipped (released) by all but the careful reviewer: they grow old.
            k = 0 if rng.random() < 0.8 else rng.randrange(min(len(pending), 150))
            if not (rev[0] == "dara" and rng.random() < HARD_TAKEN):
                while k < len(pending) and pending[k]["hard"]:
                    k += 1
            if k >= len(pending):
                continue
            o = pending.pop(k)
            decisions[rev[0]].append((o, decide(rng, rev, o, at)))
        t += timedelta(hours=1)
    return decisions


def iso(d):
    return d.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def plan_figures(rows, decisions, now):
    flagged = [o for o in rows if o["confidence"] < THRESHOLD]
    decided = {d["model_output_id"]: d for ds in decisions.values() for _, d in ds}
    by_id = {o["id"]: o for o in flagged}
    pend = [o for o in flagged if o["id"] not in decided]
    overdue = [o for o in pend if (now - o["created_at"]).total_seconds() > TARGET_H * 3600]
    print(f"outputs {len(rows)}, flagged {len(flagged)}, decided {len(decided)}, pending {len(pend)}, overdue {len(overdue)}")
    for name, ds in decisions.items():
        ok = sum(1 for _, d in ds if d["approval"])
        print(f"  {name}: {len(ds)} decisions, {100 * ok / max(1, len(ds)):.0f} % approved")
    per_day = {}
    for oid, d in decided.items():
        at = datetime.strptime(d["decided_at"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
        ttr = (at - by_id[oid]["created_at"]).total_seconds() / 3600
        n, w = per_day.get(at.date(), (0, 0))
        per_day[at.date()] = (n + 1, w + (ttr <= TARGET_H))
    print("  within target per day: " + ", ".join(f"{k:%a %d} {100 * w / n:.0f}%" for k, (n, w) in sorted(per_day.items())))


def add_users(backend):
    accounts = [("ingest-demo", "ingest", "Demo ingest"), ("lead", "supervisor", "Team Lead")]
    accounts += [(r[0], "reviewer", r[1]) for r in REVIEWERS]
    for name, role, display in accounts:
        p = subprocess.run([backend, "users", "add", name, "--role", role, "--display-name", display],
                           input=PASSWORD + "\n", text=True, capture_output=True)
        if p.returncode != 0 and "already exists" not in p.stderr:
            sys.exit(f"users add {name}: {p.stderr.strip()}")


def sign_in(client, name):
    r = client.post("/auth/token", data={"username": name, "password": PASSWORD, "grant_type": "password"})
    r.raise_for_status()
    return {"Authorization": "Bearer " + r.json()["access_token"]}


def load(server, rows, decisions, now, rng):
    import httpx
    with httpx.Client(base_url=server, timeout=120) as c:
        h = sign_in(c, "ingest-demo")
        for i in range(0, len(rows), 2000):
            body = [{k: (iso(v) if k == "created_at" else v) for k, v in o.items() if k != "hard"} for o in rows[i:i + 2000]]
            c.post("/outputs", json=body, headers=h).raise_for_status()
        for name, ds in decisions.items():
            h = sign_in(c, name)
            items = [d for _, d in ds]
            for i in range(0, len(items), 500):
                r = c.post("/feedback/batch", json={"items": items[i:i + 500]}, headers=h)
                r.raise_for_status()
                bad = [x for x in r.json()["results"] if x["status"] != "accepted"]
                if bad:
                    sys.exit(f"{name}: {len(bad)} decisions not accepted, first: {bad[0]}")
        leased = 0
        for rev in REVIEWERS:
            if on_shift(rev, now, now):
                h = sign_in(c, rev[0])
                r = c.post("/outputs/lease", json={"limit": rng.randint(8, 40), "lease_seconds": rng.choice([1800, 3600, 7200])},
                           headers=h)
                r.raise_for_status()
                leased += len(r.json()["items"])
    n = sum(len(ds) for ds in decisions.values())
    print(f"loaded {len(rows)} outputs, {n} decisions, {leased} outputs on live leases")


def history(seed, days, now):
    """(rng, outputs, {reviewer: [(output, decision)]}): `days` of work ending at `now`."""
    start = (now - timedelta(days=days)).replace(minute=0, second=0, microsecond=0)
    rng = random.Random(f"{seed}/{start:%Y%m%d%H}")
    rows = arrivals(rng, start, now)
    return rng, rows, simulate(rng, rows, start, now)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--server", help="the running backend, e.g. http://127.0.0.1:8765")
    p.add_argument("--days", type=int, default=30)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--plan", action="store_true", help="print the simulated figures, load nothing")
    a = p.parse_args()
    now = datetime.now(UTC)
    rng, rows, decisions = history(a.seed, a.days, now)
    plan_figures(rows, decisions, now)
    if a.plan:
        return 0
    if not a.server:
        p.error("--server is required unless --plan")
    add_users(os.path.join(BACKEND, "feedback-backend"))
    load(a.server, rows, decisions, now, rng)
    return 0


if __name__ == "__main__":
    sys.exit(main())
