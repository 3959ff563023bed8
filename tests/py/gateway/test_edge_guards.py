"""The gateway's edge guards: hostile bodies, paths, queries and headers get a 4xx with a code
(the same table the functions face), bodies are limited, errors are JSON, every answer carries
a plain X-Request-Id, and long input is never echoed whole."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator

import httpx
import psycopg
import pytest
from edge_attacks import ATTACKS, JSON, ONE_MIB, OVERSIZED, Attack, assert_json_error
from werkzeug.exceptions import NotFound, RequestEntityTooLarge
from werkzeug.test import Client

from samia_cli.gateway import create_app
from samia_functions.postgrest.errors import MAX_ECHO_CHARS, from_pg_error

from .conftest import SECRET

ENDPOINT = "/rest/v1/rpc/gw_json_arg"


@pytest.fixture(scope="module")
def gateway(gw_dsn: str) -> Iterator[Client]:
    app = create_app(gw_dsn, SECRET)
    yield Client(app, use_cookies=False)  # a cookie jar would replace the Cookie header
    app.close()


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda a: a.name)
def test_hostile_requests_get_a_4xx_with_a_code(gateway: Client, attack: Attack):
    r = gateway.open(**attack.request(ENDPOINT, {}))
    assert_json_error(r, *attack.gateway)
    assert re.fullmatch(r"[A-Za-z0-9._-]{1,64}", r.headers["X-Request-Id"])


def test_json_as_deep_as_allowed_still_reaches_the_database(gateway: Client):
    body = b'{"a": ' + b"[" * 99 + b"]" * 99 + b"}"  # 100 levels
    r = gateway.post(ENDPOINT, data=body, headers={"Content-Type": JSON})
    assert r.status_code == 200, r.get_data(as_text=True)
    assert r.get_json() == json.loads(body)


def test_a_nul_in_a_function_name_never_reaches_the_database(gateway: Client):
    r = gateway.get("/rest/v1/rpc/gw_add%00?a=1&b=2")
    assert assert_json_error(r, 400, "22021")["details"] == "A NUL byte in the path"


def test_the_body_limit_is_configurable(gw_dsn: str, monkeypatch: pytest.MonkeyPatch):
    small = create_app(gw_dsn, SECRET, max_body_bytes=64)
    try:
        r = Client(small).post("/rest/v1/rpc/gw_add", json={"a": 1, "b": 2, "c": "x" * 64})
        body = assert_json_error(r, 413, "RQTLG")
        assert body["details"] == {"max_bytes": 64}
        ok = Client(small).post("/rest/v1/rpc/gw_add", json={"a": 1, "b": 2})
        assert (ok.status_code, ok.get_json()) == (200, 3)
    finally:
        small.close()
    monkeypatch.setenv("REQUEST_BODY_MAX_BYTES", "10")
    from_env = create_app(gw_dsn, SECRET)
    try:
        assert_json_error(Client(from_env).post("/rest/v1/rpc/gw_add", json={"a": 1, "b": 2}),
                          413, "RQTLG")
    finally:
        from_env.close()
    monkeypatch.setenv("REQUEST_BODY_MAX_BYTES", "1MB")
    with pytest.raises(ValueError, match="REQUEST_BODY_MAX_BYTES"):
        create_app(gw_dsn, SECRET)


def test_oversized_bodies_over_a_real_socket_are_413_with_cors(http: httpx.Client):
    headers = {"Content-Type": JSON, "Origin": "http://app.test"}
    r = http.post(ENDPOINT, content=OVERSIZED, headers=headers)
    assert (r.status_code, r.json()["code"]) == (413, "RQTLG")
    assert r.headers["access-control-allow-origin"] == "http://app.test"

    def chunks() -> Iterator[bytes]:  # no Content-Length: httpx sends it chunked
        for _ in range(2 * ONE_MIB // 65536 + 1):
            yield b"x" * 65536

    r = http.post(ENDPOINT, content=chunks(), headers=headers)
    assert (r.status_code, r.json()["code"]) == (413, "RQTLG")
    ok = http.post("/rest/v1/rpc/gw_add", content=iter([b'{"a": 1,', b' "b": 2}']),
                   headers={"Content-Type": JSON})
    assert (ok.status_code, ok.json()) == (200, 3)


@pytest.mark.parametrize(("method", "path", "status", "code"), [
    ("GET", "/nowhere", 404, "RTNFD"),
    ("POST", "/", 404, "RTNFD"),
    ("GET", "/rest/v1/some_table", 404, "PGRST125"),
    ("PUT", "/rest/v1/rpc/gw_add", 405, "PGRST101"),
    ("DELETE", "/rest/v1/rpc/gw_add", 405, "PGRST101"),
    ("GET", "/rest/v1/rpc/gw_missing", 404, "PGRST202"),
])
def test_unknown_paths_and_wrong_methods_are_json(gateway: Client, method, path, status, code):
    assert_json_error(gateway.open(path, method=method), status, code)


@pytest.mark.parametrize(("raised", "status", "code"), [
    (RuntimeError("secret internals"), 500, "INERR"),
    (RequestEntityTooLarge("secret internals"), 413, "RQTLG"),
    (NotFound("secret internals"), 404, "RTNFD"),
])
def test_failures_inside_the_gateway_are_json_and_leak_nothing(gw_dsn: str, raised, status,
                                                               code):
    app = create_app(gw_dsn, SECRET)

    class Broken:
        def identify(self, headers):
            raise raised

    app.auth = Broken()
    try:
        r = Client(app).post("/rest/v1/rpc/gw_add", json={"a": 1, "b": 2})
        assert_json_error(r, status, code)
        assert "secret" not in r.get_data(as_text=True)
        assert r.headers["X-Request-Id"]
    finally:
        app.close()


@pytest.mark.parametrize("presented", [
    "x" * 65, "has space", 'quote"d', "semi;colon", "ünicode", "", "a/b", "<script>",
])
def test_an_unplain_request_id_is_replaced_by_a_uuid(gateway: Client, presented: str):
    r = gateway.get("/rest/v1/rpc/gw_whoami", headers={"X-Request-Id": presented})
    assert r.status_code == 200
    rid = r.headers["X-Request-Id"]
    assert str(uuid.UUID(rid, version=4)) == rid
    assert r.get_json()["headers"]["x-request-id"] == rid  # what the database (audit) reads


@pytest.mark.parametrize("presented", ["req-1", "A.b_c-9", "x" * 64])
def test_a_plain_request_id_is_kept_and_recorded(gateway: Client, presented: str):
    r = gateway.get("/rest/v1/rpc/gw_whoami", headers={"X-Request-Id": presented})
    assert r.headers.getlist("X-Request-Id") == [presented]
    assert r.get_json()["headers"]["x-request-id"] == presented


@pytest.mark.parametrize(("method", "path", "headers"), [
    ("GET", "/health", {}),
    ("GET", "/nowhere", {}),
    ("OPTIONS", "/rest/v1/rpc/gw_add", {"Origin": "http://a.test",
                                        "Access-Control-Request-Method": "POST"}),
    ("GET", "/functions/v1/none", {}),
    ("POST", "/rest/v1/rpc/gw_add", {"Content-Type": "application/json"}),
])
def test_every_answer_carries_one_request_id(gateway: Client, method, path, headers):
    r = gateway.open(path, method=method, headers=headers)
    assert len(r.headers.getlist("X-Request-Id")) == 1


def test_errors_never_echo_long_input(gateway: Client):
    r = gateway.get("/rest/v1/rpc/gw_add", query_string={"a": "x" * 5000, "b": "1"})
    body = assert_json_error(r, 400, "22P02")
    assert len(body["message"]) <= MAX_ECHO_CHARS + 3
    r = gateway.get("/rest/v1/rpc/" + "f" * 5000)
    body = assert_json_error(r, 404, "PGRST202")
    assert len(r.get_data()) < 2000


def test_psycopgs_own_refusal_of_a_nul_is_400_not_503():
    error = from_pg_error(psycopg.DataError("PostgreSQL text fields cannot contain NUL (0x00) "
                                            "bytes"), authed=False)
    assert (error.status, error.code) == (400, "22021")
    broken = from_pg_error(psycopg.OperationalError("server closed the connection"), authed=False)
    assert (broken.status, broken.code) == (503, "PGRST001")
