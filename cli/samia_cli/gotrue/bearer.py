"""Who is calling, checked as GoTrue checks it: the Authorization header (after the gateway's
swap of `sb_` keys), an HS256 signature with the project secret, then the user and session the
claims name. Every failure is GoTrue's code: 401 no_authorization, 403 bad_jwt, user_not_found,
session_not_found, not_admin."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jwt
import psycopg

from . import sessions, users
from .errors import AuthError

ADMIN_ROLES = ("service_role",)  # GOTRUE_JWT_ADMIN_ROLES of the Supabase CLI
_BEARER = re.compile(r"(?i)^bearer (\S+$)")
_DECODE_OPTIONS: Any = {"verify_aud": False, "verify_iss": False, "verify_sub": False}


@dataclass(frozen=True)
class Caller:
    claims: dict[str, Any]
    user: dict | None  # the auth.users row (None for the service role)
    session_id: str | None


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def claims_of(headers: Any, secret: str,
              authorization: Callable[[Any], str | None]) -> dict[str, Any]:
    match = _BEARER.match(authorization(headers) or "")
    if not match:
        raise AuthError(401, "no_authorization", "This endpoint requires a valid Bearer token")
    try:
        return jwt.decode(match[1], secret, algorithms=["HS256"], options=_DECODE_OPTIONS)
    except jwt.PyJWTError as exc:
        raise AuthError(403, "bad_jwt",
                        f"invalid JWT: unable to parse or verify signature, {exc}") from exc


def _live_session(conn: psycopg.Connection, claims: dict[str, Any],
                  user_id: str | None = None) -> str | None:
    """The claim's session if it is live; for a user, only a session of that user (a token
    naming someone else's session would otherwise log that session out)."""
    session_id = claims.get("session_id")
    if session_id in (None, ""):
        return None
    if not _is_uuid(session_id):
        raise AuthError(403, "bad_jwt", "invalid claim: session_id claim must be a UUID")
    if not sessions.session_exists(conn, str(session_id), user_id):
        raise AuthError(403, "session_not_found",
                        "Session from session_id claim in JWT does not exist")
    return str(session_id)


def require_user(conn: psycopg.Connection, claims: dict[str, Any], *,
                 lock: bool = False) -> Caller:
    sub = claims.get("sub")
    if not sub:
        raise AuthError(403, "bad_jwt", "invalid claim: missing sub claim")
    if not _is_uuid(sub):
        raise AuthError(403, "bad_jwt", "invalid claim: sub claim must be a UUID")
    user = users.find_by_id(conn, str(sub), lock=lock)
    if user is None:
        raise AuthError(403, "user_not_found", "User from sub claim in JWT does not exist")
    session_id = _live_session(conn, claims, user["id"])
    if users.is_banned(user):
        raise AuthError(403, "user_banned", "User is banned")
    return Caller(claims, user, session_id)


def require_admin(conn: psycopg.Connection, claims: dict[str, Any]) -> Caller:
    if claims.get("role") not in ADMIN_ROLES:
        raise AuthError(403, "not_admin", "User not allowed")
    return Caller(claims, None, _live_session(conn, claims))
