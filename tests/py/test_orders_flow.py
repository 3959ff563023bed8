"""The order workflow through the dev gateway with the real supabase client, as a frontend
drives it: the whole path across five users, reject and resubmit, cancellations, profile
requirements, and races that must end with exactly one winner."""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import psycopg
import pytest
from postgrest.exceptions import APIError

INTERNAL_FIELDS = {"reader_note", "monitor_comment", "rejection_reason", "reader_id",
                   "assigned_by", "approved_by", "rejected_by"}


def rpc(client, name: str, **params: Any) -> Any:
    return client.rpc(name, params).execute().data


def error_code(call: Callable[[], Any]) -> str:
    with pytest.raises(APIError) as err:
        call()
    return str(err.value.code)


def test_whole_path_across_five_users(supabase_for, make_user, make_client,
                                      database_dsn: str) -> None:
    alice, bob = make_client("alice"), make_client("bob")
    reader, monitor, admin = make_user("reader"), make_user("monitor"), make_user("admin")
    as_alice, as_bob = supabase_for(alice), supabase_for(bob)
    as_reader, as_monitor = supabase_for(reader), supabase_for(monitor)
    as_admin = supabase_for(admin)

    order = rpc(as_alice, "create_order", p_service_code="tarot", p_question="Will I travel?",
                p_is_gold=True)
    assert order["status"] == "new" and order["is_gold"] is True
    assert not INTERNAL_FIELDS & order.keys()
    order_id = order["id"]

    assert error_code(lambda: rpc(as_bob, "get_order", p_order_id=order_id)) == "ORDNF"
    assert error_code(lambda: rpc(as_reader, "start_order", p_order_id=order_id)) == "ORDNF"
    assert error_code(lambda: rpc(as_monitor, "assign_order", p_order_id=order_id,
                                  p_reader_id=reader.id)) == "42501"

    assigned = rpc(as_admin, "assign_order", p_order_id=order_id, p_reader_id=reader.id)
    assert assigned["status"] == "assigned" and assigned["reader_id"] == reader.id
    assert [o["id"] for o in rpc(as_reader, "list_orders")["orders"]] == [order_id]

    assert rpc(as_reader, "start_order", p_order_id=order_id)["status"] == "in_progress"
    submitted = rpc(as_reader, "submit_order_result", p_order_id=order_id,
                    p_output_text="The Star: yes.", p_reader_note="client seemed anxious")
    assert submitted["status"] == "awaiting_approval"

    waiting = rpc(as_alice, "get_order", p_order_id=order_id)
    assert waiting["status"] == "awaiting_approval" and waiting["output_text"] is None
    assert not INTERNAL_FIELDS & waiting.keys()

    delivered = rpc(as_monitor, "approve_order", p_order_id=order_id, p_comment="fine")
    assert delivered["status"] == "delivered"

    mine = rpc(as_alice, "get_order", p_order_id=order_id)
    assert mine["status"] == "delivered" and mine["output_text"] == "The Star: yes."
    assert mine["delivered_at"] is not None
    assert not INTERNAL_FIELDS & mine.keys()
    assert rpc(as_bob, "list_orders")["orders"] == []
    assert rpc(as_admin, "get_order", p_order_id=order_id)["reader_note"] == "client seemed anxious"

    with psycopg.connect(database_dsn) as conn:
        events = [r[0] for r in conn.execute(
            "select event from app.audit_log where entity_type = 'order' and entity_id = %s"
            " order by id", (order_id,))]
        actors = conn.execute(
            "select assigned_by, approved_by from app.orders where id = %s",
            (order_id,)).fetchone()
    assert events == ["order.created", "order.assigned", "order.in_progress",
                      "order.awaiting_approval", "order.approved", "order.delivered"]
    assert [str(a) for a in actors] == [admin.id, monitor.id]


def test_reject_and_resubmit(supabase_for, make_user, make_client, database_dsn: str) -> None:
    client, reader = make_client(), make_user("reader")
    monitor, admin = make_user("monitor"), make_user("admin")
    as_client, as_reader = supabase_for(client), supabase_for(reader)
    as_monitor = supabase_for(monitor)

    order_id = rpc(as_client, "create_order", p_service_code="coffee", p_question="Cup?")["id"]
    rpc(supabase_for(admin), "assign_order", p_order_id=order_id, p_reader_id=reader.id)
    rpc(as_reader, "start_order", p_order_id=order_id)
    rpc(as_reader, "submit_order_result", p_order_id=order_id, p_output_text="Short.")

    assert error_code(lambda: rpc(as_monitor, "reject_order", p_order_id=order_id,
                                  p_reason=" ")) == "RSNRQ"
    rejected = rpc(as_monitor, "reject_order", p_order_id=order_id,
                   p_reason="Explain the symbols in the cup.")
    assert rejected["status"] == "rejected"
    assert rpc(as_reader, "get_order", p_order_id=order_id)["rejection_reason"] == (
        "Explain the symbols in the cup.")
    seen = rpc(as_client, "get_order", p_order_id=order_id)
    assert "rejection_reason" not in seen and seen["output_text"] is None

    resubmitted = rpc(as_reader, "submit_order_result", p_order_id=order_id,
                      p_output_text="A bird near the rim: news from afar.")
    assert resubmitted["status"] == "awaiting_approval"
    assert rpc(as_monitor, "approve_order", p_order_id=order_id)["status"] == "delivered"
    assert rpc(as_client, "get_order", p_order_id=order_id)["output_text"] == (
        "A bird near the rim: news from afar.")

    with psycopg.connect(database_dsn) as conn:
        actions = [r[0] for r in conn.execute(
            "select action from app.moderation_actions where target_order_id = %s order by id",
            (order_id,))]
    assert actions == ["reject", "approve"]


def test_cancellations(supabase_for, make_user, make_client) -> None:
    client, reader, admin = make_client(), make_user("reader"), make_user("admin")
    as_client, as_reader, as_admin = supabase_for(client), supabase_for(reader), supabase_for(admin)

    def new_order() -> str:
        return rpc(as_client, "create_order", p_service_code="tarot", p_question="Q?")["id"]

    first = new_order()
    cancelled = rpc(as_client, "cancel_order", p_order_id=first, p_reason="changed my mind")
    assert cancelled["status"] == "cancelled" and cancelled["cancel_reason"] == "changed my mind"
    assert error_code(lambda: rpc(as_client, "cancel_order", p_order_id=first,
                                  p_reason="again")) == "ORDTR"

    second = new_order()
    rpc(as_admin, "assign_order", p_order_id=second, p_reader_id=reader.id)
    assert rpc(as_client, "cancel_order", p_order_id=second,
               p_reason="too slow")["status"] == "cancelled"

    third = new_order()
    rpc(as_admin, "assign_order", p_order_id=third, p_reader_id=reader.id)
    rpc(as_reader, "start_order", p_order_id=third)
    assert error_code(lambda: rpc(as_client, "cancel_order", p_order_id=third,
                                  p_reason="too late")) == "ORDTR"
    assert error_code(lambda: rpc(as_reader, "cancel_order", p_order_id=third,
                                  p_reason="busy")) == "42501"
    assert rpc(as_admin, "cancel_order", p_order_id=third,
               p_reason="reader unavailable")["status"] == "cancelled"
    assert error_code(lambda: rpc(as_reader, "submit_order_result", p_order_id=third,
                                  p_output_text="late")) == "ORDTR"

    statuses = Counter(o["status"] for o in rpc(as_client, "list_orders")["orders"])
    assert statuses == {"cancelled": 3}


def test_profile_requirements_and_blocks(supabase_for, make_user, make_client) -> None:
    newcomer = supabase_for(make_user("client"))
    with pytest.raises(APIError) as err:
        rpc(newcomer, "create_order", p_service_code="tarot", p_question="Q?")
    assert err.value.code == "ORDPF"
    missing = json.loads(err.value.details)["missing_fields"]
    assert "phone_verified" in missing and "first_name" in missing

    client, reader = make_client(), make_user("reader")
    monitor, admin = make_user("monitor"), make_user("admin")
    as_monitor, as_admin = supabase_for(monitor), supabase_for(admin)
    assert error_code(lambda: rpc(as_monitor, "block_profile", p_target_id=admin.id,
                                  p_reason="no")) == "42501"
    rpc(as_monitor, "block_profile", p_target_id=client.id, p_reason="abuse")
    rpc(as_monitor, "block_profile", p_target_id=reader.id, p_reason="copying")
    blocked = {b["profile_id"]: b["reason"] for b in rpc(as_monitor, "list_blocks")}
    assert blocked[client.id] == "abuse" and blocked[reader.id] == "copying"

    as_client = supabase_for(client)
    assert error_code(lambda: rpc(as_client, "create_order", p_service_code="tarot",
                                  p_question="Q?")) == "USRBL"
    assert error_code(lambda: rpc(as_monitor, "unblock_profile", p_target_id=client.id,
                                  p_reason="ok")) == "42501"
    rpc(as_admin, "unblock_profile", p_target_id=client.id, p_reason="appeal accepted")
    order_id = rpc(as_client, "create_order", p_service_code="tarot", p_question="Q?")["id"]
    assert error_code(lambda: rpc(as_admin, "assign_order", p_order_id=order_id,
                                  p_reader_id=reader.id)) == "ORDRD"


def race(calls: list[Callable[[], Any]]) -> list[str]:
    """Run the calls at the same moment on their own threads; 'ok' or the error code each."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(call: Callable[[], Any]) -> None:
        barrier.wait(timeout=30)
        try:
            call()
            outcome = "ok"
        except APIError as exc:
            outcome = str(exc.code)
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


def test_two_monitors_approving_at_once_have_one_winner(supabase_for, make_user, make_client,
                                                         database_dsn: str) -> None:
    client, reader, admin = make_client(), make_user("reader"), make_user("admin")
    as_reader = supabase_for(reader)
    order_id = rpc(supabase_for(client), "create_order", p_service_code="tarot",
                   p_question="Q?")["id"]
    rpc(supabase_for(admin), "assign_order", p_order_id=order_id, p_reader_id=reader.id)
    rpc(as_reader, "start_order", p_order_id=order_id)
    rpc(as_reader, "submit_order_result", p_order_id=order_id, p_output_text="Yes.")

    monitors = [supabase_for(make_user("monitor")) for _ in range(2)]
    outcomes = race([lambda m=m: rpc(m, "approve_order", p_order_id=order_id)
                     for m in monitors])
    assert Counter(outcomes) == {"ok": 1, "ORDTR": 1}
    with psycopg.connect(database_dsn) as conn:
        (status,) = conn.execute("select status::text from app.orders where id = %s",
                                 (order_id,)).fetchone()
        (approvals,) = conn.execute(
            "select count(*) from app.moderation_actions where target_order_id = %s",
            (order_id,)).fetchone()
    assert status == "delivered" and approvals == 1


def test_two_admins_assigning_at_once_have_one_winner(supabase_for, make_user, make_client,
                                                       database_dsn: str) -> None:
    order_id = rpc(supabase_for(make_client()), "create_order", p_service_code="tarot",
                   p_question="Q?")["id"]
    readers = [make_user("reader") for _ in range(2)]
    admins = [supabase_for(make_user("admin")) for _ in range(2)]
    outcomes = race([lambda a=a, r=r: rpc(a, "assign_order", p_order_id=order_id,
                                          p_reader_id=r.id)
                     for a, r in zip(admins, readers, strict=True)])
    assert Counter(outcomes) == {"ok": 1, "ORDTR": 1}
    with psycopg.connect(database_dsn) as conn:
        (reader_id,) = conn.execute("select reader_id from app.orders where id = %s",
                                    (order_id,)).fetchone()
        (assignments,) = conn.execute(
            "select count(*) from app.audit_log where entity_id = %s and event = 'order.assigned'",
            (order_id,)).fetchone()
    assert assignments == 1
    assert str(reader_id) in {r.id for r in readers}


@pytest.fixture
def orders_limit_of_ten(database_dsn: str) -> Iterator[None]:
    """rate_limit.orders at 10 per hour for the test, restored afterwards."""
    with psycopg.connect(database_dsn, autocommit=True) as conn:
        (old,) = conn.execute(
            "select value from app.app_settings where key = 'rate_limit.orders'").fetchone()
        conn.execute("update app.app_settings set value = %s where key = 'rate_limit.orders'",
                     (json.dumps({"capacity": 10, "refill_seconds": 3600}),))
    yield
    with psycopg.connect(database_dsn, autocommit=True) as conn:
        conn.execute("update app.app_settings set value = %s where key = 'rate_limit.orders'",
                     (json.dumps(old),))


def test_fifty_concurrent_orders_against_a_limit_of_ten(supabase_for, make_client, api_url: str,
                                                        anon_key: str, database_dsn: str,
                                                        orders_limit_of_ten: None) -> None:
    client = make_client()
    clients = [supabase_for(client) for _ in range(50)]
    outcomes = race([lambda c=c, i=i: rpc(c, "create_order", p_service_code="tarot",
                                          p_question=f"Question {i}")
                     for i, c in enumerate(clients)])
    assert Counter(outcomes) == {"ok": 10, "PT429": 40}

    answer = httpx.post(f"{api_url}/rest/v1/rpc/create_order",
                        json={"p_service_code": "tarot", "p_question": "One more?"},
                        headers={"apikey": anon_key, "Authorization": f"Bearer {client.token}"})
    assert answer.status_code == 429
    assert answer.json()["code"] == "PT429"
    assert json.loads(answer.json()["details"])["retry_after_seconds"] >= 1

    with psycopg.connect(database_dsn) as conn:
        (count,) = conn.execute("select count(*) from app.orders where client_id = %s",
                                (client.id,)).fetchone()
    assert count == 10
    assert len(rpc(supabase_for(client), "list_orders", p_limit=100)["orders"]) == 10
