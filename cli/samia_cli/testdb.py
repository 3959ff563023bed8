"""Throw-away test databases: bootstrap, every migration, sql/, seed, then pgTAP and `tests`."""

from __future__ import annotations

from pathlib import Path

from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from . import migrator


def with_dbname(dsn: str, dbname: str) -> str:
    return make_conninfo(dsn, dbname=dbname)


def create_test_database(cluster_dsn: str, name: str, root: Path, *, pgtap: bool) -> str:
    """Create `name` on the cluster behind `cluster_dsn`, fully migrated; returns its DSN."""
    with migrator.connect(cluster_dsn) as conn:
        ident = sql.Identifier(name)
        conn.execute(sql.SQL("drop database if exists {} with (force)").format(ident))
        conn.execute(sql.SQL("create database {}").format(ident))
    dsn = with_dbname(cluster_dsn, name)
    with migrator.connect(dsn) as conn:
        migrator.apply_bootstrap(conn)
        migrator.migrate(conn, root)
        if pgtap:
            conn.execute("create extension if not exists pgtap with schema extensions")
        # Supabase's own search_path for postgres; lets pgTAP's functions resolve unqualified
        conn.execute(sql.SQL('alter database {} set search_path = "$user", public, extensions')
                     .format(sql.Identifier(name)))
        migrator.apply_bootstrap(conn, "tests_schema.sql")
    return dsn


def database_name(dsn: str) -> str:
    return conninfo_to_dict(dsn).get("dbname", "postgres")
