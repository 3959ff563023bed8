"""assist_knowledge_add and assist_search through the dev gateway's /functions/v1, as a
frontend calls them: admins add, readers and staff search across languages, everyone else is
refused by the database's rule."""

from __future__ import annotations

import json
import uuid

import httpx
import pytest

from samia_cli.testserver import authenticator_dsn


@pytest.fixture
def invoke(api_url: str, anon_key: str, database_dsn: str, jwt_secret: str,
           monkeypatch: pytest.MonkeyPatch):
    """call(name, user, body): the function's (status, JSON) through the gateway, whose
    functions use this run's database."""
    from samia_functions import db
    from samia_functions.settings import get_settings

    monkeypatch.setenv("FUNCTIONS_DB_DSN", authenticator_dsn(database_dsn))
    monkeypatch.setenv("JWT_SECRET", jwt_secret)
    get_settings.cache_clear()
    db.close_pool()

    def call(name: str, user, body) -> tuple[int, object]:
        headers = {"apikey": anon_key}
        if user is not None:
            headers["Authorization"] = f"Bearer {user.token}"
        r = httpx.post(f"{api_url}/functions/v1/{name}", json=body, headers=headers, timeout=60)
        return r.status_code, r.json()

    yield call
    get_settings.cache_clear()
    db.close_pool()


@pytest.fixture
def document() -> dict:
    marker = uuid.uuid4().hex[:8]  # the run's database is shared: a text of this test's own
    return {"title": f"The Hermit {marker}", "source": "test notes", "licence": "internal",
            "text": (f"Note {marker}. The Hermit card stands for solitude and inner wisdom. "
                     "A reader sees a time to withdraw and reflect. "
                     "Reversed, it can point to isolation or loneliness.")}


def test_an_admin_adds_once_and_a_reader_finds_it_in_arabic(invoke, make_user, document):
    admin, reader = make_user("admin"), make_user("reader")
    status, added = invoke("assist_knowledge_add", admin, document)
    assert status == 200, added
    assert added["created"] is True and added["chunks"] == 2
    status, again = invoke("assist_knowledge_add", admin, {**document, "title": "other"})
    assert (status, again["created"], again["doc_id"]) == (200, False, added["doc_id"])

    status, hits = invoke("assist_search", reader,
                          {"query": "بطاقة الناسك والعزلة والحكمة الداخلية", "k": 5})
    assert status == 200, hits
    mine = [h for h in hits if h["doc_id"] == added["doc_id"]]
    assert mine, hits
    assert mine[0]["language"] == "en" and mine[0]["title"] == document["title"]
    assert mine[0]["scores"]["vector"] > 0.3
    assert set(mine[0]) >= {"chunk_id", "position", "text", "source", "licence", "scores"}


def test_staff_search_with_a_language_filter(invoke, make_user):
    status, hits = invoke("assist_search", make_user("monitor"),
                          {"query": "The Hermit", "language": "ar", "k": 3})
    assert status == 200 and all(h["language"] == "ar" for h in hits)


@pytest.mark.parametrize("role", ["client", None])
def test_clients_and_anon_cannot_search(invoke, make_user, role):
    user = make_user(role) if role else None
    status, error = invoke("assist_search", user, {"query": "The Hermit"})
    assert (status, error["code"]) == ((403, "42501") if role else (401, "AUTRQ"))


@pytest.mark.parametrize("role", ["reader", "monitor", "client"])
def test_only_admins_add(invoke, make_user, document, role):
    status, error = invoke("assist_knowledge_add", make_user(role), document)
    assert (status, error["code"]) == (403, "42501")


@pytest.mark.parametrize(("body", "code"), [
    ({"query": 7}, "BADRQ"),
    ({"query": "tower", "k": "ten"}, "BADRQ"),
    ({"query": "tower", "k": 0}, "ASKOR"),
    ({"query": "   "}, "ASQRY"),
    ({"query": "tower", "language": "fr"}, "BADLG"),
])
def test_bad_searches_are_400_with_a_code(invoke, make_user, body, code):
    status, error = invoke("assist_search", make_user("reader"), body)
    assert (status, error["code"]) == (400, code)


@pytest.mark.parametrize("body", [{"query": "tower \ud800"},
                                  {"query": "tower", "language": "\udfff"}])
def test_a_lone_surrogate_is_refused_at_the_edge(invoke, api_url, anon_key, make_user, body):
    """Valid JSON (an escape), but no text: 400 BADRQ, not a 500 from the database driver."""
    r = httpx.post(f"{api_url}/functions/v1/assist_search", content=json.dumps(body),
                   headers={"apikey": anon_key, "Content-Type": "application/json",
                            "Authorization": f"Bearer {make_user('reader').token}"}, timeout=60)
    assert (r.status_code, r.json()["code"]) == (400, "BADRQ")


@pytest.mark.parametrize(("change", "code"), [
    ({"text": None}, "BADRQ"),
    ({"licence": ""}, "KBBAD"),
    ({"text": "   "}, "KBBAD"),
    ({"language": "de"}, "BADLG"),
])
def test_bad_documents_are_400_with_a_code(invoke, make_user, document, change, code):
    status, error = invoke("assist_knowledge_add", make_user("admin"), {**document, **change})
    assert (status, error["code"]) == (400, code)


def test_the_rpc_serves_text_only_search_over_rest(supabase_for, make_user):
    """Without an embedding, /rest/v1/rpc/assist_search is a text search (the function is the
    way to search by meaning); clients are refused there too."""
    from postgrest.exceptions import APIError

    hits = supabase_for(make_user("reader")).rpc(
        "assist_search", {"p_query": "xyzzy-nothing-matches", "p_k": 3}).execute().data
    assert hits == []
    with pytest.raises(APIError) as refused:
        supabase_for(make_user("client")).rpc("assist_search", {"p_query": "tower"}).execute()
    assert refused.value.code == "42501"


@pytest.mark.parametrize("embedding", [[0.0] * 16001, "[0.1, 0.2]", [0.1, "x"], []])
def test_an_embedding_out_of_shape_over_rest_is_400_with_a_code(supabase_for, make_user,
                                                                 embedding):
    """More dimensions than pgvector takes (16,000), or not an array of numbers: 400 ASVSH from
    the RPC's own check, never a 500 from reading the argument."""
    from postgrest.exceptions import APIError

    with pytest.raises(APIError) as refused:
        supabase_for(make_user("reader")).rpc("assist_search", {
            "p_query": "tower", "p_embedding": embedding, "p_model": "test-model"}).execute()
    assert refused.value.code == "ASVSH"
    details = json.loads(refused.value.details)
    assert details["maximum"] == 16000


def test_an_embedding_as_a_json_array_is_searched_over_rest(supabase_for, make_user):
    hits = supabase_for(make_user("reader")).rpc("assist_search", {
        "p_query": "xyzzy-nothing-matches", "p_embedding": [0.1, 0.2], "p_model": "test-model",
        "p_k": 3}).execute().data
    assert hits == []


@pytest.fixture
def counted_embeddings(monkeypatch: pytest.MonkeyPatch):
    """An outside embeddings provider that counts what it is asked to embed."""
    from fakes.openai_embeddings_fake import API_KEY, EmbeddingsFake

    from samia_functions.assist import embeddings
    from samia_functions.settings import get_semantic_settings

    def reset() -> None:
        get_semantic_settings.cache_clear()
        embeddings.get_embedder.cache_clear()

    with EmbeddingsFake(default_dimensions=8) as fake:
        monkeypatch.setenv("SEMANTIC_BASE_URL", fake.base_url)
        monkeypatch.setenv("SEMANTIC_API_KEY", API_KEY)
        monkeypatch.setenv("SEMANTIC_MODEL", "loopback-embed-1")
        monkeypatch.delenv("SEMANTIC_DIMENSIONS", raising=False)
        reset()
        embeddings.dimension()  # the provider's one size probe, before any search
        yield fake
    reset()


def test_a_search_the_database_refuses_embeds_nothing(invoke, make_user, counted_embeddings,
                                                      database_dsn):
    """The caller, the input and the rate limit are asked before the query is embedded: an
    over-limit reader cannot make the function embed (spend CPU, or a paid provider) at will."""
    import psycopg

    reader = make_user("reader")
    asked = len(counted_embeddings.requests)
    for body, code in (({"query": "x" * 1001}, "ASQRY"), ({"query": "tower", "k": 0}, "ASKOR"),
                       ({"query": "tower", "k": 10**30}, "22003"),
                       ({"query": "tower", "language": "fr"}, "BADLG")):
        status, error = invoke("assist_search", reader, body)
        assert (status, error["code"]) == (400, code)
    assert invoke("assist_search", make_user("client"), {"query": "tower"})[0] == 403
    with psycopg.connect(database_dsn, autocommit=True) as conn:
        conn.execute("insert into app.rate_limit_buckets (action, subject, tokens, refreshed_at)"
                     " values ('search', %s, 0, now())", (reader.id,))
    for _ in range(3):
        status, error = invoke("assist_search", reader, {"query": "tower"})
        assert (status, error["code"]) == (429, "PT429")
    assert len(counted_embeddings.requests) == asked

    status, hits = invoke("assist_search", make_user("reader"), {"query": "tower"})
    assert status == 200 and len(counted_embeddings.requests) == asked + 1


def test_an_admin_over_the_add_limit_embeds_nothing(invoke, make_user, counted_embeddings,
                                                    database_dsn, document):
    """The `knowledge_add` limit (30 an hour) is asked before the text is cut and embedded:
    429 PT429, nothing stored, nothing embedded; another admin still adds."""
    import psycopg

    admin = make_user("admin")
    with psycopg.connect(database_dsn, autocommit=True) as conn:
        conn.execute("insert into app.rate_limit_buckets (action, subject, tokens, refreshed_at)"
                     " values ('knowledge_add', %s, 0, now())", (admin.id,))
    asked = len(counted_embeddings.requests)
    status, error = invoke("assist_knowledge_add", admin, document)
    assert (status, error["code"]) == (429, "PT429")
    assert json.loads(error["details"])["retry_after_seconds"] > 0
    assert len(counted_embeddings.requests) == asked
    with psycopg.connect(database_dsn) as conn:
        stored = conn.execute("select count(*) from app.kb_docs where title = %s",
                              (document["title"],)).fetchone()[0]
    assert stored == 0

    status, added = invoke("assist_knowledge_add", make_user("admin"), document)
    assert status == 200 and added["created"] is True
    assert len(counted_embeddings.requests) > asked
