"""SLA alerts to a webhook (FEEDBACK_ALERT_WEBHOOK_URL). Checked every FEEDBACK_ALERT_INTERVAL_SECONDS and
soon after decisions (poke). An alert is sent when a condition starts to hold ("firing") and when it
stops ("resolved"):
  breach_forecast   the forecast (24 h) has at least FEEDBACK_ALERT_BREACH_THRESHOLD outputs breaching
  within_target_7d  % reviewed within target over 7 days is below the goal (95 %)
The body is JSON; with FEEDBACK_ALERT_SECRET it is signed: X-Feedback-Signature: sha256=<hex HMAC-SHA256
of the body>. Delivery is retried with exponential backoff. With several worker processes on PostgreSQL
only the one holding a session advisory lock checks (the others try to take it over at each interval)."""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
import time
import urllib.error
import urllib.request

from .db import fmt_ts, utcnow

log = logging.getLogger("feedback_backend")
POKE_DELAY_SECONDS = 1.0  # decisions arrive in bursts: one check shortly after, not one per decision


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class Alerts:
    def __init__(self, sla, settings, backoff_seconds=1.0):
        self.sla, self.s = sla, settings
        self._leader = None  # PostgreSQL: the connection holding the alerts lock
        self.backoff = backoff_seconds
        self.state = {"breach_forecast": False, "within_target_7d": False}
        # One check at a time: a second one (a test's, a poke's) that ran while the first was still
        # delivering saw the old state and sent the same alert again.
        self._checking = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = None
        self.sent = 0  # alerts delivered (for tests and logs)

    @property
    def enabled(self):
        return bool(self.s.alert_webhook_url)

    def start(self):
        if self.enabled and self._thread is None:
            self._thread = threading.Thread(target=self._run, name="sla-alerts", daemon=True)
            self._thread.start()

    def stop(self):
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._leader is not None:
            self._leader.close()

    def poke(self):
        if self.enabled:
            self._wake.set()

    def _lead(self):
        """True when this process is the one that checks (always on SQLite)."""
        if self.sla.e.name != "postgres":
            return True
        if self._leader is not None and not self._leader.closed:
            return True
        import psycopg
        try:
            c = psycopg.connect(self.sla.e.url, autocommit=True)
        except psycopg.Error:
            return False
        if c.execute("SELECT pg_try_advisory_lock(727274004)").fetchone()[0]:
            self._leader = c
            return True
        c.close()
        return False

    def _run(self):
        while not self._stop.is_set():
            try:
                if self._lead():
                    self.check()
            except Exception:  # the database may be away for a moment: the next round tries again
                log.exception("SLA alert check failed")
            self._wake.wait(self.s.alert_interval_seconds)
            if self._wake.is_set() and not self._stop.is_set():
                self._stop.wait(POKE_DELAY_SECONDS)
            self._wake.clear()

    def check(self):
        """Evaluate both conditions; send an alert for each one that changed. Returns the payloads sent."""
        with self._checking:
            return self._check()

    def _check(self):
        target = self.s.sla_hours
        f = self.sla.forecast(24, target)
        s = self.sla.summary(target)
        pct = s["reviewed_within_target_pct_7d"]
        now = {"breach_forecast": f["breaching"] >= self.s.alert_breach_threshold,
               "within_target_7d": pct is not None and pct < 100.0 * self.s.sla_goal}
        sent = []
        for kind, firing in now.items():
            if firing == self.state[kind]:
                continue
            payload = {"alert": kind, "state": "firing" if firing else "resolved", "at": fmt_ts(utcnow()),
                       "target_hours": target, "goal": self.s.sla_goal, "breaching_24h": f["breaching"],
                       "breach_threshold": self.s.alert_breach_threshold, "within_target_pct_7d": pct,
                       "pending": f["pending"], "pace_per_hour": f["pace_per_hour"], "sentence": f["sentence"]}
            if self.deliver(payload):
                self.state[kind] = firing  # an undelivered alert is tried again at the next check
                sent.append(payload)
        return sent

    def deliver(self, payload) -> bool:
        body = json.dumps(payload, sort_keys=True).encode()
        headers = {"Content-Type": "application/json", "User-Agent": "feedback-backend-alerts"}
        if self.s.alert_secret:
            headers["X-Feedback-Signature"] = sign(self.s.alert_secret, body)
        attempts = 1 + max(0, self.s.alert_retries)
        for i in range(attempts):
            try:
                req = urllib.request.Request(self.s.alert_webhook_url, data=body, headers=headers, method="POST")
                with urllib.request.urlopen(req, timeout=10) as r:
                    if 200 <= r.status < 300:
                        self.sent += 1
                        log.info("SLA alert delivered", extra={"alert": payload["alert"], "state": payload["state"],
                                                              "attempt": i + 1})
                        return True
            except (urllib.error.URLError, OSError, ValueError) as e:
                log.warning("SLA alert not delivered", extra={"alert": payload["alert"], "attempt": i + 1,
                                                              "error": type(e).__name__ + ": " + str(e)[:200]})
            if i + 1 < attempts and not self._stop.is_set():
                self._stop.wait(min(60.0, self.backoff * (2 ** i)))
        return False
