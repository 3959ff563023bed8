"""JWT verification, Kong's apikey rule and the per-request context GUCs."""

from __future__ import annotations

import time
import uuid

import jwt
import pytest

from .conftest import SECRET, USER_ID, mint

RPC = "/rest/v1/rpc"
LOCAL_PUBLISHABLE = "sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH"
LOCAL_SECRET = "sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz"


def whoami(http, **headers) -> dict:
    r = http.post(f"{RPC}/gw_whoami", headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_no_token_is_anon_with_role_only_claims(http):
    me = whoami(http)
    assert (me["role"], me["uid"], me["claims"]) == ("anon", None, {"role": "anon"})


def test_user_token_sets_role_claims_and_auth_uid(http, user_token):
    me = whoami(http, **bearer(user_token))
    assert me["role"] == "authenticated"
    assert me["auth_role"] == "authenticated"
    assert me["uid"] == USER_ID
    assert me["claims"]["email"] == "reader@test.local"
    assert me["claims"]["role"] == "authenticated"


def test_auth_uid_reads_the_legacy_per_claim_guc_too(http, user_token):
    other = str(uuid.uuid4())
    r = http.post(f"{RPC}/gw_legacy_uid", json={"p_sub": other})
    assert r.json() == other
    # the legacy GUC wins over request.jwt.claims, as in Supabase's auth.uid()
    r = http.post(f"{RPC}/gw_legacy_uid", json={"p_sub": other}, headers=bearer(user_token))
    assert r.json() == other


def test_context_gucs_match_postgrest(http, user_token):
    me = whoami(http, **bearer(user_token), Cookie="session=abc; theme=dark",
                **{"X-Custom-Header": "Value"})
    assert me["method"] == "POST"
    assert me["path"] == "/rpc/gw_whoami"
    assert me["search_path"] == '"public", "public", "extensions"'
    assert me["headers"]["x-custom-header"] == "Value"
    assert me["headers"]["authorization"] == f"Bearer {user_token}"
    assert "cookie" not in me["headers"]
    assert me["cookies"] == {"session": "abc", "theme": "dark"}


def test_the_kept_context_statement_follows_every_header_and_token(http, user_token):
    """The set_config statement is kept per caller and exact headers: a request that differs
    in one header value, a cookie or its token gets its own, never another's; each request
    has its own request id in it."""
    first = whoami(http, **bearer(user_token), Cookie="a=1", **{"X-Probe": "one"})
    again = whoami(http, **bearer(user_token), Cookie="a=1", **{"X-Probe": "one"})
    given = whoami(http, **bearer(user_token), Cookie="a=1",
                   **{"X-Probe": "one", "X-Request-Id": "req-given-1"})
    other = whoami(http, **bearer(user_token), Cookie="a=2", **{"X-Probe": "two"})
    anon = whoami(http, Cookie="a=1", **{"X-Probe": "one"})
    ids = [me["headers"].pop("x-request-id") for me in (first, again, given)]
    assert first == again == given
    assert ids[0] != ids[1] and ids[2] == "req-given-1"
    assert (first["headers"]["x-probe"], first["cookies"]) == ("one", {"a": "1"})
    assert (other["headers"]["x-probe"], other["cookies"]) == ("two", {"a": "2"})
    assert (other["role"], other["uid"]) == ("authenticated", USER_ID)
    assert (anon["role"], anon["claims"], anon["uid"]) == ("anon", {"role": "anon"}, None)


def test_a_header_that_reads_like_the_kept_request_id_marker_stays_itself(http):
    from samia_cli.gateway.context import _MARKER

    for _ in range(2):
        me = whoami(http, **{"X-Probe": _MARKER})
        assert me["headers"]["x-probe"] == _MARKER
        assert me["headers"]["x-request-id"] != _MARKER


def test_impersonated_role_settings_are_applied(http, user_token):
    assert whoami(http)["statement_timeout"] == "3s"
    assert whoami(http, **bearer(user_token))["statement_timeout"] == "8s"


def test_token_without_role_claim_is_anon(http):
    assert whoami(http, **bearer(mint(role=None)))["role"] == "anon"


def test_audience_is_not_checked(http):
    assert whoami(http, **bearer(mint(aud="somebody-else")))["role"] == "authenticated"


def test_non_bearer_authorization_is_anonymous(http):
    assert whoami(http, Authorization="Basic dXNlcjpwYXNz")["role"] == "anon"


def test_expiry_within_the_30s_skew_is_accepted(http):
    token = mint(exp=int(time.time()) - 10)
    assert whoami(http, **bearer(token))["role"] == "authenticated"


@pytest.mark.parametrize(("claims", "message"), [
    ({"exp": -100}, "JWT expired"),
    ({"nbf": 100}, "JWT not yet valid"),
    ({"iat": 100}, "JWT issued at future"),
])
def test_time_claims_fail_with_pgrst303(http, claims, message):
    now = int(time.time())
    token = mint(**{k: now + v for k, v in claims.items()})
    r = http.post(f"{RPC}/gw_whoami", headers=bearer(token))
    assert r.status_code == 401
    assert r.json() == {"code": "PGRST303", "message": message, "details": None, "hint": None}
    assert r.headers["www-authenticate"] == (
        f'Bearer error="invalid_token", error_description="{message}"')


@pytest.mark.parametrize(("authorization", "message"), [
    ("Bearer", "Empty JWT is sent in Authorization header"),
    ("Bearer abc", "Expected 3 parts in JWT; got 1"),
    ("Bearer a.b", "Expected 3 parts in JWT; got 2"),
    (f"Bearer {mint(secret='another-secret-that-is-also-32-chars-long')}",
     "JWT cryptographic operation failed"),
    (f"Bearer {jwt.encode({'role': 'anon'}, SECRET, algorithm='HS384')}",
     "Wrong or unsupported encoding algorithm"),
    ("Bearer not.a.jwt", "Could not decode JWT"),
])
def test_undecodable_tokens_fail_with_pgrst301(http, authorization, message):
    r = http.post(f"{RPC}/gw_whoami", headers={"Authorization": authorization})
    assert r.status_code == 401
    assert (r.json()["code"], r.json()["message"]) == ("PGRST301", message)
    assert r.headers["www-authenticate"].startswith('Bearer error="invalid_token"')


def test_role_that_does_not_exist_is_401(http):
    r = http.post(f"{RPC}/gw_whoami", headers=bearer(mint("no_such_role")))
    assert r.status_code == 401
    assert r.json()["code"] == "22023"


def test_role_authenticator_cannot_become_is_403(http):
    r = http.post(f"{RPC}/gw_whoami", headers=bearer(mint("postgres")))
    assert (r.status_code, r.json()["code"]) == (403, "42501")


def test_apikey_alone_is_used_as_the_bearer(http, anon_key, service_key):
    assert whoami(http, apikey=anon_key)["role"] == "anon"
    assert whoami(http, apikey=service_key)["role"] == "service_role"


def test_real_jwt_in_authorization_wins_over_apikey(http, anon_key, user_token):
    assert whoami(http, apikey=anon_key, **bearer(user_token))["role"] == "authenticated"


def test_publishable_and_secret_keys_are_swapped_for_the_legacy_jwts(http):
    assert whoami(http, apikey=LOCAL_PUBLISHABLE)["role"] == "anon"
    assert whoami(http, apikey=LOCAL_SECRET)["role"] == "service_role"
    # supabase-js with a publishable key sends it as the bearer too
    assert whoami(http, apikey=LOCAL_SECRET, **bearer(LOCAL_SECRET))["role"] == "service_role"


def test_unknown_sb_key_is_not_trusted(http):
    r = http.post(f"{RPC}/gw_whoami", headers={"apikey": "sb_secret_guessed"})
    assert (r.status_code, r.json()["code"]) == (401, "PGRST301")
