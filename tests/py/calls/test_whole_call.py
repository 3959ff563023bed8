"""A whole live call through the dev gateway, the real twilio SDK and the loopback Twilio:
book, initiate, both join, a monitor listens, whispers, barges and drops it (blocking the
client), with the final state, the audit trail and the recording."""

from __future__ import annotations

import psycopg
from fakes.twilio_voice_fake import VoiceApi

from .conftest import CALLER_ID, call_row, phone_of


def audit_events(database_dsn: str, call_id: str) -> list[str]:
    with psycopg.connect(database_dsn) as conn:
        return [r[0] for r in conn.execute(
            "select event from app.audit_log where entity_type = 'call' and entity_id = %s"
            " order by id", (call_id,))]


def flush_ok(voice: VoiceApi) -> None:
    answers = voice.flush()
    assert answers and {r.status_code for r in answers} == {200}, [r.text for r in answers]


def test_book_initiate_join_listen_whisper_barge_drop(call_fn, book_through_api, make_monitor,
                                                      voice, supabase_for, database_dsn):
    booking = book_through_api(minutes=30, client_language="ar")
    monitor = make_monitor()
    reader_phone = phone_of(database_dsn, booking.reader)
    client_phone = phone_of(database_dsn, booking.client)

    r = call_fn("calls_initiate", booking.reader, {"order_id": booking.order_id})
    assert r.status_code == 200, r.text
    started = r.json()
    assert started["state"] == "dialing" and started["time_limit_seconds"] == 1800
    assert started["conference_name"] == f"bk_{booking.order_id}"
    reader_leg, = voice.calls_to(reader_phone)
    client_leg, = voice.calls_to(client_phone)
    assert reader_leg.from_ == client_leg.from_ == CALLER_ID
    assert reader_leg.time_limit == client_leg.time_limit == 1800

    voice.answer(reader_leg.sid)  # Twilio fetches the TwiML from the signed webhook
    voice.answer(client_leg.sid)
    assert reader_leg.said == ["This call is recorded and may be monitored for quality and "
                               "safety."]
    assert client_leg.said and "تسجيل" in client_leg.said[0], "the Arabic notice"
    room = voice.conference_named(started["conference_name"])
    reader_in, client_in = room.participants[reader_leg.sid], room.participants[client_leg.sid]
    assert (reader_in.start_on_enter, reader_in.end_on_exit) == (True, True)
    assert (client_in.start_on_enter, client_in.end_on_exit) == (False, True)
    assert room.record and room.status == "in-progress"
    flush_ok(voice)

    as_client = supabase_for(booking.client)
    live = as_client.rpc("get_call", {"p_order_id": booking.order_id}).execute().data
    assert live["state"] == "in_progress"
    assert live["reader_joined_at"] and live["client_joined_at"] and live["started_at"]

    r = call_fn("monitor_listen", monitor, {"order_id": booking.order_id})
    assert r.status_code == 200, r.text
    monitor_leg = r.json()["monitor_call_sid"]
    listening = room.participants[monitor_leg]
    assert listening.muted and not listening.start_on_enter and not listening.end_on_exit
    assert voice.calls[monitor_leg].to == phone_of(database_dsn, monitor)

    r = call_fn("monitor_whisper", monitor, {"order_id": booking.order_id})
    assert r.status_code == 200, r.text
    assert (listening.coaching, listening.call_sid_to_coach, listening.muted) == (
        True, reader_leg.sid, False)
    r = call_fn("monitor_barge", monitor, {"order_id": booking.order_id})
    assert r.status_code == 200, r.text
    assert (listening.coaching, listening.muted) == (False, False)
    flush_ok(voice)

    r = call_fn("calls_terminate", monitor, {"order_id": booking.order_id,
                                              "reason": "abusive language", "block": "client"})
    assert r.status_code == 200, r.text
    assert r.json()["blocked"] == "client"
    assert room.status == "completed" and room.reason_ended == "conference-ended-via-api"
    flush_ok(voice)  # leaves, the end and the recording arrive after the drop

    final = call_row(database_dsn, booking.order_id)
    assert (final["state"], final["end_reason"]) == ("ended", "dropped")
    assert final["conference_sid"] == room.sid
    assert (final["reader_call_sid"], final["client_call_sid"]) == (reader_leg.sid,
                                                                    client_leg.sid)
    assert final["reader_left_at"] and final["client_left_at"]
    assert final["duration_seconds"] is not None and final["duration_seconds"] >= 0

    as_monitor = supabase_for(monitor)
    seen = as_monitor.rpc("get_call", {"p_order_id": booking.order_id}).execute().data
    assert [a["action"] for a in seen["monitor_actions"]] == [
        "listen", "whisper", "barge", "terminate"]
    events = audit_events(database_dsn, final["id"])
    assert events[0] == "call.created" and "call.in_progress" in events
    assert {"call.monitor_listen", "call.monitor_whisper", "call.monitor_barge",
            "call.monitor_terminate", "call.ended"} <= set(events)
    with psycopg.connect(database_dsn) as conn:
        moderation = conn.execute(
            "select action, reason from app.moderation_actions"
            " where target_order_id = %s or target_profile_id = %s order by id",
            (booking.order_id, booking.client.id)).fetchall()
        blocked = conn.execute("select is_blocked from app.profiles where id = %s",
                               (booking.client.id,)).fetchone()[0]
        recordings = conn.execute(
            "select id, owner_id, details ->> 'recording_sid' from app.media_assets"
            " where order_id = %s and purpose = 'call_recording'",
            (booking.order_id,)).fetchall()
    assert moderation == [("block", "abusive language"), ("drop_call", "abusive language")]
    assert blocked is True
    assert len(recordings) == 1 and str(recordings[0][1]) == booking.reader.id

    def visible(user) -> list:
        with psycopg.connect(database_dsn) as conn, conn.transaction():
            conn.execute("select set_config('request.jwt.claims', %s, true)",
                         (f'{{"sub": "{user.id}", "role": "authenticated"}}',))
            conn.execute("set local role authenticated")
            return conn.execute("select id from app.media_assets where id = %s",
                                (recordings[0][0],)).fetchall()

    assert visible(monitor), "monitors may listen to recordings"
    assert not visible(booking.reader), "the reader may not, while the setting says no"
