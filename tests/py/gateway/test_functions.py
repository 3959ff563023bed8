"""/functions/v1/<name>: the functions-framework entry points of a source file."""

from __future__ import annotations

import os
import textwrap

import pytest
from werkzeug.test import Client

from samia_cli.gateway import create_app
from samia_cli.gateway.functions import entry_points

from .conftest import SECRET

SOURCE = textwrap.dedent('''
    import functions_framework
    from functions_framework import http


    def helper(request):
        return "not an entry point"


    @functions_framework.http
    def whoami(request):
        return {"path": request.path, "auth": request.headers.get("Authorization"),
                "method": request.method}


    @http
    def echo(request):
        return {"body": request.get_json(silent=True)}
''')


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "main.py"
    path.write_text(SOURCE)
    return path


@pytest.fixture
def client(gw_dsn, source):
    app = create_app(gw_dsn, SECRET, functions_source=source)
    yield Client(app)
    app.close()


def test_entry_points_are_the_decorated_functions():
    assert entry_points(SOURCE) == ["whoami", "echo"]


def test_function_is_reached_without_a_trailing_slash_redirect(client):
    r = client.get("/functions/v1/whoami", headers={"Authorization": "Bearer t"})
    assert r.status_code == 200
    assert r.get_json() == {"path": "/", "auth": "Bearer t", "method": "GET"}
    assert r.headers["Access-Control-Allow-Origin"] == "*"


def test_sub_paths_and_bodies_reach_the_function(client):
    assert client.get("/functions/v1/whoami/a/b").get_json()["path"] == "/a/b"
    assert client.post("/functions/v1/echo", json={"x": 1}).get_json() == {"body": {"x": 1}}


@pytest.mark.parametrize("name", ["nope", "helper", ""])
def test_unknown_function_is_404_json(client, name):
    r = client.get(f"/functions/v1/{name}")
    assert r.status_code == 404
    assert r.get_json()["code"] == "NOT_FOUND"


def test_preflight_for_functions(client):
    r = client.options("/functions/v1/whoami", headers={
        "Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST"})
    assert r.status_code == 200
    assert r.headers["Access-Control-Allow-Origin"] == "http://localhost:3000"


def test_missing_source_mounts_nothing(gw_dsn, tmp_path):
    app = create_app(gw_dsn, SECRET, functions_source=tmp_path / "absent" / "main.py")
    assert Client(app).get("/functions/v1/whoami").status_code == 404
    app = create_app(gw_dsn, SECRET)
    assert Client(app).get("/functions/v1/whoami").status_code == 404


def test_edited_source_is_picked_up(client, source):
    source.write_text(SOURCE + textwrap.dedent('''
        @functions_framework.http
        def added(request):
            return "new"
    '''))
    stat = source.stat()
    os.utime(source, (stat.st_atime, stat.st_mtime + 5))
    r = client.get("/functions/v1/added")
    assert (r.status_code, r.get_data(as_text=True)) == (200, "new")


def test_broken_source_answers_boot_error(client, source):
    source.write_text(SOURCE + "\nraise RuntimeError('boom')\n")
    stat = source.stat()
    os.utime(source, (stat.st_atime, stat.st_mtime + 5))
    r = client.get("/functions/v1/whoami")
    assert (r.status_code, r.get_json()["code"]) == (503, "BOOT_ERROR")
