"""The loopback Twilio itself, driven by the real SDK: the wire format tests rely on."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from samia_functions.twilio_verify import LoopbackTwilioHttpClient

from .twilio_fake import TwilioFake, VerifyApi

TO = "+971501234567"


@pytest.fixture
def fake() -> Iterator[TwilioFake]:
    with TwilioFake() as running:
        yield running


def sdk(fake: TwilioFake, token: str | None = None):
    client = Client(fake.account_sid, token or fake.auth_token,
                    http_client=LoopbackTwilioHttpClient(fake.base_url))
    return client.verify.v2.services(fake.verify_service_sid)


def test_start_fetch_cancel_and_the_http_controls(fake):
    service = sdk(fake)
    created = service.verifications.create(to=TO, channel="sms")
    assert (created.status, created.to, created.channel) == ("pending", TO, "sms")
    assert created.sid.startswith("VE") and created.date_created is not None
    assert service.verifications(created.sid).fetch().status == "pending"
    code = requests.get(f"{fake.base_url}/_fake/verify/code", params={"to": TO},
                        timeout=5).json()["code"]
    assert code == fake.product(VerifyApi).code_for(TO) and len(code) == 6
    assert service.verifications(created.sid).update(status="canceled").status == "canceled"
    with pytest.raises(TwilioRestException) as gone:
        service.verification_checks.create(to=TO, code=code)
    assert (gone.value.status, gone.value.code) == (404, 20404)


def test_errors_have_twilios_shape(fake):
    with pytest.raises(TwilioRestException) as bad:
        sdk(fake).verifications.create(to="971", channel="sms")
    assert (bad.value.status, bad.value.code) == (400, 60200)
    assert bad.value.msg == "Unable to create record: Invalid parameter: To"
    with pytest.raises(TwilioRestException) as denied:
        sdk(fake, token="wrong").verifications.create(to=TO, channel="sms")
    assert (denied.value.status, denied.value.code) == (401, 20003)
    with pytest.raises(TwilioRestException) as blocked:
        sdk(fake).verifications.create(to="+99912345678", channel="sms")
    assert blocked.value.code == 60410


def test_send_and_check_limits_and_the_clock(fake):
    service = sdk(fake)
    for _ in range(5):
        service.verifications.create(to=TO, channel="sms")
    with pytest.raises(TwilioRestException) as sends:
        service.verifications.create(to=TO, channel="sms")
    assert (sends.value.status, sends.value.code) == (429, 60203)
    code = fake.product(VerifyApi).code_for(TO)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(5):
        assert service.verification_checks.create(to=TO, code=wrong).status == "pending"
    with pytest.raises(TwilioRestException) as checks:
        service.verification_checks.create(to=TO, code="123456")
    assert (checks.value.status, checks.value.code) == (429, 60202)

    service.verifications.create(to=TO, channel="call")
    requests.post(f"{fake.base_url}/_fake/clock", json={"advance": 601}, timeout=5)
    with pytest.raises(TwilioRestException) as expired:
        service.verification_checks.create(to=TO, code=fake.product(VerifyApi).code_for(TO))
    assert expired.value.code == 20404
