"""Request bodies up to a configurable size, read once into memory.

The limit is checked against Content-Length before reading, and again while reading a chunked
body (which announces no length); past it the answer is 413 RQTLG. The body read is put back
as a seekable stream with its exact Content-Length, so whatever runs next reads it as usual.
"""

from __future__ import annotations

import io
import os

from ..errors import BAD_REQUEST, BODY_TOO_LARGE, AppError

LIMIT_VAR = "REQUEST_BODY_MAX_BYTES"
DEFAULT_LIMIT = 1024 * 1024  # 1 MiB
_CHUNK = 64 * 1024
# An oversized body announced by Content-Length is drained up to this much before answering
# 413, so that the client reads the answer instead of a reset connection; beyond it, the
# connection is simply not read any further.
_DRAIN_LIMIT = 64 * 1024 * 1024


def limit_from_env() -> int:
    """REQUEST_BODY_MAX_BYTES as a positive number of bytes (default 1 MiB); ValueError when
    it is set to anything else."""
    return _bytes_setting(LIMIT_VAR, DEFAULT_LIMIT)


# Functions whose body is a file rather than JSON, and the variable that limits their bodies
# instead (default 100 MiB: at least the largest media.limits.<kind> max_bytes, so that the
# database, not the transport, decides what size a file may have).
FILE_BODY_FUNCTIONS = frozenset({"media_upload"})
UPLOAD_LIMIT_VAR = "MEDIA_UPLOAD_MAX_BYTES"
DEFAULT_UPLOAD_LIMIT = 100 * 1024 * 1024


def limit_for_function(name: str) -> int:
    """The body limit of one function: MEDIA_UPLOAD_MAX_BYTES for file uploads,
    REQUEST_BODY_MAX_BYTES for every other; ValueError when the setting is not usable."""
    if name in FILE_BODY_FUNCTIONS:
        return _bytes_setting(UPLOAD_LIMIT_VAR, DEFAULT_UPLOAD_LIMIT)
    return limit_from_env()


def _bytes_setting(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) <= 0:
        raise ValueError(f"{name} must be a positive number of bytes, got {raw[:40]!r}")
    return int(raw)


def too_large(limit: int) -> AppError:
    return AppError(BODY_TOO_LARGE, "Request body too large", 413,
                    detail={"max_bytes": limit},
                    hint=f"Send at most {limit} bytes; settings: {LIMIT_VAR}.")


def buffer_body(environ: dict, limit: int) -> None:
    """Read the body (at most `limit` bytes) and put it back into `environ` as a stream."""
    stream = environ.get("wsgi.input")
    length_text = environ.get("CONTENT_LENGTH", "").strip()
    if length_text:
        if not length_text.isdigit():
            raise AppError(BAD_REQUEST, "Invalid Content-Length header", 400)
        length = int(length_text)
        if length > limit:
            _drain(stream, min(length, _DRAIN_LIMIT))
            raise too_large(limit)
        data = _read(stream, length, limit)
    elif stream is not None and (environ.get("wsgi.input_terminated") or "chunked" in
                                 environ.get("HTTP_TRANSFER_ENCODING", "").lower()):
        data = _read(stream, None, limit)  # chunked: read to the end, counting
    else:
        data = b""  # WSGI: no Content-Length and no terminated input means no body
    environ["wsgi.input"] = io.BytesIO(data)
    environ["CONTENT_LENGTH"] = str(len(data))
    environ.pop("HTTP_TRANSFER_ENCODING", None)
    environ["wsgi.input_terminated"] = True


def _read(stream: io.RawIOBase | None, length: int | None, limit: int) -> bytes:
    if stream is None:
        return b""
    parts, total = [], 0
    while length is None or total < length:
        want = _CHUNK if length is None else min(_CHUNK, length - total)
        chunk = stream.read(want)
        if not chunk:
            break
        total += len(chunk)
        if total > limit:
            raise too_large(limit)
        parts.append(chunk)
    return b"".join(parts)


def _drain(stream: io.RawIOBase | None, length: int) -> None:
    left = length
    while stream is not None and left > 0:
        chunk = stream.read(min(_CHUNK, left))
        if not chunk:
            break
        left -= len(chunk)
