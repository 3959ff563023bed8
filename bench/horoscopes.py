"""Daily horoscope ingest time per sign, against the raw ffmpeg conversion alone.

    .venv/bin/python bench/horoscopes.py [--samples 5] [--seconds 3 60]

Builds a throw-away cluster and database with the project's migrations, serves the gateway
(REST, functions, Storage) as the tests do (samia_cli.testserver) and the tests' loopback
TikTok (yt-dlp's real TikTok extractor through a local TLS proxy). For clips of each length it
prints one row: the whole ingest of one sign by a monitor (role check in SQL, page and video
download, loudness-normalised audio extraction, the media path's measuring and Storage upload,
the horoscope row) next to `extract_speech_audio` alone on the same file, and their ratio. It
asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

from samia_cli.cluster import throwaway_cluster
from samia_cli.config import LOCAL_JWT_SECRET
from samia_cli.testdb import create_test_database
from samia_cli.testserver import free_port, function_settings, serve_test_gateway
from samia_cli.tokens import user_token
from samia_cli.users import create_user

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "functions"), str(ROOT / "tests" / "py")]

from fakes.tiktok_fake import TikTokFake  # noqa: E402

from samia_functions import horoscopes, speech_audio, video_fetch  # noqa: E402
from samia_functions.horoscope_audio import Caller  # noqa: E402


def make_clip(path: Path, seconds: int) -> Path:
    """A portrait clip like a TikTok: a tone and a coloured picture, made by ffmpeg."""
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-y",
         "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
         "-f", "lavfi", "-i", f"color=c=blue:s=576x1024:d={seconds}:r=30", "-shortest",
         "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac",
         str(path)], check=True)
    return path


def measure(work: Path, fake: TikTokFake, caller: Caller, args: argparse.Namespace) -> list:
    rows = []
    for seconds in args.seconds:
        clip = make_clip(work / f"clip-{seconds}.mp4", seconds)
        ingest_times, ffmpeg_times = [], []
        for n in range(args.samples):
            started = time.perf_counter()
            speech_audio.extract_speech_audio(clip, work / "alone.m4a", -16)  # the default level
            ffmpeg_times.append(time.perf_counter() - started)
            url = fake.add_video(f"75{seconds:04d}{n:013d}", clip.read_bytes())
            day = f"20{30 + seconds % 60}-01-{n + 1:02d}"
            started = time.perf_counter()
            result = horoscopes.ingest(caller, {"leo": url}, day)
            ingest_times.append(time.perf_counter() - started)
            assert result["results"][0]["status"] == "pending", result
        rows.append((seconds, statistics.median(ingest_times), statistics.median(ffmpeg_times)))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--seconds", type=int, nargs="+", default=[3, 60])
    args = parser.parse_args()

    cluster = throwaway_cluster(free_port(), with_pgtap=False)
    cluster.init()
    cluster.start()
    try:
        with tempfile.TemporaryDirectory(prefix="samia-bench-horoscopes-") as tmp:
            work = Path(tmp)
            dsn = create_test_database(cluster.dsn(), "bench_horoscopes", ROOT, pgtap=False)
            with psycopg.connect(dsn, autocommit=True) as conn:
                monitor = create_user(conn, "monitor@bench.local", "monitor")
            caller = Caller({"sub": monitor.id, "role": "authenticated"},
                            user_token(LOCAL_JWT_SECRET, monitor, issuer="bench"))
            fake = TikTokFake(work).start()
            video_fetch.transport_options = {"proxy": fake.proxy_url, "nocheckcertificate": True}
            try:
                with function_settings(dsn), serve_test_gateway(dsn, ROOT, work / "storage"):
                    rows = measure(work, fake, caller, args)
            finally:
                fake.stop()
    finally:
        cluster.destroy()
    print(f"{'clip':<8} {'ingest p50 (s)':>15} {'ffmpeg p50 (s)':>15} {'ratio':>7}")
    for seconds, ingest, ffmpeg in rows:
        print(f"{seconds:>5} s  {ingest:>15.2f} {ffmpeg:>15.2f} {ingest / ffmpeg:>6.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
