"""The SLA aggregates equal a full recomputation after any mix of ingests, decisions, retractions and
changed decisions (hypothesis), and the migration builds them for data that predates it. Both engines."""
import os
import random
import secrets
import uuid
from datetime import timedelta

os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(os.environ.get("TMPDIR", "/tmp"), "fr-hypothesis"))
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from conftest import PG_URL, _empty, db_url, iso, make_settings, now_utc, output, _need_pg  # noqa: E402
from feedback_backend import sla_agg  # noqa: E402
from feedback_backend.db import _statements, migrate, migration_files, open_engine  # noqa: E402
from feedback_backend.sla_store import SlaStore  # noqa: E402

EXAMPLES = int(os.environ.get("FEEDBACK_HYPOTHESIS_AGG_EXAMPLES", "12"))

OP = st.one_of(
    st.tuples(st.just("ingest"), st.lists(st.tuples(st.floats(0.5, 300), st.sampled_from([0.1, 0.5, 0.95]),
                                                    st.sampled_from(["m1", "m2"])), min_size=1, max_size=4)),
    # when: a fraction of the time since creation, or (edge, microseconds): just by a bucket edge
    st.tuples(st.just("decide"), st.integers(0, 99), st.integers(0, 1),
              st.one_of(st.floats(0, 1), st.tuples(st.sampled_from(sla_agg.EDGES_S[1:26]), st.integers(-1500, 1500))),
              st.booleans(),
              st.sampled_from([None, "wrong_label", "off_topic"]), st.sampled_from([None, 0, 1500, 90_000])),
    st.tuples(st.just("retract"), st.integers(0, 99)),
    st.tuples(st.just("replace"), st.integers(0, 99), st.booleans()),
)


def _decision_time(created, now, when):
    if isinstance(when, tuple):
        at = created + timedelta(seconds=when[0], microseconds=when[1])
        if at <= now:
            return at
        when = 1.0
    return created + (now - created) * when


def _full_scan_summary(api, target_s):
    """The figures the old full scan gave: counts to compare with the aggregate-based summary."""
    rows = api.sql("SELECT o.created_at, f.decided_at, f.approval FROM feedback f JOIN model_outputs o "
                   "ON o.id = f.model_output_id WHERE f.retracted_at IS NULL AND o.needs_review")
    return len(rows), sum(1 for r in rows if r["approval"])


@settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(ops=st.lists(OP, min_size=1, max_size=14))
def test_aggregates_equal_recomputation(api, ops):
    _empty(api.app)
    api.st.users._cache.clear()
    revs = [api.user(), api.user()]
    now = now_utc()
    outs, live = [], []   # live: (reviewer index, feedback id, output id, created)
    for op in ops:
        if op[0] == "ingest":
            got = api.ingest([output(c, model_name=m, created_at=iso(now - timedelta(hours=h))) for h, c, m in op[1]])
            outs += [(o["id"], now - timedelta(hours=h)) for o, (h, _, _) in zip(got, op[1])]
        elif op[0] == "decide" and outs:
            oid, created = outs[op[1] % len(outs)]
            r = revs[op[2]]
            when = _decision_time(created, now, op[3])
            res = r.decide(oid, approval=op[4], decided_at=iso(when), reason_code=op[5], dwell_ms=op[6])
            if res.status_code == 201:
                live.append((op[2], res.json()["id"], oid, created))
        elif op[0] == "retract" and live:
            who, fid, oid, created = live.pop(op[1] % len(live))
            assert api.post(f"/feedback/{fid}/retract", headers=revs[who].h).status_code == 200
        elif op[0] == "replace" and live:
            i = op[1] % len(live)
            who, fid, oid, created = live[i]
            res = revs[who].decide(oid, approval=op[2], decided_at=iso(now_utc()), replaces=fid, dwell_ms=700)
            assert res.status_code == 201, res.text
            live[i] = (who, res.json()["id"], oid, created)
    assert api.st.sla.check_aggregates() == []
    s = api.st.sla.summary(48)
    n, approved = _full_scan_summary(api, 48 * 3600)
    assert s["reviewed"] == n
    assert s["approval_rate"] == (round(approved / n, 6) if n else None)
    flagged = api.sql("SELECT COUNT(*) AS n FROM model_outputs WHERE needs_review")[0]["n"]
    pending = api.sql("SELECT COUNT(*) AS n FROM model_outputs WHERE review_state = 'pending'")[0]["n"]
    assert s["pending"] == pending == flagged - n       # arrivals minus live decisions


def test_check_notices_a_wrong_counter(api):
    (o,) = api.ingest([output(0.2)])
    assert api.user().decide(o["id"]).status_code == 201
    assert api.st.sla.check_aggregates() == []
    api.sql("UPDATE sla_hour SET n = n + 1")
    diffs = api.st.sla.check_aggregates()
    assert diffs and diffs[0][0] == "sla_hour"
    api.st.sla.rebuild_aggregates()
    assert api.st.sla.check_aggregates() == []


def _engine_at_v5(engine_name, tmp_path):
    if engine_name == "sqlite":
        s = make_settings(f"sqlite:///{tmp_path}/old.db")
        drop = None
    else:
        _need_pg()
        import psycopg
        name = "fr_test_" + secrets.token_hex(6) + "_mig"
        with psycopg.connect(PG_URL, autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        s = make_settings(db_url(PG_URL, name))
        drop = name
    eng = open_engine(s)
    ts = "timestamptz" if eng.name == "postgres" else "TEXT"
    with eng.tx() as tx:
        tx.x(f"CREATE TABLE schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at {ts} NOT NULL)")
        for version, name, sql in migration_files(eng.name):
            if version <= 5:
                for stmt in _statements(sql):
                    tx.x(stmt)
                tx.x("INSERT INTO schema_version VALUES (:v, :n, :t)", {"v": version, "n": name, "t": eng.ts(now_utc())})
    return s, eng, drop


def test_migration_builds_aggregates_for_existing_data(tmp_path, request):
    for engine_name in ("sqlite", "postgres"):
        if engine_name == "postgres" and not PG_URL:
            continue
        s, eng, drop = _engine_at_v5(engine_name, tmp_path)
        try:
            rnd = random.Random(7)
            now = now_utc()
            uid = str(uuid.uuid4())
            with eng.tx() as tx:
                tx.x("INSERT INTO users (id, username, username_key, display_name, role, password_hash, created_at, disabled) "
                     "VALUES (:id, 'old', 'old', 'Old', 'reviewer', 'x', :t, :d)", {"id": uid, "t": eng.ts(now), "d": False})
                for i in range(60):
                    oid = str(uuid.uuid4())
                    created = now - timedelta(hours=rnd.uniform(1, 400))
                    needs = rnd.random() < 0.8
                    tx.x("INSERT INTO model_outputs (id, model_name, model_version, input, output, confidence, metadata, "
                         "created_at, received_at, needs_review, review_state) VALUES (:id, 'm', NULL, 'i', 'o', 0.5, '{}', "
                         ":c, :c, :n, :st)", {"id": oid, "c": eng.ts(created), "n": needs,
                                               "st": "pending" if needs else "not_needed"})
                    if rnd.random() < 0.6:
                        decided = created + (now - created) * rnd.random()
                        count = rnd.choice([1, 1, 2])
                        for k in range(count):  # sometimes a retracted one first
                            tx.x("INSERT INTO feedback (id, model_output_id, reviewer_id, approval, created_at, decided_at, "
                                 "received_at, dwell_ms, retracted_at, change_seq, reason_code) VALUES (:id, :o, :u, :a, :t, :d, "
                                 ":t, 1000, :r, :seq, 'x')",
                                 {"id": str(uuid.uuid4()), "o": oid, "u": uid, "a": rnd.random() < 0.5, "t": eng.ts(now),
                                  "d": eng.ts(decided), "r": eng.ts(now) if k + 1 < count else None,
                                  "seq": i * 3 + k})
                tx.x("UPDATE model_outputs SET review_state = 'reviewed' WHERE id IN "
                     "(SELECT model_output_id FROM feedback WHERE retracted_at IS NULL) AND needs_review")
            assert "0006_sla_aggregates.sql" in migrate(eng)
            with eng.tx(write=False) as tx:
                assert sla_agg.check(tx, eng) == []
                n_live = tx.one("SELECT COUNT(*) AS n FROM feedback f JOIN model_outputs o ON o.id = f.model_output_id "
                                "WHERE f.retracted_at IS NULL AND o.needs_review")["n"]
            assert n_live > 0 and SlaStore(eng, s).summary(48)["reviewed"] == n_live
        finally:
            eng.close()
            if drop:
                import psycopg
                with psycopg.connect(PG_URL, autocommit=True) as c:
                    c.execute(f'DROP DATABASE IF EXISTS "{drop}" WITH (FORCE)')


# Times to review within a millisecond of a bucket edge, with microsecond fractions that SQLite's julianday
# (each timestamp rounded to the millisecond on its own, before the subtraction) used to round differently
# from the rule new decisions are counted by (the exact difference rounded half up to the millisecond):
# created .966409 -> .966, decided .966843 -> .967 made 0.434 ms count as 1 ms, over the edge.
EDGE_CASES = [(966409, 434), (328386, 272), (877471, 382), (564471, 204), (866515, 569), (500, 0),
              (999500, 0), (499, 500), (500, 499), (999999, 1), (1, 999), (400, -500), (600, -499), (0, 1000)]


def test_buckets_at_edges_agree_to_the_microsecond(api):
    """A decision whose time to review lies within a millisecond of a bucket edge is counted in the bucket
    the full recomputation puts it in, on both engines; that bucket is the exact time rounded half up to
    the millisecond (sla_agg.bucket_of_times). Before: SQLite recomputed some of them one bucket off."""
    api.st.users._cache.clear()
    rev = api.user()
    now = now_utc().replace(microsecond=0)
    wanted = []
    for k, (frac_us, off_us) in enumerate(EDGE_CASES):
        for edge_s in (60, 2700, 3600, 48 * 3600):
            created = now - timedelta(hours=60, minutes=k, seconds=edge_s % 7) + timedelta(microseconds=frac_us)
            decided = created + timedelta(seconds=edge_s, microseconds=off_us)
            (o,) = api.ingest([output(0.1, created_at=iso(created))])
            assert rev.decide(o["id"], decided_at=iso(decided)).status_code == 201
            wanted.append(sla_agg.bucket_of_times(decided, created))
    assert api.st.sla.check_aggregates() == []
    got = api.sql("SELECT bucket, SUM(n) AS n FROM sla_total GROUP BY bucket")
    assert {int(r["bucket"]): int(r["n"]) for r in got if int(r["n"])} == \
        {b: wanted.count(b) for b in set(wanted)}


def test_sql_bucket_rule_is_the_python_rule(api):
    """The SQL expression (rebuild, check, retractions) against the Python rule (new decisions), on
    random pairs of times near every edge, sub-millisecond apart."""
    e = api.st.engine
    rnd = random.Random(12)
    base = now_utc().replace(microsecond=0) - timedelta(days=90)
    pairs = []
    for i in range(3000):
        created = base + timedelta(microseconds=rnd.randrange(10 ** 12))
        ttr = timedelta(seconds=rnd.choice(sla_agg.EDGES_S), microseconds=rnd.randrange(-1500, 1500))
        pairs.append((created, created + ttr))
    expr = sla_agg._bucket_sql(e, ":d", ":c")
    with e.tx(write=False) as tx:
        got = [int(tx.one(f"SELECT {expr} AS b", {"d": e.ts(d), "c": e.ts(c)})["b"]) for c, d in pairs]
    want = [sla_agg.bucket_of_times(d, c) for c, d in pairs]
    assert [(c, d, g, w) for (c, d), g, w in zip(pairs, got, want) if g != w] == []
