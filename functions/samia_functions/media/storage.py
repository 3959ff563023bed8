"""Storage through the real `storage3` client, as the caller: every request carries the
caller's own bearer token, so the policies on storage.objects decide what they may store, read,
sign and remove, exactly as for supabase-js in the app. Jobs and the copy of call recordings,
where no user acts, pass a service_role token instead (job_steps.service_storage)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from storage3 import SyncStorageClient
from storage3.exceptions import StorageApiError, StorageException

from .. import service_health
from ..errors import MEDIA_NOT_FOUND, STORAGE_FAILED, AppError
from ..settings import get_storage_settings

REQUEST_TIMEOUT_SECONDS = 120
# Storage answers these (as the body's statusCode) when the caller may not see the object
HIDDEN_STATUSES = {"403", "404"}


_configured_recorded = False


def storage_as(token: str) -> SyncStorageClient:
    """A storage3 client that acts as the holder of `token`."""
    global _configured_recorded
    try:
        settings = get_storage_settings()
    except AppError:
        service_health.record_configured(service_health.STORAGE, False)
        raise
    if not _configured_recorded:  # once per process: the settings are cached from now on
        service_health.record_configured(service_health.STORAGE, True)
        _configured_recorded = True
    return SyncStorageClient(f"{settings.url}/storage/v1/",
                             {"apikey": settings.anon_key, "Authorization": f"Bearer {token}"},
                             http_client=httpx.Client(timeout=REQUEST_TIMEOUT_SECONDS))


def _failed(action: str, exc: Exception) -> AppError:
    detail: dict[str, Any] = {"action": action}
    if isinstance(exc, StorageApiError):
        detail.update(storage_status=str(exc.status), storage_code=exc.code)
    service_health.record_error(service_health.STORAGE, STORAGE_FAILED,
                                f"Storage could not {action} the file: {exc}")
    return AppError(STORAGE_FAILED, f"Storage could not {action} the file", 502, detail=detail,
                    hint="Try again; nothing was recorded.")


def put(client: SyncStorageClient, bucket: str, key: str, path: Path, mime_type: str,
        upsert: bool = False) -> None:
    """Store the file at `path` as bucket/key; over an existing object only with `upsert`
    (the service's retried copy of a recording, whose earlier attempt may have stored it)."""
    try:
        client.from_(bucket).upload(key, path, {"content-type": mime_type,
                                                "upsert": "true" if upsert else "false"})
    except (StorageException, httpx.HTTPError) as exc:
        raise _failed("store", exc) from exc


def remove(client: SyncStorageClient, bucket: str, key: str) -> bool:
    """Remove bucket/key; True when Storage removed it (a missing object is not an error)."""
    try:
        return bool(client.from_(bucket).remove([key]))
    except (StorageException, httpx.HTTPError):
        return False


def signed_url(client: SyncStorageClient, bucket: str, key: str, seconds: int) -> str:
    """A download URL for bucket/key valid `seconds`; MEDNF when the caller may not see it."""
    try:
        signed = client.from_(bucket).create_signed_url(key, seconds)
    except StorageApiError as exc:
        if str(exc.status) in HIDDEN_STATUSES:
            raise AppError(MEDIA_NOT_FOUND, "No such media", 404,
                           hint="Check the id; some files open only later (a result once "
                                "the order is delivered).") from exc
        raise _failed("sign", exc) from exc
    except (StorageException, httpx.HTTPError) as exc:
        raise _failed("sign", exc) from exc
    return signed["signedURL"]
