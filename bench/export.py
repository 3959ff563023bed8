"""ops_export at a million order rows: speed and the function's peak memory.

    .venv/bin/python bench/export.py [--orders 1000000] [--runs 2]

Builds a throw-away database with a year of operations (bench/ops_data.py) and serves the dev
gateway (Storage) on it, then exports the orders of the whole year as an admin (masked). Each
measurement runs in a fresh child process, so its peak RSS (ru_maxrss) is its own alone:

- baseline: a raw COPY of the same rows, `COPY (select * from app.orders where created_at in
  the range order by created_at, id) TO STDOUT (FORMAT csv, HEADER)` as the table's owner, read
  and dropped: what moving these rows out of PostgreSQL costs at all, without masking, joins or
  RLS;
- masked COPY: the export's SQL side alone, as the admin: export_begin, then
  `COPY (select * from app.export_orders)` for its id, read and dropped;
- ops_export: the function's work in full (export_begin, the COPY into the ZIP on disk, the
  upload to Storage as the caller, export_finish, the signed URL).

Prints one table: rows, seconds, rows per second, the ratio of time to the baseline, peak RSS,
and the CPU seconds the database cluster and the measuring process spent (the machine is shared,
so wall-clock figures depend on its load; CPU seconds much less); asserts nothing. Targets:
ops_export >= 100,000 rows/s and peak RSS <= 150 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LABELS = {
    "baseline": "baseline: raw COPY, as owner",
    "masked_copy": "masked COPY alone, as the admin",
    "ops_export": "ops_export (ZIP + upload + URL)",
}


def child(mode: str, token: str, claims: str, owner_dsn: str) -> None:
    """Run one measurement in this process and print its figures as JSON."""
    sys.path.insert(0, str(ROOT / "functions"))
    import psycopg
    from psycopg import sql

    from samia_functions import db
    from samia_functions.ops import export as ops_export
    from samia_functions.ops.csv_zip import COPY_DATASET, SELECT_EXPORT

    def read_and_drop(conn: psycopg.Connection, query: Any, params: tuple | None) -> int:
        with conn.cursor() as cur:
            with cur.copy(query, params) as copy:
                for _ in copy:
                    pass
            return cur.rowcount

    now = datetime.now(UTC)
    request = ops_export.ExportRequest(["orders"], now - timedelta(days=366), now, False, None)
    cpu_before = process_cpu_seconds()
    started = time.perf_counter()
    if mode == "baseline":
        with psycopg.connect(owner_dsn) as conn:
            rows = read_and_drop(conn, "copy (select * from app.orders where created_at >= %s"
                                 " and created_at < %s order by created_at, id)"
                                 " to stdout with (format csv, header true)",
                                 (request.start, request.end))
    elif mode == "masked_copy":
        with db.as_user(json.loads(claims)) as conn:
            conn.execute(f"set local statement_timeout = '{ops_export.STATEMENT_TIMEOUT}'")
            export_id = conn.execute(
                "select (app.export_begin(%s, %s, %s)).id::text",
                (request.datasets, request.start, request.end)).fetchone()[0]
            conn.execute(SELECT_EXPORT, (export_id,))
            rows = read_and_drop(conn, COPY_DATASET.format(view=sql.Identifier("export_orders")),
                                 None)
    else:
        rows = ops_export.export(json.loads(claims), token, request)["rows"]["orders"]
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rows": rows, "seconds": seconds, "peak_mb": peak_kb / 1024,
                      "cpu": process_cpu_seconds() - cpu_before}))


def process_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def database_cpu_seconds(postmaster_pid: int) -> float:
    """CPU time of the bench cluster so far: the postmaster, its live children (backends,
    WAL writer, ...) and the children it has reaped (/proc/<pid>/stat, Linux)."""
    def stat(pid: int) -> list[str]:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()  # fields from the state on

    ticks = sum(int(v) for v in stat(postmaster_pid)[11:15])  # utime stime cutime cstime
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = stat(int(entry))
            except OSError:
                continue
            if int(fields[1]) == postmaster_pid:
                ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def measure(mode: str, token: str, claims: str, owner_dsn: str, postmaster_pid: int) -> dict:
    db_cpu = database_cpu_seconds(postmaster_pid)
    result = subprocess.run([sys.executable, __file__, "--child", mode, token, claims, owner_dsn],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{result.stderr[-3000:]}")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["db_cpu"] = database_cpu_seconds(postmaster_pid) - db_cpu
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--child", nargs=4, metavar=("MODE", "TOKEN", "CLAIMS", "DSN"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return

    import psycopg

    from samia_cli.config import LOCAL_JWT_SECRET
    from samia_cli.testserver import function_settings, serve_test_gateway
    from samia_cli.tokens import user_token
    from samia_cli.users import create_user

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from ops_data import ops_database

    figures: dict[str, list[dict]] = {mode: [] for mode in LABELS}
    with ops_database(args.orders) as data, \
            tempfile.TemporaryDirectory(prefix="samia-bench-export-") as folder:
        with psycopg.connect(data.dsn, autocommit=True) as conn:
            admin = create_user(conn, "bench-exporter@bench.example", "admin")
            data_directory = conn.execute("show data_directory").fetchone()[0]
        postmaster_pid = int((Path(data_directory) / "postmaster.pid").read_text().split()[0])
        token = user_token(LOCAL_JWT_SECRET, admin, issuer="bench")
        claims = json.dumps({"sub": str(admin.id), "role": "authenticated"})
        with function_settings(data.dsn), \
                serve_test_gateway(data.dsn, ROOT, Path(folder) / "storage"):
            env_ok = all(os.environ.get(v) for v in ("FUNCTIONS_DB_DSN", "SUPABASE_URL"))
            if not env_ok:
                raise SystemExit("the function settings are missing")
            for _ in range(args.runs):  # alternate, so a noisy neighbour slows both alike
                for mode in figures:
                    figures[mode].append(measure(mode, token, claims, data.dsn,
                                                 postmaster_pid))

    base = statistics.median(f["seconds"] for f in figures["baseline"])
    print(f"{args.orders:,} orders over 365 days, all exported (masked) as an admin; "
          f"medians of {args.runs} runs; PostgreSQL 18, {os.cpu_count()} cores, load average"
          f" {os.getloadavg()[1]:.1f} over the last 5 minutes")
    print(f"{'path':<34} {'rows':>10} {'seconds':>8} {'rows/s':>10} {'x baseline':>11}"
          f" {'peak RSS MB':>12} {'DB CPU s':>9} {'fn CPU s':>9} {'idle rows/s':>12}")
    for mode, runs in figures.items():
        seconds = statistics.median(f["seconds"] for f in runs)
        rows = runs[0]["rows"]
        peak = max(f["peak_mb"] for f in runs)
        db_cpu = statistics.median(f["db_cpu"] for f in runs)
        fn_cpu = statistics.median(f["cpu"] for f in runs)
        print(f"{LABELS[mode]:<34} {rows:>10,} {seconds:>8.1f} {rows / seconds:>10,.0f}"
              f" {seconds / base:>11.2f} {peak:>12.0f} {db_cpu:>9.1f} {fn_cpu:>9.1f}"
              f" {rows / max(db_cpu, fn_cpu):>12,.0f}")
    print("DB CPU: the cluster's processes; fn CPU: the measuring process (the Storage server"
          " is not in it). idle rows/s: rows / the larger of the two, what the path would do"
          " with a core for each side, as the COPY streams while the function reads")
    print("targets: ops_export >= 100,000 rows/s, peak RSS <= 150 MB")


if __name__ == "__main__":
    main()
