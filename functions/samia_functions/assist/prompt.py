"""What the drafting model is asked: the order's question and service, an astro order's chart
placements, and the retrieved knowledge as numbered sources to cite as [n].

PROMPT_VERSION names this wording; every LLM draft stores it, so a change of wording is a new
version and drafts stay comparable.
"""

from __future__ import annotations

from typing import Any

PROMPT_VERSION = "draft-llm-v1"
LANGUAGE_NAMES = {"ar": "Arabic", "en": "English"}

SYSTEM = (
    "You help a professional reader of a tarot, coffee-cup and astrology platform prepare a "
    "reading for a client. Write a draft of the reading in {language}: warm, concrete, a few "
    "short paragraphs, addressed to the client. Use only the numbered sources and the chart "
    "given; after each statement that rests on a source, cite it as [n]. Never invent cards, "
    "placements or sources, and never promise outcomes about health, money or the law."
)


def messages(context: dict[str, Any], chunks: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The chat messages for one draft: the rules as the system message, the order and the
    sources as the user message."""
    language = LANGUAGE_NAMES[context["language"]]
    parts = [f"Service: {context['service_name']}", f"Question: {context['question']}"]
    if context.get("placements"):
        parts.append("Natal chart placements:\n" + "\n".join(
            f"- {p}" for p in context["placements"]))
    if chunks:
        parts.append("Sources:\n" + "\n".join(
            f"[{n}] {c['doc_title']}: {c['chunk_text']}" for n, c in enumerate(chunks, 1)))
    else:
        parts.append("Sources: none matched the question; say so briefly and keep to the chart "
                     "or the question.")
    parts.append(f"Write the draft in {language}.")
    return [{"role": "system", "content": SYSTEM.format(language=language)},
            {"role": "user", "content": "\n\n".join(parts)}]
