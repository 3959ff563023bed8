"""assist_draft: a draft reading for the order's assigned reader, citing the knowledge it used.

The rules are SQL: who may draft and how often (app.assist_draft_begin, through
app.assist_draft_order), what may be stored (the assist_drafts_10 trigger and policies), and
how a later result is measured against the drafts (order_results_20_draft_provenance). This
module retrieves, asks the model, composes and stores, in three short transactions as the
caller, none held open while the model writes:

1. the start step, committed, so the attempt counts against the rate limit even when the model
   then fails;
2. the hybrid search (app.kb_search, as the caller) for the question and chart;
3. after the model answered (or failed, or none is configured): the draft's insert, which the
   trigger refuses if the order was meanwhile reassigned or handed in.

With DEEPCONF_* set, N samples are drawn with log-probabilities and scored (deepconf.py); the
most confident one above the threshold is kept and every sample's score stored. Without a
model, or when the endpoint fails, times out, answers nonsense or is never confident enough,
the draft is extractive (extractive.py), with the reason recorded. It is never an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

import psycopg
from psycopg.rows import dict_row

from .. import db
from ..errors import BAD_REQUEST, AppError
from ..settings import get_deepconf_settings
from . import chat, embeddings, extractive, prompt
from .citations import renumber

CHUNKS_FOR_MODEL = 6  # sources in the prompt: enough to cite, few enough to stay on topic
CHUNKS_FOR_EXTRACT = 8
MAX_QUERY_CHARS = 1000  # app.kb_search refuses longer queries

_BEGIN = "select app.assist_draft_begin(%s, %s)"
_SEARCH = """
    select h.chunk_id, h.doc_title, h.chunk_text, h.language
    from app.kb_search(%s, %s::extensions.vector, %s, %s, %s) as h
    order by h.rrf_score desc, h.chunk_id
"""
_INSERT = """
    insert into app.assist_drafts (
        order_id, kind, model, prompt_version, chunk_ids, sample_confidences, confidence,
        fallback_reason, text, language
    )
    values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
    returning id, order_id, author_id, kind, model, prompt_version, chunk_ids,
        sample_confidences, confidence, fallback_reason, text, language, created_at
"""


@dataclass(frozen=True)
class DraftRequest:
    order_id: str
    language: str | None


@dataclass(frozen=True)
class Composed:
    kind: str
    model: str | None
    prompt_version: str
    chunk_ids: list[int]
    sample_confidences: list[float]
    confidence: float | None
    fallback_reason: str | None
    text: str


def parse(body: dict[str, Any]) -> DraftRequest:
    """{"order_id": uuid, "language"?: "ar" | "en"} (the language's values are the database's)."""
    try:
        order_id = str(UUID(body.get("order_id")))
    except (TypeError, ValueError, AttributeError) as exc:
        raise AppError(BAD_REQUEST, '"order_id" must be an order id (a uuid)', 400,
                       detail={"field": "order_id"}) from exc
    language = body.get("language")
    if language is not None and not isinstance(language, str):
        raise AppError(BAD_REQUEST, '"language" must be a string', 400,
                       detail={"field": "language"})
    return DraftRequest(order_id, language)


def draft(claims: dict[str, Any], request: DraftRequest) -> dict[str, Any]:
    # a misconfigured drafting model or embeddings provider is a 503 before anything is spent
    settings = get_deepconf_settings()
    embeddings.get_embedder()
    with db.as_user(claims) as conn:
        (context,) = conn.execute(_BEGIN, (request.order_id, request.language)).fetchone()
    query = _query_text(context)
    vector = _query_vector(query)

    composed = None
    fallback_reason = None
    scores: list[float] = []
    if settings is not None:
        chunks = _search(claims, query, vector, None, CHUNKS_FOR_MODEL)
        try:
            samples = chat.sample_drafts(settings, prompt.messages(context, chunks))
            scores = [s.confidence for s in samples]
            best = chat.keep_best(samples, settings.threshold)
        except chat.ModelUnavailable as error:
            fallback_reason = error.reason
        else:
            text, cited = renumber(best.text, [c["chunk_id"] for c in chunks])
            composed = Composed("llm", settings.model, prompt.PROMPT_VERSION, cited, scores,
                                best.confidence, None, text)
    if composed is None:
        # the order's language only: an extractive draft cannot translate what it quotes
        chunks = _search(claims, query, vector, context["language"], CHUNKS_FOR_EXTRACT)
        made = extractive.compose(context, chunks, vector)
        composed = Composed("extractive", None, extractive.EXTRACTIVE_VERSION, made.chunk_ids,
                            scores, None, fallback_reason, made.text)
    with db.as_user(claims) as conn:
        return _store(conn, context, composed)


def _query_text(context: dict[str, Any]) -> str:
    """What is searched: the question and (astro) the chart's placements. Not the service's
    name: full-text search wants every word, and the embedding carries the topic anyway."""
    parts = [context["question"], *context.get("placements", [])]
    return "\n".join(parts)[:MAX_QUERY_CHARS]


def _query_vector(query: str) -> list[float] | None:
    """The query's embedding; None (a text-only search) when the embeddings provider fails
    (ASEMB), so an outage costs the draft its semantic ranking, not the draft."""
    try:
        return embeddings.embed_query(query)
    except AppError as error:
        if error.code != embeddings.EMBEDDING_FAILED:
            raise
        return None


def _search(claims: dict[str, Any], query: str, vector: list[float] | None,
            language: str | None, k: int) -> list[dict[str, Any]]:
    with db.as_user(claims) as conn, conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(_SEARCH, (
            query, embeddings.to_pgvector(vector) if vector else None,
            embeddings.model_id() if vector else None, language, k,
        )).fetchall()


def _store(conn: psycopg.Connection, context: dict[str, Any],
           composed: Composed) -> dict[str, Any]:
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(_INSERT, (
            context["order_id"], composed.kind, composed.model, composed.prompt_version,
            composed.chunk_ids, composed.sample_confidences, composed.confidence,
            composed.fallback_reason, composed.text, context["language"],
        )).fetchone()
    assert row is not None
    return {key: (str(value) if isinstance(value, UUID) else
                  value.isoformat() if hasattr(value, "isoformat") else value)
            for key, value in row.items()}
