"""Statements composed once and bound many times.

Composing a statement with `psycopg.sql` and binding its values through a ClientCursor costs
more CPU than the database spends running it. A Template is the statement rendered once into
fixed SQL text with named holes; binding fills the holes with values quoted by libpq
(PQescapeLiteral, what psycopg's client-side binding calls for text too). The fixed text is
never scanned for placeholders again, so a `%` inside a quoted identifier stays text.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable, Mapping, Sequence

import psycopg
from psycopg import pq, sql

Hole = str | int  # a named placeholder's name, or an unnamed one's position


class Template:
    """SQL text with holes: `bind(quote, values)` gives the statement as bytes; `values` is a
    mapping for named placeholders, a sequence for unnamed (`%s`) ones."""

    def __init__(self, parts: list[bytes | Hole]) -> None:
        # fixed text (bytes) and holes, as the statement reads
        self._parts = tuple(parts)

    @classmethod
    def render(cls, conn: psycopg.Connection | None, query: sql.Composable) -> Template:
        """`query` with its `sql.Placeholder`s left as holes, everything else rendered now."""
        parts: list[bytes | Hole] = []
        _walk(conn, query, parts)
        merged: list[bytes | Hole] = []
        for part in parts:  # adjacent fixed texts as one
            if isinstance(part, bytes) and merged and isinstance(merged[-1], bytes):
                merged[-1] += part
            else:
                merged.append(part)
        return cls(merged)

    def bind(self, quote: Quoter, values: Mapping[str, object] | Sequence[object]) -> bytes:
        return b"".join(part if isinstance(part, bytes) else quote(values[part])  # type: ignore[index]
                        for part in self._parts)


class Quoter:
    """Values as SQL literals for one connection: text through libpq's PQescapeLiteral, None as
    NULL, anything else (lists for VARIADIC parameters) through psycopg's own adaptation."""

    def __init__(self, conn: psycopg.Connection) -> None:
        self._conn = conn
        self._escape = pq.Escaping(conn.pgconn).escape_literal
        self._encoding = conn.info.encoding

    def __call__(self, value: object) -> bytes:
        if isinstance(value, str):
            return self._escape(value.encode(self._encoding))
        if value is None:
            return b"NULL"
        return sql.Literal(value).as_bytes(self._conn)


class TemplateCache:
    """Templates by request shape, at most `max_entries` (the oldest goes first): a shape
    includes filter values, so callers could otherwise grow it without end."""

    def __init__(self, max_entries: int = 512) -> None:
        self._max_entries = max_entries
        self._entries: dict[Hashable, object] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> object | None:
        return self._entries.get(key)

    def put(self, key: Hashable, entry: object) -> None:
        with self._lock:
            entries = self._entries
            if len(entries) >= self._max_entries:
                entries.pop(next(iter(entries)))
            entries[key] = entry

    def clear(self) -> None:
        self._entries = {}


def _walk(conn: psycopg.Connection | None, part: sql.Composable, out: list[bytes | Hole]) -> None:
    if isinstance(part, sql.Composed):
        for child in part:
            _walk(conn, child, out)
    elif isinstance(part, sql.Placeholder):
        text = part.as_string()
        if text == "%s":
            out.append(sum(1 for p in out if isinstance(p, int)))
        else:
            out.append(text.removeprefix("%(").removesuffix(")s"))
    else:
        out.append(part.as_bytes(conn))
