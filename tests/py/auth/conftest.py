"""Fixtures for the local Auth service: raw HTTP at /auth/v1 as the SDKs send it, the real
supabase-py clients, and fresh addresses so tests never collide."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from psycopg.conninfo import make_conninfo
from werkzeug.test import Client

from samia_cli.gotrue import SignInLimiter, create_auth_app

API_VERSION = {"X-Supabase-Api-Version": "2024-01-01"}
PASSWORD = "secret1"


def race(**calls: Callable[[], Any]) -> dict[str, Any]:
    """Start the calls at the same moment, each on its own thread; their answers by name."""
    start = threading.Barrier(len(calls))
    answers: dict[str, Any] = {}

    def run(name: str) -> None:
        start.wait()
        answers[name] = calls[name]()

    threads = [threading.Thread(target=run, args=(name,)) for name in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@pytest.fixture
def auth_url(api_url: str) -> str:
    return f"{api_url}/auth/v1"


@pytest.fixture
def http(auth_url: str, anon_key: str) -> Iterator[httpx.Client]:
    """Requests as auth-js sends them: apikey, the anon key as bearer, the API version."""
    headers = {"apikey": anon_key, "Authorization": f"Bearer {anon_key}", **API_VERSION}
    with httpx.Client(base_url=auth_url, headers=headers, timeout=30) as client:
        yield client


@pytest.fixture
def bearer() -> Callable[[str], dict[str, str]]:
    return lambda token: {"Authorization": f"Bearer {token}"}


@pytest.fixture
def fresh_email() -> Callable[[str], str]:
    return lambda name="user": f"{name}-{uuid.uuid4().hex[:10]}@auth.test"


@pytest.fixture
def client_for(api_url: str, anon_key: str):
    """A new supabase-py client (its own session storage) with the given key."""
    from supabase import create_client

    return lambda key=None: create_client(api_url, key or anon_key)


@pytest.fixture
def signed_up(http, fresh_email) -> Callable[..., dict]:
    """Sign a new user up over HTTP; returns the session answer."""

    def make(name: str = "user", password: str = PASSWORD, **data) -> dict:
        r = http.post("/signup", json={"email": fresh_email(name), "password": password,
                                       "data": data})
        assert r.status_code == 200, r.text
        return r.json()

    return make


@pytest.fixture
def standalone_auth(database_dsn: str, jwt_secret: str):
    """The Auth app alone, on this run's database, with its own settings (phone provider,
    a tight sign-in limiter), driven through werkzeug's test client."""
    apps = []

    def build(*, phone_enabled: bool = False, limiter: SignInLimiter | None = None) -> Client:
        app = create_auth_app(
            make_conninfo(database_dsn, user="supabase_auth_admin", password="postgres"),
            jwt_secret, "http://auth.test/auth/v1", phone_enabled=phone_enabled,
            limiter=limiter)
        apps.append(app)
        return Client(app)

    yield build
    for app in apps:
        app.close()
