"""The audio of the daily horoscopes, kept through the media path (samia_functions.media) with
the purpose `horoscope_audio`: measured there, judged by SQL (app.media_check_upload: only
monitors and admins, audio within the media limits) and stored in Storage as the caller. The
ingest never uploads by itself.

Removing is this module's own step, for audio no horoscope uses any more (a re-ingest replaced
it, or the ingest failed): as the caller, app.remove_unused_horoscope_audio deletes the media
row and, in the same open transaction, the object is removed from Storage (the storage.objects
policy allows it to staff while no horoscope points at the audio).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import db
from .media import storage, upload
from .media.access import SIGNED_URL_SECONDS
from .media.measure import measure

PURPOSE = "horoscope_audio"
CHUNK_BYTES = 1024 * 1024
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Caller:
    """Who acts: their verified JWT claims (database) and their bearer token (Storage)."""

    claims: dict[str, Any]
    token: str


def store(caller: Caller, path: Path) -> dict[str, Any]:
    """Store the audio file at `path`; returns its app.media_assets row (id, duration_ms, ...)."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(CHUNK_BYTES):
            digest.update(chunk)
    body = upload.Spooled(path, path.stat().st_size, digest.hexdigest())
    return upload.store(caller.claims, caller.token, upload.UploadRequest(PURPOSE, None), body,
                        measure(path))


class _NotRemoved(Exception):
    pass


def remove(caller: Caller, media_id: str) -> None:
    """Delete the media row and its Storage object together; nothing when the row is gone.
    If Storage does not remove the object, the row is kept with it (rolled back) and logged:
    an unused pair, never a row without its file."""
    try:
        with storage.storage_as(caller.token) as client, db.as_user(caller.claims) as conn:
            removed = conn.execute("select app.remove_unused_horoscope_audio(%s)",
                                   (media_id,)).fetchone()[0]
            if removed and not storage.remove(client, removed["bucket"], removed["path"]):
                raise _NotRemoved(removed["bucket"], removed["path"])
    except _NotRemoved as exc:
        log.warning("horoscope audio: Storage kept %s/%s; its row stays too", *exc.args)


def signed_urls(caller: Caller, objects: list[tuple[str, str]]) -> list[str]:
    """A signed download URL (15 minutes) for each (bucket, key), signed as the caller."""
    with storage.storage_as(caller.token) as client:
        return [storage.signed_url(client, bucket, key, SIGNED_URL_SECONDS)
                for bucket, key in objects]
