"""Hostile bodies and parameters at /auth/v1: each is a clear 4xx in GoTrue's shape, never a
500, and an error never hands a large input back."""

from __future__ import annotations

import io

import pytest
from supabase_auth.errors import AuthApiError

from .conftest import API_VERSION, PASSWORD

JSON = {"Content-Type": "application/json", **API_VERSION}


@pytest.mark.parametrize("raw", [
    "[" * 100_000 + "]" * 100_000,
    '{"email": ' + "[" * 50_000 + "]" * 50_000 + "}",
    '{"email": "deep@auth.test", "password": "secret1", "data": '
    + '{"a": ' * 50_000 + "1" + "}" * 50_001,
])
def test_json_nested_deeper_than_the_decoder_follows_is_bad_json(http, raw):
    r = http.post("/signup", content=raw, headers=JSON)
    assert r.status_code == 400, r.text
    assert r.json()["code"] == "bad_json"
    assert len(r.content) < 300


@pytest.fixture
def admin_headers(service_key):
    return {"apikey": service_key, "Authorization": f"Bearer {service_key}"}


@pytest.mark.parametrize("duration", ["9" * 400 + "h", "99999999999h", "x" * 500_000])
def test_a_ban_duration_out_of_range_or_huge_is_validation_failed(http, signed_up, admin_headers,
                                                                  duration):
    user_id = signed_up()["user"]["id"]
    r = http.put(f"/admin/users/{user_id}", headers=admin_headers,
                 json={"ban_duration": duration})
    assert r.status_code == 400 and r.json()["code"] == "validation_failed", r.text[:300]
    assert len(r.content) < 400
    assert http.get(f"/admin/users/{user_id}", headers=admin_headers).json().get(
        "banned_until") is None


def test_an_unknown_logout_scope_is_not_echoed_whole(http, signed_up):
    token = signed_up()["access_token"]
    r = http.post("/logout", params={"scope": "x" * 6000},
                  headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 400 and r.json()["code"] == "validation_failed"
    assert len(r.content) < 400


def test_a_value_postgresql_refuses_does_not_quote_the_statement(http, fresh_email):
    r = http.post("/signup", json={"email": fresh_email(), "password": PASSWORD,
                                   "data": {"note": "a\u0000b" + "y" * 5000}})
    assert r.status_code == 400 and r.json()["code"] == "validation_failed"
    assert "parameter" not in r.json()["message"] and len(r.content) < 400


@pytest.mark.parametrize("look_alike", [
    "\uff41lice-{tag}@x.io",  # fullwidth a
    "al\u0130ce-{tag}@x.io",  # capital I with dot: lower-cases to i + combining dot
    "al\u0131ce-{tag}@x.io",  # dotless i
    "alice-{tag}@x.\u0131o",
    "alice-{tag}@x.io\u200b",  # zero-width space
    "alice-{tag}\u0000@x.io",
])
def test_addresses_are_ascii_so_look_alikes_cannot_register(http, fresh_email, look_alike):
    tag = fresh_email().split("@")[0]
    r = http.post("/signup", json={"email": f"alice-{tag}@x.io", "password": PASSWORD})
    assert r.status_code == 200, r.text
    r = http.post("/signup", json={"email": look_alike.format(tag=tag), "password": PASSWORD})
    assert r.status_code == 400 and r.json() == {
        "code": "validation_failed", "message": "Unable to validate email address: invalid format"}


def test_case_and_surrounding_space_name_the_same_user(client_for, fresh_email):
    email = fresh_email()
    client_for().auth.sign_up({"email": email, "password": PASSWORD})
    for twin in (email.upper(), f"  {email}\n", email.capitalize()):
        with pytest.raises(AuthApiError) as err:
            client_for().auth.sign_up({"email": twin, "password": PASSWORD})
        assert err.value.code == "user_already_exists"
    session = client_for().auth.sign_in_with_password(
        {"email": f" {email.upper()} ", "password": PASSWORD}).session
    assert session is not None and session.user.email == email


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity"])
def test_numbers_json_does_not_have_are_bad_json(http, fresh_email, number):
    raw = f'{{"email": "{fresh_email()}", "password": "{PASSWORD}", "data": {{"n": {number}}}}}'
    r = http.post("/signup", content=raw, headers=JSON)
    assert r.status_code == 400 and r.json()["code"] == "bad_json", r.text


@pytest.mark.parametrize("query", ["page=-1", "page=0", "per_page=0", "per_page=x",
                                   "page=1.5", "page=99999999999999999999",
                                   "per_page=99999999999999999999999", "page=%00"])
def test_bad_pagination_is_one_answer(http, admin_headers, query):
    r = http.get(f"/admin/users?{query}", headers=admin_headers)
    assert r.status_code == 400 and r.json() == {"code": "validation_failed",
                                                 "message": "Bad Pagination Parameters"}


@pytest.mark.parametrize("user_id", ["abc", "1", "' or 1=1 --", "%00", "0" * 33])
def test_user_ids_that_are_not_uuids(http, admin_headers, user_id):
    for method in ("GET", "PUT", "DELETE"):
        r = http.request(method, f"/admin/users/{user_id}", headers=admin_headers, json={})
        assert r.status_code == 404 and r.json()["code"] == "validation_failed", (method, r.text)


class BrokenBody(io.RawIOBase):
    """What the dev server hands over for a chunked body with a bad chunk header."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        raise OSError("Invalid chunk header")


def test_a_body_that_cannot_be_read_is_bad_json(standalone_auth):
    app = standalone_auth()
    r = app.post("/auth/v1/signup", headers={**JSON, "Transfer-Encoding": "chunked"},
                 environ_overrides={"wsgi.input": io.BufferedReader(BrokenBody()),
                                    "wsgi.input_terminated": True})
    assert r.status_code == 400 and r.json["code"] == "bad_json", r.get_data()
