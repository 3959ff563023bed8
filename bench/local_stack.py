"""How long the local stack takes: migrate on an empty database, first and second `samia serve`.

    .venv/bin/python bench/local_stack.py [--runs N]

Prints a table of figures (median of N runs); asserts nothing. Uses throw-away data
directories and free ports, so it never touches .local/.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from samia_cli import migrator
from samia_cli.checks import free_port
from samia_cli.cluster import throwaway_cluster
from samia_cli.testdb import with_dbname

ROOT = Path(__file__).resolve().parents[1]
SAMIA = str(Path(sys.executable).parent / "samia")


def migrate_empty_database() -> float:
    cluster = throwaway_cluster(free_port(), with_pgtap=False)
    cluster.init()
    cluster.start()
    try:
        with migrator.connect(cluster.dsn()) as conn:
            conn.execute("create database bench")
        dsn = with_dbname(cluster.dsn(), "bench")
        with migrator.connect(dsn) as conn:
            started = time.perf_counter()
            migrator.apply_bootstrap(conn)
            migrator.migrate(conn, ROOT)
            return time.perf_counter() - started
    finally:
        cluster.destroy()


def serve_until_healthy(env: dict) -> float:
    started = time.perf_counter()
    proc = subprocess.Popen([SAMIA, "serve"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{env['SAMIA_API_PORT']}/health"
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError("samia serve exited early")
            try:
                if httpx.get(url, timeout=1).status_code == 200:
                    return time.perf_counter() - started
            except httpx.TransportError:
                time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)


def serve_cold_and_warm() -> tuple[float, float]:
    with tempfile.TemporaryDirectory(prefix="samia-bench-") as tmp:
        env = {**os.environ, "SAMIA_ROOT": str(ROOT), "SAMIA_LOCAL_DIR": tmp,
               "SAMIA_DB_PORT": str(free_port()), "SAMIA_API_PORT": str(free_port())}
        env.pop("DB_DSN", None)
        return serve_until_healthy(env), serve_until_healthy(env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    migrate = [migrate_empty_database() for _ in range(args.runs)]
    serves = [serve_cold_and_warm() for _ in range(args.runs)]
    rows = [
        ("bootstrap + migrate + sql/ + seed on an empty database", migrate),
        ("samia serve, new data directory, until /health is 200", [c for c, _ in serves]),
        ("samia serve, existing data directory, until /health is 200", [w for _, w in serves]),
    ]
    print(f"{'measure':<62} {'median s':>9} {'min s':>7} {'max s':>7}")
    for name, values in rows:
        print(f"{name:<62} {statistics.median(values):>9.2f} {min(values):>7.2f} "
              f"{max(values):>7.2f}")


if __name__ == "__main__":
    main()
