"""The deployed functions' edge guards, through functions-framework's own test client (as they
run once deployed): hostile requests get a 4xx with a code (the table the gateway faces too),
bodies are limited, every error is JSON, request ids are plain, and CORS is answered from
CORS_ALLOWED_ORIGINS without the dev gateway doubling anything."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

import functions_framework
import pytest
from edge_attacks import ATTACKS, OVERSIZED, Attack, assert_json_error
from werkzeug.test import Client

from samia_cli.gateway import create_app
from samia_functions.postgrest.errors import MAX_ECHO_CHARS

from .conftest import JOB_TOKEN, MAIN, SECRET, authenticator_dsn, bearer, mint

REQUIRED_ALLOW_HEADERS = ("authorization", "apikey", "content-type", "x-client-info",
                          "x-request-id")


@pytest.fixture
def app_for(fn_env: pytest.MonkeyPatch) -> Callable:
    """A test client without a cookie jar (which would replace a Cookie header)."""
    def make(target: str):
        return functions_framework.create_app(target=target, source=str(MAIN)).test_client(
            use_cookies=False)
    return make


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda a: a.name)
def test_hostile_requests_get_a_4xx_with_a_code(app_for, attack: Attack):
    r = app_for("jobs").open(**attack.request("/", {"X-Job-Token": JOB_TOKEN}))
    assert_json_error(r, *attack.functions)
    assert re.fullmatch(r"[A-Za-z0-9._-]{1,64}", r.headers["X-Request-Id"])


def test_the_body_limit_is_a_setting(app_for, fn_env: pytest.MonkeyPatch):
    fn_env.setenv("REQUEST_BODY_MAX_BYTES", "64")
    jobs = app_for("jobs")
    r = jobs.post("/", json={"job": "ping", "pad": "x" * 64}, headers={"X-Job-Token": JOB_TOKEN})
    assert assert_json_error(r, 413, "RQTLG")["details"] == {"max_bytes": 64}
    r = jobs.post("/", json={"job": "noop"}, headers={"X-Job-Token": JOB_TOKEN})
    assert r.status_code == 200
    fn_env.setenv("REQUEST_BODY_MAX_BYTES", "lots")
    r = jobs.post("/", json={"job": "noop"}, headers={"X-Job-Token": JOB_TOKEN})
    assert assert_json_error(r, 503, "CFGMS")["details"] == {"invalid": ["REQUEST_BODY_MAX_BYTES"]}


@pytest.mark.parametrize(("target", "method", "path", "status", "code"), [
    ("whoami", "GET", "/favicon.ico", 404, "RTNFD"),
    ("whoami", "GET", "/robots.txt", 404, "RTNFD"),
    ("whoami", "POST", "/", 405, "MTHNA"),
    ("jobs", "GET", "/", 405, "MTHNA"),
    ("jobs", "PATCH", "/any/sub/path", 405, "MTHNA"),
    ("whoami", "GET", "/", 401, "AUTRQ"),
])
def test_unknown_paths_and_wrong_methods_are_json(app_for, target, method, path, status, code):
    assert_json_error(app_for(target).open(path, method=method), status, code)


def test_an_unexpected_failure_is_a_json_500_that_leaks_nothing(app_for, monkeypatch):
    from samia_functions import jobs

    def broken(name):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(jobs, "run_job", broken)
    r = app_for("jobs").post("/", json={"job": "ping"}, headers={"X-Job-Token": JOB_TOKEN})
    assert_json_error(r, 500, "INERR")
    assert "secret" not in r.get_data(as_text=True)


def test_errors_never_echo_long_input(app_for):
    r = app_for("jobs").post("/", json={"job": "X" * 5000}, headers={"X-Job-Token": JOB_TOKEN})
    body = assert_json_error(r, 400, "BADRQ")
    assert len(body["details"]["job"]) <= MAX_ECHO_CHARS + 3
    assert len(r.get_data()) < 1000


def run_request_id_job(client, presented: str | None):
    headers = {"X-Job-Token": JOB_TOKEN}
    if presented is not None:
        headers["X-Request-Id"] = presented
    r = client.post("/", json={"job": "request_id"}, headers=headers)
    assert r.status_code == 200, r.get_data(as_text=True)
    return r.headers.getlist("X-Request-Id"), r.get_json()["result"]


@pytest.mark.parametrize("presented", ["x" * 65, "has space", "quote\"d", "ünicode", "", None])
def test_an_unplain_request_id_is_replaced_in_the_answer_and_the_database(app_for, presented):
    answered, recorded = run_request_id_job(app_for("jobs"), presented)
    assert len(answered) == 1 and str(uuid.UUID(answered[0], version=4)) == answered[0]
    assert recorded == answered[0]


def test_a_plain_request_id_is_kept_in_the_answer_and_the_database(app_for):
    assert run_request_id_job(app_for("jobs"), "req-42.a_b") == (["req-42.a_b"], "req-42.a_b")


# -- CORS -----------------------------------------------------------------------------------
def preflight(client, origin: str):
    return client.options("/", headers={"Origin": origin, "Access-Control-Request-Method": "POST",
                                        "Access-Control-Request-Headers": "authorization"})


@pytest.mark.parametrize("target", ["whoami", "jobs", "verify_phone_start"])
def test_preflights_are_answered_for_a_listed_origin(app_for, fn_env, target):
    fn_env.setenv("CORS_ALLOWED_ORIGINS", "https://app.example, https://admin.example")
    r = preflight(app_for(target), "https://admin.example")
    assert r.status_code == 200 and r.get_data() == b""
    assert r.headers["Access-Control-Allow-Origin"] == "https://admin.example"
    assert "Origin" in r.headers["Vary"]
    allowed = [h.strip() for h in r.headers["Access-Control-Allow-Headers"].split(",")]
    assert all(h in allowed for h in REQUIRED_ALLOW_HEADERS)
    assert "POST" in r.headers["Access-Control-Allow-Methods"]
    assert int(r.headers["Access-Control-Max-Age"]) > 0
    assert r.headers["X-Request-Id"]


def test_an_origin_not_listed_gets_no_allow_origin(app_for, fn_env):
    fn_env.setenv("CORS_ALLOWED_ORIGINS", "https://app.example")
    whoami = app_for("whoami")
    r = preflight(whoami, "https://evil.example")
    assert "Access-Control-Allow-Origin" not in r.headers
    assert "Access-Control-Allow-Methods" not in r.headers
    r = whoami.get("/", headers={"Origin": "https://evil.example"})
    assert_json_error(r, 401, "AUTRQ")
    assert "Access-Control-Allow-Origin" not in r.headers


def test_every_answer_carries_cors_headers(app_for, fn_env):
    fn_env.setenv("CORS_ALLOWED_ORIGINS", "https://app.example")
    whoami = app_for("whoami")
    origin = {"Origin": "https://app.example"}
    ok = whoami.get("/", headers={**origin, **bearer(mint(sub=str(uuid.uuid4())))})
    refused = whoami.get("/", headers=origin)
    missing = whoami.get("/favicon.ico", headers=origin)
    too_large = whoami.post("/", data=OVERSIZED, headers=origin)
    for r in (ok, refused, missing, too_large):
        assert r.headers.getlist("Access-Control-Allow-Origin") == ["https://app.example"]
        assert "X-Request-Id" in r.headers["Access-Control-Expose-Headers"]
    assert [r.status_code for r in (ok, refused, missing, too_large)] == [200, 401, 404, 413]


def test_any_origin_by_default(app_for, fn_env):
    fn_env.delenv("CORS_ALLOWED_ORIGINS", raising=False)
    r = preflight(app_for("jobs"), "https://anywhere.example")
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in r.headers


def test_the_gateway_does_not_double_the_functions_headers(fn_env, fn_admin_dsn):
    fn_env.setenv("CORS_ALLOWED_ORIGINS", "https://app.example")
    app = create_app(authenticator_dsn(fn_admin_dsn), SECRET, functions_source=MAIN)
    try:
        r = Client(app).get("/functions/v1/whoami", headers={
            "Origin": "https://app.example", "X-Request-Id": "through-gateway"})
        assert_json_error(r, 401, "AUTRQ")
        assert r.headers.getlist("Access-Control-Allow-Origin") == ["https://app.example"]
        assert len(r.headers.getlist("Access-Control-Expose-Headers")) == 1
        assert r.headers.getlist("X-Request-Id") == ["through-gateway"]
    finally:
        app.close()
