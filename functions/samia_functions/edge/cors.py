"""CORS, one implementation for both edges: a policy says which origins may call, and every
answer (preflight or not) gets the matching headers.

The dev gateway allows any origin and echoes it with credentials, as PostgREST does; the
deployed functions allow the origins of the CORS_ALLOWED_ORIGINS setting (comma-separated, `*`
for any) and send no Access-Control-Allow-Origin to an origin not listed, so the browser blocks
it. The functions take bearer tokens, never cookies, so they send no Allow-Credentials.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

ORIGINS_VAR = "CORS_ALLOWED_ORIGINS"
DEFAULT_ORIGINS = "*"
MAX_AGE_SECONDS = 86400


@dataclass(frozen=True)
class CorsPolicy:
    origins: frozenset[str]  # allowed origins; "*" allows any
    methods: str
    headers: str  # Access-Control-Allow-Headers
    expose: str  # Access-Control-Expose-Headers
    credentials: bool = False  # echo the origin with Allow-Credentials (PostgREST's way)
    echo_requested_headers: bool = False  # also allow whatever the preflight asks for

    def origin_headers(self, origin: str | None) -> list[tuple[str, str]]:
        any_origin = "*" in self.origins
        if not origin:
            return [("Access-Control-Allow-Origin", "*")] if any_origin else []
        if any_origin and not self.credentials:
            return [("Access-Control-Allow-Origin", "*")]
        if not any_origin and origin not in self.origins:
            return [("Vary", "Origin")]
        headers = [("Access-Control-Allow-Origin", origin), ("Vary", "Origin")]
        if self.credentials:
            headers.insert(1, ("Access-Control-Allow-Credentials", "true"))
        return headers

    def preflight_headers(self, request_headers: Mapping[str, str]) -> list[tuple[str, str]]:
        origin = self.origin_headers(request_headers.get("Origin"))
        if not any(name == "Access-Control-Allow-Origin" for name, _ in origin):
            return origin  # an origin not allowed learns nothing else
        requested = request_headers.get("Access-Control-Request-Headers")
        allowed = (f"{requested}, {self.headers}" if requested and self.echo_requested_headers
                   else self.headers)
        return [*origin, ("Access-Control-Allow-Methods", self.methods),
                ("Access-Control-Allow-Headers", allowed),
                ("Access-Control-Max-Age", str(MAX_AGE_SECONDS))]

    def response_headers(self, origin: str | None) -> list[tuple[str, str]]:
        headers = self.origin_headers(origin)
        if any(name == "Access-Control-Allow-Origin" for name, _ in headers):
            headers.append(("Access-Control-Expose-Headers", self.expose))
        return headers


def is_preflight(method: str, headers: Mapping[str, str]) -> bool:
    return method == "OPTIONS" and "Access-Control-Request-Method" in headers


def parse_origins(raw: str) -> frozenset[str]:
    """`https://a.example, https://b.example` or `*`; trailing slashes do not count."""
    return frozenset(o.strip().rstrip("/") for o in raw.split(",") if o.strip())


def functions_policy() -> CorsPolicy:
    """The deployed functions' policy, from CORS_ALLOWED_ORIGINS (unset: any origin)."""
    raw = os.environ.get(ORIGINS_VAR, "").strip() or DEFAULT_ORIGINS
    return CorsPolicy(
        origins=parse_origins(raw),
        methods="GET, POST, OPTIONS",
        headers="authorization, apikey, content-type, x-client-info, x-request-id, x-job-token",
        expose="Retry-After, WWW-Authenticate, Allow, X-Request-Id",
    )
