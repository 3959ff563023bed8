"""Attacks on the live-call functions: supervising a call before both parties are in (the
monitor's leg would start the conference, its recording and its clock), bodies of the wrong
type, and webhook bodies no signature covers."""

from __future__ import annotations

import pytest

from .conftest import call_row
from .test_webhooks import start_call


def test_a_monitor_cannot_listen_before_both_parties_are_in(
        call_fn, book, voice, make_monitor, database_dsn):
    booking = book()
    monitor = make_monitor()
    _, reader_leg, _ = start_call(call_fn, booking, voice, database_dsn)
    voice.answer(reader_leg.sid)  # the reader waits alone in the conference
    assert {r.status_code for r in voice.flush()} == {200}
    assert call_row(database_dsn, booking.order_id)["state"] == "waiting"

    r = call_fn("monitor_listen", monitor, {"order_id": booking.order_id})
    assert (r.status_code, r.json()["code"]) == (400, "VCNLV"), r.text
    room = voice.conference_named(f"bk_{booking.order_id}")
    assert room.status == "init" and list(room.participants) == [reader_leg.sid]
    voice.flush()
    row = call_row(database_dsn, booking.order_id)
    assert (row["state"], row["started_at"]) == ("waiting", None)


@pytest.mark.parametrize("body", [
    {"reason": 123}, {"reason": {"why": "x"}}, {"reason": ["x"]},
    {"reason": "rude", "block": ["client"]}, {"reason": "rude", "block": {"x": 1}},
    {"reason": "rude", "block": 1},
])
def test_a_drop_with_a_reason_or_block_of_the_wrong_type_is_a_400(
        call_fn, book, voice, make_monitor, database_dsn, body):
    booking = book()
    monitor = make_monitor()
    start_call(call_fn, booking, voice, database_dsn)
    r = call_fn("calls_terminate", monitor, {"order_id": booking.order_id, **body})
    assert r.status_code == 400, r.text
    assert r.json()["code"] == "BADRQ"
    assert call_row(database_dsn, booking.order_id)["state"] == "dialing"


def test_a_huge_block_value_is_refused_without_being_echoed(
        call_fn, book, voice, make_monitor, database_dsn):
    booking = book()
    monitor = make_monitor()
    start_call(call_fn, booking, voice, database_dsn)
    r = call_fn("calls_terminate", monitor, {"order_id": booking.order_id, "reason": "rude",
                                              "block": "x" * 200_000})
    assert (r.status_code, r.json()["code"]) == (400, "VCACT")
    assert len(r.content) < 2_000
    assert call_row(database_dsn, booking.order_id)["state"] == "dialing"


def test_a_monitor_who_hung_up_may_listen_again_but_not_whisper_through_the_old_leg(
        call_fn, book, voice, make_monitor, database_dsn):
    booking = book()
    monitor = make_monitor()
    _, reader_leg, client_leg = start_call(call_fn, booking, voice, database_dsn)
    voice.answer(reader_leg.sid)
    voice.answer(client_leg.sid)
    assert {r.status_code for r in voice.flush()} == {200}
    r = call_fn("monitor_listen", monitor, {"order_id": booking.order_id})
    assert r.status_code == 200, r.text
    first_leg = r.json()["monitor_call_sid"]

    voice.hangup(first_leg)  # the monitor puts the phone down; the call goes on
    assert {r.status_code for r in voice.flush()} == {200}
    assert call_row(database_dsn, booking.order_id)["state"] == "in_progress"
    r = call_fn("monitor_whisper", monitor, {"order_id": booking.order_id})
    assert (r.status_code, r.json()["code"]) == (400, "VCNLS"), r.text
    r = call_fn("monitor_listen", monitor, {"order_id": booking.order_id})
    assert r.status_code == 200, r.text
    assert r.json()["monitor_call_sid"] != first_leg
    room = voice.conference_named(f"bk_{booking.order_id}")
    assert r.json()["monitor_call_sid"] in room.participants
