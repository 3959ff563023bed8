"""Users and their identities in `auth.users` / `auth.identities`, as GoTrue writes them
(nil instance_id, aud and role `authenticated`, lower-case email, digit-only phone), and the
user JSON GoTrue answers with.

`create_user` is the one way a user is made: signup, the admin API and `samia users create`
all call it, so the auth-sync trigger sees the same rows whoever made the user.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from .errors import AuthError

NIL_INSTANCE = "00000000-0000-0000-0000-000000000000"
AUDIENCE = "authenticated"
USER_ROLE = "authenticated"

# the user columns the service reads, under GoTrue's JSON names where they differ
_USER_SELECT = """
    select u.id::text as id, u.aud, u.role, u.email, u.phone, u.encrypted_password,
           u.raw_app_meta_data as app_metadata, u.raw_user_meta_data as user_metadata,
           u.email_confirmed_at, u.phone_confirmed_at, u.confirmed_at, u.confirmation_sent_at,
           u.recovery_sent_at, u.invited_at, u.email_change as new_email,
           u.email_change_sent_at, u.phone_change as new_phone, u.phone_change_sent_at,
           u.reauthentication_sent_at, u.last_sign_in_at, u.banned_until, u.deleted_at,
           u.created_at, u.updated_at, u.is_anonymous
    from auth.users as u
"""
# omitted from the JSON when null, as GoTrue's `omitempty` does
_OPTIONAL = ("email_confirmed_at", "phone_confirmed_at", "confirmed_at", "confirmation_sent_at",
             "recovery_sent_at", "invited_at", "new_email", "email_change_sent_at", "new_phone",
             "phone_change_sent_at", "reauthentication_sent_at", "last_sign_in_at",
             "banned_until", "deleted_at")


@dataclass
class NewUser:
    email: str | None = None  # already normalised (inputs.normalize_email)
    phone: str | None = None  # already normalised (inputs.normalize_phone)
    password_hash: str | None = None  # None: no password, the user cannot sign in with one
    email_confirmed: bool = False
    phone_confirmed: bool = False
    user_metadata: dict[str, Any] = field(default_factory=dict)
    app_metadata: dict[str, Any] = field(default_factory=dict)  # merged over provider(s)
    id: str | None = None
    banned_until: dt.datetime | None = None
    role: str = USER_ROLE  # the JWT role of the user's tokens; the admin API may set another


def timestamp(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _one(conn: psycopg.Connection, where: str, params: tuple, lock: bool) -> dict | None:
    query = f"{_USER_SELECT} where {where}{' for update' if lock else ''}"
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(query, params).fetchone()


def find_by_id(conn: psycopg.Connection, user_id: str, *, lock: bool = False) -> dict | None:
    return _one(conn, "u.id = %s::uuid", (user_id,), lock)


def find_by_email(conn: psycopg.Connection, email: str) -> dict | None:
    """GoTrue's FindUserByEmailAndAudience: nil instance, lower-case match, no SSO users."""
    return _one(conn, "u.instance_id = %s and lower(u.email) = lower(%s) and u.aud = %s "
                "and not u.is_sso_user", (NIL_INSTANCE, email, AUDIENCE), False)


def find_by_phone(conn: psycopg.Connection, phone: str) -> dict | None:
    return _one(conn, "u.instance_id = %s and u.phone = %s and u.aud = %s",
                (NIL_INSTANCE, phone, AUDIENCE), False)


def email_taken(conn: psycopg.Connection, email: str, except_id: str | None = None) -> bool:
    user = find_by_email(conn, email)
    return user is not None and user["id"] != except_id


def phone_taken(conn: psycopg.Connection, phone: str, except_id: str | None = None) -> bool:
    user = find_by_phone(conn, phone)
    return user is not None and user["id"] != except_id


def identity_data(user_id: str, new: NewUser, extra: dict[str, Any]) -> dict[str, Any]:
    """What GoTrue stores for an email or phone identity, then each extra key not present."""
    data: dict[str, Any] = {"sub": user_id}
    if new.email:
        data["email"] = new.email
    elif new.phone:
        data["phone"] = new.phone
    data["email_verified"] = bool(new.email and new.email_confirmed)
    data["phone_verified"] = bool(new.phone and new.phone_confirmed)
    for key, value in extra.items():
        data.setdefault(key, value)
    return data


def create_user(conn: psycopg.Connection, new: NewUser, *,
                signup_data: dict[str, Any] | None = None) -> dict:
    """Insert the user and its identity in the caller's transaction; 422 email_exists /
    phone_exists for a taken address. `signup_data` is signup's `data`: as in GoTrue, the
    user metadata then becomes the identity data (sub, email, verified flags, then data)."""
    if not new.email and not new.phone:
        raise AuthError(400, "validation_failed",
                        "Cannot create a user without either an email or phone")
    if new.email and email_taken(conn, new.email):
        raise _taken("email")
    if new.phone and phone_taken(conn, new.phone):
        raise _taken("phone")
    try:
        with conn.transaction():  # a savepoint: a concurrent twin fails on the unique index
            return _insert(conn, new, signup_data)
    except psycopg.errors.UniqueViolation as exc:
        constraint = exc.diag.constraint_name or ""
        raise _taken("phone" if "phone" in constraint else
                     "email" if "email" in constraint else "id") from exc


def _taken(what: str) -> AuthError:
    if what == "email":
        return AuthError(422, "email_exists",
                         "A user with this email address has already been registered")
    if what == "phone":
        return AuthError(422, "phone_exists", "Phone number already registered by another user")
    return AuthError(422, "user_already_exists", "User already registered")


def _insert(conn: psycopg.Connection, new: NewUser, signup_data: dict[str, Any] | None) -> dict:
    user_id = new.id or str(uuid.uuid4())
    provider = "email" if new.email else "phone"
    app_metadata = {"provider": provider, "providers": [provider], **new.app_metadata}
    identity = identity_data(user_id, new, signup_data or {})
    user_metadata = dict(identity) if signup_data is not None else dict(new.user_metadata)
    if new.email and new.email_confirmed and signup_data is None:
        user_metadata["email_verified"] = True
    conn.execute(
        """
        insert into auth.users (
            instance_id, id, aud, role, email, phone, encrypted_password,
            email_confirmed_at, phone_confirmed_at, raw_app_meta_data, raw_user_meta_data,
            banned_until, is_sso_user, is_anonymous, created_at, updated_at,
            confirmation_token, recovery_token, email_change_token_new, email_change
        )
        values (%s, %s, %s, %s, %s, %s, %s,
                case when %s then now() end, case when %s then now() end, %s, %s,
                %s, false, false, now(), now(), '', '', '', '')
        """,
        (NIL_INSTANCE, user_id, AUDIENCE, new.role, new.email, new.phone, new.password_hash,
         bool(new.email and new.email_confirmed), bool(new.phone and new.phone_confirmed),
         Jsonb(app_metadata), Jsonb(user_metadata), new.banned_until),
    )
    conn.execute(
        """
        insert into auth.identities (provider_id, user_id, identity_data, provider,
                                     last_sign_in_at, created_at, updated_at)
        values (%s, %s, %s, %s, now(), now(), now())
        """,
        (user_id, user_id, Jsonb(identity), provider),
    )
    user = find_by_id(conn, user_id)
    assert user is not None
    return user


def merge_metadata(current: dict[str, Any] | None, patch: dict[str, Any]) -> dict[str, Any]:
    """GoTrue's shallow merge: each key of the patch replaces the stored one, null deletes it."""
    merged = dict(current or {})
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def update_user(conn: psycopg.Connection, user_id: str, **columns: Any) -> dict:
    """Set the given auth.users columns (jsonb values wrapped) and `updated_at`."""
    assignments = "".join(f"{name} = %s, " for name in columns)
    values = [Jsonb(v) if isinstance(v, dict) else v for v in columns.values()]
    try:
        with conn.transaction():  # a savepoint: the unique indexes have the last word
            conn.execute(f"update auth.users set {assignments}updated_at = now() where id = %s",
                         (*values, user_id))
    except psycopg.errors.UniqueViolation as exc:
        # an address held by a row the lookups skip (another aud or instance, an SSO user)
        # or taken by a concurrent request after the caller's check
        constraint = exc.diag.constraint_name or ""
        raise _taken("phone" if "phone" in constraint else "email") from exc
    user = find_by_id(conn, user_id)
    assert user is not None
    return user


def confirm_now(conn: psycopg.Connection, user: dict, *, email: bool) -> dict:
    """Confirm the email (or phone) now and set the matching `*_verified` flag in the user
    and identity data, as GoTrue's Confirm does."""
    flag = "email_verified" if email else "phone_verified"
    column = "email_confirmed_at" if email else "phone_confirmed_at"
    conn.execute(
        "update auth.identities set identity_data = identity_data || jsonb_build_object(%s, true),"
        " updated_at = now() where user_id = %s and provider = %s",
        (flag, user["id"], "email" if email else "phone"))
    conn.execute(f"update auth.users set {column} = coalesce({column}, now()) where id = %s",
                 (user["id"],))
    return update_user(conn, user["id"], raw_user_meta_data=merge_metadata(
        user["user_metadata"], {flag: True}))


def identities(conn: psycopg.Connection, user_id: str) -> list[dict]:
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(
            "select id::text as identity_id, provider_id as id, user_id::text as user_id,"
            " identity_data, provider, last_sign_in_at, created_at, updated_at, email"
            " from auth.identities where user_id = %s order by created_at", (user_id,)).fetchall()
    for row in rows:
        for key in ("last_sign_in_at", "created_at", "updated_at"):
            row[key] = timestamp(row[key])
        if row["email"] is None:
            del row["email"]
    return rows


def user_json(conn: psycopg.Connection, user: dict) -> dict[str, Any]:
    """GoTrue's user object: email and phone never null, optional timestamps left out."""
    body: dict[str, Any] = {
        "id": user["id"], "aud": user["aud"] or "", "role": user["role"] or "",
        "email": user["email"] or "", "phone": user["phone"] or "",
    }
    for key in _OPTIONAL:
        value = user[key]
        if value not in (None, ""):
            body[key] = timestamp(value) if isinstance(value, dt.datetime) else value
    body.update({
        "app_metadata": user["app_metadata"] or {},
        "user_metadata": user["user_metadata"] or {},
        "identities": identities(conn, user["id"]),
        "created_at": timestamp(user["created_at"]),
        "updated_at": timestamp(user["updated_at"]),
        "is_anonymous": bool(user["is_anonymous"]),
    })
    return body


def is_banned(user: dict) -> bool:
    banned_until = user["banned_until"]
    return banned_until is not None and banned_until > dt.datetime.now(dt.UTC)


def is_confirmed(user: dict, *, by_email: bool) -> bool:
    return user["email_confirmed_at" if by_email else "phone_confirmed_at"] is not None
