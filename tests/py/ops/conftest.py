"""Fixtures for the ops functions: the function settings for this run's database, and
ops_export called through the dev gateway as a frontend calls it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from psycopg.conninfo import make_conninfo


def _reset_function_state() -> None:
    from samia_functions import db
    from samia_functions.settings import get_settings, get_storage_settings

    get_settings.cache_clear()
    get_storage_settings.cache_clear()
    db.close_pool()


@pytest.fixture(autouse=True)
def ops_env(monkeypatch: pytest.MonkeyPatch, api_url: str, database_dsn: str,
            jwt_secret: str) -> Iterator[pytest.MonkeyPatch]:
    """The functions served by api_url use this run's database (api_url itself sets the
    Storage URL and key)."""
    monkeypatch.setenv("FUNCTIONS_DB_DSN",
                       make_conninfo(database_dsn, user="authenticator", password="postgres"))
    monkeypatch.setenv("JWT_SECRET", jwt_secret)
    _reset_function_state()
    yield monkeypatch
    _reset_function_state()


@pytest.fixture
def ops_export(api_url: str) -> Callable[..., httpx.Response]:
    """POST a body to ops_export as `user` (anon without one)."""

    def call(user: Any, body: Any) -> httpx.Response:
        auth = {"Authorization": f"Bearer {user.token}"} if user else {}
        return httpx.post(f"{api_url}/functions/v1/ops_export", json=body, headers=auth,
                          timeout=120)

    return call
