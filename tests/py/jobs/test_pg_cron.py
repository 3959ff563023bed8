"""The schedule under real pg_cron: Debian's PostgreSQL 15 with its pg_cron package (1.4).

The rest of the suite runs the wheel's PostgreSQL 18, which has no pg_cron, so the pgTAP test of
app.sync_pg_cron_jobs uses a stand-in `cron` schema. Here a throw-away PostgreSQL 15 cluster
preloads the real extension, and the database gets what the scheduling needs, from the
repository's own files: the Supabase bootstrap, the migrations of the tables the jobs touch,
the guarded schedule migration that creates pg_cron, and the `sql/` files of the declaration,
the runner and the pg_cron jobs. (The full build cannot load on 15: Debian packages no
pgvector for it, which the bootstrap and the knowledge base need.) pg_cron's jobs run in
background workers, so they need no password to connect back.

`./run test` installs `postgresql-15-cron` when it is missing; without it this module fails.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from samia_cli import migrator
from samia_cli.cluster import DEBIAN_PG15_BIN_DIR, throwaway_cluster
from samia_cli.sqlfiles import SqlFile, load_migrations, load_source_files, requirements
from samia_cli.testserver import free_port

ROOT = Path(__file__).resolve().parents[3]
PG_CRON_LIBRARY = DEBIAN_PG15_BIN_DIR.parent / "lib" / "pg_cron.so"
# the tables the scheduling and the pg_cron jobs touch, in the order they were written
MIGRATIONS = ("core_schemas", "core_helpers", "app_settings", "audit_log", "job_runs")
GUARDED_MIGRATION = "schedule_jobs"
LATER_MIGRATIONS = ("fold_rate_limit_purge_into_purge_old",)
DECLARATION = "sql/app/jobs_schedule.sql"
SQL_ONLY_JOBS = ("purge_audit_log",)  # the declared jobs without a Python step
# pg_cron 1.4 starts jobs on the minute: the next start is at most a minute away, and the run
# takes well under the five seconds left for it on a busy machine
FIRE_WITHIN_SECONDS = 65

CRON_JOBS = "select jobname, schedule, command from cron.job order by jobname"
EXPECTED = """
    select 'samia_' || job, schedule, format('select app.run_job(%L, %L)', job, 'pg_cron')
    from app.jobs_schedule() where not python_step order by 1
"""


@dataclass(frozen=True)
class CronDatabase:
    dsn: str
    after_guarded_migration: list[tuple]  # cron.job as the guarded migration left it


def with_requirements(wanted: list[str]) -> list[SqlFile]:
    """The named `sql/` files and everything their `-- requires:` lines need, in build order."""
    ordered = load_source_files(ROOT)
    by_rel = {f.rel: f for f in ordered}
    needed: set[str] = set()
    pending = list(wanted)
    while pending:
        rel = pending.pop()
        if rel not in needed:
            needed.add(rel)
            pending += requirements(by_rel[rel])
    return [f for f in ordered if f.rel in needed]


def bootstrap_without_pgvector(conn: psycopg.Connection) -> None:
    boot = SqlFile(migrator.BOOTSTRAP_DIR / "supabase_compat.sql", "supabase_compat.sql")
    with conn.transaction():
        for statement in boot.statements():
            if "create extension if not exists vector" not in statement.text:
                conn.execute(statement.text)


@pytest.fixture(scope="module")
def cron_db() -> Iterator[CronDatabase]:
    if not PG_CRON_LIBRARY.exists():
        pytest.fail(f"{PG_CRON_LIBRARY} is missing: `apt-get install postgresql-15-cron` "
                    "(./run test installs it)")
    cluster = throwaway_cluster(
        free_port(), with_pgtap=False, durable=False, bin_dir=DEBIAN_PG15_BIN_DIR,
        # pg_cron lives in the `postgres` database (its cron.database_name by default)
        settings={"shared_preload_libraries": "'pg_cron'", "cron.use_background_workers": "on"},
    )
    cluster.init()
    cluster.start()
    try:
        with migrator.connect(cluster.dsn()) as conn:
            bootstrap_without_pgvector(conn)
            migrations = {m.name: m for m in load_migrations(ROOT)}
            migrator.apply_files(conn, [migrations[name] for name in MIGRATIONS])
            migrator.apply_files(conn, [migrations[GUARDED_MIGRATION]])
            after_guarded = conn.execute(CRON_JOBS).fetchall()
            migrator.apply_files(conn, [migrations[name] for name in LATER_MIGRATIONS])
            jobs = [f"sql/app/job_{job}.sql" for job in SQL_ONLY_JOBS]
            migrator.apply_files(conn, with_requirements(["sql/app/run_job.sql", *jobs]))
            # the declaration's file ends by syncing pg_cron, as every build applies it
            migrator.apply_files(conn, with_requirements([DECLARATION]))
        yield CronDatabase(cluster.dsn(), after_guarded)
    finally:
        cluster.destroy()


@pytest.fixture
def conn(cron_db: CronDatabase) -> Iterator[psycopg.Connection]:
    """A connection whose work is rolled back after the test."""
    with psycopg.connect(cron_db.dsn) as connection:
        yield connection
        connection.rollback()


def test_the_guarded_migration_creates_pg_cron_where_it_is_preloaded(cron_db, conn):
    assert conn.execute("select extversion from pg_extension where extname = 'pg_cron'"
                        ).fetchone() == ("1.4-1",)
    # the first schedule: the hourly bucket purge, which purge_old has taken over since
    assert cron_db.after_guarded_migration == [
        ("purge_rate_limit_buckets", "17 * * * *", "select app.job_purge_rate_limit_buckets()"),
    ]


def test_pg_cron_holds_one_job_per_declared_job_without_a_python_step(conn):
    assert conn.execute("select job from app.jobs_schedule() where not python_step "
                        "order by 1").fetchall() == [(job,) for job in SQL_ONLY_JOBS]
    assert conn.execute(CRON_JOBS).fetchall() == conn.execute(EXPECTED).fetchall()
    assert ("samia_purge_audit_log", "20 0 1 * *",
            "select app.run_job('purge_audit_log', 'pg_cron')") in conn.execute(CRON_JOBS)
    runners = dict(conn.execute("select job, runner from app.scheduled_jobs()").fetchall())
    assert runners == {job: "pg_cron" if job in SQL_ONLY_JOBS else "scheduler"
                       for job in runners}
    assert conn.execute("select active, database, username from cron.job").fetchall() == [
        (True, "postgres", "postgres"),
    ]


def test_applying_the_declaration_again_changes_nothing(cron_db, conn):
    snapshot = "select jobid, jobname, schedule, command, active from cron.job order by jobid"
    before = conn.execute(snapshot).fetchall()
    with migrator.connect(cron_db.dsn) as other:
        migrator.apply_files(other, with_requirements([DECLARATION]))
        assert other.execute("select app.sync_pg_cron_jobs()").fetchone()[0] == {
            "pg_cron": True, "scheduled": ["samia_purge_audit_log"], "removed": [],
        }
    assert conn.execute(snapshot).fetchall() == before


def declare(conn: psycopg.Connection, changes: str) -> dict:
    """Replace the declaration (in this transaction) by the original with `changes`, a query over
    its rows named `declared`, then sync pg_cron."""
    conn.execute(f"""
        create or replace function app.jobs_schedule()
        returns table (job text, schedule text, python_step boolean, description text)
        language sql as $$
            with declared as (select * from app.jobs_schedule_declared()) {changes}
        $$""")
    return conn.execute("select app.sync_pg_cron_jobs()").fetchone()[0]


def test_a_changed_declaration_updates_adds_and_removes_cron_jobs(conn):
    conn.execute("alter function app.jobs_schedule() rename to jobs_schedule_declared")
    conn.execute("select cron.schedule('someone_elses', '0 * * * *', 'select 1')")

    declare(conn, """
        select job, case job when 'purge_audit_log' then '30 2 * * 1' else schedule end,
               python_step, description
        from declared
        union all values ('probe_hourly', '5 * * * *', false, 'a new SQL-only job')
    """)
    assert conn.execute(CRON_JOBS).fetchall() == [
        ("samia_probe_hourly", "5 * * * *", "select app.run_job('probe_hourly', 'pg_cron')"),
        ("samia_purge_audit_log", "30 2 * * 1",
         "select app.run_job('purge_audit_log', 'pg_cron')"),
        ("someone_elses", "0 * * * *", "select 1"),
    ]

    # the new job is dropped again and purge_audit_log gains a Python step: only the jobs
    # function may run it now, so pg_cron keeps nothing of ours
    synced = declare(conn, "select job, schedule, true, description from declared")
    assert synced["scheduled"] == []
    assert sorted(synced["removed"]) == ["samia_probe_hourly", "samia_purge_audit_log"]
    assert conn.execute(CRON_JOBS).fetchall() == [("someone_elses", "0 * * * *", "select 1")]


def test_each_cron_command_records_a_run_of_its_job(conn):
    commands = conn.execute("select jobname, command from cron.job order by 1").fetchall()
    assert [name for name, _ in commands] == [f"samia_{job}" for job in SQL_ONLY_JOBS]
    for name, command in commands:
        conn.execute(command)
        assert conn.execute(
            "select status, runner from app.job_runs where job = %s order by id desc limit 1",
            (name.removeprefix("samia_"),),
        ).fetchone() == ("succeeded", "pg_cron")


def test_pg_cron_itself_starts_a_declared_job_and_its_run_is_recorded(cron_db):
    """pg_cron runs the synced command at the next minute; the schedule is set to every minute
    for this test only (the command is the one the sync wrote)."""
    with psycopg.connect(cron_db.dsn, autocommit=True) as conn:
        second = datetime.now(UTC).second
        if second >= 55:  # too close to a minute that pg_cron may skip: wait for the next one
            time.sleep(61 - second)
        jobid, declared = conn.execute(
            "select jobid, schedule from cron.job where jobname = 'samia_purge_audit_log'"
        ).fetchone()
        conn.execute("select cron.alter_job(%s, schedule => '* * * * *')", (jobid,))
        try:
            deadline = time.monotonic() + FIRE_WITHIN_SECONDS
            finished = []
            while not finished and time.monotonic() < deadline:
                time.sleep(0.5)
                finished = conn.execute(
                    "select status, command from cron.job_run_details "
                    "where jobid = %s and status in ('succeeded', 'failed')", (jobid,)
                ).fetchall()
        finally:
            conn.execute("select cron.alter_job(%s, schedule => %s)", (jobid, declared))
        assert finished[:1] == [("succeeded", "select app.run_job('purge_audit_log', 'pg_cron')")]
        assert conn.execute(
            "select status, result ? 'deleted' from app.job_runs "
            "where job = 'purge_audit_log' and runner = 'pg_cron'"
        ).fetchall() == [("succeeded", True)]
