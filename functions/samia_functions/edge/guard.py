"""The WSGI middleware in front of each edge: it gives every request a plain request id (and
every answer the X-Request-Id header), refuses NUL bytes in the path, query string and headers,
reads the body within the size limit, and, where a CORS policy is given, answers preflights and
adds the CORS headers to every answer."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import unquote_to_bytes

from werkzeug.datastructures import EnvironHeaders
from werkzeug.http import parse_cookie
from werkzeug.wrappers import Response

from ..errors import NOT_CONFIGURED, AppError
from ..postgrest.errors import ApiError
from .body_limit import LIMIT_VAR, buffer_body
from .cors import CorsPolicy, is_preflight
from .nul import NulError, nul_error
from .request_id import ENVIRON_KEY, HEADER, request_id

log = logging.getLogger(__name__)
REQUEST_ID_KEY = "samia.request_id"  # where handlers and logs find the id in the environ

WsgiApp = Callable[[dict, Callable], Iterable[bytes]]
# The body limit for a request, read per request so a setting can change without a restart;
# None for a service beside ours that screens its own requests and answers in its own error
# shape (Storage on the dev gateway): it gets a request id and CORS, nothing else.
LimitFor = Callable[[dict], int | None]


class EdgeGuard:
    def __init__(self, app: WsgiApp, *, limit_for: LimitFor,
                 cors: Callable[[], CorsPolicy] | None = None,
                 nul: NulError = nul_error) -> None:
        self.app = app
        self.limit_for = limit_for
        self.cors = cors
        self.nul = nul

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        rid = request_id(environ.get(ENVIRON_KEY))
        environ[ENVIRON_KEY] = environ[REQUEST_ID_KEY] = rid
        headers = EnvironHeaders(environ)
        policy = self.cors() if self.cors else None

        def start(status: str, response_headers: list, exc_info: Any = None) -> Any:
            merged = [(k, v) for k, v in response_headers if k.lower() != HEADER.lower()]
            merged.append((HEADER, rid))
            if policy and not any(k.lower() == "access-control-allow-origin" for k, _ in merged):
                merged.extend(policy.response_headers(headers.get("Origin")))
            return start_response(status, merged, exc_info)

        try:
            if policy and is_preflight(environ.get("REQUEST_METHOD", ""), headers):
                answer = Response(b"", status=200)
                del answer.headers["Content-Type"]
                answer.headers.extend(policy.preflight_headers(headers))
                answer.headers[HEADER] = rid
                return answer(environ, start_response)
            limit = self._limit(environ)
            if limit is not None:
                _reject_nul(environ, self.nul)
                buffer_body(environ, limit)
        except ApiError as exc:
            return exc.to_response()(environ, start)
        return self.app(environ, start)

    def _limit(self, environ: dict) -> int | None:
        try:
            return self.limit_for(environ)
        except ValueError as exc:
            log.error("%s", exc)
            raise AppError(NOT_CONFIGURED, f"Invalid setting: {LIMIT_VAR}", 503,
                           detail={"invalid": [LIMIT_VAR]},
                           hint=f"{LIMIT_VAR} is a positive number of bytes.") from exc


def _reject_nul(environ: dict, nul: NulError) -> None:
    """PATH_INFO arrives percent-decoded; the query string and cookies are decoded here."""
    if "\x00" in environ.get("PATH_INFO", "") or "\x00" in environ.get("SCRIPT_NAME", ""):
        raise nul("the path")
    query = environ.get("QUERY_STRING", "")
    if "\x00" in query or b"\x00" in unquote_to_bytes(query):
        raise nul("the query string")
    for key, value in environ.items():
        if (key.startswith("HTTP_") or key == "CONTENT_TYPE") and isinstance(value, str) \
                and "\x00" in value:
            raise nul(f"the {key.removeprefix('HTTP_').replace('_', '-').title()} header")
    cookies = environ.get("HTTP_COOKIE")
    if cookies and any("\x00" in k or "\x00" in v for k, v in parse_cookie(cookies).items()):
        raise nul("a cookie")
