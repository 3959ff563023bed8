"""The schema cache: functions and role settings are read once and renewed only by
`NOTIFY pgrst, 'reload schema'`, as with PostgREST; /health keeps its probe's answer."""

from __future__ import annotations

import threading
import time
import uuid

import psycopg
from werkzeug.test import Client

from samia_cli.gateway import create_app
from samia_functions.postgrest.reload import ReloadListener
from samia_functions.postgrest.roles import RoleSettingsCache

from .conftest import SECRET, reload_schema

RPC = "/rest/v1/rpc"


def wait_for(predicate, what: str) -> None:
    deadline = time.monotonic() + 30
    while not predicate():
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.01)


def test_a_new_function_is_pgrst202_until_the_reload(http, admin, gw_app):
    name = f"gw_fresh_{uuid.uuid4().hex[:8]}"
    assert http.post(f"{RPC}/{name}").status_code == 404  # the cache is loaded by now
    admin.execute(f"create function public.{name}() returns integer language sql "
                  "as $$ select 1 $$")
    try:
        before = http.post(f"{RPC}/{name}")
        assert (before.status_code, before.json()["code"]) == (404, "PGRST202")
        reload_schema(admin, gw_app)
        assert http.post(f"{RPC}/{name}").json() == 1
    finally:
        admin.execute(f"drop function public.{name}()")
        reload_schema(admin, gw_app)


def test_a_changed_result_shape_is_seen_after_the_reload(http, admin, gw_app):
    name = f"gw_shape_{uuid.uuid4().hex[:8]}"
    admin.execute(f"create function public.{name}() returns integer language sql "
                  "as $$ select 1 $$")
    try:
        reload_schema(admin, gw_app)
        assert http.post(f"{RPC}/{name}").json() == 1
        admin.execute(f"drop function public.{name}()")
        admin.execute(f"create function public.{name}() returns table (x text) language sql "
                      "as $$ select 'now a table' $$")
        reload_schema(admin, gw_app)
        assert http.post(f"{RPC}/{name}").json() == [{"x": "now a table"}]
    finally:
        admin.execute(f"drop function if exists public.{name}()")
        reload_schema(admin, gw_app)


def test_role_settings_are_kept_until_the_reload(http, admin, gw_app):
    def timeout() -> str:
        return http.get(f"{RPC}/gw_whoami").json()["statement_timeout"]

    assert timeout() == "3s"
    admin.execute("alter role anon set statement_timeout = '4s'")
    try:
        assert timeout() == "3s"
        reload_schema(admin, gw_app)
        assert timeout() == "4s"
    finally:
        admin.execute("alter role anon set statement_timeout = '3s'")
        reload_schema(admin, gw_app)
    assert timeout() == "3s"


def test_the_functions_role_settings_cache_follows_the_reload(gw_admin_dsn, gw_dsn, admin):
    """What samia_functions.db wires together: the cache, cleared by the listener."""
    cache = RoleSettingsCache()
    listener = ReloadListener(gw_dsn, cache.clear, name="test")
    listener.start()
    try:
        assert listener.wait_listening(30)
        with psycopg.connect(gw_dsn) as conn:
            assert dict(cache.get(conn, "anon"))["statement_timeout"] == "3s"
            admin.execute("alter role anon set statement_timeout = '5s'")
            try:
                assert dict(cache.get(conn, "anon"))["statement_timeout"] == "3s"
                admin.execute("notify pgrst, 'reload schema'")
                wait_for(lambda: dict(cache.get(conn, "anon"))["statement_timeout"] == "5s",
                         "the cache saw the new setting")
            finally:
                admin.execute("alter role anon set statement_timeout = '3s'")
    finally:
        listener.stop()


def test_role_settings_expire_after_max_age(gw_dsn, admin):
    cache = RoleSettingsCache(max_age=0.0)  # the backstop where no notification arrives
    with psycopg.connect(gw_dsn) as conn:
        assert dict(cache.get(conn, "anon"))["statement_timeout"] == "3s"
        admin.execute("alter role anon set statement_timeout = '6s'")
        try:
            assert dict(cache.get(conn, "anon"))["statement_timeout"] == "6s"
        finally:
            admin.execute("alter role anon set statement_timeout = '3s'")


def test_the_listener_reconnects_and_reloads(admin, gw_dsn):
    reloads = []
    listener = ReloadListener(gw_dsn, lambda: reloads.append(1), name="test")
    listener.start()
    try:
        assert listener.wait_listening(30)
        after_connect = len(reloads)
        admin.execute("select pg_terminate_backend(pid) from pg_stat_activity "
                      "where query = 'LISTEN pgrst' and usename = 'authenticator'")
        wait_for(lambda: len(reloads) > after_connect, "a reload after reconnecting")
        assert listener.wait_listening(30)
        count = len(reloads)
        admin.execute("notify pgrst, 'reload schema'")
        wait_for(lambda: len(reloads) > count, "the reload notification after reconnecting")
    finally:
        listener.stop()


def test_health_keeps_the_probe_answer_and_renews_it_on_reload(gw_dsn, admin):
    calls = []
    lock = threading.Lock()

    def probe() -> dict:
        with lock:
            calls.append(1)
            return {"ok": True, "database": "ok", "probes": len(calls)}

    app = create_app(gw_dsn, SECRET, health_probe=probe)
    try:
        client = Client(app)
        # the listener's first connection reloads (and so renews the probe): let it happen
        # before counting, or it races the second request
        app.schema.start()
        assert app.schema.wait_listening(30)
        first = client.get("/health")
        assert (first.status_code, first.get_json()["probes"]) == (200, 1)
        assert client.get("/health").get_json()["probes"] == 1  # kept, not probed again
        reload_schema(admin, app)
        wait_for(lambda: client.get("/health").get_json()["probes"] > 1,
                 "the probe ran again after the reload")
    finally:
        app.close()
