"""Hostile bodies and parameters at /auth/v1: each is a clear 4xx in GoTrue's shape, never a
500, and an error never hands a large input back."""

from __future__ import annotations

import pytest

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
