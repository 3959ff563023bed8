"""Cutting documents into overlapping chunks of a few sentences."""

from __future__ import annotations

from samia_functions.assist.chunking import (
    MAX_CHUNK_CHARS,
    SENTENCES_PER_CHUNK,
    chunk_text,
    sentences,
)


def test_sentences_end_at_latin_and_arabic_marks_and_line_breaks():
    text = "The Tower falls. Is it bad? Not always!\nبرج الحمل ناري؟ نعم؛ هو الأول."
    assert sentences(text) == ["The Tower falls.", "Is it bad?", "Not always!",
                               "برج الحمل ناري؟", "نعم؛", "هو الأول."]


def test_chunks_hold_a_few_sentences_and_share_one_with_the_next():
    text = " ".join(f"Sentence {n}." for n in range(1, 8))
    assert chunk_text(text) == [
        "Sentence 1. Sentence 2. Sentence 3.",
        "Sentence 3. Sentence 4. Sentence 5.",
        "Sentence 5. Sentence 6. Sentence 7.",
    ]
    assert SENTENCES_PER_CHUNK == 3


def test_a_short_text_is_one_chunk_and_an_empty_one_none():
    assert chunk_text("  The Star.  ") == ["The Star."]
    assert chunk_text(" \n ") == []


def test_a_sentence_longer_than_a_chunk_is_cut_at_words():
    long = " ".join(["word"] * 600)  # 2999 characters, no full stop
    chunks = chunk_text(long)
    assert all(len(c) <= MAX_CHUNK_CHARS for c in chunks)
    assert " ".join(chunks).split() == ["word"] * 600 or len(chunks) > 1
    assert sum(c.count("word") for c in sentences(long)) == 600

