"""The refresh_token grant: v1 tokens, rotation, the reuse interval and the parent rule."""

from __future__ import annotations

import threading

import jwt
import psycopg

from .conftest import PASSWORD, race


def refresh(http, token: str):
    return http.post("/token", params={"grant_type": "refresh_token"},
                     json={"refresh_token": token})


def token_row(db, token: str):
    return db.execute("select revoked, parent, session_id::text from auth.refresh_tokens "
                      "where token = %s", (token,)).fetchone()


def session_tokens(db, session_id: str) -> list[tuple]:
    return db.execute("select token, revoked, parent from auth.refresh_tokens "
                      "where session_id = %s order by id", (session_id,)).fetchall()


def test_refresh_rotates_into_a_child_of_the_same_session(http, signed_up, db, jwt_secret):
    first = signed_up()
    r = refresh(http, first["refresh_token"])
    assert r.status_code == 200, r.text
    second = r.json()
    new = second["refresh_token"]
    assert len(new) == 12 and new != first["refresh_token"] and new.isalnum()
    old_revoked, _, session_id = token_row(db, first["refresh_token"])
    assert old_revoked is True
    assert token_row(db, new) == (False, first["refresh_token"], session_id)
    claims = jwt.decode(second["access_token"], jwt_secret, algorithms=["HS256"],
                        audience="authenticated")
    assert claims["session_id"] == session_id and claims["amr"][0]["method"] == "password"


def test_the_parent_of_the_active_token_gets_the_same_active_token(http, signed_up, db):
    first = signed_up()["refresh_token"]
    active = refresh(http, first).json()["refresh_token"]
    session_id = token_row(db, first)[2]
    before = session_tokens(db, session_id)
    again = refresh(http, first)
    assert again.status_code == 200 and again.json()["refresh_token"] == active
    assert session_tokens(db, session_id) == before


def chain(http, signed_up) -> tuple[str, str, str]:
    """A session whose tokens went grandparent -> parent -> active."""
    grandparent = signed_up()["refresh_token"]
    parent = refresh(http, grandparent).json()["refresh_token"]
    return grandparent, parent, refresh(http, parent).json()["refresh_token"]


def test_an_older_token_inside_the_reuse_interval_gets_a_new_child(http, signed_up, db):
    grandparent, _, _ = chain(http, signed_up)
    inside = refresh(http, grandparent)
    assert inside.status_code == 200
    assert token_row(db, inside.json()["refresh_token"])[:2] == (False, grandparent)


def test_an_older_token_after_the_interval_revokes_the_whole_session(http, signed_up, db,
                                                                     database_dsn):
    grandparent, _, _ = chain(http, signed_up)
    session_id = token_row(db, grandparent)[2]
    # its revocation is now older than 10 s (committed, as the service reads it)
    with psycopg.connect(database_dsn, autocommit=True) as other:
        other.execute("update auth.refresh_tokens set updated_at = now() - interval '11 s' "
                      "where token = %s", (grandparent,))
    outside = refresh(http, grandparent)
    assert outside.status_code == 400
    assert outside.json() == {"code": "refresh_token_already_used",
                              "message": "Invalid Refresh Token: Already Used"}
    assert all(revoked for _, revoked, _ in session_tokens(db, session_id))
    assert db.execute("select 1 from auth.sessions where id = %s", (session_id,)).fetchone()


def test_malformed_and_unknown_tokens(http):
    for bad in ("abc", "ABCDEFGHIJKL", "abcdefghijk!", "a" * 40):
        r = refresh(http, bad)
        assert r.status_code == 400 and r.json()["code"] == "validation_failed", bad
    unknown = refresh(http, "aaaaaaaaaaaa")
    assert unknown.status_code == 400
    assert unknown.json() == {"code": "refresh_token_not_found",
                              "message": "Invalid Refresh Token: Refresh Token Not Found"}


def test_concurrent_refreshes_of_one_token_make_one_child(http, signed_up, db):
    token = signed_up()["refresh_token"]
    session_id = token_row(db, token)[2]
    answers: list = []
    start = threading.Barrier(4)

    def racer() -> None:
        start.wait()
        answers.append(refresh(http, token))

    threads = [threading.Thread(target=racer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.status_code for r in answers] == [200] * 4
    assert len({r.json()["refresh_token"] for r in answers}) == 1
    assert len(session_tokens(db, session_id)) == 2


def test_supabase_py_refresh_session_keeps_the_session(client_for, fresh_email, jwt_secret):
    client = client_for()
    email = fresh_email()
    signed = client.auth.sign_up({"email": email, "password": PASSWORD}).session
    refreshed = client.auth.refresh_session().session
    assert refreshed.refresh_token != signed.refresh_token
    decode = lambda t: jwt.decode(t, jwt_secret, algorithms=["HS256"],  # noqa: E731
                                  audience="authenticated")
    assert decode(refreshed.access_token)["session_id"] == decode(signed.access_token)[
        "session_id"]
    assert client.auth.get_user().user.email == email


def test_a_refresh_racing_a_logout_never_loses_the_logout(http, signed_up, db):
    """Refresh and logout of one session at once, many times: the logout always happens (204,
    no session left) and the refresh either wins first or finds the session gone; neither
    side is a 5xx (it was a deadlock, and the logout the victim)."""
    for _ in range(25):
        session = signed_up()
        answers = race(
            refresh=lambda s=session: refresh(http, s["refresh_token"]),
            logout=lambda s=session: http.post("/logout", headers={
                "Authorization": f"Bearer {s['access_token']}"}))
        assert answers["logout"].status_code == 204, answers["logout"].text
        r = answers["refresh"]
        assert r.status_code == 200 or r.json()["code"] in (
            "refresh_token_not_found", "session_not_found"), r.text
        assert db.execute("select count(*) from auth.sessions where user_id = %s",
                          (session["user"]["id"],)).fetchone()[0] == 0
