"""Property test (python3-hypothesis): generated bodies, query strings, paths and headers thrown at
every call on both engines. No answer is a 500 (or any 5xx), every answer is as openapi.json says
(conftest's hook), and the reads everyone depends on still work afterwards.

Examples per endpoint per engine: FEEDBACK_HYPOTHESIS_EXAMPLES (default 100, a CI-sized run); the
counts of a run are printed (pytest -s)."""
from __future__ import annotations

import json
import os
import uuid
from collections import Counter
from urllib.parse import quote

import pytest

# hypothesis keeps a character-map cache: not in the worktree
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(os.environ.get("TMPDIR", "/tmp"), "fr-hypothesis"))
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import iso, now_utc, output

EXAMPLES = int(os.environ.get("FEEDBACK_HYPOTHESIS_EXAMPLES", "100"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None, print_blob=True,
                    suppress_health_check=list(HealthCheck))

# number literals Python's json would turn into huge ints, inf, nan or denormals
RAW = ["1" + "0" * 400, "1e400", "-1e400", "1e-400", "0." + "0" * 400 + "1", "123456789012345678901234567890",
       "NaN", "Infinity", "-Infinity", "-0", "1.0", "0.99999999999999999999999", "1E+2", "-1", "9" * 30 + ".5"]
TIMES = ["0001-01-01T00:00:00Z", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "9999-12-31T23:59:59Z",
         "1999-12-31T23:59:59Z", "2000-01-01T00:00:00+00:30", "2200-12-31T23:59:59Z", "2200-12-31T23:30:00-01:00",
         "2026-02-30T00:00:00Z", "2026-11-27T24:00:00Z", "2026-11-27T09:30:00.1234567890123Z",
         "2026-11-27T09:30:00+99:99", "2026-11-27 09:30:00z", "now", "2026-11-27T09:30:00", "1970-01-01T00:00:00Z"]
WORDS = ["", "\x00", "a\x00b", "\ud800", "x\udfff", "\udc80\udcff", "²", "١٢", "𝟘", "\u202e", "\ufeff", "é", "a" * 300,
         "0", "-1", "00000000-0000-0000-0000-000000000000", "null", "true", "{}", "%00", "..", "/", "\\", "off_topic"]
chars = st.characters(blacklist_categories=())  # surrogates and control characters included
text = st.one_of(st.sampled_from(WORDS), st.sampled_from(TIMES), st.text(chars, max_size=20))
raw_num = st.integers(0, len(RAW) - 1).map(lambda i: f"\x01RAW{i}\x01")
scalar = st.one_of(st.none(), st.booleans(), st.integers(-2 ** 70, 2 ** 70), st.floats(), text, raw_num,
                   st.sampled_from([0, 1, 0.5, 60, 500, 501, 86400, 2 ** 63, -2 ** 63 - 1]))
value = st.recursive(scalar, lambda c: st.lists(c, max_size=4) | st.dictionaries(text, c, max_size=4), max_leaves=12)


def deep(n):
    v = {"k": 1}
    for _ in range(n):
        v = {"k": v}
    return v


def dump(obj) -> bytes:
    """JSON text with the RAW literals put in place; surrogates escaped (a client can send them)."""
    s = json.dumps(obj)
    for i, lit in enumerate(RAW):
        s = s.replace(f'"\\u0001RAW{i}\\u0001"', lit)
    return s.encode("ascii")


def mutated(base: dict, extra_keys=("extra",)):
    """The valid body, with some fields replaced, dropped or added."""
    keys = list(base) + list(extra_keys)

    def build(d):
        out = dict(base)
        for k, v in d["set"].items():
            out[k] = v
        for k in d["drop"]:
            out.pop(k, None)
        return out
    return st.fixed_dictionaries({
        "set": st.dictionaries(st.sampled_from(keys), value, max_size=3),
        "drop": st.lists(st.sampled_from(keys), max_size=2)}).map(build)


def body_of(valid: st.SearchStrategy):
    """Mostly mutations of a valid body; sometimes anything at all, or bytes that are not UTF-8/JSON."""
    return st.one_of(
        valid.map(dump), valid.map(dump), valid.map(dump),
        value.map(dump),
        st.just(dump(deep(40))), st.just(b"[" * 100000 + b"]" * 100000),
        st.binary(max_size=40),
        valid.map(lambda v: json.dumps(v).replace("\\ud800", "\ud800").encode("utf-8", "surrogatepass")))


def qs(params: dict) -> str:
    def enc(v):
        return quote(str(v).encode("utf-8", "surrogatepass"), safe="")
    return "&".join(f"{enc(k)}={enc(v)}" for k, v in params.items())


query_value = st.one_of(text, st.sampled_from(RAW), st.integers(-10, 20000), st.sampled_from(["hour", "day", "week"]))


class World:
    """Users and outputs the generated calls refer to."""

    def __init__(self, api):
        self.api = api
        self.ing, self.rev, self.sup = api.user("ingest"), api.user(), api.user("supervisor")
        self.reader = api.user()
        self.outs = [o["id"] for o in api.ingest([output(0.3) for _ in range(300)], self.ing)]
        self.fb = [self.rev.decide(o).json()["id"] for o in self.outs[:3]]
        self.calls = Counter()

    def send(self, method, path, body=None, headers=None, ctype="application/json", query="", count=False):
        h = dict(headers or {})
        if body is not None:
            h.setdefault("Content-Type", ctype)
        url = path + ("?" + query if query else "")
        r = self.api.c.request(method, url, content=body, headers=h)
        if count:
            self.calls[r.status_code] += 1
        assert r.status_code < 500, (method, url, body[:300] if body else None, r.status_code, r.text[:500])
        return r

    def reads_work(self):
        """What an unlucky value used to break for everyone: export, SLA, leasing."""
        cur = "0"
        while True:
            r = self.send("GET", "/feedback/export", headers=self.sup.h, query=f"since={cur}&limit=10000")
            assert r.status_code == 200, r.text
            if not r.text:
                break
            cur = r.headers["x-next-cursor"]
        for path in ("/sla/summary", "/sla/timeseries", "/sla/timeseries?bucket=hour"):
            assert self.api.get(path, headers=self.sup.h).status_code == 200
        r = self.send("POST", "/outputs/lease", dump({"limit": 500, "lease_seconds": 60}), self.reader.h)
        assert r.status_code == 200, r.text
        ids = [x["id"] for x in r.json()["items"]]
        if ids:
            assert self.send("POST", "/outputs/release", dump({"ids": ids}), self.reader.h).status_code == 200


def _auth(w, role_user):
    """The right bearer token mostly (so that the body is what gets tested); sometimes none or garbage."""
    garbage = {"Authorization": "Bearer eyJhbGciOiJub25lIn0.e30."}
    return st.sampled_from([role_user.h] * 8 + [{}, garbage])


def _output_body(w):
    base = output(0.3, metadata={"a": 1}, created_at=iso(now_utc()))
    keys = ("id", "model_name", "model_version", "input", "output", "confidence", "metadata", "created_at", "x")
    one = mutated(base, keys)
    meta = st.dictionaries(text, value, max_size=4).map(lambda m: dict(base, metadata=m))
    return st.one_of(one, meta, st.lists(one, max_size=3))


def _feedback_base(w, batch=False):
    oid = st.one_of(st.sampled_from(w.outs), st.uuids().map(str))
    keys = ("model_output_id", "reviewer_id", "approval", "correction", "comment", "decided_at", "dwell_ms",
            "reason_code", "replaces", "idempotency_key", "x")

    def make(o):
        d = {"model_output_id": o, "reviewer_id": w.rev.id, "approval": True, "correction": "", "comment": "",
             "decided_at": iso(now_utc())}
        if batch:
            d["idempotency_key"] = str(uuid.uuid4())
        return d
    return oid.flatmap(lambda o: mutated(make(o), keys))


ENDPOINTS = {
    "POST /auth/token": lambda w: st.tuples(
        st.one_of(
            st.dictionaries(st.sampled_from(["grant_type", "username", "password", "refresh_token", "x"]),
                            text, max_size=4),
            st.fixed_dictionaries({"grant_type": st.just("password"), "username": st.one_of(text, st.just(w.rev.name)),
                                   "password": text}),
            st.fixed_dictionaries({"grant_type": st.just("refresh_token"), "refresh_token": text}),
        ).map(lambda d: qs(d).encode()),
        st.just({})).map(lambda t: ("POST", "/auth/token", t[0], t[1], "application/x-www-form-urlencoded", "")),
    "GET /me": lambda w: _auth(w, w.rev).map(lambda h: ("GET", "/me", None, h, None, "")),
    "GET /healthz": lambda w: st.tuples(st.dictionaries(text, query_value, max_size=2), _auth(w, w.rev)).map(
        lambda t: ("GET", "/healthz", None, t[1], None, qs(t[0]))),
    "POST /outputs": lambda w: st.tuples(body_of(_output_body(w)), _auth(w, w.ing)).map(
        lambda t: ("POST", "/outputs", t[0], t[1], "application/json", "")),
    "POST /outputs/lease": lambda w: st.tuples(
        body_of(mutated({"limit": 2, "lease_seconds": 60, "include_held": True})), _auth(w, w.rev)).map(
        lambda t: ("POST", "/outputs/lease", t[0], t[1], "application/json", "")),
    "POST /outputs/release": lambda w: st.tuples(
        body_of(st.lists(st.one_of(st.sampled_from(w.outs), value), max_size=4).flatmap(
            lambda ids: mutated({"ids": ids}))), _auth(w, w.rev)).map(
        lambda t: ("POST", "/outputs/release", t[0], t[1], "application/json", "")),
    "POST /feedback/": lambda w: st.tuples(
        body_of(_feedback_base(w)), _auth(w, w.rev),
        st.one_of(st.none(), st.uuids().map(str), text.filter(lambda s: s.isascii() and s.isprintable()))).map(
        lambda t: ("POST", "/feedback/", t[0], dict(t[1], **({"Idempotency-Key": t[2]} if t[2] is not None else {})),
                   "application/json", "")),
    "POST /feedback/batch": lambda w: st.tuples(
        body_of(st.lists(st.one_of(_feedback_base(w, batch=True), value), min_size=0, max_size=5).flatmap(
            lambda items: mutated({"items": items}))), _auth(w, w.rev)).map(
        lambda t: ("POST", "/feedback/batch", t[0], t[1], "application/json", "")),
    "POST /feedback/{id}/retract": lambda w: st.tuples(
        st.one_of(st.sampled_from(w.fb), st.uuids().map(str), text), _auth(w, w.rev)).map(
        lambda t: ("POST", "/feedback/" + quote(t[0].encode("utf-8", "surrogatepass"), safe="") + "/retract",
                   None, t[1], None, "")),
    "GET /feedback/export": lambda w: st.tuples(
        st.dictionaries(st.sampled_from(["since", "limit", "x"]), query_value, max_size=3), _auth(w, w.sup)).map(
        lambda t: ("GET", "/feedback/export", None, t[1], None, qs(t[0]))),
    "GET /sla/summary": lambda w: st.tuples(
        st.dictionaries(st.sampled_from(["target_hours", "x"]), query_value, max_size=2), _auth(w, w.sup)).map(
        lambda t: ("GET", "/sla/summary", None, t[1], None, qs(t[0]))),
    "GET /sla/timeseries": lambda w: st.tuples(
        st.dictionaries(st.sampled_from(["bucket", "since", "until", "target_hours"]), query_value, max_size=4),
        _auth(w, w.sup)).map(lambda t: ("GET", "/sla/timeseries", None, t[1], None, qs(t[0]))),
}


@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_no_500_and_reads_still_work(api, endpoint):
    w = World(api)
    n = [0]

    @SETTINGS
    @given(call=ENDPOINTS[endpoint](w))
    def run(call):
        method, path, body, headers, ctype, query = call
        w.send(method, path, body, headers, ctype or "application/json", query, count=True)
        n[0] += 1
        if n[0] % 50 == 0:
            w.reads_work()

    run()
    w.reads_work()
    print(f"\n[property] {endpoint} on {api.engine}: {n[0]} generated calls, statuses {dict(sorted(w.calls.items()))}")
    assert n[0] >= 1  # fewer than EXAMPLES only when the space is exhausted (GET /me: the token is all)
