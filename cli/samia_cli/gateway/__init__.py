"""Local dev API gateway: a PostgREST-compatible subset (`/rest/v1/rpc/*`), the project's Python
functions (`/functions/v1/*`) and `/health`, as one WSGI app.

Dev only: production uses Supabase's PostgREST behind Kong, and the deployed functions run on
functions-framework hosts. This package exists so that a frontend or a test written for
`supabase start` works unchanged against the embedded local stack.
"""

from samia_functions.postgrest.errors import ApiError

from .app import Gateway, create_app

__all__ = ["ApiError", "Gateway", "create_app"]
