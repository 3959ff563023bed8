"""PostgREST-shaped errors: the JSON body and the HTTP status of each SQLSTATE
(specs/postgrest.md §3)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import psycopg
from werkzeug.wrappers import Response

JSON_TYPE = "application/json; charset=utf-8"

_MISSING_ROLE = re.compile(r'^role ".*" does not exist$')

# First match wins, as in PostgREST's mapSQLtoHTTP: exact codes before the class they belong to.
_EXACT = {
    "23503": 409, "23505": 409, "25006": 405, "53400": 500, "57P01": 503,
    "P0001": 400, "42P01": 404, "42P17": 500,
}
_PREFIXES = [
    ("08", 503), ("09", 500), ("0L", 403), ("0P", 403), ("25", 500), ("28", 403),
    ("2D", 500), ("38", 500), ("39", 500), ("3B", 500), ("40", 500), ("53", 503),
    ("54", 500), ("55", 500), ("57", 500), ("58", 500), ("F0", 500), ("HV", 500),
    ("XX", 500), ("P0", 500),
]


@dataclass
class ApiError(Exception):
    """An error answered as `{code, message, details, hint}`; nulls are kept in the body."""

    status: int
    code: str
    message: str
    details: Any = None
    hint: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    reason: str | None = None  # custom reason phrase (PTxyz uses the error message)

    def __str__(self) -> str:
        return f"{self.status} {self.code}: {self.message}"

    def to_response(self) -> Response:
        body = {"code": self.code, "message": self.message, "details": self.details,
                "hint": self.hint}
        resp = Response(json.dumps(body), status=self.status, content_type=JSON_TYPE)
        if self.reason and self.reason.isascii() and self.reason.isprintable():
            resp.status = f"{self.status} {self.reason}"
        resp.headers["Proxy-Status"] = f"PostgREST; error={self.code}"
        if self.status == 401:
            resp.headers["WWW-Authenticate"] = "Bearer"
        resp.headers.update(self.headers)
        return resp


def status_for_sqlstate(sqlstate: str, message: str, authed: bool) -> int:
    """HTTP status for a PostgreSQL error (specs/postgrest.md §3.2)."""
    if sqlstate in _EXACT:
        return _EXACT[sqlstate]
    if sqlstate == "42883":
        return 406 if message.startswith("function xmlagg(") else 404
    if sqlstate == "42501":
        # "authed" is literally "not the anonymous role": service_role gets 403 too
        return 403 if authed else 401
    if sqlstate == "22023":
        return 401 if _MISSING_ROLE.match(message) else 400
    if sqlstate == "21000":
        return 400 if message.endswith("requires a WHERE clause") else 500
    if sqlstate.startswith("PT"):
        digits = sqlstate[2:]
        return int(digits) if digits.isdigit() and int(digits) >= 100 else 500
    for prefix, status in _PREFIXES:
        if sqlstate.startswith(prefix):
            return status
    return 400


def from_pg_error(exc: psycopg.Error, authed: bool) -> ApiError:
    """Translate a psycopg error raised by the database into the PostgREST answer."""
    sqlstate = exc.sqlstate
    if not sqlstate:
        # no SQLSTATE: the connection itself failed (server gone, socket closed)
        return ApiError(503, "PGRST001", "Database client error. Retrying the connection.",
                        details=str(exc).strip() or None)
    diag = exc.diag
    message = diag.message_primary or str(exc)
    if sqlstate == "PGRST":
        return _custom_raise(message, diag.message_detail)
    status = status_for_sqlstate(sqlstate, message, authed)
    reason = message if sqlstate.startswith("PT") and status != 500 else None
    return ApiError(status, sqlstate, message, diag.message_detail, diag.message_hint,
                    reason=reason)


def _custom_raise(message: str, detail: str | None) -> ApiError:
    """`RAISE SQLSTATE 'PGRST'` with a JSON message and a JSON detail (specs/postgrest.md §3.4)."""
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
