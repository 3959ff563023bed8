"""Daily horoscope ingest time per sign, against the raw ffmpeg conversion alone.

    .venv/bin/python bench/horoscopes.py [--samples 5] [--seconds 3 60]

Builds a throw-away cluster and database with the project's migrations, serves the loopback
TikTok of the tests (yt-dlp's real TikTok extractor through a local TLS proxy), then for clips
of each length prints one row: the whole ingest of one sign as a monitor (role check in SQL,
page and video download, loudness-normalised audio extraction, storing the audio's media row,
writing the horoscope row) next to `extract_speech_audio` alone on the same file, and their
ratio. The audio bytes are kept in a temporary directory here: the Storage upload itself is the
media path's cost, measured by its own bench. It asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg
from psycopg.conninfo import make_conninfo

from samia_cli import migrator
from samia_cli.checks import free_port
from samia_cli.cluster import throwaway_cluster
from samia_cli.config import LOCAL_JWT_SECRET
from samia_cli.testdb import with_dbname
from samia_cli.users import create_user

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "functions"), str(ROOT / "tests" / "py")]

from fakes.tiktok_fake import TikTokFake  # noqa: E402

from samia_functions import db, horoscope_audio, horoscopes, speech_audio, video_fetch  # noqa: E402
from samia_functions.horoscope_audio import StoredAudio  # noqa: E402
from samia_functions.settings import get_settings  # noqa: E402


class BenchStore:
    """Keeps the audio in a directory and its media row in the database (no Storage upload)."""

    def __init__(self, dsn: str, root: Path) -> None:
        self.dsn, self.root = dsn, root

    def store(self, claims: dict[str, Any], path: Path, mime_type: str,
              object_name: str) -> StoredAudio:
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            media_id = conn.execute(
                "insert into app.media_assets (owner_id, kind, bucket, path, mime_type, "
                "byte_size) values (%s, 'audio', %s, %s, %s, %s) returning id",
                (claims["sub"], horoscope_audio.BUCKET, f"{uuid.uuid4()}/{object_name}",
                 mime_type, path.stat().st_size)).fetchone()[0]
        shutil.copyfile(path, self.root / str(media_id))
        return StoredAudio(str(media_id), 1000)

    def remove(self, claims: dict[str, Any], media_id: str) -> None:
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            conn.execute("delete from app.media_assets where id = %s", (media_id,))
        (self.root / media_id).unlink()

    def signed_urls(self, claims: dict[str, Any], objects: list) -> list:
        return [None for _ in objects]


def make_clip(path: Path, seconds: int) -> Path:
    """A portrait clip like a TikTok: a tone and a coloured picture, made by ffmpeg."""
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-y",
         "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
         "-f", "lavfi", "-i", f"color=c=blue:s=576x1024:d={seconds}:r=30", "-shortest",
         "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac",
         str(path)], check=True)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--seconds", type=int, nargs="+", default=[3, 60])
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="samia-bench-horoscopes-"))
    cluster = throwaway_cluster(free_port(), with_pgtap=False)
    cluster.init()
    cluster.start()
    fake = TikTokFake(work).start()
    try:
        dsn = with_dbname(cluster.dsn(), "bench")
        with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
            conn.execute("create database bench")
        with migrator.connect(dsn) as conn:
            migrator.apply_bootstrap(conn)
            migrator.migrate(conn, ROOT)
        with psycopg.connect(dsn, autocommit=True) as conn:
            monitor = create_user(conn, "monitor@bench.local", "monitor")
        claims = {"sub": monitor.id, "role": "authenticated"}

        # the functions connect as the authenticator (local password `postgres`)
        os.environ["FUNCTIONS_DB_DSN"] = make_conninfo(
            dsn, user="authenticator", password="postgres")  # noqa: S106 (the local bootstrap's)
        os.environ["JWT_SECRET"] = LOCAL_JWT_SECRET
        get_settings.cache_clear()
        video_fetch.transport_options = {"proxy": fake.proxy_url, "nocheckcertificate": True}
        (work / "media").mkdir()
        store = BenchStore(dsn, work / "media")

        print(f"{'clip':<8} {'ingest p50 (s)':>15} {'ffmpeg p50 (s)':>15} {'ratio':>7}")
        for seconds in args.seconds:
            clip = make_clip(work / f"clip-{seconds}.mp4", seconds)
            ingest_times, ffmpeg_times = [], []
            for n in range(args.samples):
                started = time.perf_counter()
                speech_audio.extract_speech_audio(clip, work / "alone.m4a")
                ffmpeg_times.append(time.perf_counter() - started)
                url = fake.add_video(f"75{seconds:04d}{n:013d}", clip.read_bytes())
                day = f"20{30 + seconds % 60}-01-{n + 1:02d}"
                started = time.perf_counter()
                result = horoscopes.ingest(claims, {"leo": url}, day, store)
                ingest_times.append(time.perf_counter() - started)
                assert result["results"][0]["status"] == "pending", result
            ingest, ffmpeg = statistics.median(ingest_times), statistics.median(ffmpeg_times)
            print(f"{seconds:>5} s  {ingest:>15.2f} {ffmpeg:>15.2f} {ingest / ffmpeg:>6.2f}x")
        db.close_pool()
    finally:
        fake.stop()
        cluster.destroy()
        shutil.rmtree(work, ignore_errors=True)
    return 0



if __name__ == "__main__":
    raise SystemExit(main())
