"""Tokens from /auth/v1 on the REST gateway and the functions, as behind Supabase: PostgREST and
the functions check the signature and `exp` only, so a logged-out session's access token keeps
working there until it expires (only /auth/v1 itself looks the session up)."""

from __future__ import annotations

import time

import jwt
import pytest
from postgrest.exceptions import APIError
from supabase import ClientOptions, create_client

from samia_cli.testserver import authenticator_dsn


@pytest.fixture
def rest_as(api_url, anon_key):
    return lambda token: create_client(api_url, anon_key, options=ClientOptions(
        headers={"Authorization": f"Bearer {token}"}))


def my_profile(client) -> list:
    return client.rpc("get_my_profile", {}).execute().data


def test_a_logged_out_sessions_token_works_on_rest_until_it_expires(http, signed_up, bearer,
                                                                   rest_as, jwt_secret):
    me = signed_up()
    token = me["access_token"]
    assert http.post("/logout", headers=bearer(token)).status_code == 204
    assert http.get("/user", headers=bearer(token)).json()["code"] == "session_not_found"
    assert [p["id"] for p in my_profile(rest_as(token))] == [me["user"]["id"]]
    # the same claims past their exp (and PostgREST's 30 s of clock skew) are refused
    claims = jwt.decode(token, jwt_secret, algorithms=["HS256"], audience="authenticated")
    expired = jwt.encode({**claims, "exp": int(time.time()) - 120}, jwt_secret,
                         algorithm="HS256")
    with pytest.raises(APIError) as err:
        my_profile(rest_as(expired))
    assert err.value.code == "PGRST303"


def test_a_deleted_users_token_reads_nothing_on_rest(http, signed_up, rest_as, service_key):
    me = signed_up()
    r = http.delete(f"/admin/users/{me['user']['id']}",
                    headers={"apikey": service_key, "Authorization": f"Bearer {service_key}"})
    assert r.status_code == 200
    assert http.get("/user", headers={"Authorization": f"Bearer {me['access_token']}"}
                    ).json()["code"] == "user_not_found"
    assert my_profile(rest_as(me["access_token"])) == []


def test_an_auth_token_reaches_a_function(monkeypatch, database_dsn, jwt_secret, signed_up,
                                          rest_as):
    from samia_functions import db
    from samia_functions.settings import get_settings

    monkeypatch.setenv("FUNCTIONS_DB_DSN", authenticator_dsn(database_dsn))
    monkeypatch.setenv("JWT_SECRET", jwt_secret)
    get_settings.cache_clear()
    try:
        me = signed_up()
        answer = rest_as(me["access_token"]).functions.invoke(
            "whoami", {"method": "GET", "responseType": "json"})
        assert answer == {"user_id": me["user"]["id"], "db_role": "authenticated",
                          "app_role": "client"}
    finally:
        get_settings.cache_clear()
        db.close_pool()


def test_a_role_set_by_the_admin_api_cannot_reach_the_auth_admin(http, signed_up, service_key,
                                                                 rest_as):
    """GoTrue lets the service role set a user's JWT role to anything; a role the gateway's
    login is not a member of (here the Auth service's own) is refused by REST, never used."""
    me = signed_up()
    admin = {"apikey": service_key, "Authorization": f"Bearer {service_key}"}
    r = http.put(f"/admin/users/{me['user']['id']}", headers=admin,
                 json={"role": "supabase_auth_admin"})
    assert r.status_code == 200 and r.json()["role"] == "supabase_auth_admin"
    token = http.post("/token", params={"grant_type": "password"},
                      json={"email": me["user"]["email"], "password": "secret1"}
                      ).json()["access_token"]
    with pytest.raises(APIError) as err:
        my_profile(rest_as(token))
    assert err.value.code == "42501"
