"""deploy.sh: the database through the same migrator, functions through gcloud, secrets masked."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from samia_cli import migrator
from samia_cli.cli import main as samia
from samia_cli.testdb import with_dbname

ROOT = Path(__file__).resolve().parents[2]
SECRET = "a-very-secret-jwt-secret-with-more-than-32-chars"
JOB_TOKEN = "a-job-token-of-more-than-32-characters-xyz"


@pytest.fixture
def target_dsn(cluster_dsn: str):
    """An empty database with what a Supabase project already has (the bootstrap)."""
    name = f"deploy_{uuid.uuid4().hex[:12]}"
    with migrator.connect(cluster_dsn) as conn:
        conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    dsn = with_dbname(cluster_dsn, name)
    with migrator.connect(dsn) as conn:
        migrator.apply_bootstrap(conn)
    yield dsn
    with migrator.connect(cluster_dsn) as conn:
        conn.execute(sql.SQL("drop database {} with (force)").format(sql.Identifier(name)))


FAKE_GCLOUD = """#!/bin/sh
# records each call, one line of arguments, and the files it was given
echo "$@" >> "{log}"
for arg in "$@"; do
    case "$prev" in
        --env-vars-file|--flags-file) cat "$arg" >> "{files}"; echo >> "{files}" ;;
    esac
    prev=$arg
done
case "$1 $2 $3" in
    "functions describe jobs") echo "https://jobs-abc.a.run.app" ;;
    "scheduler jobs describe") exit 1 ;;
    "scheduler jobs list") echo "samia-purge_old"; echo "samia-retired_job"; echo "not-ours" ;;
esac
"""


@pytest.fixture
def fake_gcloud(tmp_path: Path) -> Path:
    """A stand-in `gcloud` on PATH that records its arguments and the files it reads (no cloud
    is reachable here); it knows the jobs function's URL and one retired Scheduler job."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "gcloud"
    script.write_text(FAKE_GCLOUD.format(log=tmp_path / "gcloud.log",
                                         files=tmp_path / "gcloud-files.log"))
    script.chmod(0o755)
    return tmp_path


def deploy(*args: str, env: dict, env_file: Path | None = None) -> subprocess.CompletedProcess:
    file_args = ["--env-file", str(env_file)] if env_file else ["--env-file", "/nonexistent.env"]
    return subprocess.run([shutil.which("bash"), str(ROOT / "deploy.sh"), *args, *file_args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def tools(tmp_path: Path) -> Path:
    """A PATH with only the tools deploy.sh uses, so a gcloud installed here stays out of it."""
    bin_dir = tmp_path / "tools"
    bin_dir.mkdir()
    for tool in ("sed", "python3", "sh", "mktemp", "rm", "cat"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    return bin_dir


def base_env(dsn: str | None, tools: Path, gcloud: Path | None = None) -> dict:
    # none of deploy.sh's own settings leak in from this process (the test gateway sets
    # SUPABASE_URL and friends for the in-process functions): each test passes what it means
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GCP_", "JOB_TOKEN", "CORS_", "REQUEST_BODY_", "TWILIO_",
                                "SUPABASE_", "MEDIA_UPLOAD_", "DEEPCONF_", "SEMANTIC_",
                                "JWT_SECRET", "FUNCTIONS_DB_DSN"))}
    env.pop("DB_DSN", None)
    # the Python running these tests has the project installed: deploy.sh uses it, so the
    # tests neither need nor create .venv
    env["SAMIA_PYTHON"] = sys.executable
    env["PATH"] = ":".join(([str(gcloud)] if gcloud else []) + [str(tools)])
    if dsn:
        env["DB_DSN"] = dsn
    return env


def applied_versions(dsn: str) -> list[str]:
    with migrator.connect(dsn) as conn:
        if conn.execute("select to_regclass('supabase_migrations.schema_migrations')"
                        ).fetchone()[0] is None:
            return []
        return [r[0] for r in conn.execute(
            "select version from supabase_migrations.schema_migrations")]


def test_requires_db_dsn(tools: Path) -> None:
    result = deploy(env=base_env(None, tools))
    assert result.returncode == 2 and "DB_DSN is not set" in result.stderr


def test_dry_run_changes_nothing_and_names_missing_gcloud(target_dsn: str, tools: Path) -> None:
    result = deploy("--dry-run", env=base_env(target_dsn, tools))
    assert result.returncode == 0, result.stderr
    assert "pending" in result.stdout and "would run: samia db migrate" in result.stdout
    assert "gcloud is not installed" in result.stderr
    assert applied_versions(target_dsn) == []
    password = conninfo_to_dict(target_dsn)["password"]
    assert password not in result.stdout + result.stderr


def write_env_file(path: Path, values: dict[str, str]) -> Path:
    path.write_text("".join(f"{k}='{v}'\n" for k, v in values.items()))
    return path


def test_deploys_database_functions_and_scheduler_from_the_env_file(
        target_dsn: str, tools: Path, fake_gcloud: Path, tmp_path: Path) -> None:
    settings = {"GCP_PROJECT": "samia-prod", "GCP_REGION": "europe-west1", "JWT_SECRET": SECRET,
                "FUNCTIONS_DB_DSN": "postgresql://fn:p,w@db.example/postgres",
                "JOB_TOKEN": JOB_TOKEN, "SUPABASE_URL": "https://ref.supabase.co",
                "SUPABASE_ANON_KEY": "anon-key-value",
                "CORS_ALLOWED_ORIGINS": "https://app.example,https://admin.example"}
    env_file = write_env_file(tmp_path / "prod.env", settings)
    env = base_env(target_dsn, tools, fake_gcloud / "bin")
    log, files = fake_gcloud / "gcloud.log", fake_gcloud / "gcloud-files.log"

    dry = deploy("--dry-run", env=env, env_file=env_file)
    assert dry.returncode == 0, dry.stderr
    assert not log.exists() and applied_versions(target_dsn) == []
    for secret in (SECRET, JOB_TOKEN, "anon-key-value", "p,w"):
        assert secret not in dry.stdout + dry.stderr
    assert "JWT_SECRET=***" in dry.stdout and "SUPABASE_ANON_KEY=***" in dry.stdout
    assert "CORS_ALLOWED_ORIGINS=https://app.example,https://admin.example" in dry.stdout
    for step in ("== 1. database", "would run: samia db migrate", "== 2. storage buckets",
                 "would run: gcloud functions deploy whoami", "== 4. scheduler jobs"):
        assert step in dry.stdout, step

    result = deploy(env=env, env_file=env_file)
    assert result.returncode == 0, result.stderr
    with migrator.connect(target_dsn) as conn:
        assert migrator.status(conn, ROOT).clean
        declared = conn.execute("select job, schedule from app.jobs_schedule() order by 1"
                                ).fetchall()
    calls = log.read_text().splitlines()
    # no secret ever reaches a command line
    for secret in (SECRET, JOB_TOKEN, "anon-key-value", "p,w"):
        assert not any(secret in line for line in calls)
    deployed = sorted(line.split()[2] for line in calls if line.startswith("functions deploy"))
    listed = CliRunner().invoke(samia, ["functions", "list"], env={"SAMIA_ROOT": str(ROOT)})
    assert deployed == sorted(listed.output.split()) and "jobs" in deployed
    assert all("--env-vars-file" in line for line in calls if line.startswith("functions deploy"))
    given = [json.loads(line) for line in files.read_text().splitlines() if line]
    expected_env = {k: v for k, v in settings.items() if not k.startswith("GCP_")}
    assert [g for g in given if "JWT_SECRET" in g] == [expected_env] * len(deployed)
    # one Scheduler job per declared job (no pg_cron here), each with the token in its file
    created = [line for line in calls if line.startswith("scheduler jobs create http")]
    assert sorted(line.split()[4] for line in created) == [f"samia-{job}" for job, _ in declared]
    for job, cron in declared:
        line = next(c for c in created if f"samia-{job} " in c)
        assert f"--schedule {cron} " in line and "--uri https://jobs-abc.a.run.app" in line
        assert f'--message-body {{"job": "{job}"}}' in line and "--flags-file" in line
    assert [g for g in given if "--headers" in g] == [
        {"--headers": {"X-Job-Token": JOB_TOKEN, "Content-Type": "application/json"}}
    ] * len(declared)
    # a Scheduler job no longer declared goes; others' jobs stay
    deleted = [line.split()[3] for line in calls if line.startswith("scheduler jobs delete")]
    assert deleted == ["samia-retired_job"]


def test_cors_warning_and_missing_settings(target_dsn: str, tools: Path, fake_gcloud: Path,
                                           tmp_path: Path) -> None:
    env = base_env(target_dsn, tools, fake_gcloud / "bin")
    env.update(GCP_PROJECT="samia-prod", GCP_REGION="europe-west1")
    missing = deploy("--dry-run", env=env)
    assert missing.returncode == 2 and "FUNCTIONS_DB_DSN, JWT_SECRET" in missing.stderr
    env_file = write_env_file(tmp_path / "x.env", {"JWT_SECRET": SECRET,
                                                   "FUNCTIONS_DB_DSN": "postgresql://fn@db/x"})
    dry = deploy("--dry-run", env=env, env_file=env_file)
    assert dry.returncode == 0 and "CORS_ALLOWED_ORIGINS is not set" in dry.stderr
    # the environment wins over the file
    env["CORS_ALLOWED_ORIGINS"] = "https://app.example"
    dry = deploy("--dry-run", env=env, env_file=env_file)
    assert "CORS_ALLOWED_ORIGINS=https://app.example" in dry.stdout
    assert "CORS_ALLOWED_ORIGINS is not set" not in dry.stderr


def test_without_gcloud_the_database_is_still_deployed(target_dsn: str, tools: Path) -> None:
    result = deploy(env=base_env(target_dsn, tools))
    assert result.returncode == 3 and "gcloud is not installed" in result.stderr
    assert applied_versions(target_dsn) != []
