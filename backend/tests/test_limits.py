"""Nothing before the caller is known, limits while the body streams in, bounded error bodies,
a 500 that says Connection: close. Through a real `feedback-backend serve` process."""
import json
import socket
import sqlite3
import threading
import uuid

import httpx
import pytest

MIB = 1024 * 1024


def raw_post(srv, path, headers, body_prefix, content_length, chunk=64 * 1024):
    """POST announcing `content_length` bytes but sending only `body_prefix` (then waiting for the
    answer): an answer proves the server decided without reading the rest. Returns (status, headers, body)."""
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=60)
    try:
        head = [f"POST {path} HTTP/1.1", f"Host: 127.0.0.1:{srv.port}", f"Content-Length: {content_length}",
                "Content-Type: application/json"] + [f"{k}: {v}" for k, v in headers.items()]
        s.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        try:
            for i in range(0, len(body_prefix), chunk):
                s.sendall(body_prefix[i:i + chunk])
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed already: read what it said
        return _read_response(s)
    finally:
        s.close()


def _read_response(s):
    data = b""
    while b"\r\n\r\n" not in data:
        got = s.recv(65536)
        assert got, f"connection closed without an answer: {data!r}"
        data += got
    head, rest = data.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    hdrs = {k.strip().lower(): v.strip() for k, v in (ln.split(":", 1) for ln in lines[1:])}
    n = int(hdrs.get("content-length", "0"))
    while len(rest) < n:
        got = s.recv(65536)
        if not got:
            break
        rest += got
    return status, hdrs, rest


def test_no_token_is_refused_before_the_body_is_read(server):
    before = server.rss_kib()
    results = []

    def one():
        # 32 MiB announced, one byte sent: the 401 comes without the rest
        results.append(raw_post(server, "/outputs/lease", {}, b"[", 32 * MIB))
    threads = [threading.Thread(target=one) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 12
    for status, hdrs, body in results:
        assert status == 401, body
        assert hdrs.get("connection") == "close"
        assert json.loads(body)["status"] == 401
    # nothing was buffered: the server grew by far less than one of those bodies
    assert server.rss_kib() - before < 16 * 1024, (before, server.rss_kib())
    assert httpx.get(server.base + "/healthz", timeout=30).status_code == 200


def test_wrong_role_is_refused_before_the_body_is_read(server):
    tok = server.token("rev1", "pw-rev1")["access_token"]
    status, hdrs, body = raw_post(server, "/outputs", {"Authorization": "Bearer " + tok}, b"[" * 1, 32 * MIB)
    assert status == 403 and json.loads(body)["type"].endswith("forbidden")
    status, _, body = raw_post(server, "/outputs/lease", {"Authorization": "Bearer not-a-token"}, b"{", 8 * MIB)
    assert status == 401


def test_body_over_the_route_limit_is_413_by_its_announced_length(server):
    tok = server.token("rev1", "pw-rev1")["access_token"]
    status, hdrs, body = raw_post(server, "/outputs/lease", {"Authorization": "Bearer " + tok}, b"{", 32 * MIB)
    assert status == 413 and hdrs.get("connection") == "close"
    # without Content-Length (chunked): refused once the route's 16 KiB are passed while streaming
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=60)
    try:
        sock.sendall((f"POST /outputs/lease HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {tok}\r\n"
                      "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").encode())
        for _ in range(5):
            sock.sendall(b"1000\r\n" + b" " * 4096 + b"\r\n")
        status, hdrs, _ = _read_response(sock)
    finally:
        sock.close()
    assert status == 413 and hdrs.get("connection") == "close"


def test_too_many_items_refused_while_streaming_with_a_small_answer(server):
    tok = server.token("ing", "pw-ing")["access_token"]
    body = b"[" + b",".join([b"{}"] * 349_000) + b"]"  # ~1 MiB of empty items
    status, hdrs, answer = raw_post(server, "/outputs", {"Authorization": "Bearer " + tok}, body, len(body))
    assert status == 422, answer
    b = json.loads(answer)
    assert b["field"] == "body" and "10000" in b["detail"]
    assert len(answer) < 4096
    assert httpx.get(server.base + "/healthz", timeout=30).status_code == 200
    # decisions: at most 500 in a batch, named by the list's field
    tok = server.token("rev1", "pw-rev1")["access_token"]
    items = b'{"items": [' + b",".join([b"{}"] * 5000) + b"]}"
    status, _, answer = raw_post(server, "/feedback/batch", {"Authorization": "Bearer " + tok}, items, len(items))
    assert status == 422 and json.loads(answer)["field"] == "items"


def test_error_body_is_bounded_however_many_items_are_wrong(server):
    tok = server.token("ing", "pw-ing")["access_token"]
    r = httpx.post(server.base + "/outputs", json=[{"confidence": "high"}] * 10_000, timeout=120,
                   headers={"Authorization": "Bearer " + tok})
    assert r.status_code == 422, r.text[:500]
    assert len(r.content) < 8192, len(r.content)
    b = r.json()
    assert 0 < len(b["errors"]) <= 20 and b["more_errors"] > 10_000


def test_deep_nesting_is_refused(server):
    tok = server.token("ing", "pw-ing")["access_token"]
    body = b"[" * 100_000
    status, _, answer = raw_post(server, "/outputs", {"Authorization": "Bearer " + tok}, body, len(body))
    assert status == 422 and "nested" in json.loads(answer)["detail"]


def test_a_500_says_connection_close_and_the_next_call_works(server):
    if server.engine != "sqlite":
        pytest.skip("the fault is injected by renaming a table in the SQLite file")
    tok = server.token("rev1", "pw-rev1")["access_token"]
    h = {"Authorization": "Bearer " + tok}
    db = sqlite3.connect(server.cwd / "feedback.db", isolation_level=None)
    db.execute("ALTER TABLE model_outputs RENAME TO model_outputs_away")
    try:
        with httpx.Client(base_url=server.base, timeout=30) as c:
            r = c.post("/outputs/lease", json={"limit": 1}, headers=h)
            assert r.status_code == 500
            assert r.headers.get("connection") == "close"
            assert r.json()["type"].endswith("internal")
            db.execute("ALTER TABLE model_outputs_away RENAME TO model_outputs")
            assert c.post("/outputs/lease", json={"limit": 1}, headers=h).status_code == 200
    finally:
        if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'model_outputs_away'").fetchone():
            db.execute("ALTER TABLE model_outputs_away RENAME TO model_outputs")
        db.close()
    assert "unhandled error" in server.log_text()  # logged, with its traceback
    assert "no such table: model_outputs" in server.log_text()


def test_sign_in_flood_checks_only_the_limit_and_counts_first(server):
    """40 wrong passwords at once for one account: exactly 10 are checked (401), the rest 429."""
    name = "flood-" + uuid.uuid4().hex[:6]
    server.add_user(name, "reviewer", "right-pw")
    codes = []

    def one():
        r = httpx.post(server.base + "/auth/token", data={"username": name, "password": "wrong"}, timeout=120)
        codes.append(r.status_code)
    threads = [threading.Thread(target=one) for _ in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(set(codes)) == [401, 429] and codes.count(401) == 10, codes
    r = httpx.post(server.base + "/auth/token", data={"username": name, "password": "right-pw"}, timeout=60)
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
