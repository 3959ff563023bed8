"""assist_search: embed the caller's query and run the hybrid search in SQL as the caller.

Who may search and how often is the database's rule (app.assist_require_user, then
public.assist_search spends the `search` rate limit); it is asked first, so nobody else makes
the function embed anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import db
from ..errors import BAD_REQUEST, AppError
from . import embeddings

_SEARCH = ("select public.assist_search(%s, %s::extensions.vector, %s, %s, %s)")


@dataclass(frozen=True)
class SearchRequest:
    query: str
    language: str | None
    k: int


def parse(body: dict[str, Any]) -> SearchRequest:
    """{"query", "language"?, "k"?}; value ranges are the database's (ASQRY, ASKOR, BADLG)."""
    query, language, k = body.get("query"), body.get("language"), body.get("k", 10)
    if not isinstance(query, str):
        raise AppError(BAD_REQUEST, '"query" must be a string', 400, detail={"field": "query"})
    if language is not None and not isinstance(language, str):
        raise AppError(BAD_REQUEST, '"language" must be a string', 400,
                       detail={"field": "language"})
    if isinstance(k, bool) or not isinstance(k, int):
        raise AppError(BAD_REQUEST, '"k" must be an integer', 400, detail={"field": "k"})
    return SearchRequest(query, language, k)


def search(claims: dict[str, Any], request: SearchRequest) -> Any:
    with db.as_user(claims) as conn:
        conn.execute("select app.assist_require_user()")
        # an over-long query is refused by the database (ASQRY); embed no more than it accepts
        vector = embeddings.embed_query(request.query[:1001]) if request.query.strip() else None
        row = conn.execute(_SEARCH, (
            request.query, embeddings.to_pgvector(vector) if vector else None,
            embeddings.model_id() if vector else None, request.language, request.k,
        )).fetchone()
    return row[0]
