"""Fixtures for the daily horoscopes: the loopback TikTok (yt-dlp's real extractors behind a
proxy), a video made by ffmpeg, the functions as test clients on the run's migrated database,
and what a user's uploads left in app.media_assets and in Storage."""

from __future__ import annotations

import itertools
import json
import subprocess
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fakes.tiktok_fake import TikTokFake
from functions.conftest import MAIN, authenticator_dsn

from samia_functions import video_fetch

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


@pytest.fixture(scope="session")
def clip(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return make_clip(tmp_path_factory.mktemp("clip") / "clip.mp4").read_bytes()


@pytest.fixture
def tiktok(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TikTokFake]:
    """The loopback TikTok, with yt-dlp pointed at it (certificate checks off: tests only)."""
    fake = TikTokFake(tmp_path).start()
    monkeypatch.setattr(video_fetch, "transport_options",
                        {"proxy": fake.proxy_url, "nocheckcertificate": True})
    monkeypatch.setattr(video_fetch, "refuse_private_hosts", False)  # its plain files: loopback
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture
def audio_of(database_dsn: str) -> Callable[[Any], tuple[set[str], set[str]]]:
    """The horoscope audio a user uploaded: the media rows and the Storage objects, each as a
    set of bucket/key (equal sets: no row without its file, no file without its row)."""

    def read(user: Any) -> tuple[set[str], set[str]]:
        with psycopg.connect(database_dsn) as conn:
            rows = {f"{b}/{p}" for b, p in conn.execute(
                "select bucket, path from app.media_assets"
                " where owner_id = %s and purpose = 'horoscope_audio'", (user.id,))}
            objects = {f"{b}/{n}" for b, n in conn.execute(
                "select bucket_id, name from storage.objects"
                " where owner_id = %s and bucket_id = 'horoscope-audio'", (user.id,))}
        return rows, objects

    return read


@pytest.fixture
def call(monkeypatch: pytest.MonkeyPatch, api_url: str, database_dsn: str,
         jwt_secret: str) -> Iterator[Callable]:
    """call(target, user, body=None): the function's answer (status, JSON). The functions
    store through the dev gateway's Storage, which api_url serves (and names in the
    environment)."""
    import functions_framework

    from samia_functions import db
    from samia_functions.settings import get_settings, get_storage_settings

    monkeypatch.setenv("FUNCTIONS_DB_DSN", authenticator_dsn(database_dsn))
    monkeypatch.setenv("JWT_SECRET", jwt_secret)
    get_settings.cache_clear()
    get_storage_settings.cache_clear()
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
    get_storage_settings.cache_clear()
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
