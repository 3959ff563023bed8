"""`samia kb reembed`: after the embedding model changes, every chunk gets a vector of the
configured model, batch by batch and resumably; search meanwhile compares only vectors of the
model it is asked about. The new model is the loopback OpenAI-compatible provider, driven
through the real `openai` client; the database is a fresh one of its own, since a re-embed
touches every chunk."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner
from fakes.openai_embeddings_fake import API_KEY, EmbeddingsFake, vector_for
from psycopg import sql

from samia_cli.cli import main
from samia_cli.testdb import create_test_database
from samia_functions.assist import embeddings
from samia_functions.settings import get_semantic_settings

ROOT = Path(__file__).resolve().parents[3]
NEW_MODEL = "loopback-embed-1"
READER = "00000000-0000-4000-8000-0000000ee001"


@pytest.fixture
def kb_dsn(cluster_dsn: str) -> Iterator[str]:
    name = f"kb_reembed_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    dsn = create_test_database(cluster_dsn, name, ROOT, pgtap=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("insert into auth.users (id, aud, role, email, raw_app_meta_data) values"
                     " (%s, 'authenticated', 'authenticated', 'reader@reembed.test',"
                     " '{\"role\": \"reader\"}')", (READER,))
    yield dsn
    with psycopg.connect(cluster_dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("drop database {} with (force)").format(sql.Identifier(name)))


def _use_model(monkeypatch: pytest.MonkeyPatch, base_url: str | None) -> None:
    """Configure the provider at base_url, or the bundled model with None."""
    for variable, value in (("SEMANTIC_BASE_URL", base_url), ("SEMANTIC_API_KEY", API_KEY),
                            ("SEMANTIC_MODEL", NEW_MODEL)):
        if base_url is None:
            monkeypatch.delenv(variable, raising=False)
        else:
            monkeypatch.setenv(variable, value)
    monkeypatch.delenv("SEMANTIC_DIMENSIONS", raising=False)
    get_semantic_settings.cache_clear()
    embeddings.get_embedder.cache_clear()


@pytest.fixture
def provider(monkeypatch: pytest.MonkeyPatch) -> Iterator[EmbeddingsFake]:
    with EmbeddingsFake(default_dimensions=8) as fake:
        yield fake
    _use_model(monkeypatch, None)


def _models(dsn: str) -> list[tuple]:
    with psycopg.connect(dsn) as conn:
        return conn.execute("select embedding_model, embedding_dim, count(*) from app.kb_chunks"
                            " group by 1, 2 order by 1").fetchall()


def _reembed(dsn: str, *args: str):
    return CliRunner().invoke(main, ["kb", "reembed", "--dsn", dsn, *args])


def test_reembed_moves_every_chunk_to_the_configured_model_and_resumes(
        kb_dsn, provider, monkeypatch, tmp_path):
    notes = []
    for name, text in (("tower", "The Tower falls. Truth arrives. A structure breaks. "
                                 "Dust settles. Something new is built."),
                       ("pisces", "برج الحوت مائي. يحلم كثيرا. يحب الفن. يشعر بالآخرين.")):
        notes.append(tmp_path / f"{name}.txt")
        notes[-1].write_text(text, encoding="utf-8")
    _use_model(monkeypatch, None)
    added = CliRunner().invoke(main, ["kb", "add", *map(str, notes), "--licence", "internal",
                                      "--dsn", kb_dsn])
    assert added.exit_code == 0, added.output
    [(old_model, old_dim, total)] = _models(kb_dsn)
    assert (old_model, old_dim) == ("use-multilingual-v3", 512) and total >= 4

    _use_model(monkeypatch, provider.base_url)
    provider.failures = 100  # the provider is down: the run stops and writes nothing
    failed = _reembed(kb_dsn)
    assert failed.exit_code == 1 and "ASEMB" in failed.output, failed.output
    assert _models(kb_dsn) == [(old_model, old_dim, total)]

    provider.failures = 0
    first = _reembed(kb_dsn, "--batch-size", "2", "--limit", "3")
    assert first.exit_code == 0, first.output
    assert f"3 chunks re-embedded, {total - 3} left (model {NEW_MODEL}, 8 dimensions)" \
        in first.output
    assert _models(kb_dsn) == [(NEW_MODEL, 8, 3), (old_model, old_dim, total - 3)]

    with psycopg.connect(kb_dsn) as conn:  # mid-way, each model's search sees its own only
        conn.execute("select set_config('request.jwt.claims', %s, true),"
                     " set_config('role', 'authenticated', true)",
                     (json.dumps({"sub": READER, "role": "authenticated"}),))
        text = conn.execute("select chunk_text from app.kb_search('xyzzy', %s::extensions.vector,"
                            " %s, null, 50) where vector_similarity > 0.999999",
                            (embeddings.to_pgvector(vector_for("The Tower falls. Truth arrives."
                                                               " A structure breaks.", 8)),
                             NEW_MODEL)).fetchall()
        assert text == [("The Tower falls. Truth arrives. A structure breaks.",)]
        seen = conn.execute("select count(*) from app.kb_search('xyzzy',"
                            " array_fill(0.1, array[8])::extensions.vector, %s, null, 50)"
                            " where vector_similarity is not null", (NEW_MODEL,)).fetchone()[0]
        assert seen == 3

    rest = _reembed(kb_dsn, "--batch-size", "2")
    assert rest.exit_code == 0, rest.output
    assert f"{total - 3} chunks re-embedded, 0 left" in rest.output
    assert _models(kb_dsn) == [(NEW_MODEL, 8, total)]
    again = _reembed(kb_dsn)
    assert "0 chunks re-embedded, 0 left" in again.output
    assert _models(kb_dsn) == [(NEW_MODEL, 8, total)]

    # a chunk whose recorded model differs is re-embedded, and only that one
    with psycopg.connect(kb_dsn) as conn:
        conn.execute("update app.kb_chunks set embedding = array_fill(0.5, array[8])::"
                     "extensions.vector, embedding_model = 'an-older-model'"
                     " where id = (select min(id) from app.kb_chunks)")
    requests_before = len(provider.requests)
    fixed = _reembed(kb_dsn)
    assert "1 chunks re-embedded, 0 left" in fixed.output, fixed.output
    assert _models(kb_dsn) == [(NEW_MODEL, 8, total)]
    assert [len(r["input"]) for r in provider.requests[requests_before:] if
            isinstance(r["input"], list) and r["input"] != ["dimension probe"]] == [1]
    with psycopg.connect(kb_dsn) as conn:
        stored = conn.execute("select embedding::text, text from app.kb_chunks"
                              " where id = (select min(id) from app.kb_chunks)").fetchone()
    assert json.loads(stored[0]) == pytest.approx(vector_for(stored[1], 8), abs=1e-6)
