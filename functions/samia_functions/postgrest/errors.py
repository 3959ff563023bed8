"""PostgREST-shaped errors: the `{code, message, details, hint}` body, its headers, and the HTTP
status of each SQLSTATE, as PostgREST answers them."""

from __future__ import annotations

import json
from typing import Any

import psycopg
from werkzeug.wrappers import Response

JSON_TYPE = "application/json; charset=utf-8"
RATE_LIMITED = "PT429"
# Error bodies echo at most this many characters of any one text (messages of PostgreSQL and
# ours quote the caller's input, e.g. `invalid input syntax for type integer: "..."`).
MAX_ECHO_CHARS = 300

# First match wins, as in PostgREST's own table: exact codes, then the ones whose status depends
# on the message or the caller (status_for_sqlstate), then whole classes by prefix. Anything
# else, our registered business codes included, is 400.
EXACT_STATUS = {
    "23503": 409, "23505": 409, "25006": 405, "42P01": 404, "42P17": 500, "53400": 500,
    "57P01": 503, "P0001": 400,
}
PREFIX_STATUS = (
    ("08", 503), ("09", 500), ("0L", 403), ("0P", 403), ("25", 500), ("28", 403),
    ("2D", 500), ("38", 500), ("39", 500), ("3B", 500), ("40", 500), ("53", 503),
    ("54", 500), ("55", 500), ("57", 500), ("58", 500), ("F0", 500), ("HV", 500),
    ("XX", 500), ("P0", 500),
)
DEFAULT_STATUS = 400


class ApiError(Exception):
    """An answer other than success: an HTTP status and a PostgREST-shaped JSON body.

    `reason` replaces the standard reason phrase (a `PTxyz` raise uses its message);
    `headers` are added to (and override) the usual ones.
    """

    def __init__(self, status: int, code: str, message: str, details: Any = None,
                 hint: Any = None, *, headers: dict[str, str] | None = None,
                 reason: str | None = None) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.hint = hint
        self.headers = dict(headers or {})
        self.reason = reason

    def body(self) -> dict[str, Any]:
        """Nulls are kept: clients read all four keys. Long texts are clipped."""
        return {"code": self.code, "message": clip(self.message), "details": clip(self.details),
                "hint": clip(self.hint)}

    def to_response(self) -> Response:
        # a lone surrogate from the request (a JSON key `"\ud800"`) cannot be UTF-8: it is
        # written back as the JSON escape it came as
        text = json.dumps(self.body(), ensure_ascii=False).encode("utf-8", "backslashreplace")
        resp = Response(text, status=self.status, content_type=JSON_TYPE)
        if self.reason and self.reason.isascii() and self.reason.isprintable():
            resp.status = f"{self.status} {self.reason}"
        resp.headers["Proxy-Status"] = f"PostgREST; error={self.code}"
        if self.status == 401:
            resp.headers["WWW-Authenticate"] = "Bearer"
        resp.headers.update(self.headers)
        return resp


def clip(value: Any, limit: int = MAX_ECHO_CHARS) -> Any:
    """`value` with every text over `limit` characters cut short (marked with "..."), also
    inside lists and objects and inside a detail that is JSON text, which stays valid JSON. The
    one rule for how much of a caller's input an error answer repeats, on every service."""
    if isinstance(value, str):
        if len(value) <= limit:
            return value
        if value[:1] in "{[":
            try:
                return json.dumps(clip(json.loads(value), limit), ensure_ascii=False)
            except (ValueError, RecursionError):
                pass
        return value[:limit] + "..."
    if isinstance(value, dict):
        return {clip(str(k), limit): clip(v, limit) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clip(v, limit) for v in value]
    return value


def status_for_sqlstate(sqlstate: str, message: str, authed: bool) -> int:
    """The HTTP status PostgREST answers for a PostgreSQL error.

    `authed` is "the role is not the anonymous one": service_role gets 403 for 42501 too.
    The message matters for three codes only, and PostgREST itself looks at it there: a missing
    function `xmlagg(` is an unacceptable media type, pg-safeupdate's "... requires a WHERE
    clause" is the client's fault, and a JWT naming a role the database lacks is a bad token.
    """
    if sqlstate in EXACT_STATUS:
        return EXACT_STATUS[sqlstate]
    if sqlstate == "42883":
        return 406 if message.startswith("function xmlagg(") else 404
    if sqlstate == "42501":
        return 403 if authed else 401
    if sqlstate == "22023":
        missing_role = message.startswith("role") and message.endswith("does not exist")
        return 401 if missing_role else 400
    if sqlstate == "21000":
        return 400 if message.endswith("requires a WHERE clause") else 500
    if sqlstate.startswith("PT"):
        digits = sqlstate[2:]
        return int(digits) if digits.isdigit() and int(digits) >= 100 else 500
    for prefix, status in PREFIX_STATUS:
        if sqlstate.startswith(prefix):
            return status
    return DEFAULT_STATUS


def from_pg_error(exc: psycopg.Error, authed: bool) -> ApiError:
    """The answer to an error the database (or the connection to it) raised."""
    sqlstate = exc.sqlstate
    if not sqlstate and isinstance(exc, psycopg.DataError) and "NUL" in str(exc):
        # psycopg refuses a NUL byte in a text value before sending it: the caller's fault
        return nul_in_text()
    if not sqlstate:
        # no SQLSTATE: the connection itself failed (server gone, socket closed)
        return ApiError(503, "PGRST001", "Database client error. Retrying the connection.",
                        details=str(exc).strip() or None)
    diag = exc.diag
    message = diag.message_primary or str(exc).strip()
    detail = diag.message_detail
    if sqlstate == "PGRST":
        return _custom_raise(message, detail)
    status = status_for_sqlstate(sqlstate, message, authed)
    custom = sqlstate.startswith("PT") and status != 500
    return ApiError(status, sqlstate, message, detail, diag.message_hint,
                    headers=_retry_after(sqlstate, detail), reason=message if custom else None)


def nul_in_text(where: str | None = None) -> ApiError:
    """What PostgreSQL answers for a NUL byte in text (22021), which psycopg refuses to even
    send; `where` says which part of the request held it."""
    return ApiError(400, "22021", 'invalid byte sequence for encoding "UTF8": 0x00',
                    details=f"A NUL byte in {where}" if where else None)


def pool_timeout_error(dsn: str) -> ApiError:
    """No pooled connection in time. A busy pool (504 PGRST003) and an unreachable server
    (503 PGRST000) both look like that; a direct connection attempt tells them apart."""
    try:
        psycopg.connect(dsn, connect_timeout=2).close()
    except psycopg.Error as exc:
        return ApiError(503, "PGRST000", "Database connection error. Retrying the connection.",
                        details=str(exc).strip() or None)
    return ApiError(504, "PGRST003", "Timed out acquiring connection from connection pool.")


def _retry_after(sqlstate: str, detail: str | None) -> dict[str, str]:
    """Our rate limits raise PT429 with the detail `{"retry_after_seconds": N}`; clients get
    that wait as a Retry-After header too (PostgREST itself adds none)."""
    if sqlstate != RATE_LIMITED or not detail:
        return {}
    try:
        seconds = json.loads(detail).get("retry_after_seconds")
    except (ValueError, AttributeError):
        return {}
    if isinstance(seconds, bool) or not isinstance(seconds, int) or seconds < 0:
        return {}
    return {"Retry-After": str(seconds)}


def _custom_raise(message: str, detail: str | None) -> ApiError:
    """`RAISE SQLSTATE 'PGRST'`: the message is the JSON body, the detail the JSON
    `{status, status_text?, headers}`; anything unparsable is PGRST121."""
    try:
        body = json.loads(message)
        meta = json.loads(detail or "")
        code, text = body["code"], body["message"]
        status, headers = int(meta["status"]), meta["headers"]
        if not isinstance(headers, dict):
            raise TypeError("headers must be an object")
    except (ValueError, KeyError, TypeError):
        return ApiError(500, "PGRST121",
                        "Could not parse JSON in the \"RAISE SQLSTATE 'PGRST'\" error",
                        details=message, hint=detail)
    return ApiError(status, str(code), str(text), body.get("details"), body.get("hint"),
                    headers={str(k): str(v) for k, v in headers.items()},
                    reason=meta.get("status_text"))
