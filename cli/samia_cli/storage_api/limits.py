"""What Storage accepts as a bucket name, an object key, a mime type and a size."""

from __future__ import annotations

import re
from typing import Any

from . import errors
from .files import TMP_DIR

# Storage's own character sets (its `isValidKey` / `isValidBucketName`): ASCII letters, digits and
# a few marks. Anything else, Arabic letters included, is an invalid key.
_KEY = re.compile(r"[A-Za-z0-9_/!.*'()&$=@;:+,? -]+")
_BUCKET = re.compile(r"[A-Za-z0-9_!.*'()&$=@;:+,? -]{1,100}")
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|tb)?\s*", re.IGNORECASE)
_UNITS = {"b": 1, "kb": 1024, "mb": 1024**2, "gb": 1024**3, "tb": 1024**4}
EMPTY_FOLDER_PLACEHOLDER = ".emptyFolderPlaceholder"
INT32_MAX = 2**31 - 1  # storage.search takes integers; list limits and offsets stay below this
BIGINT_MAX = 2**63 - 1  # storage.buckets.file_size_limit is a bigint
# What a mime type is made of: HTTP "tchar"s (RFC 9110 §5.6.2) for the type, the subtype and
# parameter names; a parameter value is such a run or a quoted string.
_TCHARS = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_QUOTED = r'"[^"\\]*"'
_PARAM = rf"[ \t]*;[ \t]*{_TCHARS}=(?:{_TCHARS}|{_QUOTED})"
_MIME = re.compile(rf"{_TCHARS}/{_TCHARS}(?:{_PARAM})*")


def check_text(value: Any, where: str) -> Any:
    """Strings PostgreSQL can store: no NUL character and no lone UTF-16 surrogate (JSON
    allows both as escapes); checked through lists and objects. InvalidRequest otherwise."""
    if isinstance(value, str):
        if "\x00" in value or any("\ud800" <= ch <= "\udfff" for ch in value):
            raise errors.invalid_request(f"{where} contains a character that cannot be stored")
    elif isinstance(value, dict):
        for key, item in value.items():
            check_text(key, where)
            check_text(item, where)
    elif isinstance(value, list):
        for item in value:
            check_text(item, where)
    return value


def bounded(value: Any, where: str, *, maximum: int = INT32_MAX) -> int:
    """A whole number from 0 to `maximum`; InvalidRequest otherwise (never a database error)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise errors.invalid_request(f"{where} must be integer")
    if not 0 <= value <= maximum:
        raise errors.invalid_request(f"{where} must be >= 0 and <= {maximum}")
    return value


def check_key(key: Any) -> str:
    """A key Storage accepts and that maps to a file path here: no empty, `.` or `..` segment
    (Storage itself allows those, but its clients refuse them)."""
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        raise errors.invalid_key(str(key))
    if any(part in ("", ".", "..") for part in key.split("/")):
        raise errors.invalid_key(key)
    return key


def check_bucket_name(name: Any) -> str:
    if not isinstance(name, str) or not _BUCKET.fullmatch(name) or name != name.strip() \
            or name in (".", "..", TMP_DIR):
        raise errors.invalid_bucket_name()
    return name


def check_mime(mimetype: str, allowed: list[str] | None) -> None:
    """Allowed when it is one well-formed `type/subtype[; name=value]` and the list is empty,
    lists it exactly, or lists `type/*`. A value such as `image/png, text/html` is refused
    whatever the list says: browsers read the last type of a comma list, so it would serve
    HTML from a bucket that allows only images."""
    if not _MIME.fullmatch(mimetype):
        raise errors.invalid_mime(mimetype)
    if not allowed:
        return
    kind, _, subtype = mimetype.partition("/")
    for entry in allowed:
        allowed_kind, _, allowed_subtype = entry.partition("/")
        if allowed_kind == kind and allowed_subtype in ("*", subtype):
            return
    raise errors.invalid_mime(mimetype)


def parse_size(value: Any) -> int | None:
    """A bucket's `file_size_limit`: bytes as a number, or a string such as `"50MB"`."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise errors.invalid_request("body/file_size_limit must be an integer or a size string")
    if isinstance(value, int):
        return bounded(value, "body/file_size_limit", maximum=BIGINT_MAX)
    match = _SIZE.fullmatch(value) if isinstance(value, str) else None
    if not match:
        raise errors.invalid_request("body/file_size_limit must be an integer or a size string")
    return bounded(int(float(match[1]) * _UNITS[(match[2] or "b").lower()]),
                   "body/file_size_limit", maximum=BIGINT_MAX)


def expires_in(value: Any) -> int:
    """`expiresIn`: an integer of at least 1; clients may send it as a numeric string."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise errors.invalid_request("body/expiresIn must be integer")
    if value < 1:
        raise errors.invalid_request("body/expiresIn must be >= 1")
    # the token's `exp` must stay a date (an `Expires` header) for the signed download
    return bounded(value, "body/expiresIn")
