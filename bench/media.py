"""Upload throughput of media_upload for a 10 MB recording, against a raw storage3 upload.

    .venv/bin/python bench/media.py [--runs 5] [--megabytes 10]

Builds a throw-away cluster and database with the project's migrations, serves the dev gateway
(REST, functions, Storage) on a free port as the tests do (samia_cli.testserver), makes a
client's order that a reader has started, then uploads the same bytes as that reader two ways,
alternating, in the same run:

- raw: `storage3` straight to the order-results bucket (the baseline: Storage and its RLS only);
- media_upload: the function (spool + sha256, magic bytes, ffprobe + full decode, the database
  checks and row, the same Storage upload, commit).

It also times the measuring step alone (in-process). Prints one table of medians and the
ratio to the raw upload; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psycopg
from storage3 import SyncStorageClient

from samia_cli.cluster import throwaway_cluster
from samia_cli.config import LOCAL_JWT_SECRET
from samia_cli.testdb import create_test_database
from samia_cli.testserver import free_port, function_settings, serve_test_gateway
from samia_cli.tokens import user_token
from samia_cli.users import create_user

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "functions"))

from samia_functions.media.measure import measure  # noqa: E402


def recordings(folder: Path, megabytes: int) -> dict[str, Path]:
    """A WAV and an MP3 of about `megabytes` each (sine tones made by ffmpeg)."""
    wav_seconds = megabytes * 1024 * 1024 / (44100 * 2)  # mono 16-bit
    mp3_seconds = megabytes * 1024 * 1024 / (128000 / 8)  # 128 kbit/s
    files = {"wav": (wav_seconds, []), "mp3": (mp3_seconds, ["-b:a", "128k"])}
    out = {}
    for fmt, (seconds, extra) in files.items():
        path = folder / f"tone.{fmt}"
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                        f"sine=frequency=440:duration={seconds:.1f}", "-ac", "1", *extra,
                        str(path)], check=True)
        out[fmt] = path
    return out


def order_in_progress(database_dsn: str, url: str) -> tuple[str, str]:
    """(order id, reader token) for a started order."""
    with psycopg.connect(database_dsn, autocommit=True) as conn:
        users = {role: create_user(conn, f"bench-{role}@bench.local", role)
                 for role in ("client", "reader", "admin")}
        conn.execute("update app.profiles set first_name = 'Bench', last_name = 'Client',"
                     " date_of_birth = '1990-05-05', country_code = 'AE',"
                     " time_zone = 'Asia/Dubai', phone = '+971500000001', phone_verified = true"
                     " where id = %s", (users["client"].id,))
    tokens = {role: user_token(LOCAL_JWT_SECRET, user, issuer="bench")
              for role, user in users.items()}

    def rpc(role: str, name: str, **params) -> dict:
        answer = httpx.post(f"{url}/rest/v1/rpc/{name}", json=params,
                            headers={"Authorization": f"Bearer {tokens[role]}"})
        answer.raise_for_status()
        return answer.json()

    order = rpc("client", "create_order", p_service_code="coffee", p_question="bench")
    rpc("admin", "assign_order", p_order_id=order["id"], p_reader_id=users["reader"].id)
    rpc("reader", "start_order", p_order_id=order["id"])
    return order["id"], tokens["reader"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--megabytes", type=int, default=10)
    args = parser.parse_args()

    cluster = throwaway_cluster(free_port(), with_pgtap=False)
    cluster.init()
    cluster.start()
    try:
        with tempfile.TemporaryDirectory(prefix="samia-bench-media-") as tmp:
            folder = Path(tmp)
            dsn = create_test_database(cluster.dsn(), "bench_media", ROOT, pgtap=False)
            with function_settings(dsn), serve_test_gateway(dsn, ROOT, folder / "storage") as url:
                rows = measure_uploads(dsn, url, folder, args)
    finally:
        cluster.destroy()
    print_table(rows, args.runs)


def measure_uploads(dsn: str, url: str, folder: Path, args: argparse.Namespace) -> list[tuple]:
    """Each recording uploaded `args.runs` times both ways, alternating; one row per path."""
    order_id, token = order_in_progress(dsn, url)
    storage = SyncStorageClient(
        f"{url}/storage/v1/",
        {"apikey": os.environ["SUPABASE_ANON_KEY"], "Authorization": f"Bearer {token}"})
    rows = []
    for fmt, path in recordings(folder, args.megabytes).items():
        data = path.read_bytes()
        raw, function, measuring = [], [], []
        for n in range(args.runs):
            started = time.perf_counter()
            storage.from_("order-results").upload(f"{order_id}/raw-{fmt}-{n}", data,
                                                  {"content-type": "audio/mpeg"})
            raw.append(time.perf_counter() - started)

            started = time.perf_counter()
            answer = httpx.post(f"{url}/functions/v1/media_upload", content=data,
                                params={"purpose": "order_result", "order_id": order_id},
                                headers={"Authorization": f"Bearer {token}"}, timeout=300)
            function.append(time.perf_counter() - started)
            if answer.status_code != 201:
                raise RuntimeError(answer.text)

            started = time.perf_counter()
            measure(path)
            measuring.append(time.perf_counter() - started)
        size_mb = len(data) / 1024 / 1024
        base = statistics.median(raw)
        for name, samples in (("raw storage3 upload", raw), ("media_upload", function),
                              ("  of which measuring", measuring)):
            median = statistics.median(samples)
            rows.append((fmt, f"{size_mb:.1f}", name, f"{median * 1000:.0f}",
                         f"{size_mb / median:.1f}", f"{median / base:.2f}"))
    return rows


def print_table(rows: list[tuple], runs: int) -> None:
    header = ("file", "MB", "path", "median ms", "MB/s", "× raw")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print(f"media upload, {runs} runs each, medians (same run, same server)")
    for row in [header, *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
