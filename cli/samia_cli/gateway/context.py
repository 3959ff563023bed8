"""The `select set_config(...)` that makes an RPC's transaction the caller's (search path, role
settings, role, claims, request method, path, headers, cookies), kept once bound.

A client sends the same token and the same headers with request after request, and building
this statement (claims and headers as JSON, every value quoted) was an eighth of the gateway's
CPU per request. It is therefore kept per caller and exact headers, bound, as bytes. Only the
request id differs on every request (the edge guard makes one when the client sends none): the
kept statement holds a marker in its place, and each request's own id goes there. The guard
lets only plain ids through ([A-Za-z0-9._-], samia_functions.edge.request_id), which neither
JSON nor SQL quoting changes, so the id can go in as it is.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from werkzeug.wrappers import Request

from samia_functions.edge.request_id import ENVIRON_KEY as REQUEST_ID_KEY
from samia_functions.edge.request_id import is_plain
from samia_functions.postgrest import roles

from . import catalog
from .catalog import Function
from .template import Quoter, Template, TemplateCache

if TYPE_CHECKING:
    from .rpc import Call

# stands for the request id in a kept statement; a plain id itself, so quoting keeps it whole
_MARKER = "samia-kept-statement-request-id"
_MARKER_BYTES = _MARKER.encode()


@dataclass(frozen=True)
class _Kept:
    fn: Function  # the catalogue entry and the role settings it was built with: a reload
    role_settings: list[tuple[str, str]]  # meanwhile makes it stale
    parts: tuple[bytes, ...]  # the statement split where the request id goes


def statement(quote: Quoter, request: Request, call: Call, fn: Function,
              role_settings: list[tuple[str, str]], cache: TemplateCache) -> bytes:
    """The set_config statement of this request, from `cache` when a request of the same
    caller (token, or none), function and headers built it before."""
    request_id = request.environ.get(REQUEST_ID_KEY)
    if request_id is not None and not is_plain(request_id):
        return _build(quote, request, call, fn, role_settings, tuple(_headers(request.environ)))
    headers = tuple(_headers(request.environ, request_id=_MARKER))
    key = (call.identity.token, call.identity.role, call.schema, tuple(call.search_path),
           request.method, call.function_name, call.prefs.timezone, headers)
    kept = cache.get(key)
    if not (isinstance(kept, _Kept) and kept.fn is fn and kept.role_settings is role_settings):
        built = _build(quote, request, call, fn, role_settings, headers)
        parts = tuple(built.split(_MARKER_BYTES))
        if len(parts) != (1 if request_id is None else 2):  # the marker sent in another header
            return _build(quote, request, call, fn, role_settings,
                          tuple(_headers(request.environ)))
        kept = _Kept(fn, role_settings, parts)
        cache.put(key, kept)
    return kept.parts[0] if request_id is None else request_id.encode().join(kept.parts)


def _build(quote: Quoter, request: Request, call: Call, fn: Function,
           role_settings: list[tuple[str, str]], headers: tuple[tuple[str, str], ...]) -> bytes:
    pairs = roles.settings_pairs(
        call.identity.role, call.identity.claims,
        search_path=[call.schema, *call.search_path], settings=role_settings,
        request=roles.request_settings(
            request.method, f"/rpc/{call.function_name}", headers,
            request.cookies if "HTTP_COOKIE" in request.environ else {}),
        hoisted=[*([("timezone", call.prefs.timezone)] if call.prefs.timezone else []),
                 *[(k, fn.settings[k]) for k in catalog.HOISTED_SETTINGS if k in fn.settings]])
    return _settings_template(len(pairs)).bind(quote, [v for pair in pairs for v in pair])


def _headers(environ: dict, request_id: str | None = None) -> Iterator[tuple[str, str]]:
    """The request's headers as werkzeug's `request.headers.items()` gives them, read from the
    environ without building header names werkzeug's way; with `request_id`, that value in
    place of the request's own id."""
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            if key == REQUEST_ID_KEY and request_id is not None:
                yield "X-REQUEST-ID", request_id
            elif key not in ("HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH"):
                yield key[5:].replace("_", "-"), value
        elif key in ("CONTENT_TYPE", "CONTENT_LENGTH") and value:
            yield key.replace("_", "-"), value


@functools.lru_cache(maxsize=64)
def _settings_template(count: int) -> Template:
    """set_config statements are plain SQL text, the same on every connection."""
    return Template.render(None, roles.set_configs(count))
