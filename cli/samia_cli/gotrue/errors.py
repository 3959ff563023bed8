"""GoTrue's error answers: one exception, rendered in the body shape the request asks for.

Clients that send `X-Supabase-Api-Version: 2024-01-01` (auth-js and supabase_auth always do)
get `{"code": "<error_code>", "message": ...}` and the header echoed back; older callers get
`{"code": <http status>, "error_code": ..., "msg": ...}`. Both carry `x-sb-error-code`.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from werkzeug.wrappers import Request, Response

from samia_functions.postgrest.errors import clip

API_VERSION_HEADER = "X-Supabase-Api-Version"
API_VERSION_2024 = "2024-01-01"
JSON_TYPE = "application/json"


class AuthError(Exception):
    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra  # e.g. weak_password={"reasons": [...]}


def requested_api_version(request: Request) -> str | None:
    """The newest API version the request's header allows, or None for the legacy shape."""
    raw = (request.headers.get(API_VERSION_HEADER) or "").strip()
    try:
        asked = dt.date.fromisoformat(raw)
    except ValueError:
        return None
    return API_VERSION_2024 if asked >= dt.date(2024, 1, 1) else None


def error_response(request: Request, error: AuthError) -> Response:
    version = requested_api_version(request)
    if version:
        body: dict[str, Any] = {"code": error.code, "message": error.message}
    else:
        body = {"code": error.status, "error_code": error.code, "msg": error.message}
        if error.status >= 500:
            body["error_id"] = str(uuid.uuid4())
    body.update(error.extra)
    response = Response(json.dumps(body), status=error.status, content_type=JSON_TYPE)
    response.headers["x-sb-error-code"] = error.code
    if version:
        response.headers[API_VERSION_HEADER] = version
    return response


SHOWN_INPUT_CHARS = 64  # an error message quotes at most this much of what the caller sent


def shown(value: str) -> str:
    """`value` quoted for an error message, cut short (the edge's echo rule, with GoTrue's
    shorter quotes) so an answer never echoes a big input."""
    return repr(clip(value, SHOWN_INPUT_CHARS))


# -- the errors more than one handler raises --------------------------------------------------
def validation_failed(message: str, status: int = 400) -> AuthError:
    return AuthError(status, "validation_failed", message)


def bad_json(detail: str) -> AuthError:
    return AuthError(400, "bad_json", f"Could not parse request body as JSON: {detail}")


def invalid_credentials() -> AuthError:
    return AuthError(400, "invalid_credentials", "Invalid login credentials")


def not_found() -> AuthError:
    return AuthError(404, "not_found", "Not Found")


def user_not_found() -> AuthError:
    return AuthError(404, "user_not_found", "User not found")
