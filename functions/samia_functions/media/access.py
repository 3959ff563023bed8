"""media_url: a signed download URL for a media file, only for callers who may see it.

The caller's own RLS finds the row (app.media_assets: their upload, or a file the
storage.objects policies let them see), and Storage signs as the caller, so the storage
policies decide again; anyone else gets MEDNF, never a URL."""

from __future__ import annotations

import uuid
from typing import Any

from .. import db
from ..errors import BAD_REQUEST, MEDIA_NOT_FOUND, AppError
from . import storage

SIGNED_URL_SECONDS = 15 * 60


def parse_media_id(body: dict[str, Any]) -> str:
    try:
        return str(uuid.UUID(str(body.get("media_id"))))
    except ValueError as exc:
        raise AppError(BAD_REQUEST, "media_id must be a uuid", 400,
                       hint='POST {"media_id": "<uuid>"}.') from exc


def media_url(claims: dict[str, Any], token: str, media_id: str) -> dict[str, Any]:
    with db.as_user(claims) as conn:
        row = conn.execute(
            "select m.bucket, m.path, m.kind, m.mime_type from app.media_assets as m"
            " where m.id = %s", (media_id,)).fetchone()
    if row is None:
        raise AppError(MEDIA_NOT_FOUND, "No such media", 404,
                       hint="Check the id; some files open only later (a result once the order "
                            "is delivered).")
    bucket, path, kind, mime_type = row
    with storage.storage_as(token) as client:
        url = storage.signed_url(client, bucket, path, SIGNED_URL_SECONDS)
    return {"media_id": media_id, "kind": kind, "mime_type": mime_type, "signed_url": url,
            "expires_in": SIGNED_URL_SECONDS}
