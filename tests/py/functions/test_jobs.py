"""jobs: X-Job-Token, then app.run_job(<name>) as service_role; nothing else gets near SQL."""

from __future__ import annotations

import psycopg
import pytest

from .conftest import JOB_TOKEN


@pytest.fixture
def jobs(client_for):
    return client_for("jobs")


def run(client, job, token: str | None = JOB_TOKEN):
    headers = {"X-Job-Token": token} if token is not None else {}
    return client.post("/", json={"job": job}, headers=headers)


def test_a_real_job_runs_as_service_role_and_commits(jobs, fn_admin_dsn):
    r = run(jobs, "ping")
    assert r.status_code == 200, r.get_data(as_text=True)
    body = r.get_json()
    assert (body["job"], body["status"], body["error"]) == ("ping", "succeeded", None)
    assert body["result"]["pong"] is True and body["result"]["ran_as"] == "service_role"
    with psycopg.connect(fn_admin_dsn) as conn:
        committed = conn.execute("select ran_as from app.test_job_runs where id = %s",
                                 (body["result"]["run"],)).fetchone()
        recorded = conn.execute("select job, runner, status, result from app.job_runs "
                                "where id = %s", (body["run_id"],)).fetchone()
    assert committed == ("service_role",)
    assert recorded == ("ping", "scheduler", "succeeded", body["result"])


def test_a_job_returning_nothing_answers_null(jobs):
    r = run(jobs, "noop")
    assert r.status_code == 200
    body = r.get_json()
    assert (body["job"], body["status"], body["result"]) == ("noop", "succeeded", None)


def runs_of(dsn: str, job: str) -> int:
    with psycopg.connect(dsn) as conn:
        return conn.execute("select count(*) from app.job_runs where job = %s",
                            (job,)).fetchone()[0]


def test_missing_token_is_403_and_runs_nothing(jobs, fn_admin_dsn):
    before = runs_of(fn_admin_dsn, "ping")
    r = run(jobs, "ping", token=None)
    assert (r.status_code, r.get_json()["code"]) == (403, "JOBTK")
    assert runs_of(fn_admin_dsn, "ping") == before


@pytest.mark.parametrize("token", ["", "wrong", JOB_TOKEN + "x", JOB_TOKEN[:-1], "é" * 40])
def test_wrong_token_is_403_and_runs_nothing(jobs, fn_admin_dsn, token):
    before = runs_of(fn_admin_dsn, "ping")
    r = run(jobs, "ping", token=token)
    assert (r.status_code, r.get_json()["code"]) == (403, "JOBTK")
    assert runs_of(fn_admin_dsn, "ping") == before


@pytest.mark.parametrize("value", [None, "short-token"])
def test_unset_or_weak_job_token_fails_closed_with_503(client_for, fn_env, value):
    if value is None:
        fn_env.delenv("JOB_TOKEN")
    else:
        fn_env.setenv("JOB_TOKEN", value)
    r = run(client_for("jobs"), "ping", token=value or "")
    assert r.status_code == 503
    body = r.get_json()
    assert body["code"] == "CFGMS" and "JOB_TOKEN" in body["message"]


@pytest.mark.parametrize("job", ["nope", "with_argument"])
def test_unknown_job_is_404(jobs, job):
    r = run(jobs, job)
    assert r.status_code == 404
    assert r.get_json()["code"] == "JOBNF"


@pytest.mark.parametrize("job", [
    "ping(); drop table app.test_job_runs; --",
    "ping\"; drop table app.test_job_runs; --",
    "ping' or '1'='1",
    "../ping",
    "Ping",
    "ping2",
    "",
    "x" * 60,
    42,
    None,
    ["ping"],
])
def test_invalid_job_names_are_rejected_before_sql(jobs, fn_admin_dsn, job):
    r = run(jobs, job)
    assert r.status_code == 400
    assert r.get_json()["code"] == "BADRQ"
    with psycopg.connect(fn_admin_dsn) as conn:
        assert conn.execute("select to_regclass('app.test_job_runs')").fetchone()[0]


@pytest.mark.parametrize("body", [b"not json", b"[\"ping\"]", b""])
def test_a_body_that_is_not_a_json_object_is_400(jobs, body):
    r = jobs.post("/", data=body, headers={"X-Job-Token": JOB_TOKEN,
                                           "Content-Type": "application/json"})
    assert (r.status_code, r.get_json()["code"]) == (400, "BADRQ")


def test_the_database_grants_decide_which_jobs_may_run(jobs):
    r = run(jobs, "forbidden")
    assert (r.status_code, r.get_json()["code"]) == (403, "42501")


def test_a_job_error_keeps_its_code_and_hint_and_its_run_is_recorded(jobs, fn_admin_dsn):
    before = runs_of(fn_admin_dsn, "fails")
    r = run(jobs, "fails")
    assert r.status_code == 400
    assert r.get_json() == {"code": "TSTJF", "message": "The test job failed", "details": None,
                            "hint": "Expected in tests."}
    with psycopg.connect(fn_admin_dsn) as conn:
        recorded = conn.execute("select status, error from app.job_runs where job = 'fails' "
                                "order by id desc limit 1").fetchone()
    assert runs_of(fn_admin_dsn, "fails") == before + 1
    assert recorded == ("failed", {"code": "TSTJF", "message": "The test job failed",
                                   "detail": None, "hint": "Expected in tests."})


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_wrong_method_is_405(jobs, method):
    r = jobs.open("/", method=method, headers={"X-Job-Token": JOB_TOKEN})
    assert (r.status_code, r.headers["Allow"]) == (405, "POST")
