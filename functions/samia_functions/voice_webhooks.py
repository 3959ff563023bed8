"""Twilio's voice webhooks: a leg's TwiML, and the call, conference and recording status
callbacks. Each checks X-Twilio-Signature against the configured public URL first (403 TWSIG,
nothing read or written otherwise), then hands the callback to SQL as the service role:
app.call_twiml_plan says what the leg hears, app.record_call_event applies a callback once,
forward only. Twilio retries and reorders callbacks; both are harmless by construction.
A new finished recording is then copied into Storage (call_recordings), after the callback's
own commit, so a failed copy leaves the event recorded and the copy pending for the job.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any
from uuid import UUID

from flask import Request, Response
from twilio.twiml.voice_response import Dial, VoiceResponse

from . import call_recordings, db
from .errors import BAD_REQUEST, AppError
from .twilio_voice import CONFERENCE_EVENTS, WebhookSettings, check_signature

# How the consent notice is spoken, by the profile's language.
VOICES = {"ar": {"voice": "Polly.Zeina", "language": "arb"},
          "en": {"voice": "Polly.Joanna", "language": "en-US"}}
# The two parties and at most a handful of monitors; Twilio's own cap is 250.
MAX_PARTICIPANTS = 10


@dataclass(frozen=True)
class StatusEvent:
    call_id: str
    source: str  # call | conference | recording
    provider_sid: str
    event: str
    sequence: int
    occurred_at: Any
    params: dict[str, str]

    def as_args(self) -> tuple:
        return (self.call_id, self.source, self.provider_sid, self.event, self.sequence,
                self.occurred_at, json.dumps(self.params))


def _call_id(request: Request) -> str:
    try:
        return str(UUID(request.args.get("call", "")))
    except ValueError as exc:
        raise AppError(BAD_REQUEST, "The callback URL names no call", 400) from exc


def _required(form: dict[str, str], name: str) -> str:
    value = form.get(name, "")
    if not value:
        raise AppError(BAD_REQUEST, f"The callback has no {name}", 400, detail={"field": name})
    return value


def parse_status(request: Request, source: str) -> StatusEvent:
    """The deduplication key of a callback (provider id, event, sequence number) and its
    time, from Twilio's form fields."""
    form = request.form.to_dict()
    sid_field, event_field = {"call": ("CallSid", "CallStatus"),
                              "conference": ("ConferenceSid", "StatusCallbackEvent"),
                              "recording": ("RecordingSid", "RecordingStatus")}[source]
    try:
        sequence = int(form.get("SequenceNumber") or 0)
        occurred_at = (parsedate_to_datetime(form["Timestamp"]) if form.get("Timestamp")
                       else None)
    except (TypeError, ValueError) as exc:
        raise AppError(BAD_REQUEST, "The callback's SequenceNumber or Timestamp is malformed",
                       400) from exc
    return StatusEvent(_call_id(request), source, _required(form, sid_field),
                       _required(form, event_field), sequence, occurred_at, form)


def status(request: Request, function: str, source: str) -> dict[str, Any]:
    check_signature(request, function)
    event = parse_status(request, source)
    with db.as_service() as conn:
        row = conn.execute("select app.record_call_event(%s, %s, %s, %s, %s, %s, %s)",
                           event.as_args()).fetchone()
    result = row[0] if row else {}
    if result.get("recording_media_id"):
        result["recording"] = call_recordings.copy_quietly(result["recording_media_id"])
    return result


def twiml(request: Request, function: str) -> Response:
    """What an answered leg hears: the consent notice in the party's language, then the
    conference (recorded from the moment both are in, so after the notice), time-limited to
    the booked length. A leg of an ended or unknown call hangs up."""
    hooks = check_signature(request, function)
    call_id, leg = _call_id(request), request.args.get("leg", "")
    with db.as_service() as conn:
        row = conn.execute("select app.call_twiml_plan(%s, %s)", (call_id, leg)).fetchone()
    plan = row[0] if row else None
    response = VoiceResponse()
    if plan is None:
        response.hangup()
    else:
        _leg(response, plan, call_id, hooks)
    return Response(str(response), content_type="text/xml; charset=utf-8")


def _leg(response: VoiceResponse, plan: dict[str, Any], call_id: str,
         hooks: WebhookSettings) -> None:
    response.say(plan["notice"], **VOICES.get(plan["language"], VOICES["en"]))
    dial = Dial(time_limit=plan["time_limit_seconds"])
    dial.conference(
        plan["conference_name"], participant_label=plan["leg"], beep=False, wait_url="",
        start_conference_on_enter=plan["leg"] == "reader", end_conference_on_exit=True,
        max_participants=MAX_PARTICIPANTS, record="record-from-start",
        status_callback=hooks.url("voice_conference_status", call=call_id),
        status_callback_event=CONFERENCE_EVENTS,
        recording_status_callback=hooks.url("voice_recording_status", call=call_id),
        recording_status_callback_event="completed")
    response.append(dial)
