"""The DeepConf confidence (functions/samia_functions/assist/deepconf.py) on hand-made numbers,
and the sampling client (chat.py) driven through the real `openai` library against the
loopback chat-completions fake: scores, the kept sample, and every endpoint failure turned
into a fallback reason."""

from __future__ import annotations

import math
from collections.abc import Iterator

import pytest
from fakes.chat_completions_fake import ChatCompletionsFake, Reply

from samia_functions.assist import chat
from samia_functions.assist.deepconf import (
    group_confidences,
    token_confidence,
    trace_confidence,
)
from samia_functions.settings import DeepConfSettings

SURE = Reply("The Star shines on a calm road ahead, bringing hope and healing to you.", sure=0.98)
HESITANT = Reply("The Star shines on a calm road ahead, bringing hope and healing to you.",
                 sure=0.98, hesitant=(4, 8))
VAGUE = Reply("Perhaps something may change, or perhaps it may not, in some way.", sure=0.5)
MESSAGES = [{"role": "user", "content": "Question: will I travel?"}]


def test_token_confidence_is_the_negative_mean_of_the_alternatives_logprobs() -> None:
    assert token_confidence([math.log(0.5), math.log(0.25)], math.log(0.5)) == \
        pytest.approx(-(math.log(0.5) + math.log(0.25)) / 2)
    # no alternatives reported: the chosen token's own log-probability
    assert token_confidence([], math.log(0.5)) == pytest.approx(math.log(2))


def test_groups_slide_one_token_at_a_time() -> None:
    assert group_confidences([1, 2, 3, 4], 2) == [1.5, 2.5, 3.5]
    assert group_confidences([1, 2, 3], 5) == [2.0]  # shorter than the window: one group
    assert group_confidences([], 3) == []


def test_the_trace_confidence_is_the_mean_of_the_lowest_tenth_of_the_windows() -> None:
    tokens = [10.0] * 30 + [1.0] * 2 + [10.0] * 30  # one confused stretch in a sure text
    groups = sorted(group_confidences(tokens, 4))
    lowest = groups[:math.ceil(0.1 * len(groups))]
    assert trace_confidence(tokens, 4) == pytest.approx(sum(lowest) / len(lowest))
    assert trace_confidence(tokens, 4) < trace_confidence([10.0] * 62, 4)
    assert trace_confidence([], 4) is None


@pytest.fixture
def fake() -> Iterator[ChatCompletionsFake]:
    with ChatCompletionsFake(replies=[SURE, HESITANT, VAGUE]) as running:
        yield running


def settings(fake: ChatCompletionsFake, **changes) -> DeepConfSettings:
    values = {"base_url": fake.base_url, "api_key": fake.api_key, "model": "fake-model",
              "samples": 3, "window": 4, "threshold": None, "top_logprobs": 5,
              "timeout_seconds": 5.0}
    return DeepConfSettings(**{**values, **changes})


def test_samples_are_scored_and_the_most_confident_is_kept(fake: ChatCompletionsFake) -> None:
    samples = chat.sample_drafts(settings(fake), MESSAGES)
    assert [s.text for s in samples] == [SURE.text, HESITANT.text, VAGUE.text]
    sure, hesitant, vague = (s.confidence for s in samples)
    assert sure > hesitant > vague  # a confused stretch costs a text most of its score
    assert chat.keep_best(samples, None) is samples[0]
    sent = fake.requests[-1]
    assert sent.headers["Authorization"] == f"Bearer {fake.api_key}"
    assert (sent.body["n"], sent.body["logprobs"], sent.body["top_logprobs"],
            sent.body["model"]) == (3, True, 5, "fake-model")


def test_the_threshold_drops_low_confidence_samples(fake: ChatCompletionsFake) -> None:
    samples = chat.sample_drafts(settings(fake), MESSAGES)
    middle = samples[1].confidence
    assert chat.keep_best(samples, middle) is samples[0]
    with pytest.raises(chat.ModelUnavailable) as refused:
        chat.keep_best(samples, samples[0].confidence + 1)
    assert refused.value.reason == chat.LOW_CONFIDENCE


@pytest.mark.parametrize(("fault", "reason"), [
    (lambda f: f.fail(500), chat.UNAVAILABLE),
    (lambda f: f.fail(429), chat.UNAVAILABLE),
    (lambda f: f.fail(400), chat.REFUSED),
    (lambda f: f.delay(2.0), chat.TIMEOUT),
    (lambda f: f.omit_logprobs(), chat.MALFORMED),
    (lambda f: f.garbage(), chat.MALFORMED),
])
def test_endpoint_failures_become_a_fallback_reason(fake: ChatCompletionsFake, fault,
                                                    reason: str) -> None:
    fault(fake)
    with pytest.raises(chat.ModelUnavailable) as failed:
        chat.sample_drafts(settings(fake, timeout_seconds=0.5), MESSAGES)
    assert failed.value.reason == reason
    assert len(fake.requests) == 1  # no retries: the draft falls back at once


def test_a_wrong_key_is_refused(fake: ChatCompletionsFake) -> None:
    with pytest.raises(chat.ModelUnavailable) as failed:
        chat.sample_drafts(settings(fake, api_key="sk-wrong"), MESSAGES)
    assert failed.value.reason == chat.REFUSED


def test_no_server_at_all_is_unavailable(fake: ChatCompletionsFake) -> None:
    gone = settings(fake)
    fake.stop()
    with pytest.raises(chat.ModelUnavailable) as failed:
        chat.sample_drafts(gone, MESSAGES)
    assert failed.value.reason == chat.UNAVAILABLE
