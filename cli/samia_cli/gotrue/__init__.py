"""A GoTrue-compatible Supabase Auth service for the local dev stack, served at `/auth/v1`.

Dev only: production uses Supabase's own Auth (GoTrue). This package speaks GoTrue's wire
format (endpoints, bodies, error shapes and codes, token claims, refresh-token rotation) and
stores users and sessions in GoTrue's own `auth` tables, so supabase-js and supabase_auth work
against `./run up` unchanged. What it serves and refuses is in docs/local_auth.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..gateway.db import Database
from .app import PREFIX, AuthService, Settings
from .ratelimit import SignInLimiter

__all__ = ["PREFIX", "AuthService", "Settings", "SignInLimiter", "create_auth_app"]


def create_auth_app(db_dsn: str, jwt_secret: str, issuer: str, *, phone_enabled: bool = False,
                    limiter: SignInLimiter | None = None,
                    authorization: Callable[[Any], str | None] | None = None,
                    pool_max_size: int = 5) -> AuthService:
    """`db_dsn` connects as `supabase_auth_admin` (its own small pool, opened on first use);
    `authorization` is the gateway's Kong-like swap of `sb_` keys for the legacy JWTs."""
    settings = Settings(jwt_secret=jwt_secret, issuer=issuer, phone_enabled=phone_enabled)
    kwargs: dict[str, Any] = {"limiter": limiter}
    if authorization is not None:
        kwargs["authorization"] = authorization
    return AuthService(settings, Database(db_dsn, max_size=pool_max_size), **kwargs)
