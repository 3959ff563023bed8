"""The query string of an RPC call: arguments, and the read options applied to table results.
Supports the subset supabase-js builds on `.rpc()`: `select` of
plain columns, `order`, `limit`, `offset` and the simple filters (eq ... in, is, like)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from psycopg import sql

from samia_functions.postgrest.errors import ApiError

RESERVED = {"select", "columns", "on_conflict", "order", "limit", "offset", "and", "or"}
_FILTER = re.compile(
    r"^(not\.)?(eq|neq|gt|gte|lt|lte|like|ilike|match|imatch|is|isdistinct|in|cs|cd|ov|sl|sr"
    r"|nxr|nxl|adj|fts|plfts|phfts|wfts)(\([a-z_]+\))?\.(.*)$", re.DOTALL)
_COMPARE = {"eq": "=", "neq": "<>", "gt": ">", "gte": ">=", "lt": "<", "lte": "<=",
            "like": "LIKE", "ilike": "ILIKE"}
_IS = {"null": "NULL", "not_null": "NOT NULL", "true": "TRUE", "false": "FALSE",
       "unknown": "UNKNOWN"}
_IDENT = re.compile(r"^[^\s,()*:.]+$")


def bad_query(message: str) -> ApiError:
    return ApiError(400, "PGRST100", message, hint="The dev gateway supports select of plain "
                    "columns, order, limit, offset and eq/neq/gt/gte/lt/lte/like/ilike/is/in.")


@dataclass
class Params:
    """Named query parameters, so a fragment can appear twice in one statement."""

    values: dict[str, object] = field(default_factory=dict)

    def add(self, value: object) -> sql.Placeholder:
        name = f"p{len(self.values)}"
        self.values[name] = value
        return sql.Placeholder(name)


@dataclass
class ReadOptions:
    select: list[tuple[str, str]] | None = None  # (column, alias); None = all columns
    filters: list[tuple[str, bool, str, str]] = field(default_factory=list)
    order: list[tuple[str, bool, str | None]] = field(default_factory=list)
    limit: int | None = None
    offset: int = 0

    @property
    def shapes_rows(self) -> bool:
        return bool(self.select or self.filters or self.order or self.limit is not None
                    or self.offset)

    def where(self, params: Params) -> sql.Composable:
        if not self.filters:
            return sql.SQL("")
        clauses = [_filter_sql(col, negate, op, value, params)
                   for col, negate, op, value in self.filters]
        return sql.SQL(" WHERE ") + sql.SQL(" AND ").join(clauses)

    def order_by(self) -> sql.Composable:
        if not self.order:
            return sql.SQL("")
        terms = []
        for col, desc, nulls in self.order:
            term = sql.SQL("pgrst_source.{} {}").format(
                sql.Identifier(col), sql.SQL("DESC" if desc else "ASC"))
            if nulls:
                term = sql.SQL("{} NULLS {}").format(term, sql.SQL(nulls))
            terms.append(term)
        return sql.SQL(" ORDER BY ") + sql.SQL(", ").join(terms)

    def columns(self) -> sql.Composable:
        if self.select is None:
            return sql.SQL("pgrst_source.*")
        return sql.SQL(", ").join(
            sql.SQL("pgrst_source.{} AS {}").format(sql.Identifier(c), sql.Identifier(a))
            for c, a in self.select)


def split_query(args: list[tuple[str, str]]) -> tuple[dict[str, list[str]], ReadOptions]:
    """Separate function arguments from read options; values stay text (cast later)."""
    arguments: dict[str, list[str]] = {}
    options = ReadOptions()
    for key, value in args:
        if key in RESERVED or key.endswith((".order", ".limit", ".offset")):
            _reserved(options, key, value)
        elif match := _FILTER.match(value):
            negate, op, modifier, operand = match.groups()
            if op not in _COMPARE and op not in ("is", "in") or modifier:
                raise bad_query(f"Unsupported filter operator: {op}")
            options.filters.append((_ident(key), bool(negate), op, operand))
        else:
            arguments.setdefault(key, []).append(value)
    return arguments, options


def _reserved(options: ReadOptions, key: str, value: str) -> None:
    if key == "select":
        options.select = _parse_select(value)
    elif key == "order":
        options.order = [_parse_order(term) for term in value.split(",") if term]
    elif key in ("limit", "offset"):
        if not value.isdigit():
            raise bad_query(f'"{value}" is not a valid {key}')
        if key == "limit":
            options.limit = int(value)
        else:
            options.offset = int(value)
    elif key in ("columns", "on_conflict"):
        return  # `columns` is read by the body parser; on_conflict has no meaning for RPC
    else:
        raise bad_query(f"Unsupported query parameter: {key}")


def _ident(name: str) -> str:
    if not _IDENT.match(name):
        raise bad_query(f"Unsupported column reference: {name}")
    return name


def _parse_select(value: str) -> list[tuple[str, str]] | None:
    items = [item.strip() for item in value.split(",") if item.strip()]
    if not items or items == ["*"]:
        return None
    parsed = []
    for item in items:
        alias, _, column = item.rpartition(":")
        parsed.append((_ident(column), _ident(alias) if alias else column))
    return parsed


def _parse_order(term: str) -> tuple[str, bool, str | None]:
    column, *mods = term.split(".")
    desc, nulls = False, None
    for mod in mods:
        if mod in ("asc", "desc"):
            desc = mod == "desc"
        elif mod in ("nullsfirst", "nullslast"):
            nulls = "FIRST" if mod == "nullsfirst" else "LAST"
        else:
            raise bad_query(f"Unsupported order modifier: {mod}")
    return _ident(column), desc, nulls


def _filter_sql(col: str, negate: bool, op: str, value: str, params: Params) -> sql.Composable:
    column = sql.SQL("pgrst_source.{}").format(sql.Identifier(col))
    if op == "is":
        if value.lower() not in _IS:
            raise bad_query(f"Unsupported is value: {value}")
        clause = sql.SQL("{} IS {}").format(column, sql.SQL(_IS[value.lower()]))
    elif op == "in":
        if not (value.startswith("(") and value.endswith(")")):
            raise bad_query(f"Invalid in list: {value}")
        items = [v.strip().strip('"') for v in value[1:-1].split(",") if v.strip()]
        if not items:
            clause = sql.SQL("FALSE")
        else:
            placeholders = sql.SQL(", ").join(params.add(v) for v in items)
            clause = sql.SQL("{} IN ({})").format(column, placeholders)
    else:
        operand = value.replace("*", "%") if op in ("like", "ilike") else value
        clause = sql.SQL("{} {} {}").format(column, sql.SQL(_COMPARE[op]), params.add(operand))
    return sql.SQL("NOT ({})").format(clause) if negate else clause
