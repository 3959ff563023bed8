"""What deploy.sh asks the project: its settings from `.env`, the functions' environment as a
file for gcloud (never on a command line), the jobs Cloud Scheduler must fire, the buckets.

Settings come from the process environment first, then from the `.env` file (python-dotenv
reads it; nothing in it is executed). Secrets are printed masked, always.
"""

from __future__ import annotations

import json
import os
import shlex
from pathlib import Path

import psycopg
from dotenv import dotenv_values

# deploy.sh's own settings
DEPLOY_SETTINGS = ("DB_DSN", "GCP_PROJECT", "GCP_REGION")
# the functions' environment: required, optional, and which ones are settings, not secrets
FUNCTION_REQUIRED = ("FUNCTIONS_DB_DSN", "JWT_SECRET")
FUNCTION_OPTIONAL = ("JOB_TOKEN", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN",
                     "TWILIO_VERIFY_SERVICE_SID", "TWILIO_CALLER_ID", "TWILIO_WEBHOOK_BASE_URL",
                     "CORS_ALLOWED_ORIGINS", "REQUEST_BODY_MAX_BYTES", "MEDIA_UPLOAD_MAX_BYTES",
                     "SUPABASE_URL", "SUPABASE_ANON_KEY", "SEMANTIC_BASE_URL", "SEMANTIC_API_KEY",
                     "SEMANTIC_MODEL", "SEMANTIC_DIMENSIONS", "DEEPCONF_BASE_URL",
                     "DEEPCONF_API_KEY", "DEEPCONF_MODEL", "DEEPCONF_SAMPLES", "DEEPCONF_THRESHOLD",
                     "DEEPCONF_TIMEOUT_SECONDS", "DEEPCONF_TOP_LOGPROBS", "DEEPCONF_WINDOW")
NOT_SECRET = {"CORS_ALLOWED_ORIGINS", "REQUEST_BODY_MAX_BYTES", "MEDIA_UPLOAD_MAX_BYTES",
              "SUPABASE_URL", "TWILIO_CALLER_ID", "TWILIO_WEBHOOK_BASE_URL", "SEMANTIC_BASE_URL",
              "SEMANTIC_MODEL", "SEMANTIC_DIMENSIONS", "DEEPCONF_BASE_URL", "DEEPCONF_MODEL",
              "DEEPCONF_SAMPLES", "DEEPCONF_THRESHOLD", "DEEPCONF_TIMEOUT_SECONDS",
              "DEEPCONF_TOP_LOGPROBS", "DEEPCONF_WINDOW", "GCP_PROJECT", "GCP_REGION"}
SCHEDULER_PREFIX = "samia-"


class DeployError(Exception):
    pass


def settings(env_file: Path | None) -> dict[str, str]:
    """Every non-empty setting: the environment over the `.env` file."""
    values = {k: v for k, v in (dotenv_values(env_file) if env_file and env_file.exists()
                                else {}).items() if v}
    values.update({k: v for k, v in os.environ.items() if v})
    return values


def shown(name: str, value: str) -> str:
    return value if name in NOT_SECRET else "***"


def shell_exports(values: dict[str, str]) -> str:
    """`export NAME=<quoted>` for deploy.sh's own settings (eval'd by deploy.sh)."""
    return "\n".join(f"export {name}={shlex.quote(values[name])}"
                     for name in DEPLOY_SETTINGS if name in values)


def function_env(values: dict[str, str]) -> dict[str, str]:
    missing = [name for name in FUNCTION_REQUIRED if name not in values]
    if missing:
        raise DeployError(f"set {', '.join(missing)} in .env or the environment "
                          "(see .env.example)")
    return {name: values[name] for name in (*FUNCTION_REQUIRED, *FUNCTION_OPTIONAL)
            if name in values}


def write_private(path: Path, data: object) -> None:
    """JSON (which gcloud reads as YAML) in a file only this user may read."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        json.dump(data, out)


def job_headers(values: dict[str, str]) -> dict[str, str]:
    token = values.get("JOB_TOKEN")
    if not token:
        raise DeployError("set JOB_TOKEN: Cloud Scheduler sends it to the jobs function")
    return {"X-Job-Token": token, "Content-Type": "application/json"}


def scheduler_jobs(conn: psycopg.Connection) -> list[tuple[str, str]] | None:
    """(job, cron) of each job Cloud Scheduler must fire; None before the schedule exists."""
    if conn.execute("select to_regprocedure('app.scheduled_jobs()')").fetchone()[0] is None:
        return None
    return [(job, cron) for job, cron in conn.execute(
        "select job, schedule from app.scheduled_jobs() where runner = 'scheduler' order by 1")]


def buckets(conn: psycopg.Connection) -> list[str]:
    if conn.execute("select to_regclass('storage.buckets')").fetchone()[0] is None:
        return []
    return [r[0] for r in conn.execute("select id from storage.buckets order by 1")]
