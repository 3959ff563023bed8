"""The query string of an RPC call, split as PostgREST splits it: function arguments (GET and
HEAD only), and the read options applied to the function's result: `select` (JSON paths, casts,
aliases), filters and `and`/`or` trees, `order`, `limit` and `offset`. The options become SQL
here; every identifier is quoted and every value is a query parameter."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from psycopg import sql

from samia_functions.postgrest.errors import ApiError

from . import grammar
from .grammar import Field, Filter, Logic, Operation, OrderTerm, SelectItem

RESERVED = {"select", "columns", "on_conflict"}
RESERVED_EMBEDDABLE = {"order", "limit", "offset", "and", "or"}
_RANGE = re.compile(r"^([0-9]+)-([0-9]*)$")


def not_embedded(resource: str) -> ApiError:
    return ApiError(400, "PGRST108", f"'{resource}' is not an embedded resource in this request",
                    hint=f"Verify that '{resource}' is included in the 'select' query parameter.")


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
    select: list[SelectItem] | None = None  # None = every column
    filters: list[Filter | Logic] = field(default_factory=list)
    order: list[OrderTerm] = field(default_factory=list)
    limit: int | None = None
    offset: int = 0

    def casts(self) -> set[str]:
        return {item.cast for item in self.select or [] if item.cast}

    def where(self, params: Params) -> sql.Composable:
        if not self.filters:
            return sql.SQL("")
        return sql.SQL(" WHERE ") + sql.SQL(" AND ").join(
            _condition(f, params) for f in self.filters)

    def order_by(self, params: Params) -> sql.Composable:
        if not self.order:
            return sql.SQL("")
        terms = []
        for term in self.order:
            text = _field(term.field, params)
            if term.descending is not None:
                text = sql.SQL("{} {}").format(text, sql.SQL("DESC" if term.descending else "ASC"))
            if term.nulls:
                text = sql.SQL("{} NULLS {}").format(text, sql.SQL(term.nulls))
            terms.append(text)
        return sql.SQL(" ORDER BY ") + sql.SQL(", ").join(terms)

    def columns(self, params: Params, types: dict[str, sql.Composable]) -> sql.Composable:
        """The select list; `types` maps each cast named in `select` to its quoted type."""
        if self.select is None:
            return sql.SQL("pgrst_source.*")
        items = []
        for item in self.select:
            if item.field is None:
                items.append(sql.SQL("pgrst_source.*"))
                continue
            value = _field(item.field, params)
            if item.cast:
                value = sql.SQL("CAST({} AS {})").format(value, types[item.cast])
            items.append(sql.SQL("{} AS {}").format(
                value, sql.Identifier(item.alias or item.field.default_alias)))
        return sql.SQL(", ").join(items)


def split_query(pairs: list[tuple[str, str]],
                with_arguments: bool) -> tuple[dict[str, list[str]], ReadOptions]:
    """Separate function arguments from read options; argument values stay text.

    On GET and HEAD (`with_arguments`) a pair whose value has no operator is an argument, as in
    PostgREST; on POST the arguments are in the body, so every other pair must be a filter."""
    arguments: dict[str, list[str]] = {}
    options = ReadOptions()
    embedded: list[str] = []
    seen: set[str] = set()
    for key, value in pairs:
        *path, last = key.split(".")
        if key in RESERVED:
            if key == "select" and "select" not in seen:  # the first one counts
                options.select = _select(value)
            seen.add(key)
            continue  # `columns` is read by the body parser; on_conflict means nothing here
        if last in RESERVED_EMBEDDABLE:
            prefix = [part for part in path if part != "not"]
            if prefix:
                embedded.append(prefix[-1])
                continue
            _reserved(options, key, last, value)
        elif path or not with_arguments or _looks_like_filter(value):
            target = grammar.parse_field(last)
            operation = grammar.parse_filter(value)
            if path:
                embedded.append(path[-1])
            else:
                options.filters.append(Filter(target, operation))
        else:
            arguments.setdefault(key, []).append(value)
    for item in options.order:
        if item.relation:
            embedded.append(item.relation)
    if embedded:
        raise not_embedded(embedded[0])
    return arguments, options


def _looks_like_filter(value: str) -> bool:
    """PostgREST's own test: the value starts with `not.`, `is`, `in`, an operator, or a
    full-text operator with a language in parentheses (`fts(english).cat`)."""
    head, dot, _ = value.partition(".")
    if head in ("is", "in") or (head == "not" and dot):
        return True
    name, paren, _ = head.partition("(")
    if head in grammar.SIMPLE_OPERATORS or name in grammar.FTS_FUNCTIONS:
        return True
    return bool(paren) and name in grammar.QUANTIFIABLE


def _select(value: str) -> list[SelectItem] | None:
    items = grammar.parse_select(value)
    for item in items:
        if isinstance(item, grammar.Embed):
            raise ApiError(400, "PGRST127", "Feature not implemented",
                           f"Resource embedding ('{item.relation}') is not available on the "
                           "dev gateway's RPC endpoint")
    plain = [item for item in items if isinstance(item, SelectItem)]
    if all(item.field is None for item in plain):
        return None
    return plain


def _reserved(options: ReadOptions, key: str, last: str, value: str) -> None:
    if last == "order":
        options.order.extend(grammar.parse_order(value))
    elif last in ("and", "or"):
        options.filters.append(grammar.parse_logic(key, value))
    elif last == "limit":
        options.limit = _integer("limit", value)
        if options.limit < 0:
            raise _negative_limit()
    else:
        options.offset = _integer("offset", value)
        if options.offset < 0:
            raise ApiError(400, "2201X", "OFFSET must not be negative")


def apply_range_header(options: ReadOptions, header: str | None) -> None:
    """GET's `Range: <first>-[<last>]`, intersected with limit and offset as PostgREST does
    (which also passes over a Range value it cannot read)."""
    match = _RANGE.match(header or "")
    if match is None or options.limit == 0:  # limit=0 wins over any range
        return
    first, last = int(match[1]), int(match[2]) if match[2] else None
    if last is not None and last < first:
        raise ApiError(416, "PGRST103", "Requested range not satisfiable",
                       "The lower boundary must be lower than or equal to the upper boundary "
                       "in the Range header.")
    lower = max(first, options.offset)
    uppers = [n for n in (last, None if options.limit is None
                          else options.offset + options.limit - 1) if n is not None]
    upper = min(uppers) if uppers else None
    if upper is not None and upper < lower:
        raise _negative_limit()
    options.offset = lower
    options.limit = None if upper is None else upper - lower + 1


def _negative_limit() -> ApiError:
    return ApiError(416, "PGRST103", "Requested range not satisfiable",
                    "Limit should be greater than or equal to zero.")


def _integer(name: str, value: str) -> int:
    digits = value[1:] if value.startswith("-") else value
    if not digits.isascii() or not digits.isdigit():
        bad = next((i for i, c in enumerate(value) if not (c.isascii() and c.isdigit())
                    and not (i == 0 and c == "-")), len(value))
        raise grammar.parse_error(f"{name} parameter", value, bad + 1,
                                  f"{grammar.show_unexpected(value, bad)} expecting digit")
    return int(value)


# -- SQL ---------------------------------------------------------------------------------------
def _field(target: Field, params: Params) -> sql.Composable:
    text: sql.Composable = sql.SQL("pgrst_source.{}").format(sql.Identifier(target.name))
    for step in target.path:
        operand = sql.SQL("{}::integer" if step.index else "{}::text").format(
            params.add(step.key))
        text = sql.SQL("{}{}{}").format(text, sql.SQL(step.arrow), operand)
    return text


def _condition(node: Filter | Logic, params: Params) -> sql.Composable:
    if isinstance(node, Logic):
        joiner = sql.SQL(" AND " if node.operator == "and" else " OR ")
        clause = sql.SQL("({})").format(joiner.join(_condition(c, params) for c in node.children))
        return sql.SQL("NOT {}").format(clause) if node.negated else clause
    clause = _operation(_field(node.field, params), node.operation, params)
    return sql.SQL("NOT ({})").format(clause) if node.operation.negated else clause


def _operation(column: sql.Composable, op: Operation, params: Params) -> sql.Composable:
    if op.operator == "is":
        keyword = {"null": "NULL", "not_null": "NOT NULL", "unknown": "UNKNOWN", "true": "TRUE",
                   "false": "FALSE"}
        return sql.SQL("{} IS {}").format(column, sql.SQL(keyword[str(op.value)]))
    if op.operator == "in":
        values = tuple(op.value)
        literal = "{}" if values == ("",) else _array_literal(values)
        return sql.SQL("{} = ANY({})").format(column, params.add(literal))
    if op.operator in grammar.FTS_FUNCTIONS:
        function = sql.SQL(grammar.FTS_FUNCTIONS[op.operator])
        if op.language is None:
            query = sql.SQL("{}({})").format(function, params.add(op.value))
        else:
            query = sql.SQL("{}({}::regconfig, {})").format(
                function, params.add(op.language), params.add(op.value))
        return sql.SQL("{} @@ {}").format(column, query)
    value = str(op.value)
    if op.operator in ("like", "ilike"):
        value = value.replace("*", "%")
    operator = sql.SQL(grammar.SIMPLE_OPERATORS[op.operator])
    if op.quantifier:
        return sql.SQL("{} {} {}({})").format(column, operator,
                                              sql.SQL(op.quantifier.upper()), params.add(value))
    return sql.SQL("{} {} {}").format(column, operator, params.add(value))


def _array_literal(values: tuple[str, ...]) -> str:
    """`{"a","b"}`: every element quoted, so commas, braces and spaces stay data."""
    quoted = ('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values)
    return "{" + ",".join(quoted) + "}"
