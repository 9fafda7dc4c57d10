"""Application factory: state, middleware (body limit, UTF-8, access log), error handlers, OpenAPI."""
from __future__ import annotations

import json
import logging
import time

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from . import __version__, errors, openapi_doc
from .config import Settings, load_settings
from .db import Store, migrate, open_engine, utcnow
from .logs import setup_logging
from .routers import auth, feedback, health, outputs, sla
from .security import LoginLimiter, Passwords, Tokens

log = logging.getLogger("feedback_backend")


class AppState:
    def __init__(self, settings: Settings, engine=None):
        self.settings = settings
        self.engine = engine or open_engine(settings)
        self.store = Store(self.engine, settings)
        self.passwords = Passwords(settings.argon2_time_cost, settings.argon2_memory_kib)
        self.tokens = Tokens(settings.secret_key, settings.access_token_seconds, settings.refresh_token_seconds)
        self.limiter = LoginLimiter(self.store, settings.login_max_failures, settings.login_window_seconds)
        self.last_purge = 0.0


def _first_bad_utf8_field(body: bytes):
    """Name the JSON field that holds invalid UTF-8 (best effort)."""
    try:
        doc = json.loads(body.decode("utf-8", "surrogateescape"))
    except ValueError:
        return "body"

    def walk(v, path):
        if isinstance(v, str):
            return path if any("\udc80" <= ch <= "\udcff" for ch in v) else None
        if isinstance(v, dict):
            for k, x in v.items():
                if any("\udc80" <= ch <= "\udcff" for ch in k):
                    return ".".join(path + [k.encode("utf-8", "surrogatepass").decode("utf-8", "replace")]) or "body"
                f = walk(x, path + [str(k)])
                if f is not None:
                    return f
        if isinstance(v, list):
            for i, x in enumerate(v):
                f = walk(x, path + [str(i)])
                if f is not None:
                    return f
        return None
    f = walk(doc, [])
    return ".".join(f) if f else "body"


class GuardMiddleware:
    """Pure ASGI: body size limit (413), UTF-8 check for JSON bodies (422 naming the field), access log."""

    def __init__(self, app, max_body: int):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        t0 = time.perf_counter()
        status_box = [0]

        async def send_wrap(msg):
            if msg["type"] == "http.response.start":
                status_box[0] = msg["status"]
            await send(msg)

        async def reply(resp):
            await resp(scope, receive, send_wrap)

        try:
            headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
            cl = headers.get("content-length")
            if cl is not None and cl.isdigit() and int(cl) > self.max_body:
                return await reply(errors.problem(413, f"request body larger than {self.max_body} bytes",
                                                  "too-large", "body"))
            if scope.get("method") in ("POST", "PUT", "PATCH"):
                chunks, size = [], 0
                while True:
                    msg = await receive()
                    if msg["type"] == "http.disconnect":
                        return
                    chunk = msg.get("body", b"")
                    size += len(chunk)
                    if size > self.max_body:
                        return await reply(errors.problem(413, f"request body larger than {self.max_body} bytes",
                                                          "too-large", "body"))
                    chunks.append(chunk)
                    if not msg.get("more_body"):
                        break
                body = b"".join(chunks)
                ctype = headers.get("content-type", "")
                if body and "json" in ctype:
                    try:
                        body.decode("utf-8")
                    except UnicodeDecodeError:
                        f = _first_bad_utf8_field(body)
                        return await reply(errors.problem(422, f"{f}: invalid UTF-8", "invalid-utf8", f))
                sent = [False]

                async def receive_body():
                    if not sent[0]:
                        sent[0] = True
                        return {"type": "http.request", "body": body, "more_body": False}
                    return await receive()
                return await self.app(scope, receive_body, send_wrap)
            return await self.app(scope, receive, send_wrap)
        finally:
            st = scope.get("state") or {}
            log.info("request", extra={"method": scope.get("method"), "path": scope.get("path"),
                                       "status": status_box[0], "ms": round((time.perf_counter() - t0) * 1000, 2),
                                       "user": st.get("user") if isinstance(st, dict) else None})


def _openapi(app):
    def build():
        if app.openapi_schema:
            return app.openapi_schema
        doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        app.openapi_schema = openapi_doc.finish(doc)
        return app.openapi_schema
    return build


def create_app(settings: Settings | None = None, engine=None, run_migrations=None) -> FastAPI:
    settings = settings or load_settings()
    setup_logging()
    st = AppState(settings, engine)
    if run_migrations if run_migrations is not None else True:
        migrate(st.engine)
    app = FastAPI(title="Feedback Reviewer API", version="1." + __version__.split(".", 1)[1],
                  description="API v1 of the Feedback Reviewer backend. Errors are application/problem+json.")
    app.state.fr = st
    errors.install(app)
    for r in (health.router, auth.router, outputs.router, feedback.router, sla.router):
        app.include_router(r)
    app.add_middleware(GuardMiddleware, max_body=settings.max_body_bytes)
    app.openapi = _openapi(app)
    log.info("started", extra={"engine": st.engine.name, "review_threshold": settings.review_threshold,
                               "sla_hours": settings.sla_hours, "access_token_seconds": settings.access_token_seconds})

    @app.on_event("shutdown")
    def _close():
        try:
            st.engine.close()
        except Exception:
            pass

    return app


def app_from_env() -> FastAPI:
    """uvicorn factory for worker processes (migrations were applied by the parent)."""
    return create_app(load_settings(), run_migrations=False)
