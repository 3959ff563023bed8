"""verify_phone_start / verify_phone_check through the dev gateway (/functions/v1/<name>), with
the real twilio SDK talking to the loopback fake and the run's migrated database."""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Iterator

import jwt
import psycopg
import pytest
import requests
from fakes.twilio_fake import TwilioFake, VerifyApi

from .conftest import authenticator_dsn, bearer

TWILIO_VARS = ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_VERIFY_SERVICE_SID")


def _reset_function_state() -> None:
    from samia_functions import db, twilio_verify
    from samia_functions.settings import get_settings

    get_settings.cache_clear()
    twilio_verify.reset()
    db.close_pool()


@pytest.fixture
def twilio() -> Iterator[TwilioFake]:
    with TwilioFake(seed=secrets.randbelow(10**6)) as fake:
        yield fake


@pytest.fixture
def verify_env(monkeypatch: pytest.MonkeyPatch, database_dsn: str, jwt_secret: str,
               twilio: TwilioFake) -> Iterator[pytest.MonkeyPatch]:
    """The in-process functions configured for this database and the fake Twilio."""
    monkeypatch.setenv("FUNCTIONS_DB_DSN", authenticator_dsn(database_dsn))
    monkeypatch.setenv("JWT_SECRET", jwt_secret)
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", twilio.account_sid)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", twilio.auth_token)
    monkeypatch.setenv("TWILIO_VERIFY_SERVICE_SID", twilio.verify_service_sid)
    monkeypatch.setenv("TWILIO_FAKE_BASE_URL", twilio.base_url)
    _reset_function_state()
    yield monkeypatch
    _reset_function_state()


@pytest.fixture
def call(api_url: str, verify_env):
    def post(name: str, user=None, body: dict | None = None, token: str | None = None,
             method: str = "POST") -> requests.Response:
        headers = bearer(token or user.token) if (user or token) else {}
        return requests.request(method, f"{api_url}/functions/v1/{name}", json=body or {},
                                headers=headers, timeout=30)

    return post


def fresh_phone() -> str:
    """A valid UAE mobile number no other test uses."""
    return f"+97150{secrets.randbelow(10**7):07d}"


def verify_api(twilio: TwilioFake) -> VerifyApi:
    return twilio.product(VerifyApi)


def profile(database_dsn: str, user) -> tuple:
    with psycopg.connect(database_dsn) as conn:
        return conn.execute("select phone, phone_verified from app.profiles where id = %s",
                            (user.id,)).fetchone()


def attempts(database_dsn: str, user) -> list[tuple]:
    with psycopg.connect(database_dsn) as conn:
        return conn.execute(
            "select kind, phone, channel, outcome, provider_error"
            " from app.phone_verification_attempts where user_id = %s order by id",
            (user.id,)).fetchall()


def buckets(database_dsn: str, subject: str) -> list[tuple]:
    with psycopg.connect(database_dsn) as conn:
        return conn.execute("select action from app.rate_limit_buckets where subject = %s",
                            (subject,)).fetchall()


def start(call, user, phone: str, channel: str = "sms") -> requests.Response:
    return call("verify_phone_start", user, {"phone": phone, "channel": channel})


def check(call, user, phone: str, code: str) -> requests.Response:
    return call("verify_phone_check", user, {"phone": phone, "code": code})


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def test_happy_path_sets_the_verified_phone(call, make_user, twilio, database_dsn):
    user, phone = make_user("client"), fresh_phone()
    r = start(call, user, phone)
    assert r.status_code == 200, r.text
    assert r.json() == {"phone": phone, "channel": "sms", "status": "pending"}
    sent = twilio.requests_to(r"/Verifications$")
    assert [(q.form["To"], q.form["Channel"]) for q in sent] == [([phone], ["sms"])]
    assert sent[0].headers["Authorization"].startswith("Basic ")

    code = verify_api(twilio).code_for(phone)
    r = check(call, user, phone, code)
    assert r.status_code == 200, r.text
    assert r.json() == {"phone": phone, "phone_verified": True}
    assert profile(database_dsn, user) == (phone, True)
    assert attempts(database_dsn, user) == [("start", phone, "sms", "sent", None),
                                            ("check", phone, None, "approved", None)]
    with psycopg.connect(database_dsn) as conn:
        dump = conn.execute("select string_agg(a::text, ' ') from app.phone_verification_attempts"
                            " as a where user_id = %s", (user.id,)).fetchone()[0]
    assert code not in dump, "the code must never be stored"


def test_a_number_without_plus_is_read_in_the_users_country(call, make_user, twilio,
                                                            database_dsn):
    user = make_user("client")
    with psycopg.connect(database_dsn) as conn:
        conn.execute("update app.profiles set country_code = 'AE' where id = %s", (user.id,))
    local = f"050 {secrets.randbelow(10**3):03d} {secrets.randbelow(10**4):04d}"
    r = start(call, user, local, "whatsapp")
    assert r.status_code == 200, r.text
    expected = "+971" + local.replace(" ", "")[1:]
    assert r.json()["phone"] == expected
    assert twilio.requests_to(r"/Verifications$")[0].form["To"] == [expected]


def test_invalid_input_is_refused_before_twilio(call, make_user, twilio, database_dsn):
    user = make_user("client")
    for body, code in [({"phone": "0501234567", "channel": "sms"}, "BADPH"),  # no country
                       ({"phone": "+97112", "channel": "sms"}, "BADPH"),
                       ({"phone": "not a number"}, "BADPH"),
                       ({"phone": fresh_phone(), "channel": "pigeon"}, "BADCH"),
                       ({"phone": 971501234567}, "BADRQ")]:
        r = call("verify_phone_start", user, body)
        assert (r.status_code, r.json()["code"]) == (400, code), (body, r.text)
    r = call("verify_phone_check", user, {"phone": fresh_phone(), "code": "12ab"})
    assert (r.status_code, r.json()["code"]) == (400, "VFCOD")
    assert twilio.requests == []
    assert attempts(database_dsn, user) == []


def test_a_wrong_code_is_recorded_and_changes_nothing(call, make_user, twilio, database_dsn):
    user, phone = make_user("client"), fresh_phone()
    assert start(call, user, phone).status_code == 200
    r = check(call, user, phone, wrong(verify_api(twilio).code_for(phone)))
    assert r.status_code == 400
    assert r.json()["code"] == "VFBAD" and r.json()["details"] == {"attempts_left": 4}
    assert profile(database_dsn, user) == (None, False)
    assert attempts(database_dsn, user)[-1] == ("check", phone, None, "wrong_code", None)


def test_five_wrong_codes_lock_the_verification_until_a_new_code(call, make_user, twilio,
                                                                  database_dsn):
    user, phone = make_user("client"), fresh_phone()
    assert start(call, user, phone).status_code == 200
    code = verify_api(twilio).code_for(phone)
    lefts = [check(call, user, phone, wrong(code)).json()["details"]["attempts_left"]
             for _ in range(5)]
    assert lefts == [4, 3, 2, 1, 0]
    r = check(call, user, phone, code)  # even the right code: locked before Twilio is asked
    assert (r.status_code, r.json()["code"]) == (400, "VFLCK")
    assert len(twilio.requests_to(r"/VerificationCheck$")) == 5
    assert profile(database_dsn, user) == (None, False)


def test_a_resent_code_does_not_reset_twilios_check_count(call, make_user, twilio,
                                                           database_dsn):
    """Twilio reuses the pending verification for a resend, with its check count."""
    user, phone = make_user("client"), fresh_phone()
    assert start(call, user, phone).status_code == 200
    code = verify_api(twilio).code_for(phone)
    for _ in range(5):
        assert check(call, user, phone, wrong(code)).json()["code"] == "VFBAD"
    assert start(call, user, phone).status_code == 200
    assert verify_api(twilio).code_for(phone) == code
    r = check(call, user, phone, code)
    assert (r.status_code, r.json()["code"]) == (400, "VFLCK")
    assert attempts(database_dsn, user)[-1] == ("check", phone, None, "locked", 60202)


def test_twilio_max_check_attempts_is_the_lock_too(call, make_user, twilio, database_dsn):
    user, phone = make_user("client"), fresh_phone()
    assert start(call, user, phone).status_code == 200
    twilio.inject_fault("POST", r"/VerificationCheck$", 429, 60202,
                        "Max check attempts reached")
    r = check(call, user, phone, verify_api(twilio).code_for(phone))
    assert (r.status_code, r.json()["code"]) == (400, "VFLCK")
    assert attempts(database_dsn, user)[-1] == ("check", phone, None, "locked", 60202)


def test_an_expired_verification_needs_a_new_code(call, make_user, twilio, database_dsn):
    user, phone = make_user("client"), fresh_phone()
    assert start(call, user, phone).status_code == 200
    code = verify_api(twilio).code_for(phone)
    twilio.advance(601)
    r = check(call, user, phone, code)
    assert (r.status_code, r.json()["code"]) == (400, "VFEXP")
    assert attempts(database_dsn, user)[-1] == ("check", phone, None, "expired", 20404)
    r = check(call, user, phone, code)
    assert (r.status_code, r.json()["code"]) == (400, "VFNOT")
    assert profile(database_dsn, user) == (None, False)

    assert start(call, user, phone).status_code == 200
    r = check(call, user, phone, verify_api(twilio).code_for(phone))
    assert r.status_code == 200, r.text


def test_start_is_rate_limited_per_user(call, make_user, twilio, database_dsn):
    user = make_user("client")
    for _ in range(5):
        assert start(call, user, fresh_phone()).status_code == 200
    r = start(call, user, fresh_phone())
    assert r.status_code == 429
    body = r.json()
    assert body["code"] == "PT429"
    wait = json.loads(body["details"])["retry_after_seconds"]
    assert 0 < wait <= 3600 and r.headers["Retry-After"] == str(wait)
    assert len(twilio.requests_to(r"/Verifications$")) == 5
    assert len(attempts(database_dsn, user)) == 5


def retry_after(r: requests.Response) -> int:
    """The wait of a PT429 answer, checked against its Retry-After header."""
    assert (r.status_code, r.json()["code"]) == (429, "PT429"), r.text
    wait = json.loads(r.json()["details"])["retry_after_seconds"]
    assert r.headers["Retry-After"] == str(wait)
    return wait


def test_another_account_cannot_lock_the_owner_out(call, make_user, twilio, database_dsn):
    """Another account's starts for a number lock only that account out (3 per day)."""
    attacker, owner, phone = make_user("client"), make_user("client"), fresh_phone()
    for _ in range(3):
        assert start(call, attacker, phone).status_code == 200
    assert 0 < retry_after(start(call, attacker, phone)) <= 86400 // 3
    r = start(call, owner, phone)
    assert r.status_code == 200, r.text
    r = check(call, owner, phone, verify_api(twilio).code_for(phone))
    assert r.status_code == 200, r.text
    assert profile(database_dsn, owner) == (phone, True)
    assert verify_api(twilio).sent_count(phone) == 4


def test_one_number_receives_at_most_30_codes_a_day(call, make_user, twilio, database_dsn):
    """The per-number cap for all callers together bounds what a number is sent."""
    phone = fresh_phone()
    for n in range(10):  # ten accounts, each spending its 3 starts for the number
        caller = make_user("client")
        for i in range(3):
            assert start(call, caller, phone).status_code == 200
            if (3 * n + i + 1) % 5 == 0:  # Twilio's own limit: 5 sends per verification
                twilio.advance(601)
    assert 0 < retry_after(start(call, make_user("client"), phone)) <= 86400 // 30
    assert verify_api(twilio).sent_count(phone) == 30
    with psycopg.connect(database_dsn) as conn:
        (count,) = conn.execute("select count(*) from app.phone_verification_attempts"
                                " where phone = %s", (phone,)).fetchone()
    assert count == 30


def test_changing_a_verified_number_is_audited_masked(call, make_user, twilio, database_dsn):
    user, first, second = make_user("client"), fresh_phone(), fresh_phone()
    for phone in (first, second):
        assert start(call, user, phone).status_code == 200
        r = check(call, user, phone, verify_api(twilio).code_for(phone))
        assert r.status_code == 200, r.text
    with psycopg.connect(database_dsn) as conn:
        rows = conn.execute(
            "select actor_id::text, actor_role, old_data, new_data from app.audit_log"
            " where event = 'profile.phone_changed' and entity_id = %s order by id",
            (user.id,)).fetchall()
    masked = [f"{p[:4]}***{p[-2:]}" for p in (first, second)]
    assert rows[-1] == (user.id, "client", {"phone": masked[0], "phone_verified": True},
                        {"phone": masked[1], "phone_verified": True})
    assert len(rows) == 2  # the first number (from none), then the change
    assert not any(p[1:] in str(row) for row in rows for p in (first, second))


def test_check_is_rate_limited_per_user(call, make_user, twilio):
    user = make_user("client")
    for _ in range(2):  # 2 numbers x 5 wrong codes = the 10 checks of 15 minutes
        phone = fresh_phone()
        assert start(call, user, phone).status_code == 200
        code = verify_api(twilio).code_for(phone)
        for _ in range(5):
            assert check(call, user, phone, wrong(code)).json()["code"] == "VFBAD"
    phone = fresh_phone()
    assert start(call, user, phone).status_code == 200
    r = check(call, user, phone, verify_api(twilio).code_for(phone))
    assert (r.status_code, r.json()["code"]) == (429, "PT429")
    assert "Retry-After" in r.headers


def test_twilio_send_limit_is_a_clear_429(call, make_user, twilio, database_dsn):
    user, phone = make_user("client"), fresh_phone()
    twilio.inject_fault("POST", r"/Verifications$", 429, 60203, "Max send attempts reached")
    r = start(call, user, phone)
    assert (r.status_code, r.json()["code"]) == (429, "VFMAX")
    assert attempts(database_dsn, user) == [("start", phone, "sms", "rejected", 60203)]


def test_a_number_verified_by_another_account_is_refused_at_check(call, make_user, twilio,
                                                                  database_dsn):
    """Ownership is decided only once the caller proved control of the number with the code."""
    owner, other, phone = make_user("client"), make_user("client"), fresh_phone()
    assert start(call, owner, phone).status_code == 200
    assert check(call, owner, phone, verify_api(twilio).code_for(phone)).status_code == 200
    r = start(call, other, phone)
    assert r.status_code == 200, r.text
    r = check(call, other, phone, verify_api(twilio).code_for(phone))
    assert (r.status_code, r.json()["code"]) == (400, "NUMTK")
    assert profile(database_dsn, other) == (None, False)
    assert profile(database_dsn, owner) == (phone, True)
    # the refused approval is rolled back whole: only the start is left
    assert attempts(database_dsn, other) == [("start", phone, "sms", "sent", None)]


def test_a_start_does_not_reveal_that_a_number_is_registered(call, make_user, twilio,
                                                            database_dsn):
    """A start for someone else's number answers and costs like any other (no enumeration)."""
    owner, prober, phone = make_user("client"), make_user("client"), fresh_phone()
    assert start(call, owner, phone).status_code == 200
    assert check(call, owner, phone, verify_api(twilio).code_for(phone)).status_code == 200
    fresh = fresh_phone()
    answers = [start(call, prober, number) for number in (phone, fresh)]
    assert [(r.status_code, r.json()) for r in answers] == [
        (200, {"phone": number, "channel": "sms", "status": "pending"})
        for number in (phone, fresh)]
    for _ in range(3):
        assert start(call, prober, fresh_phone()).status_code == 200
    r = start(call, prober, phone)  # the sixth start within the hour, registered or not
    assert (r.status_code, r.json()["code"]) == (429, "PT429")
    assert len(attempts(database_dsn, prober)) == 5


def test_a_number_approved_at_twilio_but_taken_meanwhile_writes_nothing(
        call, make_user, twilio, database_dsn):
    """Both started; the first approval wins, the second is refused and rolled back."""
    first, second, phone = make_user("client"), make_user("client"), fresh_phone()
    assert start(call, first, phone).status_code == 200
    assert start(call, second, phone).status_code == 200
    code = verify_api(twilio).code_for(phone)
    assert check(call, first, phone, code).status_code == 200
    # the first approval closed the verification at Twilio; the second user asks again
    assert start(call, second, phone).status_code == 200
    r = check(call, second, phone, verify_api(twilio).code_for(phone))
    assert (r.status_code, r.json()["code"]) == (400, "NUMTK")
    assert profile(database_dsn, second) == (None, False)
    assert profile(database_dsn, first) == (phone, True)
    assert [a[3] for a in attempts(database_dsn, second)] == ["sent", "sent"]


@pytest.mark.parametrize("route", ["/Verifications$", "/VerificationCheck$"])
def test_twilio_answering_500_writes_nothing(call, make_user, twilio, database_dsn, route):
    user, phone = make_user("client"), fresh_phone()
    if "Check" in route:
        assert start(call, user, phone).status_code == 200
    before = attempts(database_dsn, user)
    user_buckets = buckets(database_dsn, f"user:{user.id}")
    twilio.inject_fault("POST", route, 500, 20500, "Internal Server Error")
    r = (check(call, user, phone, verify_api(twilio).code_for(phone)) if "Check" in route
         else start(call, user, phone))
    assert r.status_code == 502
    body = r.json()
    assert body["code"] == "TWERR" and body["details"]["twilio_status"] == 500
    assert attempts(database_dsn, user) == before
    assert buckets(database_dsn, f"user:{user.id}") == user_buckets
    assert buckets(database_dsn, f"phone:{phone}") == ([] if not before else
                                                       [("phone_verify_start_number",)])
    assert profile(database_dsn, user) == (None, False)
    if "Check" in route:  # nothing was spent: the same code still works
        r = check(call, user, phone, verify_api(twilio).code_for(phone))
        assert r.status_code == 200, r.text


def twilio_health(database_dsn: str) -> tuple:
    with psycopg.connect(database_dsn) as conn:
        return conn.execute("select configured, last_error_code, error_count"
                            " from app.service_status where service = 'twilio_verify'").fetchone()


def test_twilio_unreachable_is_a_502(call, make_user, verify_env, database_dsn):
    user = make_user("client")
    errors_before = twilio_health(database_dsn)[2]
    verify_env.setenv("TWILIO_FAKE_BASE_URL", "http://127.0.0.1:9")  # discard port: refused
    _reset_function_state()
    r = start(call, user, fresh_phone())
    assert (r.status_code, r.json()["code"]) == (502, "TWERR")
    assert attempts(database_dsn, user) == []
    # recorded apart from the rolled-back request, for ops_snapshot
    assert twilio_health(database_dsn) == (True, "TWERR", errors_before + 1)


def test_wrong_twilio_credentials_are_a_503(call, make_user, verify_env, twilio, database_dsn):
    user = make_user("client")
    verify_env.setenv("TWILIO_AUTH_TOKEN", "not-the-token")
    _reset_function_state()
    r = start(call, user, fresh_phone())
    assert (r.status_code, r.json()["code"]) == (503, "CFGMS")
    assert attempts(database_dsn, user) == []


@pytest.mark.parametrize("name", ["verify_phone_start", "verify_phone_check"])
def test_missing_twilio_settings_answer_503_naming_them(call, make_user, verify_env, twilio,
                                                        database_dsn, name):
    user = make_user("client")
    verify_env.delenv("TWILIO_AUTH_TOKEN")
    verify_env.setenv("TWILIO_VERIFY_SERVICE_SID", "  ")
    _reset_function_state()
    r = call(name, user, {"phone": fresh_phone(), "channel": "sms", "code": "123456"})
    assert r.status_code == 503
    body = r.json()
    assert body["code"] == "CFGMS"
    assert body["details"] == {"missing": ["TWILIO_AUTH_TOKEN", "TWILIO_VERIFY_SERVICE_SID"]}
    assert "TWILIO_AUTH_TOKEN" in body["message"]
    assert twilio.requests == [] and attempts(database_dsn, user) == []
    assert twilio_health(database_dsn)[0] is False, "ops_snapshot shows Twilio unconfigured"


def test_nobody_can_verify_for_someone_else(call, make_user, twilio, database_dsn):
    owner, intruder, phone = make_user("client"), make_user("client"), fresh_phone()
    assert start(call, owner, phone).status_code == 200
    code = verify_api(twilio).code_for(phone)
    r = call("verify_phone_check", intruder, {"phone": phone, "code": code,
                                              "user_id": owner.id})
    assert (r.status_code, r.json()["code"]) == (400, "VFNOT")
    assert twilio.requests_to(r"/VerificationCheck$") == []
    assert profile(database_dsn, owner) == (None, False)
    assert profile(database_dsn, intruder) == (None, False)
    # the owner's verification is untouched
    r = check(call, owner, phone, code)
    assert r.status_code == 200, r.text
    assert profile(database_dsn, owner) == (phone, True)


def test_missing_forged_or_anon_tokens_are_401(call, make_user, anon_key, twilio,
                                               database_dsn):
    user = make_user("client")
    now = int(time.time())
    forged = jwt.encode({"sub": user.id, "role": "authenticated", "aud": "authenticated",
                         "iat": now, "exp": now + 600},
                        "some-other-secret-that-is-long-enough-to-sign", algorithm="HS256")
    for name in ("verify_phone_start", "verify_phone_check"):
        body = {"phone": fresh_phone(), "channel": "sms", "code": "123456"}
        r = call(name, None, body)
        assert (r.status_code, r.json()["code"]) == (401, "AUTRQ")
        r = call(name, None, body, token=forged)
        assert (r.status_code, r.json()["code"]) == (401, "PGRST301")
        r = call(name, None, body, token=anon_key)
        assert (r.status_code, r.json()["code"]) == (401, "AUTRQ")
    assert twilio.requests == [] and attempts(database_dsn, user) == []


def test_only_post_is_answered(call, make_user):
    r = call("verify_phone_start", make_user("client"), method="GET")
    assert r.status_code == 405 and r.headers["Allow"] == "POST"


def test_the_frontend_client_reaches_the_functions(verify_env, make_user, supabase_for, twilio,
                                                   database_dsn):
    """supabase-py's functions client, as a frontend calls /functions/v1/verify_phone_*."""
    user, phone = make_user("client"), fresh_phone()
    client = supabase_for(user)
    started = client.functions.invoke("verify_phone_start", {
        "body": {"phone": phone, "channel": "call"}, "responseType": "json"})
    assert started == {"phone": phone, "channel": "call", "status": "pending"}
    checked = client.functions.invoke("verify_phone_check", {
        "body": {"phone": phone, "code": verify_api(twilio).code_for(phone)},
        "responseType": "json"})
    assert checked == {"phone": phone, "phone_verified": True}
    assert profile(database_dsn, user) == (phone, True)
