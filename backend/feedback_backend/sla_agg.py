"""SLA aggregates: counters maintained in the same transaction as every write that changes them,
so that the supervisor's figures never scan history.

Tables (migration 0006):
  sla_hour     (hour, bucket)                                          -> n, approved
  sla_day      (day, bucket)                                           -> n, approved
  sla_total    (model_name, model_version, reviewer_id, bucket)        -> n, approved, dwell_ms, dwell_n
  sla_dim      (day, model_name, model_version, reviewer_id, bucket)   -> n, approved, dwell_ms, dwell_n
  sla_reason   (day, reason_code)                                      -> n
  sla_arrivals (hour, model_name, model_version)                       -> n   (flagged outputs by created_at)
A decision counts when it is live (not retracted) and its output needs review; hour/day are those
of decided_at (UTC), bucket is the time-to-review bucket (decided_at - output created_at, see EDGES_S).
model_version NULL is kept as '' (a key column).

The keys of a delta (hour, day, bucket): for retractions computed by SQL from the rows themselves with the
same expressions as the full rebuild; for new decisions in Python from the rows in hand (row_keys), by the
same rule: the time to review is the exact (microsecond) difference rounded half up to the millisecond, in
integers on both engines (engine.ttr_ms), so the incremental figures and a recomputation agree to the bit
(tests/test_sla_aggregates.py holds the two rules together).
sla_total and sla_day are roll-ups of sla_dim and sla_hour: all-time and per-day figures read a few
thousand rows at any size."""
from __future__ import annotations

import bisect
import math
from datetime import timedelta, timezone

H = 3600
# time-to-review bucket i holds ttr in (EDGES_S[i], EDGES_S[i+1]] (bucket 0 also <= 0); the last is open
EDGES_S = [0, 60, 300, 600, 900, 1800, 2700, H, 5400, 2 * H, 3 * H, 4 * H, 5 * H, 6 * H, 8 * H, 10 * H, 12 * H,
           15 * H, 18 * H, 21 * H, 24 * H, 30 * H, 36 * H, 42 * H, 48 * H, 60 * H, 72 * H, 96 * H, 120 * H,
           144 * H, 168 * H, 240 * H, 336 * H, 504 * H, 720 * H, 1440 * H]
NB = len(EDGES_S)
EDGES_MS = [x * 1000 for x in EDGES_S]  # buckets 0..NB-1; bucket NB-1 is (1440 h, inf)


def bucket_bounds(b):
    lo = EDGES_S[b]
    hi = EDGES_S[b + 1] if b + 1 < NB else None
    return lo, hi


def bucket_of(ttr_s):
    if ttr_s <= 0:
        return 0
    return min(NB - 1, bisect.bisect_left(EDGES_S, ttr_s) - 1)


def _bucket_sql(e, decided, created):
    """The bucket of decided - created: engine.ttr_ms (the exact difference rounded half up to the
    millisecond, the rule bucket_of_times applies to new decisions in Python) against the edges."""
    def cases(ms):
        whens = " ".join(f"WHEN {ms} <= {EDGES_MS[i + 1]} THEN {i}" for i in range(NB - 1))
        return f"(CASE {whens} ELSE {NB - 1} END)"
    ms = e.ttr_ms(decided, created)
    if e.name == "sqlite":  # it would evaluate ms again at each WHEN: once, in a scalar subquery (10x faster)
        return f"(SELECT {cases('x')} FROM (SELECT {ms} AS x) t)"
    return cases(ms)


def within(hist, target_s):
    """How many of the histogram's counts {bucket: n} lie within target_s: whole buckets below the target,
    plus the share of the bucket that holds it (linear within the bucket; exact when the target is an edge)."""
    tot = 0.0
    for b, n in hist.items():
        lo, hi = bucket_bounds(b)
        if hi is not None and hi <= target_s:
            tot += n
        elif lo < target_s and n:
            tot += n * ((target_s - lo) / (hi - lo) if hi is not None else 0.0)
    return tot


def percentile(hist, p):
    """p-quantile (0..1) with the same rank rule as before (linear between ranks floor/ceil of p*(n-1));
    the value at a rank is placed inside its bucket by its position among the bucket's counts.
    Accurate to within the bucket(s) holding those ranks. None without data."""
    items = sorted((b, n) for b, n in hist.items() if n > 0)
    n = sum(c for _, c in items)
    if n == 0:
        return None
    r = p * (n - 1)
    k0 = math.floor(r)
    return _at(items, k0) + (_at(items, min(k0 + 1, n - 1)) - _at(items, k0)) * (r - k0)


def _at(items, k):
    cum = 0
    for b, c in items:
        if k < cum + c:
            lo, hi = bucket_bounds(b)
            if hi is None:
                return float(lo)
            return lo + (hi - lo) * (k - cum + 0.5) / c
        cum += c
    return float(bucket_bounds(items[-1][0])[0])


# --------------------------------------------------------------------------- maintenance
def _keys(e):
    hour = e.bucket("hour", "f.decided_at")
    day = e.bucket("day", "f.decided_at")
    ttr = _bucket_sql(e, "f.decided_at", "o.created_at")
    return hour, day, ttr


def _decision_selects(e, where):
    """(table, key columns, value columns, SELECT yielding keys + values for `where`, times :sign)."""
    hour, day, ttr = _keys(e)
    src = ("FROM feedback f JOIN model_outputs o ON o.id = f.model_output_id "
           f"WHERE o.needs_review AND {where}")
    appr = "SUM(CASE WHEN f.approval THEN 1 ELSE 0 END)"
    return [
        ("sla_hour", ["hour", "bucket"], ["n", "approved"],
         f"SELECT {hour} AS hour, {ttr} AS bucket, :sign * COUNT(*) AS n, :sign * {appr} AS approved {src} "
         "GROUP BY 1, 2 ORDER BY 1, 2"),
        ("sla_day", ["day", "bucket"], ["n", "approved"],
         f"SELECT {day} AS day, {ttr} AS bucket, :sign * COUNT(*) AS n, :sign * {appr} AS approved {src} "
         "GROUP BY 1, 2 ORDER BY 1, 2"),
        ("sla_total", ["model_name", "model_version", "reviewer_id", "bucket"], ["n", "approved", "dwell_ms", "dwell_n"],
         f"SELECT o.model_name AS model_name, COALESCE(o.model_version, '') AS model_version, "
         f"f.reviewer_id AS reviewer_id, {ttr} AS bucket, :sign * COUNT(*) AS n, :sign * {appr} AS approved, "
         ":sign * COALESCE(SUM(f.dwell_ms), 0) AS dwell_ms, :sign * COUNT(f.dwell_ms) AS dwell_n "
         f"{src} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"),
        ("sla_dim", ["day", "model_name", "model_version", "reviewer_id", "bucket"],
         ["n", "approved", "dwell_ms", "dwell_n"],
         f"SELECT {day} AS day, o.model_name AS model_name, COALESCE(o.model_version, '') AS model_version, "
         f"f.reviewer_id AS reviewer_id, {ttr} AS bucket, :sign * COUNT(*) AS n, :sign * {appr} AS approved, "
         ":sign * COALESCE(SUM(f.dwell_ms), 0) AS dwell_ms, :sign * COUNT(f.dwell_ms) AS dwell_n "
         f"{src} GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5"),
        ("sla_reason", ["day", "reason_code"], ["n"],
         f"SELECT {day} AS day, f.reason_code AS reason_code, :sign * COUNT(*) AS n {src} "
         "AND f.reason_code IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2"),
    ]


def _arrival_select(e, where):
    hour = e.bucket("hour", "o.created_at")
    return ("sla_arrivals", ["hour", "model_name", "model_version"], ["n"],
            f"SELECT {hour} AS hour, o.model_name AS model_name, COALESCE(o.model_version, '') AS model_version, "
            f":sign * COUNT(*) AS n FROM model_outputs o WHERE o.needs_review AND {where} "
            "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3")


def _upsert(tx, table, keys, vals, select, params):
    cols = keys + vals
    sets = ", ".join(f"{v} = {table}.{v} + excluded.{v}" for v in vals)
    tx.x(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(cols)} FROM ({select}) s WHERE true "
         f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {sets}", params)


def _upsert_rows(tx, table, keys, vals, deltas):
    """deltas {key tuple: [values]}: added to the table's rows, in key order (no deadlocks between writers)."""
    rows = [dict(zip(keys, k), **dict(zip(vals, v))) for k, v in sorted(deltas.items(), key=lambda kv: str(kv[0]))
            if any(v)]
    if not rows:
        return
    cols = keys + vals
    sets = ", ".join(f"{v} = {table}.{v} + excluded.{v}" for v in vals)
    tx.many(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join(':' + c for c in cols)}) "
            f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {sets}", rows)


def apply_decisions(tx, e, feedback_ids, sign):
    """Count (+1) or uncount (-1) the given feedback rows (by id), whatever their retracted state:
    one read of the rows (keys computed by SQL), the sums in Python, one upsert per table."""
    if not feedback_ids:
        return
    hour, day, ttr = _keys(e)
    p = {}
    where = e.uuid_in("f.id", "fids", sorted(set(str(i) for i in feedback_ids)), p)
    rows = tx.q(f"SELECT {hour} AS hour, {day} AS day, {ttr} AS bucket, o.model_name AS model_name, "
                "COALESCE(o.model_version, '') AS model_version, f.reviewer_id AS reviewer_id, "
                "f.approval AS approval, f.dwell_ms AS dwell_ms, f.reason_code AS reason_code "
                f"FROM feedback f JOIN model_outputs o ON o.id = f.model_output_id WHERE o.needs_review AND {where}", p)
    apply_rows(tx, rows, sign)


def bucket_of_times(decided_at, created_at):
    """The bucket SQL computes (engine.ttr_ms against the edges), from exact datetimes: the time
    rounded half up to the millisecond."""
    us = (decided_at - created_at) // timedelta(microseconds=1)
    ms = (us + 500) // 1000
    if ms <= 0:
        return 0
    return min(NB - 1, bisect.bisect_left(EDGES_MS, ms) - 1)


def row_keys(e, decided_at, created_at):
    """(hour, day, bucket) of a decision as the SQL expressions give them, for this engine."""
    d = decided_at.astimezone(timezone.utc)
    h = d.replace(minute=0, second=0, microsecond=0)
    return e.ts(h), e.ts(h.replace(hour=0)), bucket_of_times(d, created_at)


def apply_rows(tx, rows, sign):
    """rows: dicts with hour, day, bucket, model_name, model_version ('' for none), reviewer_id, approval,
    dwell_ms, reason_code. Summed per table in Python, one upsert per table."""
    if not rows:
        return
    hourly, daily, total, dim, reason = {}, {}, {}, {}, {}

    def add(d, k, *v):
        cur = d.setdefault(k, [0] * len(v))
        for i, x in enumerate(v):
            cur[i] += sign * x
    for r in rows:
        a = 1 if r["approval"] else 0
        dw, dn = (int(r["dwell_ms"]), 1) if r["dwell_ms"] is not None else (0, 0)
        b = int(r["bucket"])
        add(hourly, (r["hour"], b), 1, a)
        add(daily, (r["day"], b), 1, a)
        add(total, (r["model_name"], r["model_version"], r["reviewer_id"], b), 1, a, dw, dn)
        add(dim, (r["day"], r["model_name"], r["model_version"], r["reviewer_id"], b), 1, a, dw, dn)
        if r["reason_code"] is not None:
            add(reason, (r["day"], r["reason_code"]), 1)
    _upsert_rows(tx, "sla_hour", ["hour", "bucket"], ["n", "approved"], hourly)
    _upsert_rows(tx, "sla_day", ["day", "bucket"], ["n", "approved"], daily)
    _upsert_rows(tx, "sla_total", ["model_name", "model_version", "reviewer_id", "bucket"],
                 ["n", "approved", "dwell_ms", "dwell_n"], total)
    _upsert_rows(tx, "sla_dim", ["day", "model_name", "model_version", "reviewer_id", "bucket"],
                 ["n", "approved", "dwell_ms", "dwell_n"], dim)
    _upsert_rows(tx, "sla_reason", ["day", "reason_code"], ["n"], reason)


def apply_arrivals(tx, e, output_ids):
    if not output_ids:
        return
    p = {"sign": 1}
    where = e.uuid_in("o.id", "oids", sorted(set(str(i) for i in output_ids)), p)
    _upsert(tx, *_arrival_select(e, where), p)


TABLES = ("sla_hour", "sla_day", "sla_total", "sla_dim", "sla_reason", "sla_arrivals")


def rebuild(tx, e):
    """Recompute every aggregate from the data (migration 0006, bench loads, repairs)."""
    for t in TABLES:
        tx.x(f"DELETE FROM {t}")
    p = {"sign": 1}
    for table, keys, vals, select in _decision_selects(e, "f.retracted_at IS NULL") + [_arrival_select(e, "1 = 1")]:
        tx.x(f"INSERT INTO {table} ({', '.join(keys + vals)}) {select}", p)


def _norm(tx, e, table, keys, vals, sql, p):
    out = {}
    for r in tx.q(sql, p):
        k = tuple(str(r[c]) if c == "reviewer_id" else (e.ts(r[c]) if c in ("hour", "day") else r[c]) for c in keys)
        k = tuple(str(x) for x in k)
        v = tuple(int(r[c]) for c in vals)
        if any(v):
            out[k] = v
    return out


def check(tx, e):
    """Compare the maintained aggregates with a full recomputation. Returns a list of differences
    (table, key, maintained, recomputed); empty when they agree."""
    diffs = []
    p = {"sign": 1}
    for table, keys, vals, select in _decision_selects(e, "f.retracted_at IS NULL") + [_arrival_select(e, "1 = 1")]:
        have = _norm(tx, e, table, keys, vals, f"SELECT {', '.join(keys + vals)} FROM {table}", {})
        want = _norm(tx, e, table, keys, vals, select, p)
        for k in sorted(set(have) | set(want)):
            if have.get(k) != want.get(k):
                diffs.append((table, k, have.get(k), want.get(k)))
    return diffs
