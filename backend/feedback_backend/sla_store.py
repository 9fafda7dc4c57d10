"""SLA figures for the supervisor, read from the aggregates (sla_agg) and from the live queue
(pending outputs via the partial index model_outputs_queue; held leases via model_outputs_lease_owner).
Nothing here scans decision history.

Pace = live decisions (on flagged outputs) decided in the last 24 clock hours (the current hour and the
23 before it) / 24, per hour. Queue position: pending outputs in deadline order (created_at, confidence,
id), the overdue ones first; item k (0-based) is reached after k / pace hours."""
from __future__ import annotations

import math
import uuid
from datetime import timedelta
from statistics import median

from . import sla_agg
from .db import fmt_ts, parse_ts, utcnow

PREVIEW = 200


def _hour(d):
    return d.replace(minute=0, second=0, microsecond=0)


def _day(d):
    return _hour(d).replace(hour=0)


def _pct(a, b):
    return round(100.0 * a / b, 4) if b else None


class SlaStore:
    def __init__(self, engine, settings):
        self.e = engine
        self.s = settings

    # ---- building blocks
    def _hist_hours(self, tx, since=None, until=None):
        """{bucket: (n, approved)} over sla_hour rows with since <= hour < until (hour starts)."""
        w, p = [], {}
        if since is not None:
            w.append("hour >= :since")
            p["since"] = self.e.ts(since)
        if until is not None:
            w.append("hour < :until")
            p["until"] = self.e.ts(until)
        where = ("WHERE " + " AND ".join(w)) if w else ""
        return {int(r["bucket"]): (int(r["n"]), int(r["a"])) for r in tx.q(
            f"SELECT bucket, SUM(n) AS n, SUM(approved) AS a FROM sla_hour {where} GROUP BY bucket", p)}

    def _pace(self, tx, now):
        row = tx.one("SELECT COALESCE(SUM(n), 0) AS n FROM sla_hour WHERE hour >= :s AND hour <= :now",
                     {"s": self.e.ts(_hour(now) - timedelta(hours=23)), "now": self.e.ts(now)})
        return int(row["n"]) / 24.0

    def _pending(self, tx, now, target_s):
        e = self.e
        cut = now - timedelta(seconds=target_s)
        p = {"cut": e.ts(cut), "cut7": e.ts(now - timedelta(days=7) - timedelta(seconds=target_s)), "now": e.ts(now)}
        r = tx.one("SELECT COUNT(*) AS pending, "
                   "COALESCE(SUM(CASE WHEN created_at < :cut THEN 1 ELSE 0 END), 0) AS overdue, "
                   "COALESCE(SUM(CASE WHEN created_at < :cut AND created_at >= :cut7 THEN 1 ELSE 0 END), 0) AS overdue_7d, "
                   "MIN(created_at) AS oldest FROM model_outputs WHERE review_state = 'pending'", p)
        return r

    def per_reviewer_rate(self, tx):
        """Median over reviewers of decisions per on-screen hour (decisions with dwell_ms / their dwell
        hours, all time); None when no reviewer has dwell data."""
        rows = tx.q("SELECT reviewer_id, SUM(dwell_ms) AS ms, SUM(dwell_n) AS n FROM sla_total GROUP BY reviewer_id")
        rates = [int(r["n"]) / (int(r["ms"]) / 3.6e6) for r in rows if int(r["ms"] or 0) > 0 and int(r["n"] or 0) > 0]
        return median(rates) if rates else None

    def _names(self, tx, ids):
        p = {}
        if not ids:
            return {}
        return {str(r["id"]): r["username"] for r in tx.q(
            f"SELECT id, username FROM users WHERE {self.e.uuid_in('id', 'ids', sorted(str(i) for i in ids), p)}", p)}

    # ---- summary
    def summary(self, target_hours, now=None):
        e = self.e
        now = now or utcnow()
        target_s = float(target_hours) * 3600.0
        with e.tx(write=False) as tx:
            pend = self._pending(tx, now, target_s)
            allh = {int(r["bucket"]): (int(r["n"]), int(r["a"])) for r in tx.q(
                "SELECT bucket, SUM(n) AS n, SUM(approved) AS a FROM sla_total GROUP BY bucket")}
            h7 = self._hist_hours(tx, since=_hour(now - timedelta(days=7)))
            per = tx.q("SELECT reviewer_id, bucket, SUM(n) AS n, SUM(approved) AS a FROM sla_total "
                       "GROUP BY reviewer_id, bucket")
            names = self._names(tx, {r["reviewer_id"] for r in per})
            pace = self._pace(tx, now)
        n = sum(v[0] for v in allh.values())
        hist_all = {b: v[0] for b, v in allh.items()}
        hist7 = {b: v[0] for b, v in h7.items()}
        n7 = sum(hist7.values())
        overdue, overdue7 = int(pend["overdue"]), int(pend["overdue_7d"])
        oldest = parse_ts(pend["oldest"])
        revs = {}
        for r in per:
            k = str(r["reviewer_id"])
            d = revs.setdefault(k, {"reviewer_id": k, "username": names.get(k, ""), "hist": {}, "approved": 0})
            d["hist"][int(r["bucket"])] = d["hist"].get(int(r["bucket"]), 0) + int(r["n"])
            d["approved"] += int(r["a"])
        reviewers = []
        for d in sorted(revs.values(), key=lambda d: d["username"]):
            cnt = sum(d["hist"].values())
            if cnt > 0:
                reviewers.append({"reviewer_id": d["reviewer_id"], "username": d["username"], "reviewed": cnt,
                                  "approved": d["approved"], "median_seconds": sla_agg.percentile(d["hist"], 0.5)})
        return {
            "target_hours": target_hours,
            "default_target_hours": self.s.sla_hours,
            "goal": self.s.sla_goal,
            "pending": int(pend["pending"]),
            "overdue": overdue,
            "oldest_pending_age_seconds": (now - oldest).total_seconds() if oldest is not None else None,
            "reviewed": n,
            "reviewed_within_target_pct_7d": _pct(sla_agg.within(hist7, target_s), n7 + overdue7),
            "reviewed_within_target_pct_all": _pct(sla_agg.within(hist_all, target_s), n + overdue),
            "median_time_to_review_seconds": sla_agg.percentile(hist_all, 0.5),
            "p95_time_to_review_seconds": sla_agg.percentile(hist_all, 0.95),
            "approval_rate": round(sum(v[1] for v in allh.values()) / n, 6) if n else None,
            "pace_per_hour": pace,
            "reviewers": reviewers,
        }

    # ---- timeseries
    def timeseries(self, bucket, since, until, target_hours):
        """since/until are aligned to the bucket. Per-day figures read sla_day, per-hour ones sla_hour."""
        e = self.e
        target_s = float(target_hours) * 3600.0
        p = {"since": e.ts(since), "until": e.ts(until), "since_day": e.ts(_day(since))}
        bk = e.bucket(bucket, "hour")
        with e.tx(write=False) as tx:
            arr = tx.q(f"SELECT {bk} AS b, SUM(n) AS n FROM sla_arrivals WHERE hour >= :since AND hour < :until GROUP BY 1", p)
            if bucket == "day":
                rev = tx.q("SELECT day AS b, bucket, n FROM sla_day WHERE day >= :since AND day < :until", p)
            else:
                rev = tx.q("SELECT hour AS b, bucket, n FROM sla_hour WHERE hour >= :since AND hour < :until", p)
            base = tx.one("SELECT (SELECT COALESCE(SUM(n), 0) FROM sla_arrivals WHERE hour < :since) - "
                          "(SELECT COALESCE(SUM(n), 0) FROM sla_day WHERE day < :since_day) - "
                          "(SELECT COALESCE(SUM(n), 0) FROM sla_hour WHERE hour >= :since_day AND hour < :since) AS backlog", p)
        hists = {}
        for r in rev:
            h = hists.setdefault(parse_ts(r["b"]), {})
            h[int(r["bucket"])] = h.get(int(r["bucket"]), 0) + int(r["n"])
        revd = {b: (sum(h.values()), sla_agg.within(h, target_s)) for b, h in hists.items()}
        return ({parse_ts(r["b"]): int(r["n"]) for r in arr}, revd, int(base["backlog"]))

    # ---- histogram
    def histogram(self, since, until):
        with self.e.tx(write=False) as tx:
            if since is None and until is None:  # all time: the roll-up
                h = {int(r["bucket"]): (int(r["n"]), 0) for r in tx.q(
                    "SELECT bucket, SUM(n) AS n FROM sla_total GROUP BY bucket")}
            else:
                h = self._hist_hours(tx, since and _hour(since), until)
        out = []
        for b in range(sla_agg.NB):
            lo, hi = sla_agg.bucket_bounds(b)
            out.append({"lo_s": lo, "hi_s": hi, "count": h.get(b, (0, 0))[0]})
        return out

    # ---- queue lists
    def _queue_rows(self, tx, src, mf, p, order, limit, offset, cte=""):
        return tx.q(
            f"{cte}SELECT q.id, q.model_name, q.model_version, q.confidence, q.created_at, q.input, q.output, "
            "q.lease_expires_at, u.username AS lease_holder "
            f"FROM {src} LEFT JOIN users u ON u.id = q.lease_owner AND q.lease_expires_at > :now "
            f"WHERE 1 = 1{mf} ORDER BY {order} LIMIT :limit OFFSET :offset", dict(p, limit=limit, offset=offset))

    def items(self, kind, within_hours, model, sort, limit, offset, target_hours, now=None):
        """Pending outputs already overdue, or at risk (see _at_risk_source); total = all that match."""
        e = self.e
        now = now or utcnow()
        target_s = float(target_hours) * 3600.0
        cut = now - timedelta(seconds=target_s)
        p = {"cut": e.ts(cut), "now": e.ts(now)}
        mf = ""
        if model is not None:
            mf = " AND q.model_name = :model"
            p["model"] = model
        orders = {"deadline": "q.created_at, q.confidence, q.id", "age": "q.created_at, q.id",
                  "confidence": "q.confidence, q.created_at, q.id"}
        with e.tx(write=False) as tx:
            if kind == "overdue":
                cte = ""
                src = "(SELECT * FROM model_outputs WHERE review_state = 'pending' AND created_at < :cut) q"
            else:
                cte, src = self._at_risk_source(tx, now, cut, within_hours, p)
            total = int(tx.one(f"{cte}SELECT COUNT(*) AS n FROM {src} WHERE 1 = 1{mf}", p)["n"])
            rows = self._queue_rows(tx, src, mf, p, orders[sort], limit, offset, cte)
        return [self._item_json(r, target_s) for r in rows], total

    def _at_risk_source(self, tx, now, cut, within_hours, p):
        """A CTE of pending, not yet overdue outputs whose deadline falls within within_hours and which
        the current pace will not reach in time; the FROM clause selecting them (alias q, with k)."""
        e = self.e
        ahead = int(tx.one("SELECT COUNT(*) AS n FROM model_outputs WHERE review_state = 'pending' AND created_at < :cut",
                           p)["n"])
        p.update(ahead=ahead, pace=self._pace(tx, now), cut_hi=e.ts(cut + timedelta(hours=float(within_hours))))
        cte = ("WITH w AS (SELECT model_outputs.*, ROW_NUMBER() OVER (ORDER BY created_at, confidence, id) - 1 + :ahead AS k "
               "FROM model_outputs WHERE review_state = 'pending' AND created_at >= :cut AND created_at < :cut_hi) ")
        src = f"(SELECT * FROM w WHERE (:pace <= 0 OR k * 3600.0 > :pace * {e.secs('w.created_at', ':cut')})) q"
        return cte, src

    def _item_json(self, r, target_s):
        created = parse_ts(r["created_at"])
        return {"id": str(r["id"]), "model_name": r["model_name"], "model_version": r["model_version"],
                "confidence": float(r["confidence"]), "created_at": fmt_ts(created),
                "deadline": fmt_ts(created + timedelta(seconds=target_s)),
                "lease_holder": r["lease_holder"],
                "lease_expires_at": fmt_ts(r["lease_expires_at"]) if r["lease_holder"] is not None else None,
                "input_preview": r["input"][:PREVIEW], "output_preview": r["output"][:PREVIEW]}

    # ---- forecast
    def forecast(self, horizon_hours, target_hours, now=None):
        e = self.e
        now = now or utcnow()
        target_s = float(target_hours) * 3600.0
        cut = now - timedelta(seconds=target_s)
        p = {"cut": e.ts(cut), "now": e.ts(now)}
        with e.tx(write=False) as tx:
            pending = int(tx.one("SELECT COUNT(*) AS n FROM model_outputs WHERE review_state = 'pending'")["n"])
            cte, src = self._at_risk_source(tx, now, cut, horizon_hours, p)
            r = tx.one(f"{cte}SELECT COUNT(*) AS n, MAX(k - :pace * {e.secs('q.created_at', ':cut')} / 3600.0) AS short "
                       f"FROM {src}", p)
            rate = self.per_reviewer_rate(tx)
        pace = p["pace"]
        breaching = int(r["n"])
        short = float(r["short"]) if r["short"] is not None else 0.0
        extra = math.ceil(round(short, 2)) if breaching else 0  # 2.9999 or 3.0001 decisions short: 3
        need = round(extra / rate, 1) if rate else (0.0 if extra == 0 else None)
        h = f"{horizon_hours:g}"
        if breaching == 0:
            sentence = f"At the current pace, no output breaches in the next {h} h."
        elif need is None:
            sentence = (f"At the current pace, {breaching} outputs breach in the next {h} h; "
                        f"{extra} more decisions would prevent it.")
        else:
            sentence = (f"At the current pace, {breaching} outputs breach in the next {h} h; "
                        f"{need:g} more reviewer-hours would prevent it.")
        return {"horizon_hours": horizon_hours, "target_hours": target_hours, "pace_per_hour": pace, "pending": pending,
                "breaching": breaching, "decisions_short": extra, "per_reviewer_rate_per_hour": rate,
                "reviewer_hours_needed": need, "sentence": sentence}

    # ---- breakdowns
    def breakdown(self, by, since, until, target_hours, now=None):
        e = self.e
        now = now or utcnow()
        target_s = float(target_hours) * 3600.0
        w, p = ["1 = 1"], {}
        if since is not None:
            w.append("day >= :since")
            p["since"] = e.ts(_day(since))
        if until is not None:
            w.append("day < :until")
            p["until"] = e.ts(until)
        where = " AND ".join(w)
        table = "sla_dim" if p else "sla_total"  # all time: the roll-up
        with e.tx(write=False) as tx:
            if by == "model":
                return self._by_model(tx, table, where, p, target_s)
            if by == "reviewer":
                return self._by_reviewer(tx, table, where, p)
            return self._by_reason(tx, where, p, until or now)

    def _by_model(self, tx, table, where, p, target_s):
        rows = tx.q(f"SELECT model_name, model_version, bucket, SUM(n) AS n, SUM(approved) AS a FROM {table} "
                    f"WHERE {where} GROUP BY model_name, model_version, bucket", p)
        backlog = tx.q("SELECT a.model_name, a.model_version, a.n - COALESCE(r.n, 0) AS backlog FROM "
                       "(SELECT model_name, model_version, SUM(n) AS n FROM sla_arrivals GROUP BY model_name, model_version) a "
                       "LEFT JOIN (SELECT model_name, model_version, SUM(n) AS n FROM sla_total GROUP BY model_name, model_version) r "
                       "ON r.model_name = a.model_name AND r.model_version = a.model_version")
        models = {}
        for r in backlog:
            models.setdefault((r["model_name"], r["model_version"]), {"hist": {}, "a": 0, "backlog": int(r["backlog"])})
        for r in rows:
            d = models.setdefault((r["model_name"], r["model_version"]), {"hist": {}, "a": 0, "backlog": 0})
            d["hist"][int(r["bucket"])] = d["hist"].get(int(r["bucket"]), 0) + int(r["n"])
            d["a"] += int(r["a"])
        out = []
        for (name, ver), d in sorted(models.items()):
            n = sum(d["hist"].values())
            out.append({"model_name": name, "model_version": ver or None, "backlog": d["backlog"],
                        "reviewed": n, "within_target_pct": _pct(sla_agg.within(d["hist"], target_s), n),
                        "approval_rate": round(d["a"] / n, 6) if n else None,
                        "median_s": sla_agg.percentile(d["hist"], 0.5), "p95_s": sla_agg.percentile(d["hist"], 0.95)})
        return out

    def _by_reviewer(self, tx, table, where, p):
        rows = tx.q(f"SELECT reviewer_id, bucket, SUM(n) AS n, SUM(approved) AS a, SUM(dwell_ms) AS ms, "
                    f"SUM(dwell_n) AS dn FROM {table} WHERE {where} GROUP BY reviewer_id, bucket", p)
        names = self._names(tx, {r["reviewer_id"] for r in rows})
        revs = {}
        for r in rows:
            k = str(r["reviewer_id"])
            d = revs.setdefault(k, {"username": names.get(k, ""), "hist": {}, "a": 0, "ms": 0, "dn": 0})
            d["hist"][int(r["bucket"])] = d["hist"].get(int(r["bucket"]), 0) + int(r["n"])
            d["a"] += int(r["a"])
            d["ms"] += int(r["ms"])
            d["dn"] += int(r["dn"])
        out = []
        for k, d in sorted(revs.items(), key=lambda kv: kv[1]["username"]):
            n = sum(d["hist"].values())
            if n <= 0:
                continue
            out.append({"reviewer_id": k, "username": d["username"], "decisions": n,
                        "per_hour_on_screen": round(d["dn"] / (d["ms"] / 3.6e6), 4) if d["ms"] > 0 and d["dn"] > 0 else None,
                        "approval_rate": round(d["a"] / n, 6), "median_s": sla_agg.percentile(d["hist"], 0.5)})
        return out

    def _by_reason(self, tx, where, p, end):
        e = self.e
        rows = tx.q(f"SELECT reason_code, SUM(n) AS n FROM sla_reason WHERE {where} GROUP BY reason_code", p)
        first = _day(end) - timedelta(days=13)
        tr = tx.q("SELECT day, reason_code, n FROM sla_reason WHERE day >= :f AND day <= :l",
                  {"f": e.ts(first), "l": e.ts(_day(end))})
        trend = {}
        for r in tr:
            i = (parse_ts(r["day"]) - first).days
            trend.setdefault(r["reason_code"], [0] * 14)[i] += int(r["n"])
        out = [{"reason_code": r["reason_code"], "count": int(r["n"]), "trend": trend.get(r["reason_code"], [0] * 14)}
               for r in rows if int(r["n"]) > 0]
        return sorted(out, key=lambda x: (-x["count"], x["reason_code"]))

    # ---- leases
    def leases(self, now=None):
        now = now or utcnow()
        with self.e.tx(write=False) as tx:
            rows = tx.q("SELECT q.lease_owner, u.username, COUNT(*) AS held, MIN(q.lease_expires_at) AS lo, "
                        "MAX(q.lease_expires_at) AS hi FROM model_outputs q JOIN users u ON u.id = q.lease_owner "
                        "WHERE q.lease_owner IS NOT NULL AND q.lease_expires_at > :now AND q.review_state = 'pending' "
                        "GROUP BY q.lease_owner, u.username ORDER BY u.username", {"now": self.e.ts(now)})
        return [{"reviewer_id": str(r["lease_owner"]), "username": r["username"], "held": int(r["held"]),
                 "earliest_expiry": fmt_ts(r["lo"]), "latest_expiry": fmt_ts(r["hi"])} for r in rows]

    def release_all(self, supervisor_id, reviewer_id, now=None):
        """Hands back every output the reviewer holds; audited in lease_releases. Returns the count."""
        e = self.e
        now = now or utcnow()
        with e.tx() as tx:
            n = tx.x("UPDATE model_outputs SET lease_owner = NULL, lease_expires_at = NULL, lease_granted_at = NULL "
                     "WHERE lease_owner = :r AND lease_expires_at > :now AND review_state = 'pending'",
                     {"r": str(reviewer_id), "now": e.ts(now)})
            tx.x("INSERT INTO lease_releases (id, at, supervisor_id, reviewer_id, released) VALUES (:id, :at, :s, :r, :n)",
                 {"id": str(uuid.uuid4()), "at": e.ts(now), "s": str(supervisor_id), "r": str(reviewer_id), "n": n})
        return n

    def check_aggregates(self):
        with self.e.tx(write=False) as tx:
            return sla_agg.check(tx, self.e)

    def rebuild_aggregates(self):
        with self.e.tx() as tx:
            sla_agg.rebuild(tx, self.e)
