"""deploy.sh: the database through the same migrator, functions through gcloud, secrets masked."""

from __future__ import annotations

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


@pytest.fixture
def fake_gcloud(tmp_path: Path) -> Path:
    """A stand-in `gcloud` on PATH that records its arguments (no cloud is reachable here)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "gcloud"
    script.write_text(f'#!/bin/sh\necho "$@" >> {tmp_path / "gcloud.log"}\n')
    script.chmod(0o755)
    return tmp_path


def deploy(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([shutil.which("bash"), str(ROOT / "deploy.sh"), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def tools(tmp_path: Path) -> Path:
    """A PATH with only the tools deploy.sh uses, so a gcloud installed here stays out of it."""
    bin_dir = tmp_path / "tools"
    bin_dir.mkdir()
    for tool in ("sed", "python3", "sh"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    return bin_dir


def base_env(dsn: str | None, tools: Path, gcloud: Path | None = None) -> dict:
    # none of deploy.sh's own settings leak in from this process (the test gateway sets
    # SUPABASE_URL and friends for the in-process functions): each test passes what it means
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GCP_", "JOB_TOKEN", "CORS_", "REQUEST_BODY_", "TWILIO_",
                                "SUPABASE_", "MEDIA_UPLOAD_", "DEEPCONF_"))}
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


def test_deploys_database_then_functions(target_dsn: str, tools: Path,
                                         fake_gcloud: Path) -> None:
    env = base_env(target_dsn, tools, fake_gcloud / "bin")
    env.update(GCP_PROJECT="samia-prod", GCP_REGION="europe-west1", JWT_SECRET=SECRET,
               FUNCTIONS_DB_DSN="postgresql://fn:pw@db.example/postgres",
               SUPABASE_URL="https://ref.supabase.co", SUPABASE_ANON_KEY="anon-key-value")
    dry = deploy("--dry-run", env=env)
    assert dry.returncode == 0, dry.stderr
    assert SECRET not in dry.stdout and "JWT_SECRET=***" in dry.stdout
    assert not (fake_gcloud / "gcloud.log").exists()

    result = deploy(env=env)
    assert result.returncode == 0, result.stderr
    with migrator.connect(target_dsn) as conn:
        assert migrator.status(conn, ROOT).clean
    calls = (fake_gcloud / "gcloud.log").read_text().splitlines()
    deployed = sorted(line.split()[2] for line in calls)
    listed = CliRunner().invoke(samia, ["functions", "list"], env={"SAMIA_ROOT": str(ROOT)})
    assert listed.exit_code == 0, listed.output
    functions = listed.output.split()
    assert deployed == sorted(functions) and "whoami" in deployed
    assert all(f"JWT_SECRET={SECRET}" in line and "--entry-point" in line for line in calls)
    # the media functions reach Storage with these; the dry run masks them like the rest
    assert all("SUPABASE_URL=https://ref.supabase.co" in line
               and "SUPABASE_ANON_KEY=anon-key-value" in line for line in calls)
    assert "anon-key-value" not in dry.stdout and "SUPABASE_ANON_KEY=***" in dry.stdout


def gcloud_env_vars(line: str) -> dict[str, str]:
    """The --set-env-vars of a logged gcloud call, split as gcloud does (`^DELIM^` prefix)."""
    value = line.split("--set-env-vars ", 1)[1]
    assert value.startswith("^")
    delim, _, items = value[1:].partition("^")
    return dict(item.split("=", 1) for item in items.split(delim))


def test_cors_origins_and_body_limit_reach_the_functions(target_dsn: str, tools: Path,
                                                          fake_gcloud: Path) -> None:
    origins = "https://app.example,https://admin.example"
    env = base_env(target_dsn, tools, fake_gcloud / "bin")
    env.update(GCP_PROJECT="samia-prod", GCP_REGION="europe-west1", JWT_SECRET=SECRET,
               FUNCTIONS_DB_DSN="postgresql://fn:p,w@db.example/postgres",
               CORS_ALLOWED_ORIGINS=origins, REQUEST_BODY_MAX_BYTES="262144")
    dry = deploy("--dry-run", env=env)
    assert dry.returncode == 0, dry.stderr
    shown = gcloud_env_vars(next(line for line in dry.stdout.splitlines()
                                 if line.startswith("would run: gcloud")))
    assert shown["CORS_ALLOWED_ORIGINS"] == origins and shown["JWT_SECRET"] == "***"
    assert "CORS_ALLOWED_ORIGINS is not set" not in dry.stderr

    result = deploy(env=env)
    assert result.returncode == 0, result.stderr
    for line in (fake_gcloud / "gcloud.log").read_text().splitlines():
        assert gcloud_env_vars(line) == {
            "FUNCTIONS_DB_DSN": "postgresql://fn:p,w@db.example/postgres",
            "JWT_SECRET": SECRET, "CORS_ALLOWED_ORIGINS": origins,
            "REQUEST_BODY_MAX_BYTES": "262144"}

    env.pop("CORS_ALLOWED_ORIGINS")
    dry = deploy("--dry-run", env=env)
    assert "CORS_ALLOWED_ORIGINS is not set" in dry.stderr


def test_without_gcloud_the_database_is_still_deployed(target_dsn: str, tools: Path) -> None:
    result = deploy(env=base_env(target_dsn, tools))
    assert result.returncode == 3 and "gcloud is not installed" in result.stderr
    assert applied_versions(target_dsn) != []
