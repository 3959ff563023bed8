"""`samia kb`: fill the AI-assist knowledge base as the platform (the database owner).

`kb add FILE...` adds text files, `kb seed` the generated reference documents of
supabase/kb_seed.json (scripts/generate_kb_seed.py). Both cut and embed with the functions'
own code (samia_functions.assist) and store through app.kb_add_document, one transaction per
document; a text already there is skipped, so running either again changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import click
import psycopg
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .config import get_config

console = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=console)


def load_documents(conn: psycopg.Connection, docs: list) -> tuple[int, int]:
    """Add each document, one transaction each, showing documents done and the current
    document's chunks embedded; returns (added, already there)."""
    from samia_functions.assist import embeddings, knowledge

    added = skipped = 0
    with _progress() as progress:
        overall = progress.add_task("documents", total=len(docs))
        chunks = progress.add_task("chunks embedded", total=None)
        for doc in docs:
            progress.update(overall, description=f"documents ({doc.title[:40]})")
            progress.reset(chunks, total=None)

            def advance(done: int, total: int) -> None:
                progress.update(chunks, completed=done, total=total)

            with conn.transaction():
                result = knowledge.add_document(conn, doc, as_owner=True, on_batch=advance)
            added, skipped = added + result["created"], skipped + (not result["created"])
            progress.advance(overall)
        progress.update(overall, description="documents")
    out.print(f"{added} added, {skipped} already there (model {embeddings.model_id()}, "
              f"{embeddings.dimension()} dimensions)")
    return added, skipped


def file_documents(paths: Iterable[Path], source: str | None, licence: str,
                   language: str | None) -> Iterator:
    from samia_functions.assist.knowledge import Document

    for path in paths:
        yield Document(title=path.stem.replace("_", " "), text=path.read_text(encoding="utf-8"),
                       source=source or path.name, licence=licence, language=language)


def seed_documents(root: Path) -> Iterator:
    from samia_functions.assist.knowledge import Document

    data = json.loads((root / "supabase" / "kb_seed.json").read_text(encoding="utf-8"))
    for item in data["documents"]:
        yield Document(title=item["title"], text=item["text"], source=item["source"],
                       licence=item["licence"], language=item["language"])


def register(main: click.Group, dsn_option, target_dsn, friendly_errors, connect) -> None:
    """Add the `kb` group to the CLI (cli.py passes its shared helpers in)."""

    @main.group()
    def kb() -> None:
        """The AI-assist knowledge base: add documents, load the reference seed."""

    @kb.command("add")
    @click.argument("files", nargs=-1, required=True,
                    type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--licence", required=True,
                  help="Under which licence the text is held, e.g. 'internal' or 'CC-BY-4.0'.")
    @click.option("--source", default=None, help="Where the text comes from (default: file name).")
    @click.option("--language", type=click.Choice(["ar", "en"]), default=None,
                  help="The text's language (default: detected per chunk).")
    @dsn_option
    def kb_add(files: tuple[Path, ...], licence: str, source: str | None,
               language: str | None, dsn: str | None) -> None:
        """Cut, embed and add text files (UTF-8), one document each."""
        with friendly_errors(), connect(target_dsn(dsn)) as conn:
            load_documents(conn, list(file_documents(files, source, licence, language)))

    @kb.command("seed")
    @dsn_option
    def kb_seed(dsn: str | None) -> None:
        """Embed and load supabase/kb_seed.json (78 tarot cards, 12 zodiac signs)."""
        with friendly_errors(), connect(target_dsn(dsn)) as conn:
            load_documents(conn, list(seed_documents(get_config().root)))
