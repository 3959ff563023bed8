"""Where the audio of a daily horoscope is kept: one small interface over the media path
(Storage plus app.media_assets), so the ingest code never uploads by itself.

`store` keeps a file and returns its media id and duration, `remove` deletes a media asset
that no horoscope uses any more (and its file), `signed_urls` signs Storage paths for a caller
who may read them. Each acts as the caller (their JWT claims), so Storage's and the
database's policies decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from .errors import NOT_CONFIGURED, AppError

BUCKET = "horoscope-audio"


@dataclass(frozen=True)
class StoredAudio:
    media_id: str
    duration_ms: int


class AudioStore(Protocol):
    def store(self, claims: dict[str, Any], path: Path, mime_type: str,
              object_name: str) -> StoredAudio: ...

    def remove(self, claims: dict[str, Any], media_id: str) -> None: ...

    def signed_urls(self, claims: dict[str, Any],
                    objects: list[tuple[str, str]]) -> list[str | None]: ...


_store: AudioStore | None = None


def get_store() -> AudioStore:
    """The audio store in use; 503 while none is wired."""
    if _store is None:
        raise AppError(NOT_CONFIGURED, "No media store is configured for horoscope audio", 503,
                       hint="Wire the media path (samia_functions.horoscope_audio).")
    return _store


def use_store(store: AudioStore | None) -> None:
    """Install the audio store (the media path; tests install their own)."""
    global _store
    _store = store
