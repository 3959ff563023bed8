"""assist_search: embed the caller's query and run the hybrid search in SQL as the caller.

Who may search, what a search may ask and how often are the database's rules, asked first
(app.assist_search_begin, in the search's transaction: a refused search gives its token back),
so that nobody else, no query the database would refuse and no caller over their `search`
limit makes the function embed anything. Then the query is embedded and searched
(app.assist_search_hits): the two halves of public.assist_search.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import db
from ..errors import BAD_REQUEST, AppError
from . import embeddings

# k as an integer: a larger JSON number would reach PostgreSQL as numeric, for which no
# function exists (42883, a 404); the cast answers 22003 instead, as PostgREST's RPC does
_BEGIN = "select app.assist_search_begin(%s, %s, %s::integer)"
_HITS = "select app.assist_search_hits(%s, %s::extensions.vector, %s, %s, %s::integer)"


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
        conn.execute(_BEGIN, (request.query, request.language, request.k))
        vector = embeddings.embed_query(request.query)
        row = conn.execute(_HITS, (
            request.query, embeddings.to_pgvector(vector) if vector else None,
            embeddings.model_id() if vector else None, request.language, request.k,
        )).fetchone()
    return row[0]
