"""The migrator: Supabase CLI-compatible migrations, the re-runnable `sql/` files, the seed.

- Each `supabase/migrations/<version>_<name>.sql` runs in its own transaction together with its row
  in `supabase_migrations.schema_migrations(version, name, statements)`, the Supabase CLI's own
  history table, so `supabase db push` and `samia db migrate` agree on what is applied.
- `sql/app/*.sql`, `sql/rpc/*.sql` and `sql/policies/*.sql` (every function and policy) are
  re-applied together in one transaction, in `load_source_files` order, whenever one of them
  changed or a migration ran; a checksum per file is recorded.
- `supabase/seed_meta.sql` is applied when its hash changed, recorded in the CLI's `seed_files`.
- An applied migration whose statements changed is drift: reported, never re-run. Comments are
  not statements: a comment-only edit is not drift.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import psycopg
import sqlparse

from .sqlfiles import (
    Migration,
    SqlFile,
    Statement,
    load_migrations,
    load_source_files,
    seed_file,
)

BOOTSTRAP_DIR = Path(__file__).parent / "bootstrap"
# one lock for every migrator run against a database, so two deploys never interleave
ADVISORY_LOCK_KEY = 0x5A41_4D49

TRACKING_SQL = [
    "set local lock_timeout = '4s'",
    "create schema if not exists supabase_migrations",
    "create table if not exists supabase_migrations.schema_migrations "
    "(version text not null primary key)",
    "alter table supabase_migrations.schema_migrations add column if not exists statements text[]",
    "alter table supabase_migrations.schema_migrations add column if not exists name text",
    "create table if not exists supabase_migrations.seed_files "
    "(path text not null primary key, hash text not null)",
    "create table if not exists supabase_migrations.samia_source_files "
    "(path text primary key, sha256 text not null, applied_at timestamptz not null default now())",
]


class MigrationError(RuntimeError):
    """A file failed to apply; everything it did was rolled back."""

    def __init__(self, file: str, line: int, message: str):
        super().__init__(f"{file}:{line}: {message}")
        self.file, self.line, self.reason = file, line, message


class DriftError(RuntimeError):
    """Applied migrations no longer match their files; migrating would hide it."""


@cache
def _normalised(statements: tuple[str, ...]) -> str:
    # whitespace, comments and statement splitting may differ between tools; content may not
    text = sqlparse.format("\n".join(statements), strip_comments=True)
    return re.sub(r"[\s;]+", "", text)


_STATEMENTS: dict[str, tuple[Statement, ...]] = {}  # sha256 of a file's text -> its statements


def _statements(sql_file: SqlFile) -> tuple[Statement, ...]:
    # sqlparse needs seconds for every migration and /health asks for status on each request:
    # split each file content once per process
    if sql_file.sha256 not in _STATEMENTS:
        _STATEMENTS[sql_file.sha256] = tuple(sql_file.statements())
    return _STATEMENTS[sql_file.sha256]


@dataclass
class Status:
    applied: list[str] = field(default_factory=list)
    pending: list[Migration] = field(default_factory=list)
    drifted: list[str] = field(default_factory=list)  # applied, file content changed
    missing: list[str] = field(default_factory=list)  # applied, file gone from the repo
    sources_changed: list[str] = field(default_factory=list)  # new or changed sql/ files
    sources_removed: list[str] = field(default_factory=list)
    seed_current: bool = True

    @property
    def clean(self) -> bool:
        return not (self.pending or self.drifted or self.missing or self.sources_changed
                    or self.sources_removed or not self.seed_current)


@dataclass
class MigrateResult:
    applied: list[str]
    sources_applied: int
    seed_applied: bool


Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


def ensure_tracking(conn: psycopg.Connection) -> None:
    with conn.transaction():
        for stmt in TRACKING_SQL:
            conn.execute(stmt)


def _tracking_exists(conn: psycopg.Connection) -> bool:
    row = conn.execute(
        "select to_regclass('supabase_migrations.schema_migrations') is not null"
    ).fetchone()
    return bool(row and row[0])


def status(conn: psycopg.Connection, root: Path) -> Status:
    """Compare the repository with what the database has applied. Read-only."""
    migrations = load_migrations(root)
    st = Status()
    applied: dict[str, list[str]] = {}
    source_sums: dict[str, str] = {}
    seed_hashes: dict[str, str] = {}
    if _tracking_exists(conn):
        for version, statements in conn.execute(
            "select version, coalesce(statements, '{}') "
            "from supabase_migrations.schema_migrations order by version"
        ):
            applied[version] = statements
        sources_table = "select to_regclass('supabase_migrations.samia_source_files')"
        if conn.execute(sources_table).fetchone()[0]:
            source_sums = dict(conn.execute(
                "select path, sha256 from supabase_migrations.samia_source_files"))
        if conn.execute("select to_regclass('supabase_migrations.seed_files')").fetchone()[0]:
            seed_hashes = dict(conn.execute(
                "select path, hash from supabase_migrations.seed_files"))
    by_version = {m.version: m for m in migrations}
    for m in migrations:
        if m.version not in applied:
            st.pending.append(m)
            continue
        st.applied.append(m.rel)
        recorded, current = tuple(applied[m.version]), tuple(s.text for s in _statements(m))
        # the same text is the same content; normalising (slow) only settles the rest
        if recorded != current and _normalised(recorded) != _normalised(current):
            st.drifted.append(m.rel)
    st.missing = [v for v in applied if v not in by_version]
    sources = load_source_files(root)
    st.sources_changed = [f.rel for f in sources if source_sums.get(f.rel) != f.sha256]
    st.sources_removed = sorted(set(source_sums) - {f.rel for f in sources})
    seed = seed_file(root)
    st.seed_current = seed is None or seed_hashes.get(seed.rel) == seed.sha256
    return st


def _execute_file(conn: psycopg.Connection, sql_file: SqlFile) -> list[str]:
    """Run every statement of a file in the open transaction; name the file and line on error."""
    done = []
    for stmt in _statements(sql_file):
        try:
            conn.execute(stmt.text)
        except psycopg.Error as exc:
            line = stmt.line
            position = getattr(exc.diag, "statement_position", None)
            if position and position.isdigit():
                line += stmt.text.count("\n", 0, int(position) - 1)
            message = (exc.diag.message_primary or str(exc)).strip()
            raise MigrationError(sql_file.rel, line,
                                 f"{message} (SQLSTATE {exc.diag.sqlstate})") from exc
        done.append(stmt.text)
    return done


def apply_files(conn: psycopg.Connection, files: list[SqlFile]) -> None:
    """Run whole files, in the order given, in one transaction, recording nothing: for a test
    that builds only part of the database (the pg_cron test on PostgreSQL 15)."""
    with conn.transaction():
        for sql_file in files:
            _execute_file(conn, sql_file)


def bootstrap_files() -> list[str]:
    """The Supabase-compatibility files, `supabase_compat.sql` (roles, schemas, auth.users)
    first, then each `supabase_compat_<service>.sql` by name."""
    return sorted(p.name for p in BOOTSTRAP_DIR.glob("supabase_compat*.sql"))


def apply_bootstrap(conn: psycopg.Connection, name: str | None = None) -> None:
    """The Supabase-compatibility objects, or one named bootstrap file such as the `tests`
    schema (tests only)."""
    with conn.transaction():
        for file_name in [name] if name else bootstrap_files():
            _execute_file(conn, SqlFile(BOOTSTRAP_DIR / file_name,
                                        f"cli/samia_cli/bootstrap/{file_name}"))


def migrate(conn: psycopg.Connection, root: Path, progress: Progress = _quiet) -> MigrateResult:
    """Apply pending migrations, then `sql/` and the seed when needed. Idempotent."""
    conn.execute("select pg_advisory_lock(%s)", (ADVISORY_LOCK_KEY,))
    try:
        ensure_tracking(conn)
        st = status(conn, root)
        if st.drifted or st.missing:
            raise DriftError(
                "applied migrations differ from the repository: "
                + ", ".join(st.drifted + [f"{v} (file missing)" for v in st.missing])
                + ". Restore the files (roll forward with a new migration instead), "
                "or locally run `samia db reset`."
            )
        applied = []
        for m in st.pending:
            progress(f"migration {m.rel}")
            with conn.transaction():
                statements = _execute_file(conn, m)
                conn.execute(
                    "insert into supabase_migrations.schema_migrations(version, name, statements) "
                    "values (%s, %s, %s)", (m.version, m.name, statements))
            applied.append(m.rel)
        sources_applied = 0
        if applied or st.sources_changed or st.sources_removed:
            sources = load_source_files(root)
            with conn.transaction():
                for f in sources:
                    progress(f"source {f.rel}")
                    _execute_file(conn, f)
                conn.execute("delete from supabase_migrations.samia_source_files")
                for f in sources:
                    conn.execute(
                        "insert into supabase_migrations.samia_source_files(path, sha256) "
                        "values (%s, %s)", (f.rel, f.sha256))
            sources_applied = len(sources)
        seed_applied = False
        seed = seed_file(root)
        if seed is not None and not st.seed_current:
            progress(f"seed {seed.rel}")
            with conn.transaction():
                _execute_file(conn, seed)
                conn.execute(
                    "insert into supabase_migrations.seed_files(path, hash) values (%s, %s) "
                    "on conflict (path) do update set hash = excluded.hash",
                    (seed.rel, seed.sha256))
            seed_applied = True
        if applied or sources_applied or seed_applied:
            # what PostgREST (and the dev gateway) reloads its schema cache on; the gateway
            # also renews its /health migration status then
            conn.execute("notify pgrst, 'reload schema'")
        return MigrateResult(applied, sources_applied, seed_applied)
    finally:
        conn.execute("select pg_advisory_unlock(%s)", (ADVISORY_LOCK_KEY,))


@dataclass
class AuditRow:
    kind: str  # migration | source | seed
    path: str
    state: str  # ok | drift | pending | missing | changed | removed


def audit(conn: psycopg.Connection, root: Path) -> list[AuditRow]:
    """Every applied migration and recorded `sql/` file checked against the repository."""
    st = status(conn, root)
    rows = [AuditRow("migration", rel, "drift" if rel in st.drifted else "ok")
            for rel in st.applied]
    rows += [AuditRow("migration", m.rel, "pending") for m in st.pending]
    rows += [AuditRow("migration", v, "missing") for v in st.missing]
    changed = set(st.sources_changed)
    rows += [AuditRow("source", f.rel, "changed" if f.rel in changed else "ok")
             for f in load_source_files(root)]
    rows += [AuditRow("source", rel, "removed") for rel in st.sources_removed]
    seed = seed_file(root)
    if seed is not None:
        rows.append(AuditRow("seed", seed.rel, "ok" if st.seed_current else "changed"))
    return rows


def connect(dsn: str) -> psycopg.Connection:
    # autocommit: every unit of work opens its own explicit transaction
    return psycopg.connect(dsn, autocommit=True, connect_timeout=10)
