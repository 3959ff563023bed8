"""The dev API gateway against the database it fronts: RPC throughput and latency, and /health
under load.

    .venv/bin/python bench/gateway.py [--seconds 8] [--callers 1,8,32] [--processes 4]
                                      [--rounds 4] [--client http.client|httpx]

Builds a throw-away cluster and database with the project's migrations and users, serves the
gateway (create_app + cheroot, as `samia serve` does) from a process of its own, as `samia serve`
runs it (this one only drives the runs and counts CPU), and prints one table.
Each row runs the same callers twice for the same time (alternating in --rounds slices): once
over HTTP (each caller a thread with its own keep-alive connection), once as the baseline: the
statements PostgREST sends per request (START TRANSACTION; the set_config block with the role's
settings, claims and request headers; the call in PostgREST's template; COMMIT, one round trip
each) from a psycopg pool with one connection per caller. Both sides run in the same client
processes (callers spread over --processes worker processes, so one client GIL caps neither
side). The HTTP client is the stdlib's http.client by default: httpx spends about five times its
CPU per request, which on a small machine is taken from the server being measured; http.client
costs the client about what psycopg's four round trips cost the baseline's (the `client cpu`
columns show both), so the two sides load the machine alike. A last
group of rows shows RPC latency alone and beside 40 /health checkers. It asserts nothing; the
target is printed beside the figures.

On a machine shared with other work the rates, and so their share, swing with the neighbours'
load. The CPU columns do not as much: the CPU each side spends per request (the gateway's
process; the cluster's processes; the client processes), and the share of the baseline's rate
the gateway reaches when the machine's CPU is what limits both. The gateway's own process is
also shown alone: it runs Python under one GIL, so on a machine with CPU to spare its CPU per
request bounds its rate (1000 / `gw proc` requests a second) whatever the other processes do.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import statistics
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.pool import Pool
from pathlib import Path

import httpx
import jwt
from psycopg_pool import ConnectionPool

from samia_cli import migrator
from samia_cli.checks import free_port
from samia_cli.cluster import throwaway_cluster
from samia_cli.config import LOCAL_JWT_SECRET
from samia_cli.gateway import create_app
from samia_cli.gateway.server import THREADS, serving
from samia_cli.stack import health_probe
from samia_cli.testdb import create_test_database
from samia_cli.testserver import authenticator_dsn
from samia_cli.tokens import api_key, user_token
from samia_cli.users import create_user
from samia_functions.postgrest.roles import role_settings, settings_statement

ROOT = Path(__file__).resolve().parents[1]
POSTMASTER_PID: int | None = None  # set once the cluster runs
GATEWAY_PID: int | None = None  # set once the gateway's process serves
HEALTH_CALLERS = 40
HEALTH_INTERVAL = 0.25  # seconds between one health checker's calls (a busy load balancer)
TARGET_SHARE = 0.5  # at 8 callers the gateway should reach half the baseline's rate
# after a run, so that the database has reaped the baseline's connections and counted their CPU
CPU_SETTLE_SECONDS = 0.3

# PostgREST's call template for a function returning rows, called with `{}`.
CALL_SQL = (
    'WITH pgrst_source AS (SELECT pgrst_call.* FROM "public"."{fn}"() pgrst_call) '
    "SELECT pg_catalog.count(_postgrest_t) AS page_total, NULL::bigint AS total, "
    "(coalesce(json_agg(_postgrest_t), '[]'))::text AS body, "
    "nullif(current_setting('response.headers', true), '') AS response_headers, "
    "nullif(current_setting('response.status', true), '') AS response_status "
    "FROM (SELECT pgrst_source.* FROM pgrst_source LIMIT 1000) _postgrest_t")


@dataclass(frozen=True)
class Caller:
    """One simulated client: how it calls over HTTP and what PostgREST would send for it."""

    path: str
    headers: dict[str, str]
    start_sql: str
    context_sql: str
    context_params: list
    call_sql: str


@dataclass(frozen=True)
class Result:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]
    cpu_seconds: float = 0.0  # the gateway's process, PostgreSQL and the clients
    server_cpu_seconds: float = 0.0  # the gateway's process alone
    client_cpu_seconds: float = 0.0  # the client processes alone

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    @property
    def cpu_ms(self) -> float:
        """CPU spent per request (or transaction), all processes together."""
        return self.per_request_ms(self.cpu_seconds)

    def per_request_ms(self, seconds: float) -> float:
        return seconds / self.requests * 1000 if self.requests else 0.0

    def p(self, pct: float) -> float:
        ordered = sorted(self.latencies_ms) or [0.0]
        return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


# -- the client side, run in worker processes -------------------------------------------------
class _HttpClient:
    """One keep-alive connection: stdlib http.client (about 0.25 ms of client CPU per request
    here) or httpx.Client (about 1.3 ms), chosen with --client."""

    def __init__(self, base_url: str, kind: str) -> None:
        self._kind = kind
        if kind == "httpx":
            self._client = httpx.Client(base_url=base_url, timeout=30)
        else:
            host, port = base_url.removeprefix("http://").split(":")
            self._conn = http.client.HTTPConnection(host, int(port), timeout=30)

    def call(self, method: str, path: str, body: bytes | None, headers: dict) -> int:
        if self._kind == "httpx":
            return self._client.request(method, path, content=body, headers=headers).status_code
        self._conn.request(method, path, body=body, headers=headers)
        response = self._conn.getresponse()
        response.read()
        return response.status

    def close(self) -> None:
        if self._kind == "httpx":
            self._client.close()
        else:
            self._conn.close()


def _http_loop(target: tuple[str, str], caller: Caller | None, start: float, stop: float,
               out: list, errors: list) -> None:
    """RPC calls back to back; with no caller, /health checks every HEALTH_INTERVAL s."""
    base_url, kind = target
    client = _HttpClient(base_url, kind)
    try:
        while time.time() < start:
            time.sleep(0.001)
        while (now := time.perf_counter()) and time.time() < stop:
            if caller is None:
                status = client.call("GET", "/health", None, {})
            else:
                status = client.call("POST", caller.path, b"{}", caller.headers)
            out.append((time.perf_counter() - now) * 1000)
            if status != 200:
                errors.append(status)
            if caller is None:
                time.sleep(max(0.0, HEALTH_INTERVAL - (time.perf_counter() - now)))
    finally:
        client.close()


def _sql_loop(pool: ConnectionPool, caller: Caller, start: float, stop: float,
              out: list, errors: list) -> None:
    with pool.connection() as conn:  # one connection per caller, held like a keep-alive
        while time.time() < start:
            time.sleep(0.001)
        while (now := time.perf_counter()) and time.time() < stop:
            try:
                conn.execute(caller.start_sql)
                conn.execute(caller.context_sql, caller.context_params)
                conn.execute(caller.call_sql).fetchone()
                conn.execute("COMMIT")
            except Exception:
                conn.execute("ROLLBACK")
                errors.append("sql")
            out.append((time.perf_counter() - now) * 1000)


def worker(kind: str, target: str | tuple[str, str], callers: list[Caller], start: float,
           seconds: float) -> tuple[list[float], int, float]:
    """Run `callers` as threads of this process until start + seconds; latencies, errors and
    the CPU seconds this process spent."""
    cpu_before = _own_cpu()
    stop = start + seconds
    out: list[float] = []
    errors: list = []
    pool = None
    if kind == "sql":
        pool = ConnectionPool(target, min_size=len(callers), max_size=len(callers),
                              kwargs={"autocommit": True, "prepare_threshold": None})
        pool.wait()
    if kind == "health":
        threads = [threading.Thread(target=_http_loop, args=(target, None, start, stop, out,
                                                             errors))
                   for _ in callers]
    elif kind == "http":
        threads = [threading.Thread(target=_http_loop, args=(target, c, start, stop, out, errors))
                   for c in callers]
    else:
        threads = [threading.Thread(target=_sql_loop, args=(pool, c, start, stop, out, errors))
                   for c in callers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if pool is not None:
        pool.close()
    return out, len(errors), _own_cpu() - cpu_before


def _own_cpu() -> float:
    times = os.times()
    return times.user + times.system


def _process_cpu(pid: int | None) -> float:
    """CPU seconds a live process has spent (Linux /proc; 0 elsewhere)."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _postgres_cpu() -> float:
    """CPU seconds of the cluster: the postmaster, its live children and the children it has
    reaped (Linux /proc; 0 elsewhere, and the CPU columns then count only the rest)."""
    if POSTMASTER_PID is None:
        return 0.0
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if entry.name == str(POSTMASTER_PID):
            total += sum(int(f) for f in fields[11:15])  # its own and its reaped children's
        elif fields[1] == str(POSTMASTER_PID):
            total += int(fields[11]) + int(fields[12])
    return total / tick


def run(processes: Pool, jobs: list[tuple[str, str | tuple[str, str], list[Caller]]],
        seconds: float, spread: int) -> list[Result]:
    """Run each job's callers spread over `spread` processes, all jobs at once; one Result per
    job."""
    start = time.time() + 0.5  # every process and thread is ready by then
    tasks, owners = [], []
    for index, (kind, target, callers) in enumerate(jobs):
        for part in range(spread):
            share = callers[part::spread]
            if share:
                tasks.append((kind, target, share, start, seconds))
                owners.append(index)
    server_before, postgres_before = _process_cpu(GATEWAY_PID), _postgres_cpu()
    answers = processes.starmap(worker, tasks, chunksize=1)
    time.sleep(CPU_SETTLE_SECONDS)
    server = _process_cpu(GATEWAY_PID) - server_before
    shared = server + _postgres_cpu() - postgres_before
    results = []
    for index in range(len(jobs)):
        latencies: list[float] = []
        errors = 0
        client_cpu = 0.0
        for owner, (lat, err, cpu) in zip(owners, answers, strict=True):
            if owner == index:
                latencies += lat
                errors += err
                client_cpu += cpu
        # the server's and the database's CPU belong to a job only when it ran alone
        alone = len(jobs) == 1
        cpu = client_cpu + shared if alone else 0.0
        server_cpu = server if alone and jobs[index][0] != "sql" else 0.0
        results.append(Result(len(latencies), errors, seconds, latencies, cpu, server_cpu,
                              client_cpu))
    return results


def alternate(processes: Pool, jobs: list[tuple[str, str | tuple[str, str], list[Caller]]],
              seconds: float, spread: int, rounds: int) -> list[Result]:
    """Each job alone, in turn, `rounds` times for seconds / rounds: a noisy neighbour on the
    machine then slows every job alike instead of skewing their ratio."""
    parts: list[list[Result]] = [[] for _ in jobs]
    for _ in range(rounds):
        for index, job in enumerate(jobs):
            parts[index] += run(processes, [job], seconds / rounds, spread)
    return [merged(rs) for rs in parts]


def merged(parts: list[Result]) -> Result:
    return Result(sum(r.requests for r in parts), sum(r.errors for r in parts),
                  sum(r.seconds for r in parts), [ms for r in parts for ms in r.latencies_ms],
                  sum(r.cpu_seconds for r in parts), sum(r.server_cpu_seconds for r in parts),
                  sum(r.client_cpu_seconds for r in parts))


# -- the gateway, in a process of its own ------------------------------------------------------
def serve_gateway(dsn: str, gateway_dsn: str, control: Connection) -> None:
    """Serve the gateway as `samia serve` does; send its URL on `control`, stop when it sends
    anything back."""
    app = create_app(gateway_dsn, LOCAL_JWT_SECRET,
                     health_probe=health_probe(dsn, ROOT, "bench"),
                     anon_key=api_key(LOCAL_JWT_SECRET, "anon"),
                     service_key=api_key(LOCAL_JWT_SECRET, "service_role"))
    try:
        with serving(app) as base_url:
            control.send(base_url)
            control.recv()
    finally:
        app.close()


@contextmanager
def gateway_process(dsn: str, gateway_dsn: str) -> Iterator[str]:
    """The gateway's process for the block; yields its URL."""
    global GATEWAY_PID
    here, there = multiprocessing.Pipe()
    process = multiprocessing.get_context("spawn").Process(
        target=serve_gateway, args=(dsn, gateway_dsn, there), name="samia-gateway")
    process.start()
    GATEWAY_PID = process.pid
    try:
        yield here.recv()
    finally:
        here.send("stop")
        process.join(30)
        GATEWAY_PID = None


# -- setup --------------------------------------------------------------------------------------
def make_callers(dsn: str, gateway_dsn: str, n: int) -> dict[str, list[Caller]]:
    """`n` anonymous list_services callers and `n` signed-in get_my_profile callers."""
    anon = api_key(LOCAL_JWT_SECRET, "anon")
    with migrator.connect(dsn) as conn:
        users = [create_user(conn, f"bench{i}@bench.local", "client") for i in range(n)]
    with migrator.connect(gateway_dsn) as conn:  # PostgREST keeps these in its schema cache
        settings = {role: role_settings(conn, role) for role in ("anon", "authenticated")}

    def caller(fn: str, token: str, claims: dict) -> Caller:
        path = f"/rest/v1/rpc/{fn}"
        headers = {"apikey": anon, "Authorization": f"Bearer {token}",
                   "Content-Type": "application/json"}
        seen = {"host": "127.0.0.1", "accept": "*/*", "accept-encoding": "gzip, deflate",
                "connection": "keep-alive", "user-agent": f"python-httpx/{httpx.__version__}",
                "content-length": "2", **{k.lower(): v for k, v in headers.items()}}
        statement, params = settings_statement(
            claims["role"], claims, search_path=["public", "public", "extensions"],
            settings=settings[claims["role"]],
            request=[("request.method", "POST"), ("request.path", f"/rpc/{fn}"),
                     ("request.headers", json.dumps(seen)), ("request.cookies", "{}")])
        with migrator.connect(dsn) as conn:
            context_sql = statement.as_string(conn)
        return Caller(path, headers, "START TRANSACTION ISOLATION LEVEL READ COMMITTED READ ONLY",
                      context_sql, params, CALL_SQL.format(fn=fn))

    signed_in = []
    for user in users:
        token = user_token(LOCAL_JWT_SECRET, user, issuer="bench")
        claims = jwt.decode(token, options={"verify_signature": False})
        signed_in.append(caller("get_my_profile", token, claims))
    anon_claims = jwt.decode(anon, options={"verify_signature": False})
    return {
        "list_services (anon)": [caller("list_services", anon, anon_claims) for _ in range(n)],
        "get_my_profile (signed in)": signed_in,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=8.0,
                        help="per side of each row")
    parser.add_argument("--callers", default="1,8,32")
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=4,
                        help="each row alternates its two sides this many times")
    parser.add_argument("--client", choices=("http.client", "httpx"), default="http.client",
                        help="the HTTP client of the callers (both keep the connection alive)")
    args = parser.parse_args()
    levels = [int(c) for c in args.callers.split(",")]
    # client processes first, before any thread or connection exists in this one
    # (twice as many: the /health row runs two groups of callers at once)
    processes = multiprocessing.get_context("spawn").Pool(2 * args.processes)

    cluster = throwaway_cluster(free_port(), with_pgtap=False)
    cluster.init()
    cluster.start()
    global POSTMASTER_PID
    POSTMASTER_PID = int((cluster.data_dir / "postmaster.pid").read_text().split()[0])
    try:
        dsn = create_test_database(cluster.dsn(), "bench", ROOT, pgtap=False)
        gateway_dsn = authenticator_dsn(dsn)  # as PostgREST connects
        callers = make_callers(dsn, gateway_dsn, max(levels))
        rows = []
        with gateway_process(dsn, gateway_dsn) as base_url:
            url = (base_url, args.client)
            httpx.get(f"{base_url}/health", timeout=60)  # the first probe; later ones are kept
            for group in callers.values():  # warm the pool, caches and plans
                run(processes, [("http", url, group[:8])], 1.0, args.processes)
                run(processes, [("sql", gateway_dsn, group[:8])], 1.0, args.processes)
            for name, group in callers.items():
                for n in levels:
                    spread = min(n, args.processes)
                    gw, base = alternate(processes, [("http", url, group[:n]),
                                                     ("sql", gateway_dsn, group[:n])],
                                         args.seconds, spread, args.rounds)
                    rows.append((name, n, gw, base))
            services = callers["list_services (anon)"][:8]
            checkers = [services[0]] * HEALTH_CALLERS
            alone_parts, loaded_parts, health_parts = [], [], []
            for _ in range(args.rounds):  # alone and beside the checkers, in turn
                alone_parts += run(processes, [("http", url, services)],
                                   args.seconds / args.rounds, args.processes)
                beside, checks = run(processes, [("http", url, services),
                                                 ("health", url, checkers)],
                                     args.seconds / args.rounds, args.processes)
                loaded_parts.append(beside)
                health_parts.append(checks)
            alone, loaded, health = (merged(alone_parts), merged(loaded_parts),
                                     merged(health_parts))
    finally:
        processes.close()
        cluster.destroy()

    print(f"dev gateway (cheroot, {THREADS} threads, pool {THREADS}) vs the statements PostgREST "
          f"sends, psycopg pool; PostgreSQL 18, {os.cpu_count()} cores; {args.seconds:g} s per "
          f"row; each caller a thread with its own keep-alive {args.client} connection (or pooled "
          f"database connection), callers spread over {args.processes} worker processes")
    print()
    print(f"{'RPC':<28} {'callers':>7} {'gw req/s':>9} {'gw p50':>7} {'gw p95':>7} "
          f"{'sql tx/s':>9} {'sql p50':>8} {'sql p95':>8} {'share':>6} {'errors':>6} "
          f"{'gw cpu':>7} {'sql cpu':>7} {'cpu share':>9} {'gw proc':>7} {'gw client':>9} "
          f"{'sql client':>10}  target")
    for name, n, gw, base in rows:
        share = gw.rate / base.rate if base.rate else 0.0
        cpu_share = base.cpu_ms / gw.cpu_ms if gw.cpu_ms else 0.0
        target = f">= {TARGET_SHARE:.0%}" if n == 8 else ""
        print(f"{name:<28} {n:>7} {gw.rate:>9.0f} {gw.p(50):>7.2f} {gw.p(95):>7.2f} "
              f"{base.rate:>9.0f} {base.p(50):>8.2f} {base.p(95):>8.2f} {share:>5.0%} "
              f"{gw.errors + base.errors:>6} {gw.cpu_ms:>7.2f} {base.cpu_ms:>7.2f} "
              f"{cpu_share:>8.0%} {gw.per_request_ms(gw.server_cpu_seconds):>7.2f} "
              f"{gw.per_request_ms(gw.client_cpu_seconds):>9.2f} "
              f"{base.per_request_ms(base.client_cpu_seconds):>10.2f}  {target}")
    print("(latencies in ms; cpu: ms of CPU per request or transaction, the gateway's process, "
          "PostgreSQL and the clients together; cpu share: the share the gateway reaches when "
          "the machine's CPU is what limits both sides; gw proc: the gateway's process alone; "
          "gw client, sql client: the client processes of each side)")
    print()
    print(f"{'list_services, 8 callers':<44} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
          f"{'errors':>6}")
    print(f"{'alone':<44} {alone.rate:>7.0f} {alone.p(50):>7.2f} {alone.p(95):>7.2f} "
          f"{alone.errors:>6}")
    label = f"with {HEALTH_CALLERS} /health checkers, each every {HEALTH_INTERVAL:g} s"
    print(f"{label:<44} {loaded.rate:>7.0f} "
          f"{loaded.p(50):>7.2f} {loaded.p(95):>7.2f} {loaded.errors:>6}")
    print(f"{'  the /health calls themselves':<44} {health.rate:>7.0f} {health.p(50):>7.2f} "
          f"{health.p(95):>7.2f} {health.errors:>6}")
    slower = statistics.median(loaded.latencies_ms) / statistics.median(alone.latencies_ms)
    print(f"RPC p50 with the /health load / without: {slower:.2f}x")


if __name__ == "__main__":
    main()
