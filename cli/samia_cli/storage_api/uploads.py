"""Reading an upload request: a multipart form (the first file part, plus the `cacheControl`,
`contentType` and `metadata` fields) or a raw body (its `content-type`, `cache-control` and
`x-metadata` headers), staged to a temporary file within the bucket's size limit."""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from typing import Any

from werkzeug.wrappers import Request

from . import errors
from .files import FileStore, Staged, TooLarge
from .limits import EMPTY_FOLDER_PLACEHOLDER, check_mime, check_text

DEFAULT_MIME = "application/octet-stream"
DEFAULT_CACHE_CONTROL = "no-cache"
MULTIPART_OVERHEAD = 1024 * 1024  # room for the form's boundaries and other fields
_CACHE_SECONDS = re.compile(r"[0-9]{1,18}")


@dataclass
class Upload:
    staged: Staged
    mimetype: str
    cache_control: str
    user_metadata: dict[str, Any] | None


def _json_object(text: str | None, what: str) -> dict[str, Any] | None:
    if text is None or text == "":
        return None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as exc:  # RecursionError: nested too deep
        raise errors.invalid_request(f"{what} must be a JSON object") from exc
    if not isinstance(value, dict):
        raise errors.invalid_request(f"{what} must be a JSON object")
    return check_text(value, what)


def _header_metadata(request: Request) -> dict[str, Any] | None:
    raw = request.headers.get("x-metadata")
    if not raw:
        return None
    try:
        text = base64.b64decode(raw, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise errors.invalid_request("x-metadata must be base64-encoded JSON") from exc
    return _json_object(text, "x-metadata")


def read_upload(request: Request, store: FileStore, key: str, *, limit: int | None,
                allowed_mimes: list[str] | None) -> Upload:
    """Check the mime type and size as Storage does (before the key), then stage the bytes."""
    placeholder = key.rsplit("/", 1)[-1] == EMPTY_FOLDER_PLACEHOLDER
    if placeholder:
        limit, allowed_mimes = 0, None
    if request.mimetype == "multipart/form-data":
        if limit is not None:  # parsing spools the whole form to disk: bound it first
            request.max_content_length = limit + MULTIPART_OVERHEAD
        return _read_multipart(request, store, limit=limit, allowed_mimes=allowed_mimes)
    mimetype = request.headers.get("content-type") or DEFAULT_MIME
    check_mime(mimetype, allowed_mimes)
    if limit is not None and (request.content_length or 0) > limit:
        raise errors.too_large()
    metadata = _header_metadata(request)
    try:
        staged = store.stage(request.stream, limit)
    except TooLarge as exc:
        raise errors.too_large() from exc
    return Upload(staged, mimetype, request.headers.get("cache-control") or DEFAULT_CACHE_CONTROL,
                  metadata)


def _read_multipart(request: Request, store: FileStore, *, limit: int | None,
                    allowed_mimes: list[str] | None) -> Upload:
    form, uploaded = request.form, request.files
    part = next(iter(uploaded.values()), None)
    if part is None:
        raise errors.invalid_request("the multipart body has no file part")
    mimetype = form.get("contentType") or part.content_type or DEFAULT_MIME
    check_mime(mimetype, allowed_mimes)
    cache_seconds = form.get("cacheControl")
    if cache_seconds and not _CACHE_SECONDS.fullmatch(cache_seconds):
        # it becomes a Cache-Control header on every download: no control characters
        raise errors.invalid_request("cacheControl must be a number of seconds")
    cache_control = f"max-age={cache_seconds}" if cache_seconds else DEFAULT_CACHE_CONTROL
    metadata = _json_object(form.get("metadata") or form.get("userMetadata"), "metadata") \
        or _header_metadata(request)
    try:
        staged = store.stage(part.stream, limit)
    except TooLarge as exc:
        raise errors.too_large() from exc
    return Upload(staged, mimetype, cache_control, metadata)
