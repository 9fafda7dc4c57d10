from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import List, Union

from fastapi import APIRouter, Body, Depends, Request
from starlette.responses import JSONResponse

from ..db import IntegrityConflict, fmt_ts, output_json, utcnow
from ..deps import Caller, role, state
from ..errors import ApiError
from ..schemas import (LeaseRequest, LeaseResponse, OutputIn, OutputsCreated, ReleaseRequest,
                       ReleaseResponse)
from . import errs

router = APIRouter(tags=["outputs"])


@router.post("/outputs", status_code=201, response_model=OutputsCreated, responses=errs(401, 403, 409, 413, 422))
def ingest(body: Union[OutputIn, List[OutputIn]] = Body(...), c: Caller = Depends(role("ingest")),
           st=Depends(state)):
    """Ingest one output or a list. `needs_review` = confidence < threshold."""
    items = body if isinstance(body, list) else [body]
    if len(items) > 10_000:
        raise ApiError(422, "body: at most 10000 outputs per call", "validation", "body")
    now = utcnow()
    rows, seen = [], set()
    for i, o in enumerate(items):
        created = o.created_at or now
        if created > now + timedelta(seconds=st.settings.clock_skew_seconds):
            f = "created_at" if not isinstance(body, list) else f"{i}.created_at"
            raise ApiError(422, f"{f}: lies in the future", "validation", f)
        oid = str(o.id or uuid.uuid4())
        if oid in seen:
            raise ApiError(409, f"duplicate id {oid} in this request", "duplicate-id", "id")
        seen.add(oid)
        needs = o.confidence < st.settings.review_threshold
        rows.append({"id": oid, "model_name": o.model_name, "model_version": o.model_version,
                     "input": o.input, "output": o.output, "confidence": o.confidence,
                     "metadata": json.dumps(o.metadata or {}, ensure_ascii=False), "created_at": created,
                     "received_at": now, "needs_review": needs,
                     "review_state": "pending" if needs else "not_needed"})
    try:
        st.store.insert_outputs(rows)
    except IntegrityConflict:
        raise ApiError(409, "an output with this id already exists", "duplicate-id", "id")
    out = [output_json(dict(r, lease_expires_at=None), st.settings.sla_hours, now) for r in rows]
    return JSONResponse({"items": out}, status_code=201)


async def _object_or_none(request: Request):
    """The body is optional, but when sent it is an object: FastAPI would take [], "" and null for
    no body at all and answer 200 to a request the document says is invalid."""
    b = (await request.body()).strip()
    if b and not b.startswith(b"{"):
        raise ApiError(422, "body: must be a JSON object (or no body at all)", "validation", "body")


@router.post("/outputs/lease", response_model=LeaseResponse, responses=errs(401, 403, 413, 422),
             dependencies=[Depends(_object_or_none)])
def lease(req: LeaseRequest = Body(LeaseRequest()), c: Caller = Depends(role("reviewer")), st=Depends(state)):
    """Up to `limit` outputs for the caller: own live leases first, then earliest SLA deadline,
    then lowest confidence. Two reviewers never hold the same output."""
    rows, now = st.store.lease(c.id, req.limit, req.lease_seconds, req.include_held)
    return JSONResponse({"items": [output_json(r, st.settings.sla_hours, now, with_lease=True) for r in rows],
                         "server_time": fmt_ts(now)})


@router.post("/outputs/release", response_model=ReleaseResponse, responses=errs(401, 403, 413, 422))
def release(req: ReleaseRequest, c: Caller = Depends(role("reviewer")), st=Depends(state)):
    """Hand unreviewed outputs the caller holds back to the pool."""
    ids = list(dict.fromkeys(str(i) for i in req.ids))
    done = set(st.store.release(c.id, ids)) if ids else set()
    return {"released": len(done), "not_released": [i for i in ids if i not in done]}
