"""The endpoints a user calls for themself: signup, the password and refresh_token grants,
reading and changing their user, logging out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from werkzeug.wrappers import Request, Response

from . import bearer, passwords, sessions, users
from .errors import AuthError, invalid_credentials, shown, validation_failed
from .inputs import field, json_body, normalize_email, normalize_phone

if TYPE_CHECKING:
    from .app import AuthService

LOGOUT_SCOPES = ("global", "local", "others")


def signup(svc: AuthService, request: Request) -> dict[str, Any]:
    """Email (or, when enabled, phone) and password. Confirmations are off locally, as with
    `supabase start`: the address is confirmed at once and the answer is a session."""
    body = json_body(request)
    email = field(body, "email", str, "")
    phone = field(body, "phone", str, "")
    password = field(body, "password", str, "")
    data = field(body, "data", dict, {})
    for name in ("channel", "code_challenge", "code_challenge_method"):
        field(body, name, str)
    if not email and not phone:
        raise AuthError(422, "anonymous_provider_disabled", "Anonymous sign-ins are disabled")
    if not password:
        raise validation_failed("Signup requires a valid password")
    passwords.check_strength(password)
    if email and phone:
        raise validation_failed(
            "Only an email address or phone number should be provided on signup.")
    if phone and not svc.settings.phone_enabled:
        raise AuthError(400, "phone_provider_disabled", "Phone signups are disabled")
    email = normalize_email(email) if email else None
    phone = normalize_phone(phone) if phone else None
    password_hash = passwords.hash_password(password)
    with svc.transaction() as conn:
        taken = users.find_by_email(conn, email) if email else users.find_by_phone(conn, phone)
        if taken is not None:
            raise AuthError(422, "user_already_exists", "User already registered")
        try:
            user = users.create_user(conn, users.NewUser(
                email=email, phone=phone, password_hash=password_hash,
                email_confirmed=bool(email), phone_confirmed=bool(phone)), signup_data=data)
        except AuthError as exc:  # a concurrent signup of the same address won
            raise AuthError(422, "user_already_exists", "User already registered") from exc
        return _sign_in(svc, conn, user, "password", request)


def _sign_in(svc: AuthService, conn: Any, user: dict, method: str,
             request: Request) -> dict[str, Any]:
    session_id, refresh_token = sessions.start_session(conn, user, method, svc.client(request))
    user = users.find_by_id(conn, user["id"]) or user
    return svc.session_response(conn, user, session_id, refresh_token)


def token(svc: AuthService, request: Request) -> dict[str, Any]:
    grant_type = request.args.get("grant_type", "")
    if grant_type == "password":
        return _password_grant(svc, request)
    if grant_type == "refresh_token":
        return _refresh_grant(svc, request)
    raise AuthError(400, "invalid_credentials", "unsupported_grant_type")


def _password_grant(svc: AuthService, request: Request) -> dict[str, Any]:
    body = json_body(request)
    email = field(body, "email", str, "")
    phone = field(body, "phone", str, "")
    password = field(body, "password", str, "")
    if email and phone:
        raise validation_failed(
            "Only an email address or phone number should be provided on login.")
    if not email and not phone:
        raise validation_failed("missing email or phone")
    if phone and not svc.settings.phone_enabled:
        raise AuthError(422, "phone_provider_disabled", "Phone logins are disabled")
    login = email.strip().lower() if email else normalize_phone(phone)
    ip = svc.client(request).ip
    svc.limiter.check(login, ip)
    with svc.connection() as conn:
        user = users.find_by_email(conn, login) if email else users.find_by_phone(conn, login)
    # checked before any answer, so an unknown address takes as long as a wrong password
    matched = passwords.verify_password(password, user["encrypted_password"] if user else None)
    if user is None or not user["encrypted_password"]:
        svc.limiter.failed(login, ip)
        raise invalid_credentials()
    if users.is_banned(user):
        raise AuthError(400, "user_banned", "User is banned")
    if not matched:
        svc.limiter.failed(login, ip)
        raise invalid_credentials()
    if not users.is_confirmed(user, by_email=bool(email)):
        if email:
            raise AuthError(400, "email_not_confirmed", "Email not confirmed")
        raise AuthError(400, "phone_not_confirmed", "Phone not confirmed")
    with svc.transaction() as conn:
        # read again under a lock: an admin may have deleted or banned the user while bcrypt
        # ran (the session insert then broke its foreign key: a 500)
        user = users.find_by_id(conn, user["id"], lock=True)
        if user is None:
            raise invalid_credentials()
        if users.is_banned(user):
            raise AuthError(400, "user_banned", "User is banned")
        answer = _sign_in(svc, conn, user, "password", request)
    try:  # GoTrue flags a correct password that no longer meets the rules
        passwords.check_strength(password)
    except AuthError as weak:
        if weak.code == "weak_password":
            answer["weak_password"] = weak.extra["weak_password"]
    return answer


def _refresh_grant(svc: AuthService, request: Request) -> dict[str, Any]:
    body = json_body(request)
    refresh_token = field(body, "refresh_token", str, "")
    reused: AuthError | None = None
    with svc.transaction() as conn:
        try:
            user, session_id, issued = sessions.refresh(conn, refresh_token, svc.client(request))
        except sessions.Reused as exc:
            reused = exc.error  # its revocations commit with this transaction
        else:
            return svc.session_response(conn, user, session_id, issued)
    raise reused


def get_user(svc: AuthService, request: Request) -> dict[str, Any]:
    claims = svc.claims(request)
    with svc.connection() as conn:
        caller = bearer.require_user(conn, claims)
        return users.user_json(conn, caller.user)


def update_user(svc: AuthService, request: Request) -> dict[str, Any]:
    claims = svc.claims(request)
    body = json_body(request)
    email = field(body, "email", str)
    phone = field(body, "phone", str)
    password = field(body, "password", str)
    data = field(body, "data", dict)
    for name in ("channel", "nonce", "current_password"):
        field(body, name, str)
    if field(body, "app_metadata", dict) is not None:
        raise AuthError(403, "not_admin", "User not allowed")
    if password is not None:
        passwords.check_strength(password)
    if email:
        email = normalize_email(email)
    if phone:
        if not svc.settings.phone_enabled:
            raise AuthError(422, "phone_provider_disabled", "Phone logins are disabled")
        phone = normalize_phone(phone)
    with svc.transaction() as conn:
        caller = bearer.require_user(conn, claims, lock=True)
        user = caller.user
        assert user is not None
        changes: dict[str, Any] = {}
        if data is not None:
            changes["raw_user_meta_data"] = users.merge_metadata(user["user_metadata"], data)
        if password is not None:
            if passwords.verify_password(password, user["encrypted_password"]):
                raise AuthError(422, "same_password",
                                "New password should be different from the old password.")
            changes["encrypted_password"] = passwords.hash_password(password)
        if email and email != user["email"]:
            if users.email_taken(conn, email, except_id=user["id"]):
                raise AuthError(422, "email_exists",
                                "A user with this email address has already been registered")
            # GoTrue mails a confirmation link and switches only once it is followed; no
            # mail leaves the local stack, so the change stays pending (see docs)
            changes["email_change"] = email
            conn.execute("update auth.users set email_change_sent_at = now() where id = %s",
                         (user["id"],))
        if phone and phone != user["phone"]:
            if users.phone_taken(conn, phone, except_id=user["id"]):
                raise AuthError(422, "phone_exists",
                                "A user with this phone number has already been registered")
            changes["phone"] = phone  # SMS autoconfirm: switched at once
            conn.execute("update auth.users set phone_confirmed_at = now() where id = %s",
                         (user["id"],))
        user = users.update_user(conn, user["id"], **changes)
        if password is not None:  # every other session of the user ends
            sessions.end_sessions(conn, user["id"], "others", caller.session_id)
        return users.user_json(conn, user)


def logout(svc: AuthService, request: Request) -> Response:
    claims = svc.claims(request)
    scope = request.args.get("scope", "") or "global"
    with svc.transaction() as conn:
        caller = bearer.require_user(conn, claims)
        if scope not in LOGOUT_SCOPES:
            raise validation_failed(f"Unsupported logout scope {shown(scope)}")
        assert caller.user is not None
        sessions.end_sessions(conn, caller.user["id"], scope, caller.session_id)
    return Response(status=204)
