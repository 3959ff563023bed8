"""Phone verification (verify_phone_start / verify_phone_check): glue between the user's
database transaction and Twilio Verify.

The rules are SQL (app.phone_verification_*): who may verify which number, rate limits, the
lock after 5 wrong codes, one account per number. Each request is one transaction as the
user: open the attempt, ask Twilio, then switch to the service role to close the attempt with
Twilio's outcome (users may not choose their own outcomes) and, on approval, to run
app.mark_phone_verified. A Twilio refusal the user caused is recorded and committed before the
answer; a provider failure rolls everything back (nothing written, retryable). The code itself
never reaches the database. A rate limit leaves as the database raised it (PT429, 429 with
Retry-After from its detail), like any database error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import psycopg

from . import db
from .errors import AppError
from .phone import INVALID_PHONE, to_e164
from .twilio_verify import (
    DELIVERY_BLOCKED,
    INVALID_PARAMETER,
    MAX_CHECK_ATTEMPTS,
    MAX_SEND_ATTEMPTS,
    NOT_FOUND,
    VerifyRefused,
    get_verify,
)
from .web import text_field

WRONG_CODE = "VFBAD"  # [400] the code was wrong; details.attempts_left
BAD_CODE = "VFCOD"  # [400] the code is not 4-10 digits
EXPIRED = "VFEXP"  # [400] no such verification at Twilio (expired, used or never started)
LOCKED = "VFLCK"  # [400] too many wrong codes (also raised by SQL)
TOO_MANY_SENDS = "VFMAX"  # [429] Twilio's own limit on codes sent to one number

CHANNELS = ("sms", "call", "whatsapp")
_CODE = re.compile(r"^[0-9]{4,10}$")

_OWN_COUNTRY = "select p.country_code from app.profiles as p where p.id = (select auth.uid())"
_BEGIN_START = "select app.phone_verification_begin(%s, %s)"
_BEGIN_CHECK = "select app.phone_verification_check_begin(%s)"
_FINISH = "select app.phone_verification_finish(%s, %s, %s, %s, %s)"
_MARK_VERIFIED = "select app.mark_phone_verified(%s, %s)"


@dataclass(frozen=True)
class StartRequest:
    phone: str
    channel: str


@dataclass(frozen=True)
class CheckRequest:
    phone: str
    code: str


def _text(body: dict[str, Any], name: str, default: str | None = None) -> str:
    value = text_field(body, name, default)
    assert value is not None
    return value


def parse_start(body: dict[str, Any]) -> StartRequest:
    """{"phone": "...", "channel": "sms" | "call" | "whatsapp"} (channel defaults to sms)."""
    return StartRequest(_text(body, "phone"), _text(body, "channel", "sms"))


def parse_check(body: dict[str, Any]) -> CheckRequest:
    """{"phone": "...", "code": "123456"}; the code must be 4 to 10 digits."""
    code = _text(body, "code").strip()
    if not _CODE.match(code):
        raise AppError(BAD_CODE, "The code must be 4 to 10 digits", 400,
                       hint="Type the code from the message exactly.")
    return CheckRequest(_text(body, "phone"), code)


def start(claims: dict[str, Any], request: StartRequest) -> dict[str, Any]:
    """Send a code to the number; returns the normalised number and channel."""
    verify = get_verify()  # 503 naming the missing settings before anything else
    refused: VerifyRefused | None = None
    with db.as_user(claims) as conn:
        phone = _normalise(conn, request.phone)
        (attempt_id,) = _one(conn, _BEGIN_START, (phone, request.channel))
        user_id = _own_id(conn)
        try:
            verification = verify.start(phone, request.channel)
        except VerifyRefused as exc:
            with db.elevated_to_service(conn, claims):
                _finish(conn, user_id, attempt_id, "rejected", None, exc.twilio_code)
            refused = exc
        else:
            with db.elevated_to_service(conn, claims):
                _finish(conn, user_id, attempt_id, "sent", verification.sid, None)
    if refused is not None:
        raise _start_refusal(refused, phone)
    return {"phone": phone, "channel": request.channel, "status": "pending"}


def check(claims: dict[str, Any], request: CheckRequest) -> dict[str, Any]:
    """Check the code; on approval the number becomes the user's verified phone."""
    verify = get_verify()
    refused: VerifyRefused | None = None
    attempts_left: int | None = None
    with db.as_user(claims) as conn:
        phone = _normalise(conn, request.phone)
        (attempt_id,) = _one(conn, _BEGIN_CHECK, (phone,))
        user_id = _own_id(conn)
        try:
            verification = verify.check(phone, request.code)
        except VerifyRefused as exc:
            outcome = {NOT_FOUND: "expired", MAX_CHECK_ATTEMPTS: "locked"}.get(
                exc.twilio_code, "rejected")
            with db.elevated_to_service(conn, claims):
                _finish(conn, user_id, attempt_id, outcome, None, exc.twilio_code)
            refused = exc
        else:
            with db.elevated_to_service(conn, claims):
                if verification.status == "approved":
                    _finish(conn, user_id, attempt_id, "approved", verification.sid, None)
                    conn.execute(_MARK_VERIFIED, (user_id, phone))
                elif verification.status == "pending":  # Twilio's answer to a wrong code
                    attempts_left = _finish(conn, user_id, attempt_id, "wrong_code",
                                            verification.sid, None)
                else:  # expired, canceled, max_attempts_reached: that verification is over
                    outcome = ("locked" if verification.status == "max_attempts_reached"
                               else "expired")
                    _finish(conn, user_id, attempt_id, outcome, verification.sid, None)
                    refused = VerifyRefused(
                        MAX_CHECK_ATTEMPTS if outcome == "locked" else NOT_FOUND,
                        200, verification.status)
    if refused is not None:
        raise _check_refusal(refused)
    if attempts_left is not None:
        raise AppError(WRONG_CODE, "Wrong code", 400, detail={"attempts_left": attempts_left},
                       hint="Check the code and try again." if attempts_left
                       else "Request a new code with verify_phone_start.")
    return {"phone": phone, "phone_verified": True}


def _normalise(conn: psycopg.Connection, raw: str) -> str:
    row = conn.execute(_OWN_COUNTRY).fetchone()
    country = row[0].strip() if row and row[0] else None
    return to_e164(raw, country)


def _own_id(conn: psycopg.Connection) -> UUID:
    """The caller's uid, read as the caller: the service-side steps take it as an argument and
    act for this user only."""
    (user_id,) = _one(conn, "select auth.uid()", ())
    assert user_id is not None  # the *_begin functions refuse callers without one
    return user_id


def _finish(conn: psycopg.Connection, user_id: UUID, attempt_id: int, outcome: str,
            provider_sid: str | None, provider_error: int | None) -> int:
    """Record Twilio's outcome (service role only); returns the wrong codes still allowed."""
    (attempts_left,) = _one(conn, _FINISH,
                            (user_id, attempt_id, outcome, provider_sid, provider_error))
    return attempts_left


def _one(conn: psycopg.Connection, query: str, params: tuple) -> tuple:
    row = conn.execute(query, params).fetchone()
    assert row is not None
    return row


def _start_refusal(refused: VerifyRefused, phone: str) -> AppError:
    if refused.twilio_code == MAX_SEND_ATTEMPTS:
        return AppError(TOO_MANY_SENDS, "Too many codes requested for this number", 429,
                        detail={"twilio_code": refused.twilio_code},
                        hint="Wait 10 minutes before requesting another code.",
                        headers={"Retry-After": "600"})
    if refused.twilio_code == DELIVERY_BLOCKED:
        return AppError(INVALID_PHONE, "Codes cannot be delivered to this number", 400,
                        detail={"phone": phone, "twilio_code": refused.twilio_code},
                        hint="Try another channel or number later.")
    return AppError(INVALID_PHONE, "Twilio refused the number or channel", 400,
                    detail={"phone": phone, "twilio_code": refused.twilio_code},
                    hint="Check the number; send it with its country code.")


def _check_refusal(refused: VerifyRefused) -> AppError:
    if refused.twilio_code == MAX_CHECK_ATTEMPTS:
        return AppError(LOCKED, "Too many wrong codes for this number", 400,
                        detail={"twilio_code": refused.twilio_code},
                        hint="Request a new code with verify_phone_start.")
    if refused.twilio_code == INVALID_PARAMETER:
        return AppError(BAD_CODE, "Twilio refused the code", 400,
                        detail={"twilio_code": refused.twilio_code},
                        hint="Type the code from the message exactly.")
    return AppError(EXPIRED, "The verification expired or does not exist", 400,
                    detail={"twilio_code": refused.twilio_code},
                    hint="Request a new code with verify_phone_start.")
