"""The rate limiter under real concurrency, and its admin RPCs through the local API."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from collections.abc import Iterator

import psycopg
import pytest
from psycopg.conninfo import make_conninfo

PARALLEL = 50
CAPACITY = 10


@pytest.fixture
def test_action(database_dsn: str) -> Iterator[str]:
    """A committed rate limit of CAPACITY per hour under a fresh action name."""
    action = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(database_dsn, autocommit=True) as conn:
        conn.execute("insert into app.app_settings (key, value) values (%s, %s)",
                     (f"rate_limit.{action}",
                      psycopg.types.json.Jsonb({"capacity": CAPACITY, "refill_seconds": 3600})))
    yield action
    with psycopg.connect(database_dsn, autocommit=True) as conn:
        conn.execute("delete from app.rate_limit_buckets where action = %s", (action,))
        conn.execute("delete from app.app_settings where key = %s", (f"rate_limit.{action}",))


def test_fifty_parallel_callers_get_exactly_the_budget(database_dsn: str, make_user,
                                                       test_action: str) -> None:
    user = make_user("client")
    dsn = make_conninfo(database_dsn, user="authenticator", password="postgres")
    connections = [psycopg.connect(dsn, autocommit=True) for _ in range(PARALLEL)]
    barrier = threading.Barrier(PARALLEL)
    outcomes: list[str] = []
    lock = threading.Lock()

    def call(conn: psycopg.Connection) -> None:
        with conn.transaction():
            # as the service role: signed-in users may not name a subject (rate_limit_take_own)
            conn.execute("select set_config('role', 'service_role', true),"
                         " set_config('request.jwt.claims', %s, true)",
                         ('{"role": "service_role"}',))
            barrier.wait(timeout=30)
            try:
                with conn.transaction():
                    conn.execute("select app.rate_limit_take(%s, %s)", (test_action, user.id))
                outcome = "ok"
            except psycopg.Error as exc:
                outcome = exc.sqlstate or "?"
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=call, args=(c,)) for c in connections]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    finally:
        for c in connections:
            c.close()

    assert Counter(outcomes) == {"ok": CAPACITY, "PT429": PARALLEL - CAPACITY}
    with psycopg.connect(database_dsn) as conn:
        (tokens,) = conn.execute(
            "select tokens from app.rate_limit_buckets where action = %s and subject = %s",
            (test_action, user.id)).fetchone()
    assert 0 <= tokens < 1


def test_admins_read_and_change_limits_through_the_api(supabase_for, make_user,
                                                       test_action: str) -> None:
    from postgrest.exceptions import APIError

    admin = supabase_for(make_user("admin"))
    changed = admin.rpc("set_rate_limit", {"p_action": test_action, "p_capacity": 3,
                                           "p_refill_seconds": 60}).execute()
    assert changed.data == [{"action": test_action, "capacity": 3, "refill_seconds": 60}]
    listed = {row["action"]: row for row in admin.rpc("list_rate_limits", {}).execute().data}
    assert listed[test_action]["capacity"] == 3
    assert listed["phone_verify_check"]["refill_seconds"] == 900

    with pytest.raises(APIError) as denied:
        supabase_for(make_user("client")).rpc("list_rate_limits", {}).execute()
    assert denied.value.code == "42501"
    with pytest.raises(APIError) as bad:
        admin.rpc("set_rate_limit", {"p_action": test_action, "p_capacity": 0,
                                     "p_refill_seconds": 60}).execute()
    assert bad.value.code == "RLBAD"
