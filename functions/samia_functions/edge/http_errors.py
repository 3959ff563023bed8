"""Errors the edges answer on their own, for the functions' Flask app and the dev gateway alike:
werkzeug's HTTP exceptions (a route not found, a form too large, ...) as JSON errors with a code
instead of werkzeug's HTML pages, and the one answer to an unexpected failure."""

from __future__ import annotations

from werkzeug.exceptions import HTTPException

from ..errors import BAD_REQUEST, BODY_TOO_LARGE, INTERNAL, METHOD_NOT_ALLOWED, NOT_FOUND, AppError

_CODE_OF_STATUS = {404: NOT_FOUND, 405: METHOD_NOT_ALLOWED, 413: BODY_TOO_LARGE}


def from_http_exception(error: HTTPException) -> AppError:
    status = error.code or 500
    code = INTERNAL if status >= 500 else _CODE_OF_STATUS.get(status, BAD_REQUEST)
    valid_methods = getattr(error, "valid_methods", None)
    headers = {"Allow": ", ".join(valid_methods)} if valid_methods else None
    return AppError(code, error.name, status, headers=headers)


def internal_error() -> AppError:
    """An unexpected failure: nothing about it is answered; the caller has the request id."""
    return AppError(INTERNAL, "Internal server error", 500,
                    hint="The error was logged with this request's X-Request-Id.")
