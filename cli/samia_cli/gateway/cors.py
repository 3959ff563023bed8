"""CORS as PostgREST answers it: a browser frontend on another origin must be able to call the
dev server exactly as it calls `supabase start`. Any origin is allowed and echoed with
credentials; the edge guard (samia_functions.edge) answers preflights and adds the headers to
every answer that has none yet (a mounted service may choose its own)."""

from __future__ import annotations

from samia_functions.edge.cors import CorsPolicy

ALLOW_METHODS = "GET, POST, PATCH, PUT, DELETE, OPTIONS, HEAD"
ALLOW_HEADERS = ("apikey, authorization, content-type, accept, accept-profile, content-profile, "
                 "prefer, range, x-client-info, x-request-id")
EXPOSE_HEADERS = ("Content-Encoding, Content-Location, Content-Range, Content-Type, Date, "
                  "Location, Server, Transfer-Encoding, Range-Unit, Preference-Applied, "
                  "Proxy-Status, X-Supabase-Api-Version, X-Total-Count, Link, X-Request-Id")

POLICY = CorsPolicy(origins=frozenset({"*"}), methods=ALLOW_METHODS, headers=ALLOW_HEADERS,
                    expose=EXPOSE_HEADERS, credentials=True, echo_requested_headers=True)
