"""The voice webhooks: signatures checked against the configured public URL (403 TWSIG and
nothing changes otherwise), and callbacks that arrive duplicated and in any order leading to
the same final state."""

from __future__ import annotations

import random

import psycopg
import requests
from fakes.twilio_voice_fake import Callback, VoiceApi, twilio_signature

from .conftest import PUBLIC_BASE, call_row, phone_of


def start_call(call_fn, booking, voice: VoiceApi, database_dsn: str):
    r = call_fn("calls_initiate", booking.reader, {"order_id": booking.order_id})
    assert r.status_code == 200, r.text
    reader_leg, = voice.calls_to(phone_of(database_dsn, booking.reader))
    client_leg, = voice.calls_to(phone_of(database_dsn, booking.client))
    return r.json()["call_id"], reader_leg, client_leg


def events_of(database_dsn: str, call_id: str) -> int:
    with psycopg.connect(database_dsn) as conn:
        return conn.execute("select count(*) from app.call_events where call_id = %s",
                            (call_id,)).fetchone()[0]


def test_bad_missing_and_wrong_url_signatures_get_403_and_change_nothing(
        call_fn, book, voice, twilio, api_url, database_dsn):
    booking = book()
    call_id, reader_leg, _ = start_call(call_fn, booking, voice, database_dsn)
    voice.answer(reader_leg.sid)
    queued = voice.take()
    before = call_row(database_dsn, booking.order_id)

    bad = voice.deliver(queued, bad_signature=True)
    assert {r.status_code for r in bad} == {403}
    assert {r.json()["code"] for r in bad} == {"TWSIG"}
    callback = queued[-1]
    local_url = voice.route(callback.url)
    unsigned = requests.post(local_url, data=callback.params, timeout=30)
    assert (unsigned.status_code, unsigned.json()["code"]) == (403, "TWSIG")
    # signed correctly, but over the URL the request arrived at instead of the public one
    over_local = requests.post(local_url, data=callback.params, timeout=30, headers={
        "X-Twilio-Signature": twilio_signature(twilio.auth_token, local_url, callback.params)})
    assert over_local.status_code == 403
    tampered = dict(callback.params, SequenceNumber="99")
    forged = requests.post(local_url, data=tampered, timeout=30, headers={
        "X-Twilio-Signature": twilio_signature(twilio.auth_token, callback.url,
                                               callback.params)})
    assert forged.status_code == 403
    twiml = requests.post(f"{api_url}/functions/v1/voice_twiml?call={call_id}&leg=reader",
                          data={"CallSid": reader_leg.sid}, timeout=30)
    assert twiml.status_code == 403

    assert call_row(database_dsn, booking.order_id) == before
    assert events_of(database_dsn, call_id) == 0
    assert {r.status_code for r in voice.deliver(queued)} == {200}
    assert call_row(database_dsn, booking.order_id)["state"] == "waiting"


def test_fifty_duplicated_and_reordered_callbacks_reach_the_in_order_state(
        call_fn, book, voice, twilio, database_dsn):
    booking = book(minutes=15)
    call_id, reader_leg, client_leg = start_call(call_fn, booking, voice, database_dsn)
    voice.answer(reader_leg.sid)
    voice.answer(client_leg.sid)
    twilio.advance(300)
    voice.hangup(client_leg.sid)  # the client's endConferenceOnExit ends it for both
    fired = voice.take()
    distinct = len(fired)
    assert distinct >= 12

    shuffled: list[Callback] = []
    rng = random.Random(20261201)  # noqa: S311  (a reproducible shuffle, not a secret)
    while len(shuffled) < 50:
        shuffled.extend(rng.sample(fired, k=min(len(fired), 50 - len(shuffled))))
    rng.shuffle(shuffled)
    assert len(shuffled) == 50 and {id(c) for c in shuffled} == {id(c) for c in fired}
    answers = voice.deliver(shuffled)
    assert {r.status_code for r in answers} == {200}
    assert sum(r.json()["duplicate"] for r in answers) == 50 - distinct

    final = call_row(database_dsn, booking.order_id)
    assert (final["state"], final["end_reason"]) == ("ended", "completed")
    assert final["duration_seconds"] == 300
    assert final["reader_left_at"] == final["client_left_at"] == final["ended_at"]
    assert events_of(database_dsn, call_id) == distinct

    # the same callbacks again, in order: every one a duplicate, nothing moves
    again = voice.deliver(fired)
    assert all(r.json()["duplicate"] for r in again)
    assert call_row(database_dsn, booking.order_id) == final


def test_a_callback_for_an_unknown_call_or_without_its_fields_is_refused(
        call_fn, book, voice, twilio, database_dsn):
    booking = book()
    call_id, reader_leg, _ = start_call(call_fn, booking, voice, database_dsn)
    stranger = Callback(f"{PUBLIC_BASE}/voice_call_status?call=00000000-0000-4000-8000-"
                        "000000000000", {"CallSid": reader_leg.sid, "CallStatus": "ringing"})
    r, = voice.deliver([stranger])
    assert (r.status_code, r.json()["code"]) == (400, "VCNOC")
    empty = Callback(f"{PUBLIC_BASE}/voice_call_status?call={call_id}", {"CallSid": ""})
    r, = voice.deliver([empty])
    assert (r.status_code, r.json()["code"]) == (400, "BADRQ")
    assert events_of(database_dsn, call_id) == 0
