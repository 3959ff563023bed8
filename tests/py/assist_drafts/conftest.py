"""Fixtures for AI assist drafts: the functions' settings for this run's database (the dev
gateway serves them in this process), a small bilingual knowledge base, an order in progress
with its reader, the loopback chat-completions API, and the assist_draft call as a frontend
makes it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import psycopg
import pytest
from fakes.chat_completions_fake import ChatCompletionsFake
from psycopg.conninfo import make_conninfo
from test_orders_flow import rpc

from samia_functions import db
from samia_functions.assist import knowledge
from samia_functions.settings import get_deepconf_settings, get_settings

DEEPCONF_VARS = ("DEEPCONF_BASE_URL", "DEEPCONF_API_KEY", "DEEPCONF_MODEL", "DEEPCONF_SAMPLES",
                 "DEEPCONF_WINDOW", "DEEPCONF_THRESHOLD", "DEEPCONF_TOP_LOGPROBS",
                 "DEEPCONF_TIMEOUT_SECONDS")

# Written for these tests (not from the seed), so each run finds exactly what it expects.
KNOWLEDGE = [
    knowledge.Document(
        "Test: The Star", "The Star card stands for hope after a hard season. Upright it "
        "promises healing, calm and renewed faith in the road ahead. Travel under the Star "
        "brings rest rather than adventure.", "tests/py/assist_drafts", "CC0", "en"),
    knowledge.Document(
        "Test: The Tower", "The Tower card speaks of sudden change that clears old ground. "
        "Upright it warns of upheaval at work or at home. What falls was not built to last.",
        "tests/py/assist_drafts", "CC0", "en"),
    knowledge.Document(
        "اختبار: النجمة", "بطاقة النجمة تعني الأمل بعد موسم صعب. وهي في وضعها المستقيم تبشر "
        "بالشفاء والهدوء وبثقة جديدة في الطريق. والسفر تحت النجمة راحة لا مغامرة.",
        "tests/py/assist_drafts", "CC0", "ar"),
]


@pytest.fixture(autouse=True)
def function_settings(monkeypatch: pytest.MonkeyPatch, database_dsn: str,
                      jwt_secret: str) -> Iterator[None]:
    """The in-process functions act on this run's database as the authenticator; no drafting
    model unless a test sets one (use_model)."""
    monkeypatch.setenv("FUNCTIONS_DB_DSN",
                       make_conninfo(database_dsn, user="authenticator", password="postgres"))
    monkeypatch.setenv("JWT_SECRET", jwt_secret)
    for name in DEEPCONF_VARS:
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    get_deepconf_settings.cache_clear()
    db.close_pool()
    yield
    get_settings.cache_clear()
    get_deepconf_settings.cache_clear()
    db.close_pool()


@pytest.fixture(scope="session")
def knowledge_base(database_dsn: str) -> list[int]:
    """The test documents, stored as the platform (idempotent); their chunk ids."""
    with psycopg.connect(database_dsn, autocommit=True) as conn:
        for doc in KNOWLEDGE:
            knowledge.add_document(conn, doc, as_owner=True)
        rows = conn.execute(
            "select c.id from app.kb_chunks as c join app.kb_docs as d on d.id = c.doc_id"
            " where d.source = 'tests/py/assist_drafts' order by c.id").fetchall()
    return [row[0] for row in rows]


@dataclass(frozen=True)
class Scene:
    order_id: str
    client: Any
    reader: Any


@pytest.fixture
def order_in_progress(make_client, make_user, supabase_for,
                      knowledge_base) -> Callable[..., Scene]:
    """An order of a new client, assigned to a new reader and started."""

    def make(question: str = "Will my trip abroad bring me hope and calm?") -> Scene:
        client, reader, admin = make_client(), make_user("reader"), make_user("admin")
        order = rpc(supabase_for(client), "create_order", p_service_code="tarot",
                    p_question=question)
        rpc(supabase_for(admin), "assign_order", p_order_id=order["id"], p_reader_id=reader.id)
        rpc(supabase_for(reader), "start_order", p_order_id=order["id"])
        return Scene(order["id"], client, reader)

    return make


@pytest.fixture
def call_draft(api_url: str, anon_key: str) -> Callable[..., httpx.Response]:
    def call(user: Any | None, body: Any) -> httpx.Response:
        headers = {"apikey": anon_key}
        if user is not None:
            headers["Authorization"] = f"Bearer {user.token}"
        return httpx.post(f"{api_url}/functions/v1/assist_draft", json=body, headers=headers,
                          timeout=60)

    return call


@pytest.fixture
def chat_fake() -> Iterator[ChatCompletionsFake]:
    with ChatCompletionsFake() as running:
        yield running


@pytest.fixture
def use_model(monkeypatch: pytest.MonkeyPatch,
              chat_fake: ChatCompletionsFake) -> Callable[..., ChatCompletionsFake]:
    """Point the DEEPCONF_* settings at the fake (extra settings as keyword arguments)."""

    def configure(**settings: str) -> ChatCompletionsFake:
        values = {"DEEPCONF_BASE_URL": chat_fake.base_url, "DEEPCONF_API_KEY": chat_fake.api_key,
                  "DEEPCONF_MODEL": "fake-model", "DEEPCONF_SAMPLES": "3",
                  "DEEPCONF_WINDOW": "4", **settings}
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        get_deepconf_settings.cache_clear()
        return chat_fake

    return configure
