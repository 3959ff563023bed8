"""A user cannot raise their own role: the application role comes only from app_metadata set
with the service role, read by the auth-sync trigger on insert; the JWT role only from the
auth.users row."""

from __future__ import annotations

import jwt

from .conftest import PASSWORD

SMUGGLED = {"role": "superadmin", "app_metadata": {"role": "superadmin"},
            "app_role": "superadmin"}


def test_signup_data_and_put_user_cannot_raise_a_role(client_for, fresh_email, http, bearer,
                                                      jwt_secret):
    email = fresh_email("climber")
    client = client_for()
    client.auth.sign_up({"email": email, "password": PASSWORD, "options": {"data": SMUGGLED}})
    token = client.auth.get_session().access_token
    me = http.get("/user", headers=bearer(token)).json()
    r = http.put("/user", headers=bearer(token), json={
        "data": SMUGGLED, "role": "service_role", "aud": "admin", "id": "0" * 32,
        "email_confirmed_at": "2000-01-01T00:00:00Z", "is_anonymous": True,
        "banned_until": None})
    assert r.status_code == 200, r.text
    after = r.json()
    assert (after["id"], after["role"], after["aud"]) == (me["id"], "authenticated",
                                                          "authenticated")
    assert after["app_metadata"] == {"provider": "email", "providers": ["email"]}
    assert after["email_confirmed_at"] == me["email_confirmed_at"]
    client.auth.refresh_session()
    claims = jwt.decode(client.auth.get_session().access_token, jwt_secret,
                        algorithms=["HS256"], audience="authenticated")
    assert claims["role"] == "authenticated" and claims["app_metadata"] == after["app_metadata"]
    assert claims["user_metadata"]["role"] == "superadmin"  # theirs to write, and inert
    profile = client.rpc("get_my_profile").execute().data
    row = profile[0] if isinstance(profile, list) else profile
    assert row["role"] == "client"


def test_signup_data_cannot_overwrite_the_identity(http, fresh_email, signed_up):
    victim = signed_up("victim")["user"]
    email = fresh_email("mimic")
    r = http.post("/signup", json={"email": email, "password": PASSWORD, "data": {
        "sub": victim["id"], "email": victim["email"], "email_verified": False,
        "phone_verified": True}})
    assert r.status_code == 200, r.text
    user = r.json()["user"]
    assert user["id"] != victim["id"]
    expected = {"sub": user["id"], "email": email, "email_verified": True,
                "phone_verified": False}
    assert {k: user["user_metadata"][k] for k in expected} == expected
    identity = user["identities"][0]["identity_data"]
    assert {k: identity[k] for k in ("sub", "email")} == {"sub": user["id"], "email": email}
