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
    st.tuples(st.just("decide"), st.integers(0, 99), st.integers(0, 1), st.floats(0, 1), st.booleans(),
              st.sampled_from([None, "wrong_label", "off_topic"]), st.sampled_from([None, 0, 1500, 90_000])),
    st.tuples(st.just("retract"), st.integers(0, 99)),
    st.tuples(st.just("replace"), st.integers(0, 99), st.booleans()),
)


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
            when = created + (now - created) * op[3]
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
