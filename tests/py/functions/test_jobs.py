"""jobs: X-Job-Token, then app.job_<name>() as service_role; nothing else gets near SQL."""

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
    assert body["job"] == "ping"
    assert body["result"]["pong"] is True and body["result"]["ran_as"] == "service_role"
    with psycopg.connect(fn_admin_dsn) as conn:
        committed = conn.execute("select ran_as from app.test_job_runs where id = %s",
                                 (body["result"]["run"],)).fetchone()
    assert committed == ("service_role",)


def test_a_job_returning_nothing_answers_null(jobs):
    r = run(jobs, "noop")
    assert r.status_code == 200
    assert r.get_json() == {"job": "noop", "result": None}


def test_missing_token_is_403(jobs):
    r = run(jobs, "ping", token=None)
    assert (r.status_code, r.get_json()["code"]) == (403, "JOBTK")


@pytest.mark.parametrize("token", ["", "wrong", JOB_TOKEN + "x", JOB_TOKEN[:-1], "é" * 40])
def test_wrong_token_is_403(jobs, token):
    r = run(jobs, "ping", token=token)
    assert (r.status_code, r.get_json()["code"]) == (403, "JOBTK")


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


def test_a_job_error_keeps_its_code_and_hint(jobs):
    r = run(jobs, "fails")
    assert r.status_code == 400
    assert r.get_json() == {"code": "TSTJF", "message": "The test job failed", "details": None,
                            "hint": "Expected in tests."}


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_wrong_method_is_405(jobs, method):
    r = jobs.open("/", method=method, headers={"X-Job-Token": JOB_TOKEN})
    assert (r.status_code, r.headers["Allow"]) == (405, "POST")
