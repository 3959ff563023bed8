"""Ten clients race for one reader's slot through the dev gateway, each with the real supabase
client and their own token: exactly one booking wins, the nine others get CLTKN and leave
nothing behind."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta

import httpx
import psycopg
from test_orders_flow import race, rpc

EVERY_DAY = [{"weekday": d, "starts_at": "00:00", "ends_at": "24:00"} for d in range(1, 8)]


def test_ten_clients_racing_for_one_slot_get_one_booking(supabase_for, make_user, make_client,
                                                         api_url: str, anon_key: str,
                                                         database_dsn: str) -> None:
    reader = make_user("reader")
    rpc(supabase_for(reader), "set_my_availability", p_windows=EVERY_DAY, p_time_zone="UTC")
    starts_at = (datetime.now(UTC) + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    clients = [make_client(f"racer{i}") for i in range(10)]
    callers = [supabase_for(c) for c in clients]

    outcomes = race([lambda c=c: rpc(c, "book_call", p_reader_id=reader.id,
                                     p_service_code="direct_call",
                                     p_starts_at=starts_at.isoformat(), p_minutes=30)
                     for c in callers])
    assert Counter(outcomes) == {"ok": 1, "CLTKN": 9}

    client_ids = [c.id for c in clients]
    with psycopg.connect(database_dsn) as conn:
        bookings = conn.execute(
            "select client_id::text, starts_at from app.call_bookings"
            " where reader_id = %s and cancelled_at is null", (reader.id,)).fetchall()
        (orders,) = conn.execute(
            "select count(*) from app.orders where client_id = any(%s::uuid[])",
            (client_ids,)).fetchone()
        (booked_events,) = conn.execute(
            "select count(*) from app.audit_log where event = 'call.booked'"
            " and new_data ->> 'reader_id' = %s", (reader.id,)).fetchone()
    assert len(bookings) == 1 and bookings[0][1] == starts_at
    assert bookings[0][0] in client_ids
    assert orders == 1, "the losers' orders rolled back with their bookings"
    assert booked_events == 1

    winner = next(c for c in clients if c.id == bookings[0][0])
    calls = rpc(supabase_for(winner), "list_my_calls")["calls"]
    assert [(c["status"], c["reader_id"], c["minutes"]) for c in calls] == [
        ("assigned", reader.id, 30)]
    assert calls[0]["local_starts_at"] == (
        starts_at + timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M:%S+04:00")  # Asia/Dubai

    loser = next(c for c in clients if c.id != winner.id)
    answer = httpx.post(f"{api_url}/rest/v1/rpc/book_call",
                        json={"p_reader_id": reader.id, "p_service_code": "direct_call",
                              "p_starts_at": (starts_at + timedelta(minutes=15)).isoformat(),
                              "p_minutes": 30},
                        headers={"apikey": anon_key, "Authorization": f"Bearer {loser.token}"})
    assert answer.status_code == 400
    assert answer.json()["code"] == "CLTKN"
    assert json.loads(answer.json()["details"]) == {
        "starts_at": (starts_at + timedelta(minutes=15)).isoformat(),
        "ends_at": (starts_at + timedelta(minutes=45)).isoformat()}
