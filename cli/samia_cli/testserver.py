"""The dev gateway over a test database on a free loopback port: what pytest's `api_url`
fixture and the `js` check point their clients at."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from psycopg.conninfo import make_conninfo

from .config import LOCAL_DB_PASSWORD, LOCAL_JWT_SECRET
from .tokens import api_key


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def authenticator_dsn(database_dsn: str) -> str:
    """What the gateway and the functions connect as, like PostgREST: the bootstrap gives the
    authenticator role the local password."""
    return make_conninfo(database_dsn, user="authenticator", password=LOCAL_DB_PASSWORD)


@contextmanager
def serve_test_gateway(database_dsn: str, root: Path, storage_dir: Path,
                       jwt_secret: str = LOCAL_JWT_SECRET) -> Iterator[str]:
    """Serve the gateway (RPC, functions, Auth, Storage keeping its files in `storage_dir`,
    health) for `database_dsn` on a thread; yields its URL. The API keys are the local ones
    `tokens.api_key` makes from `jwt_secret`."""
    from .gateway import create_app  # loads functions-framework: only when serving
    from .gateway.server import make_server
    from .stack import health_probe

    port = free_port()  # known before the app is built: Auth signs tokens as its own URL
    app = create_app(
        db_dsn=authenticator_dsn(database_dsn), jwt_secret=jwt_secret,
        functions_source=root / "functions" / "main.py",
        health_probe=health_probe(database_dsn, root, "test"),
        anon_key=api_key(jwt_secret, "anon"), service_key=api_key(jwt_secret, "service_role"),
        storage_db_dsn=make_conninfo(database_dsn, user="supabase_storage_admin",
                                     password=LOCAL_DB_PASSWORD),
        storage_dir=storage_dir,
        auth_db_dsn=make_conninfo(database_dsn, user="supabase_auth_admin",
                                  password=LOCAL_DB_PASSWORD),
        auth_issuer=f"http://127.0.0.1:{port}/auth/v1",
    )
    server = make_server(app, "127.0.0.1", port)  # as `samia serve` serves it
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    # the functions it serves reach Storage here, as `samia serve` tells them
    with _environment({"SUPABASE_URL": url, "SUPABASE_ANON_KEY": api_key(jwt_secret, "anon")}):
        try:
            yield url
        finally:
            server.stop()
            app.close()


@contextmanager
def _environment(wanted: dict[str, str]) -> Iterator[None]:
    """Set these variables for the block; the previous values come back afterwards."""
    saved = {name: os.environ.get(name) for name in wanted}
    os.environ.update(wanted)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def function_settings(database_dsn: str, jwt_secret: str = LOCAL_JWT_SECRET) -> Iterator[None]:
    """The environment the in-process functions read (as `samia serve` sets it), for this
    database; the previous values come back afterwards."""
    from samia_functions import db
    from samia_functions.settings import DB_DSN_VAR, JWT_SECRET_VAR, get_settings

    wanted = {DB_DSN_VAR: authenticator_dsn(database_dsn), JWT_SECRET_VAR: jwt_secret}
    get_settings.cache_clear()
    try:
        with _environment(wanted):
            yield
    finally:
        get_settings.cache_clear()
        db.close_pool()
