"""What goes wrong around a call: Twilio failing during initiate (nothing written, a retry
works), missing settings (503 naming them), a party without a verified phone, and the time
limits: on both legs at Twilio, and the stuck-call job ending overdue calls through Twilio."""

from __future__ import annotations

import math
import time

import psycopg
from functions.conftest import JOB_TOKEN

from .conftest import call_row, phone_of


def test_a_twilio_500_during_initiate_leaves_nothing_and_a_retry_works(
        call_fn, book, voice, twilio, database_dsn):
    booking = book()
    reader_phone = phone_of(database_dsn, booking.reader)
    # the reader's leg is placed, the client's fails
    twilio.inject_fault("POST", r"/Calls\.json$", 500, 20500, "Internal Server Error", after=1)
    r = call_fn("calls_initiate", booking.reader, {"order_id": booking.order_id})
    assert (r.status_code, r.json()["code"]) == (502, "TWERR"), r.text
    assert call_row(database_dsn, booking.order_id) is None
    with psycopg.connect(database_dsn) as conn:
        audited = conn.execute("select count(*) from app.audit_log where entity_type = 'call'"
                               " and new_data ->> 'order_id' = %s",
                               (booking.order_id,)).fetchone()[0]
    assert audited == 0
    orphan, = voice.calls_to(reader_phone)
    assert orphan.status == "canceled", "the leg already placed was hung up again"

    r = call_fn("calls_initiate", booking.reader, {"order_id": booking.order_id})
    assert r.status_code == 200, r.text
    row = call_row(database_dsn, booking.order_id)
    assert row["state"] == "dialing" and row["reader_call_sid"] and row["client_call_sid"]
    assert len(voice.calls_to(reader_phone)) == 2


def test_a_missing_setting_is_a_503_naming_it(call_fn, book, calls_env, database_dsn):
    booking = book()
    calls_env.delenv("TWILIO_CALLER_ID")
    from samia_functions import twilio_voice

    twilio_voice.reset()
    r = call_fn("calls_initiate", booking.reader, {"order_id": booking.order_id})
    assert (r.status_code, r.json()["code"]) == (503, "CFGMS")
    assert r.json()["details"]["missing"] == ["TWILIO_CALLER_ID"]
    assert call_row(database_dsn, booking.order_id) is None


def test_an_unverified_party_is_never_dialled(call_fn, book, voice, database_dsn):
    booking = book()
    with psycopg.connect(database_dsn, autocommit=True) as conn:
        conn.execute("update app.profiles set phone_verified = false where id = %s",
                     (booking.client.id,))
    r = call_fn("calls_initiate", booking.reader, {"order_id": booking.order_id})
    assert (r.status_code, r.json()["code"]) == (400, "VCUNV")
    assert r.json()["details"] == '{"party": "client"}'
    assert voice.calls == {}


def test_time_limits_on_both_legs_and_the_job_ends_overdue_calls(
        call_fn, book, voice, twilio, database_dsn):
    booking = book(minutes=15)
    r = call_fn("calls_initiate", booking.reader, {"order_id": booking.order_id})
    assert r.status_code == 200, r.text
    legs = voice.calls_to(phone_of(database_dsn, booking.reader)) + voice.calls_to(
        phone_of(database_dsn, booking.client))
    creates = twilio.requests_to(r"/Calls\.json$")
    assert [q.form["TimeLimit"] for q in creates] == [["900"], ["900"]]
    for leg in legs:
        voice.answer(leg.sid)
    assert all(leg.time_limit == 900 for leg in legs), "Dial timeLimit too"
    voice.flush()

    # the booked 15 minutes and the grace are over (the call's clock moved back 21 minutes)
    with psycopg.connect(database_dsn, autocommit=True) as conn:
        conn.execute("update app.calls set started_at = started_at - interval '21 minutes',"
                     " reader_joined_at = reader_joined_at - interval '21 minutes',"
                     " client_joined_at = client_joined_at - interval '21 minutes'"
                     " where order_id = %s", (booking.order_id,))
    r = call_fn("jobs", None, {"job": "end_stuck_calls"}, **{"X-Job-Token": JOB_TOKEN})
    assert r.status_code == 200, r.text
    ended = [c for c in r.json()["result"]["step"]["calls"] if c["call_id"] == call_row(
        database_dsn, booking.order_id)["id"]]
    assert ended == [{"call_id": ended[0]["call_id"], "reason": "time_limit", "ended": True}]
    room = voice.conference_named(f"bk_{booking.order_id}")
    assert room.status == "completed" and room.reason_ended == "conference-ended-via-api"
    voice.flush()  # Twilio's end arrives after the job's verdict and keeps it
    row = call_row(database_dsn, booking.order_id)
    assert (row["state"], row["end_reason"]) == ("ended", "time_limit")


def test_twilio_itself_ends_legs_at_their_time_limit(call_fn, book, voice, twilio,
                                                    database_dsn):
    booking = book(minutes=15)
    r = call_fn("calls_initiate", booking.reader, {"order_id": booking.order_id})
    assert r.status_code == 200, r.text
    answered = time.monotonic()
    for phone in (phone_of(database_dsn, booking.reader), phone_of(database_dsn,
                                                                    booking.client)):
        voice.answer(voice.calls_to(phone)[0].sid)
    twilio.advance(899)
    assert voice.enforce_time_limits() == []
    twilio.advance(1)
    assert len(voice.enforce_time_limits()) >= 1
    voice.flush()
    # the fake's clock is the real one plus what the test advanced: the seconds the test itself
    # took between the answers and the end count too
    took = math.ceil(time.monotonic() - answered)
    row = call_row(database_dsn, booking.order_id)
    assert (row["state"], row["end_reason"]) == ("ended", "completed")
    assert 900 <= row["duration_seconds"] <= 900 + took
