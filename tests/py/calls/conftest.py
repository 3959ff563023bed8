"""Fixtures for live calls: the loopback Twilio (Verify and Voice) behind the real SDK, the
functions served by the run's dev gateway, whose public URL (what Twilio is told and signs)
is an https name that only the fake's router maps to the gateway; users with verified phones;
a call booked through the API (book_call) for the whole-call test, or made as the platform
(tests.create_booked_call) where the booking itself is not under test. The fake's recordings
hold a real WAV file made by ffmpeg."""

from __future__ import annotations

import json
import secrets
import subprocess
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
import requests
from fakes.twilio_fake import TwilioFake, VerifyApi
from fakes.twilio_voice_fake import VoiceApi
from functions.conftest import JOB_TOKEN, authenticator_dsn, bearer

PUBLIC_BASE = "https://samia.example.test/functions/v1"
CALLER_ID = "+15005550006"


def _reset_function_state() -> None:
    from samia_functions import db, twilio_verify, twilio_voice
    from samia_functions.settings import get_settings, get_storage_settings

    get_settings.cache_clear()
    get_storage_settings.cache_clear()
    twilio_verify.reset()
    twilio_voice.reset()
    db.close_pool()


@pytest.fixture
def twilio(api_url: str) -> Iterator[TwilioFake]:
    with TwilioFake(products=(VerifyApi, VoiceApi)) as fake:
        fake.product(VoiceApi).route = lambda url: url.replace(
            PUBLIC_BASE, f"{api_url}/functions/v1")
        yield fake


@pytest.fixture(scope="session")
def recording_wav(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """What Twilio records: a mono 8 kHz WAV, here four seconds of tone made by ffmpeg."""
    path = Path(tmp_path_factory.mktemp("recordings")) / "recording.wav"
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "sine=frequency=440:duration=4", "-ac", "1", "-ar", "8000", str(path)],
                   check=True)
    return path.read_bytes()


@pytest.fixture
def voice(twilio: TwilioFake, recording_wav: bytes) -> VoiceApi:
    api = twilio.product(VoiceApi)
    api.recording_audio = recording_wav
    return api


@pytest.fixture
def calls_env(monkeypatch: pytest.MonkeyPatch, database_dsn: str, jwt_secret: str,
              twilio: TwilioFake) -> Iterator[pytest.MonkeyPatch]:
    """The in-process functions configured for this database and the fake Twilio."""
    monkeypatch.setenv("FUNCTIONS_DB_DSN", authenticator_dsn(database_dsn))
    monkeypatch.setenv("JWT_SECRET", jwt_secret)
    monkeypatch.setenv("JOB_TOKEN", JOB_TOKEN)
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", twilio.account_sid)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", twilio.auth_token)
    monkeypatch.setenv("TWILIO_CALLER_ID", CALLER_ID)
    monkeypatch.setenv("TWILIO_WEBHOOK_BASE_URL", PUBLIC_BASE)
    monkeypatch.setenv("TWILIO_FAKE_BASE_URL", twilio.base_url)
    _reset_function_state()
    yield monkeypatch
    _reset_function_state()


@pytest.fixture
def call_fn(api_url: str, calls_env) -> Callable[..., requests.Response]:
    """POST a function of /functions/v1 as a user."""

    def post(name: str, user=None, body: dict | None = None, **headers: str
             ) -> requests.Response:
        sent = {**(bearer(user.token) if user else {}), **headers}
        return requests.post(f"{api_url}/functions/v1/{name}", json=body or {}, headers=sent,
                             timeout=60)

    return post


@dataclass
class Booking:
    order_id: str
    client: Any
    reader: Any


@pytest.fixture
def book(database_dsn: str, make_user, make_client) -> Callable[..., Booking]:
    """A booked call starting now (the reader may start it at once), as the platform makes it;
    both parties hold verified phones."""

    def make(minutes: int = 30, client_language: str = "en",
             starts_at: datetime | None = None) -> Booking:
        client, reader = make_client("caller"), make_user("reader")
        with psycopg.connect(database_dsn, autocommit=True) as conn:
            for user in (client, reader):
                conn.execute("update auth.users set raw_app_meta_data = raw_app_meta_data"
                             " || jsonb_build_object('test_identifier', id::text)"
                             " where id = %s", (user.id,))
            conn.execute("update app.profiles set language = %s where id = %s",
                         (client_language, client.id))
            (order_id,) = conn.execute(
                "select tests.create_booked_call(%s, %s, coalesce(%s, now()), %s)",
                (client.id, reader.id, starts_at, minutes)).fetchone()
        return Booking(str(order_id), client, reader)

    return make


@pytest.fixture
def book_through_api(database_dsn: str, make_user, make_client, supabase_for
                     ) -> Iterator[Callable[..., Booking]]:
    """A call booked as a frontend books it: the reader publishes availability around the
    clock (set_my_availability), the client books the next quarter hour at least a minute
    away (book_call; calls start on the quarter hour). The booking lead time is set to 0 and
    the initiate window to 15 minutes for the test (restored afterwards) so that the call may be
    started at once; the reader's phone is verified as the platform would after
    verify_phone_check."""
    changed = {"calls.booking_lead_minutes": "0", "calls.initiate_window_minutes": "15"}
    with psycopg.connect(database_dsn, autocommit=True) as conn:
        saved = dict(conn.execute("select key, value from app.app_settings where key = any(%s)",
                                  (list(changed),)).fetchall())
        for key, value in changed.items():
            conn.execute("insert into app.app_settings (key, value) values (%s, %s)"
                         " on conflict (key) do update set value = excluded.value",
                         (key, value))

    def make(minutes: int = 30, client_language: str = "en") -> Booking:
        client, reader = make_client("caller"), make_user("reader")
        with psycopg.connect(database_dsn, autocommit=True) as conn:
            conn.execute("update app.profiles set phone = %s, phone_verified = true"
                         " where id = %s", (f"+97156{secrets.randbelow(10**7):07d}", reader.id))
            conn.execute("update app.profiles set language = %s where id = %s",
                         (client_language, client.id))
        windows = [{"weekday": d, "starts_at": "00:00", "ends_at": "24:00"} for d in range(1, 8)]
        supabase_for(reader).rpc("set_my_availability", {
            "p_windows": windows, "p_time_zone": "UTC"}).execute()
        soon = datetime.now(UTC) + timedelta(minutes=1)
        starts_at = soon.replace(second=0, microsecond=0) + timedelta(
            minutes=(-soon.minute) % 15 or (15 if soon.second or soon.microsecond else 0))
        booked = supabase_for(client).rpc("book_call", {
            "p_reader_id": reader.id, "p_service_code": "direct_call",
            "p_starts_at": starts_at.isoformat(), "p_minutes": minutes}).execute().data
        return Booking(booked["order_id"], client, reader)

    try:
        yield make
    finally:
        with psycopg.connect(database_dsn, autocommit=True) as conn:
            for key in changed:
                if key in saved:
                    conn.execute("update app.app_settings set value = %s where key = %s",
                                 (json.dumps(saved[key]), key))
                else:
                    conn.execute("delete from app.app_settings where key = %s", (key,))


@pytest.fixture
def make_monitor(database_dsn: str, make_user) -> Callable[[], Any]:
    def make() -> Any:
        monitor = make_user("monitor")
        with psycopg.connect(database_dsn, autocommit=True) as conn:
            conn.execute("update app.profiles set phone = %s, phone_verified = true"
                         " where id = %s", (f"+97155{secrets.randbelow(10**7):07d}", monitor.id))
        return monitor

    return make


def phone_of(database_dsn: str, user) -> str:
    with psycopg.connect(database_dsn) as conn:
        return conn.execute("select phone from app.profiles where id = %s",
                            (user.id,)).fetchone()[0]


def call_row(database_dsn: str, order_id: str) -> dict[str, Any] | None:
    with psycopg.connect(database_dsn) as conn:
        row = conn.execute("select to_jsonb(c) from app.calls as c where order_id = %s",
                           (order_id,)).fetchone()
    return row[0] if row else None


def unique_name() -> str:
    return uuid.uuid4().hex[:8]
