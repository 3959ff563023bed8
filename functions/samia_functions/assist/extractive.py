"""The extractive draft, made when no drafting model is configured or the model failed: the
retrieved chunks' sentences in the order's language, ranked by how close their embedding is to
the question's, each cited as [n], under a line that says what it is. No text is generated, so
nothing can be invented; it is never an error (without knowledge it says so).

EXTRACTIVE_VERSION names this recipe; every extractive draft stores it as its prompt version.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import AppError
from . import embeddings
from .chunking import sentences

EXTRACTIVE_VERSION = "draft-extractive-v1"
MAX_SENTENCES = 6
MIN_SENTENCE_CHARS = 12  # shorter pieces ("Upright.", a keyword list's tail) say nothing alone

# Written for this purpose in both languages (not machine-translated).
LABEL = {
    "en": "Extractive draft (no language model): sentences from the knowledge base, the most "
          "relevant first, each with its source.",
    "ar": "مسودة مستخلصة (من دون نموذج لغوي): جمل من قاعدة المعرفة، الأقرب إلى السؤال أولًا، "
          "ولكل جملة مصدرها.",
}
CHART = {"en": "Chart", "ar": "الخريطة الفلكية"}
SOURCES = {"en": "Sources", "ar": "المصادر"}
NOTHING_FOUND = {
    "en": "No knowledge base entry in English matched this question.",
    "ar": "لم نجد في قاعدة المعرفة نصًا بالعربية يناسب هذا السؤال.",
}


@dataclass(frozen=True)
class Draft:
    text: str
    chunk_ids: list[int]


def compose(context: dict[str, Any], chunks: list[dict[str, Any]],
            query_vector: Sequence[float] | None) -> Draft:
    """The draft for the order described by `context` (app.assist_draft_begin) from the
    retrieved `chunks` (app.kb_search rows), best first."""
    language = context["language"]
    candidates = [(sentence, chunk) for chunk in chunks if chunk["language"] == language
                  for sentence in sentences(chunk["chunk_text"])
                  if len(sentence) >= MIN_SENTENCE_CHARS]
    chosen = _ranked(candidates, query_vector)[:MAX_SENTENCES]

    cited: list[dict[str, Any]] = []
    lines: list[str] = []
    for sentence, chunk in chosen:
        if chunk not in cited:
            cited.append(chunk)
        lines.append(f"- {sentence} [{cited.index(chunk) + 1}]")

    parts = [LABEL[language]]
    if context.get("placements"):
        parts.append(f"{CHART[language]}:\n" + "\n".join(f"- {p}" for p in context["placements"]))
    parts.append("\n".join(lines) if lines else NOTHING_FOUND[language])
    if cited:
        parts.append(f"{SOURCES[language]}: " + "; ".join(
            f"[{n}] {c['doc_title']}" for n, c in enumerate(cited, 1)))
    return Draft("\n\n".join(parts), [c["chunk_id"] for c in cited])


def _ranked(candidates: list[tuple[str, dict[str, Any]]],
            query_vector: Sequence[float] | None) -> list[tuple[str, dict[str, Any]]]:
    """Closest to the question first; without a query vector (or without the embeddings
    provider), in retrieval order. Duplicate
    sentences (overlapping chunks share one) count once."""
    unique: dict[str, tuple[str, dict[str, Any]]] = {}
    for sentence, chunk in candidates:
        unique.setdefault(sentence, (sentence, chunk))
    items = list(unique.values())
    if not items or query_vector is None:
        return items
    try:
        vectors = embeddings.embed_texts([sentence for sentence, _ in items])
    except AppError as error:  # the embeddings provider is down: keep the retrieval order
        if error.code != embeddings.EMBEDDING_FAILED:
            raise
        return items
    scores = [_cosine(query_vector, v) for v in vectors]
    order = sorted(range(len(items)), key=lambda i: (-scores[i], i))
    return [items[i] for i in order]


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return sum(x * y for x, y in zip(a, b, strict=True)) / norm if norm else 0.0
