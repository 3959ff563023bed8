"""The gateway's JWT cache: a token's signature is checked once, its time claims every time."""

from __future__ import annotations

import time

import pytest

from samia_functions.postgrest.errors import ApiError
from samia_functions.postgrest.jwt import TokenCache

from .conftest import SECRET, mint


def test_a_kept_token_gives_the_same_claims_with_the_role():
    cache = TokenCache(SECRET)
    token = mint("authenticated", email="a@test.local")
    first, second = cache.verify(token), cache.verify(token)
    assert first == second and first["role"] == "authenticated"
    first["role"] = "changed"  # callers get copies: the kept claims stay as they were
    assert cache.verify(token)["role"] == "authenticated"


def test_time_claims_are_checked_on_every_use():
    cache = TokenCache(SECRET)
    expired = mint("authenticated", exp=int(time.time()) - 120)
    for _ in range(2):
        with pytest.raises(ApiError) as err:
            cache.verify(expired)
        assert (err.value.code, err.value.message) == ("PGRST303", "JWT expired")


def test_a_bad_signature_is_refused_every_time():
    cache = TokenCache(SECRET)
    forged = mint("service_role", secret="another-secret-that-is-long-enough-too")
    for _ in range(2):
        with pytest.raises(ApiError) as err:
            cache.verify(forged)
        assert err.value.code == "PGRST301"


def test_the_oldest_token_makes_room():
    cache = TokenCache(SECRET, max_entries=2)
    tokens = [mint("authenticated", email=f"{n}@test.local") for n in range(3)]
    for token in tokens:
        cache.verify(token)
    assert [cache.verify(t)["email"] for t in tokens] == [f"{n}@test.local" for n in range(3)]
