"""Call recordings, from Twilio into the private call-recordings bucket.

The recording-status webhook records the recording as an app.media_assets row pending its copy
(app.record_call_event), commits, then copies it here; the job copy_call_recordings retries
what is still pending. One copy, in one service-role transaction:

1. app.call_recording_claim locks the pending row (skip locked: a duplicate callback, the job
   and a retry never copy one recording at once; a stored one is not copied again);
2. the bytes are downloaded from Twilio with the account's credentials (twilio_voice);
3. the media path measures them (media.measure), as it measures an upload;
4. app.call_recording_stored records the measurements (SQL refuses anything but audio);
5. with that transaction still open, Storage stores them as service_role (upsert: an earlier
   attempt may have stored them before its commit failed), and commit.

Any failure rolls the row back to pending, so nothing is lost: the file at Twilio stays the
source until a copy is recorded. Only then, if calls.delete_recordings_at_twilio says so, is
the recording deleted at Twilio.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from . import db
from .errors import AppError
from .job_steps import StorageFactory, service_storage
from .media import storage
from .media.measure import measure
from .twilio_voice import get_voice

log = logging.getLogger(__name__)


def copy(media_id: str, storage_factory: StorageFactory = service_storage) -> dict[str, Any]:
    """Copy one pending recording; {"copied": false} when there was nothing to copy."""
    voice = get_voice()
    with (tempfile.TemporaryDirectory(prefix="samia-recording-") as folder,
          storage_factory() as client, db.as_service() as conn):
        claim = conn.execute("select app.call_recording_claim(%s)", (media_id,)).fetchone()[0]
        if claim is None:
            return {"media_id": media_id, "copied": False}
        path = Path(folder) / "recording"
        downloaded = voice.download_recording(claim["recording_sid"], path)
        measured = measure(path)
        # the database judges first (as for an upload): a refused file never reaches Storage
        stored = conn.execute(
            "select app.call_recording_stored(%s, %s, %s, %s, %s, %s, %s)",
            (media_id, measured.kind, measured.mime_type, downloaded.byte_size,
             measured.duration_ms, downloaded.sha256, Jsonb(measured.details))).fetchone()[0]
        storage.put(client, claim["bucket"], claim["path"], path, stored["mime_type"],
                    upsert=True)
    deleted = bool(stored["delete_at_twilio"]) and voice.delete_recording_quietly(
        claim["recording_sid"])
    return {"media_id": media_id, "copied": True, "byte_size": stored["byte_size"],
            "duration_ms": stored["duration_ms"], "deleted_at_twilio": deleted}


def copy_quietly(media_id: str, storage_factory: StorageFactory = service_storage
                 ) -> dict[str, Any]:
    """copy(), with a failure reported rather than raised: the row stays pending for the job,
    and the webhook still answers Twilio 200 (its event is recorded)."""
    try:
        return copy(media_id, storage_factory)
    except (AppError, psycopg.Error, OSError) as exc:
        code = exc.code if isinstance(exc, AppError) else type(exc).__name__
        log.warning("call recording %s: copy failed (%s); it stays pending", media_id, code)
        return {"media_id": media_id, "copied": False, "error": code}


def copy_pending(conn: psycopg.Connection, found: dict[str, Any],
                 storage_factory: StorageFactory) -> dict[str, Any]:
    """The Python step of job copy_call_recordings (job_steps): copy each recording the SQL
    part found, each in its own transaction, so one failure leaves the others copied."""
    return {"recordings": [copy_quietly(media_id, storage_factory)
                           for media_id in found.get("recordings") or []]}
