"""The connection pool, opened on first use so that building the app never touches the database."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from samia_functions.postgrest.errors import pool_timeout_error


class Database:
    def __init__(self, dsn: str, *, max_size: int = 20, timeout: float = 10.0) -> None:
        self._dsn = dsn
        self._max_size = max_size
        self._timeout = timeout
        self._pool: ConnectionPool | None = None
        self._lock = threading.Lock()

    def _get_pool(self) -> ConnectionPool:
        with self._lock:
            if self._pool is None:
                self._pool = ConnectionPool(
                    self._dsn, min_size=1, max_size=self._max_size, open=False,
                    timeout=self._timeout, name="samia-gateway",
                    # explicit START TRANSACTION/COMMIT per request; no server-side prepared
                    # statements, whose cached plans break when a function is redefined
                    kwargs={"autocommit": True, "prepare_threshold": None},
                    check=ConnectionPool.check_connection,
                )
                self._pool.open(wait=False)
            return self._pool

    @contextmanager
    def connection(self) -> Iterator[psycopg.Connection]:
        pool = self._get_pool()
        try:
            conn = pool.getconn()
        except PoolTimeout as exc:
            raise pool_timeout_error(self._dsn) from exc
        try:
            yield conn
        finally:
            pool.putconn(conn)  # rolls back a left-open transaction, drops a broken connection

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None
