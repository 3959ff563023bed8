"""`samia db capture` on scratch repositories: what is captured, in which order, and --check."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from supabase_cli import apply_like_supabase_cli, drop_database, fresh_database

from samia_cli import capture, migrator
from samia_cli.cli import main
from samia_cli.config import get_config

MIGRATION = "create schema if not exists app;\n"
NOW_FN = """-- now: the clock
create or replace function app.now() returns timestamptz
language sql stable set search_path = '' as $$ select pg_catalog.now() $$;
"""
AGE_FN = """-- requires: sql/app/now.sql
create or replace function app.age_days(p_at timestamptz) returns integer
language sql stable set search_path = '' as $$
    select (pg_catalog.date(app.now()) - pg_catalog.date(p_at))
$$;
"""
RPC = """create or replace function public.today() returns date
language sql stable set search_path = '' as $$ select pg_catalog.date(app.now()) $$;
"""
TODAY_FN = """create or replace function app.today() returns date
language sql stable set search_path = '' as $$ select pg_catalog.date(app.now()) $$;
"""
T0 = datetime(2027, 1, 2, 3, 4, 5, tzinfo=UTC)
T1 = datetime(2027, 1, 2, 3, 9, 0, tzinfo=UTC)


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    write(tmp_path, "supabase/migrations/20261201000000_schemas.sql", MIGRATION)
    write(tmp_path, "sql/rpc/today.sql", RPC)
    write(tmp_path, "sql/app/age_days.sql", AGE_FN)  # sorts first, but requires now.sql
    write(tmp_path, "sql/app/now.sql", NOW_FN)
    return tmp_path


def sections(path: Path) -> list[str]:
    return [line.split()[2] for line in path.read_text().splitlines()
            if line.startswith("-- captured: ")]


def test_first_capture_takes_every_file_in_load_order(repo: Path) -> None:
    assert [f.rel for f in capture.plan(repo).pending] == [
        "sql/app/now.sql", "sql/app/age_days.sql", "sql/rpc/today.sql"]
    path = capture.write(repo, T0)
    assert path == repo / "supabase/migrations/20270102030405_captured_sql.sql"
    text = path.read_text()
    assert "captured" in text.splitlines()[0]
    assert sections(path) == ["sql/app/now.sql", "sql/app/age_days.sql", "sql/rpc/today.sql"]
    # each file verbatim between its markers
    assert f"sha256={capture._sha256(NOW_FN)}\n{NOW_FN}-- end captured: sql/app/now.sql\n" in text
    assert capture.plan(repo).clean
    assert capture.write(repo, T1) is None


def test_only_changed_files_are_captured_again(repo: Path) -> None:
    capture.write(repo, T0)
    write(repo, "sql/rpc/today.sql", RPC.replace("date(app.now())", "date(app.now() + '1 day')"))
    assert [f.rel for f in capture.plan(repo).pending] == ["sql/rpc/today.sql"]
    path = capture.write(repo, T1)
    assert sections(path) == ["sql/rpc/today.sql"]
    assert capture.plan(repo).clean


def test_a_changed_dependency_is_captured_first_in_the_same_migration(repo: Path) -> None:
    capture.write(repo, T0)
    write(repo, "sql/app/age_days.sql", AGE_FN.replace("select (", "select 0 + ("))
    write(repo, "sql/app/now.sql", NOW_FN.replace("catalog.now", "catalog.clock_timestamp"))
    assert sections(capture.write(repo, T1)) == ["sql/app/now.sql", "sql/app/age_days.sql"]


def test_reverting_to_an_older_capture_is_captured_again(repo: Path) -> None:
    capture.write(repo, T0)
    write(repo, "sql/rpc/today.sql", RPC + "-- v2\n")
    capture.write(repo, T1)
    write(repo, "sql/rpc/today.sql", RPC)  # the newest section is v2, so this is a change
    assert [f.rel for f in capture.plan(repo).pending] == ["sql/rpc/today.sql"]


def test_deleted_file_warns_until_a_migration_records_its_removal(repo: Path) -> None:
    capture.write(repo, T0)
    (repo / "sql/rpc/today.sql").unlink()
    todo = capture.plan(repo)
    assert todo.removed == ["sql/rpc/today.sql"] and todo.clean  # a warning, not a failure
    write(repo, "supabase/migrations/20270102040000_drop_today.sql",
          "-- captured: sql/rpc/today.sql removed\ndrop function if exists public.today();\n")
    assert capture.plan(repo).removed == []
    write(repo, "sql/rpc/today.sql", RPC)  # back again: captured again
    assert [f.rel for f in capture.plan(repo).pending] == ["sql/rpc/today.sql"]


def test_edited_section_is_reported_and_blocks_capture(repo: Path) -> None:
    path = capture.write(repo, T0)
    path.write_text(path.read_text().replace("pg_catalog.now()", "pg_catalog.clock_timestamp()"))
    todo = capture.plan(repo)
    assert todo.tampered == [f"{path.relative_to(repo)}: sql/app/now.sql"] and not todo.clean
    write(repo, "sql/rpc/today.sql", RPC + "-- v2\n")
    with pytest.raises(capture.CaptureError, match="edited"):
        capture.write(repo, T1)


def test_file_without_final_newline_round_trips(repo: Path) -> None:
    write(repo, "sql/rpc/today.sql", RPC.rstrip("\n"))
    path = capture.write(repo, T0)
    assert capture.plan(repo).clean
    assert path.read_text().count("-- end captured: sql/rpc/today.sql\n") == 1


def test_unterminated_last_statement_is_refused(repo: Path) -> None:
    write(repo, "sql/rpc/today.sql", RPC.rstrip().rstrip(";") + "\n-- trailing comment\n")
    with pytest.raises(capture.CaptureError, match="today.sql.*';'"):
        capture.write(repo, T0)
    assert list((repo / "supabase/migrations").glob("*captured*")) == []


def test_file_holding_a_marker_line_is_refused(repo: Path) -> None:
    write(repo, "sql/rpc/today.sql", "-- captured: sql/rpc/x.sql removed\n" + RPC)
    with pytest.raises(capture.CaptureError, match="marks sections"):
        capture.write(repo, T0)


def test_version_follows_a_newer_migration(repo: Path) -> None:
    write(repo, "supabase/migrations/20990101000000_future.sql", MIGRATION)
    assert capture.next_version(repo, T0) == "20990101000001"
    assert capture.next_version(repo, datetime(2100, 1, 1, tzinfo=UTC)) == "21000101000000"


@pytest.fixture
def cli(repo: Path, monkeypatch):
    monkeypatch.setenv("SAMIA_ROOT", str(repo))
    get_config.cache_clear()
    yield CliRunner()
    get_config.cache_clear()


def test_cli_check_then_capture(cli: CliRunner, repo: Path) -> None:
    checked = cli.invoke(main, ["db", "capture", "--check"])
    assert checked.exit_code == 1
    assert "not captured: sql/app/now.sql" in checked.output
    assert "not captured: sql/rpc/today.sql" in checked.output
    assert not list((repo / "supabase/migrations").glob("*captured*"))  # --check writes nothing
    captured = cli.invoke(main, ["db", "capture"])
    assert captured.exit_code == 0, captured.output
    written = list((repo / "supabase/migrations").glob("*_captured_sql.sql"))
    assert len(written) == 1 and str(written[0].relative_to(repo)) in captured.output
    again = cli.invoke(main, ["db", "capture"])
    assert again.exit_code == 0 and "nothing to capture" in again.output
    assert cli.invoke(main, ["db", "capture", "--check"]).exit_code == 0


def test_cli_names_a_deleted_file(cli: CliRunner, repo: Path) -> None:
    assert cli.invoke(main, ["db", "capture"]).exit_code == 0
    (repo / "sql/rpc/today.sql").unlink()
    checked = cli.invoke(main, ["db", "capture", "--check"])
    assert checked.exit_code == 0
    assert "sql/rpc/today.sql" in checked.output and "removed" in checked.output


def test_supabase_cli_applies_a_dependency_change_in_order(repo: Path, cluster_dsn: str) -> None:
    """now.sql gains app.today(), which age_days.sql starts to call: a sql-language body is
    checked when created, so only both files in one migration, dependency first, can apply."""
    name = f"capture_{uuid.uuid4().hex[:12]}"
    dsn = fresh_database(cluster_dsn, name)
    try:
        capture.write(repo, T0)
        apply_like_supabase_cli(dsn, repo)
        write(repo, "sql/app/now.sql", NOW_FN + TODAY_FN)
        write(repo, "sql/app/age_days.sql",
              AGE_FN.replace("pg_catalog.date(app.now())", "app.today()"))
        assert sections(capture.write(repo, T1)) == ["sql/app/now.sql", "sql/app/age_days.sql"]
        apply_like_supabase_cli(dsn, repo)  # as `supabase db push`: only the new migration
        with migrator.connect(dsn) as conn:
            days = conn.execute("select app.age_days(now() - interval '2 days')").fetchone()[0]
            assert days == 2
            assert "app.today()" in conn.execute(
                "select pg_get_functiondef('app.age_days(timestamptz)'::regprocedure)"
            ).fetchone()[0]
    finally:
        drop_database(cluster_dsn, name)


def test_cli_status_lists_files_not_captured(cli: CliRunner, repo: Path, cluster_dsn: str) -> None:
    name = f"capture_{uuid.uuid4().hex[:12]}"
    dsn = fresh_database(cluster_dsn, name)
    try:
        assert cli.invoke(main, ["db", "migrate", "--dsn", dsn]).exit_code == 0
        status = cli.invoke(main, ["db", "status", "--dsn", dsn])
        assert status.exit_code == 0 and "not captured" in status.output
        assert "sql/rpc/today.sql" in status.output
        assert cli.invoke(main, ["db", "capture"]).exit_code == 0
        assert cli.invoke(main, ["db", "migrate", "--dsn", dsn]).exit_code == 0
        assert "not captured" not in cli.invoke(main, ["db", "status", "--dsn", dsn]).output
    finally:
        drop_database(cluster_dsn, name)
