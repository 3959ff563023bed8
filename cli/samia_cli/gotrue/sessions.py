"""Sessions and refresh tokens as GoTrue keeps them (`auth.sessions`, `auth.refresh_tokens`,
`auth.mfa_amr_claims`), v1 refresh tokens, rotation with a reuse interval, and the session
answer with its access token.

Each grant runs in one transaction of the caller. A refresh locks its token row FOR UPDATE, so
two refreshes of one token queue: the first rotates it, the second then finds it revoked and
the parent of the active token and gets that same active token (no second child).
"""

from __future__ import annotations

import secrets
import time
import uuid
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.rows import dict_row

from ..tokens import ACCESS_TOKEN_TTL, AuthUser, SessionClaims, user_token
from . import users
from .errors import AuthError, validation_failed

REFRESH_TOKEN_REUSE_INTERVAL = 10  # seconds; the Supabase CLI's refresh_token_reuse_interval
_BASE32_LOWER = "abcdefghijklmnopqrstuvwxyz234567"
_V1_TOKEN_LENGTH = 12


@dataclass(frozen=True)
class Client:
    """Who is asking, recorded on the session as GoTrue does."""
    user_agent: str | None
    ip: str | None


def new_refresh_token() -> str:
    """GoTrue's v1 token: 12 random characters of lower-case base32."""
    return "".join(secrets.choice(_BASE32_LOWER) for _ in range(_V1_TOKEN_LENGTH))


def _insert_token(conn: psycopg.Connection, user_id: str, session_id: str,
                  parent: str | None) -> str:
    token = new_refresh_token()
    conn.execute(
        "insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at,"
        " updated_at, parent, session_id) values (%s, %s, %s, false, now(), now(), %s, %s)",
        (users.NIL_INSTANCE, token, user_id, parent, session_id))
    return token


def start_session(conn: psycopg.Connection, user: dict, method: str, client: Client) -> tuple:
    """A new session with its first refresh token and its sign-in method; stamps the user's
    last sign-in. Returns (session id, refresh token)."""
    session_id = str(uuid.uuid4())
    conn.execute(
        "insert into auth.sessions (id, user_id, created_at, updated_at, aal, user_agent, ip)"
        " values (%s, %s, now(), now(), 'aal1', %s, %s)",
        (session_id, user["id"], client.user_agent, client.ip))
    conn.execute(
        "insert into auth.mfa_amr_claims (id, session_id, created_at, updated_at,"
        " authentication_method) values (%s, %s, now(), now(), %s)",
        (str(uuid.uuid4()), session_id, method))
    conn.execute("update auth.users set last_sign_in_at = now(), updated_at = now()"
                 " where id = %s", (user["id"],))
    conn.execute("update auth.identities set last_sign_in_at = now() where user_id = %s",
                 (user["id"],))
    return session_id, _insert_token(conn, user["id"], session_id, None)


def session_claims(conn: psycopg.Connection, session_id: str) -> SessionClaims:
    rows = conn.execute(
        "select authentication_method, extract(epoch from created_at)::bigint"
        " from auth.mfa_amr_claims where session_id = %s order by created_at desc",
        (session_id,)).fetchall()
    aal = conn.execute("select aal::text from auth.sessions where id = %s",
                       (session_id,)).fetchone()
    return SessionClaims(session_id=session_id,
                         amr=[{"method": m, "timestamp": t} for m, t in rows],
                         aal=(aal[0] if aal and aal[0] else "aal1"))


def session_exists(conn: psycopg.Connection, session_id: str,
                   user_id: str | None = None) -> bool:
    """Whether the session is live (and, given `user_id`, that user's)."""
    return conn.execute(
        "select 1 from auth.sessions where id = %s::uuid"
        " and (%s::uuid is null or user_id = %s::uuid)",
        (session_id, user_id, user_id)).fetchone() is not None


def auth_user(user: dict) -> AuthUser:
    return AuthUser(id=user["id"], email=user["email"], phone=user["phone"],
                    app_metadata=user["app_metadata"], user_metadata=user["user_metadata"],
                    role=user["role"] or users.USER_ROLE, is_anonymous=bool(user["is_anonymous"]))


def session_response(conn: psycopg.Connection, user: dict, session_id: str, refresh_token: str,
                     *, secret: str, issuer: str) -> dict[str, Any]:
    """GoTrue's AccessTokenResponse: a fresh access token for the user as stored now."""
    now = int(time.time())
    access = user_token(secret, auth_user(user), issuer=issuer, now=now,
                        session=session_claims(conn, session_id))
    return {
        "access_token": access, "token_type": "bearer", "expires_in": ACCESS_TOKEN_TTL,
        "expires_at": now + ACCESS_TOKEN_TTL, "refresh_token": refresh_token,
        "user": users.user_json(conn, user),
    }


def check_refresh_token_format(token: str) -> None:
    """Only v1 tokens are issued here: 12 lower-case letters or digits."""
    if len(token) != _V1_TOKEN_LENGTH or not token.isascii() or not token.isalnum() \
            or token != token.lower():
        raise validation_failed("Refresh token is not valid")


def refresh(conn: psycopg.Connection, token: str, client: Client) -> tuple[dict, str, str]:
    """The refresh_token grant, inside the caller's transaction. Returns (user, session id,
    the refresh token to hand out). Raises AuthError; a reuse outside the interval commits the
    revocation of the whole session's tokens before the caller raises (see `Reused`)."""
    check_refresh_token_format(token)
    # Lock the session before the token: logout deletes a session and then, by cascade, its
    # tokens, and taking them in the other order deadlocked a refresh against a logout (the
    # logout was then lost). NO KEY UPDATE also queues two refreshes of one session.
    found = conn.execute("select session_id from auth.refresh_tokens where token = %s",
                         (token,)).fetchone()
    if found is not None and found[0] is not None:
        conn.execute("select 1 from auth.sessions where id = %s for no key update", (found[0],))
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(
            "select id, token, user_id, revoked, parent, session_id::text as session_id,"
            " updated_at, (updated_at + make_interval(secs => %s)) > now() as reusable"
            " from auth.refresh_tokens where token = %s for update",
            (REFRESH_TOKEN_REUSE_INTERVAL, token)).fetchone()
    if row is None:
        raise AuthError(400, "refresh_token_not_found",
                        "Invalid Refresh Token: Refresh Token Not Found")
    user = users.find_by_id(conn, row["user_id"])
    if user is None:
        raise AuthError(400, "refresh_token_not_found",
                        "Invalid Refresh Token: Refresh Token Not Found")
    if users.is_banned(user):
        raise AuthError(400, "user_banned", "User is banned")
    session_id = row["session_id"]
    if session_id is None or not session_exists(conn, session_id):
        conn.execute("delete from auth.refresh_tokens where id = %s", (row["id"],))
        raise Reused(AuthError(400, "session_not_found",
                               "Invalid Refresh Token: No Valid Session Found"))
    issued = None
    if row["revoked"]:
        active = conn.execute(
            "select token, parent from auth.refresh_tokens where session_id = %s"
            " and not revoked order by id desc limit 1", (session_id,)).fetchone()
        if active is not None and active[1] == row["token"]:
            # the client lost the answer to its last refresh: hand the same child out again
            issued = active[0]
        elif not row["reusable"]:
            conn.execute("update auth.refresh_tokens set revoked = true, updated_at = now()"
                         " where session_id = %s and not revoked", (session_id,))
            raise Reused(AuthError(400, "refresh_token_already_used",
                                   "Invalid Refresh Token: Already Used"))
    if issued is None:
        conn.execute("update auth.refresh_tokens set revoked = true, updated_at = now()"
                     " where id = %s", (row["id"],))
        issued = _insert_token(conn, user["id"], session_id, row["token"])
    conn.execute(
        "update auth.sessions set refreshed_at = now() at time zone 'utc', updated_at = now(),"
        " user_agent = %s, ip = %s where id = %s", (client.user_agent, client.ip, session_id))
    return user, session_id, issued


class Reused(Exception):  # a wrapper around an AuthError, not an error of its own
    """An AuthError whose transaction must still commit (GoTrue's NewCommitWithError)."""

    def __init__(self, error: AuthError) -> None:
        super().__init__(error.message)
        self.error = error


def end_sessions(conn: psycopg.Connection, user_id: str, scope: str,
                 session_id: str | None) -> None:
    """Logout: `global` every session of the user, `local` this one, `others` all but this.
    Refresh tokens and sign-in methods go with their session (ON DELETE CASCADE)."""
    if scope == "local" and session_id:
        conn.execute("delete from auth.sessions where id = %s and user_id = %s",
                     (session_id, user_id))
    elif scope == "others" and session_id:
        conn.execute("delete from auth.sessions where user_id = %s and id <> %s",
                     (user_id, session_id))
    else:  # global, or a token naming no session: GoTrue then ends every session
        conn.execute("delete from auth.sessions where user_id = %s", (user_id,))
