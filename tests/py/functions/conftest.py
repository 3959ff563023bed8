"""Fixtures for the Python functions: a database of their own on this run's cluster (only the
Supabase bootstrap plus stand_ins.sql, not the project's migrations), the function settings in
the environment, and functions-framework test clients built from functions/main.py."""

from __future__ import annotations

import os
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import jwt
import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import make_conninfo

from samia_cli import migrator
from samia_cli.testserver import authenticator_dsn

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
FUNCTIONS_DIR = ROOT / "functions"
MAIN = FUNCTIONS_DIR / "main.py"
# functions-framework puts functions/ on sys.path when it loads main.py; the tests import the
# package before that (and an editable install made before the package existed misses it).
if str(FUNCTIONS_DIR) not in sys.path:
    sys.path.append(str(FUNCTIONS_DIR))

SECRET = "functions-test-secret-with-more-than-32-characters"
JOB_TOKEN = "functions-test-job-token-with-32-or-more-chars"
SETTINGS_VARS = ("FUNCTIONS_DB_DSN", "JWT_SECRET", "JOB_TOKEN")
JOB_RUNNER_SQL = ("job_lock_key.sql", "record_job_run.sql", "record_job_step.sql", "run_job.sql")


@pytest.fixture(scope="session")
def fn_admin_dsn(cluster_dsn: str) -> str:
    """Superuser DSN of a fresh database with the bootstrap and the stand-ins."""
    name = f"samia_functions_{os.getpid()}"
    with psycopg.connect(cluster_dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("drop database if exists {} with (force)").format(
            sql.Identifier(name)))
        conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    dsn = make_conninfo(cluster_dsn, dbname=name)
    with migrator.connect(dsn) as conn:
        migrator.apply_bootstrap(conn)
        conn.execute((HERE / "stand_ins.sql").read_text())
        # the real job runner (app.run_job and the run record), from the repository
        for path in (*sorted(ROOT.glob("supabase/migrations/*_job_runs.sql")),
                     *(ROOT / "sql" / "app" / f for f in JOB_RUNNER_SQL)):
            conn.execute(path.read_text())
    return dsn


def _reset_function_state() -> None:
    from samia_functions import db
    from samia_functions.settings import get_settings

    get_settings.cache_clear()
    db.close_pool()


@pytest.fixture
def fn_env(monkeypatch: pytest.MonkeyPatch, fn_admin_dsn: str) -> Iterator[pytest.MonkeyPatch]:
    """The function settings for the stand-in database; yields monkeypatch to change them."""
    monkeypatch.setenv("FUNCTIONS_DB_DSN", authenticator_dsn(fn_admin_dsn))
    monkeypatch.setenv("JWT_SECRET", SECRET)
    monkeypatch.setenv("JOB_TOKEN", JOB_TOKEN)
    _reset_function_state()
    yield monkeypatch
    _reset_function_state()


@pytest.fixture
def client_for(fn_env: pytest.MonkeyPatch) -> Callable:
    """A functions-framework test client for one entry point of functions/main.py."""
    import functions_framework

    def make(target: str):
        return functions_framework.create_app(target=target, source=str(MAIN)).test_client()

    return make


def mint(secret: str = SECRET, **claims) -> str:
    """An HS256 token shaped like Supabase Auth's; a claim set to None is left out."""
    now = int(time.time())
    payload = {"sub": str(uuid.uuid4()), "aud": "authenticated", "role": "authenticated",
               "iat": now, "exp": now + 3600, **claims}
    return jwt.encode({k: v for k, v in payload.items() if v is not None}, secret,
                      algorithm="HS256")


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
