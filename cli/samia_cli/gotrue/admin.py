"""`/admin/users`: the service role manages users (GoTrue's admin API). `create` is also what
`samia users create` calls, so the CLI and the endpoint make users the same way."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import TYPE_CHECKING, Any

import psycopg
from werkzeug.wrappers import Request, Response

from . import passwords, sessions, users
from .errors import AuthError, shown, user_not_found, validation_failed
from .inputs import field, json_body, normalize_email, normalize_phone

if TYPE_CHECKING:
    from .app import AuthService

DEFAULT_PER_PAGE = 50
_MAX_PAGE_NUMBER = 2**31 - 1  # larger values would overflow the query's bigint offset
_GO_DURATION = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)")
_UNIT_SECONDS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600}


def ban_until(duration: str) -> dt.datetime | None:
    """`none` lifts a ban; otherwise a Go duration such as `24h` or `1h30m` from now."""
    if duration == "none":
        return None
    parts = _GO_DURATION.findall(duration)
    if not parts or "".join(n + u for n, u in parts) != duration:
        raise validation_failed("invalid format for ban duration: "
                                f"time: invalid duration {shown(duration)}")
    seconds = sum(float(n) * _UNIT_SECONDS[u] for n, u in parts)
    try:
        return dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds)
    except OverflowError as exc:  # past the year 9999 (or inf): Go's duration overflows too
        raise validation_failed("invalid format for ban duration: "
                                f"time: invalid duration {shown(duration)}") from exc


def _user_id(raw: str) -> str:
    try:
        return str(uuid.UUID(raw))
    except ValueError as exc:
        raise AuthError(404, "validation_failed", "user_id must be an UUID") from exc


def _password_hash(body: dict[str, Any], *, strength: bool) -> str | None:
    password = field(body, "password", str)
    given_hash = field(body, "password_hash", str)
    if password is not None and given_hash is not None:
        raise validation_failed("Only a password or a password hash should be provided")
    if given_hash is not None:
        if not passwords.is_bcrypt_hash(given_hash):
            raise validation_failed("Invalid password hash: only bcrypt hashes are accepted")
        return given_hash
    if password is None:
        return None
    if strength:
        passwords.check_strength(password)
    return passwords.hash_password(password)


def new_user(body: dict[str, Any]) -> users.NewUser:
    """An admin create body, checked: no strength rule (GoTrue applies none here)."""
    email = field(body, "email", str, "")
    phone = field(body, "phone", str, "")
    if not email and not phone:
        raise validation_failed("Cannot create a user without either an email or phone")
    user_id = field(body, "id", str)
    ban = field(body, "ban_duration", str)
    return users.NewUser(
        email=normalize_email(email) if email else None,
        phone=normalize_phone(phone) if phone else None,
        password_hash=_password_hash(body, strength=False),
        email_confirmed=field(body, "email_confirm", bool, False),
        phone_confirmed=field(body, "phone_confirm", bool, False),
        user_metadata=field(body, "user_metadata", dict, {}),
        app_metadata=field(body, "app_metadata", dict, {}),
        id=_user_id(user_id) if user_id else None,
        banned_until=ban_until(ban) if ban else None,
        role=field(body, "role", str) or users.USER_ROLE,
    )


def create(svc: AuthService, request: Request) -> dict[str, Any]:
    svc.admin(request)
    new = new_user(json_body(request))
    with svc.transaction() as conn:
        return users.user_json(conn, users.create_user(conn, new))


def list_users(svc: AuthService, request: Request) -> Response:
    svc.admin(request)
    try:
        page = int(request.args.get("page") or 1)
        per_page = int(request.args.get("per_page") or DEFAULT_PER_PAGE)
    except ValueError as exc:
        raise validation_failed("Bad Pagination Parameters") from exc
    if not (1 <= page <= _MAX_PAGE_NUMBER and 1 <= per_page <= _MAX_PAGE_NUMBER):
        raise validation_failed("Bad Pagination Parameters")
    with svc.connection() as conn:
        total = conn.execute("select count(*) from auth.users where instance_id = %s and aud = %s",
                             (users.NIL_INSTANCE, users.AUDIENCE)).fetchone()[0]
        ids = [r[0] for r in conn.execute(
            "select id::text from auth.users where instance_id = %s and aud = %s"
            " order by created_at desc, id desc limit %s offset %s",
            (users.NIL_INSTANCE, users.AUDIENCE, per_page, (page - 1) * per_page))]
        found = [users.find_by_id(conn, user_id) for user_id in ids]
        body = {"users": [users.user_json(conn, u) for u in found if u is not None],
                "aud": users.AUDIENCE}
    response = svc.json(body)
    response.headers["X-Total-Count"] = str(total)
    last = max(1, -(-total // per_page))
    links = []
    if page < last:
        links.append(f'<{request.base_url}?page={page + 1}&per_page={per_page}>; rel="next"')
    links.append(f'<{request.base_url}?page={last}&per_page={per_page}>; rel="last"')
    response.headers["Link"] = ", ".join(links)
    return response


def get(svc: AuthService, request: Request, user_id: str) -> dict[str, Any]:
    svc.admin(request)
    user_id = _user_id(user_id)
    with svc.connection() as conn:
        user = users.find_by_id(conn, user_id)
        if user is None:
            raise user_not_found()
        return users.user_json(conn, user)


def update(svc: AuthService, request: Request, user_id: str) -> dict[str, Any]:
    svc.admin(request)
    user_id = _user_id(user_id)
    body = json_body(request)
    email = field(body, "email", str)
    phone = field(body, "phone", str)
    password_hash = _password_hash(body, strength=True)
    user_metadata = field(body, "user_metadata", dict)
    app_metadata = field(body, "app_metadata", dict)
    role = field(body, "role", str)
    ban = field(body, "ban_duration", str)
    email = normalize_email(email) if email else None
    phone = normalize_phone(phone) if phone else None
    with svc.transaction() as conn:
        user = users.find_by_id(conn, user_id, lock=True)
        if user is None:
            raise user_not_found()
        changes: dict[str, Any] = {}
        if email and email != user["email"]:
            if users.email_taken(conn, email, except_id=user_id):
                raise AuthError(422, "email_exists",
                                "A user with this email address has already been registered")
            changes["email"] = email
        if phone and phone != user["phone"]:
            if users.phone_taken(conn, phone, except_id=user_id):
                raise AuthError(422, "phone_exists",
                                "Phone number already registered by another user")
            changes["phone"] = phone
        if password_hash is not None:
            changes["encrypted_password"] = password_hash
        if user_metadata is not None:
            changes["raw_user_meta_data"] = users.merge_metadata(user["user_metadata"],
                                                                 user_metadata)
        if app_metadata is not None:
            changes["raw_app_meta_data"] = users.merge_metadata(user["app_metadata"],
                                                                app_metadata)
        if role:
            changes["role"] = role
        if ban:
            changes["banned_until"] = ban_until(ban)
        user = users.update_user(conn, user_id, **changes)
        if field(body, "email_confirm", bool, False) and user["email"]:
            user = users.confirm_now(conn, user, email=True)
        if field(body, "phone_confirm", bool, False) and user["phone"]:
            user = users.confirm_now(conn, user, email=False)
        if password_hash is not None:  # a new password ends every session of the user
            sessions.end_sessions(conn, user_id, "global", None)
        return users.user_json(conn, user)


def delete(svc: AuthService, request: Request, user_id: str) -> dict[str, Any]:
    svc.admin(request)
    user_id = _user_id(user_id)
    body = json_body(request, required=False)
    if field(body, "should_soft_delete", bool, False):
        raise validation_failed("Soft deletion is not supported by the local Auth service")
    with svc.transaction() as conn:
        if users.find_by_id(conn, user_id, lock=True) is None:
            raise user_not_found()
        try:
            with conn.transaction():
                # identities, sessions, refresh tokens and amr claims go by ON DELETE CASCADE
                conn.execute("delete from auth.users where id = %s", (user_id,))
        # NO ACTION references raise foreign_key_violation, ON DELETE RESTRICT ones (orders)
        # restrict_violation; either way the savepoint undid the whole delete
        except (psycopg.errors.ForeignKeyViolation, psycopg.errors.RestrictViolation) as exc:
            raise AuthError(409, "conflict", "Database error deleting user: "
                            "application data still refers to this user") from exc
    return {}

