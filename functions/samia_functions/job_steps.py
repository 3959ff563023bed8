"""The Python steps of jobs: the work a job's SQL part cannot do inside the database.

A job whose declaration (app.jobs_schedule) says `python_step` runs its SQL part through
app.run_job as every job does; then, in the same open transaction (so the job's advisory lock
still keeps a second run out), the step named after it here does its file work with the SQL
part's result and returns a JSON summary, which app.record_job_step adds to the run.
To give a job a step: write `def step(conn, result, storage) -> dict`, add it to STEPS and set
python_step in app.jobs_schedule (a test checks the two agree).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import cache
from itertools import groupby
from typing import Any

import httpx
import jwt
import psycopg
from storage3 import SyncStorageClient
from storage3.exceptions import StorageException

from .media.storage import storage_as
from .settings import get_settings

SERVICE_TOKEN_SECONDS = 600
REMOVE_BATCH = 100  # object names per Storage remove request

StorageFactory = Callable[[], SyncStorageClient]
Step = Callable[[psycopg.Connection, dict[str, Any], StorageFactory], dict[str, Any]]


def service_token() -> str:
    """A short-lived service_role token signed with the project's JWT secret: jobs act for the
    platform, not for a user, so Storage's policies let them reach every object."""
    now = int(time.time())
    return jwt.encode({"role": "service_role", "iss": "supabase", "iat": now,
                       "exp": now + SERVICE_TOKEN_SECONDS},
                      get_settings().jwt_secret, algorithm="HS256")


def service_storage() -> SyncStorageClient:
    return storage_as(service_token())


def remove_files(conn: psycopg.Connection, result: dict[str, Any],
                 storage: StorageFactory) -> dict[str, Any]:
    """purge_old: remove every file the SQL part listed (`files`: bucket, path, reason).

    A file Storage did not remove stays listed in `not_removed`; if its row is gone it is an
    orphan, and the next run lists it again."""
    files = sorted((f["bucket"], f["path"]) for f in result.get("files") or [])
    removed: list[tuple[str, str]] = []
    not_removed: list[dict[str, str]] = []
    client = storage() if files else None
    for bucket, group in groupby(files, key=lambda f: f[0]):
        paths = [path for _, path in group]
        for start in range(0, len(paths), REMOVE_BATCH):
            batch = paths[start:start + REMOVE_BATCH]
            try:
                answered = client.from_(bucket).remove(batch)
                gone = {item.get("name") for item in answered or []}
            except (StorageException, httpx.HTTPError):
                gone = set()
            removed += [(bucket, p) for p in batch if p in gone]
            not_removed += [{"bucket": bucket, "path": p} for p in batch if p not in gone]
    return {"removed": len(removed), "not_removed": not_removed}


@cache
def steps() -> dict[str, Step]:
    from .call_recordings import copy_pending
    from .calls import end_stuck_calls
    from .media_maintenance import maintain_media

    return {"purge_old": remove_files, "media_maintenance": maintain_media,
            "end_stuck_calls": end_stuck_calls, "copy_call_recordings": copy_pending}
