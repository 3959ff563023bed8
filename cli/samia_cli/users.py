"""Users created the way Supabase Auth creates them: a row in `auth.users`, nothing else.

The auth-sync trigger on `auth.users` makes the profile. The application role is passed in
`raw_app_meta_data`, which only the service side can write in Supabase (never user metadata).
"""

from __future__ import annotations

import uuid

import psycopg
from psycopg.types.json import Jsonb

from .tokens import AuthUser

ROLES = ("client", "reader", "monitor", "admin", "superadmin")


class UserError(RuntimeError):
    """A user could not be created or found; the message says why."""


def create_user(conn: psycopg.Connection, email: str, role: str = "client",
                phone: str | None = None) -> AuthUser:
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    email = email.strip().lower()
    if "@" not in email:
        raise UserError(f"{email!r} is not an email address")
    app_meta = {"provider": "email", "providers": ["email"], "role": role}
    with conn.transaction():
        exists = conn.execute("select 1 from auth.users where lower(email) = %s", (email,))
        if exists.fetchone():
            raise UserError(f"{email} already exists; `samia token {email}` prints a new token")
        user_id = str(uuid.uuid4())
        conn.execute(
            """
            insert into auth.users (instance_id, id, aud, role, email, phone, email_confirmed_at,
                                    raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
            values ('00000000-0000-0000-0000-000000000000', %s, 'authenticated', 'authenticated',
                    %s, %s, now(), %s, '{}', now(), now())
            """,
            (user_id, email, phone, Jsonb(app_meta)),
        )
    return AuthUser(id=user_id, email=email, phone=phone, app_metadata=app_meta, user_metadata={})


def find_user(conn: psycopg.Connection, email: str) -> AuthUser:
    row = conn.execute(
        "select id::text, email, phone, raw_app_meta_data, raw_user_meta_data "
        "from auth.users where lower(email) = lower(%s)", (email.strip(),)
    ).fetchone()
    if row is None:
        raise UserError(f"no user {email}; create one with `samia users create --email {email}`")
    return AuthUser(*row)
