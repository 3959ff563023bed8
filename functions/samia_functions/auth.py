"""Who is calling: the Supabase JWT from `Authorization: Bearer`, verified like PostgREST."""

from __future__ import annotations

from typing import Any

from flask import Request

from .errors import AUTH_REQUIRED
from .postgrest.jwt import ANON_ROLE, bearer_token, jwt_error, verify
from .settings import get_settings


def authenticate(request: Request) -> dict[str, Any]:
    """Verified claims of a signed-in caller (any role but anon), for `db.as_user`.

    PostgREST would serve a request without a token as anon; a function needs a user, so no
    token, an empty one and the anon key (a valid token that names nobody) are all refused
    alike. Which role may do what is then up to the database (grants, RLS, RPC checks).
    """
    secret = get_settings().jwt_secret  # a misconfigured function says so before anything else
    token = bearer_token(request.headers.get("Authorization"))
    if not token:
        raise jwt_error(AUTH_REQUIRED, "Sign in first: no bearer token was sent")
    claims = verify(token, secret)
    if claims["role"] == ANON_ROLE:
        raise jwt_error(AUTH_REQUIRED, "Sign in first: the anon key names no user")
    return claims


def caller_token(request: Request) -> str:
    """The bearer token `authenticate` verified, to act as the caller towards Storage."""
    return bearer_token(request.headers.get("Authorization")) or ""
