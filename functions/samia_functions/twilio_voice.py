"""Twilio Voice through the official SDK: the settings, the REST calls the call functions make,
and the signature check of Twilio's webhooks. Nothing here decides who may do what: the
database did that before any of these is called.

Settings are read on first use; a missing one answers 503 CFGMS naming it. A Twilio failure
(an error answer, a timeout, a refused connection) becomes 502 TWERR, raised inside the
caller's transaction so that nothing is written and the action may simply be retried.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import requests
from flask import Request
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from .errors import NOT_CONFIGURED, AppError
from .twilio_client import (
    ACCOUNT_SID_VAR,
    AUTH_TOKEN_VAR,
    TIMEOUT_SECONDS,
    LoopbackTwilioHttpClient,
    fake_base_url,
    make_client,
)

PROVIDER_FAILED = "TWERR"  # [502] Twilio failed or answered something unexpected
BAD_SIGNATURE = "TWSIG"  # [403] a webhook without a valid X-Twilio-Signature

CALLER_ID_VAR = "TWILIO_CALLER_ID"
WEBHOOK_BASE_URL_VAR = "TWILIO_WEBHOOK_BASE_URL"
NOT_FOUND = 20404  # Twilio: no such call, conference or participant (gone already)
AUTHENTICATE = 20003

# The legs' call progress and the conference's events that the webhooks record.
CALL_EVENTS = ("initiated", "ringing", "answered", "completed")
CONFERENCE_EVENTS = "start end join leave mute hold modify"


def _require_env(names: Iterable[str], what: str) -> dict[str, str]:
    env = {name: os.environ.get(name, "").strip() for name in names}
    missing = [name for name, value in env.items() if not value]
    if missing:
        raise AppError(NOT_CONFIGURED, f"Missing settings: {', '.join(missing)}", 503,
                       detail={"missing": missing},
                       hint=f"{what} needs them; set them in the function's environment (see "
                            ".env.example).")
    return env


@dataclass(frozen=True)
class WebhookSettings:
    auth_token: str
    # The public URL Twilio is given for the functions, e.g.
    # https://<project>.supabase.co/functions/v1: signatures are checked against it, never
    # against the URL the request arrived at (proxies and rewrites change that one).
    base_url: str

    def __repr__(self) -> str:
        return f"WebhookSettings(auth_token=<set>, base_url={self.base_url!r})"

    def url(self, function: str, **query: str) -> str:
        tail = "&".join(f"{k}={v}" for k, v in query.items())
        return f"{self.base_url}/{function}" + (f"?{tail}" if tail else "")


@cache
def get_webhook_settings() -> WebhookSettings:
    env = _require_env((AUTH_TOKEN_VAR, WEBHOOK_BASE_URL_VAR), "Twilio's voice webhooks")
    return WebhookSettings(env[AUTH_TOKEN_VAR], env[WEBHOOK_BASE_URL_VAR].rstrip("/"))


def check_signature(request: Request, function: str) -> WebhookSettings:
    """403 TWSIG unless X-Twilio-Signature signs the form over the configured public URL."""
    settings = get_webhook_settings()
    query = request.query_string.decode("latin-1")
    public_url = f"{settings.base_url}/{function}" + (f"?{query}" if query else "")
    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature or not RequestValidator(settings.auth_token).validate(
            public_url, request.form, signature):
        raise AppError(BAD_SIGNATURE, "Missing or invalid Twilio signature", 403,
                       hint="Only Twilio, signing with this account's auth token, may call "
                            "this webhook.")
    return settings


@dataclass(frozen=True)
class VoiceSettings:
    account_sid: str
    auth_token: str
    caller_id: str  # the Twilio number every leg is dialled from
    webhooks: WebhookSettings
    fake_base_url: str | None

    def __repr__(self) -> str:
        return (f"VoiceSettings(account_sid={self.account_sid!r}, auth_token=<set>, "
                f"caller_id={self.caller_id!r}, webhooks={self.webhooks!r})")


@cache
def get_voice_settings() -> VoiceSettings:
    env = _require_env((ACCOUNT_SID_VAR, AUTH_TOKEN_VAR, CALLER_ID_VAR, WEBHOOK_BASE_URL_VAR),
                       "Live calls")
    return VoiceSettings(env[ACCOUNT_SID_VAR], env[AUTH_TOKEN_VAR], env[CALLER_ID_VAR],
                         get_webhook_settings(), fake_base_url())


def failure(exc: Exception) -> AppError:
    """The AppError for a failed Twilio request; other exceptions are not Twilio's."""
    if isinstance(exc, TwilioRestException):
        code = exc.code if isinstance(exc.code, int) else None
        if exc.status == 401 or code == AUTHENTICATE:
            return AppError(NOT_CONFIGURED, "Twilio rejected the credentials", 503,
                            detail={"twilio_code": code,
                                    "invalid": [ACCOUNT_SID_VAR, AUTH_TOKEN_VAR]},
                            hint="Check the Twilio account SID and auth token.")
        return AppError(PROVIDER_FAILED, "The voice provider refused or failed", 502,
                        detail={"twilio_status": exc.status, "twilio_code": code},
                        hint="Nothing was changed; try again in a moment.")
    return AppError(PROVIDER_FAILED, "The voice provider could not be reached", 502,
                    detail={"error": type(exc).__name__},
                    hint="Nothing was changed; try again in a moment.")


def _is_gone(exc: Exception) -> bool:
    return isinstance(exc, TwilioRestException) and exc.code == NOT_FOUND


TWILIO_ERRORS = (TwilioException, requests.RequestException, OSError)
# A recording's media: its resource URL with an extension (WAV is what Twilio records).
RECORDING_MEDIA_URL = "https://api.twilio.com/2010-04-01/Accounts/{account}/Recordings/{sid}.wav"
DOWNLOAD_CHUNK_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Downloaded:
    byte_size: int
    sha256: str


class Voice:
    """The REST calls of the call functions, each raising `failure(...)` on a Twilio error."""

    def __init__(self, client: Client, settings: VoiceSettings) -> None:
        self._client, self.settings = client, settings

    def dial(self, to: str, call_id: str, leg: str, time_limit_seconds: int) -> str:
        """One leg: Twilio fetches its TwiML (notice, then the conference) when it answers."""
        hooks = self.settings.webhooks
        try:
            call = self._client.calls.create(
                to=to, from_=self.settings.caller_id,
                url=hooks.url("voice_twiml", call=call_id, leg=leg),
                status_callback=hooks.url("voice_call_status", call=call_id),
                status_callback_event=list(CALL_EVENTS), time_limit=time_limit_seconds)
        except TWILIO_ERRORS as exc:
            raise failure(exc) from exc
        return str(call.sid)

    def cancel_quietly(self, call_sids: Iterable[str]) -> None:
        """Best effort, after a failure: hang up legs already placed; errors are ignored
        (a leg nobody records ends by itself, its TwiML fetch answers Hangup)."""
        for call_sid in call_sids:
            with suppress(*TWILIO_ERRORS):
                self._client.calls(call_sid).update(status="canceled")

    def add_monitor(self, conference_sid: str, to: str, label: str, call_id: str,
                    time_limit_seconds: int) -> str:
        """The monitor's phone joins muted, silently, never starting or ending the call."""
        try:
            participant = self._client.conferences(conference_sid).participants.create(
                from_=self.settings.caller_id, to=to, label=label, muted=True, beep="false",
                start_conference_on_enter=False, end_conference_on_exit=False,
                time_limit=time_limit_seconds,
                status_callback=self.settings.webhooks.url("voice_call_status", call=call_id),
                status_callback_event=list(CALL_EVENTS))
        except TWILIO_ERRORS as exc:
            raise failure(exc) from exc
        return str(participant.call_sid)

    def update_participant(self, conference_sid: str, call_sid: str, **changes: Any) -> None:
        try:
            self._client.conferences(conference_sid).participants(call_sid).update(**changes)
        except TWILIO_ERRORS as exc:
            raise failure(exc) from exc

    def remove_quietly(self, conference_sid: str, call_sid: str) -> None:
        with suppress(*TWILIO_ERRORS):
            self._client.conferences(conference_sid).participants(call_sid).delete()

    def download_recording(self, recording_sid: str, dest: Path) -> Downloaded:
        """The recording's bytes into `dest`, hashed on the way. The URL is built from the
        SID on api.twilio.com, so the account's credentials (HTTP Basic, as Twilio protects
        media) go to Twilio only, through the SDK's own HTTP session."""
        http = self._client.http_client
        url = RECORDING_MEDIA_URL.format(account=self.settings.account_sid, sid=recording_sid)
        if isinstance(http, LoopbackTwilioHttpClient):
            url = http.route(url)
        session = getattr(http, "session", None) or requests.Session()
        digest, size = hashlib.sha256(), 0
        try:
            with session.get(url, auth=(self.settings.account_sid, self.settings.auth_token),
                             stream=True, timeout=TIMEOUT_SECONDS) as answer:
                if answer.status_code != 200:
                    raise AppError(PROVIDER_FAILED, "Twilio did not serve the recording", 502,
                                   detail={"twilio_status": answer.status_code},
                                   hint="The copy stays pending; the job tries again.")
                with dest.open("wb") as out:
                    for chunk in answer.iter_content(DOWNLOAD_CHUNK_BYTES):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
        except TWILIO_ERRORS as exc:
            raise failure(exc) from exc
        return Downloaded(size, digest.hexdigest())

    def delete_recording_quietly(self, recording_sid: str) -> bool:
        """Delete the recording at Twilio (after its copy is recorded); False if that failed."""
        try:
            return bool(self._client.recordings(recording_sid).delete())
        except TWILIO_ERRORS:
            return False

    def end(self, conference_sid: str | None, call_sids: Iterable[str | None]) -> None:
        """End the whole call: the conference if there is one (everyone leaves), else each
        leg. What Twilio no longer knows has ended already."""
        try:
            if conference_sid:
                self._client.conferences(conference_sid).update(status="completed")
                return
            for call_sid in call_sids:
                if call_sid:
                    try:
                        self._client.calls(call_sid).update(status="completed")
                    except TwilioRestException as exc:
                        if not _is_gone(exc):
                            raise
        except TwilioRestException as exc:
            if not _is_gone(exc):
                raise failure(exc) from exc
        except TWILIO_ERRORS as exc:
            raise failure(exc) from exc


@cache
def _voice(settings: VoiceSettings) -> Voice:
    return Voice(make_client(settings.account_sid, settings.auth_token, settings.fake_base_url),
                 settings)


def get_voice() -> Voice:
    """The Voice client for the configured account, built on first use (503 if unset)."""
    return _voice(get_voice_settings())


def reset() -> None:
    """Forget settings and clients (tests, or a reloaded environment)."""
    get_webhook_settings.cache_clear()
    get_voice_settings.cache_clear()
    _voice.cache_clear()
