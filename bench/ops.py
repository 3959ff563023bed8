"""ops_snapshot and ops_metrics at a million orders.

    .venv/bin/python bench/ops.py [--orders 1000000] [--samples 30]

Builds a throw-away database with a year of operations (bench/ops_data.py), then times, as an
admin through the `authenticated` role with RLS on (as PostgREST calls them), ops_snapshot and
ops_metrics over the last 30 days by day and the last year by week. Baseline, measured in the
same run: `select count(*) from app.orders` by the table owner, one plain pass over the orders.
Prints one table of p50/p95 milliseconds and the ratio to the baseline; asserts nothing. Target:
ops_snapshot p50 <= 200 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ops_data import ops_database, percentile  # noqa: E402

WORKLOADS = {
    "ops_snapshot()": "select public.ops_snapshot()",
    "ops_metrics(30 days, day)":
        "select public.ops_metrics(now() - interval '30 days', now(), 'day')",
    "ops_metrics(365 days, week)":
        "select public.ops_metrics(now() - interval '365 days', now(), 'week')",
}
BASELINE = "select count(*) from app.orders"


def timed(conn: psycopg.Connection, query: str, admin_id: str | None, samples: int,
          ) -> list[float]:
    """Milliseconds per call, each in its own transaction (as the admin when given)."""
    out = []
    for _ in range(samples):
        with conn.transaction():
            if admin_id:
                conn.execute("select set_config('request.jwt.claims', %s, true),"
                             " set_config('role', 'authenticated', true)",
                             (json.dumps({"sub": admin_id, "role": "authenticated"}),))
            started = time.perf_counter()
            conn.execute(query).fetchall()
            out.append((time.perf_counter() - started) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=30)
    args = parser.parse_args()
    with ops_database(args.orders) as db, psycopg.connect(db.dsn) as conn:
        timed(conn, BASELINE, None, 3)  # warm the cache
        base = timed(conn, BASELINE, None, args.samples)
        rows = []
        for name, query in WORKLOADS.items():
            timed(conn, query, db.admin_id, 2)
            samples = args.samples if "snapshot" in name else max(5, args.samples // 3)
            rows.append((name, timed(conn, query, db.admin_id, samples)))
        load = db.load_seconds

    base_p50 = statistics.median(base)
    print(f"{args.orders:,} orders over 365 days; loaded in {load:.0f} s; PostgreSQL 18, "
          f"{os.cpu_count()} cores")
    print(f"{'call (as an admin, RLS on)':<32} {'p50 ms':>9} {'p95 ms':>9} {'x baseline':>11}"
          f"  target")
    print(f"{'baseline: count(*) as owner':<32} {base_p50:>9.1f} {percentile(base, 95):>9.1f}"
          f" {1.0:>11.2f}")
    for name, values in rows:
        p50 = statistics.median(values)
        target = "p50 <= 200 ms" if "snapshot" in name else ""
        print(f"{name:<32} {p50:>9.1f} {percentile(values, 95):>9.1f} {p50 / base_p50:>11.2f}"
              f"  {target}")


if __name__ == "__main__":
    main()
