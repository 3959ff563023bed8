"""Call recordings through the dev gateway, the real SDK and the loopback Twilio: the recording
callback copies the WAV (real ffmpeg bytes, fetched with Basic auth) into the private
call-recordings bucket, measured by the media path; media_url signs it for monitors and admins,
for the parties only by setting. A copy that Storage or Twilio fails stays pending (nothing
lost), a duplicate callback copies nothing, and the job copies it later, once; the recording
may then be deleted at Twilio."""

from __future__ import annotations

import base64
import hashlib
import json
import os
from typing import Any

import httpx
import psycopg
import pytest
from fakes.twilio_voice_fake import VoiceApi
from functions.conftest import JOB_TOKEN

from .conftest import Booking, phone_of


def run_call(call_fn, voice: VoiceApi, twilio, booking: Booking, database_dsn: str) -> None:
    """Initiate, both answer, talk a few (fake) seconds, the reader hangs up."""
    r = call_fn("calls_initiate", booking.reader, {"order_id": booking.order_id})
    assert r.status_code == 200, r.text
    reader_leg, = voice.calls_to(phone_of(database_dsn, booking.reader))
    client_leg, = voice.calls_to(phone_of(database_dsn, booking.client))
    voice.answer(reader_leg.sid)
    voice.answer(client_leg.sid)
    twilio.advance(4)
    voice.hangup(reader_leg.sid)


def recording_callbacks(voice: VoiceApi) -> tuple[list, list]:
    """Deliver everything but the recording callback; hand that one back."""
    queued = voice.take()
    recording = [c for c in queued if "RecordingSid" in c.params]
    answers = voice.deliver([c for c in queued if "RecordingSid" not in c.params])
    assert {a.status_code for a in answers} == {200}, [a.text for a in answers]
    assert len(recording) == 1
    return recording, answers


def recording_row(database_dsn: str, order_id: str) -> dict[str, Any]:
    with psycopg.connect(database_dsn) as conn:
        return conn.execute(
            "select to_jsonb(m) from app.media_assets as m"
            " where order_id = %s and purpose = 'call_recording'", (order_id,)).fetchone()[0]


def set_setting(database_dsn: str, key: str, value: Any) -> None:
    with psycopg.connect(database_dsn, autocommit=True) as conn:
        conn.execute("update app.app_settings set value = %s where key = %s",
                     (json.dumps(value), key))


@pytest.fixture
def parties_setting(database_dsn: str):
    yield lambda value: set_setting(database_dsn, "calls.recordings_visible_to_parties", value)
    set_setting(database_dsn, "calls.recordings_visible_to_parties", False)


@pytest.fixture
def delete_setting(database_dsn: str):
    yield lambda value: set_setting(database_dsn, "calls.delete_recordings_at_twilio", value)
    set_setting(database_dsn, "calls.delete_recordings_at_twilio", False)


def media_url(api_url: str, user, media_id: str) -> httpx.Response:
    return httpx.post(f"{api_url}/functions/v1/media_url", json={"media_id": media_id},
                      headers={"Authorization": f"Bearer {user.token}"}, timeout=60)


def signed_bytes(api_url: str, user, media_id: str) -> bytes:
    answer = media_url(api_url, user, media_id)
    assert answer.status_code == 200, answer.text
    download = httpx.get(answer.json()["signed_url"], timeout=60)
    assert download.status_code == 200
    return download.content


def refused(api_url: str, user, media_id: str) -> None:
    answer = media_url(api_url, user, media_id)
    assert answer.status_code == 404 and answer.json()["code"] == "MEDNF", answer.text


def test_the_recording_is_copied_into_storage_and_signed_for_those_who_may_listen(
        call_fn, book, voice, twilio, database_dsn, api_url, recording_wav, make_user,
        make_client, parties_setting):
    booking = book(minutes=15)
    run_call(call_fn, voice, twilio, booking, database_dsn)
    recording, _ = recording_callbacks(voice)
    answer, = voice.deliver(recording)
    assert answer.status_code == 200, answer.text
    copied = answer.json()["recording"]
    assert copied["copied"] is True and copied["byte_size"] == len(recording_wav)
    assert copied["deleted_at_twilio"] is False

    fetches = twilio.requests_to(r"/Recordings/RE[0-9a-f]{32}\.wav$")
    assert [f.method for f in fetches] == ["GET"]
    expected = base64.b64encode(f"{twilio.account_sid}:{twilio.auth_token}".encode()).decode()
    assert fetches[0].headers["Authorization"] == f"Basic {expected}"

    row = recording_row(database_dsn, booking.order_id)
    assert row["details"]["stored_at"] == "storage"
    assert row["sha256"] == hashlib.sha256(recording_wav).hexdigest()
    assert row["byte_size"] == len(recording_wav)
    assert 3900 <= row["duration_ms"] <= 4100, "measured by decoding the file"
    assert row["details"]["channels"] == 1 and row["details"]["sample_rate"] == 8000
    assert row["path"] == f"{booking.order_id}/{recording[0].params['RecordingSid']}"

    # a duplicate of the callback copies nothing
    again, = voice.deliver(recording)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert "recording" not in again.json()
    assert len(twilio.requests_to(r"/Recordings/")) == 1

    monitor, admin = make_user("monitor"), make_user("admin")
    media_id = row["id"]
    assert signed_bytes(api_url, monitor, media_id) == recording_wav
    assert signed_bytes(api_url, admin, media_id) == recording_wav
    refused(api_url, booking.reader, media_id)  # owning the row gives no right
    refused(api_url, booking.client, media_id)

    parties_setting(True)
    assert signed_bytes(api_url, booking.client, media_id) == recording_wav
    assert signed_bytes(api_url, booking.reader, media_id) == recording_wav
    refused(api_url, make_client(), media_id)
    refused(api_url, make_user("reader"), media_id)


def storage_url(monkeypatch, url: str) -> None:
    """Point the in-process functions' Storage somewhere else (e.g. nowhere)."""
    from samia_functions.settings import get_storage_settings

    monkeypatch.setenv("SUPABASE_URL", url)
    get_storage_settings.cache_clear()


def test_a_failed_copy_stays_pending_and_the_job_copies_it_once(
        call_fn, calls_env, book, voice, twilio, database_dsn, api_url, recording_wav,
        make_user, delete_setting):
    booking = book(minutes=15)
    run_call(call_fn, voice, twilio, booking, database_dsn)
    recording, _ = recording_callbacks(voice)
    recording_sid = recording[0].params["RecordingSid"]

    # Storage is down when the callback arrives
    working_storage = os.environ["SUPABASE_URL"]
    storage_url(calls_env, "http://127.0.0.1:9")
    answer, = voice.deliver(recording)
    assert answer.status_code == 200, answer.text  # the event is recorded; Twilio is done
    assert answer.json()["recording"] == {"media_id": answer.json()["recording_media_id"],
                                          "copied": False, "error": "MEDST"}
    row = recording_row(database_dsn, booking.order_id)
    assert row["details"]["stored_at"] == "twilio" and row["sha256"] is None
    storage_url(calls_env, working_storage)
    monitor = make_user("monitor")
    refused(api_url, monitor, row["id"])  # nothing to sign while the copy is pending

    again, = voice.deliver(recording)
    assert again.json()["duplicate"] is True and "recording" not in again.json()

    # then Twilio fails the job's first try
    twilio.inject_fault("GET", r"/Recordings/", 500, 20500, "Internal Server Error")
    job = call_fn("jobs", None, {"job": "copy_call_recordings"}, **{"X-Job-Token": JOB_TOKEN})
    assert job.status_code == 200, job.text
    assert {"media_id": row["id"], "copied": False, "error": "TWERR"} in \
        job.json()["result"]["step"]["recordings"]
    assert recording_row(database_dsn, booking.order_id)["details"]["stored_at"] == "twilio"

    delete_setting(True)
    job = call_fn("jobs", None, {"job": "copy_call_recordings"}, **{"X-Job-Token": JOB_TOKEN})
    assert job.status_code == 200, job.text
    done = [r for r in job.json()["result"]["step"]["recordings"] if r["media_id"] == row["id"]]
    assert len(done) == 1 and done[0]["copied"] is True and done[0]["deleted_at_twilio"] is True
    assert recording_sid not in voice.recordings, "deleted at Twilio after the copy"
    assert signed_bytes(api_url, monitor, row["id"]) == recording_wav

    job = call_fn("jobs", None, {"job": "copy_call_recordings"}, **{"X-Job-Token": JOB_TOKEN})
    assert job.status_code == 200, job.text
    assert row["id"] not in [r["media_id"] for r in job.json()["result"]["step"]["recordings"]]
    fetched = twilio.requests_to(r"/Recordings/RE[0-9a-f]{32}\.wav$")
    assert len(fetched) == 3, "the failed Storage try, the failed Twilio try, the copy"
