"""Database access as the caller, exactly as PostgREST does it, from a lazily opened pool.

Every request runs in one transaction that starts with PostgREST's set_config block: the
JWT's role (`set local role`) with that role's own settings, its claims
(`request.jwt.claims`, read by auth.uid()), the request's method, path and headers, and the
API search_path. Grants, RLS and the checks inside RPCs therefore apply to a function exactly
as they do to /rest/v1. Only webhooks and jobs use `as_service()`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from flask import has_request_context, request
from psycopg_pool import ConnectionPool, PoolTimeout

from .postgrest.errors import from_pg_error, pool_timeout_error
from .postgrest.jwt import ANON_ROLE
from .postgrest.reload import ReloadListener
from .postgrest.roles import RoleSettingsCache, impersonate, request_settings
from .settings import get_settings

SERVICE_ROLE = "service_role"
# What PostgREST on Supabase puts on the search_path: the exposed schema, then
# db-extra-search-path.
API_SEARCH_PATH = ("public", "extensions")
POOL_MAX_SIZE = 5  # one function instance serves few concurrent requests
POOL_TIMEOUT_SECONDS = 10.0
# The roles' own settings are read once and dropped on NOTIFY pgrst, 'reload schema' (sent by
# every migrate). Behind a transaction-mode pooler the notification never arrives: entries
# also expire after this long.
ROLE_SETTINGS_MAX_AGE_SECONDS = 60.0

_pool: ConnectionPool | None = None
_listener: ReloadListener | None = None
_role_settings = RoleSettingsCache(max_age=ROLE_SETTINGS_MAX_AGE_SECONDS)
_pool_lock = threading.Lock()


def get_pool() -> ConnectionPool:
    """The connection pool for the configured DSN, opened on first use, with its listener."""
    global _pool, _listener
    dsn = get_settings().db_dsn
    with _pool_lock:
        if _pool is not None and _pool.conninfo != dsn:
            _close_locked()  # the DSN changed (tests, or a reloaded environment)
        if _pool is None:
            _pool = ConnectionPool(
                dsn, min_size=1, max_size=POOL_MAX_SIZE, timeout=POOL_TIMEOUT_SECONDS,
                open=False, name="samia-functions", check=ConnectionPool.check_connection,
                # explicit transactions per request; no server-side prepared statements, which
                # transaction-mode poolers (Supabase's Supavisor) do not support
                kwargs={"autocommit": True, "prepare_threshold": None},
            )
            _pool.open(wait=False)
            _role_settings.clear()
            _listener = ReloadListener(dsn, _role_settings.clear, name="samia-functions")
            _listener.start()
        return _pool


def _close_locked() -> None:
    global _pool, _listener
    if _listener is not None:
        _listener.stop()
        _listener = None
    if _pool is not None:
        _pool.close()
        _pool = None


def close_pool() -> None:
    """Close the pool and its listener (tests, shutdown); the next request opens new ones."""
    with _pool_lock:
        _close_locked()


def _request_settings() -> list[tuple[str, str]]:
    """request.method, .path, .headers and .cookies of the HTTP request being served, as
    PostgREST sets them (the audit log reads x-request-id from request.headers)."""
    if not has_request_context():
        return []
    return request_settings(request.method, request.path, request.headers.items(),
                            request.cookies)


@contextmanager
def _transaction(role: str, claims: dict[str, Any]) -> Iterator[psycopg.Connection]:
    pool = get_pool()
    try:
        with pool.connection() as conn, conn.transaction():
            impersonate(conn, role, claims, API_SEARCH_PATH, _request_settings(),
                        cache=_role_settings)
            yield conn
    except PoolTimeout as exc:
        raise pool_timeout_error(pool.conninfo) from exc
    except psycopg.Error as exc:
        raise from_pg_error(exc, authed=role != ANON_ROLE) from exc


@contextmanager
def as_user(claims: dict[str, Any]) -> Iterator[psycopg.Connection]:
    """A connection in a transaction as the JWT's role with its claims; commits on success.

    Database errors leave as ApiError with PostgREST's HTTP status (42501 -> 403, ...).
    """
    role = claims.get("role")
    if not isinstance(role, str) or not role:
        raise ValueError("claims without a role; use auth.authenticate() to get them")
    with _transaction(role, claims) as conn:
        yield conn


@contextmanager
def as_service() -> Iterator[psycopg.Connection]:
    """A connection in a transaction as service_role, for webhooks and jobs only."""
    with _transaction(SERVICE_ROLE, {"role": SERVICE_ROLE}) as conn:
        yield conn


@contextmanager
def elevated_to_service(conn: psycopg.Connection,
                        claims: dict[str, Any]) -> Iterator[psycopg.Connection]:
    """Inside the caller's own transaction, run the block as service_role, then switch back.

    For the few steps only the service side may take on a user's behalf (e.g. marking a phone
    verified after Twilio approved the code), so they commit or roll back together with the
    user's own writes. The authenticator may assume service_role (as PostgREST's does). The
    claims keep the user's `sub`, so auth.uid() and the audit log still name the user the service
    acts for (the actor of, e.g., a phone number change). On an error the transaction is rolled
    back anyway, so the role is restored only on success.
    """
    service_claims = {"role": SERVICE_ROLE}
    if claims.get("sub"):
        service_claims["sub"] = claims["sub"]
    impersonate(conn, SERVICE_ROLE, service_claims, API_SEARCH_PATH, cache=_role_settings)
    yield conn
    impersonate(conn, claims["role"], claims, API_SEARCH_PATH, cache=_role_settings)
