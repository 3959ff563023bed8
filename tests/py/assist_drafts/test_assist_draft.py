"""The assist_draft function through the dev gateway, as a reader's frontend calls it: the
extractive draft without a model (English and Arabic), the DeepConf-kept LLM draft from the
loopback chat-completions API driven by the real `openai` client, every endpoint failure
falling back with its reason, who may draft and how often, and the provenance a submitted
result then carries to the monitor, the report and never the client."""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from fakes.chat_completions_fake import Reply
from test_astro_orders_flow import RIYADH_BIRTH, create_astro_order
from test_orders_flow import error_code, rpc

SURE = Reply("The Star promises healing and calm on your road [2], and travel brings rest "
             "rather than adventure [1].", sure=0.97)


def answer(content: str = '"The Star brings hope [1]."', logprob: str = "-0.05",
           choices: str | None = None) -> str:
    """A chat-completions answer as JSON text, one choice of two tokens, with its parts
    replaced by the JSON given (for answers out of shape)."""
    choice = ('{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", '
              f'"content": {content}}}, "logprobs": {{"content": ['
              f'{{"token": "a", "logprob": {logprob}, "bytes": [97], "top_logprobs": []}}, '
              '{"token": "b", "logprob": -0.1, "bytes": [98], "top_logprobs": []}]}}')
    return ('{"id": "chatcmpl-x", "object": "chat.completion", "created": 1, "model": "m", '
            f'"choices": {choices if choices is not None else f"[{choice}]"}}}')


VAGUE = Reply("Maybe the Tower, maybe not [3]; something could change, or could not.", sure=0.4)


def cites_the_knowledge_base(database_dsn: str, chunk_ids: list[int],
                             test_chunks: list[int]) -> bool:
    """Every cited chunk is stored, and this test's documents are among them. (Other test
    files may have added documents to the same database: retrieval rightly searches all.)"""
    with psycopg.connect(database_dsn) as conn:
        stored = {row[0] for row in conn.execute(
            "select id from app.kb_chunks where id = any(%s)", (chunk_ids,))}
    return bool(chunk_ids) and stored == set(chunk_ids) and bool(stored & set(test_chunks))


def drafts_of(supabase_for, user, order_id: str) -> list[dict]:
    return rpc(supabase_for(user), "list_assist_drafts", p_order_id=order_id)


def test_without_a_model_the_draft_is_extractive_and_cited(order_in_progress, call_draft,
                                                           supabase_for, make_user,
                                                           knowledge_base, database_dsn) -> None:
    scene = order_in_progress()
    r = call_draft(scene.reader, {"order_id": scene.order_id})
    assert r.status_code == 200, r.text
    draft = r.json()
    assert (draft["kind"], draft["model"], draft["language"], draft["fallback_reason"]) == \
        ("extractive", None, "en", None)
    assert draft["prompt_version"] == "draft-extractive-v1"
    assert draft["text"].startswith("Extractive draft (no language model)")
    assert "Star" in draft["text"] and "[1]" in draft["text"]
    assert cites_the_knowledge_base(database_dsn, draft["chunk_ids"], knowledge_base)
    # every marker [n] names the n-th cited chunk, and every cited chunk is named
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", draft["text"])}
    assert markers == set(range(1, len(draft["chunk_ids"]) + 1))
    assert draft["author_id"] == scene.reader.id

    listed = drafts_of(supabase_for, scene.reader, scene.order_id)
    assert [d["id"] for d in listed] == [draft["id"]]
    assert [d["id"] for d in drafts_of(supabase_for, make_user("monitor"), scene.order_id)] == \
        [draft["id"]]
    assert error_code(lambda: drafts_of(supabase_for, scene.client, scene.order_id)) == "42501"
    assert error_code(lambda: drafts_of(supabase_for, make_user("reader"), scene.order_id)) == \
        "ORDNF"


def test_an_arabic_question_gets_an_arabic_draft(order_in_progress, call_draft) -> None:
    scene = order_in_progress("هل يجلب لي السفر الأمل والهدوء؟")
    r = call_draft(scene.reader, {"order_id": scene.order_id})
    assert r.status_code == 200, r.text
    draft = r.json()
    assert (draft["kind"], draft["language"]) == ("extractive", "ar")
    assert draft["text"].startswith("مسودة مستخلصة")
    assert "النجمة" in draft["text"] and "[1]" in draft["text"]
    # the reader may ask for the other language
    english = call_draft(scene.reader, {"order_id": scene.order_id, "language": "en"}).json()
    assert english["language"] == "en" and "Star" in english["text"]


def test_with_a_model_the_most_confident_sample_is_kept(order_in_progress, call_draft,
                                                        use_model, knowledge_base,
                                                        database_dsn) -> None:
    fake = use_model()
    fake.replies = [VAGUE, SURE, VAGUE]
    scene = order_in_progress()
    r = call_draft(scene.reader, {"order_id": scene.order_id})
    assert r.status_code == 200, r.text
    draft = r.json()
    assert (draft["kind"], draft["model"], draft["prompt_version"], draft["fallback_reason"]) \
        == ("llm", "fake-model", "draft-llm-v1", None)
    scores = draft["sample_confidences"]
    assert len(scores) == 3 and scores[0] == scores[2] < scores[1] == draft["confidence"]
    # the kept sample, its markers renumbered by first citation
    assert draft["text"] == SURE.text.replace("[2]", "[x]").replace("[1]", "[2]") \
        .replace("[x]", "[1]")
    assert len(draft["chunk_ids"]) == 2
    assert cites_the_knowledge_base(database_dsn, draft["chunk_ids"], knowledge_base)

    sent = fake.requests[-1].body
    assert (sent["model"], sent["n"], sent["logprobs"]) == ("fake-model", 3, True)
    prompt = sent["messages"][1]["content"]
    assert "Question: Will my trip abroad bring me hope and calm?" in prompt
    # the sources, numbered, in any language (the model writes in the order's)
    assert "Sources:\n[1] " in prompt and "Test: The Star: The Star card stands for hope" in prompt


@pytest.mark.parametrize(("fault", "settings", "reason"), [
    (lambda f: f.fail(503), {}, "llm_unavailable"),
    (lambda f: f.fail(401), {}, "llm_refused"),
    (lambda f: f.delay(3.0), {"DEEPCONF_TIMEOUT_SECONDS": "0.5"}, "llm_timeout"),
    (lambda f: f.omit_logprobs(), {}, "llm_malformed"),
    (lambda f: f.garbage(), {}, "llm_malformed"),
    (lambda f: None, {"DEEPCONF_THRESHOLD": "999"}, "low_confidence"),
    # answers in the wrong shape, which the openai client passes on without validating
    (lambda f: f.answer_raw("[]"), {}, "llm_malformed"),
    (lambda f: f.answer_raw("null"), {}, "llm_malformed"),
    (lambda f: f.answer_raw(answer(choices="5")), {}, "llm_malformed"),
    (lambda f: f.answer_raw(answer(content="123")), {}, "llm_malformed"),
    (lambda f: f.answer_raw(answer(content='["hope"]')), {}, "llm_malformed"),
    # texts PostgreSQL cannot hold, and scores JSON cannot carry
    (lambda f: f.answer_raw(answer(content='"hope \\u0000 [1]"')), {}, "llm_malformed"),
    (lambda f: f.answer_raw(answer(content='"hope \\ud800 [1]"')), {}, "llm_malformed"),
    (lambda f: f.answer_raw(answer(logprob="-Infinity")), {}, "llm_malformed"),
    (lambda f: f.answer_raw(answer(logprob="NaN")), {}, "llm_malformed"),
])
def test_a_failing_endpoint_falls_back_to_an_extractive_draft(order_in_progress, call_draft,
                                                              use_model, supabase_for, fault,
                                                              settings, reason) -> None:
    fault(use_model(**settings))
    scene = order_in_progress()
    r = call_draft(scene.reader, {"order_id": scene.order_id})
    assert r.status_code == 200, r.text
    draft = r.json()
    assert (draft["kind"], draft["model"], draft["confidence"], draft["fallback_reason"]) == \
        ("extractive", None, None, reason)
    # the samples' scores are kept when they existed but were all too low
    assert bool(draft["sample_confidences"]) == (reason == "low_confidence")
    assert [d["id"] for d in drafts_of(supabase_for, scene.reader, scene.order_id)] == \
        [draft["id"]]


def test_only_the_assigned_reader_drafts_and_ten_an_hour(order_in_progress, call_draft,
                                                         make_user, monkeypatch,
                                                         database_dsn: str) -> None:
    scene = order_in_progress()
    assert call_draft(None, {"order_id": scene.order_id}).status_code == 401
    refused = call_draft(scene.client, {"order_id": scene.order_id})
    assert (refused.status_code, refused.json()["code"]) == (403, "42501")
    other = call_draft(make_user("reader"), {"order_id": scene.order_id})
    assert (other.status_code, other.json()["code"]) == (400, "ORDNF")
    for body in ({}, {"order_id": "not-a-uuid"}, {"order_id": scene.order_id, "language": 3}):
        bad = call_draft(scene.reader, body)
        assert (bad.status_code, bad.json()["code"]) == (400, "BADRQ")
    wrong = call_draft(scene.reader, {"order_id": scene.order_id, "language": "fr"})
    assert (wrong.status_code, wrong.json()["code"]) == (400, "BADLG")
    # a half-configured model is the operator's mistake: 503 before anything is spent
    monkeypatch.setenv("DEEPCONF_BASE_URL", "http://127.0.0.1:9/v1")
    from samia_functions.settings import get_deepconf_settings
    get_deepconf_settings.cache_clear()
    broken = call_draft(scene.reader, {"order_id": scene.order_id})
    assert (broken.status_code, broken.json()["code"]) == (503, "CFGMS")
    monkeypatch.delenv("DEEPCONF_BASE_URL")
    get_deepconf_settings.cache_clear()

    statuses = [call_draft(scene.reader, {"order_id": scene.order_id}).status_code
                for _ in range(11)]
    assert statuses == [200] * 10 + [429]
    limited = call_draft(scene.reader, {"order_id": scene.order_id})
    assert limited.json()["code"] == "PT429"
    assert int(limited.headers["Retry-After"]) > 0
    with psycopg.connect(database_dsn) as conn:
        (stored,) = conn.execute("select count(*) from app.assist_drafts where order_id = %s",
                                 (scene.order_id,)).fetchone()
    assert stored == 10


def test_the_result_records_how_much_came_from_a_draft(order_in_progress, call_draft,
                                                       supabase_for, make_user) -> None:
    scene = order_in_progress()
    draft = call_draft(scene.reader, {"order_id": scene.order_id}).json()
    copied = draft["text"].split("\n\n")[1]  # the cited sentences, as the reader kept them
    reading = f"{copied}\n\nTrust yourself on this journey, the rest is yours to write."
    submitted = rpc(supabase_for(scene.reader), "submit_order_result",
                    p_order_id=scene.order_id, p_output_text=reading)
    assert submitted["draft_id"] == draft["id"]
    assert 0.5 < submitted["draft_overlap"] < 1.0

    monitor, admin = make_user("monitor"), make_user("admin")
    seen = rpc(supabase_for(monitor), "get_order", p_order_id=scene.order_id)
    assert (seen["draft_id"], seen["draft_overlap"]) == (draft["id"], submitted["draft_overlap"])
    rpc(supabase_for(monitor), "approve_order", p_order_id=scene.order_id)
    delivered = rpc(supabase_for(scene.client), "get_order", p_order_id=scene.order_id)
    assert delivered["output_text"] == reading
    assert "draft_id" not in delivered and "draft_overlap" not in delivered

    report = rpc(supabase_for(admin), "assist_draft_report")
    mine = next(r for r in report["readers"] if r["reader_id"] == scene.reader.id)
    assert (mine["results"], mine["results_with_drafts"], mine["extractive_drafts"]) == (1, 1, 1)


def test_an_astro_order_is_drafted_from_its_chart(make_client, make_user, supabase_for, api_url,
                                                  anon_key, call_draft, use_model,
                                                  knowledge_base) -> None:
    client, reader, admin = make_client(), make_user("reader"), make_user("admin")
    created = create_astro_order(api_url, anon_key, client.token, RIYADH_BIRTH)
    assert created.status_code == 200, created.text
    order_id = created.json()["id"]
    rpc(supabase_for(admin), "assign_order", p_order_id=order_id, p_reader_id=reader.id)

    extractive = call_draft(reader, {"order_id": order_id}).json()
    assert "Chart:\n- Sun in Taurus 10°50′, house 9" in extractive["text"]

    fake = use_model()
    fake.replies = [SURE]
    r = call_draft(reader, {"order_id": order_id})
    assert r.status_code == 200 and r.json()["kind"] == "llm", r.text
    prompt = fake.requests[-1].body["messages"][1]["content"]
    assert "Natal chart placements:\n- Sun in Taurus 10°50′, house 9" in prompt


def test_an_order_taken_away_while_the_model_writes_stores_nothing(order_in_progress, call_draft,
                                                                   use_model, supabase_for,
                                                                   make_user,
                                                                   database_dsn: str) -> None:
    fake = use_model()
    fake.delay(2.0)
    scene = order_in_progress()
    other, admin = make_user("reader"), make_user("admin")
    with ThreadPoolExecutor(1) as pool:
        drafting = pool.submit(call_draft, scene.reader, {"order_id": scene.order_id})
        while not fake.requests:  # the model is writing; no lock on the order meanwhile
            time.sleep(0.05)
        rpc(supabase_for(admin), "assign_order", p_order_id=scene.order_id,
            p_reader_id=other.id, p_reassign=True)
        answer = drafting.result(timeout=60)
    assert (answer.status_code, answer.json()["code"]) == (400, "ORDNF")
    with psycopg.connect(database_dsn) as conn:
        (stored,) = conn.execute("select count(*) from app.assist_drafts where order_id = %s",
                                 (scene.order_id,)).fetchone()
        (spent,) = conn.execute(
            "select tokens < 10 from app.rate_limit_buckets"
            " where action = 'assist_drafts' and subject = %s", (scene.reader.id,)).fetchone()
    assert stored == 0 and spent  # nothing stored; the attempt still counts


@pytest.fixture
def embeddings_provider_down(monkeypatch) -> Iterator[None]:
    """An outside embeddings provider that nobody answers for (a closed loopback port)."""
    from samia_functions.assist import embeddings
    from samia_functions.settings import get_semantic_settings

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("SEMANTIC_BASE_URL", f"http://127.0.0.1:{port}/v1")
    monkeypatch.setenv("SEMANTIC_MODEL", "down-model")
    monkeypatch.setenv("SEMANTIC_DIMENSIONS", "512")
    get_semantic_settings.cache_clear()
    embeddings.get_embedder.cache_clear()
    yield
    monkeypatch.undo()
    get_semantic_settings.cache_clear()
    embeddings.get_embedder.cache_clear()


def test_an_embeddings_outage_costs_the_ranking_not_the_draft(order_in_progress, call_draft,
                                                              embeddings_provider_down) -> None:
    scene = order_in_progress("Star card, hope?")
    r = call_draft(scene.reader, {"order_id": scene.order_id})
    assert r.status_code == 200, r.text
    draft = r.json()
    # the text-only search still finds the Star; its sentences keep the retrieval order
    assert draft["kind"] == "extractive" and draft["chunk_ids"]
    assert "- The Star card stands for hope after a hard season. [1]" in draft["text"]
