"""The samia CLI's user, token and job commands against this run's database."""

from __future__ import annotations

import json
import uuid

import jwt
import psycopg
import pytest
from click.testing import CliRunner

from samia_cli.cli import main
from samia_cli.config import LOCAL_JWT_SECRET


@pytest.fixture
def run(database_dsn: str):
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, [*args, "--dsn", database_dsn])

    return invoke


def test_users_create_prints_a_supabase_shaped_token(run, database_dsn: str) -> None:
    email = f"monitor-{uuid.uuid4().hex[:8]}@example.com"
    result = run("users", "create", "--email", email, "--role", "monitor")
    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[-1]
    claims = jwt.decode(token, LOCAL_JWT_SECRET, algorithms=["HS256"], audience="authenticated")
    assert claims["role"] == "authenticated" and claims["email"] == email
    with psycopg.connect(database_dsn) as conn:
        role = conn.execute("select role from app.profiles where id = %s", (claims["sub"],))
        assert role.fetchone()[0] == "monitor"
    again = run("users", "create", "--email", email.upper())
    assert again.exit_code == 1 and "already exists" in again.output
    fresh = run("token", email)
    assert fresh.exit_code == 0
    assert jwt.decode(fresh.stdout.strip().splitlines()[-1], LOCAL_JWT_SECRET,
                      algorithms=["HS256"], audience="authenticated")["sub"] == claims["sub"]


def test_unknown_user_and_bad_role_are_clear_errors(run) -> None:
    missing = run("token", "nobody@example.com")
    assert missing.exit_code == 1 and "users create" in missing.output
    bad = run("users", "create", "--email", "x@example.com", "--role", "wizard")
    assert bad.exit_code == 2 and "wizard" in bad.output


def test_jobs_run_a_job_and_refuse_unknown_names(run, database_dsn: str) -> None:
    with psycopg.connect(database_dsn, autocommit=True) as conn:
        conn.execute("create function app.job_cli_probe() returns jsonb language sql "
                     "as $$ select jsonb_build_object('purged', 3) $$")
    try:
        listed = run("jobs", "list")
        assert "cli_probe" in listed.output.split()
        ran = run("jobs", "run", "cli_probe")
        assert ran.exit_code == 0 and '"purged": 3' in ran.output
        unknown = run("jobs", "run", "drop_everything; --")
        assert unknown.exit_code == 1 and "no job" in unknown.output
    finally:
        with psycopg.connect(database_dsn, autocommit=True) as conn:
            conn.execute("drop function app.job_cli_probe()")


def test_jobs_list_shows_the_schedule_next_runs_and_last_results(run) -> None:
    ran = run("jobs", "run", "purge_audit_log")
    assert ran.exit_code == 0, ran.output
    recorded = json.loads(ran.output)
    assert recorded["status"] == "succeeded" and "deleted" in recorded["result"]
    listed = run("jobs", "list")
    assert listed.exit_code == 0, listed.output
    lines = {line.split()[0]: line for line in listed.output.splitlines()}
    assert {"purge_old", "purge_audit_log", "media_maintenance"} <= set(lines)
    assert "10 0 * * *" in lines["purge_old"] and "00:10 UTC" in lines["purge_old"]
    assert " 01:00 UTC" in lines["media_maintenance"] and "-01 01:00 UTC" in lines[
        "media_maintenance"]
    assert "last succeeded" in lines["purge_audit_log"]
