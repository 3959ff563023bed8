"""Users created the way Supabase Auth creates them, through the local Auth service's own code
(`samia_cli.gotrue`): `samia users create` makes the same rows as `POST /auth/v1/admin/users`.

The auth-sync trigger on `auth.users` makes the profile. The application role is passed in
`app_metadata` (`raw_app_meta_data`), which only the service side can write in Supabase (never
user metadata).
"""

from __future__ import annotations

import psycopg

from .gotrue import admin, sessions
from .gotrue import users as auth_users
from .gotrue.errors import AuthError
from .tokens import AuthUser, user_token

ROLES = ("client", "reader", "monitor", "admin", "superadmin")
# a CLI-issued session is an admin-made sign-in, like a magic link: GoTrue records those as otp
CLI_SIGN_IN_METHOD = "otp"


class UserError(RuntimeError):
    """A user could not be created or found; the message says why."""


def create_user(conn: psycopg.Connection, email: str, role: str = "client",
                phone: str | None = None, password: str | None = None) -> AuthUser:
    """A confirmed email user with `role` in app_metadata; with a password they can also sign
    in at /auth/v1. Runs in its own transaction (savepoint if one is open)."""
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    body: dict = {"email": email, "email_confirm": True, "app_metadata": {"role": role}}
    if phone:
        body["phone"] = phone
    if password is not None:
        body["password"] = password
    try:
        new = admin.new_user(body)
        with conn.transaction():
            row = auth_users.create_user(conn, new)
    except AuthError as exc:
        if exc.code == "email_exists":
            raise UserError(f"{new.email} already exists; `samia token {new.email}` prints "
                            "a new token") from exc
        raise UserError(f"{email}: {exc.message}") from exc
    return sessions.auth_user(row)


def find_user(conn: psycopg.Connection, email: str) -> AuthUser:
    row = auth_users.find_by_email(conn, email.strip())
    if row is None:
        raise UserError(f"no user {email}; create one with `samia users create --email {email}`")
    return sessions.auth_user(row)


def session_token(conn: psycopg.Connection, user: AuthUser, *, secret: str, issuer: str,
                  ttl_seconds: int) -> str:
    """An access token for a new session of the user (a row in auth.sessions), so that the
    local Auth service accepts it too (`GET /auth/v1/user`, logout)."""
    row = auth_users.find_by_id(conn, user.id)
    if row is None:
        raise UserError(f"no user {user.id}")
    try:
        with conn.transaction():
            session_id, _ = sessions.start_session(
                conn, row, CLI_SIGN_IN_METHOD, sessions.Client(user_agent="samia-cli", ip=None))
            claims = sessions.session_claims(conn, session_id)
    except psycopg.errors.InsufficientPrivilege as exc:
        raise UserError(f"cannot record a session for {user.email}: {exc}".strip()) from exc
    return user_token(secret, user, issuer=issuer, ttl_seconds=ttl_seconds, session=claims)
