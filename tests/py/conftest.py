"""Shared fixtures: one migrated database per run, a transaction per test, users with tokens,
the dev API server and the real supabase/postgrest clients pointed at it."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from storage3 import SyncStorageClient

from samia_cli.cluster import throwaway_cluster
from samia_cli.config import LOCAL_JWT_SECRET
from samia_cli.testdb import create_test_database
from samia_cli.testserver import free_port, serve_test_gateway
from samia_cli.tokens import AuthUser, api_key, user_token
from samia_cli.users import create_user

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def cluster_dsn() -> Iterator[str]:
    """The PostgreSQL 18 cluster of this run: `samia check` passes one in, else we start one."""
    given = os.environ.get("SAMIA_TEST_CLUSTER_DSN")
    if given:
        yield given
        return
    cluster = throwaway_cluster(free_port(), with_pgtap=False, durable=False)
    cluster.init()
    cluster.start()
    try:
        yield cluster.dsn()
    finally:
        cluster.destroy()


@pytest.fixture(scope="session")
def database_dsn(cluster_dsn: str) -> str:
    """Superuser DSN of this run's database: bootstrap, migrations, sql/, seed, tests schema."""
    return create_test_database(cluster_dsn, f"samia_pytest_{os.getpid()}", ROOT, pgtap=False)


@pytest.fixture
def db(database_dsn: str) -> Iterator[psycopg.Connection]:
    """A superuser connection whose work is rolled back after the test."""
    with psycopg.connect(database_dsn) as conn:
        yield conn
        conn.rollback()


@pytest.fixture(scope="session")
def jwt_secret() -> str:
    return LOCAL_JWT_SECRET


@pytest.fixture(scope="session")
def anon_key(jwt_secret: str) -> str:
    return api_key(jwt_secret, "anon")


@pytest.fixture(scope="session")
def service_key(jwt_secret: str) -> str:
    return api_key(jwt_secret, "service_role")


@pytest.fixture(scope="session")
def storage_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the gateway's Storage service keeps this run's object files."""
    return tmp_path_factory.mktemp("storage")


@pytest.fixture(scope="session")
def api_url(database_dsn: str, jwt_secret: str, storage_dir: Path) -> Iterator[str]:
    """The dev gateway, serving this run's database on a free loopback port."""
    with serve_test_gateway(database_dsn, ROOT, storage_dir, jwt_secret) as url:
        yield url


@pytest.fixture
def service_storage(api_url: str, anon_key: str, service_key: str) -> SyncStorageClient:
    """storage3 against the gateway's Storage as the service role, as a job's Python step
    gets it."""
    return SyncStorageClient(f"{api_url}/storage/v1/",
                             {"apikey": anon_key, "Authorization": f"Bearer {service_key}"})


@dataclass(frozen=True)
class TestUser:
    auth: AuthUser
    role: str
    token: str

    @property
    def id(self) -> str:
        return self.auth.id


@pytest.fixture
def make_user(database_dsn: str, jwt_secret: str) -> Callable[..., TestUser]:
    """Create a committed user with a fresh email (so tests never collide) and a token."""

    def make(role: str = "client", name: str | None = None) -> TestUser:
        email = f"{name or role}-{uuid.uuid4().hex[:10]}@test.local"
        with psycopg.connect(database_dsn, autocommit=True) as conn:
            user = create_user(conn, email, role)
        return TestUser(user, role, user_token(jwt_secret, user, issuer="test"))

    return make


@pytest.fixture
def make_client(database_dsn: str, make_user: Callable[..., TestUser]) -> Callable[..., TestUser]:
    """A client who may order: complete profile, verified phone, of age (set as the platform)."""

    def make(name: str = "client") -> TestUser:
        user = make_user("client", name)
        phone = f"+9715{uuid.uuid4().int % 10**8:08d}"
        with psycopg.connect(database_dsn, autocommit=True) as conn:
            conn.execute(
                "update app.profiles set first_name = 'Test', last_name = 'Client',"
                " date_of_birth = '1990-05-05', country_code = 'AE', time_zone = 'Asia/Dubai',"
                " phone = %s, phone_verified = true where id = %s",
                (phone, user.id))
        return user

    return make


@pytest.fixture
def supabase_for(api_url: str, anon_key: str):
    """The real supabase-py client, as the frontend uses it, for a user (or anon)."""
    from supabase import ClientOptions, create_client

    def client(user: TestUser | None = None):
        headers = {"Authorization": f"Bearer {user.token}"} if user else {}
        return create_client(api_url, anon_key, options=ClientOptions(headers=headers))

    return client
