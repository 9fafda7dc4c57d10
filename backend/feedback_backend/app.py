"""Application factory: state, middleware (body limit, UTF-8, access log), error handlers, OpenAPI."""
from __future__ import annotations

import json
import logging
import os
import time

import anyio

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from . import __version__, errors, openapi_doc
from .config import Settings, load_settings
from .db import Store, migrate, open_engine, utcnow
from .deps import UserCheck, authenticate, bearer, caller, check_role
from .errors import ApiError
from .limits import JsonScan, TooMany, give_memory_back, limit_malloc_arenas
from .logs import setup_logging
from .routers import auth, feedback, health, outputs, sla
from .security import LoginLimiter, Passwords, Tokens

log = logging.getLogger("feedback_backend")


class AppState:
    def __init__(self, settings: Settings, engine=None):
        self.settings = settings
        self.engine = engine or open_engine(settings)
        self.store = Store(self.engine, settings)
        self.passwords = Passwords(settings.argon2_time_cost, settings.argon2_memory_kib,
                                   settings.hash_concurrency)
        self.users = UserCheck(self.store)
        self._hash_slots = None
        self.tokens = Tokens(settings.secret_key, settings.access_token_seconds, settings.refresh_token_seconds)
        self.limiter = LoginLimiter(self.store, settings.login_max_failures, settings.login_window_seconds)
        self.last_purge = 0.0
        from .alerts import Alerts
        from .sla_store import SlaStore
        self.sla = SlaStore(self.engine, settings)
        self.alerts = Alerts(self.sla, settings)
        self.store.on_decisions = self.alerts.poke

    @property
    def hash_slots(self):
        """Password hashing in at most `hash_concurrency` threads; the rest wait without a thread."""
        if self._hash_slots is None:
            self._hash_slots = anyio.CapacityLimiter(self.settings.hash_concurrency)
        return self._hash_slots


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


KIB, MIB = 1024, 1024 * 1024
# Per route: (largest body in bytes, most items in the route's list, the field naming that list). Unlisted routes: the global
# FEEDBACK_MAX_BODY_BYTES and no item limit. The item limits equal the schemas' (10,000 outputs,
# 500 decisions, 500 ids) so that a longer list is refused while it streams in, unparsed.
ROUTE_LIMITS = {
    ("POST", "/auth/token"): (16 * KIB, None, None),
    ("POST", "/outputs/lease"): (16 * KIB, None, None),
    ("POST", "/outputs/release"): (256 * KIB, 500, "ids"),
    ("POST", "/feedback/{feedback_id}/retract"): (16 * KIB, None, None),
    ("POST", "/outputs"): (None, 10_000, "body"),
    ("POST", "/feedback/batch"): (None, 500, "items"),
}
LARGE_BODY = 1 * MIB   # bodies above this take one of LARGE_SLOTS (memory: slots x body size, not callers x)
LARGE_SLOTS = 2


class GuardMiddleware:
    """Pure ASGI, in front of the routes: the caller is authenticated (and the role checked) from
    the route table before a single body byte is read; the body is limited in size and item count
    while it streams in; invalid UTF-8 is a 422 naming the field; an exception becomes a 500 with
    Connection: close (logged); every request is logged."""

    def __init__(self, app, max_body: int, fastapi_app=None):
        self.app = app
        self.max_body = max_body
        self.fastapi_app = fastapi_app
        self._auth_of: dict = {}
        self._large = None

    # -- route table
    def _route(self, scope):
        from starlette.routing import Match
        for r in self.fastapi_app.router.routes:
            m, _ = r.matches(scope)
            if m == Match.FULL:
                return r
        return None

    def _auth(self, route):
        """None: public; (): any signed-in caller; (roles...): one of these roles."""
        key = id(route)
        if key not in self._auth_of:
            self._auth_of[key] = _needs(getattr(route, "dependant", None))
        return self._auth_of[key]

    def _limits(self, scope, route):
        size, items, field = ROUTE_LIMITS.get((scope.get("method"), getattr(route, "path", None)),
                                              (None, None, None))
        return min(size or self.max_body, self.max_body), items, field

    # -- the request
    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        t0 = time.perf_counter()
        box = {"status": 0, "large": False}

        async def send_wrap(msg):
            if msg["type"] == "http.response.start":
                box["status"] = msg["status"]
            await send(msg)

        try:
            await self._handle(scope, receive, send_wrap, box)
        except Exception:
            log.exception("unhandled error", extra={"method": scope.get("method"), "path": scope.get("path")})
            if box["status"]:
                raise  # the answer had begun; the server closes the connection
            # said in the answer: the client opens a new connection instead of having this one reset
            await errors.problem(500, "internal error", "internal",
                                 headers={"Connection": "close"})(scope, receive, send_wrap)
        finally:
            if box["large"]:
                self._large.release()
                await anyio.to_thread.run_sync(give_memory_back)
            st = scope.get("state") or {}
            log.info("request", extra={"method": scope.get("method"), "path": scope.get("path"),
                                       "status": box["status"], "ms": round((time.perf_counter() - t0) * 1000, 2),
                                       "user": st.get("user") if isinstance(st, dict) else None})

    async def _handle(self, scope, receive, send, box):
        async def reply(status, detail, slug, field=None, close=False, **extra):
            hdrs = {"Connection": "close"} if close else None
            await errors.problem(status, detail, slug, field, hdrs, **extra)(scope, receive, send)

        route = self._route(scope) if self.fastapi_app is not None else None
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        has_body = scope.get("method") in ("POST", "PUT", "PATCH")
        if route is not None:
            needs = self._auth(route)
            if needs is not None:
                st = self.fastapi_app.state.fr
                try:
                    c = await anyio.to_thread.run_sync(authenticate, st, bearer(headers.get("authorization")))
                    if needs:
                        check_role(c, needs)
                except ApiError as e:
                    # the body was not read: close rather than drain it
                    hdrs = dict(e.headers, **({"Connection": "close"} if has_body else {}))
                    return await errors.problem(e.status, e.detail, e.slug, e.field, hdrs)(scope, receive, send)
                state = scope.setdefault("state", {})
                state["caller"], state["user"] = c, c.id
        if not has_body or route is None:
            return await self.app(scope, receive, send)

        max_body, max_items, items_field = self._limits(scope, route)
        too_large = f"request body larger than {max_body} bytes"
        cl = headers.get("content-length")
        if cl is not None and cl.isdigit() and int(cl) > max_body:
            return await reply(413, too_large, "too-large", "body", close=True)
        ctype = headers.get("content-type", "")
        scan = JsonScan(max_items) if max_items and "form" not in ctype else None
        if cl is not None and cl.isdigit() and int(cl) > LARGE_BODY:
            await self._take_large(box)
        chunks, size = [], 0
        while True:
            msg = await receive()
            if msg["type"] == "http.disconnect":
                return
            chunk = msg.get("body", b"")
            size += len(chunk)
            if size > max_body:
                return await reply(413, too_large, "too-large", "body", close=True)
            if size > LARGE_BODY and not box["large"]:
                await self._take_large(box)
            if scan is not None and chunk:
                try:
                    scan.feed(chunk)
                except TooMany as e:
                    # the caller is known and the rest is at most max_body: the server drains it
                    # (discarding, nothing buffered) and keeps the connection, so the client reads this
                    if e.what == "items":
                        return await reply(422, f"{items_field}: at most {e.limit} items per call", "validation",
                                           items_field)
                    return await reply(422, f"body: nested deeper than {e.limit} levels", "validation", "body")
            chunks.append(chunk)
            if not msg.get("more_body"):
                break
        body = b"".join(chunks)
        del chunks
        if body and "json" in ctype:
            try:
                body.decode("utf-8")
            except UnicodeDecodeError:
                f = _first_bad_utf8_field(body)
                return await reply(422, f"{f}: invalid UTF-8", "invalid-utf8", f)
        sent = [False]

        async def receive_body():
            if not sent[0]:
                sent[0] = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()
        return await self.app(scope, receive_body, send)

    async def _take_large(self, box):
        if self._large is None:
            self._large = anyio.Semaphore(LARGE_SLOTS)
        await self._large.acquire()
        box["large"] = True


def _needs(dependant):
    """Walk a route's dependencies: the roles its `deps.role(...)` asks for, () for `deps.caller`."""
    if dependant is None:
        return None
    found = None
    for d in dependant.dependencies:
        roles = getattr(d.call, "fr_roles", None)
        if roles is not None:
            return tuple(roles)
        if d.call is caller:
            found = ()
        sub = _needs(d)
        if sub:
            return sub
        if sub is not None:
            found = ()
    return found


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
    limit_malloc_arenas(int(os.environ.get("FEEDBACK_MALLOC_ARENAS", "2")))
    st = AppState(settings, engine)
    if run_migrations if run_migrations is not None else True:
        migrate(st.engine)
    app = FastAPI(title="Feedback Reviewer API", version="1." + __version__.split(".", 1)[1],
                  description="API v1 of the Feedback Reviewer backend. Errors are application/problem+json.")
    app.state.fr = st
    errors.install(app)
    for r in (health.router, auth.router, outputs.router, feedback.router, sla.router):
        app.include_router(r)
    app.add_middleware(GuardMiddleware, max_body=settings.max_body_bytes, fastapi_app=app)
    app.openapi = _openapi(app)
    log.info("started", extra={"engine": st.engine.name, "review_threshold": settings.review_threshold,
                               "sla_hours": settings.sla_hours, "access_token_seconds": settings.access_token_seconds})

    @app.on_event("startup")
    def _start_alerts():
        st.alerts.start()

    @app.on_event("shutdown")
    def _close():
        st.alerts.stop()
        try:
            st.engine.close()
        except Exception:  # shutting down anyway; say why it was not clean
            log.exception("closing the database failed")

    return app


def app_from_env() -> FastAPI:
    """uvicorn factory for worker processes (migrations were applied by the parent)."""
    return create_app(load_settings(), run_migrations=False)
