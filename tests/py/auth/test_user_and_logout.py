"""GET/PUT /user and /logout: the caller's user, their changes, their sessions."""

from __future__ import annotations

import jwt
import pytest
from supabase_auth.errors import AuthApiError, AuthSessionMissingError

from .conftest import PASSWORD


def refresh(http, token: str):
    return http.post("/token", params={"grant_type": "refresh_token"},
                     json={"refresh_token": token})


def sign_in(http, email: str, password: str = PASSWORD) -> dict:
    r = http.post("/token", params={"grant_type": "password"},
                  json={"email": email, "password": password})
    assert r.status_code == 200, r.text
    return r.json()


def test_logout_ends_the_session_its_tokens_and_the_user_endpoint(http, signed_up, bearer, db):
    session = signed_up()
    r = http.post("/logout", headers=bearer(session["access_token"]))
    assert r.status_code == 204 and r.content == b""
    user = http.get("/user", headers=bearer(session["access_token"]))
    assert user.status_code == 403 and user.json()["code"] == "session_not_found"
    gone = refresh(http, session["refresh_token"])
    assert gone.status_code == 400 and gone.json()["code"] == "refresh_token_not_found"
    assert db.execute("select count(*) from auth.sessions where user_id = %s",
                      (session["user"]["id"],)).fetchone()[0] == 0


def test_local_logout_keeps_the_other_session_and_bogus_scope_is_refused(http, signed_up,
                                                                         bearer):
    first = signed_up()
    second = sign_in(http, first["user"]["email"])
    bogus = http.post("/logout", params={"scope": "bogus"},
                      headers=bearer(first["access_token"]))
    assert bogus.status_code == 400 and bogus.json()["code"] == "validation_failed"
    local = http.post("/logout", params={"scope": "local"}, headers=bearer(first["access_token"]))
    assert local.status_code == 204
    assert refresh(http, second["refresh_token"]).status_code == 200
    assert refresh(http, first["refresh_token"]).json()["code"] == "refresh_token_not_found"


def test_others_logout_keeps_only_this_session(http, signed_up, bearer):
    first = signed_up()
    second = sign_in(http, first["user"]["email"])
    r = http.post("/logout", params={"scope": "others"}, headers=bearer(second["access_token"]))
    assert r.status_code == 204
    assert refresh(http, first["refresh_token"]).json()["code"] == "refresh_token_not_found"
    assert http.get("/user", headers=bearer(second["access_token"])).status_code == 200


def test_the_user_endpoint_needs_a_user_token(auth_url, http, anon_key, jwt_secret, signed_up,
                                              bearer):
    import httpx

    anon = http.get("/user")
    assert anon.status_code == 403 and anon.json() == {
        "code": "bad_jwt", "message": "invalid claim: missing sub claim"}
    bare = httpx.get(f"{auth_url}/user", headers={"X-Supabase-Api-Version": "2024-01-01"})
    assert bare.status_code == 401 and bare.json()["code"] == "no_authorization"
    claims = jwt.decode(signed_up()["access_token"], jwt_secret, algorithms=["HS256"],
                        audience="authenticated")
    forged = jwt.encode(claims, "another-secret-of-at-least-32-characters!", algorithm="HS256")
    expired = jwt.encode({**claims, "exp": claims["iat"] - 10}, jwt_secret, algorithm="HS256")
    for token in (forged, expired, "not-a-jwt"):
        r = http.get("/user", headers=bearer(token))
        assert r.status_code == 403 and r.json()["code"] == "bad_jwt", token


def test_update_user_merges_data_and_the_next_token_carries_it(client_for, fresh_email,
                                                               jwt_secret):
    client = client_for()
    client.auth.sign_up({"email": fresh_email(), "password": PASSWORD,
                         "options": {"data": {"locale": "ar"}}})
    user = client.auth.update_user({"data": {"locale": None, "theme": "dark"}}).user
    assert "locale" not in user.user_metadata and user.user_metadata["theme"] == "dark"
    token = client.auth.refresh_session().session.access_token
    claims = jwt.decode(token, jwt_secret, algorithms=["HS256"], audience="authenticated")
    assert claims["user_metadata"]["theme"] == "dark" and "locale" not in claims["user_metadata"]


def test_password_change_refuses_the_same_one_and_ends_other_sessions(http, signed_up, bearer):
    first = signed_up()
    other = sign_in(http, first["user"]["email"])
    same = http.put("/user", json={"password": PASSWORD}, headers=bearer(first["access_token"]))
    assert same.status_code == 422 and same.json()["code"] == "same_password"
    short = http.put("/user", json={"password": "12345"}, headers=bearer(first["access_token"]))
    assert short.status_code == 422 and short.json()["code"] == "weak_password"
    changed = http.put("/user", json={"password": "another-secret"},
                       headers=bearer(first["access_token"]))
    assert changed.status_code == 200, changed.text
    assert refresh(http, other["refresh_token"]).json()["code"] == "refresh_token_not_found"
    assert refresh(http, first["refresh_token"]).status_code == 200
    sign_in(http, first["user"]["email"], "another-secret")


def test_users_cannot_write_their_app_metadata_or_take_an_address(http, signed_up, bearer):
    me, other = signed_up(), signed_up()
    r = http.put("/user", json={"app_metadata": {"role": "admin"}},
                 headers=bearer(me["access_token"]))
    assert r.status_code == 403 and r.json()["code"] == "not_admin"
    taken = http.put("/user", json={"email": other["user"]["email"]},
                     headers=bearer(me["access_token"]))
    assert taken.status_code == 422 and taken.json()["code"] == "email_exists"


def test_email_change_waits_for_a_confirmation(http, signed_up, bearer, fresh_email):
    me = signed_up()
    new = fresh_email("new")
    r = http.put("/user", json={"email": new}, headers=bearer(me["access_token"]))
    assert r.status_code == 200
    assert r.json()["email"] == me["user"]["email"] and r.json()["new_email"] == new
    assert "email_change_sent_at" in r.json()


def test_sign_out_through_supabase_py_and_get_claims_asks_the_server(client_for, fresh_email,
                                                                     database_dsn):
    import psycopg

    client = client_for()
    session = client.auth.sign_up({"email": fresh_email(), "password": PASSWORD}).session
    claims = client.auth.get_claims()["claims"]
    assert claims["sub"] == session.user.id and claims["session_id"]
    # HS256 tokens are checked by GET /user: once the session row is gone, so are the claims
    with psycopg.connect(database_dsn, autocommit=True) as conn:
        conn.execute("delete from auth.sessions where id = %s", (claims["session_id"],))
    with pytest.raises((AuthApiError, AuthSessionMissingError)):
        client.auth.get_claims()
    other = client_for()
    other.auth.sign_in_with_password({"email": session.user.email, "password": PASSWORD})
    other.auth.sign_out()
    assert other.auth.get_session() is None


def test_jwks_lists_no_key_for_an_hs256_server(http):
    r = http.get("/.well-known/jwks.json")
    assert r.status_code == 200 and r.json() == {"keys": []}
    assert r.headers["Cache-Control"] == "public, max-age=600"


def test_a_token_naming_another_users_session_cannot_end_it(http, signed_up, bearer,
                                                            jwt_secret):
    """Correctly signed (as only the secret's holder can) but for one user with another's
    session: refused as a dead session, and the other session lives on."""
    mine, theirs = signed_up(), signed_up()
    claims = jwt.decode(mine["access_token"], jwt_secret, algorithms=["HS256"],
                        audience="authenticated")
    their_session = jwt.decode(theirs["access_token"], jwt_secret, algorithms=["HS256"],
                               audience="authenticated")["session_id"]
    crossed = jwt.encode({**claims, "session_id": their_session}, jwt_secret, algorithm="HS256")
    for call in (lambda: http.get("/user", headers=bearer(crossed)),
                 lambda: http.post("/logout", params={"scope": "local"},
                                   headers=bearer(crossed))):
        r = call()
        assert r.status_code == 403 and r.json()["code"] == "session_not_found"
    assert refresh(http, theirs["refresh_token"]).status_code == 200
    assert http.get("/user", headers=bearer(theirs["access_token"])).status_code == 200


def test_a_token_naming_no_session_logs_out_every_session_whatever_the_scope(
        http, signed_up, bearer, jwt_secret):
    me = signed_up()
    claims = jwt.decode(me["access_token"], jwt_secret, algorithms=["HS256"],
                        audience="authenticated")
    no_session = jwt.encode({k: v for k, v in claims.items() if k != "session_id"}, jwt_secret,
                            algorithm="HS256")
    r = http.post("/logout", params={"scope": "others"}, headers=bearer(no_session))
    assert r.status_code == 204
    assert refresh(http, me["refresh_token"]).json()["code"] == "refresh_token_not_found"
