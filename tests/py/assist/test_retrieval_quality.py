"""Retrieval quality of the bundled model on the bilingual pair set (tests/data): a guard
against a broken model, normalisation or pair file, not a benchmark (bench/assist.py prints
both models' figures). The thresholds sit below the measured values (docs/assist.md)."""

from __future__ import annotations

import pytest

from samia_functions.assist import embeddings, evaluation


@pytest.fixture(scope="module")
def recall() -> dict[str, evaluation.Recall]:
    data = evaluation.load_pairs()
    rows = evaluation.recall_by_kind(data, embeddings.embed_texts,
                                     lambda queries: embeddings.embed_texts(queries))
    return {r.kind: r for r in rows}


def test_the_pair_set_has_the_three_kinds_and_at_least_fifty_pairs():
    data = evaluation.load_pairs()
    kinds = [p["kind"] for p in data["pairs"]]
    assert len(kinds) >= 50 and set(kinds) == {"ar->en", "en->ar", "ar->ar"}
    ids = {p["id"]: p["language"] for p in data["passages"]}
    for pair in data["pairs"]:
        assert ids[pair["passage"]] == pair["kind"][-2:]  # the passage is in the target language


def test_the_bundled_model_finds_passages_across_languages(recall):
    assert recall["all"].at_5 >= 0.8 and recall["all"].at_1 >= 0.6
    assert recall["ar->en"].at_5 >= 0.8
    assert recall["en->ar"].at_5 >= 0.6
    assert recall["ar->ar"].at_5 >= 0.9
