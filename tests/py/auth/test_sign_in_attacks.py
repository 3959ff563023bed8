"""Password sign-in under attack: bcrypt's 72-byte limit, and the unknown-user refusal that must
not be told apart from a wrong password by the work it does."""

from __future__ import annotations

import bcrypt
import pytest
from supabase_auth.errors import AuthApiError

from .conftest import API_VERSION, PASSWORD, race


def test_a_password_over_72_bytes_never_signs_in_by_its_first_72(client_for, signed_up):
    stored = "p" * 72
    email = signed_up(password=stored)["user"]["email"]
    for longer in (stored + "X" * 28, stored + "é"):
        with pytest.raises(AuthApiError) as err:
            client_for().auth.sign_in_with_password({"email": email, "password": longer})
        assert (err.value.status, err.value.code) == (400, "invalid_credentials")
    assert client_for().auth.sign_in_with_password(
        {"email": email, "password": stored}).session is not None


def test_unknown_user_and_wrong_password_cost_the_same_bcrypt_check(standalone_auth, signed_up,
                                                                    monkeypatch):
    app = standalone_auth()
    email = signed_up()["user"]["email"]
    calls = []
    real = bcrypt.checkpw
    monkeypatch.setattr(bcrypt, "checkpw", lambda *a: calls.append(1) or real(*a))
    answers = {}
    for label, login in (("wrong", email), ("unknown", "nobody-" + email)):
        calls.clear()
        r = app.post("/token", query_string={"grant_type": "password"},
                     json={"email": login, "password": "wrong-password"}, headers=API_VERSION)
        answers[label] = (r.status_code, r.get_data(), len(calls))
    assert answers["wrong"] == answers["unknown"]
    assert answers["wrong"][2] == 1
    assert answers["wrong"][0] == 400 and b"invalid_credentials" in answers["wrong"][1]


def test_every_way_to_set_a_password_refuses_one_over_72_bytes(http, signed_up, fresh_email,
                                                               service_key):
    admin = {"apikey": service_key, "Authorization": f"Bearer {service_key}"}
    me = signed_up()
    for too_long in ("p" * 73, "p" * 100, "é" * 37):  # 74 bytes in 37 characters
        calls = (
            http.post("/signup", json={"email": fresh_email(), "password": too_long}),
            http.put("/user", json={"password": too_long},
                     headers={"Authorization": f"Bearer {me['access_token']}"}),
            http.post("/admin/users", json={"email": fresh_email(), "password": too_long},
                      headers=admin),
            http.put(f"/admin/users/{me['user']['id']}", json={"password": too_long},
                     headers=admin),
        )
        for r in calls:
            assert r.status_code == 400 and r.json()["code"] == "validation_failed", r.text
    # nothing changed: the original password still signs in
    r = http.post("/token", params={"grant_type": "password"},
                  json={"email": me["user"]["email"], "password": "secret1"})
    assert r.status_code == 200


def test_a_sign_in_racing_an_admin_delete_is_never_a_500(http, signed_up, service_key, db):
    """The sign-in checks the password (slow, on purpose) while the delete runs: either it
    signs in first and the delete then removes that session too, or it is refused."""
    admin = {"apikey": service_key, "Authorization": f"Bearer {service_key}"}
    for _ in range(15):
        user = signed_up()["user"]
        answers = race(
            sign_in=lambda u=user: http.post("/token", params={"grant_type": "password"},
                                             json={"email": u["email"], "password": PASSWORD}),
            delete=lambda u=user: http.delete(f"/admin/users/{u['id']}", headers=admin))
        assert answers["delete"].status_code == 200, answers["delete"].text
        r = answers["sign_in"]
        assert r.status_code == 200 or r.json()["code"] == "invalid_credentials", r.text
        assert db.execute("select count(*) from auth.sessions where user_id = %s",
                          (user["id"],)).fetchone()[0] == 0
