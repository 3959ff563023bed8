"""CORS as PostgREST answers it: a browser frontend on another
origin must be able to call the dev server exactly as it calls `supabase start`."""

from __future__ import annotations

from werkzeug.datastructures import Headers
from werkzeug.wrappers import Request, Response

ALLOW_METHODS = "GET, POST, PATCH, PUT, DELETE, OPTIONS, HEAD"
ALLOW_HEADERS = ("apikey, authorization, content-type, accept, accept-profile, content-profile, "
                 "prefer, range, x-client-info")
EXPOSE_HEADERS = ("Content-Encoding, Content-Location, Content-Range, Content-Type, Date, "
                  "Location, Server, Transfer-Encoding, Range-Unit, Preference-Applied, "
                  "Proxy-Status, X-Supabase-Api-Version, X-Total-Count, Link")


def is_preflight(request: Request) -> bool:
    return request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers


def _origin_headers(request: Request) -> list[tuple[str, str]]:
    origin = request.headers.get("Origin")
    if not origin:
        return [("Access-Control-Allow-Origin", "*")]
    # echo the origin so credentialed requests work; Vary keeps caches honest
    return [("Access-Control-Allow-Origin", origin), ("Access-Control-Allow-Credentials", "true"),
            ("Vary", "Origin")]


def preflight(request: Request) -> Response:
    resp = Response(b"", status=200)
    del resp.headers["Content-Type"]
    requested = request.headers.get("Access-Control-Request-Headers")
    resp.headers.extend(_origin_headers(request))
    resp.headers["Access-Control-Allow-Methods"] = ALLOW_METHODS
    resp.headers["Access-Control-Allow-Headers"] = (f"{requested}, {ALLOW_HEADERS}" if requested
                                                    else ALLOW_HEADERS)
    resp.headers["Access-Control-Max-Age"] = "86400"
    return resp


def add_headers(request: Request, headers: Headers) -> None:
    """CORS headers for an actual response, unless the handler already chose its own."""
    if "Access-Control-Allow-Origin" in headers:
        return
    headers.extend(_origin_headers(request))
    headers["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
