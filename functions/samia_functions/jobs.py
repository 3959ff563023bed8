"""Scheduled jobs: `app.job_<name>()` SQL functions, started through app.run_job.

Every runner goes through `run_in`: the jobs function (Cloud Scheduler, with X-Job-Token),
`samia serve`'s local scheduler and `samia jobs run`. pg_cron calls app.run_job itself. The
database records each run and keeps two runs of one job from overlapping; this module checks
the caller's token, validates the name, adds a job's Python step (job_steps) and turns a
recorded failure into an error answer.
"""

from __future__ import annotations

import hmac
import logging
import re
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from . import db, job_steps
from .errors import (
    BAD_REQUEST,
    JOB_NOT_FOUND,
    JOB_STEP_FAILED,
    JOB_TOKEN_REJECTED,
    NOT_CONFIGURED,
    AppError,
)
from .postgrest.errors import ApiError, status_for_sqlstate
from .settings import JOB_TOKEN_VAR, MIN_SECRET_LENGTH, get_settings

log = logging.getLogger(__name__)

# Lower-case words only; 59 = PostgreSQL's 63-byte identifier limit minus the `job_` prefix.
_JOB_NAME = re.compile(r"^[a-z_]{1,59}$")


def check_job_token(presented: str | None) -> None:
    """Fail closed: 503 when no usable JOB_TOKEN is configured, 403 unless it matches."""
    expected = get_settings().job_token
    if not expected or len(expected) < MIN_SECRET_LENGTH:
        raise AppError(NOT_CONFIGURED, f"Invalid setting: {JOB_TOKEN_VAR}", 503,
                       detail={"invalid": [JOB_TOKEN_VAR]},
                       hint=f"Set {JOB_TOKEN_VAR} (at least {MIN_SECRET_LENGTH} characters) to "
                            "enable the jobs endpoint.")
    if not presented or not hmac.compare_digest(presented.encode(), expected.encode()):
        raise AppError(JOB_TOKEN_REJECTED, "Missing or wrong X-Job-Token", 403)


def parse_job_name(body: dict[str, Any]) -> str:
    """The `job` of a `{"job": "<name>"}` body, validated before it gets near SQL."""
    name = body.get("job")
    if not isinstance(name, str) or not _JOB_NAME.match(name):
        raise AppError(BAD_REQUEST, "Invalid job name", 400,
                       detail={"job": name if isinstance(name, str) else None},
                       hint="A job name is lower-case letters and underscores, e.g. \"purge\".")
    return name


def run_in(conn: psycopg.Connection, name: str, runner: str,
           storage: job_steps.StorageFactory = job_steps.service_storage) -> dict[str, Any]:
    """Run one job in `conn`'s open transaction: app.run_job, then the job's Python step if
    it has one and its SQL part succeeded. Returns the run ({run_id, job, status, result,
    error}); the caller commits, which also releases the job's lock."""
    run = conn.execute("select app.run_job(%s, %s)", (name, runner)).fetchone()[0]
    step = job_steps.steps().get(name)
    if step is None or run["status"] != "succeeded":
        return run
    try:
        outcome, error = step(conn, run["result"], storage), None
    except Exception as exc:  # any failure of the file work is recorded with the run
        log.exception("the Python step of job %s failed", name)
        outcome = None
        error = {"code": JOB_STEP_FAILED, "message": f"The Python step of {name} failed",
                 "detail": f"{type(exc).__name__}: {exc}"[:300], "hint": None}
    return conn.execute("select app.record_job_step(%s, %s, %s)",
                        (run["run_id"], Jsonb(outcome), Jsonb(error) if error else None)
                        ).fetchone()[0]


def failure(run: dict[str, Any]) -> ApiError:
    """The error answer of a failed run, with the code, status and texts the job raised."""
    error = run["error"]
    code = error.get("code") or "P0001"
    status = 502 if code == JOB_STEP_FAILED else status_for_sqlstate(code, error["message"],
                                                                     authed=True)
    return ApiError(status, code, error["message"], error.get("detail"), error.get("hint"))


def run_job(name: str, runner: str = "scheduler") -> dict[str, Any]:
    """Run one job as service_role and commit; a failed run is raised after its record is
    committed. JOBNF (404) for a name that is no job."""
    try:
        with db.as_service() as conn:
            run = run_in(conn, name, runner)
    except ApiError as exc:
        if exc.code == JOB_NOT_FOUND:
            exc.status = 404
        raise
    if run["status"] == "failed":
        raise failure(run)
    return run
