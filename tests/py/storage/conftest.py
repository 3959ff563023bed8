"""Storage test fixtures: buckets and policies made as superuser for one test (unique names,
removed afterwards), the real storage3 client as a user, and raw httpx for wire details."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from psycopg import sql
from psycopg.types.json import Jsonb

OWN_ROWS = "owner_id = (select auth.uid()::text)"


class Buckets:
    """Buckets and storage.objects policies of one test, dropped with their rows at the end."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self.ids: list[str] = []
        self.policies: list[str] = []

    def __call__(self, *, public: bool = False, file_size_limit: int | None = None,
                  allowed_mime_types: list[str] | None = None) -> str:
        bucket_id = f"t-{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            conn.execute("insert into storage.buckets (id, name, public, file_size_limit,"
                         " allowed_mime_types) values (%s, %s, %s, %s, %s)",
                         (bucket_id, bucket_id, public, file_size_limit, allowed_mime_types))
        self.ids.append(bucket_id)
        return bucket_id

    def allow(self, bucket_id: str, command: str, condition: str = "true",
              to: str = "authenticated") -> None:
        """A policy on storage.objects for this bucket only: `condition` is the using
        expression (select, update, delete) or the with check (insert, update)."""
        name = f"{bucket_id} {command} {uuid.uuid4().hex[:6]}"
        scoped = sql.SQL("bucket_id = {} and ({})").format(sql.Literal(bucket_id),
                                                           sql.SQL(condition))
        clause = {"select": sql.SQL("using ({})"), "delete": sql.SQL("using ({})"),
                  "insert": sql.SQL("with check ({})"),
                  "update": sql.SQL("using ({0}) with check ({0})")}[command].format(scoped)
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            conn.execute(sql.SQL("create policy {} on storage.objects for {} to {} {}").format(
                sql.Identifier(name), sql.SQL(command), sql.Identifier(to), clause))
        self.policies.append(name)

    def objects(self, bucket_id: str) -> list[dict[str, Any]]:
        with psycopg.connect(self.dsn) as conn, conn.cursor(
                row_factory=psycopg.rows.dict_row) as cur:
            cur.execute("select * from storage.objects where bucket_id = %s order by name",
                        (bucket_id,))
            return cur.fetchall()

    def insert_object(self, bucket_id: str, name: str, owner: str | None = None, *,
                      versioned: bool = True) -> None:
        """A row without a file, as SQL may write one (for listing and policy tests)."""
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            conn.execute("insert into storage.objects (bucket_id, name, owner_id, version,"
                         " metadata) values (%s, %s, %s, %s, %s)",
                         (bucket_id, name, owner, str(uuid.uuid4()) if versioned else None,
                          Jsonb({"size": 0})))

    def cleanup(self) -> None:
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            for name in self.policies:
                conn.execute(sql.SQL("drop policy if exists {} on storage.objects").format(
                    sql.Identifier(name)))
            with conn.transaction():
                conn.execute("select set_config('storage.allow_delete_query', 'true', true)")
                conn.execute("delete from storage.objects where bucket_id = any(%s)",
                             (self.ids,))
                conn.execute("delete from storage.buckets where id = any(%s)", (self.ids,))


@pytest.fixture
def buckets(database_dsn: str) -> Iterator[Buckets]:
    made = Buckets(database_dsn)
    try:
        yield made
    finally:
        made.cleanup()


@pytest.fixture
def open_bucket(buckets: Buckets) -> str:
    """A private bucket whose objects every user may insert, select, update and delete."""
    made = buckets()
    for command in ("insert", "select", "update", "delete"):
        buckets.allow(made, command, "true")
    return made


@pytest.fixture
def storage_for(supabase_for: Callable) -> Callable:
    """The real storage3 client of supabase-py, as a user (anon without one)."""

    def client(user: Any = None) -> Any:
        return supabase_for(user).storage

    return client


@pytest.fixture
def storage_url(api_url: str) -> str:
    return f"{api_url}/storage/v1"


@pytest.fixture
def http(storage_url: str, anon_key: str) -> Callable[..., httpx.Response]:
    """Raw requests to /storage/v1 with the apikey; `token` sets the bearer, `auth=False`
    sends no credentials at all."""

    def request(method: str, path: str, *, token: str | None = None, auth: bool = True,
                **kwargs: Any) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}))
        if auth:
            headers["apikey"] = anon_key
            headers["Authorization"] = f"Bearer {token or anon_key}"
        return httpx.request(method, storage_url + path, headers=headers, timeout=20, **kwargs)

    return request


def files_under(root: Path) -> list[Path]:
    """Object files on disk, temporary ones included."""
    return sorted(p for p in root.rglob("*") if p.is_file())


def chunked(head: bytes, tail: bytes, filler: int = 40 * 64 * 1024) -> Iterator[bytes]:
    """A request body sent in chunks (no Content-Length, so only reading it tells its size):
    `head`, `filler` bytes of "x", `tail`."""
    yield head
    for _ in range(filler // (64 * 1024)):
        yield b"x" * 64 * 1024
    yield tail
