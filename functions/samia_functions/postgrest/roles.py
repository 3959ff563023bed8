"""Impersonating the caller inside a transaction, with PostgREST's one set_config statement:
the API search_path, the impersonated role's own settings, `role` and `request.jwt.claims`
(plus, for /rest/v1, the request's method, path, headers and cookies)."""

from __future__ import annotations

import functools
import json
import threading
import time
from collections.abc import Iterable, Mapping, Sequence

import psycopg
from psycopg import sql

ISOLATION_SETTING = "default_transaction_isolation"

# The impersonated role's own settings (ALTER ROLE anon SET statement_timeout = '3s'), which
# SET ROLE alone does not apply. Like PostgREST: only the role's database-independent settings
# (pg_roles.rolconfig), and only those the connecting role may set itself.
_ROLE_SETTINGS = """
select pg_catalog.split_part(s.setting, '=', 1),
       pg_catalog.substr(s.setting, pg_catalog.strpos(s.setting, '=') + 1)
from pg_catalog.pg_roles as r
cross join lateral pg_catalog.unnest(r.rolconfig) with ordinality as s (setting, i)
join pg_catalog.pg_settings as g on g.name = pg_catalog.split_part(s.setting, '=', 1)
where r.rolname = %s
  and (g.context = 'user' {privilege})
order by s.i
"""
# PostgreSQL 15 added GRANT SET ON PARAMETER; PostgREST honours it where it exists.
_PARAMETER_PRIVILEGE = "or pg_catalog.has_parameter_privilege(current_user, g.name, 'set')"


def role_settings(conn: psycopg.Connection, role: str) -> list[tuple[str, str]]:
    """(name, value) of the settings PostgREST applies when it impersonates `role`."""
    privilege = _PARAMETER_PRIVILEGE if conn.info.server_version >= 150000 else ""
    query = _ROLE_SETTINGS.format(privilege=privilege)
    return [(name, value) for name, value in conn.execute(query, (role,)).fetchall()]


class RoleSettingsCache:
    """role_settings read once per role and kept, as PostgREST keeps them in its schema cache.

    `clear()` on a schema reload notification (reload.ReloadListener). `max_age` (seconds)
    also expires entries, for connections where notifications may never arrive (a
    transaction-mode pooler does not deliver them).
    """

    def __init__(self, max_age: float | None = None) -> None:
        self._max_age = max_age
        self._entries: dict[str, tuple[float, list[tuple[str, str]]]] = {}
        self._generation = 0
        self._lock = threading.Lock()

    def get(self, conn: psycopg.Connection, role: str) -> list[tuple[str, str]]:
        entry = self._entries.get(role)
        now = time.monotonic()
        if entry is not None and (self._max_age is None or now - entry[0] < self._max_age):
            return entry[1]
        generation = self._generation
        settings = role_settings(conn, role)
        with self._lock:
            if generation == self._generation:  # else a reload came in while we read
                self._entries[role] = (now, settings)
        return settings

    def clear(self) -> None:
        with self._lock:
            self._generation += 1
            self._entries = {}


def quote_search_path(schemas: Sequence[str]) -> str:
    return ", ".join('"' + s.replace('"', '""') + '"' for s in schemas)


def request_settings(method: str, path: str, headers: Iterable[tuple[str, str]],
                     cookies: Mapping[str, str]) -> list[tuple[str, str]]:
    """The request.* GUCs: header names lower-cased, repeated headers joined with ", ", and
    the Cookie header left out (its values are in request.cookies)."""
    merged: dict[str, str] = {}
    for key, value in headers:
        name = key.lower()
        if name != "cookie":
            merged[name] = f"{merged[name]}, {value}" if name in merged else value
    return [("request.method", method), ("request.path", path),
            ("request.headers", json.dumps(merged)), ("request.cookies", json.dumps(dict(cookies)))]


def settings_pairs(role: str, claims: dict, *, search_path: Sequence[str],
                   settings: Sequence[tuple[str, str]] = (),
                   request: Sequence[tuple[str, str]] = (),
                   hoisted: Sequence[tuple[str, str]] = ()) -> list[tuple[str, str]]:
    """The (name, value) pairs of the `select set_config(..., true), ...` that makes the
    transaction the caller's.

    `settings` are the role's (role_settings); its isolation level is not a setting but the
    transaction's, chosen when it starts. `request` is the request.* GUCs, `hoisted` the
    function's own SET clauses PostgREST lifts into the transaction.
    """
    return [
        ("search_path", quote_search_path(search_path)),
        *[(k, v) for k, v in settings if k != ISOLATION_SETTING],
        ("role", role),
        ("request.jwt.claims", json.dumps(claims)),
        *request,
        *[(k, v) for k, v in hoisted if k != ISOLATION_SETTING],
    ]


def settings_statement(role: str, claims: dict, *, search_path: Sequence[str],
                       settings: Sequence[tuple[str, str]] = (),
                       request: Sequence[tuple[str, str]] = (),
                       hoisted: Sequence[tuple[str, str]] = ()) -> tuple[sql.Composed, list]:
    """settings_pairs as a statement and its parameters."""
    pairs = settings_pairs(role, claims, search_path=search_path, settings=settings,
                           request=request, hoisted=hoisted)
    return set_configs(len(pairs)), [v for pair in pairs for v in pair]


@functools.lru_cache(maxsize=64)
def set_configs(count: int) -> sql.Composed:
    """`select set_config(%s, %s, true), ...` for `count` settings: built once per count."""
    one = sql.SQL("pg_catalog.set_config({}, {}, true)").format(sql.Placeholder(),
                                                                sql.Placeholder())
    return sql.SQL("select ") + sql.SQL(", ").join([one] * count)


def impersonate(conn: psycopg.Connection, role: str, claims: dict,
                search_path: Sequence[str], request: Sequence[tuple[str, str]] = (),
                *, cache: RoleSettingsCache | None = None) -> None:
    """Inside an open transaction: from now on it runs as `role` with `claims`. The role's
    settings come from `cache` when given, else straight from the catalogue."""
    settings = cache.get(conn, role) if cache is not None else role_settings(conn, role)
    statement, params = settings_statement(role, claims, search_path=search_path,
                                           settings=settings, request=request)
    conn.execute(statement, params)
