"""HTTP plumbing: CORS, OPTIONS, transaction modes, health, routing, an unreachable database."""

from __future__ import annotations

import pytest
from werkzeug.test import Client

from samia_cli.gateway import create_app

from .conftest import SECRET, free_port

RPC = "/rest/v1/rpc"


def test_cors_preflight_is_answered_like_postgrest(http):
    r = http.options(f"{RPC}/gw_add", headers={
        "Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "x-custom, authorization"})
    assert r.status_code == 200
    assert r.content == b""
    assert r.headers["access-control-allow-origin"] == "http://localhost:3000"
    assert r.headers["access-control-allow-methods"] == (
        "GET, POST, PATCH, PUT, DELETE, OPTIONS, HEAD")
    allowed = r.headers["access-control-allow-headers"]
    for header in ("x-custom", "apikey", "authorization", "content-type", "prefer",
                   "accept-profile", "content-profile", "x-client-info"):
        assert header in allowed
    assert r.headers["access-control-max-age"] == "86400"


def test_every_response_carries_cors_headers(http):
    ok = http.post(f"{RPC}/gw_add", json={"a": 1, "b": 1}, headers={"Origin": "http://x.test"})
    assert ok.headers["access-control-allow-origin"] == "http://x.test"
    assert "Content-Range" in ok.headers["access-control-expose-headers"]
    failed = http.post(f"{RPC}/gw_refuse")
    assert failed.headers["access-control-allow-origin"] == "*"


def test_plain_options_lists_the_allowed_verbs(http):
    assert http.options(f"{RPC}/gw_insert_item").headers["allow"] == "OPTIONS,POST"
    assert http.options(f"{RPC}/gw_add").headers["allow"] == "OPTIONS,GET,HEAD,POST"


@pytest.mark.parametrize(("method", "function", "read_only"), [
    ("GET", "gw_tx_mode", "on"),  # GET is always read only, even for VOLATILE
    ("POST", "gw_tx_mode", "off"),  # POST of a VOLATILE function may write
    ("POST", "gw_whoami", "on"),  # POST of a STABLE function may not
])
def test_access_mode_follows_method_and_volatility(http, method, function, read_only):
    r = http.request(method, f"{RPC}/{function}")
    result = r.json() if function == "gw_tx_mode" else r.json()["read_only"]
    assert result == read_only


def test_function_default_isolation_is_hoisted_into_the_transaction(http):
    assert http.get(f"{RPC}/gw_isolation").json() == "repeatable read"
    assert http.get(f"{RPC}/gw_whoami").json()["isolation"] == "read committed"


def test_rest_root_and_unknown_paths(http):
    assert http.get("/rest/v1/").status_code == 200
    r = http.get("/rest/v1/some_table")
    assert (r.status_code, r.json()["code"]) == (404, "PGRST125")
    assert http.get("/nowhere").status_code == 404


def test_health_without_probe_pings_the_database(http):
    r = http.get("/health")
    assert (r.status_code, r.json()) == (200, {"ok": True, "database": "ok"})


@pytest.mark.parametrize(("probe", "status"), [
    (lambda: {"ok": True, "database": "ok", "version": "0.1.0"}, 200),
    (lambda: {"ok": False, "database": "down"}, 503),
    (lambda: 1 / 0, 503),
])
def test_health_reports_the_probe(gw_dsn, probe, status):
    app = create_app(gw_dsn, SECRET, health_probe=probe)
    try:
        r = Client(app).get("/health")
    finally:
        app.close()
    assert r.status_code == status
    assert "ok" in r.get_json()


def test_unreachable_database_is_503(tmp_path):
    dsn = f"postgresql://authenticator:postgres@127.0.0.1:{free_port()}/postgres"
    app = create_app(dsn, SECRET, pool_timeout=1.0)
    try:
        r = Client(app).post(f"{RPC}/gw_add", json={"a": 1, "b": 1})
        assert r.status_code == 503
        assert r.get_json()["code"] == "PGRST000"
        assert Client(app).get("/health").status_code == 503
    finally:
        app.close()


def test_short_jwt_secret_is_refused():
    with pytest.raises(ValueError, match="32"):
        create_app("postgresql://unused", "too-short")
