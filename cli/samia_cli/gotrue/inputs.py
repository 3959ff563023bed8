"""Request bodies and the values in them, checked the way GoTrue's Go decoding checks them:
a body that is not JSON, or a field of the wrong type, is 400 bad_json; a value of the right
type that breaks a rule is 400 validation_failed."""

from __future__ import annotations

import json
import re
from typing import Any

from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Request

from .errors import AuthError, bad_json, validation_failed

MAX_BODY_BYTES = 1024 * 1024  # GoTrue reads at most 1 MiB of a request body
# GoTrue's format check is the HTML "valid e-mail address" rule: ASCII only. Letting other
# characters in would let look-alikes (fullwidth letters, a dotted capital I that lower-cases
# to two characters) register beside an address they imitate.
_LOCAL_PART = r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(rf"{_LOCAL_PART}@{_LABEL}(?:\.{_LABEL})*")
_PHONE = re.compile(r"^[1-9][0-9]{1,14}$")

_JSON_TYPES: dict[type, str] = {str: "string", bool: "boolean", dict: "object", list: "array"}


def json_body(request: Request, *, required: bool = True) -> dict[str, Any]:
    if (request.content_length or 0) > MAX_BODY_BYTES:
        raise AuthError(413, "request_too_large", "Request body too large")
    try:
        raw = request.get_data(cache=True)
    except (OSError, HTTPException) as exc:  # a broken chunked body, a client gone mid-body
        raise bad_json("the request body could not be read") from exc
    if len(raw) > MAX_BODY_BYTES:  # a chunked body states no length up front
        raise AuthError(413, "request_too_large", "Request body too large")
    if not raw.strip() and not required:
        return {}
    try:
        body = json.loads(raw, parse_constant=_not_json)
    except (ValueError, UnicodeDecodeError) as exc:
        raise bad_json(str(exc)) from exc
    except RecursionError as exc:  # nesting deeper than Python's decoder can follow
        raise bad_json("nested too deeply") from exc
    if not isinstance(body, dict):
        raise bad_json(f"expected a JSON object, got {type(body).__name__}")
    return body


def _not_json(name: str) -> None:
    """Python reads NaN and Infinity; JSON (and Go's decoder, and jsonb) has no such values."""
    raise ValueError(f"{name} is not a JSON value")


def field(body: dict[str, Any], name: str, kind: type, default: Any = None) -> Any:
    """The value of `name` if it has the JSON type `kind`; null or absent gives `default`."""
    value = body.get(name)
    if value is None:
        return default
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise bad_json(f"field {name!r} must be a {_JSON_TYPES.get(kind, kind.__name__)}")
    return value


def normalize_email(email: str) -> str:
    """Lower-cased, as GoTrue stores and looks addresses up; 400 when it cannot be one."""
    email = email.strip()
    if len(email) > 255 or not _EMAIL.fullmatch(email):
        raise validation_failed("Unable to validate email address: invalid format")
    return email.lower()


def normalize_phone(phone: str) -> str:
    """Digits only, without `+` or spaces, as GoTrue stores and signs phone numbers."""
    digits = phone.strip().lstrip("+").replace(" ", "")
    if not _PHONE.match(digits):
        raise validation_failed("Invalid phone number format (E.164 required)")
    return digits
