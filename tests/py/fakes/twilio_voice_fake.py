"""The Voice product of the loopback Twilio (`TwilioFake(products=(VerifyApi, VoiceApi))`).

REST: Calls (create, fetch, update), Conferences (list, fetch, update `Status=completed`) and
their Participants (create with `Muted`/`Coaching`/`CallSidToCoach`, fetch and update by call
SID or label, delete). Dates are RFC 2822, lists use Twilio's envelope.

The phone network is driven by the test: `answer(call_sid)` picks up a leg (the fake then
fetches its TwiML from the call's `Url`, signed, and follows `<Say>` and
`<Dial><Conference>`), `hangup(call_sid)` and `enforce_time_limits()` end legs. Conference
rules follow Twilio: the first joiner sets the status callback, its events and recording; the
conference starts once two participants are in and one of them has `startConferenceOnEnter`;
a leaver with `endConferenceOnExit` ends it for everyone; at most `maxParticipants` (250).

A recorded conference's recording is served, with Basic auth as Twilio serves media, at its
URL plus `.wav` (GET; DELETE of its `.json` removes it); its bytes are `recording_audio`,
which the test sets (a real file made with ffmpeg). Without them the media answers 404, as
Twilio does for a recording not yet processed.

Status callbacks (call, conference, recording) are queued, never sent on their own, so a test
decides when and how: `flush()` delivers them in order; `take()` hands them out so a test can
shuffle or duplicate them and `deliver(...)` them itself (optionally with a bad signature).
Each is signed as Twilio signs it, over the URL Twilio was given (the public URL); `route`
maps that URL to where the test's server really listens.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from typing import Any

import requests
from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

from .twilio_fake import TwilioError, TwilioFake, form_value, json_answer, sid

MAX_PARTICIPANTS = 250
# Twilio's code for a full conference is not documented where we could check it; any
# Twilio-shaped 4xx is what the SDK needs.
CONFERENCE_FULL = 16016
LABEL_TAKEN = 16025
COACH_NOT_CONNECTED = 13240
CALL_EVENTS = ("initiated", "ringing", "answered", "completed")


def twilio_signature(token: str, url: str, params: dict[str, str]) -> str:
    """X-Twilio-Signature: base64 HMAC-SHA1 over the URL and the sorted name+value pairs."""
    payload = url + "".join(k + params[k] for k in sorted(params))
    digest = hmac.new(token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def rfc2822(moment: datetime | None) -> str | None:
    return format_datetime(moment) if moment else None


def flag(value: str | None, default: bool) -> bool:
    return default if value is None else value.lower() == "true"


@dataclass
class Callback:
    url: str
    params: dict[str, str]


@dataclass
class FakeCall:
    sid: str
    to: str
    from_: str
    url: str | None
    status_callback: str | None
    events: tuple[str, ...]
    time_limit: int | None
    created: datetime
    status: str = "queued"
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    conference_sid: str | None = None
    said: list[str] = field(default_factory=list)
    sequence: int = 0


@dataclass
class FakeParticipant:
    call_sid: str
    label: str | None
    muted: bool
    start_on_enter: bool
    end_on_exit: bool
    coaching: bool = False
    call_sid_to_coach: str | None = None
    hold: bool = False


@dataclass
class FakeConference:
    sid: str
    name: str
    created: datetime
    status_callback: str | None
    events: tuple[str, ...]
    record: bool
    recording_callback: str | None
    max_participants: int
    status: str = "init"
    started_at: datetime | None = None
    ended_at: datetime | None = None
    reason_ended: str | None = None
    call_sid_ending: str | None = None
    participants: dict[str, FakeParticipant] = field(default_factory=dict)
    sequence: int = 0


class VoiceApi:
    """Calls, Conferences and Participants of the 2010-04-01 API, plus the phone network."""

    def __init__(self, fake: TwilioFake) -> None:
        self.fake = fake
        self.calls: dict[str, FakeCall] = {}
        self.conferences: dict[str, FakeConference] = {}
        self.queue: list[Callback] = []
        self.route: Callable[[str], str] = lambda url: url
        self.auto_answer_participants = True
        self.recording_audio: bytes | None = None  # what the next recordings hold
        self.recordings: dict[str, bytes | None] = {}

    def rules(self) -> list[Rule]:
        base = "/api/2010-04-01/Accounts/<account>"
        conf = f"{base}/Conferences/<conference_sid>"
        return [
            Rule(f"{base}/Calls.json", endpoint=self.create_call, methods=["POST"]),
            Rule(f"{base}/Calls/<call_sid>.json", endpoint=self.fetch_call, methods=["GET"]),
            Rule(f"{base}/Calls/<call_sid>.json", endpoint=self.update_call, methods=["POST"]),
            Rule(f"{base}/Conferences.json", endpoint=self.list_conferences, methods=["GET"]),
            Rule(f"{conf}.json", endpoint=self.fetch_conference, methods=["GET"]),
            Rule(f"{conf}.json", endpoint=self.update_conference, methods=["POST"]),
            Rule(f"{conf}/Participants.json", endpoint=self.create_participant,
                 methods=["POST"]),
            Rule(f"{conf}/Participants/<key>.json", endpoint=self.fetch_participant,
                 methods=["GET"]),
            Rule(f"{conf}/Participants/<key>.json", endpoint=self.update_participant,
                 methods=["POST"]),
            Rule(f"{conf}/Participants/<key>.json", endpoint=self.delete_participant,
                 methods=["DELETE"]),
            Rule(f"{base}/Recordings/<recording_sid>.wav", endpoint=self.recording_media,
                 methods=["GET"]),
            Rule(f"{base}/Recordings/<recording_sid>.json", endpoint=self.delete_recording,
                 methods=["DELETE"]),
            Rule("/_fake/calls/<call_sid>/<action>", endpoint=self.control_call,
                 methods=["POST"]),
            Rule("/_fake/flush", endpoint=self.control_flush, methods=["POST"]),
        ]

    # --- the phone network (test controls) ---------------------------------------------------
    def answer(self, call_sid: str) -> FakeCall:
        """Pick up a ringing leg: callbacks, then its TwiML (fetched now, signed), followed."""
        with self.fake.lock:
            call = self._call(call_sid)
            if call.status not in ("queued", "ringing"):
                raise ValueError(f"{call_sid} is {call.status}, not ringing")
            self._call_event(call, "ringing", "ringing")
            call.status, call.answered_at = "in-progress", self.fake.now()
            self._call_event(call, "answered", "in-progress")
            url = call.url
        if url:
            self._follow(call, self._fetch_twiml(call, url))
        return call

    def fail(self, call_sid: str, outcome: str = "no-answer") -> None:
        """A leg that never connects: busy, no-answer or failed."""
        with self.fake.lock:
            call = self._call(call_sid)
            call.status, call.ended_at = outcome, self.fake.now()
            self._call_event(call, "completed", outcome)

    def hangup(self, call_sid: str, reason: str = "participant_hung_up") -> None:
        """The person on this leg hangs up (or Twilio ends the leg)."""
        with self.fake.lock:
            call = self._call(call_sid)
            if call.status in ("queued", "ringing"):
                call.status, call.ended_at = "canceled", self.fake.now()
                self._call_event(call, "completed", "canceled")
                return
            if call.status != "in-progress":
                return
            conference = self.conferences.get(call.conference_sid or "")
            if conference and call.sid in conference.participants:
                self._leave(conference, call.sid, reason)
            else:
                self._complete(call)

    def enforce_time_limits(self) -> list[str]:
        """End every answered leg whose time limit has passed on the fake's clock."""
        now = self.fake.now()
        with self.fake.lock:
            due = [c.sid for c in self.calls.values()
                   if c.status == "in-progress" and c.time_limit and c.answered_at
                   and (now - c.answered_at).total_seconds() >= c.time_limit]
        for call_sid in due:
            self.hangup(call_sid, reason="participant_hung_up")
        return due

    def conference_named(self, name: str) -> FakeConference:
        with self.fake.lock:
            found = [c for c in self.conferences.values() if c.name == name]
        if not found:
            raise KeyError(f"no conference {name}")
        return max(found, key=lambda c: c.created)

    def calls_to(self, number: str) -> list[FakeCall]:
        with self.fake.lock:
            return [c for c in self.calls.values() if c.to == number]

    # --- callbacks -------------------------------------------------------------------------
    def take(self) -> list[Callback]:
        """The queued callbacks, in the order Twilio fired them; the queue is emptied."""
        with self.fake.lock:
            taken, self.queue = self.queue, []
        return taken

    def deliver(self, callbacks: list[Callback], bad_signature: bool = False
                ) -> list[requests.Response]:
        """POST each callback, signed over its (public) URL, to where `route` says."""
        answers = []
        for callback in callbacks:
            signature = twilio_signature(self.fake.auth_token, callback.url, callback.params)
            if bad_signature:
                signature = twilio_signature("not-the-token", callback.url, callback.params)
            answers.append(requests.post(self.route(callback.url), data=callback.params,
                                         headers={"X-Twilio-Signature": signature},
                                         timeout=30))
        return answers

    def flush(self) -> list[requests.Response]:
        """Deliver what is queued, in order, until nothing new is queued."""
        answers: list[requests.Response] = []
        while batch := self.take():
            answers.extend(self.deliver(batch))
        return answers

    def control_call(self, request: Request, form: dict, call_sid: str, action: str
                     ) -> Response:
        actions = {"answer": self.answer, "hangup": self.hangup,
                   "busy": lambda s: self.fail(s, "busy"),
                   "no-answer": lambda s: self.fail(s, "no-answer"),
                   "fail": lambda s: self.fail(s, "failed")}
        if action not in actions:
            raise TwilioError(404, 20404, f"Unknown control {action}")
        actions[action](call_sid)
        return json_answer(self._call_body(self._call(call_sid)))

    def control_flush(self, request: Request, form: dict) -> Response:
        return json_answer({"delivered": [r.status_code for r in self.flush()]})

    # --- internals: calls --------------------------------------------------------------------
    def _account(self, account: str, path: str) -> None:
        if account != self.fake.account_sid:
            raise TwilioError(404, 20404, f"The requested resource {path} was not found")

    def _call(self, call_sid: str) -> FakeCall:
        call = self.calls.get(call_sid)
        if call is None:
            raise TwilioError(404, 20404, f"The requested resource /Calls/{call_sid}.json was "
                                          "not found")
        return call

    def _new_call(self, to: str, from_: str, url: str | None, status_callback: str | None,
                  events: list[str], time_limit: str | None) -> FakeCall:
        call = FakeCall(sid("CA"), to, from_, url, status_callback,
                        tuple(events) or ("completed",),
                        int(time_limit) if time_limit else None, self.fake.now())
        self.calls[call.sid] = call
        self._call_event(call, "initiated", "initiated")
        return call

    def _call_event(self, call: FakeCall, event: str, status: str) -> None:
        if not call.status_callback or (event != "completed" and event not in call.events):
            return
        params = {"CallSid": call.sid, "AccountSid": self.fake.account_sid, "From": call.from_,
                  "To": call.to, "CallStatus": status, "Direction": "outbound-api",
                  "ApiVersion": "2010-04-01", "CallbackSource": "call-progress-events",
                  "SequenceNumber": str(call.sequence),
                  "Timestamp": rfc2822(self.fake.now()) or ""}
        if event == "completed":
            seconds = (int(((call.ended_at or self.fake.now()) - call.answered_at)
                           .total_seconds()) if call.answered_at else 0)
            params.update({"CallDuration": str(seconds), "Duration": str((seconds + 59) // 60)})
        call.sequence += 1
        self.queue.append(Callback(call.status_callback, params))

    def _complete(self, call: FakeCall) -> None:
        call.status, call.ended_at = "completed", self.fake.now()
        self._call_event(call, "completed", "completed")

    def _fetch_twiml(self, call: FakeCall, url: str) -> bytes:
        params = {"CallSid": call.sid, "AccountSid": self.fake.account_sid, "From": call.from_,
                  "To": call.to, "CallStatus": "in-progress", "Direction": "outbound-api",
                  "ApiVersion": "2010-04-01"}
        answer = self.deliver([Callback(url, params)])[0]
        if answer.status_code != 200:
            raise RuntimeError(f"TwiML fetch answered {answer.status_code}: {answer.text}")
        return answer.content  # bytes: the XML declares its own encoding

    def _follow(self, call: FakeCall, twiml: bytes) -> None:
        root = ET.fromstring(twiml)  # noqa: S314  (our own server's TwiML, in a test)
        for verb in root:
            if verb.tag == "Say":
                call.said.append(verb.text or "")
            elif verb.tag == "Dial":
                if verb.get("timeLimit"):
                    limit = int(verb.get("timeLimit", "0"))
                    call.time_limit = min(call.time_limit or limit, limit)
                room = verb.find("Conference")
                if room is not None:
                    with self.fake.lock:
                        self._join(call, room.text or "", room.attrib)
                return

    # --- internals: conferences --------------------------------------------------------------
    def _conference(self, conference_sid: str) -> FakeConference:
        conference = self.conferences.get(conference_sid)
        if conference is None:
            raise TwilioError(404, 20404, f"The requested resource /Conferences/"
                                          f"{conference_sid}.json was not found")
        return conference

    def _room(self, name: str, attrs: dict[str, str]) -> FakeConference:
        for conference in self.conferences.values():
            if conference.name == name and conference.status != "completed":
                return conference
        conference = FakeConference(
            sid("CF"), name, self.fake.now(), attrs.get("statusCallback"),
            tuple((attrs.get("statusCallbackEvent") or "start end").split()),
            attrs.get("record") == "record-from-start", attrs.get("recordingStatusCallback"),
            int(attrs.get("maxParticipants") or MAX_PARTICIPANTS))
        self.conferences[conference.sid] = conference
        return conference

    def _join(self, call: FakeCall, name: str, attrs: dict[str, str]) -> FakeParticipant:
        conference = self._room(name, attrs)
        label = attrs.get("participantLabel")
        if len(conference.participants) >= min(conference.max_participants, MAX_PARTICIPANTS):
            raise TwilioError(400, CONFERENCE_FULL, "The conference is full")
        if label and any(p.label == label for p in conference.participants.values()):
            raise TwilioError(400, LABEL_TAKEN, f"Participant label {label} is taken")
        participant = FakeParticipant(
            call.sid, label, flag(attrs.get("muted"), False),
            flag(attrs.get("startConferenceOnEnter"), True),
            flag(attrs.get("endConferenceOnExit"), False),
            coaching=bool(attrs.get("coach")), call_sid_to_coach=attrs.get("coach"))
        conference.participants[call.sid] = participant
        call.conference_sid = conference.sid
        self._conference_event(conference, "join", "participant-join", participant)
        if (conference.status == "init" and len(conference.participants) >= 2
                and any(p.start_on_enter for p in conference.participants.values())):
            conference.status, conference.started_at = "in-progress", self.fake.now()
            self._conference_event(conference, "start", "conference-start")
        return participant

    def _leave(self, conference: FakeConference, call_sid: str, reason: str,
               ending: bool = False) -> None:
        participant = conference.participants.pop(call_sid)
        extra = {"ParticipantCallStatus": "completed", "ReasonParticipantLeft": reason}
        self._conference_event(conference, "leave", "participant-leave", participant, extra)
        self._complete(self.calls[call_sid])
        if ending:
            return
        if participant.end_on_exit:
            kicked = reason == "participant_updated_via_api"
            self._end(conference, "participant-with-end-conference-on-exit-"
                      + ("kicked" if kicked else "left"), participant)
        elif not conference.participants:
            self._end(conference, "last-participant-left", participant)

    def _end(self, conference: FakeConference, reason: str,
             ending: FakeParticipant | None = None) -> None:
        if conference.status == "completed":
            return
        for call_sid in list(conference.participants):
            self._leave(conference, call_sid, "conference_ended_via_api"
                        if reason == "conference-ended-via-api" else "participant_hung_up",
                        ending=True)
        started = conference.started_at
        conference.status, conference.ended_at = "completed", self.fake.now()
        conference.reason_ended = reason
        conference.call_sid_ending = ending.call_sid if ending else None
        extra = {"ReasonConferenceEnded": reason, "Reason": reason}
        if ending:
            extra.update({"CallSidEndingConference": ending.call_sid,
                          "ParticipantLabelEndingConference": ending.label or ""})
        self._conference_event(conference, "end", "conference-end", extra=extra)
        if conference.record and started and conference.recording_callback:
            seconds = int((conference.ended_at - started).total_seconds())
            recording = sid("RE")
            self.recordings[recording] = self.recording_audio
            self.queue.append(Callback(conference.recording_callback, {
                "AccountSid": self.fake.account_sid, "ConferenceSid": conference.sid,
                "RecordingSid": recording, "RecordingStatus": "completed",
                "RecordingUrl": f"{self.fake.base_url}/api/2010-04-01/Accounts/"
                                f"{self.fake.account_sid}/Recordings/{recording}",
                "RecordingDuration": str(seconds), "RecordingChannels": "1",
                "RecordingSource": "Conference", "RecordingStartTime": rfc2822(started) or ""}))

    def _conference_event(self, conference: FakeConference, subscription: str, event: str,
                          participant: FakeParticipant | None = None,
                          extra: dict[str, str] | None = None) -> None:
        if not conference.status_callback or subscription not in conference.events:
            return
        params = {"ConferenceSid": conference.sid, "FriendlyName": conference.name,
                  "AccountSid": self.fake.account_sid,
                  "SequenceNumber": str(conference.sequence),
                  "Timestamp": rfc2822(self.fake.now()) or "", "StatusCallbackEvent": event}
        if participant is not None:
            params.update({
                "CallSid": participant.call_sid, "Muted": str(participant.muted).lower(),
                "Hold": str(participant.hold).lower(),
                "Coaching": str(participant.coaching).lower(),
                "EndConferenceOnExit": str(participant.end_on_exit).lower(),
                "StartConferenceOnEnter": str(participant.start_on_enter).lower(),
                "ParticipantLabel": participant.label or ""})
        params.update(extra or {})
        conference.sequence += 1
        self.queue.append(Callback(conference.status_callback, params))

    def _participant(self, conference: FakeConference, key: str) -> FakeParticipant:
        for participant in conference.participants.values():
            if key in (participant.call_sid, participant.label):
                return participant
        raise TwilioError(404, 20404, f"The requested resource /Participants/{key}.json was "
                                      "not found")

    # --- bodies ------------------------------------------------------------------------------
    def _uri(self, tail: str) -> str:
        return f"/2010-04-01/Accounts/{self.fake.account_sid}/{tail}.json"

    def _call_body(self, call: FakeCall) -> dict[str, Any]:
        duration = (str(int((call.ended_at - call.answered_at).total_seconds()))
                    if call.ended_at and call.answered_at else None)
        return {"sid": call.sid, "account_sid": self.fake.account_sid, "to": call.to,
                "to_formatted": call.to, "from": call.from_, "from_formatted": call.from_,
                "status": call.status, "direction": "outbound-api", "api_version": "2010-04-01",
                "date_created": rfc2822(call.created), "date_updated": rfc2822(self.fake.now()),
                "start_time": rfc2822(call.answered_at), "end_time": rfc2822(call.ended_at),
                "duration": duration, "parent_call_sid": None, "price": None,
                "price_unit": "USD", "answered_by": None, "forwarded_from": None,
                "group_sid": None, "caller_name": None, "queue_time": "0", "trunk_sid": None,
                "phone_number_sid": None, "uri": self._uri(f"Calls/{call.sid}"),
                "subresource_uris": {}}

    def _conference_body(self, c: FakeConference) -> dict[str, Any]:
        return {"sid": c.sid, "account_sid": self.fake.account_sid, "friendly_name": c.name,
                "status": c.status, "region": "us1", "api_version": "2010-04-01",
                "date_created": rfc2822(c.created), "date_updated": rfc2822(self.fake.now()),
                "reason_conference_ended": c.reason_ended,
                "call_sid_ending_conference": c.call_sid_ending,
                "uri": self._uri(f"Conferences/{c.sid}"),
                "subresource_uris": {"participants": self._uri(
                    f"Conferences/{c.sid}/Participants")}}

    def _participant_body(self, c: FakeConference, p: FakeParticipant) -> dict[str, Any]:
        call = self.calls[p.call_sid]
        status = {"queued": "queued", "ringing": "ringing", "in-progress": "connected"}.get(
            call.status, "complete")
        return {"account_sid": self.fake.account_sid, "call_sid": p.call_sid, "label": p.label,
                "conference_sid": c.sid, "muted": p.muted, "hold": p.hold,
                "coaching": p.coaching, "call_sid_to_coach": p.call_sid_to_coach,
                "start_conference_on_enter": p.start_on_enter,
                "end_conference_on_exit": p.end_on_exit, "status": status,
                "queue_time": "0", "date_created": rfc2822(call.created),
                "date_updated": rfc2822(self.fake.now()),
                "uri": self._uri(f"Conferences/{c.sid}/Participants/{p.call_sid}")}

    # --- routes: calls -----------------------------------------------------------------------
    def create_call(self, request: Request, form: dict, account: str) -> Response:
        self._account(account, request.path)
        to, from_ = form_value(form, "To"), form_value(form, "From")
        if not to or not from_:
            raise TwilioError(400, 21201 if not to else 21213,
                              f"Required parameter {'To' if not to else 'From'} missing")
        url = form_value(form, "Url")
        if not url and not form_value(form, "Twiml"):
            raise TwilioError(400, 21205, "Url parameter is required")
        with self.fake.lock:
            call = self._new_call(to, from_, url, form_value(form, "StatusCallback"),
                                  form.get("StatusCallbackEvent", []),
                                  form_value(form, "TimeLimit"))
            return json_answer(self._call_body(call), 201)

    def fetch_call(self, request: Request, form: dict, account: str, call_sid: str
                   ) -> Response:
        self._account(account, request.path)
        with self.fake.lock:
            return json_answer(self._call_body(self._call(call_sid)))

    def update_call(self, request: Request, form: dict, account: str, call_sid: str
                    ) -> Response:
        self._account(account, request.path)
        status = form_value(form, "Status")
        if status not in (None, "completed", "canceled"):
            raise TwilioError(400, 21218, "Invalid parameter: Status")
        with self.fake.lock:
            call = self._call(call_sid)
            if form_value(form, "TimeLimit"):
                call.time_limit = int(form_value(form, "TimeLimit") or 0)
        if status == "completed" or (status == "canceled" and call.status in ("queued",
                                                                                "ringing")):
            self.hangup(call_sid, reason="participant_updated_via_api")
        with self.fake.lock:
            return json_answer(self._call_body(call))

    # --- routes: recordings ------------------------------------------------------------------
    def recording_media(self, request: Request, form: dict, account: str, recording_sid: str
                        ) -> Response:
        self._account(account, request.path)
        with self.fake.lock:
            audio = self.recordings.get(recording_sid)
        if audio is None:
            raise TwilioError(404, 20404, f"The requested resource /Recordings/{recording_sid}"
                                          " was not found")
        return Response(audio, status=200, content_type="audio/x-wav")

    def delete_recording(self, request: Request, form: dict, account: str, recording_sid: str
                         ) -> Response:
        self._account(account, request.path)
        with self.fake.lock:
            if recording_sid not in self.recordings:
                raise TwilioError(404, 20404, f"The requested resource /Recordings/"
                                              f"{recording_sid}.json was not found")
            del self.recordings[recording_sid]
        return Response(status=204)

    # --- routes: conferences -----------------------------------------------------------------
    def list_conferences(self, request: Request, form: dict, account: str) -> Response:
        self._account(account, request.path)
        name, status = request.args.get("FriendlyName"), request.args.get("Status")
        with self.fake.lock:
            found = [self._conference_body(c) for c in self.conferences.values()
                     if (name is None or c.name == name)
                     and (status is None or c.status == status)]
        uri = self._uri("Conferences") + "?PageSize=50&Page=0"
        return json_answer({"conferences": found, "first_page_uri": uri, "next_page_uri": None,
                            "previous_page_uri": None, "page": 0, "page_size": 50, "start": 0,
                            "end": max(len(found) - 1, 0), "uri": uri})

    def fetch_conference(self, request: Request, form: dict, account: str,
                         conference_sid: str) -> Response:
        self._account(account, request.path)
        with self.fake.lock:
            return json_answer(self._conference_body(self._conference(conference_sid)))

    def update_conference(self, request: Request, form: dict, account: str,
                          conference_sid: str) -> Response:
        self._account(account, request.path)
        status = form_value(form, "Status")
        if status not in (None, "completed"):
            raise TwilioError(400, 21218, "Invalid parameter: Status")
        with self.fake.lock:
            conference = self._conference(conference_sid)
            if status == "completed":
                self._end(conference, "conference-ended-via-api")
            return json_answer(self._conference_body(conference))

    # --- routes: participants ----------------------------------------------------------------
    def create_participant(self, request: Request, form: dict, account: str,
                           conference_sid: str) -> Response:
        self._account(account, request.path)
        to, from_ = form_value(form, "To"), form_value(form, "From")
        if not to or not from_:
            raise TwilioError(400, 21201, "Required parameters From and To")
        coaching = flag(form_value(form, "Coaching"), False)
        coach = form_value(form, "CallSidToCoach")
        if coaching and not coach:
            raise TwilioError(400, 21218, "CallSidToCoach is required when Coaching is true")
        with self.fake.lock:
            conference = self._conference(conference_sid)
            if conference.status == "completed":
                raise TwilioError(400, 21218, "The conference is over")
            if coach:
                self._participant(conference, coach)
            call = self._new_call(to, from_, None, form_value(form, "StatusCallback"),
                                  form.get("StatusCallbackEvent", []),
                                  form_value(form, "TimeLimit"))
            attrs = {k: v for k, v in {
                "participantLabel": form_value(form, "Label"),
                "muted": form_value(form, "Muted"),
                "startConferenceOnEnter": form_value(form, "StartConferenceOnEnter"),
                "endConferenceOnExit": form_value(form, "EndConferenceOnExit"),
                "coach": coach if coaching else None}.items() if v is not None}
            if self.auto_answer_participants:
                self._call_event(call, "ringing", "ringing")
                call.status, call.answered_at = "in-progress", self.fake.now()
                self._call_event(call, "answered", "in-progress")
                participant = self._join(call, conference.name, attrs)
            else:
                participant = FakeParticipant(call.sid, attrs.get("participantLabel"),
                                              flag(attrs.get("muted"), False), False, False)
            return json_answer(self._participant_body(conference, participant), 201)

    def fetch_participant(self, request: Request, form: dict, account: str,
                          conference_sid: str, key: str) -> Response:
        self._account(account, request.path)
        with self.fake.lock:
            conference = self._conference(conference_sid)
            return json_answer(self._participant_body(conference,
                                                      self._participant(conference, key)))

    def update_participant(self, request: Request, form: dict, account: str,
                           conference_sid: str, key: str) -> Response:
        self._account(account, request.path)
        with self.fake.lock:
            conference = self._conference(conference_sid)
            p = self._participant(conference, key)
            coach = form_value(form, "CallSidToCoach")
            coaching = form_value(form, "Coaching")
            wants_coaching = flag(coaching, p.coaching) if coaching is not None else (
                True if coach else p.coaching)
            target = coach or p.call_sid_to_coach
            if wants_coaching and not target:
                raise TwilioError(400, 21218, "CallSidToCoach is required when Coaching is "
                                              "true")
            if wants_coaching and target not in conference.participants:
                raise TwilioError(400, COACH_NOT_CONNECTED,
                                  "The call to coach is not connected to this conference")
            modified = (wants_coaching != p.coaching or (coach and coach != p.call_sid_to_coach))
            p.coaching, p.call_sid_to_coach = wants_coaching, target if wants_coaching else None
            end_on_exit = form_value(form, "EndConferenceOnExit")
            if end_on_exit is not None and flag(end_on_exit, p.end_on_exit) != p.end_on_exit:
                p.end_on_exit, modified = flag(end_on_exit, p.end_on_exit), True
            if modified:
                self._conference_event(conference, "modify", "participant-modify", p)
            muted = form_value(form, "Muted")
            if muted is not None and (muted.lower() == "true") != p.muted:
                p.muted = muted.lower() == "true"
                self._conference_event(conference, "mute", "participant-mute" if p.muted
                                       else "participant-unmute", p)
            return json_answer(self._participant_body(conference, p))

    def delete_participant(self, request: Request, form: dict, account: str,
                           conference_sid: str, key: str) -> Response:
        self._account(account, request.path)
        with self.fake.lock:
            conference = self._conference(conference_sid)
            p = self._participant(conference, key)
            self._leave(conference, p.call_sid, "participant_updated_via_api")
        return Response(status=204)
