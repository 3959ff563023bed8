"""Cut a document into chunks of a few sentences with a small overlap, for embedding.

A chunk of two to four sentences is long enough to carry a meaning and short enough that its
one vector still stands for it. Consecutive chunks share a sentence, so an idea that straddles
a boundary is whole in one of them. A sentence longer than a chunk may be is cut at word
boundaries.
"""

from __future__ import annotations

import re

SENTENCES_PER_CHUNK = 3
OVERLAP_SENTENCES = 1
MAX_CHUNK_CHARS = 1200  # app.kb_chunks allows 4000; shorter chunks embed more sharply

# A sentence ends at . ! ? (and the Arabic ؟ and ؛ and the full stop ۔) followed by space, or
# at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?؟؛۔])\s+|\n+")


def sentences(text: str) -> list[str]:
    parts = (" ".join(part.split()) for part in _SENTENCE_END.split(text))
    return [piece for part in parts if part for piece in _cut_long(part)]


def _cut_long(sentence: str) -> list[str]:
    if len(sentence) <= MAX_CHUNK_CHARS:
        return [sentence]
    pieces, current = [], ""
    for word in sentence.split(" "):
        if current and len(current) + 1 + len(word) > MAX_CHUNK_CHARS:
            pieces.append(current)
            current = ""
        current = f"{current} {word}" if current else word[:MAX_CHUNK_CHARS]
    return [*pieces, current] if current else pieces


def chunk_text(text: str) -> list[str]:
    """The chunks of a text, in order; none for a text without words."""
    found = sentences(text)
    chunks: list[str] = []
    start = 0
    while start < len(found):
        group: list[str] = []
        end = start
        while end < len(found) and len(group) < SENTENCES_PER_CHUNK:
            if group and len(" ".join([*group, found[end]])) > MAX_CHUNK_CHARS:
                break
            group.append(found[end])
            end += 1
        chunks.append(" ".join(group))
        if end >= len(found):
            break
        start = max(start + 1, end - OVERLAP_SENTENCES)
    return chunks
