"""Signup and the password grant at /auth/v1, through supabase-py and on the wire."""

from __future__ import annotations

import jwt
import pytest
from supabase_auth.errors import AuthApiError, AuthWeakPasswordError

from .conftest import API_VERSION, PASSWORD

NIL_INSTANCE = "00000000-0000-0000-0000-000000000000"
GOTRUE_CLAIMS = {"aud", "exp", "iat", "iss", "sub", "email", "phone", "app_metadata",
                 "user_metadata", "role", "aal", "amr", "session_id", "is_anonymous"}


def test_signup_answers_a_session_and_stores_gotrue_rows(http, fresh_email, db):
    email = fresh_email("Alice").replace("alice", "Alice")
    r = http.post("/signup", json={"email": email, "password": PASSWORD,
                                   "data": {"locale": "ar"}})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 3600
    assert len(body["refresh_token"]) == 12
    user = body["user"]
    assert user["email"] == email.lower() and user["phone"] == ""
    assert user["user_metadata"] == {"sub": user["id"], "email": email.lower(),
                                     "email_verified": True, "phone_verified": False,
                                     "locale": "ar"}
    assert user["app_metadata"] == {"provider": "email", "providers": ["email"]}
    assert user["identities"][0]["provider"] == "email"
    assert user["identities"][0]["id"] == user["id"]
    row = db.execute("select encrypted_password, instance_id::text, email_confirmed_at "
                     "from auth.users where id = %s", (user["id"],)).fetchone()
    assert row[0].startswith("$2a$10$") and row[1] == NIL_INSTANCE and row[2] is not None
    identity = db.execute("select provider_id, provider, email from auth.identities "
                          "where user_id = %s", (user["id"],)).fetchone()
    assert identity == (user["id"], "email", email.lower())


def test_access_token_carries_exactly_gotrue_claims(signed_up, api_url, jwt_secret, db):
    session = signed_up()
    token = session["access_token"]
    header = jwt.get_unverified_header(token)
    assert header == {"alg": "HS256", "typ": "JWT"}
    claims = jwt.decode(token, jwt_secret, algorithms=["HS256"], audience="authenticated")
    assert set(claims) == GOTRUE_CLAIMS
    assert claims["aud"] == "authenticated" and claims["role"] == "authenticated"
    assert claims["phone"] == "" and claims["is_anonymous"] is False
    assert claims["aal"] == "aal1" and claims["amr"][0]["method"] == "password"
    assert claims["exp"] - claims["iat"] == 3600
    assert claims["iss"] == f"{api_url}/auth/v1"
    session_row = db.execute("select user_id::text, aal::text from auth.sessions where id = %s",
                             (claims["session_id"],)).fetchone()
    assert session_row == (claims["sub"], "aal1")
    amr = db.execute("select authentication_method from auth.mfa_amr_claims "
                     "where session_id = %s", (claims["session_id"],)).fetchall()
    assert amr == [("password",)]


def test_repeat_signup_is_user_already_exists_in_either_error_shape(http, fresh_email):
    email = fresh_email()
    assert http.post("/signup", json={"email": email, "password": PASSWORD}).status_code == 200
    again = http.post("/signup", json={"email": email.upper(), "password": PASSWORD})
    assert again.status_code == 422
    assert again.json() == {"code": "user_already_exists", "message": "User already registered"}
    assert again.headers["X-Supabase-Api-Version"] == "2024-01-01"
    assert again.headers["x-sb-error-code"] == "user_already_exists"
    legacy = http.post("/signup", json={"email": email, "password": PASSWORD},
                       headers={"X-Supabase-Api-Version": ""})
    assert legacy.status_code == 422
    assert legacy.json() == {"code": 422, "error_code": "user_already_exists",
                             "msg": "User already registered"}
    assert "X-Supabase-Api-Version" not in legacy.headers
    assert legacy.headers["x-sb-error-code"] == "user_already_exists"


def test_short_password_is_weak_password_with_its_reason(http, fresh_email, client_for):
    r = http.post("/signup", json={"email": fresh_email(), "password": "12345"})
    assert r.status_code == 422
    assert r.json()["code"] == "weak_password"
    assert r.json()["weak_password"]["reasons"] == ["length"]
    with pytest.raises(AuthWeakPasswordError) as err:
        client_for().auth.sign_up({"email": fresh_email(), "password": "12345"})
    assert err.value.reasons == ["length"]


@pytest.mark.parametrize("body, code", [
    ({"password": PASSWORD}, "anonymous_provider_disabled"),
    ({"email": "x@auth.test"}, "validation_failed"),
    ({"email": "x@auth.test", "password": "p" * 73}, "validation_failed"),
    ({"email": "not-an-address", "password": PASSWORD}, "validation_failed"),
    ({"email": "x@auth.test", "phone": "+966551234567", "password": PASSWORD},
     "validation_failed"),
    ({"phone": "+966 55 123 4567", "password": PASSWORD}, "phone_provider_disabled"),
])
def test_signup_refusals_carry_gotrue_codes(http, body, code):
    r = http.post("/signup", json=body)
    assert r.status_code in (400, 422) and r.json()["code"] == code, r.text


def test_sign_in_with_password_through_supabase_py(client_for, fresh_email):
    email = fresh_email()
    client_for().auth.sign_up({"email": email, "password": PASSWORD,
                               "options": {"data": {"locale": "en"}}})
    client = client_for()
    answer = client.auth.sign_in_with_password({"email": email.upper(), "password": PASSWORD})
    assert answer.session is not None and answer.user.email == email
    assert answer.user.user_metadata["locale"] == "en"
    assert client.auth.get_user().user.id == answer.user.id


def test_wrong_password_and_unknown_email_are_the_same_refusal(client_for, signed_up):
    email = signed_up()["user"]["email"]
    answers = []
    for attempt in ({"email": email, "password": "wrong-password"},
                    {"email": "nobody-" + email, "password": PASSWORD}):
        with pytest.raises(AuthApiError) as err:
            client_for().auth.sign_in_with_password(attempt)
        answers.append((err.value.status, err.value.code, err.value.message))
    assert answers[0] == answers[1] == (400, "invalid_credentials", "Invalid login credentials")


def test_signed_in_user_calls_rpcs_and_the_trigger_made_a_client_profile(client_for,
                                                                          fresh_email):
    client = client_for()
    email = fresh_email()
    client.auth.sign_up({"email": email, "password": PASSWORD})
    client.auth.sign_out()
    client.auth.sign_in_with_password({"email": email, "password": PASSWORD})
    profile = client.rpc("get_my_profile").execute().data
    row = profile[0] if isinstance(profile, list) else profile
    assert row["email"] == email and row["role"] == "client" and row["email_verified"] is True


def test_a_blocked_user_still_signs_in_and_the_rpcs_refuse_them(client_for, signed_up,
                                                                  make_user, supabase_for):
    blocked = signed_up()
    monitor = make_user("monitor")
    supabase_for(monitor).rpc("block_profile", {"p_target_id": blocked["user"]["id"],
                                                "p_reason": "abuse"}).execute()
    client = client_for()
    answer = client.auth.sign_in_with_password({"email": blocked["user"]["email"],
                                                "password": PASSWORD})
    assert answer.session is not None
    with pytest.raises(Exception) as err:
        client.rpc("create_order", {"p_service_code": "tarot", "p_question": "Q?"}).execute()
    assert err.value.code == "USRBL"


def test_wrong_json_types_and_broken_json_are_bad_json(http, fresh_email):
    for body in ({"email": fresh_email(), "password": 123456},
                 {"email": fresh_email(), "password": PASSWORD, "data": "x"}):
        r = http.post("/signup", json=body)
        assert r.status_code == 400 and r.json()["code"] == "bad_json", r.text
    raw = http.post("/signup", content=b"{not json", headers=API_VERSION)
    assert raw.status_code == 400 and raw.json()["code"] == "bad_json"


def test_concurrent_signups_of_one_address_make_one_user(http, fresh_email, db):
    import threading

    email = fresh_email("twin")
    answers: list = []
    start = threading.Barrier(4)

    def racer() -> None:
        start.wait()
        answers.append(http.post("/signup", json={"email": email, "password": PASSWORD}))

    threads = [threading.Thread(target=racer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.status_code for r in answers) == [200, 422, 422, 422]
    assert {r.json()["code"] for r in answers if r.status_code == 422} == {"user_already_exists"}
    assert db.execute("select count(*) from auth.users where email = %s",
                      (email,)).fetchone()[0] == 1
