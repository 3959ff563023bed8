"""Fixtures for media: the function settings for this run's database, real files made by
ffmpeg and Pillow, orders at the step where a file may be uploaded, and the upload and
media_url calls through the dev gateway, as a frontend makes them."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from PIL import Image
from psycopg.conninfo import make_conninfo


def _reset_function_state() -> None:
    from samia_functions import db
    from samia_functions.settings import get_settings, get_storage_settings

    get_settings.cache_clear()
    get_storage_settings.cache_clear()
    db.close_pool()


@pytest.fixture(autouse=True)
def media_env(monkeypatch: pytest.MonkeyPatch, api_url: str, database_dsn: str,
              jwt_secret: str) -> Iterator[pytest.MonkeyPatch]:
    """The functions served by api_url use this run's database (api_url itself sets the
    Storage URL and key); yields monkeypatch to change them."""
    monkeypatch.setenv("FUNCTIONS_DB_DSN",
                       make_conninfo(database_dsn, user="authenticator", password="postgres"))
    monkeypatch.setenv("JWT_SECRET", jwt_secret)
    _reset_function_state()
    yield monkeypatch
    _reset_function_state()


# -- files ----------------------------------------------------------------------------------

AUDIO_FORMATS = ("mp3", "m4a", "ogg", "wav")


def ffmpeg_sine(path: Path, seconds: float, *extra: str) -> bytes:
    """A real recording: a sine tone of `seconds`, encoded by the extension's muxer."""
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                    f"sine=frequency=440:duration={seconds}", *extra, str(path)], check=True)
    return path.read_bytes()


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("media-files")


@pytest.fixture(scope="session")
def audio(media_dir: Path) -> dict[str, bytes]:
    """Three seconds of mono sound in each accepted audio format."""
    return {fmt: ffmpeg_sine(media_dir / f"tone.{fmt}", 3, "-ac", "1") for fmt in AUDIO_FORMATS}


def image_bytes(fmt: str, size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (180, 120, 40)).save(buffer, format=fmt)
    return buffer.getvalue()


# -- orders and users -----------------------------------------------------------------------

@dataclass
class Order:
    id: str
    client: Any
    reader: Any


@pytest.fixture
def order_in_progress(make_client, make_user, supabase_for) -> Order:
    """A client's order, assigned by an admin to a reader who started it."""
    client, reader, admin = make_client(), make_user("reader"), make_user("admin")
    order = rpc(supabase_for(client), "create_order", p_service_code="coffee",
                p_question="What does my cup say?")
    rpc(supabase_for(admin), "assign_order", p_order_id=order["id"], p_reader_id=reader.id)
    rpc(supabase_for(reader), "start_order", p_order_id=order["id"])
    return Order(order["id"], client, reader)


def rpc(client, name: str, **params: Any) -> Any:
    return client.rpc(name, params).execute().data


# -- calls ----------------------------------------------------------------------------------

@pytest.fixture
def upload(api_url: str) -> Callable[..., httpx.Response]:
    """POST a file to media_upload as `user` (anon without one)."""

    def call(user: Any, data: bytes, purpose: str = "order_result",
             order_id: str | None = None, **headers: str) -> httpx.Response:
        params = {"purpose": purpose, **({"order_id": order_id} if order_id else {})}
        auth = {"Authorization": f"Bearer {user.token}"} if user else {}
        return httpx.post(f"{api_url}/functions/v1/media_upload", params=params, content=data,
                          headers={**auth, **headers}, timeout=120)

    return call


@pytest.fixture
def media_url(api_url: str) -> Callable[..., httpx.Response]:
    """POST {"media_id"} to media_url as `user` (anon without one)."""

    def call(user: Any, media_id: str) -> httpx.Response:
        auth = {"Authorization": f"Bearer {user.token}"} if user else {}
        return httpx.post(f"{api_url}/functions/v1/media_url", json={"media_id": media_id},
                          headers=auth, timeout=60)

    return call


@pytest.fixture
def stored(database_dsn: str, storage_dir: Path) -> Callable[[str], dict[str, Any]]:
    """What exists for an order: its media rows, its objects, and object files on disk."""

    def look(order_id: str) -> dict[str, Any]:
        with psycopg.connect(database_dsn) as conn:
            rows = conn.execute("select bucket, path from app.media_assets where order_id = %s",
                                (order_id,)).fetchall()
            objects = conn.execute(
                "select bucket_id, name from storage.objects where name like %s",
                (f"{order_id}/%",)).fetchall()
        files = [p for p in storage_dir.glob(f"*/{order_id}/**/*") if p.is_file()]
        return {"rows": rows, "objects": objects, "files": files}

    return look
