"""A monitor has one live listening leg per call: listening twice is VCLSN while their phone
is in the conference; once Twilio reports the leg leaving (the participant-leave callback,
delivered twice and out of order here), the monitor may listen again, on a new leg, and
whisper on that one."""

from __future__ import annotations

import random

import psycopg

from .conftest import phone_of


def test_a_monitor_who_left_may_listen_again(call_fn, book, make_monitor, voice, twilio,
                                             database_dsn):
    booking = book(minutes=30)
    monitor = make_monitor()
    r = call_fn("calls_initiate", booking.reader, {"order_id": booking.order_id})
    assert r.status_code == 200, r.text
    reader_leg, = voice.calls_to(phone_of(database_dsn, booking.reader))
    client_leg, = voice.calls_to(phone_of(database_dsn, booking.client))
    voice.answer(reader_leg.sid)
    voice.answer(client_leg.sid)
    voice.flush()

    r = call_fn("monitor_listen", monitor, {"order_id": booking.order_id})
    assert r.status_code == 200, r.text
    first_leg = r.json()["monitor_call_sid"]
    r = call_fn("monitor_listen", monitor, {"order_id": booking.order_id})
    assert (r.status_code, r.json()["code"]) == (400, "VCLSN")

    voice.hangup(first_leg)  # the monitor puts the phone down
    callbacks = voice.take()
    shuffled = callbacks + callbacks[:2]
    random.Random(7).shuffle(shuffled)  # noqa: S311  (a test's delivery order)
    assert {a.status_code for a in voice.deliver(shuffled)} == {200}
    room = voice.conference_named(f"bk_{booking.order_id}")
    assert first_leg not in room.participants and room.status == "in-progress"

    r = call_fn("monitor_whisper", monitor, {"order_id": booking.order_id})
    assert (r.status_code, r.json()["code"]) == (400, "VCNLS"), "the old leg is gone"
    r = call_fn("monitor_listen", monitor, {"order_id": booking.order_id})
    assert r.status_code == 200, r.text
    second_leg = r.json()["monitor_call_sid"]
    assert second_leg != first_leg and second_leg in room.participants
    r = call_fn("monitor_whisper", monitor, {"order_id": booking.order_id})
    assert r.status_code == 200, r.text
    assert room.participants[second_leg].coaching is True
    r = call_fn("monitor_listen", monitor, {"order_id": booking.order_id})
    assert (r.status_code, r.json()["code"]) == (400, "VCLSN")

    with psycopg.connect(database_dsn) as conn:
        legs = conn.execute(
            "select participant_call_sid, left_at is not null from app.call_monitor_actions"
            " where action = 'listen' and monitor_id = %s order by id",
            (monitor.id,)).fetchall()
    assert legs == [(first_leg, True), (second_leg, False)]
