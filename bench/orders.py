"""Orders at scale: RLS overhead on list/get and create_order throughput.

    .venv/bin/python bench/orders.py [--orders 1000000] [--clients 10000] [--readers 200]
                                     [--samples 300] [--seconds 15]

Builds a throw-away cluster and database with the project's migrations, loads the orders, then
prints one table: each RPC as the `authenticated` role with RLS on next to the same RPC with the
same JWT claims run by the table owner (RLS bypassed), and create_order transactions per second
on 1 and 8 connections next to pgbench's built-in tpcb-like TPS on the same server. It asserts
nothing; the targets are printed beside the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict

from samia_cli import migrator
from samia_cli.checks import free_port
from samia_cli.cluster import BIN_DIR, throwaway_cluster
from samia_cli.testdb import with_dbname

ROOT = Path(__file__).resolve().parents[1]

LOAD_SQL = """
insert into auth.users (id, aud, role, email, raw_app_meta_data, created_at, updated_at)
select gen_random_uuid(), 'authenticated', 'authenticated',
       case when n <= %(clients)s then 'client' || n else 'reader' || n end || '@bench.local',
       jsonb_build_object('role', case when n <= %(clients)s then 'client' else 'reader' end),
       now(), now()
from generate_series(1, %(clients)s + %(readers)s) as n;

create schema bench;
create table bench.clients as
select row_number() over (order by id) as n, id from app.profiles where role = 'client';
create table bench.readers as
select row_number() over (order by id) as n, id from app.profiles where role = 'reader';
create unique index on bench.clients (n);
create unique index on bench.readers (n);

-- clients may order: complete profile, verified phone, adult
update app.profiles as p
set first_name = 'Bench', last_name = 'Client', date_of_birth = date '1990-05-05',
    country_code = 'SA', time_zone = 'Asia/Riyadh', language = 'en',
    phone = '+9665' || lpad(c.n::text, 8, '0'), phone_verified = true
from bench.clients as c where c.id = p.id;

-- bulk load without the workflow triggers; the rows still satisfy every check constraint
set session_replication_role = replica;
insert into app.orders (client_id, service_code, reader_id, status, question,
                        created_at, updated_at)
select c.id, s.code,
       case when st.status = 'new' then null else r.id end,
       st.status, 'What does the card say about question ' || g || '?',
       now() - make_interval(secs => g), now() - make_interval(secs => g)
from generate_series(1, %(orders)s) as g
cross join lateral (select (1 + (g::bigint * 7919) %% %(clients)s) as cn,
                           (1 + (g::bigint * 104729) %% %(readers)s) as rn) as pick
join bench.clients as c on c.n = pick.cn
join bench.readers as r on r.n = pick.rn
cross join lateral (select (array['tarot', 'coffee', 'healing', 'astro'])[1 + g %% 4] as code) as s
cross join lateral (
    select (array['new', 'assigned', 'in_progress', 'awaiting_approval', 'delivered',
                  'delivered', 'delivered', 'delivered', 'delivered', 'delivered'])
           [1 + (g / 7) %% 10]::app.order_status as status
) as st;
-- submitted and delivered orders carry their result, as the workflow requires
insert into app.order_results (order_id, output_text)
select o.id, 'The answer.' from app.orders as o
where o.status in ('awaiting_approval', 'delivered');
set session_replication_role = origin;

-- nobody hits the per-user limits during the throughput run
update app.app_settings set value = '{"capacity": 100000000, "refill_seconds": 1}'
where key in ('rate_limit.orders', 'rate_limit.orders_astro');
"""

CREATE_ORDER_SCRIPT = """\\set n random(1, {clients})
begin;
select set_config('role', 'authenticated', true),
       set_config('request.jwt.claims',
                  json_build_object('sub', id, 'role', 'authenticated')::text, true)
from bench.clients where n = :n;
select public.create_order('tarot', 'Will the benchmark pass?');
commit;
"""


def claims(user_id: str) -> str:
    return json.dumps({"sub": user_id, "role": "authenticated"})


def time_calls(conn: psycopg.Connection, role: str | None, calls: list[tuple[str, str, tuple]],
               ) -> list[float]:
    """Milliseconds per call: each call in its own transaction with the caller's claims set."""
    timings = []
    for user_id, query, params in calls:
        with conn.transaction():
            conn.execute("select set_config('request.jwt.claims', %s, true)", (claims(user_id),))
            if role:
                conn.execute("select set_config('role', %s, true)", (role,))
            started = time.perf_counter()
            conn.execute(query, params).fetchall()
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def pgbench(dsn_parts: dict, dbname: str, args: list[str]) -> float:
    env = {**os.environ, "PGHOST": dsn_parts["host"], "PGPORT": str(dsn_parts["port"]),
           "PGUSER": "postgres", "PGPASSWORD": dsn_parts["password"]}
    result = subprocess.run([str(BIN_DIR / "pgbench"), *args, dbname], env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"pgbench {' '.join(args)} failed:\n{result.stderr[-2000:]}")
    match = re.search(r"tps = ([0-9.]+)", result.stdout)
    return float(match.group(1)) if match else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--readers", type=int, default=200)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--seconds", type=int, default=15)
    args = parser.parse_args()
    rng = random.Random(7)  # noqa: S311 - a reproducible sample, not a secret

    cluster = throwaway_cluster(free_port(), with_pgtap=False)
    cluster.init()
    cluster.start()
    try:
        with migrator.connect(cluster.dsn()) as conn:
            conn.execute("create database bench")
            conn.execute("create database pgbench")
        dsn = with_dbname(cluster.dsn(), "bench")
        started = time.perf_counter()
        with migrator.connect(dsn) as conn:
            migrator.apply_bootstrap(conn)
            migrator.migrate(conn, ROOT)
            with conn.transaction():
                # several statements with parameters: bound client-side
                sizes = {"orders": args.orders, "clients": args.clients, "readers": args.readers}
                psycopg.ClientCursor(conn).execute(LOAD_SQL, sizes)
            conn.execute("vacuum analyze")
            clients = [r[0] for r in conn.execute("select id::text from bench.clients")]
            readers = [r[0] for r in conn.execute("select id::text from bench.readers")]
            orders = conn.execute(
                "select id::text, client_id::text from app.orders tablesample system (1) "
                "limit %s", (args.samples,)).fetchall()
        load_seconds = time.perf_counter() - started

        workloads = {
            "list_orders, reader (20 newest)": [
                (rng.choice(readers), "select public.list_orders()", ()) for _ in
                range(args.samples)],
            "list_orders, client (20 newest)": [
                (rng.choice(clients), "select public.list_orders()", ()) for _ in
                range(args.samples)],
            "get_order, own order (client)": [
                (client, "select public.get_order(%s)", (order,)) for order, client in orders],
        }
        rows = []
        # one connection per side: a role switch would replan every RLS-dependent plan
        with psycopg.connect(dsn) as as_user, psycopg.connect(dsn) as as_owner:
            for name, calls in workloads.items():
                time_calls(as_user, "authenticated", calls[:20])  # warm caches and plans
                time_calls(as_owner, None, calls[:20])
                # the two sides alternate call by call, so a checkpoint or a noisy neighbour
                # slows both alike instead of skewing the ratio
                rls, owner = [], []
                for call in calls:
                    rls += time_calls(as_user, "authenticated", [call])
                    owner += time_calls(as_owner, None, [call])
                rows.append((name, rls, owner))

        parts = conninfo_to_dict(cluster.dsn())
        pgbench(parts, "pgbench", ["-i", "-q", "-s", "10"])
        with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
            script.write(CREATE_ORDER_SCRIPT.format(clients=args.clients))
        try:
            throughput = []
            for conns in (1, 8):
                flags = ["-n", "-c", str(conns), "-j", str(min(conns, 2)), "-T", str(args.seconds)]
                tpcb = pgbench(parts, "pgbench", ["-b", "tpcb-like", *flags])
                create = pgbench(parts, "bench", ["-f", script.name, *flags])
                throughput.append((conns, create, tpcb))
        finally:
            os.unlink(script.name)
    finally:
        cluster.destroy()

    print(f"{args.orders:,} orders, {args.clients:,} clients, {args.readers} readers; "
          f"built and migrated in {load_seconds:.0f} s; PostgreSQL 18, {os.cpu_count()} cores")
    print()
    print(f"{'query (ms)':<34} {'RLS p50':>8} {'RLS p95':>8} {'owner p50':>10} "
          f"{'owner p95':>10} {'ratio p50':>10}  target")
    for name, rls, owner in rows:
        ratio = statistics.median(rls) / statistics.median(owner)
        print(f"{name:<34} {statistics.median(rls):>8.2f} {percentile(rls, 95):>8.2f} "
              f"{statistics.median(owner):>10.2f} {percentile(owner, 95):>10.2f} "
              f"{ratio:>9.2f}x  <= 1.50x")
    print()
    print(f"{'throughput':<34} {'create_order tps':>17} {'tpcb-like tps':>14} {'share':>7}  target")
    for conns, create, tpcb in throughput:
        share = create / tpcb if tpcb else 0.0
        label = f"{conns} connection{'s' if conns > 1 else ''}"
        print(f"{label:<34} {create:>17.0f} {tpcb:>14.0f} {share:>6.0%}  >= 40%")


if __name__ == "__main__":
    main()
