"""The WSGI application: routing and error answers around the RPC and functions handlers, behind
the edge guard (request ids, body limit, NUL bytes, CORS)."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import psycopg
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Request, Response

from samia_functions.edge.body_limit import (
    FILE_BODY_FUNCTIONS,
    limit_for_function,
    limit_from_env,
)
from samia_functions.edge.guard import REQUEST_ID_KEY, EdgeGuard
from samia_functions.edge.http_errors import from_http_exception, internal_error
from samia_functions.errors import NOT_FOUND
from samia_functions.postgrest.errors import JSON_TYPE, ApiError, from_pg_error, nul_in_text

from . import args as rpc_args
from . import cors, negotiate, rpc
from .auth import LOCAL_PUBLISHABLE_KEY, LOCAL_SECRET_KEY, Authenticator
from .db import Database
from .functions import PREFIX as FUNCTIONS_PREFIX
from .functions import Functions, WsgiApp
from .health import HealthCache
from .schema_cache import SchemaCache
from .server import THREADS

REST_PREFIX = "/rest/v1"
RPC_PREFIX = f"{REST_PREFIX}/rpc/"
PING_TIMEOUT_SECONDS = 1.0  # /health waits no longer than this for a pooled connection
PING_MAX_AGE_SECONDS = 1.0  # many health checkers share one database ping a second
log = logging.getLogger(__name__)


def _json_response(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, content_type=JSON_TYPE)


class Gateway:
    """Callable as a WSGI app; `close()` releases the connection pool."""

    def __init__(self, *, db: Database, auth: Authenticator, functions: Functions,
                 health_probe: Callable[[], dict] | None, schemas: Sequence[str],
                 extra_search_path: Sequence[str], max_rows: int | None,
                 mounts: Mapping[str, WsgiApp] | None = None,
                 max_body_bytes: int | None = None) -> None:
        self.db = db
        # the probe's answer is kept; a schema reload (every migrate sends one) renews it
        self.health = HealthCache(health_probe) if health_probe else None
        self.schema = SchemaCache(db.dsn, schemas,
                                  on_reload=[self.health.refresh] if self.health else [])
        self._last_ping: tuple[float, str | None] = (float("-inf"), None)  # (when, answer)
        self.auth = auth
        self.functions = functions
        # services beside REST, each its own WSGI app under a prefix (as Kong routes them)
        self.mounts: dict[str, WsgiApp] = {FUNCTIONS_PREFIX: functions, **(mounts or {})}
        self.health_probe = health_probe
        self.schemas = list(schemas)
        self.extra_search_path = list(extra_search_path)
        self.max_rows = max_rows
        self.max_body_bytes = limit_from_env() if max_body_bytes is None else max_body_bytes
        self._guarded = EdgeGuard(self._serve, limit_for=self._body_limit,
                                  cors=lambda: cors.POLICY, nul=nul_in_text)

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        return self._guarded(environ, start_response)

    def _body_limit(self, environ: dict) -> int | None:
        """REST and functions requests are screened here; other mounted services (Storage's
        uploads) screen their own and answer in their own error shape."""
        path = environ.get("PATH_INFO", "")
        mounted = self._mounted(path)
        if mounted is self.functions:
            name = path[len(FUNCTIONS_PREFIX):].strip("/").split("/", 1)[0]
            if name in FILE_BODY_FUNCTIONS:  # a file upload has a limit of its own
                return limit_for_function(name)
        return self.max_body_bytes if mounted in (None, self.functions) else None

    def _serve(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        mounted = self._mounted(environ.get("PATH_INFO", ""))
        if mounted is not None:
            return mounted(environ, start_response)
        return self._dispatch(Request(environ))(environ, start_response)

    def _mounted(self, path: str) -> WsgiApp | None:
        for prefix, app in self.mounts.items():
            if path.startswith(prefix + "/"):
                return app
        return None

    def close(self) -> None:
        self.schema.close()
        self.db.close()
        for app in self.mounts.values():  # mounted services with pools of their own
            close = getattr(app, "close", None)
            if close is not None:
                close()

    # -- routing ---------------------------------------------------------------------------
    def _dispatch(self, request: Request) -> Response:
        try:
            path = request.path
            if path == "/health":
                return self._health()
            if path in (REST_PREFIX, f"{REST_PREFIX}/"):
                return _json_response({"name": "samia dev gateway (PostgREST-compatible RPC)",
                                       "schemas": self.schemas,
                                       "rpc": f"{RPC_PREFIX}<function>"})
            if path.startswith(RPC_PREFIX) and "/" not in path[len(RPC_PREFIX):]:
                return self._rpc(request, path[len(RPC_PREFIX):])
            if path.startswith(f"{REST_PREFIX}/"):
                raise ApiError(404, "PGRST125", "Invalid path specified in request URL",
                               hint="This dev gateway serves only /rest/v1/rpc/<function>")
            raise ApiError(404, NOT_FOUND, "no Route matched with those values")
        except ApiError as exc:
            return exc.to_response()
        except HTTPException as exc:  # werkzeug's own refusals, e.g. a form over its limits
            return from_http_exception(exc).to_response()
        except Exception:
            log.exception("gateway error on %s %.200s (request %s)", request.method,
                          request.path, request.environ.get(REQUEST_ID_KEY))
            return internal_error().to_response()

    def _health(self) -> Response:
        """The kept probe answer, with the database reachability checked now (cheaply)."""
        self.schema.start()  # a migrate's reload notification renews the probe too
        result = dict(self.health.get()) if self.health else {"ok": True, "database": "ok"}
        unreachable = self._ping()
        if unreachable is not None:
            result.update(ok=False, database=unreachable)
        return _json_response(result, 200 if result.get("ok") is True else 503)

    def _ping(self) -> str | None:
        """Why the database cannot be reached through the pool, or None when it can."""
        checked, answer = self._last_ping
        if time.monotonic() - checked < PING_MAX_AGE_SECONDS:
            return answer
        try:
            with self.db.connection(timeout=PING_TIMEOUT_SECONDS) as conn:
                conn.execute("select 1")
            answer = None
        except (ApiError, psycopg.Error) as exc:
            answer = str(exc)
        self._last_ping = (time.monotonic(), answer)
        return answer

    # -- RPC -------------------------------------------------------------------------------
    def _rpc(self, request: Request, name: str) -> Response:
        identity = self.auth.identify(request.headers)  # PostgREST authenticates first
        if request.method == "OPTIONS":
            return self._allowed_methods(request, name)
        if request.method not in ("GET", "HEAD", "POST"):
            raise ApiError(405, "PGRST101", f"Cannot use the {request.method} method on RPC")
        call_args, options = rpc_args.parse(request)
        schema = negotiate.schema(request, self.schemas)
        representation = negotiate.representation(request.headers.get("Accept"))
        with self.db.connection() as conn:
            try:
                call = rpc.Call(
                    schema=schema, function_name=name, identity=identity, args=call_args,
                    options=options, representation=representation,
                    prefs=negotiate.preferences(request, rpc.timezone_checker(conn)),
                    search_path=self.extra_search_path, max_rows=self.max_rows,
                )
                return rpc.run(conn, request, call, self.schema)
            except psycopg.Error as exc:
                raise from_pg_error(exc, identity.authed) from exc

    def _allowed_methods(self, request: Request, name: str) -> Response:
        """Plain OPTIONS (not a CORS preflight): which verbs the function accepts."""
        schema = negotiate.schema(request, self.schemas)
        with self.db.connection() as conn:
            found = self.schema.catalog(conn).candidates(schema, name)
        if not found:
            raise ApiError(404, "PGRST202",
                           f"Could not find the function {schema}.{name} in the schema cache")
        resp = Response(b"", status=200)
        del resp.headers["Content-Type"]
        volatile = any(f.volatile for f in found)
        resp.headers["Allow"] = "OPTIONS,POST" if volatile else "OPTIONS,GET,HEAD,POST"
        return resp


def create_app(
    db_dsn: str,
    jwt_secret: str,
    functions_source: Path | None = None,
    health_probe: Callable[[], dict] | None = None,
    anon_key: str | None = None,
    service_key: str | None = None,
    *,
    publishable_key: str | None = LOCAL_PUBLISHABLE_KEY,
    secret_key: str | None = LOCAL_SECRET_KEY,
    schemas: Sequence[str] = ("public",),
    extra_search_path: Sequence[str] = ("public", "extensions"),
    max_rows: int | None = 1000,
    anon_role: str = "anon",
    pool_max_size: int = THREADS,
    pool_timeout: float = 10.0,
    storage_db_dsn: str | None = None,
    storage_dir: Path | None = None,
    auth_db_dsn: str | None = None,
    auth_issuer: str = "",
    max_body_bytes: int | None = None,
) -> Gateway:
    """Build the dev API gateway. `db_dsn` connects as `authenticator`; `max_body_bytes`
    defaults to REQUEST_BODY_MAX_BYTES (1 MiB). Raises ValueError for a JWT secret shorter
    than 32 characters, an empty schema list or an invalid body limit. With `storage_db_dsn`
    (as `supabase_storage_admin`) and `storage_dir`, Storage is served at /storage/v1; with
    `auth_db_dsn` (as `supabase_auth_admin`), Auth at /auth/v1, signing tokens as
    `auth_issuer`."""
    if not schemas:
        raise ValueError("at least one exposed schema is required")
    auth = Authenticator(jwt_secret, anon_role=anon_role, anon_key=anon_key,
                         service_key=service_key, publishable_key=publishable_key,
                         secret_key=secret_key)
    mounts: dict[str, WsgiApp] = {}
    if storage_db_dsn and storage_dir:
        from samia_cli.storage_api import PREFIX as STORAGE_PREFIX
        from samia_cli.storage_api import create_storage_app

        mounts[STORAGE_PREFIX] = create_storage_app(storage_db_dsn, jwt_secret,
                                                    Path(storage_dir), auth)
    if auth_db_dsn:
        from ..gotrue import PREFIX as AUTH_PREFIX  # here: gotrue imports this package
        from ..gotrue import create_auth_app

        mounts[AUTH_PREFIX] = create_auth_app(auth_db_dsn, jwt_secret, auth_issuer,
                                              authorization=auth.authorization)
    return Gateway(
        db=Database(db_dsn, max_size=pool_max_size, timeout=pool_timeout),
        auth=auth,
        functions=Functions(Path(functions_source) if functions_source else None),
        health_probe=health_probe, schemas=schemas, extra_search_path=extra_search_path,
        max_rows=max_rows, mounts=mounts, max_body_bytes=max_body_bytes,
    )
