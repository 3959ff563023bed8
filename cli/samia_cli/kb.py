"""`samia kb`: fill the AI-assist knowledge base as the platform (the database owner).

`kb add FILE...` adds text files, `kb seed` the generated reference documents of
supabase/kb_seed.json (scripts/generate_kb_seed.py). Both cut and embed with the functions'
own code (samia_functions.assist) and store through app.kb_add_document, one transaction per
document; a text already there is skipped, so running either again changes nothing.
`kb reembed` gives every chunk a vector of the configured model, batch by batch.
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


def reembed(conn: psycopg.Connection, batch_size: int, limit: int | None = None) -> int:
    """Re-embed, one committed batch at a time, every chunk that has no vector of the
    configured model (app.kb_chunks_to_embed decides which), or the first `limit` of them;
    returns how many were written.
    A stopped run leaves whole batches done and resumes with the rest; search meanwhile sees
    only vectors of the model it is asked about (app.kb_search), never a mix."""
    from psycopg.types.json import Jsonb

    from samia_functions.assist import embeddings

    model, dimension = embeddings.model_id(), embeddings.dimension()
    pending = conn.execute("select count(*) from app.kb_chunks_to_embed(%s, %s, %s)",
                           (model, dimension, limit)).fetchone()[0]
    done = 0
    with _progress() as progress:
        task = progress.add_task(f"chunks re-embedded ({model})", total=pending)
        while done < pending and (batch := conn.execute(
                "select chunk_id, chunk_text from app.kb_chunks_to_embed(%s, %s, %s)",
                (model, dimension, min(batch_size, pending - done))).fetchall()):
            vectors = embeddings.embed_texts([text for _, text in batch], batch_size=batch_size)
            with conn.transaction():
                done += conn.execute(
                    "select app.kb_store_embeddings(%s, %s)",
                    (model, Jsonb([{"id": chunk_id, "embedding": vector} for (chunk_id, _), vector
                                   in zip(batch, vectors, strict=True)]))).fetchone()[0]
            progress.update(task, completed=done)
    left = conn.execute("select count(*) from app.kb_chunks_to_embed(%s, %s)",
                        (model, dimension)).fetchone()[0]
    out.print(f"{done} chunks re-embedded, {left} left (model {model}, {dimension} dimensions)")
    return done


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

    @kb.command("reembed")
    @click.option("--batch-size", type=click.IntRange(1, 1024), default=64, show_default=True,
                  help="Chunks embedded and committed together.")
    @click.option("--limit", type=click.IntRange(1), default=None,
                  help="Re-embed at most this many chunks now (default: all); the rest later.")
    @dsn_option
    def kb_reembed(batch_size: int, limit: int | None, dsn: str | None) -> None:
        """Embed again every chunk whose vector another model made (or that has none).

        Run it after changing the embedding model (SEMANTIC_*): each batch is committed, so
        an interrupted run resumes where it stopped, and a finished one has nothing to do."""
        from samia_functions.errors import AppError

        with friendly_errors(), connect(target_dsn(dsn)) as conn:
            conn.autocommit = True
            try:
                reembed(conn, batch_size, limit)
            except AppError as error:
                console.print(f"[bold red]error:[/] {error.code}: {error.message}; the batches "
                              "done are kept, run it again to resume")
                raise SystemExit(1) from error

    @kb.command("seed")
    @dsn_option
    def kb_seed(dsn: str | None) -> None:
        """Embed and load supabase/kb_seed.json (78 tarot cards, 12 zodiac signs)."""
        with friendly_errors(), connect(target_dsn(dsn)) as conn:
            load_documents(conn, list(seed_documents(get_config().root)))
