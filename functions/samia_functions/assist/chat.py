"""Sample drafts from an OpenAI-compatible chat-completions endpoint (DEEPCONF_* settings)
through the official `openai` client, and score each with its DeepConf confidence.

One request asks for `samples` choices (the API's `n`) with `logprobs` and `top_logprobs`.
No retries: the drafting function falls back to an extractive draft at once, and the reader
may ask again. Whatever goes wrong with the endpoint becomes `ModelUnavailable` with a short
reason that the draft records (`fallback_reason`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import openai
from openai import OpenAI

from ..settings import DeepConfSettings
from .deepconf import token_confidence, trace_confidence

MAX_DRAFT_TOKENS = 900  # a reading of a few paragraphs
TEMPERATURE = 0.8  # diverse samples, so that confidence has something to choose between
MAX_TEXT_CHARS = 20000  # app.assist_drafts.text holds at most this

# fallback reasons, as stored in app.assist_drafts.fallback_reason
TIMEOUT = "llm_timeout"  # no answer within DEEPCONF_TIMEOUT_SECONDS
UNAVAILABLE = "llm_unavailable"  # no connection, or a server error (5xx, 429)
REFUSED = "llm_refused"  # the endpoint refused the request (4xx: key, model, parameters)
MALFORMED = "llm_malformed"  # an answer out of shape: no text, no or unusable log-probabilities
LOW_CONFIDENCE = "low_confidence"  # every sample scored below DEEPCONF_THRESHOLD


class ModelUnavailable(Exception):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass(frozen=True)
class Sample:
    text: str
    confidence: float


def sample_drafts(settings: DeepConfSettings, messages: list[dict[str, str]]) -> list[Sample]:
    """The scored samples, in the order the endpoint gave them; ModelUnavailable when none
    could be had."""
    client = OpenAI(base_url=settings.base_url, api_key=settings.api_key,
                    timeout=settings.timeout_seconds, max_retries=0)
    try:
        answer = client.chat.completions.create(
            model=settings.model, messages=messages, n=settings.samples, logprobs=True,
            top_logprobs=settings.top_logprobs, temperature=TEMPERATURE,
            max_tokens=MAX_DRAFT_TOKENS)
    except openai.APITimeoutError as error:
        raise ModelUnavailable(TIMEOUT, type(error).__name__) from error
    except openai.APIConnectionError as error:
        raise ModelUnavailable(UNAVAILABLE, type(error).__name__) from error
    except openai.APIStatusError as error:
        reason = REFUSED if 400 <= error.status_code < 500 and error.status_code != 429 \
            else UNAVAILABLE
        raise ModelUnavailable(reason, f"HTTP {error.status_code}") from error
    except (openai.OpenAIError, ValueError) as error:  # an answer the client cannot read
        raise ModelUnavailable(MALFORMED, type(error).__name__) from error
    # the client does not validate the answer: any JSON may stand where the format says a list
    choices = getattr(answer, "choices", None)
    samples = [s for s in (_scored(c, settings.window) for c in choices)
               if s] if isinstance(choices, list) else []
    if not samples:
        raise ModelUnavailable(MALFORMED, "no choice with text and log-probabilities")
    return samples


def _scored(choice: object, window: int) -> Sample | None:
    """A choice with its confidence; None without a text PostgreSQL can store (a string
    without NUL or lone surrogates) or without token log-probabilities giving a finite score."""
    content = getattr(getattr(choice, "message", None), "content", None)
    if not isinstance(content, str) or not _storable(content):
        return None
    text = content.strip()[:MAX_TEXT_CHARS]
    logprobs = getattr(choice, "logprobs", None)
    tokens = getattr(logprobs, "content", None) or []
    try:
        confidences = [
            token_confidence([alt.logprob for alt in (token.top_logprobs or [])], token.logprob)
            for token in tokens
        ]
    except (AttributeError, TypeError):
        return None
    score = trace_confidence(confidences, window)
    # -Infinity or NaN log-probabilities (JSON parsers accept both) make no usable score
    if not text or score is None or not math.isfinite(score):
        return None
    return Sample(text, score)


def _storable(text: str) -> bool:
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def keep_best(samples: list[Sample], threshold: float | None) -> Sample:
    """The most confident sample of those at or above the threshold; ModelUnavailable
    (low_confidence) when the threshold drops them all."""
    kept = [s for s in samples if threshold is None or s.confidence >= threshold]
    if not kept:
        raise ModelUnavailable(LOW_CONFIDENCE, f"best {max(s.confidence for s in samples):.3f}")
    return max(kept, key=lambda s: s.confidence)
