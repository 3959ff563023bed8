"""The job schedule outside the database: next runs with croniter, and the local scheduler.

The schedule itself is declared once, in SQL (app.jobs_schedule: job, cron expression in UTC,
python_step). `samia jobs list` shows it with each job's next run and last result; `samia serve`
runs it with LocalScheduler, so purges and timers fire during development as pg_cron or Cloud
Scheduler fire them in production. Every run goes through app.run_job, like theirs.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import psycopg
from croniter import croniter

log = logging.getLogger(__name__)

CHECK_EVERY_SECONDS = 20  # cron's resolution is a minute; checking more often costs one query


@dataclass(frozen=True)
class ScheduledJob:
    job: str
    schedule: str
    python_step: bool

    def next_run(self, after: datetime) -> datetime:
        return croniter(self.schedule, after).get_next(datetime)


def read_schedule(conn: psycopg.Connection) -> list[ScheduledJob]:
    rows = conn.execute("select job, schedule, python_step from app.jobs_schedule() order by 1")
    return [ScheduledJob(*row) for row in rows]


def last_runs(conn: psycopg.Connection) -> dict[str, tuple]:
    """The latest run of each job: (status, finished_at, result, error)."""
    rows = conn.execute("select distinct on (job) job, status, finished_at, result, error "
                        "from app.job_runs order by job, id desc")
    return {row[0]: row[1:] for row in rows}


def due(jobs: list[ScheduledJob], since: datetime, now: datetime) -> list[str]:
    """The jobs with a scheduled time in (since, now]: each runs once however many it missed."""
    return [j.job for j in jobs if j.next_run(since) <= now]


def utc_now() -> datetime:
    return datetime.now(UTC)


class LocalScheduler:
    """Runs the declared schedule in a daemon thread until stop().

    `read` returns the schedule (re-read on every check, so a migration that changes it takes
    effect without a restart); `run(job)` starts one job. A failing job is logged and the
    scheduler carries on.
    """

    def __init__(self, read: Callable[[], list[ScheduledJob]], run: Callable[[str], object],
                 clock: Callable[[], datetime] = utc_now) -> None:
        self._read, self._run, self._clock = read, run, clock
        self._since = clock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="samia-jobs", daemon=True)

    def tick(self, now: datetime) -> list[str]:
        """Run every job due since the last tick; returns their names."""
        ran = due(self._read(), self._since, now)
        self._since = now
        for job in ran:
            try:
                self._run(job)
            except Exception:  # one job's failure (recorded in app.job_runs) stops no other
                log.exception("job %s failed", job)
        return ran

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _loop(self) -> None:
        while not self._stop.wait(CHECK_EVERY_SECONDS):
            try:
                self.tick(self._clock())
            except Exception:  # the database may be restarting; try again at the next check
                log.exception("the local job scheduler could not read the schedule")


def describe(job: ScheduledJob, runs: dict[str, tuple], now: datetime) -> str:
    """One line of `samia jobs list`: name, cron, next run, last result."""
    nxt = job.next_run(now).strftime("%Y-%m-%d %H:%M UTC")
    last = runs.get(job.job)
    if last is None:
        shown = "never ran"
    else:
        status, finished, result, error = last
        what = (error or {}).get("code") if status == "failed" else _short(result)
        shown = f"{status} {finished.astimezone(UTC):%Y-%m-%d %H:%M UTC} {what}"
    step = " (+python)" if job.python_step else ""
    return f"{job.job:<24} {job.schedule:<14} next {nxt}   last {shown}{step}"


def _short(result: object, limit: int = 80) -> str:
    text = "" if result is None else str(result)
    return text if len(text) <= limit else text[:limit - 1] + "…"
