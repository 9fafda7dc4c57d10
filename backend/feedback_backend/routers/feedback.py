from __future__ import annotations

import json
import logging
import uuid
from datetime import timedelta
from typing import Optional

from fastapi import APIRouter, Body, Depends, Header, Query
from pydantic import ValidationError
from starlette.responses import JSONResponse, Response

from ..db import feedback_json, fmt_ts, utcnow
from ..deps import Caller, role, state
from ..errors import PROBLEM, ApiError, clean, field_of, pick_error
from ..schemas import (BatchResponse, Feedback, FeedbackBatchIn, FeedbackBatchItem, FeedbackIn,
                       fast_batch_item)
from . import errs, plain_numbers

router = APIRouter(tags=["feedback"])
log = logging.getLogger("feedback_backend")


def _norm(b: FeedbackIn, caller_id: str) -> dict:
    return {"model_output_id": str(b.model_output_id),
            "reviewer_id": str(b.reviewer_id) if b.reviewer_id is not None else caller_id,
            "approval": b.approval, "correction": b.correction, "comment": b.comment,
            "decided_at": b.decided_at, "dwell_ms": b.dwell_ms, "reason_code": b.reason_code,
            "replaces": str(b.replaces) if b.replaces is not None else None}


def _hash(n: dict) -> str:
    """Fingerprint of the body as sent (decided_at None when it was left to the backend), so a retry
    with the same key matches. Fields added later are appended only when set: older hashes stay valid."""
    parts = [n["model_output_id"], n["reviewer_id"], n["approval"], n["correction"], n["comment"],
             n["decided_at"].isoformat() if n["decided_at"] is not None else None, n["dwell_ms"]]
    if n.get("reason_code") is not None or n.get("replaces") is not None:
        parts += [n.get("reason_code"), n.get("replaces")]
    return json.dumps(parts, ensure_ascii=False)


def _maybe_purge(st):
    """Forget stored non-201 answers older than FEEDBACK idempotency retention (>= 7 days), hourly."""
    import time
    t = time.monotonic()
    if t - st.last_purge > 3600:
        st.last_purge = t
        try:
            st.store.purge_idempotency(st.settings.idempotency_days)
        except Exception:  # never fail a decision because of housekeeping; but say so
            log.exception("purging old idempotency keys failed")


def _check(st, c: Caller, n: dict, now):
    """Returns (status, slug, field, detail) for a refused decision, else None."""
    if n["reviewer_id"] != c.id:
        return 403, "not-yourself", "reviewer_id", "reviewer_id must be your own id (see GET /me)"
    if n["decided_at"] is None:  # the seed's form sends none: the time the backend received it
        n["decided_at"] = now
    if n["decided_at"] > now + timedelta(seconds=st.settings.clock_skew_seconds):
        return 422, "validation", "decided_at", "decided_at lies in the future (beyond the allowed clock skew)"
    return None


@router.post("/feedback/", status_code=201, response_model=Feedback, responses=errs(401, 403, 404, 409, 413, 422))
def submit(body: FeedbackIn, idempotency_key: Optional[str] = Header(None, alias="Idempotency-Key"),
           c: Caller = Depends(role("reviewer")), st=Depends(state)):
    """The seed's endpoint, made safe to retry: the same `Idempotency-Key` replays the first answer;
    the same key with another body is a 422; another reviewer's earlier decision is a 409."""
    if idempotency_key is None:
        key = str(uuid.uuid4())
    else:
        try:
            key = str(uuid.UUID(idempotency_key))
        except ValueError:
            raise ApiError(422, "Idempotency-Key: must be a UUID", "validation", "Idempotency-Key")
    _maybe_purge(st)
    n = _norm(body, c.id)
    h = _hash(n)
    bad = _check(st, c, n, utcnow())
    if bad:
        raise ApiError(bad[0], bad[3], bad[1], bad[2])
    kind, status, payload = st.store.submit_feedback(c.id, [{"key": key, "hash": h, "body": n}])[0]
    if kind == "key_reuse":
        raise ApiError(422, "Idempotency-Key was already used with a different body", "idempotency-key-reuse",
                       "Idempotency-Key")
    if kind == "not_found":
        raise ApiError(404, "no model output with this id", "not-found", "model_output_id")
    if kind == "refused":
        extra = {k: v for k, v in payload.items() if k not in ("type", "status", "detail", "field")}
        raise ApiError(status, payload["detail"], payload["type"].rsplit("/", 1)[-1], payload["field"], **extra)
    media = "application/json" if status < 400 else PROBLEM
    return JSONResponse(payload, status_code=status, media_type=media)


@router.post("/feedback/batch", response_model=BatchResponse, responses=errs(401, 403, 413, 422))
def submit_batch(body: FeedbackBatchIn, c: Caller = Depends(role("reviewer")), st=Depends(state)):
    """Up to 500 decisions, each with its own `idempotency_key`; one result per item, same order:
    `accepted`, `duplicate` (with the stored feedback), `conflict`, `invalid` (with `reason`)."""
    _maybe_purge(st)
    now = utcnow()
    results = [None] * len(body.items)
    work, where = [], []
    for i, raw in enumerate(body.items):
        key = raw.get("idempotency_key") if isinstance(raw, dict) else None
        key = key if isinstance(key, str) else None
        if not isinstance(raw, dict):
            results[i] = {"idempotency_key": None, "status": "invalid", "reason": "item: must be an object", "field": "item"}
            continue
        fast = fast_batch_item(raw, c.id)
        if fast is not None:
            ikey, n = fast
        else:
            try:
                item = FeedbackBatchItem.parse_obj(raw)
            except ValidationError as e:
                err = pick_error(e.errors())
                f = field_of(err["loc"])
                results[i] = {"idempotency_key": key, "status": "invalid", "reason": f"{f}: {err['msg']}", "field": f}
                continue
            ikey, n = str(item.idempotency_key), _norm(item, c.id)
        h = _hash(n)
        bad = _check(st, c, n, now)
        if bad:
            results[i] = {"idempotency_key": ikey, "status": "invalid", "reason": bad[3], "field": bad[2]}
            continue
        work.append({"key": ikey, "hash": h, "body": n})
        where.append(i)
    if work:
        for i, it, (kind, status, payload) in zip(where, work, st.store.submit_feedback(c.id, work)):
            r = {"idempotency_key": it["key"]}
            if kind == "accepted":
                r.update(status="accepted", feedback=payload)
            elif kind == "replay" and status < 400:
                r.update(status="duplicate", feedback=payload)
            elif kind == "refused":
                r.update(status="conflict" if status == 409 else "invalid", reason=payload["detail"],
                         field=payload["field"])
                if payload.get("lease_expires_at"):
                    r["lease_expires_at"] = payload["lease_expires_at"]
            elif kind in ("conflict", "replay"):
                r.update(status="conflict", reason=payload.get("detail"), field="model_output_id")
                r.update({k: payload[k] for k in ("decided_by", "decision") if payload.get(k)})
            elif kind == "key_reuse":
                r.update(status="invalid", reason="idempotency_key was already used with a different body",
                         field="idempotency_key")
            else:
                r.update(status="invalid", reason="no model output with this id", field="model_output_id")
            results[i] = r
    return JSONResponse({"results": clean(results)})


@router.post("/feedback/{feedback_id}/retract", response_model=Feedback, responses=errs(401, 403, 404, 413, 422))
def retract(feedback_id: uuid.UUID, c: Caller = Depends(role("reviewer")), st=Depends(state)):
    """Undo after sync: the output needs review again. Nothing is deleted (audit trail)."""
    status, row = st.store.retract(feedback_id, c.id)
    if status == "not_found":
        raise ApiError(404, "no feedback with this id", "not-found", "feedback_id")
    if status == "forbidden":
        raise ApiError(403, "you can only retract your own feedback", "not-yours", "feedback_id")
    return JSONResponse(feedback_json(row))


@router.get("/feedback/export", responses={
    200: {"description": "NDJSON, one ExportLine per line; header X-Next-Cursor",
          "content": {"application/x-ndjson": {"schema": {"$ref": "#/components/schemas/ExportLine"}}},
          "headers": {"X-Next-Cursor": {"schema": {"type": "string"}}}},
    **errs(401, 403, 422)}, dependencies=[Depends(plain_numbers(limit="integer"))])
def export(since: str = Query("0", max_length=19, regex="^[0-9]+$",
                             description="cursor from a previous X-Next-Cursor (0 = from the start)"),
           limit: int = Query(1000, ge=1, le=10000),
           c: Caller = Depends(role("supervisor", "ingest")), st=Depends(state)):
    """Feedback for retraining, oldest change first; retractions reappear with `retracted_at` set."""
    if not (since.isascii() and since.isdigit()) or int(since) > 2**63 - 1:  # "²" is a digit to isdigit()
        raise ApiError(422, "since: not a cursor from X-Next-Cursor", "validation", "since")
    rows = st.store.export(int(since), limit)
    lines, cur = [], int(since)
    for r in rows:
        cur = int(r["change_seq"])
        lines.append(json.dumps({
            "cursor": str(cur), "feedback_id": str(r["id"]), "model_output_id": str(r["model_output_id"]),
            "model_name": r["model_name"], "model_version": r["model_version"], "input": r["input"],
            "output": r["output"], "confidence": float(r["confidence"]),
            "output_created_at": fmt_ts(r["output_created_at"]), "approval": bool(r["approval"]),
            "correction": r["correction"], "comment": r["comment"], "reviewer_id": str(r["reviewer_id"]),
            "reviewer": r["username"], "decided_at": fmt_ts(r["decided_at"]),
            "received_at": fmt_ts(r["received_at"]), "retracted_at": fmt_ts(r["retracted_at"]),
            "dwell_ms": r["dwell_ms"], "reason_code": r["reason_code"],
            "replaces": str(r["replaces"]) if r["replaces"] else None}, ensure_ascii=False))
    data = ("\n".join(lines) + "\n") if lines else ""
    return Response(data.encode("utf-8"), media_type="application/x-ndjson", headers={"X-Next-Cursor": str(cur)})
