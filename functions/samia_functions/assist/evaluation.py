"""Retrieval quality on the bilingual pair set (tests/data/assist_retrieval_pairs.json): for
each query, where its passage ranks among all passages by cosine similarity. Shared by
bench/assist.py (both models, a table) and the quality test (the chosen model, a threshold).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

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
    for pair, scores in zip(data["pairs"], queries @ passages.T, strict=True):
        target = scores[ids.index(pair["passage"])]
        ranks.append(int((scores > target).sum()))
    result = []
    for kind in ("ar->en", "en->ar", "ar->ar", "all"):
        mine = [r for pair, r in zip(data["pairs"], ranks, strict=True)
                if kind in ("all", pair["kind"])]
        result.append(Recall(kind, len(mine), sum(r < 1 for r in mine) / len(mine),
                             sum(r < 5 for r in mine) / len(mine)))
    return result


def _unit(vectors: Sequence[Sequence[float]]) -> np.ndarray:
    matrix = np.asarray(vectors, dtype=np.float64)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)
