import logging
from datetime import datetime, timedelta, timezone

import jwt

from conftest import SECRET, assert_problem, now_utc


def test_password_grant_and_me(api):
    u = api.user("reviewer", name="rev1")
    r = api.post("/auth/token", data={"grant_type": "password", "username": "rev1", "password": u.password})
    assert r.status_code == 200
    b = r.json()
    assert b["token_type"] == "bearer" and b["expires_in"] == 900 and b["access_token"] and b["refresh_token"]
    me = api.get("/me", headers={"Authorization": "Bearer " + b["access_token"]})
    assert me.status_code == 200
    assert me.json() == {"reviewer_id": u.id, "username": "rev1", "display_name": "Rev1", "role": "reviewer"}


def test_bad_credentials_are_401_problems(api):
    u = api.user("reviewer")
    assert_problem(api.post("/auth/token", data={"username": u.name, "password": "wrong"}), 401)
    assert_problem(api.post("/auth/token", data={"username": "nobody", "password": "x"}), 401)
    assert_problem(api.post("/auth/token", data={"password": "x"}), 422, "username")
    assert_problem(api.post("/auth/token", data={"grant_type": "magic", "username": "a", "password": "b"}), 422, "grant_type")


def test_refresh_rotates_and_reuse_revokes_family(api):
    u = api.user("supervisor")
    r1 = api.post("/auth/token", data={"grant_type": "refresh_token", "refresh_token": u.refresh})
    assert r1.status_code == 200, r1.text
    new = r1.json()
    assert new["refresh_token"] != u.refresh
    assert api.get("/me", headers={"Authorization": "Bearer " + new["access_token"]}).json()["role"] == "supervisor"
    # the old one no longer works ...
    assert_problem(api.post("/auth/token", data={"grant_type": "refresh_token", "refresh_token": u.refresh}), 401)
    # ... and its reuse revoked the rotated one too (stolen-token defence)
    assert_problem(api.post("/auth/token", data={"grant_type": "refresh_token", "refresh_token": new["refresh_token"]}), 401)
    assert_problem(api.post("/auth/token", data={"grant_type": "refresh_token", "refresh_token": "garbage"}), 401)
    assert_problem(api.post("/auth/token", data={"grant_type": "refresh_token"}), 422, "refresh_token")


def test_refresh_tokens_are_stored_hashed(api):
    u = api.user("reviewer")
    rows = api.sql("SELECT token_hash FROM refresh_tokens")
    assert rows and all(u.refresh not in r["token_hash"] for r in rows)
    pw = api.sql("SELECT password_hash FROM users WHERE username = :n", {"n": u.name})[0]["password_hash"]
    assert pw.startswith("$argon2") and u.password not in pw


def test_missing_invalid_and_expired_tokens(api):
    u = api.user("reviewer")
    b = assert_problem(api.get("/me"), 401)
    assert not b["type"].endswith("token-expired")
    assert_problem(api.get("/me", headers={"Authorization": "Bearer not.a.jwt"}), 401)
    now = datetime.now(timezone.utc)
    expired = jwt.encode({"sub": u.id, "role": "reviewer", "name": u.name, "typ": "access",
                          "iat": now - timedelta(hours=1), "exp": now - timedelta(minutes=1)}, SECRET, algorithm="HS256")
    b = assert_problem(api.get("/me", headers={"Authorization": "Bearer " + expired}), 401)
    assert b["type"].endswith("token-expired")
    forged = jwt.encode({"sub": u.id, "role": "supervisor", "name": u.name, "typ": "access",
                         "exp": now + timedelta(minutes=5)}, "another-secret", algorithm="HS256")
    assert_problem(api.get("/sla/summary", headers={"Authorization": "Bearer " + forged}), 401)
    none_alg = jwt.encode({"sub": u.id, "role": "supervisor", "typ": "access", "exp": now + timedelta(minutes=5)},
                          None, algorithm="none")
    assert_problem(api.get("/sla/summary", headers={"Authorization": "Bearer " + none_alg}), 401)


def test_login_rate_limited(api):
    u = api.user("reviewer")
    for _ in range(api.st.settings.login_max_failures):
        assert api.post("/auth/token", data={"username": u.name, "password": "nope"}).status_code == 401
    r = api.post("/auth/token", data={"username": u.name, "password": u.password})
    assert_problem(r, 429)
    assert int(r.headers["retry-after"]) > 0
    # another account is not locked by it
    v = api.user("reviewer")
    assert api.post("/auth/token", data={"username": v.name, "password": v.password}).status_code == 200
    # the count lives in the database: a second app (another worker process) on the same database sees it
    from feedback_backend.app import AppState
    other = AppState(api.st.settings, api.st.engine)
    assert other.limiter.retry_after(u.name, "10.0.0.9") > 0
    # failures age out of the window
    api.sql("UPDATE login_failures SET at = :t", {"t": api.ts(now_utc() - timedelta(seconds=api.st.settings.login_window_seconds + 1))})
    assert api.post("/auth/token", data={"username": u.name, "password": u.password}).status_code == 200


def test_nothing_sensitive_in_logs(api):
    records = []

    class H(logging.Handler):
        def emit(self, rec):
            records.append(self.format(rec) + repr(rec.__dict__))
    lg = logging.getLogger("feedback_backend")
    h, old = H(), lg.level
    lg.addHandler(h)
    lg.setLevel(logging.DEBUG)
    try:
        u = api.user("reviewer", password="hunter2-very-secret")
        api.post("/auth/token", data={"username": u.name, "password": "wrong-secret-pw"})
        r = api.post("/auth/token", data={"grant_type": "refresh_token", "refresh_token": u.refresh})
        api.get("/me", headers=u.h)
    finally:
        lg.removeHandler(h)
        lg.setLevel(old)
    text = "\n".join(records)
    assert records, "the access log should have produced records"
    for secret in ("hunter2-very-secret", "wrong-secret-pw", u.refresh, u.access, r.json()["access_token"]):
        assert secret not in text


def test_healthz(api):
    r = api.get("/healthz")
    assert r.status_code == 200
    assert r.json()["status"] == "ok" and r.json()["database"] == "ok" and r.json()["schema_version"] >= 1
