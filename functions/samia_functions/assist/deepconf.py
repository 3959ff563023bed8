"""DeepConf-style confidence of a sampled text, from its token log-probabilities.

After Fu et al., "Deep Think with Confidence" (2025), the measures used here:

- token confidence, for the token at position i with the k most likely alternatives the
  model reported there (the chosen token among them):
      C_i = -(1/k) * sum_{j=1..k} log P_i(j)
  A peaked distribution (the model was sure) leaves the alternatives very unlikely, so C_i is
  high; a flat one (the model hesitated) makes it low.
- group confidence over a sliding window G_i of w consecutive tokens (stride 1):
      C_G(i) = (1/w) * sum_{t in G_i} C_t
  A text shorter than w tokens is one group of all its tokens.
- the text's confidence is the *bottom-10% group confidence*: the mean of the lowest
  ceil(10% of the groups) group confidences (at least one). One confused stretch of a draft
  is what makes it unreliable, so the weakest windows decide, not the average.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

BOTTOM_SHARE = 0.10  # the share of lowest-confidence windows whose mean is the score


def token_confidence(top_logprobs: Sequence[float], chosen_logprob: float) -> float:
    """C_i from the alternatives' log-probabilities; the chosen token's own when a server
    reported no alternatives for the position."""
    values = list(top_logprobs) or [chosen_logprob]
    return -sum(values) / len(values)


def group_confidences(confidences: Sequence[float], window: int) -> list[float]:
    """The mean token confidence of every window of `window` consecutive tokens."""
    if not confidences:
        return []
    width = min(window, len(confidences))
    prefix = [0.0]
    for value in confidences:
        prefix.append(prefix[-1] + value)
    return [(prefix[i + width] - prefix[i]) / width
            for i in range(len(confidences) - width + 1)]


def trace_confidence(confidences: Sequence[float], window: int,
                     bottom_share: float = BOTTOM_SHARE) -> float | None:
    """The bottom-`bottom_share` group confidence of a text; None for a text without tokens."""
    groups = sorted(group_confidences(confidences, window))
    if not groups:
        return None
    lowest = groups[:max(1, math.ceil(bottom_share * len(groups)))]
    return sum(lowest) / len(lowest)
