from __future__ import annotations

from datetime import datetime, timedelta, timezone

import anyio
from fastapi import APIRouter, Depends, Form, Request

from ..deps import Caller, caller, state
from ..errors import ApiError
from ..schemas import Me, TokenResponse, bad_text
from . import errs

router = APIRouter(tags=["auth"])


def _issue(st, user):
    refresh = st.tokens.new_refresh_token()
    st.store.add_refresh_token(user["id"], st.tokens.hash_refresh(refresh),
                               datetime.now(timezone.utc) + timedelta(seconds=st.tokens.refresh_seconds))
    return {"access_token": st.tokens.access_token(user), "token_type": "bearer",
            "expires_in": st.tokens.access_seconds, "refresh_token": refresh}


@router.post("/auth/token", response_model=TokenResponse, responses=errs(401, 413, 422, 429))
async def token(request: Request,
                grant_type: str = Form("password", regex="^(password|refresh_token)$"),
                username: str = Form(None, max_length=200),
                password: str = Form(None, max_length=1024),
                refresh_token: str = Form(None, max_length=512),
                st=Depends(state)):
    """OAuth2 password grant, or `grant_type=refresh_token` (the refresh token rotates)."""
    for name, v in (("username", username), ("password", password), ("refresh_token", refresh_token)):
        if v is not None and bad_text(v):  # NUL cannot even be looked up on PostgreSQL
            raise ApiError(422, f"{name}: {bad_text(v)}", "validation", name)
    # async so that sign-ins waiting for a password-hashing slot hold no worker thread
    # (/healthz and the other calls keep their threads); the blocking work runs in threads.
    run = anyio.to_thread.run_sync
    if grant_type == "refresh_token":
        if not refresh_token:
            raise ApiError(422, "refresh_token: field required", "validation", "refresh_token")
        user = await run(st.store.use_refresh_token, st.tokens.hash_refresh(refresh_token))
        if user is None:
            raise ApiError(401, "invalid, expired or revoked refresh token", "invalid-grant",
                           headers={"WWW-Authenticate": "Bearer"})
        return await run(_issue, st, user)
    if not username:
        raise ApiError(422, "username: field required", "validation", "username")
    if password is None:
        raise ApiError(422, "password: field required", "validation", "password")
    addr = request.client.host if request.client else "?"
    wait, attempt = await run(st.limiter.begin, username, addr)
    if wait:
        raise ApiError(429, "too many failed sign-in attempts; try again later", "rate-limited",
                       headers={"Retry-After": str(wait)})
    user = await run(st.store.user_by_name, username)
    ok = await run(st.passwords.verify, user["password_hash"] if user else None, password,
                   limiter=st.hash_slots)
    if not ok or user is None or user["disabled"]:
        raise ApiError(401, "wrong username or password", "invalid-grant", headers={"WWW-Authenticate": "Bearer"})
    await run(st.limiter.succeeded, username, attempt)
    if st.passwords.needs_rehash(user["password_hash"]):
        h = await run(st.passwords.hash, password, limiter=st.hash_slots)
        await run(st.store.set_password_hash, user["id"], h)
    return await run(_issue, st, user)


@router.get("/me", response_model=Me, responses=errs(401))
def me(c: Caller = Depends(caller), st=Depends(state)):
    u = st.store.user_by_id(c.id)
    if u is None or u["disabled"]:
        raise ApiError(401, "account no longer exists", "unauthorized")
    return {"reviewer_id": str(u["id"]), "username": u["username"], "display_name": u["display_name"],
            "role": u["role"]}
