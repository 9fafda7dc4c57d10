"""SLA alerts delivered to a real HTTP receiver on 127.0.0.1 (http.server in a thread): signed,
sent after a decision, retried with backoff when the receiver fails. Both engines."""
import hashlib
import hmac
import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from starlette.testclient import TestClient

from conftest import Api, _empty, iso, make_settings, now_utc, output
from feedback_backend.app import create_app

SECRET = "webhook-secret-" + "s" * 20


class Receiver:
    """Answers 500 to the first `fail` requests, then 204; keeps what it was sent."""

    def __init__(self, fail=0):
        self.fail, self.got, self.attempts = fail, [], 0
        outer = self

        class H(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.attempts += 1
                if outer.attempts <= outer.fail:
                    self.send_response(500)
                    self.end_headers()
                    return
                outer.got.append((dict(self.headers), body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *a):
                pass

        self.srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.url = f"http://127.0.0.1:{self.srv.server_address[1]}/hook"
        self.t = threading.Thread(target=self.srv.serve_forever, daemon=True)
        self.t.start()

    def close(self):
        self.srv.shutdown()
        self.srv.server_close()


def wait_for(cond, timeout=60):
    end = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < end, "condition not met in time"
        time.sleep(0.05)


@pytest.fixture(params=["sqlite", "postgres"])
def alert_app(request, tmp_path):
    def make(receiver):
        if request.param == "postgres":
            url = request.getfixturevalue("pg_database")
        else:
            url = f"sqlite:///{tmp_path}/alerts.db"
        s = make_settings(url, alert_webhook_url=receiver.url, alert_secret=SECRET, alert_interval_seconds=3600,
                          alert_breach_threshold=1)
        app = create_app(s)
        app.state.fr.alerts.backoff = 0.05
        return app
    return make


def _seed_breach(api):
    """Two outputs due within 0.2 h (created 47.9 and 47.8 h ago): at a pace of one decision a day the
    second (queue position 1, reached after 24 h) breaches within 24 h; the first is reached at once."""
    api.ingest([output(0.2, created_at=iso(now_utc() - timedelta(hours=h))) for h in (47.9, 47.8)])


@pytest.mark.parametrize("fail", [0, 2])
def test_alert_delivered_signed_and_retried(alert_app, fail):
    rec = Receiver(fail=fail)
    app = alert_app(rec)
    try:
        with TestClient(app) as c:
            _empty(app)
            api = Api(c, app.state.fr.engine.name)
            _seed_breach(api)
            app.state.fr.alerts.state = {k: False for k in app.state.fr.alerts.state}
            (o,) = api.ingest([output(0.2, created_at=iso(now_utc() - timedelta(hours=1)))])
            assert api.user().decide(o["id"]).status_code == 201     # a decision wakes the check
            wait_for(lambda: any(json.loads(b)["alert"] == "breach_forecast" for _, b in rec.got))
            hdrs, body = next((h, b) for h, b in rec.got if json.loads(b)["alert"] == "breach_forecast")
            want = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
            assert hdrs["X-Feedback-Signature"] == want
            p = json.loads(body)
            assert p["state"] == "firing" and p["breaching_24h"] == 1 and "breach" in p["sentence"]
            assert rec.attempts >= fail + 1
            # still firing: the next check sends nothing new
            n = len(rec.got)
            assert app.state.fr.alerts.check() == [] and len(rec.got) == n
    finally:
        rec.close()


def test_alert_not_delivered_is_tried_again_next_check(alert_app):
    rec = Receiver(fail=100)
    app = alert_app(rec)
    try:
        with TestClient(app) as c:
            _empty(app)
            api = Api(c, app.state.fr.engine.name)
            al = app.state.fr.alerts
            al.stop()  # checks by hand only
            al._stop.clear()
            al.state = {k: False for k in al.state}
            _seed_breach(api)
            assert al.check() == [] and rec.attempts == 1 + app.state.fr.settings.alert_retries
            rec.fail = 0
            sent = al.check()
            assert [x["alert"] for x in sent] == ["breach_forecast"] and len(rec.got) == 1
    finally:
        rec.close()
