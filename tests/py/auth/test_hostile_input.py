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
