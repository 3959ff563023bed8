"""The optional OpenAI-compatible embeddings provider (SEMANTIC_* settings), through the real
`openai` client against a loopback fake of POST /v1/embeddings."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fakes.openai_embeddings_fake import API_KEY, EmbeddingsFake, vector_for

from samia_functions.assist import embeddings
from samia_functions.errors import AppError
from samia_functions.settings import get_semantic_settings


def _reset() -> None:
    get_semantic_settings.cache_clear()
    embeddings.get_embedder.cache_clear()


@pytest.fixture
def provider(monkeypatch: pytest.MonkeyPatch) -> Iterator[EmbeddingsFake]:
    with EmbeddingsFake(default_dimensions=8) as fake:
        monkeypatch.setenv("SEMANTIC_BASE_URL", fake.base_url)
        monkeypatch.setenv("SEMANTIC_API_KEY", API_KEY)
        monkeypatch.setenv("SEMANTIC_MODEL", "loopback-embed-1")
        monkeypatch.delenv("SEMANTIC_DIMENSIONS", raising=False)
        _reset()
        yield fake
    _reset()


def test_the_provider_replaces_the_bundled_model(provider):
    assert embeddings.model_id() == "loopback-embed-1"
    assert embeddings.dimension() == 8  # asked once, from the provider's answer
    vectors = embeddings.embed_texts(["The Tower", "برج الحمل", "The Star"], batch_size=2)
    assert vectors == [vector_for(t, 8) for t in ("The Tower", "برج الحمل", "The Star")]
    assert embeddings.embed_query("hope") == vector_for("hope", 8)
    # batches of two texts after the dimension probe
    assert [r["input"] for r in provider.requests[1:3]] == [["The Tower", "برج الحمل"],
                                                            ["The Star"]]
    assert all(r["model"] == "loopback-embed-1" for r in provider.requests)


def test_a_configured_dimension_is_asked_of_the_provider(provider, monkeypatch):
    monkeypatch.setenv("SEMANTIC_DIMENSIONS", "16")
    _reset()
    assert embeddings.dimension() == 16
    assert len(embeddings.embed_query("hope")) == 16
    assert provider.requests[-1]["dimensions"] == 16


def test_a_passing_failure_is_retried_by_the_client(provider):
    embeddings.dimension()
    provider.failures = 1
    assert embeddings.embed_query("hope") == vector_for("hope", 8)


def test_a_failing_provider_is_a_502_with_a_code(provider):
    embeddings.dimension()
    provider.failures = 10  # more than the client's retries
    with pytest.raises(AppError) as failed:
        embeddings.embed_query("hope")
    assert (failed.value.status, failed.value.code) == (502, "ASEMB")


def test_a_wrong_key_is_a_502_with_a_code(provider, monkeypatch):
    monkeypatch.setenv("SEMANTIC_API_KEY", "sk-wrong")
    _reset()
    with pytest.raises(AppError) as failed:
        embeddings.embed_query("hope")
    assert failed.value.code == "ASEMB"


@pytest.mark.parametrize(("variable", "value", "named"), [
    ("SEMANTIC_MODEL", "", "SEMANTIC_MODEL"),
    ("SEMANTIC_DIMENSIONS", "many", "SEMANTIC_DIMENSIONS"),
])
def test_a_half_set_provider_is_a_503_naming_the_setting(provider, monkeypatch, variable,
                                                         value, named):
    monkeypatch.setenv(variable, value)
    _reset()
    with pytest.raises(AppError) as missing:
        embeddings.model_id()
    assert (missing.value.status, missing.value.code) == (503, "CFGMS")
    assert named in str(missing.value.details)
