"""Local dev API gateway: a PostgREST-compatible subset (`/rest/v1/rpc/*`), the project's Python
functions (`/functions/v1/*`) and `/health`, as one WSGI app (specs/postgrest.md §9).

Dev only: production uses Supabase's PostgREST behind Kong, and the deployed functions run on
functions-framework hosts. This package exists so that a frontend or a test written for
`supabase start` works unchanged against the embedded local stack.
"""

from .app import Gateway, create_app
from .errors import ApiError

__all__ = ["ApiError", "Gateway", "create_app"]
