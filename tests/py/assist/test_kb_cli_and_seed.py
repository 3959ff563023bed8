"""`samia kb add` (the platform fills the knowledge base, with progress) and the generated
seed file it loads with `samia kb seed`."""

from __future__ import annotations

import importlib.util
import json
import sys
import uuid
from pathlib import Path

import psycopg
from click.testing import CliRunner

from samia_cli.cli import main

ROOT = Path(__file__).resolve().parents[3]


def _generator():
    spec = importlib.util.spec_from_file_location("generate_kb_seed",
                                                  ROOT / "scripts" / "generate_kb_seed.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_kb_add_loads_files_once(tmp_path, database_dsn):
    marker = uuid.uuid4().hex[:8]
    note = tmp_path / f"coffee_cup_{marker}.txt"
    note.write_text(f"قراءة الفنجان {marker}. يقلب الفنجان بعد الشرب. تقرأ الأشكال على جدرانه.",
                    encoding="utf-8")
    args = ["kb", "add", str(note), "--licence", "internal", "--dsn", database_dsn]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    assert "1 added, 0 already there" in first.output
    second = CliRunner().invoke(main, args)
    assert "0 added, 1 already there" in second.output
    with psycopg.connect(database_dsn) as conn:
        rows = conn.execute(
            "select d.title, d.language, d.source, d.licence, d.added_by, c.language,"
            " c.embedding_model, c.embedding_dim from app.kb_docs as d"
            " join app.kb_chunks as c on c.doc_id = d.id where d.source = %s",
            (note.name,)).fetchall()
    assert rows == [(f"coffee cup {marker}", "ar", note.name, "internal", None, "ar",
                     "use-multilingual-v3", 512)]


def test_the_seed_file_is_generated_and_current():
    generator = _generator()
    assert generator.main(["--check"]) == 0
    docs = json.loads((ROOT / "supabase" / "kb_seed.json").read_text(encoding="utf-8"))
    cards = [d for d in docs["documents"] if d["title"].endswith("(tarot card)")]
    assert len(cards) == 78 and {d["licence"] for d in cards} == {"MIT"}
    assert all(d["language"] == "en" and "Upright keywords:" in d["text"] for d in cards)
    zodiac = [d for d in docs["documents"] if d not in cards]
    assert len(zodiac) == 24
    assert {d["language"] for d in zodiac} == {"ar", "en"}
    assert {d["licence"] for d in zodiac} == {"authored for SAMIA-TAROT"}
