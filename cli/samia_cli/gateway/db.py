"""The connection pool, opened on first use so that building the app never touches the database."""

from __future__ import annotations

import functools
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from samia_functions.postgrest.errors import pool_timeout_error

from .template import Quoter

# A connection idle for longer than this is checked (one empty round trip) before a request
# gets it: after a database restart, idle ones are dead. A busy one is not: the check would
# cost as much as a statement of the request itself.
CHECK_AFTER_IDLE_SECONDS = 5.0


class GatewayConnection(psycopg.Connection):
    """A pooled connection that keeps the client-side cursor and the quoter its requests use:
    making both anew for every request (a cursor copies the connection's adapters) was a
    twentieth of the gateway's CPU per request. A connection serves one request at a time."""

    @functools.cached_property
    def request_cursor(self) -> psycopg.ClientCursor:
        return psycopg.ClientCursor(self)

    @functools.cached_property
    def quote(self) -> Quoter:
        return Quoter(self)


class Database:
    def __init__(self, dsn: str, *, max_size: int = 20, timeout: float = 10.0) -> None:
        self._dsn = dsn
        self._max_size = max_size
        self._timeout = timeout
        self._pool: ConnectionPool | None = None
        self._lock = threading.Lock()
        self._returned: weakref.WeakKeyDictionary[psycopg.Connection, float] = (
            weakref.WeakKeyDictionary())

    @property
    def dsn(self) -> str:
        return self._dsn

    def _check_if_idle(self, conn: psycopg.Connection) -> None:
        returned = self._returned.get(conn)
        if returned is None or time.monotonic() - returned > CHECK_AFTER_IDLE_SECONDS:
            ConnectionPool.check_connection(conn)

    def _get_pool(self) -> ConnectionPool:
        pool = self._pool
        if pool is not None:
            return pool
        with self._lock:
            if self._pool is None:
                self._pool = ConnectionPool(
                    self._dsn, min_size=1, max_size=self._max_size, open=False,
                    timeout=self._timeout, name="samia-gateway",
                    connection_class=GatewayConnection,
                    # explicit START TRANSACTION/COMMIT per request; no server-side prepared
                    # statements, whose cached plans break when a function is redefined
                    kwargs={"autocommit": True, "prepare_threshold": None},
                    check=self._check_if_idle,
                )
                self._pool.open(wait=False)
            return self._pool

    @contextmanager
    def connection(self, timeout: float | None = None) -> Iterator[GatewayConnection]:
        """A pooled connection for the block; `timeout` overrides the pool's wait."""
        pool = self._get_pool()
        try:
            conn = pool.getconn(timeout)
        except PoolTimeout as exc:
            raise pool_timeout_error(self._dsn) from exc
        try:
            yield conn
        finally:
            self._returned[conn] = time.monotonic()
            pool.putconn(conn)  # rolls back a left-open transaction, drops a broken connection

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None
