"""The Python step of the media_maintenance job: the file work its SQL part cannot do.

app.job_media_maintenance chose the files; for each one this downloads it from Storage (as the
service role), compares its sha256 with the recorded one and, for published audio, measures its
integrated loudness with speech_audio. app.record_media_maintenance then records the checks,
flags loudness outliers and rebuilds the readers' voice references. Orphans (files with no
row) are only reported here; purge_old removes them.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path
from typing import Any

import httpx
import psycopg
from psycopg.types.json import Jsonb
from storage3.exceptions import StorageApiError, StorageException

from .speech_audio import MeasurementFailed, integrated_loudness

MISSING_STATUSES = {"400", "404"}  # what Storage answers for an object that is not there


def check_file(client: Any, item: dict[str, Any]) -> dict[str, Any]:
    """One file's check: {"media_id", "outcome", "integrated_lufs"}."""
    check: dict[str, Any] = {"media_id": item["media_id"], "integrated_lufs": None}
    try:
        data = client.from_(item["bucket"]).download(item["path"])
    except StorageApiError as exc:
        missing = str(exc.status) in MISSING_STATUSES
        return check | {"outcome": "missing" if missing else "unreadable"}
    except (StorageException, httpx.HTTPError):
        return check | {"outcome": "unreadable"}
    if item.get("sha256") and hashlib.sha256(data).hexdigest() != item["sha256"]:
        return check | {"outcome": "sha256_mismatch"}
    if item.get("measure"):
        with tempfile.TemporaryDirectory(prefix="samia-media-") as tmp:
            path = Path(tmp) / "audio"
            path.write_bytes(data)
            try:
                check["integrated_lufs"] = round(integrated_loudness(path), 2)
            except MeasurementFailed:
                return check | {"outcome": "unreadable"}
    return check | {"outcome": "ok"}


def maintain_media(conn: psycopg.Connection, result: dict[str, Any],
                   storage: Any) -> dict[str, Any]:
    objects = result.get("objects") or []
    client = storage() if objects else None
    checks = [check_file(client, item) for item in objects]
    summary = conn.execute("select app.record_media_maintenance(%s)",
                           (Jsonb(checks),)).fetchone()[0]
    return summary | {"orphans": result.get("orphans") or []}
