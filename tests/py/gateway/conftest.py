"""Gateway test fixtures, independent of the project's migrations: a throwaway PostgreSQL 18
cluster with only the Supabase bootstrap and the test functions of fixtures.sql, and the gateway
served on a free loopback port."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import jwt
import psycopg
import pytest
from psycopg.conninfo import make_conninfo

from samia_cli.cluster import throwaway_cluster
from samia_cli.gateway import Gateway, create_app
from samia_cli.gateway.server import serving

HERE = Path(__file__).resolve().parent
BOOTSTRAP = HERE.parents[2] / "cli" / "samia_cli" / "bootstrap" / "supabase_compat.sql"
SECRET = "gateway-test-secret-with-more-than-32-characters"
USER_ID = "6f1c3c1e-2a1b-4c55-9a52-0b2f8f6a1d10"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def mint(role: str | None = "authenticated", secret: str = SECRET, **claims) -> str:
    """An HS256 token; `role=None` leaves the role claim out."""
    now = int(time.time())
    payload = {"sub": USER_ID, "aud": "authenticated", "iat": now, "exp": now + 3600, **claims}
    if role is not None:
        payload["role"] = role
    payload = {k: v for k, v in payload.items() if v is not None}
    return jwt.encode(payload, secret, algorithm="HS256")


@pytest.fixture(scope="session")
def gw_admin_dsn() -> Iterator[str]:
    cluster = throwaway_cluster(free_port(), with_pgtap=False, durable=False)
    cluster.init()
    cluster.start()
    try:
        with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
            conn.execute(BOOTSTRAP.read_text())
            conn.execute((HERE / "fixtures.sql").read_text())
        yield cluster.dsn()
    finally:
        cluster.destroy()


@pytest.fixture(scope="session")
def gw_dsn(gw_admin_dsn: str) -> str:
    """The gateway's own DSN: role authenticator, as PostgREST connects."""
    return make_conninfo(gw_admin_dsn, user="authenticator", password="postgres")


@pytest.fixture(scope="session")
def anon_key() -> str:
    return mint("anon", exp=1983812996, sub=None, aud=None, iat=None)


@pytest.fixture(scope="session")
def service_key() -> str:
    return mint("service_role", exp=1983812996, sub=None, aud=None, iat=None)


@pytest.fixture(scope="session")
def user_token() -> str:
    return mint("authenticated", email="reader@test.local")


def reload_schema(admin: psycopg.Connection, app: Gateway) -> None:
    """NOTIFY pgrst, 'reload schema' as a migrate does, and wait until `app` took it."""
    assert app.schema.wait_listening(30), "the gateway never started listening"
    before = app.schema.reloads
    admin.execute("notify pgrst, 'reload schema'")
    deadline = time.monotonic() + 30
    while app.schema.reloads == before:
        assert time.monotonic() < deadline, "the gateway never took the reload"
        time.sleep(0.01)


@pytest.fixture(scope="session")
def gw_app(gw_dsn: str, anon_key: str, service_key: str) -> Iterator[Gateway]:
    app = create_app(gw_dsn, SECRET, functions_source=None, anon_key=anon_key,
                     service_key=service_key, schemas=("public", "gw_other"))
    # the listener reloads once it is connected: wait for that first, or the reload could drop
    # a catalogue a test has just loaded (and show a function the test expects to be unseen)
    try:
        assert app.schema.wait_listening(30), "the gateway never started listening"
        yield app
    finally:
        app.close()


@pytest.fixture(scope="session")
def gw_url(gw_app: Gateway) -> Iterator[str]:
    with serving(gw_app) as url:
        yield url


@pytest.fixture(scope="session")
def http(gw_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=gw_url, timeout=30) as client:
        yield client


@pytest.fixture
def admin(gw_admin_dsn: str) -> Iterator[psycopg.Connection]:
    """A superuser connection (autocommit) to inspect or change the database."""
    with psycopg.connect(gw_admin_dsn, autocommit=True) as conn:
        yield conn
