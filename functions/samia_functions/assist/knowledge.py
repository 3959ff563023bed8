"""Add a document to the knowledge base: check the caller, skip a text already there, cut it
into chunks, embed them in batches and store everything through app.kb_add_document in the
caller's transaction. Who may add, how often, the field rules and idempotency are the
database's (app.kb_add_begin, app.kb_add_document); this module only prepares the chunks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from ..errors import BAD_REQUEST, AppError
from . import embeddings
from .chunking import chunk_text

_ADD = {
    # the API path, after app.kb_add_begin admitted the caller in this transaction (the
    # public.assist_knowledge_add RPC would admit them, and spend a token, a second time)
    "rpc": "select app.kb_add_document(%s, %s, %s, %s, %s, %s, %s)",
    # the platform path (samia kb add / kb seed as the database owner)
    "owner": "select app.kb_add_document(%s, %s, %s, %s, %s, %s, %s)",
}


@dataclass(frozen=True)
class Document:
    title: str
    text: str
    source: str
    licence: str
    language: str | None = None  # None: the text's own, decided in SQL (app.text_language)


def parse(body: dict[str, Any]) -> Document:
    """{"title", "text", "source", "licence", "language"?} from a request body (types only)."""
    values = {}
    for field in ("title", "text", "source", "licence", "language"):
        value = body.get(field)
        if value is None and field == "language":
            continue
        if not isinstance(value, str):
            raise AppError(BAD_REQUEST, f'"{field}" must be a string', 400,
                           detail={"field": field},
                           hint='Send {"title", "text", "source", "licence", "language"?}.')
        values[field] = value
    return Document(**values)


def add_document(conn: psycopg.Connection, doc: Document, *, as_owner: bool = False,
                 on_batch: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Store doc with its embedded chunks; the RPC's answer ({"doc_id", "created", ...})."""
    if not as_owner:  # the role and the rate limit, before anything is cut or embedded
        conn.execute("select app.kb_add_begin()")
    found = conn.execute("select app.kb_find_document(%s)", (doc.text,)).fetchone()[0]
    if found is not None:  # the same text again: nothing to embed, nothing to write
        return {"doc_id": str(found), "created": False, "chunks": 0}
    texts = chunk_text(doc.text)
    vectors = embeddings.embed_texts(texts, on_batch=on_batch)
    # no language per chunk: app.kb_add_document gives each the document's, or when that is
    # not given, the chunk text's own (app.text_language)
    chunks = [{"text": text, "embedding": vector}
              for text, vector in zip(texts, vectors, strict=True)]
    row = conn.execute(_ADD["owner" if as_owner else "rpc"],
                       (doc.title, doc.language, doc.source, doc.licence, doc.text,
                        embeddings.model_id(), Jsonb(chunks))).fetchone()
    return row[0]
