"""The demo loader (tools/demo_sla_data.py): the history it simulates is plausible and repeatable,
and the real backend accepts all of it through the API (past decisions included)."""
import os
import re
import socket
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import httpx

from conftest import BACKEND

sys.path.insert(0, os.path.join(BACKEND, "tools"))
import demo_sla_data as demo  # noqa: E402

NOW = datetime(2026, 12, 1, 13, 20, tzinfo=timezone.utc)  # a Tuesday


def _at(d):
    return datetime.strptime(d["decided_at"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)


def test_the_history_is_repeatable_and_looks_like_a_team_at_work():
    _, rows, decisions = demo.history(7, 30, NOW)
    _, rows2, decisions2 = demo.history(7, 30, NOW)
    assert rows == rows2 and decisions == decisions2
    flagged = {o["id"]: o for o in rows if o["confidence"] < demo.THRESHOLD}
    decided = [(o, d) for ds in decisions.values() for o, d in ds]
    assert len({d["model_output_id"] for _, d in decided}) == len(decided)  # each output decided once
    for o, d in decided:
        assert o["id"] in flagged and o["created_at"] <= _at(d) <= NOW
        assert re.fullmatch(r"[a-z0-9_-]{1,64}", d.get("reason_code", "x"))
    assert len({(o["model_name"], o["model_version"]) for o in rows}) == 6
    assert len({o["model_name"] for o in rows}) == 4
    rates = {name: sum(d["approval"] for _, d in ds) / len(ds) for name, ds in decisions.items()}
    assert len(rates) == 6 and max(rates.values()) - min(rates.values()) > 0.2
    # a weekly rhythm: Saturdays see far fewer outputs than Wednesdays
    per_weekday = [sum(1 for o in rows if o["created_at"].weekday() == w) for w in range(7)]
    assert per_weekday[5] < 0.6 * per_weekday[2]
    # breaches: some days miss the 95 % goal, some outputs are overdue now
    target = timedelta(hours=demo.TARGET_H)
    days = {}
    for o, d in decided:
        n, w = days.get(_at(d).date(), (0, 0))
        days[_at(d).date()] = (n + 1, w + (_at(d) - o["created_at"] <= target))
    assert sum(1 for n, w in days.values() if w < 0.95 * n) >= 3
    done = {d["model_output_id"] for _, d in decided}
    assert sum(1 for o in flagged.values() if o["id"] not in done and NOW - o["created_at"] > target) > 0


def _free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_the_backend_accepts_the_whole_history_through_the_api(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "FEEDBACK_SECRET_KEY")}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path}/feedback.db", FEEDBACK_ARGON2_TIME_COST="1",
               FEEDBACK_ARGON2_MEMORY_KIB="8192")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    exe = os.path.join(BACKEND, "feedback-backend")
    server = subprocess.Popen([exe, "serve", "--port", str(port)], env=env, cwd=tmp_path,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the backend did not start"
            time.sleep(0.2)
        r = subprocess.run([sys.executable, os.path.join(BACKEND, "tools", "demo_sla_data.py"), "--server", url,
                            "--days", "6"], env=env, capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        loaded = re.search(r"loaded (\d+) outputs, (\d+) decisions", r.stdout)
        assert loaded, r.stdout
        token = httpx.post(url + "/auth/token", data={"username": "lead", "password": "demo",
                                                      "grant_type": "password"}).json()["access_token"]
        summary = httpx.get(url + "/sla/summary", headers={"Authorization": "Bearer " + token}).json()
        assert summary["reviewed"] == int(loaded.group(2)) > 0
        assert summary["pending"] > 0
        assert len(summary["reviewers"]) == 6
    finally:
        server.terminate()
        server.wait(timeout=30)
