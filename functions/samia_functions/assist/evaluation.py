"""Retrieval quality on the bilingual pair set (tests/data/assist_retrieval_pairs.json): for
each query, where its passage ranks among all passages by cosine similarity. Shared by
bench/assist.py (both models, a table) and the quality test (the chosen model, a threshold).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

PAIRS_FILE = Path(__file__).resolve().parents[3] / "tests" / "data" / "assist_retrieval_pairs.json"


@dataclass(frozen=True)
class Recall:
    kind: str  # "ar->en", "en->ar", "ar->ar" or "all"
    pairs: int
    at_1: float
    at_5: float


def load_pairs(path: Path = PAIRS_FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def recall_by_kind(data: dict,
                   embed_passages: Callable[[list[str]], Sequence[Sequence[float]]],
                   embed_queries: Callable[[list[str]], Sequence[Sequence[float]]],
                   ) -> list[Recall]:
    """Recall@1 and @5 per kind of pair and over all of them (vectors need not be normalised)."""
    ids = [p["id"] for p in data["passages"]]
    passages = _unit(embed_passages([p["text"] for p in data["passages"]]))
    queries = _unit(embed_queries([q["query"] for q in data["pairs"]]))
    ranks = []  # 0-based rank of the right passage for each pair
    for pair, query in zip(data["pairs"], queries, strict=True):
        scores = [sum(q * p for q, p in zip(query, passage, strict=True)) for passage in passages]
        target = scores[ids.index(pair["passage"])]
        ranks.append(sum(score > target for score in scores))
    result = []
    for kind in ("ar->en", "en->ar", "ar->ar", "all"):
        mine = [r for pair, r in zip(data["pairs"], ranks, strict=True)
                if kind in ("all", pair["kind"])]
        result.append(Recall(kind, len(mine), sum(r < 1 for r in mine) / len(mine),
                             sum(r < 5 for r in mine) / len(mine)))
    return result


def _unit(vectors: Sequence[Sequence[float]]) -> list[list[float]]:
    unit = []
    for vector in vectors:
        norm = math.sqrt(sum(float(x) * float(x) for x in vector))
        unit.append([float(x) / norm for x in vector])
    return unit
