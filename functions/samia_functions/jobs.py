"""Scheduled jobs over HTTP: `app.job_<name>()` SQL functions run as service_role.

The job bodies are plain SQL functions (pg_cron calls the same ones where it exists); this
module only checks the caller's token, validates the name, finds the function and runs it.
A job whose verdict needs an outside service has a follow-up here: SQL finds, the follow-up
acts (end_stuck_calls: SQL finds the calls to end, Twilio hangs them up, SQL records why).
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Callable
from typing import Any

from psycopg import sql

from . import calls, db
from .errors import BAD_REQUEST, JOB_NOT_FOUND, JOB_TOKEN_REJECTED, NOT_CONFIGURED, AppError
from .settings import JOB_TOKEN_VAR, MIN_SECRET_LENGTH, get_settings

JOB_SCHEMA = "app"
JOB_PREFIX = "job_"
# Lower-case words only; 59 = PostgreSQL's 63-byte identifier limit minus the prefix.
_JOB_NAME = re.compile(r"^[a-z_]{1,59}$")

# Jobs whose SQL result a Python step acts on, through an outside service.
FOLLOW_UPS: dict[str, Callable[[Any], Any]] = {"end_stuck_calls": calls.end_stuck_calls}

_FIND_JOB = """
select exists (
    select 1
    from pg_catalog.pg_proc as p
    join pg_catalog.pg_namespace as n on n.oid = p.pronamespace
    where n.nspname = %s and p.proname = %s and p.pronargs = 0 and p.prokind = 'f'
)
"""


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


def run_job(name: str) -> Any:
    """Run app.job_<name>() as service_role and return its result as JSON."""
    function = JOB_PREFIX + name
    with db.as_service() as conn:
        found = conn.execute(_FIND_JOB, (JOB_SCHEMA, function)).fetchone()
        if not found or not found[0]:
            raise AppError(JOB_NOT_FOUND, f"Unknown job {name}", 404,
                           detail={"job": name},
                           hint=f"Jobs are {JOB_SCHEMA}.{JOB_PREFIX}<name>() functions.")
        # the name passed the pattern above and is quoted as an identifier anyway
        query = sql.SQL("select pg_catalog.to_jsonb({}.{}())").format(
            sql.Identifier(JOB_SCHEMA), sql.Identifier(function))
        row = conn.execute(query).fetchone()
    result = row[0] if row else None
    follow_up = FOLLOW_UPS.get(name)
    return follow_up(result) if follow_up else result
