import logging

from fastapi import APIRouter, Depends
from starlette.responses import JSONResponse

from ..db import schema_version
from ..deps import state
from ..schemas import Health

router = APIRouter(tags=["health"])
log = logging.getLogger("feedback_backend")


@router.get("/healthz", response_model=Health, responses={503: {"model": Health, "description": "Database unreachable"}})
def healthz(st=Depends(state)):
    try:
        st.engine.healthcheck()
        v = schema_version(st.engine)
    except Exception as e:  # report, do not crash
        log.warning("health check failed", extra={"error": type(e).__name__ + ": " + str(e).splitlines()[0][:200]})
        return JSONResponse({"status": "degraded", "database": type(e).__name__ + ": " + str(e).splitlines()[0][:200],
                             "engine": st.engine.name}, status_code=503)
    return {"status": "ok", "database": "ok", "engine": st.engine.name, "schema_version": v}
