"""The migrator on a scratch repository and on the project's own files."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner
from psycopg import sql

from samia_cli import migrator
from samia_cli.cli import main
from samia_cli.config import get_config
from samia_cli.testdb import with_dbname

ROOT = Path(__file__).resolve().parents[2]

FIRST = """-- a comment before the first statement
create table public.widgets (
    id integer primary key,
    name text not null
);

insert into public.widgets values (1, 'one');
"""
SECOND = "alter table public.widgets add column colour text;\n"
RPC = """create or replace function public.widget_count() returns bigint
language sql stable set search_path = '' as $$ select count(*) from public.widgets $$;
"""
POLICY = "alter table public.widgets enable row level security;\n"
SEED = "insert into public.widgets values (2, 'two') on conflict (id) do nothing;\n"


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    write(tmp_path, "supabase/migrations/20260101000000_widgets.sql", FIRST)
    write(tmp_path, "supabase/migrations/20260102000000_colour.sql", SECOND)
    write(tmp_path, "sql/rpc/widget_count.sql", RPC)
    write(tmp_path, "sql/policies/widgets.sql", POLICY)
    write(tmp_path, "supabase/seed_meta.sql", SEED)
    return tmp_path


@pytest.fixture
def scratch_dsn(cluster_dsn: str):
    name = f"scratch_{uuid.uuid4().hex[:12]}"
    with migrator.connect(cluster_dsn) as conn:
        conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    yield with_dbname(cluster_dsn, name)
    with migrator.connect(cluster_dsn) as conn:
        conn.execute(sql.SQL("drop database {} with (force)").format(sql.Identifier(name)))


def history(dsn: str) -> list[tuple]:
    with migrator.connect(dsn) as conn:
        return conn.execute(
            "select version, name, statements, xmin::text "
            "from supabase_migrations.schema_migrations order by version").fetchall()


def test_applies_in_order_with_supabase_history(repo: Path, scratch_dsn: str) -> None:
    with migrator.connect(scratch_dsn) as conn:
        result = migrator.migrate(conn, repo)
        assert result.applied == ["supabase/migrations/20260101000000_widgets.sql",
                                  "supabase/migrations/20260102000000_colour.sql"]
        assert result.sources_applied == 2 and result.seed_applied
        assert conn.execute("select public.widget_count()").fetchone()[0] == 2
        assert conn.execute("select relrowsecurity from pg_class "
                            "where oid = 'public.widgets'::regclass").fetchone()[0]
    rows = history(scratch_dsn)
    assert [(r[0], r[1]) for r in rows] == [("20260101000000", "widgets"),
                                            ("20260102000000", "colour")]
    assert rows[0][2][0].startswith("-- a comment") and len(rows[0][2]) == 2


def test_second_run_changes_nothing(repo: Path, scratch_dsn: str) -> None:
    with migrator.connect(scratch_dsn) as conn:
        migrator.migrate(conn, repo)
        before_history = history(scratch_dsn)
        before_sources = conn.execute(
            "select path, sha256, xmin::text from supabase_migrations.samia_source_files "
            "order by path").fetchall()
        again = migrator.migrate(conn, repo)
        assert (again.applied, again.sources_applied, again.seed_applied) == ([], 0, False)
        assert history(scratch_dsn) == before_history  # same rows, same row versions
        assert conn.execute(
            "select path, sha256, xmin::text from supabase_migrations.samia_source_files "
            "order by path").fetchall() == before_sources
        assert migrator.status(conn, repo).clean


def test_changed_sql_file_is_reapplied_and_new_migration_runs(repo: Path, scratch_dsn: str) -> None:
    with migrator.connect(scratch_dsn) as conn:
        migrator.migrate(conn, repo)
        write(repo, "sql/rpc/widget_count.sql", RPC.replace("count(*)", "count(*) * 10"))
        write(repo, "supabase/migrations/20260103000000_more.sql",
              "insert into public.widgets values (3, 'three');\n")
        assert [m.rel for m in migrator.status(conn, repo).pending] == [
            "supabase/migrations/20260103000000_more.sql"]
        result = migrator.migrate(conn, repo)
        assert len(result.applied) == 1 and result.sources_applied == 2
        assert conn.execute("select public.widget_count()").fetchone()[0] == 30


def test_tampered_migration_is_drift_and_never_rerun(repo: Path, scratch_dsn: str) -> None:
    with migrator.connect(scratch_dsn) as conn:
        migrator.migrate(conn, repo)
        write(repo, "supabase/migrations/20260102000000_colour.sql",
              "alter table public.widgets add column size integer;\n")
        write(repo, "supabase/migrations/20260109000000_later.sql",
              "create table public.later (id integer primary key);\n")
        st = migrator.status(conn, repo)
        assert st.drifted == ["supabase/migrations/20260102000000_colour.sql"]
        rows = {r.path: r.state for r in migrator.audit(conn, repo)}
        assert rows["supabase/migrations/20260102000000_colour.sql"] == "drift"
        assert rows["supabase/migrations/20260101000000_widgets.sql"] == "ok"
        with pytest.raises(migrator.DriftError):
            migrator.migrate(conn, repo)
        assert conn.execute("select to_regclass('public.later')").fetchone()[0] is None
        assert conn.execute("select count(*) from information_schema.columns "
                            "where table_name = 'widgets' and column_name = 'size'"
                            ).fetchone()[0] == 0


def test_whitespace_only_change_is_not_drift(repo: Path, scratch_dsn: str) -> None:
    with migrator.connect(scratch_dsn) as conn:
        migrator.migrate(conn, repo)
        write(repo, "supabase/migrations/20260102000000_colour.sql",
              "alter table public.widgets\n    add column colour text;\n\n")
        assert migrator.status(conn, repo).drifted == []


def test_failing_migration_rolls_back_and_names_file_and_line(repo: Path, scratch_dsn: str) -> None:
    write(repo, "supabase/migrations/20260105000000_broken.sql",
          "create table public.half (id integer);\n\ninsert into public.half\n"
          "values (1);\nselect no_such_column from public.half;\n")
    with migrator.connect(scratch_dsn) as conn:
        with pytest.raises(migrator.MigrationError) as err:
            migrator.migrate(conn, repo)
        assert err.value.file == "supabase/migrations/20260105000000_broken.sql"
        assert err.value.line == 5
        assert "42703" in str(err.value)
        assert conn.execute("select to_regclass('public.half')").fetchone()[0] is None
    assert [r[0] for r in history(scratch_dsn)] == ["20260101000000", "20260102000000"]


def test_failing_sql_file_rolls_back_every_sql_file(repo: Path, scratch_dsn: str) -> None:
    write(repo, "sql/rpc/zz_broken.sql", "create or replace function public.broken() "
          "returns int language sql as $$ select 1 $$;\nselect 1/0;\n")
    with migrator.connect(scratch_dsn) as conn:
        with pytest.raises(migrator.MigrationError) as err:
            migrator.migrate(conn, repo)
        assert (err.value.file, err.value.line) == ("sql/rpc/zz_broken.sql", 2)
        assert conn.execute("select to_regprocedure('public.widget_count()')").fetchone()[0] is None
        assert conn.execute("select to_regprocedure('public.broken()')").fetchone()[0] is None
        # the migrations themselves committed file by file and stay applied
        assert len(migrator.status(conn, repo).applied) == 2


def test_concurrent_runs_apply_each_migration_once(repo: Path, scratch_dsn: str) -> None:
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with migrator.connect(scratch_dsn) as conn:
                migrator.migrate(conn, repo)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert [r[0] for r in history(scratch_dsn)] == ["20260101000000", "20260102000000"]


def test_cli_status_and_audit_report_drift(repo: Path, scratch_dsn: str, monkeypatch) -> None:
    monkeypatch.setenv("SAMIA_ROOT", str(repo))
    get_config.cache_clear()
    try:
        runner = CliRunner()
        migrated = runner.invoke(main, ["db", "migrate", "--dsn", scratch_dsn])
        assert migrated.exit_code == 0, migrated.output
        again = runner.invoke(main, ["db", "migrate", "--dsn", scratch_dsn])
        assert "up to date" in again.output
        assert runner.invoke(main, ["db", "audit", "--dsn", scratch_dsn]).exit_code == 0
        write(repo, "supabase/migrations/20260101000000_widgets.sql", FIRST + "select 1;\n")
        status = runner.invoke(main, ["db", "status", "--dsn", scratch_dsn])
        assert status.exit_code == 2 and "drifted" in status.output
        audit = runner.invoke(main, ["db", "audit", "--dsn", scratch_dsn])
        assert audit.exit_code == 2 and "drift" in audit.output
        refused = runner.invoke(main, ["db", "migrate", "--dsn", scratch_dsn])
        assert refused.exit_code == 1
    finally:
        get_config.cache_clear()


def test_project_migrations_are_current_and_idempotent(database_dsn: str) -> None:
    with migrator.connect(database_dsn) as conn:
        assert migrator.status(conn, ROOT).clean
        result = migrator.migrate(conn, ROOT)
        assert (result.applied, result.sources_applied, result.seed_applied) == ([], 0, False)
        assert all(row.state == "ok" for row in migrator.audit(conn, ROOT))


def test_project_files_reapply_cleanly(database_dsn: str) -> None:
    """Every sql/ file is re-runnable: applying them all again inside a rolled-back transaction."""
    from samia_cli.sqlfiles import load_source_files

    with psycopg.connect(database_dsn) as conn:
        for f in load_source_files(ROOT):
            for stmt in f.statements():
                conn.execute(stmt.text)
        conn.rollback()


def test_source_order_is_app_rpc_policies_with_requirements(tmp_path: Path) -> None:
    from samia_cli.sqlfiles import load_source_files

    write(tmp_path, "sql/policies/a.sql", "select 1;\n")
    write(tmp_path, "sql/rpc/a.sql", "select 1;\n")
    write(tmp_path, "sql/app/a_uses_b.sql", "-- requires: sql/app/b.sql\nselect 1;\n")
    write(tmp_path, "sql/app/b.sql", "select 1;\n")
    write(tmp_path, "sql/app/c.sql", "select 1;\n")
    order = [f.rel for f in load_source_files(tmp_path)]
    assert order == ["sql/app/b.sql", "sql/app/a_uses_b.sql", "sql/app/c.sql",
                     "sql/rpc/a.sql", "sql/policies/a.sql"]
    assert order == [f.rel for f in load_source_files(tmp_path)]  # deterministic


def test_unknown_or_circular_requirements_are_refused(tmp_path: Path) -> None:
    from samia_cli.sqlfiles import load_source_files

    write(tmp_path, "sql/app/a.sql", "-- requires: sql/app/missing.sql\nselect 1;\n")
    with pytest.raises(ValueError, match="missing.sql"):
        load_source_files(tmp_path)
    write(tmp_path, "sql/app/a.sql", "-- requires: sql/app/b.sql\nselect 1;\n")
    write(tmp_path, "sql/app/b.sql", "-- requires: sql/app/a.sql\nselect 1;\n")
    with pytest.raises(ValueError, match="circular"):
        load_source_files(tmp_path)


def test_project_source_files_satisfy_their_requirements() -> None:
    from samia_cli.sqlfiles import load_source_files, requirements

    seen: set[str] = set()
    for f in load_source_files(ROOT):
        assert set(requirements(f)) <= seen, f.rel
        seen.add(f.rel)
    assert any(rel.startswith("sql/app/") for rel in seen)


def test_comment_only_edit_of_an_applied_migration_is_not_drift(repo: Path,
                                                                scratch_dsn: str) -> None:
    with migrator.connect(scratch_dsn) as conn:
        migrator.migrate(conn, repo)
        path = repo / "supabase/migrations/20260101000000_widgets.sql"
        path.write_text(FIRST.replace("-- a comment before", "-- a reworded comment before")
                        .replace("name text not null", "name text not null -- the name"))
        assert migrator.status(conn, repo).drifted == []
        path.write_text(FIRST.replace("name text not null", "name text"))
        assert migrator.status(conn, repo).drifted == [
            "supabase/migrations/20260101000000_widgets.sql"]


def reload_notes(listener: psycopg.Connection, sender: psycopg.Connection) -> list[str]:
    """The pgrst payloads `listener` got, up to a marker `sender` sends last."""
    sender.execute("notify pgrst, 'marker'")
    payloads = []
    for note in listener.notifies(timeout=30):
        if note.payload == "marker":
            break
        payloads.append(note.payload)
    return payloads


def test_migrate_asks_for_a_schema_reload_only_when_it_applied_something(
        repo: Path, scratch_dsn: str) -> None:
    with migrator.connect(scratch_dsn) as listener, migrator.connect(scratch_dsn) as conn:
        listener.execute("listen pgrst")
        migrator.migrate(conn, repo)
        assert reload_notes(listener, conn) == ["reload schema"]
        migrator.migrate(conn, repo)
        assert reload_notes(listener, conn) == []
        write(repo, "supabase/seed_meta.sql", SEED + "-- seed edited\n")
        assert migrator.migrate(conn, repo).seed_applied
        assert reload_notes(listener, conn) == ["reload schema"]
