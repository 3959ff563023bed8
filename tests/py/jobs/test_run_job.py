"""app.run_job from two connections at once, the declaration against the code, and the local
scheduler running the declared schedule through the same entry point."""

from __future__ import annotations

from datetime import UTC, datetime

import psycopg
import pytest
from croniter import croniter

from samia_cli.schedule import LocalScheduler, due, read_schedule
from samia_functions import job_steps
from samia_functions.jobs import run_in


def runs(dsn: str, job: str) -> list[tuple[str, str]]:
    with psycopg.connect(dsn) as conn:
        return conn.execute("select status, runner from app.job_runs where job = %s order by id",
                            (job,)).fetchall()


@pytest.fixture
def probe_job(database_dsn: str):
    """A job of our own, so other tests' runs of the real ones do not interfere."""
    with psycopg.connect(database_dsn, autocommit=True) as conn:
        conn.execute("create table app.test_probe_runs (id serial primary key)")
        conn.execute("create function app.job_overlap_probe() returns jsonb language sql as $$ "
                     "insert into app.test_probe_runs default values "
                     "returning jsonb_build_object('probe', id) $$")
    yield "overlap_probe"
    with psycopg.connect(database_dsn, autocommit=True) as conn:
        conn.execute("drop function app.job_overlap_probe(); drop table app.test_probe_runs; "
                     "delete from app.job_runs where job = 'overlap_probe'")


def test_a_second_run_while_the_first_is_open_skips_and_is_recorded(database_dsn, probe_job):
    with psycopg.connect(database_dsn) as first, psycopg.connect(database_dsn) as second:
        ran = first.execute("select app.run_job(%s, 'cli')", (probe_job,)).fetchone()[0]
        assert ran["status"] == "succeeded"
        # the first run's transaction is still open (as while a Python step works)
        skipped = second.execute("select app.run_job(%s, 'local')", (probe_job,)).fetchone()[0]
        second.commit()
        assert skipped["status"] == "skipped" and skipped["error"] is None
        with psycopg.connect(database_dsn) as probe:
            assert probe.execute("select count(*) from app.test_probe_runs").fetchone()[0] == 0
        first.commit()
    assert runs(database_dsn, probe_job) == [("succeeded", "cli"), ("skipped", "local")]
    with psycopg.connect(database_dsn) as conn:
        assert conn.execute("select count(*) from app.test_probe_runs").fetchone()[0] == 1
        # once the first has committed, the lock is free again
        again = conn.execute("select app.run_job(%s, 'cli')", (probe_job,)).fetchone()[0]
    assert again["status"] == "succeeded"


def test_every_declared_job_exists_and_python_steps_agree(db):
    declared = read_schedule(db)
    assert {j.job for j in declared} >= {"purge_old", "purge_audit_log", "media_maintenance"}
    for job in declared:
        assert croniter.is_valid(job.schedule), job
        assert db.execute("select to_regprocedure(%s)", (f"app.job_{job.job}()",)
                          ).fetchone()[0] is not None
    assert {j.job for j in declared if j.python_step} == set(job_steps.steps())


def test_due_runs_a_job_once_when_its_time_passed():
    jobs = [j for j in (*_declared(),) if j.job in {"purge_old", "purge_audit_log"}]
    before = datetime(2026, 12, 1, 0, 9, 40, tzinfo=UTC)
    assert due(jobs, before, datetime(2026, 12, 1, 0, 9, 59, tzinfo=UTC)) == []
    assert due(jobs, before, datetime(2026, 12, 1, 0, 10, 0, tzinfo=UTC)) == ["purge_old"]
    assert sorted(due(jobs, before, datetime(2026, 12, 1, 0, 25, tzinfo=UTC))) == [
        "purge_audit_log", "purge_old"]
    assert due(jobs, datetime(2026, 12, 2, 0, 11, tzinfo=UTC),
               datetime(2026, 12, 2, 23, 0, tzinfo=UTC)) == []


def _declared():
    from samia_cli.schedule import ScheduledJob

    return (ScheduledJob("purge_old", "10 0 * * *", True),
            ScheduledJob("purge_audit_log", "20 0 1 * *", False))


def test_the_local_scheduler_runs_the_declared_schedule_through_run_job(database_dsn):
    def read():
        with psycopg.connect(database_dsn) as conn:
            return read_schedule(conn)

    def run(job):
        with psycopg.connect(database_dsn) as conn:
            return run_in(conn, job, "local")

    start = datetime(2026, 12, 1, 0, 19, 30, tzinfo=UTC)
    before = len(runs(database_dsn, "purge_audit_log"))
    scheduler = LocalScheduler(read, run, clock=lambda: start)
    assert scheduler.tick(datetime(2026, 12, 1, 0, 19, 50, tzinfo=UTC)) == []
    # end_stuck_calls is due every minute, copy_call_recordings every five, purge_audit_log
    # at 00:20 on the 1st
    assert sorted(scheduler.tick(datetime(2026, 12, 1, 0, 20, 10, tzinfo=UTC))) == [
        "copy_call_recordings", "end_stuck_calls", "purge_audit_log"]
    assert runs(database_dsn, "purge_audit_log")[before:] == [("succeeded", "local")]
