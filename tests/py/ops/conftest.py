"""Fixtures for the ops functions: the function settings for this run's database (the media
tests' fixture), and ops_export called through the dev gateway as a frontend calls it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from media.conftest import media_env  # noqa: F401  (autouse: the functions' settings)


@pytest.fixture
def ops_export(api_url: str) -> Callable[..., httpx.Response]:
    """POST a body to ops_export as `user` (anon without one)."""

    def call(user: Any, body: Any) -> httpx.Response:
        auth = {"Authorization": f"Bearer {user.token}"} if user else {}
        return httpx.post(f"{api_url}/functions/v1/ops_export", json=body, headers=auth,
                          timeout=120)

    return call
