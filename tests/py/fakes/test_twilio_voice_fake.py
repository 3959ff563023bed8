"""The loopback Twilio's Voice product, driven by the real SDK; its callbacks checked by the
SDK's own RequestValidator at a small receiver that also serves the legs' TwiML."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from urllib.parse import parse_qsl

import pytest
import requests
from twilio.base.exceptions import TwilioRestException
from twilio.request_validator import RequestValidator
from twilio.rest import Client
from twilio.twiml.voice_response import Dial, VoiceResponse
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from samia_functions.twilio_verify import LoopbackTwilioHttpClient

from .twilio_fake import TwilioFake, VerifyApi
from .twilio_voice_fake import VoiceApi, twilio_signature

PUBLIC = "https://calls.example.test/hooks"
READER, CLIENT, MONITOR, FROM = "+971500000001", "+971500000002", "+971500000003", "+15005550006"


class Receiver:
    """Answers TwiML for /twiml?leg=..., records status callbacks, checks every signature
    against the PUBLIC URL with the SDK's validator."""

    def __init__(self, token: str) -> None:
        self.validator = RequestValidator(token)
        self.received: list[dict[str, str]] = []
        self.rejected = 0
        self._server = make_server("127.0.0.1", 0, self.wsgi, threaded=True)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    def wsgi(self, environ, start_response):
        request = Request(environ)
        public = PUBLIC + request.path + (f"?{request.query_string.decode()}"
                                          if request.query_string else "")
        if not self.validator.validate(public, request.form,
                                       request.headers.get("X-Twilio-Signature", "")):
            self.rejected += 1
            return Response("forbidden", 403)(environ, start_response)
        if request.path == "/twiml":
            leg = request.args["leg"]
            r = VoiceResponse()
            r.say(f"notice for {leg}")
            d = Dial(time_limit=900)
            d.conference("bk_1", start_conference_on_enter=leg == "reader",
                         end_conference_on_exit=True, beep=False, participant_label=leg,
                         record="record-from-start", max_participants=3,
                         status_callback=f"{PUBLIC}/conference",
                         status_callback_event="start end join leave mute hold modify",
                         recording_status_callback=f"{PUBLIC}/recording")
            r.append(d)
            return Response(str(r), content_type="text/xml")(environ, start_response)
        self.received.append({"path": request.path, **request.form.to_dict()})
        return Response("", 204)(environ, start_response)

    def stop(self) -> None:
        self._server.shutdown()


@pytest.fixture
def fake() -> Iterator[TwilioFake]:
    with TwilioFake(products=(VerifyApi, VoiceApi)) as running:
        yield running


@pytest.fixture
def receiver(fake) -> Iterator[Receiver]:
    r = Receiver(fake.auth_token)
    fake.product(VoiceApi).route = lambda url: url.replace(PUBLIC, r.base)
    yield r
    r.stop()


def sdk(fake: TwilioFake) -> Client:
    return Client(fake.account_sid, fake.auth_token,
                  http_client=LoopbackTwilioHttpClient(fake.base_url))


def dial(client: Client, to: str, leg: str):
    return client.calls.create(to=to, from_=FROM, url=f"{PUBLIC}/twiml?leg={leg}",
                               status_callback=f"{PUBLIC}/call",
                               status_callback_event=["initiated", "ringing", "answered",
                                                      "completed"], time_limit=600)


def events(receiver: Receiver, path: str, key: str) -> list[str]:
    return [e[key] for e in receiver.received if e["path"] == path]


def test_the_signing_helper_matches_twilios_worked_example():
    params = dict(parse_qsl("CallSid=CA1234567890ABCDE&Caller=%2B14158675310&Digits=1234"
                            "&From=%2B14158675310&To=%2B18005551212"))
    assert twilio_signature("12345", "https://example.com/myapp.php?foo=1&bar=2",
                            params) == "L/OH5YylLD5NRKLltdqwSvS0BnU="


def test_a_whole_conference_with_a_coaching_monitor(fake, receiver):
    voice, client = fake.product(VoiceApi), sdk(fake)
    reader, client_leg = dial(client, READER, "reader"), dial(client, CLIENT, "client")
    assert (reader.status, reader.direction) == ("queued", "outbound-api")
    voice.answer(reader.sid)
    voice.answer(client_leg.sid)
    assert voice.calls[reader.sid].said == ["notice for reader"]
    assert voice.calls[reader.sid].time_limit == 600
    room = voice.conference_named("bk_1")
    assert client.conferences(room.sid).fetch().status == "in-progress"
    assert [c.sid for c in client.conferences.list(friendly_name="bk_1")] == [room.sid]

    monitor = client.conferences(room.sid).participants.create(
        from_=FROM, to=MONITOR, label="monitor", muted=True, beep="false",
        start_conference_on_enter=False, end_conference_on_exit=False)
    assert (monitor.muted, monitor.label, monitor.status) == (True, "monitor", "connected")
    with pytest.raises(TwilioRestException) as missing:
        client.conferences(room.sid).participants("monitor").update(coaching=True)
    assert missing.value.status == 400
    whisper = client.conferences(room.sid).participants("monitor").update(
        coaching=True, call_sid_to_coach=reader.sid)
    assert (whisper.coaching, whisper.call_sid_to_coach) == (True, reader.sid)
    assert client.conferences(room.sid).participants("monitor").update(muted=False).muted is False
    barge = client.conferences(room.sid).participants(monitor.call_sid).update(coaching=False)
    assert (barge.coaching, barge.muted) == (False, False)

    client.conferences(room.sid).update(status="completed")
    assert all(c.status == "completed" for c in voice.calls.values())
    statuses = [r.status_code for r in voice.flush()]
    assert statuses and set(statuses) == {204} and receiver.rejected == 0
    conference_events = events(receiver, "/conference", "StatusCallbackEvent")
    assert conference_events[:3] == ["participant-join", "participant-join", "conference-start"]
    assert {"participant-modify", "participant-unmute"} <= set(conference_events)
    assert conference_events[-1] == "conference-end"
    end = [e for e in receiver.received if e.get("StatusCallbackEvent") == "conference-end"][0]
    assert end["ReasonConferenceEnded"] == "conference-ended-via-api"
    sequence = [int(e["SequenceNumber"]) for e in receiver.received if e["path"] == "/conference"]
    assert sequence == list(range(len(sequence)))
    assert events(receiver, "/recording", "RecordingStatus") == ["completed"]
    assert "completed" in events(receiver, "/call", "CallStatus")


def test_end_conference_on_exit_ends_it_for_everyone(fake, receiver):
    voice, client = fake.product(VoiceApi), sdk(fake)
    reader, client_leg = dial(client, READER, "reader"), dial(client, CLIENT, "client")
    voice.answer(reader.sid)
    voice.answer(client_leg.sid)
    voice.hangup(client_leg.sid)
    room = voice.conference_named("bk_1")
    assert room.status == "completed"
    assert room.reason_ended == "participant-with-end-conference-on-exit-left"
    assert client.calls(reader.sid).fetch().status == "completed"


def test_time_limits_and_the_participant_limit(fake, receiver):
    voice, client = fake.product(VoiceApi), sdk(fake)
    reader = dial(client, READER, "reader")
    voice.answer(reader.sid)
    fake.advance(599)
    assert voice.enforce_time_limits() == []
    fake.advance(1)
    assert voice.enforce_time_limits() == [reader.sid]
    assert client.calls(reader.sid).fetch().status == "completed"

    a, b = dial(client, READER, "reader"), dial(client, CLIENT, "client")
    voice.answer(a.sid)
    voice.answer(b.sid)
    room = voice.conference_named("bk_1")
    client.conferences(room.sid).participants.create(from_=FROM, to=MONITOR, label="m1")
    with pytest.raises(TwilioRestException) as full:  # maxParticipants=3 from the TwiML
        client.conferences(room.sid).participants.create(from_=FROM, to=MONITOR, label="m2")
    assert full.value.status == 400
    room.max_participants = 1000
    for n in range(2, 249):  # 3 in already: 250 in all
        client.conferences(room.sid).participants.create(from_=FROM, to=MONITOR,
                                                         label=f"m{n}")
    with pytest.raises(TwilioRestException) as cap:  # Twilio's own cap of 250
        client.conferences(room.sid).participants.create(from_=FROM, to=MONITOR, label="x")
    assert cap.value.status == 400


def test_bad_signatures_duplicates_and_reordering_are_the_tests_choice(fake, receiver):
    voice, client = fake.product(VoiceApi), sdk(fake)
    reader = dial(client, READER, "reader")
    voice.answer(reader.sid)
    voice.hangup(reader.sid)
    queued = voice.take()
    assert [r.status_code for r in voice.deliver(queued[:1], bad_signature=True)] == [403]
    answers = voice.deliver(list(reversed(queued)) + queued[:2])
    assert {r.status_code for r in answers} == {204}
    assert receiver.rejected == 1
    with pytest.raises(TwilioRestException) as unknown:
        client.calls("CA" + "0" * 32).fetch()
    assert (unknown.value.status, unknown.value.code) == (404, 20404)


def test_the_phone_network_controls_over_http(fake, receiver):
    reader = dial(sdk(fake), READER, "reader")
    answered = requests.post(f"{fake.base_url}/_fake/calls/{reader.sid}/answer", timeout=10)
    assert answered.json()["status"] == "in-progress"
    hung = requests.post(f"{fake.base_url}/_fake/calls/{reader.sid}/hangup", timeout=10)
    assert hung.json()["status"] == "completed"
    flushed = requests.post(f"{fake.base_url}/_fake/flush", timeout=30).json()["delivered"]
    assert flushed and set(flushed) == {204}
    assert events(receiver, "/call", "CallStatus")[-1] == "completed"
    unknown = requests.post(f"{fake.base_url}/_fake/calls/{reader.sid}/explode", timeout=10)
    assert unknown.status_code == 404
