"""Accounts: disable/enable/remove/passwd from the command line take effect on the next call;
a removed account's token is a 401 (not a 500); refresh-token reuse ends issued access tokens;
usernames normalised; the secret key and the SQLite file are protected; sign-in limits."""
import os
import threading
import time
import uuid
from datetime import timedelta

import httpx
import pytest

from conftest import assert_problem, load_settings, now_utc
from feedback_backend.config import ConfigError
from feedback_backend.db import IntegrityConflict
from feedback_backend.deps import USER_CACHE_SECONDS
from feedback_backend.security import BadUsername, normalize_username


def wait_for(cond, cap=30.0):
    """Poll until cond() is true (generous cap); returns the seconds it took."""
    t0 = time.monotonic()
    while not cond():
        assert time.monotonic() - t0 < cap, "condition not reached"
        time.sleep(0.05)
    return time.monotonic() - t0


def status(srv, path, tok, method="GET", **kw):
    return httpx.request(method, srv.base + path, headers={"Authorization": "Bearer " + tok}, timeout=60, **kw).status_code


def test_disable_enable_remove_passwd_through_the_command_line(server):
    name = "acct-" + uuid.uuid4().hex[:6]
    server.add_user(name, "reviewer", "first-pw")
    tok = server.token(name, "first-pw")["access_token"]
    assert status(server, "/me", tok) == 200
    assert server.cli("users", "disable", name).returncode == 0
    # refused within the cache time (a few seconds), also for a call with a body
    took = wait_for(lambda: status(server, "/outputs/lease", tok, "POST", json={"limit": 1}) == 401)
    assert took <= USER_CACHE_SECONDS + 5
    r = httpx.get(server.base + "/me", headers={"Authorization": "Bearer " + tok}, timeout=30)
    assert "disabled" in r.json()["detail"]
    assert httpx.post(server.base + "/auth/token", data={"username": name, "password": "first-pw"},
                      timeout=60).status_code == 401
    listing = server.cli("users", "list").stdout.decode()
    assert any(line.startswith(name + "\treviewer\tdisabled") for line in listing.splitlines()), listing
    assert server.cli("users", "enable", name).returncode == 0
    tok = server.token(name, "first-pw")["access_token"]
    wait_for(lambda: status(server, "/me", tok) == 200)  # the cached "disabled" lasts a moment
    # passwd: the old password and the tokens issued before are refused
    assert server.cli("users", "passwd", name, stdin=b"second-pw\n").returncode == 0
    wait_for(lambda: status(server, "/me", tok) == 401)
    assert httpx.post(server.base + "/auth/token", data={"username": name, "password": "first-pw"},
                      timeout=60).status_code == 401
    tok = server.token(name, "second-pw")["access_token"]
    # remove: the token of a removed account is a 401, never a 500
    r = server.cli("users", "remove", name)
    assert r.returncode == 0, r.stderr
    wait_for(lambda: status(server, "/outputs/lease", tok, "POST", json={"limit": 1}) == 401)
    assert status(server, "/me", tok) == 401
    assert server.cli("users", "remove", name).returncode == 1


def test_remove_refuses_an_account_with_decisions(api):
    r = api.user("reviewer")
    out = api.ingest([{"model_name": "m", "input": "i", "output": "o", "confidence": 0.1}])[0]
    r.lease()
    assert r.decide(out["id"]).status_code == 201
    assert api.st.store.remove_user(r.name) == ("has_decisions", 1)
    assert api.st.store.remove_user("nobody-here") == ("missing", None)
    assert api.st.store.set_disabled(r.name, True)
    wait_for(lambda: api.get("/me", headers=r.h).status_code == 401)


def test_a_deleted_users_token_is_401_not_500(api):
    r = api.user("reviewer")
    api.sql("DELETE FROM refresh_tokens WHERE user_id = :u", {"u": r.id})
    api.sql("DELETE FROM users WHERE id = :u", {"u": r.id})
    api.st.users.forget(r.id)
    assert_problem(api.post("/outputs/lease", json={"limit": 1}, headers=r.h), 401)
    assert_problem(api.get("/me", headers=r.h), 401)


def test_refresh_reuse_ends_the_access_tokens_already_issued(api):
    u = api.user("reviewer")
    rot = api.post("/auth/token", data={"grant_type": "refresh_token", "refresh_token": u.refresh}).json()
    h_new = {"Authorization": "Bearer " + rot["access_token"]}
    assert api.get("/me", headers=h_new).status_code == 200
    # someone replays the old refresh token: every session of the user ends
    assert_problem(api.post("/auth/token", data={"grant_type": "refresh_token", "refresh_token": u.refresh}), 401)
    wait_for(lambda: api.get("/me", headers=h_new).status_code == 401)
    assert api.get("/me", headers=u.h).status_code == 401
    # signing in again works at once (the revocation does not reach tokens issued after it)
    r = api.post("/auth/token", data={"username": u.name, "password": u.password})
    assert api.get("/me", headers={"Authorization": "Bearer " + r.json()["access_token"]}).status_code == 200


@pytest.mark.parametrize("raw,expected", [("rev1", "rev1"), ("rev2", "rev2"), ("lead", "lead"), ("ingest", "ingest"),
                                          ("ｒｅｖＡ", "revA"), ("anna.b_c-1", "anna.b_c-1"), ("Ренат", "Ренат")])
def test_usernames_accepted_and_normalised(raw, expected):
    assert normalize_username(raw) == expected


@pytest.mark.parametrize("raw", ["rev\u0410",  # Cyrillic A among Latin letters
                                 "rev\u200b1", "rev\n1", "rev 1", "", "-rev", "rev/1", "rev\u0336", "a" * 65,
                                 "rev\u202e1", "rev@x"])
def test_usernames_refused(raw):
    with pytest.raises(BadUsername):
        normalize_username(raw)


def test_usernames_unique_case_insensitively_and_sign_in_by_any_case(api):
    u = api.user("reviewer", name="Casey")
    with pytest.raises(IntegrityConflict):
        api.st.store.create_user("casey", "x", "reviewer", "h")
    with pytest.raises(IntegrityConflict):
        api.st.store.create_user("ＣＡＳＥＹ", "x", "reviewer", "h")
    r = api.post("/auth/token", data={"username": "CASEY", "password": u.password})
    assert r.status_code == 200
    assert api.get("/me", headers={"Authorization": "Bearer " + r.json()["access_token"]}).json()["username"] == "Casey"


def test_cli_refuses_confusable_names(server):
    r = server.cli("users", "add", "rev\u0410", "--role", "reviewer", stdin=b"pw\n")
    assert r.returncode == 1 and b"script" in r.stderr
    r = server.cli("users", "add", "REV1", "--role", "reviewer", stdin=b"pw\n")
    assert r.returncode == 1 and b"already exists" in r.stderr


def test_short_secret_key_refused_on_both_engines(tmp_path):
    for url in (f"sqlite:///{tmp_path}/a.db", "postgresql://u:p@127.0.0.1:1/db"):
        with pytest.raises(ConfigError):
            load_settings({"DATABASE_URL": url, "FEEDBACK_SECRET_KEY": "k"})
        with pytest.raises(ConfigError):
            load_settings({"DATABASE_URL": url, "FEEDBACK_SECRET_KEY": "x" * 31})
        assert load_settings({"DATABASE_URL": url, "FEEDBACK_SECRET_KEY": "x" * 32}).secret_key == "x" * 32
    (tmp_path / "b.db.secret").write_text("short\n")
    with pytest.raises(ConfigError):
        load_settings({"DATABASE_URL": f"sqlite:///{tmp_path}/b.db"})


def test_sqlite_file_and_secret_created_0600(tmp_path):
    from feedback_backend.db import SqliteEngine, migrate
    old = os.umask(0o022)
    try:
        s = load_settings({"DATABASE_URL": f"sqlite:///{tmp_path}/c.db"})
        eng = SqliteEngine(s.sqlite_path)
        migrate(eng)
        eng.close()
    finally:
        os.umask(old)
    for p in tmp_path.iterdir():
        assert (p.stat().st_mode & 0o777) == 0o600, p


def test_refused_attempts_do_not_extend_the_lockout(api):
    """Only checked passwords are counted: after the window, a correct sign-in from the same
    address works although the address kept trying while locked."""
    u = api.user("reviewer")
    n = api.st.settings.login_max_failures
    for _ in range(n + 15):
        api.post("/auth/token", data={"username": u.name, "password": "wrong"})
    rows = api.sql("SELECT key FROM login_failures")
    assert sum(1 for r in rows if r["key"].startswith("u:")) == n
    api.sql("UPDATE login_failures SET at = :t",
            {"t": api.ts(now_utc() - timedelta(seconds=api.st.settings.login_window_seconds + 1))})
    assert api.post("/auth/token", data={"username": u.name, "password": u.password}).status_code == 200
    # a correct sign-in is not left counted against the address
    assert not [r for r in api.sql("SELECT key, at FROM login_failures")
                if r["key"].startswith("a:")
                and str(r["at"]) > str(api.ts(now_utc() - timedelta(seconds=60)))]


def test_concurrent_wrong_passwords_checked_at_most_the_limit(api):
    u = api.user("reviewer")
    codes = []

    def one():
        codes.append(api.st.limiter.begin(u.name, "10.1.1.1")[0] == 0)
    threads = [threading.Thread(target=one) for _ in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes.count(True) == api.st.settings.login_max_failures


def test_password_hashing_runs_with_bounded_concurrency(api):
    """A flood of sign-ins waits for a hashing slot instead of running argon2 (memory_kib each) at once."""
    ph = api.st.passwords.ph
    real, live, peak, lock = ph.verify, [0], [0], threading.Lock()

    def counting(h, pw):
        with lock:
            live[0] += 1
            peak[0] = max(peak[0], live[0])
        try:
            time.sleep(0.05)  # hold the slot a moment, as a 64 MiB hash does, so that calls overlap
            return real(h, pw)
        finally:
            with lock:
                live[0] -= 1
    class Counting:
        verify = staticmethod(counting)

        def __getattr__(self, name):
            return getattr(ph, name)
    api.st.passwords.ph = Counting()
    try:
        codes = []
        names = [f"nobody{i}" for i in range(16)]
        ts = [threading.Thread(target=lambda n=n: codes.append(
            api.post("/auth/token", data={"username": n, "password": "x"}).status_code)) for n in names]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
    finally:
        api.st.passwords.ph = ph
    assert codes == [401] * 16
    assert 1 <= peak[0] <= api.st.settings.hash_concurrency
    # /healthz is not queued behind them: it needs no hashing slot (checked by bench/memory.py for latency)
