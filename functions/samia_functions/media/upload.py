"""media_upload: the caller's file, measured, recorded and stored so that neither a row without
a file nor a file without a row is left behind.

1. The body is spooled to a temporary file while its sha256 is computed.
2. It is measured (measure.py); a damaged file stops here, before anything is written.
3. In one database transaction as the caller, app.record_media checks the measurements and the
   caller's right to upload and records the row, choosing the bucket and key.
4. While that transaction is still open, the file goes to Storage as the caller.
5. The transaction commits. If storing or the commit fails, the object is removed again, as the
   caller (the storage.objects delete policy allows it while no committed row records it), and
   the row is rolled back.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Request
from psycopg.types.json import Jsonb

from .. import db
from ..errors import BAD_REQUEST, AppError
from . import storage
from .measure import Measured, measure

log = logging.getLogger(__name__)
CHUNK_BYTES = 1024 * 1024


@dataclass(frozen=True)
class UploadRequest:
    purpose: str
    order_id: str | None


@dataclass(frozen=True)
class Spooled:
    path: Path
    byte_size: int
    sha256: str


def parse_params(request: Request) -> UploadRequest:
    """`?purpose=order_input|order_result&order_id=<uuid>`; the body is the file itself."""
    purpose = (request.args.get("purpose") or "").strip()
    if not purpose:
        raise AppError(BAD_REQUEST, "Say what the file is for: ?purpose=...", 400,
                       hint="Use purpose=order_input or purpose=order_result with order_id.")
    order_id = (request.args.get("order_id") or "").strip() or None
    if order_id is not None:
        try:
            order_id = str(uuid.UUID(order_id))
        except ValueError as exc:
            raise AppError(BAD_REQUEST, "order_id must be a uuid", 400,
                           detail={"order_id": order_id[:100]}) from exc
    return UploadRequest(purpose, order_id)


@contextmanager
def spooled_body(request: Request) -> Iterator[Spooled]:
    """The raw body in a temporary file (removed afterwards), with its size and sha256."""
    digest, size = hashlib.sha256(), 0
    with tempfile.TemporaryDirectory(prefix="samia-media-") as folder:
        path = Path(folder) / "upload"
        with path.open("wb") as out:
            while chunk := request.stream.read(CHUNK_BYTES):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        if size == 0:
            raise AppError(BAD_REQUEST, "The body is empty: send the file's bytes", 400,
                           hint="POST the file as the raw request body.")
        yield Spooled(path, size, digest.hexdigest())


def upload(request: Request, claims: dict[str, Any], token: str) -> dict[str, Any]:
    params = parse_params(request)
    with spooled_body(request) as body:
        measured = measure(body.path)
        return store(claims, token, params, body, measured)


def store(claims: dict[str, Any], token: str, params: UploadRequest, body: Spooled,
          measured: Measured) -> dict[str, Any]:
    asset: dict[str, Any] | None = None
    with storage.storage_as(token) as client:
        try:
            with db.as_user(claims) as conn:
                asset = conn.execute(
                    "select app.record_media(%s, %s, %s, %s, %s, %s, %s, %s)",
                    (params.purpose, params.order_id, measured.kind, measured.mime_type,
                     body.byte_size, measured.duration_ms, body.sha256,
                     Jsonb(measured.details)),
                ).fetchone()[0]
                storage.put(client, asset["bucket"], asset["path"], body.path,
                            measured.mime_type)
        except BaseException:
            # the row is rolled back; take the file away with it (it may be stored even when
            # Storage's answer was lost, and a failed commit comes after a stored file)
            if asset is not None and not storage.remove(client, asset["bucket"], asset["path"]):
                log.warning("media_upload: could not confirm removal of %s/%s",
                            asset["bucket"], asset["path"])
            raise
    return asset
