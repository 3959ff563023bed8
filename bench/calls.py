"""Twilio's voice callbacks under load: the conference status webhook next to the gateway's RPC.

    .venv/bin/python bench/calls.py [--callbacks 1000] [--calls 50] [--duplicates 0.3]
                                    [--concurrency 32]

Builds a throw-away cluster and database with the project's migrations, makes `--calls` live
calls (booked as the platform), and serves the dev gateway from this process with the voice
webhooks configured. Then it fires `--callbacks` conference callbacks at
/functions/v1/voice_conference_status, all at once from `--concurrency` threads (each with a
keep-alive connection), every one signed as Twilio signs it over the public URL; a share of
them (`--duplicates`) are repeats of others, as Twilio's retries are, and the order is
shuffled. The baseline, in the same run and the same way: as many POSTs of the RPC
/rest/v1/rpc/get_call (a signed-in client reading their call), the gateway's plain RPC path.
One table: throughput and p50/p95 latency of both, and their ratio. It asserts nothing; it
checks only that every callback was answered 200 and that each call ended up in the state
the in-order callbacks give.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlencode

import psycopg
from twilio.request_validator import RequestValidator

from samia_cli.checks import free_port
from samia_cli.cluster import throwaway_cluster
from samia_cli.config import LOCAL_JWT_SECRET
from samia_cli.testdb import create_test_database
from samia_cli.testserver import function_settings, serve_test_gateway
from samia_cli.tokens import api_key, user_token
from samia_cli.users import create_user

ROOT = Path(__file__).resolve().parents[1]
PUBLIC_BASE = "https://samia.example.test/functions/v1"
AUTH_TOKEN = uuid.uuid4().hex
WEBHOOK = "voice_conference_status"


@dataclass(frozen=True)
class Request:
    path: str
    body: bytes
    headers: dict[str, str]


@dataclass(frozen=True)
class Result:
    seconds: float
    latencies_ms: list[float]
    statuses: list[int]

    @property
    def rate(self) -> float:
        return len(self.latencies_ms) / self.seconds

    def p(self, pct: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def make_calls(dsn: str, count: int) -> list[tuple[str, str, object]]:
    """`count` calls dialling, each with its own client and reader; (call id, order id, the
    client as a tokens.AuthUser)."""
    made = []
    with psycopg.connect(dsn, autocommit=True) as conn:
        for n in range(count):
            client = create_user(conn, f"bench-client-{n}@bench.local", "client")
            reader = create_user(conn, f"bench-reader-{n}@bench.local", "reader")
            for user in (client, reader):
                conn.execute("update auth.users set raw_app_meta_data = raw_app_meta_data"
                             " || jsonb_build_object('test_identifier', id::text)"
                             " where id = %s", (user.id,))
            (order_id,) = conn.execute("select tests.create_booked_call(%s, %s, now(), 30)",
                                       (client.id, reader.id)).fetchone()
            (call_id,) = conn.execute(
                "insert into app.calls (order_id, conference_name, time_limit_seconds)"
                " values (%s, 'bk_' || %s, 1800) returning id", (order_id, order_id)).fetchone()
            made.append((str(call_id), str(order_id), client))
    return made


def conference_callbacks(call_id: str, events: int) -> list[dict[str, str]]:
    """A call's conference events in Twilio's order: both join, it starts, mutes and unmutes
    while a monitor listens, and it ends."""
    conference = "CF" + uuid.uuid4().hex
    start = time.time()
    names = ["participant-join", "participant-join", "conference-start"]
    names += ["participant-mute", "participant-unmute"] * ((events - 4) // 2)
    names = names[:events - 1] + ["conference-end"]
    out = []
    for seq, name in enumerate(names):
        params = {"ConferenceSid": conference, "FriendlyName": "bk", "AccountSid": "AC" + "0" * 32,
                  "SequenceNumber": str(seq), "StatusCallbackEvent": name,
                  "Timestamp": format_datetime_at(start + seq)}
        if name == "participant-join":
            params["ParticipantLabel"] = "reader" if seq == 0 else "client"
            params["CallSid"] = "CA" + uuid.uuid4().hex
        out.append(params)
    return out


def format_datetime_at(epoch: float) -> str:
    return format_datetime(datetime.fromtimestamp(int(epoch), UTC))


def signed(call_id: str, params: dict[str, str]) -> Request:
    query = f"call={call_id}"
    signature = RequestValidator(AUTH_TOKEN).compute_signature(
        f"{PUBLIC_BASE}/{WEBHOOK}?{query}", params)
    return Request(f"/functions/v1/{WEBHOOK}?{query}", urlencode(params).encode(),
                   {"Content-Type": "application/x-www-form-urlencoded",
                    "X-Twilio-Signature": signature})


def fire(base_url: str, requests: list[Request], concurrency: int) -> Result:
    """Every request once, from `concurrency` threads with a keep-alive connection each."""
    host, port = base_url.removeprefix("http://").split(":")
    local = threading.local()
    latencies: list[float] = []
    statuses: list[int] = []
    lock = threading.Lock()

    def send(request: Request) -> None:
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = local.conn = http.client.HTTPConnection(host, int(port), timeout=60)
        began = time.perf_counter()
        conn.request("POST", request.path, body=request.body, headers=request.headers)
        response = conn.getresponse()
        response.read()
        with lock:
            latencies.append((time.perf_counter() - began) * 1000)
            statuses.append(response.status)

    began = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(send, requests))
    return Result(time.perf_counter() - began, latencies, statuses)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--callbacks", type=int, default=1000)
    parser.add_argument("--calls", type=int, default=50)
    parser.add_argument("--duplicates", type=float, default=0.3)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()

    cluster = throwaway_cluster(free_port(), with_pgtap=False)
    cluster.init()
    cluster.start()
    try:
        dsn = create_test_database(cluster.dsn(), "samia_bench_calls", ROOT, pgtap=False)
        calls = make_calls(dsn, args.calls)
        distinct = round(args.callbacks * (1 - args.duplicates))
        per_call = max(4, distinct // len(calls))
        fired = {call_id: conference_callbacks(call_id, per_call) for call_id, _, _ in calls}
        originals = [signed(call_id, p) for call_id, events in fired.items() for p in events]
        rng = random.Random(1201)  # noqa: S311  (a reproducible load, not a secret)
        callbacks = originals + rng.choices(originals, k=args.callbacks - len(originals))
        rng.shuffle(callbacks)

        rpc = []
        for _, order_id, client in calls:
            token = user_token(LOCAL_JWT_SECRET, client, issuer="bench")
            rpc.append(Request("/rest/v1/rpc/get_call",
                               json.dumps({"p_order_id": order_id}).encode(),
                               {"Content-Type": "application/json",
                                "Authorization": f"Bearer {token}",
                                "apikey": api_key(LOCAL_JWT_SECRET, "anon")}))
        baseline_requests = [rpc[n % len(rpc)] for n in range(len(callbacks))]

        storage = Path(tempfile.mkdtemp(prefix="samia-bench-storage-"))
        # the webhook's settings, as deploy.sh passes them (the process is ours alone)
        os.environ.update({"TWILIO_AUTH_TOKEN": AUTH_TOKEN,
                           "TWILIO_WEBHOOK_BASE_URL": PUBLIC_BASE})
        with function_settings(dsn), serve_test_gateway(dsn, ROOT, storage) as url:
            fire(url, baseline_requests[:50], args.concurrency)  # warm up pools and caches
            baseline = fire(url, baseline_requests, args.concurrency)
            webhook = fire(url, callbacks, args.concurrency)

        with psycopg.connect(dsn) as conn:
            states = conn.execute("select state, end_reason, count(*) from app.calls"
                                  " group by 1, 2").fetchall()
            stored = conn.execute("select count(*) from app.call_events").fetchone()[0]
    finally:
        cluster.destroy()

    print(f"{len(callbacks)} conference callbacks ({len(originals)} distinct over {len(calls)} "
          f"calls, {len(callbacks) - len(originals)} duplicates, shuffled), {args.concurrency} "
          "concurrent callers, dev gateway in-process")
    print(f"{'path':<44} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'non-200':>8}")
    for name, result in (("POST /rest/v1/rpc/get_call (baseline)", baseline),
                         (f"POST /functions/v1/{WEBHOOK}", webhook)):
        bad = sum(s != 200 for s in result.statuses)
        print(f"{name:<44} {result.rate:>8.1f} {statistics.median(result.latencies_ms):>8.1f} "
              f"{result.p(95):>8.1f} {bad:>8}")
    print(f"webhook / baseline throughput: {webhook.rate / baseline.rate:.2f}; "
          f"p95: {webhook.p(95) / baseline.p(95):.2f}")
    print(f"events stored once each: {stored} of {len(originals)} distinct; final calls: "
          + ", ".join(f"{n} {state}/{reason}" for state, reason, n in states))


if __name__ == "__main__":
    main()
