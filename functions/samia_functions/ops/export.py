"""ops_export: a ZIP with one CSV per dataset, stored in the exports bucket, as a signed URL.

SQL decides who and what: `app.export_begin` checks the caller (admins; raw data only for a
superadmin with a reason, audited), the range and the datasets, records the export and picks
its key; each dataset is read through its own `app.export_<dataset>` view, which applies
the masking. This module only streams the rows into a ZIP on disk (csv_zip), uploads it as the
caller, records the counts and signs a 15-minute URL, all while the export's transaction is
open: if anything fails, the row and its audit row roll back and the file is removed again.
"""

from __future__ import annotations

import logging
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from psycopg.types.json import Jsonb

from .. import db
from ..errors import BAD_REQUEST, AppError
from ..media import storage
from .csv_zip import write_dataset

log = logging.getLogger(__name__)

SIGNED_URL_SECONDS = 15 * 60
ZIP_MIME_TYPE = "application/zip"
# zlib level 1. On the orders CSV (docs/ops.md) zlib deflates about 86 MB/s at level 1, 55 at
# level 3 and 28 at the default 6, for a file of 36%, 35% and 31% of the CSV. At level 1 the
# function spends about as much CPU as the database's COPY (7 s and 6 s for a million orders);
# level 3 would add 2 s of compression for a file a twentieth smaller.
COMPRESS_LEVEL = 1
# The API roles' own statement_timeout (Supabase: 8 s for authenticated) is meant for requests;
# an export of a year of orders reads for longer. Raised for this transaction only.
STATEMENT_TIMEOUT = "10min"


@dataclass(frozen=True)
class ExportRequest:
    datasets: list[str]
    start: datetime | None
    end: datetime | None
    raw: bool
    reason: str | None


def _timestamp(body: dict[str, Any], key: str) -> datetime | None:
    value = body.get(key)
    if value is None:
        return None  # the database answers a missing end with OPSRG
    try:
        parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise AppError(BAD_REQUEST, f"{key} must be an ISO 8601 time with its offset", 400,
                       detail={"field": key}, hint='e.g. "2026-11-01T00:00:00Z".')
    return parsed


def parse_export(body: dict[str, Any]) -> ExportRequest:
    """The body's shape only; what may be exported is decided by app.export_begin."""
    datasets = body.get("datasets")
    if not isinstance(datasets, list) or not all(isinstance(d, str) for d in datasets):
        raise AppError(BAD_REQUEST, "datasets must be a list of dataset names", 400,
                       detail={"field": "datasets"}, hint='e.g. ["orders", "audit"].')
    raw = body.get("raw", False)
    reason = body.get("reason")
    if not isinstance(raw, bool) or not (reason is None or isinstance(reason, str)):
        raise AppError(BAD_REQUEST, "raw must be a boolean and reason a text", 400,
                       detail={"fields": ["raw", "reason"]})
    return ExportRequest(datasets, _timestamp(body, "from"), _timestamp(body, "to"), raw, reason)


def export(claims: dict[str, Any], token: str, req: ExportRequest) -> dict[str, Any]:
    stored: tuple[str, str] | None = None
    with storage.storage_as(token) as client, \
            tempfile.TemporaryDirectory(prefix="samia-export-") as folder:
        try:
            with db.as_user(claims) as conn:
                conn.execute(f"set local statement_timeout = '{STATEMENT_TIMEOUT}'")
                export_id, datasets, bucket, path, expires_at = conn.execute(
                    "select e.id::text, e.datasets, e.bucket, e.storage_path, e.expires_at"
                    " from app.export_begin(%s, %s, %s, %s, %s) as e",
                    (req.datasets, req.start, req.end, req.raw, req.reason)).fetchone()
                zip_path = Path(folder) / "export.zip"
                with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED,
                                     compresslevel=COMPRESS_LEVEL) as archive:
                    counts = {name: write_dataset(conn, archive, name, export_id)
                              for name in datasets}
                size = zip_path.stat().st_size
                stored = (bucket, path)
                storage.put(client, bucket, path, zip_path, ZIP_MIME_TYPE)
                conn.execute("select app.export_finish(%s, %s, %s)",
                             (export_id, Jsonb(counts), size))
                url = storage.signed_url(client, bucket, path, SIGNED_URL_SECONDS)
        except BaseException:
            # the export row rolled back; take the file with it (it may be stored even when
            # Storage's answer was lost, and a failed commit comes after a stored file)
            if stored is not None and not storage.remove(client, *stored):
                log.warning("ops_export: could not confirm removal of %s/%s", *stored)
            raise
    return {"export_id": export_id, "datasets": datasets, "raw": req.raw, "rows": counts,
            "bytes": size, "signed_url": url, "expires_in": SIGNED_URL_SECONDS,
            "file_expires_at": expires_at.isoformat()}
