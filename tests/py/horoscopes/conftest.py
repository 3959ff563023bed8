"""Fixtures for the daily horoscopes: the loopback TikTok (yt-dlp's real extractors behind a
proxy), a video made by ffmpeg, the functions as test clients on the run's migrated database,
and an audio store that keeps files the way the media path does (a row of app.media_assets and
a file, removed together)."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
import uuid
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fakes.tiktok_fake import TikTokFake
from functions.conftest import MAIN, authenticator_dsn

from samia_functions import horoscope_audio, video_fetch
from samia_functions.horoscope_audio import StoredAudio

_days = itertools.count()


def make_clip(path: Path, seconds: int = 3) -> Path:
    """An mp4 with a tone and a coloured picture (ffmpeg lavfi), like a short TikTok."""
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-y",
         "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
         "-f", "lavfi", "-i", f"color=c=blue:s=160x120:d={seconds}", "-shortest",
         "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac",
         str(path)],
        check=True)
    return path


def probe(path: Path) -> dict[str, Any]:
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", str(path)],
        check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


class FileAudioStore:
    """The media path's contract for the ingest, on the run's database: a media row (as the
    superuser, owned by the caller) and a file per stored audio, removed together."""

    def __init__(self, dsn: str, root: Path) -> None:
        self.dsn, self.root = dsn, root
        self.removed: list[str] = []

    def store(self, claims: dict[str, Any], path: Path, mime_type: str,
              object_name: str) -> StoredAudio:
        seconds = float(probe(path)["format"]["duration"])
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            media_id = conn.execute(
                "insert into app.media_assets (owner_id, kind, bucket, path, mime_type, "
                "byte_size, duration_ms) values (%s, 'audio', %s, %s, %s, %s, %s) returning id",
                (claims["sub"], horoscope_audio.BUCKET, f"{uuid.uuid4()}/{object_name}",
                 mime_type, path.stat().st_size, round(seconds * 1000))).fetchone()[0]
        shutil.copyfile(path, self.root / str(media_id))
        return StoredAudio(str(media_id), round(seconds * 1000))

    def remove(self, claims: dict[str, Any], media_id: str) -> None:
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            conn.execute("delete from app.media_assets where id = %s", (media_id,))
        (self.root / media_id).unlink()
        self.removed.append(media_id)

    def signed_urls(self, claims: dict[str, Any],
                    objects: list[tuple[str, str]]) -> list[str | None]:
        return [f"https://storage.test/sign/{bucket}/{path}" for bucket, path in objects]

    def files(self) -> list[Path]:
        return sorted(self.root.iterdir())


@pytest.fixture(scope="session")
def clip(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return make_clip(tmp_path_factory.mktemp("clip") / "clip.mp4").read_bytes()


@pytest.fixture
def tiktok(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TikTokFake]:
    """The loopback TikTok, with yt-dlp pointed at it (certificate checks off: tests only)."""
    fake = TikTokFake(tmp_path).start()
    monkeypatch.setattr(video_fetch, "transport_options",
                        {"proxy": fake.proxy_url, "nocheckcertificate": True})
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture
def audio_store(database_dsn: str, tmp_path: Path) -> Iterator[FileAudioStore]:
    root = tmp_path / "media"
    root.mkdir()
    store = FileAudioStore(database_dsn, root)
    horoscope_audio.use_store(store)
    try:
        yield store
    finally:
        horoscope_audio.use_store(None)


@pytest.fixture
def call(monkeypatch: pytest.MonkeyPatch, database_dsn: str, jwt_secret: str,
         audio_store: FileAudioStore) -> Iterator[Callable]:
    """call(target, user, body=None): the function's answer (status, JSON)."""
    import functions_framework

    from samia_functions import db
    from samia_functions.settings import get_settings

    monkeypatch.setenv("FUNCTIONS_DB_DSN", authenticator_dsn(database_dsn))
    monkeypatch.setenv("JWT_SECRET", jwt_secret)
    get_settings.cache_clear()
    clients: dict[str, Any] = {}

    def invoke(target: str, user, body: Any = None) -> tuple[int, Any]:
        if target not in clients:
            clients[target] = functions_framework.create_app(
                target=target, source=str(MAIN)).test_client()
        headers = {"Authorization": f"Bearer {user.token}"}
        if body is None:
            r = clients[target].get("/", headers=headers)
        else:
            r = clients[target].post("/", headers=headers, json=body)
        return r.status_code, r.get_json()

    yield invoke
    get_settings.cache_clear()
    db.close_pool()


@pytest.fixture
def day() -> str:
    """A day no other test uses (the run's database is shared)."""
    return (date(2031, 1, 1) + timedelta(days=next(_days))).isoformat()


@pytest.fixture
def row(database_dsn: str) -> Callable[[str, str], dict | None]:
    """The horoscope row of a sign and day, read as the superuser."""

    def read(sign: str, day: str) -> dict | None:
        with psycopg.connect(database_dsn) as conn:
            conn.row_factory = psycopg.rows.dict_row
            return conn.execute(
                "select * from app.horoscopes where sign = %s and horoscope_date = %s",
                (sign, day)).fetchone()

    return read
