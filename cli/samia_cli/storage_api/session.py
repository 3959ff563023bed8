"""Database work of one request, as Storage does it: every transaction starts by setting the
caller's role and request settings (local to the transaction), so the RLS policies of
storage.objects and storage.buckets decide; steps Storage runs as its super user switch to
service_role (BYPASSRLS) inside the same transaction and back."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from samia_cli.gateway.auth import Identity
from samia_cli.gateway.db import Database

from . import errors

SERVICE_ROLE = "service_role"


@dataclass(frozen=True)
class Caller:
    identity: Identity
    token: str | None  # the raw bearer, as request.jwt
    method: str
    path: str
    headers: dict[str, str]

    @property
    def role(self) -> str:
        return self.identity.role

    @property
    def sub(self) -> str | None:
        sub = self.identity.claims.get("sub")
        return sub if isinstance(sub, str) and sub else None


class Tx:
    """One open transaction; `as_service()` runs a block as service_role."""

    def __init__(self, conn: psycopg.Connection, role: str) -> None:
        self.conn = conn
        self.role = role

    def rows(self, query: str | sql.Composable, params: Any = None) -> list[dict[str, Any]]:
        with self.conn.cursor(row_factory=dict_row) as cur:
            cur.execute(query, params)
            return cur.fetchall() if cur.description else []

    def row(self, query: str | sql.Composable, params: Any = None) -> dict[str, Any] | None:
        found = self.rows(query, params)
        return found[0] if found else None

    def execute(self, query: str | sql.Composable, params: Any = None) -> int:
        with self.conn.cursor() as cur:
            cur.execute(query, params)
            return cur.rowcount

    @contextmanager
    def as_service(self) -> Iterator[Tx]:
        self.conn.execute(sql.SQL("set local role {}").format(sql.Identifier(SERVICE_ROLE)))
        try:
            yield self
        finally:
            if self.conn.info.transaction_status != psycopg.pq.TransactionStatus.INERROR:
                self.conn.execute(sql.SQL("set local role {}").format(sql.Identifier(self.role)))


class Session:
    def __init__(self, db: Database) -> None:
        self.db = db

    @contextmanager
    def transaction(self, caller: Caller, operation: str, *, as_service: bool = False,
                    rollback: bool = False) -> Iterator[Tx]:
        """A transaction as the caller (or as service_role) with Storage's request settings.
        It commits when the block ends normally (unless `rollback`: Storage's permission tests)
        and rolls back on an exception."""
        role = SERVICE_ROLE if as_service else caller.role
        with self.db.connection() as conn, conn.transaction(force_rollback=rollback):
            if role in ("none", conn.info.user):
                # `set role none` (or the login's own name) would leave the service's own
                # role in charge, which owns the tables and so passes RLS
                raise errors.access_denied(f'permission denied to set role "{role}"')
            try:
                self._begin(conn, caller, role, operation)
            except (psycopg.errors.InvalidParameterValue,
                    psycopg.errors.InsufficientPrivilege) as exc:  # a role we cannot act as
                raise errors.access_denied(exc.diag.message_primary or str(exc)) from exc
            yield Tx(conn, role)

    @staticmethod
    def _begin(conn: psycopg.Connection, caller: Caller, role: str, operation: str) -> None:
        conn.execute(
            "select set_config('role', %s, true),"
            " set_config('request.jwt.claim.role', %s, true),"
            " set_config('request.jwt', %s, true),"
            " set_config('request.jwt.claim.sub', %s, true),"
            " set_config('request.jwt.claims', %s, true),"
            " set_config('request.headers', %s, true),"
            " set_config('request.method', %s, true),"
            " set_config('request.path', %s, true),"
            " set_config('storage.operation', %s, true),"
            " set_config('storage.allow_delete_query', 'true', true)",
            (role, caller.role, caller.token or "", caller.sub or "",
             json.dumps(caller.identity.claims), json.dumps(caller.headers), caller.method,
             caller.path, operation))
