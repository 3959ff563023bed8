"""One error type for every failure a function answers, shaped like PostgREST's errors.

The body is `{"code", "message", "details", "hint"}` so a client handles /rest/v1 and
/functions/v1 errors the same way and branches on `code`. Codes are listed in
docs/error_codes.md.
"""

from __future__ import annotations

import json
from typing import Any

import psycopg
from flask import Response

# Codes the functions raise themselves (HTTP status in brackets).
NOT_CONFIGURED = "CFGMS"  # [503] a required setting is missing or invalid
AUTH_REQUIRED = "AUTRQ"  # [401] no bearer token, or only the anon key
JWT_INVALID = "PGRST301"  # [401] malformed token, bad signature or algorithm (as PostgREST)
JWT_CLAIMS_INVALID = "PGRST303"  # [401] expired, not yet valid or unusable claims (as PostgREST)
METHOD_NOT_ALLOWED = "MTHNA"  # [405] the function does not answer this HTTP method
BAD_REQUEST = "BADRQ"  # [400] the body is not the JSON the function expects
JOB_TOKEN_REJECTED = "JOBTK"  # noqa: S105  [403] X-Job-Token missing or wrong (a code)
JOB_NOT_FOUND = "JOBNF"  # [404] no function app.job_<name>() without arguments
DB_UNAVAILABLE = "PGRST000"  # [503] the database cannot be reached (as PostgREST)


class AppError(Exception):
    """An answer other than success: HTTP status plus a PostgREST-shaped JSON body."""

    def __init__(self, code: str, message: str, status: int, detail: Any = None,
                 hint: Any = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.detail = detail
        self.hint = hint
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "details": self.detail,
                "hint": self.hint}

    def to_response(self) -> Response:
        response = Response(json.dumps(self.body(), ensure_ascii=False), status=self.status,
                            content_type="application/json; charset=utf-8")
        if self.status == 401:
            response.headers["WWW-Authenticate"] = "Bearer"
        response.headers.update(self.headers)
        return response


# PostgREST's SQLSTATE -> HTTP table (docs: "Errors from PostgreSQL"): exact codes first, then
# classes by prefix; anything else, our registered business codes included, is 400.
_EXACT_STATUS = {
    "23503": 409, "23505": 409, "25006": 405, "42883": 404, "42P01": 404, "42P17": 500,
    "53400": 500, "57P01": 503, "P0001": 400,
}
_PREFIX_STATUS = (
    ("08", 503), ("09", 500), ("0L", 403), ("0P", 403), ("25", 500), ("28", 403),
    ("2D", 500), ("38", 500), ("39", 500), ("3B", 500), ("40", 500), ("53", 503),
    ("54", 500), ("55", 500), ("57", 500), ("58", 500), ("F0", 500), ("HV", 500),
    ("P0", 500), ("XX", 500),
)


def status_for_sqlstate(sqlstate: str, *, authed: bool, message: str = "") -> int:
    """The HTTP status PostgREST answers for a SQLSTATE."""
    if sqlstate == "42501":
        return 403 if authed else 401  # not allowed: 401 for anon, 403 for a signed-in role
    if sqlstate == "22023" and message.startswith("role ") and message.endswith("does not exist"):
        return 401  # the token names a role the database does not have
    if sqlstate.startswith("PT"):  # PTxyz: the raiser chose HTTP status xyz
        digits = sqlstate[2:]
        return int(digits) if digits.isdigit() and 100 <= int(digits) <= 599 else 500
    if sqlstate in _EXACT_STATUS:
        return _EXACT_STATUS[sqlstate]
    for prefix, status in _PREFIX_STATUS:
        if sqlstate.startswith(prefix):
            return status
    return 400


def from_psycopg(exc: psycopg.Error, *, authed: bool) -> AppError:
    """The AppError for an error the database (or the connection to it) raised."""
    sqlstate = exc.sqlstate
    if not sqlstate:
        # no SQLSTATE: the connection failed or broke, so the database did not answer
        return AppError(DB_UNAVAILABLE, "Database connection error", 503,
                        detail=str(exc).strip() or None, hint="Retry the request later.")
    diag = exc.diag
    message = diag.message_primary or str(exc).strip()
    return AppError(sqlstate, message, status_for_sqlstate(sqlstate, authed=authed,
                                                           message=message),
                    detail=diag.message_detail, hint=diag.message_hint)
