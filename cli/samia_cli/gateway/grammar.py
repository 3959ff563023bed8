"""PostgREST's query-string grammar: field names with JSON paths, `select` items, `order`
terms, filter expressions (`not.`, operators, quantifiers, full-text languages, `in` lists) and
the `and`/`or` logic trees. Parsing only: the parsed values become SQL in query.py.

A malformed value is refused the way PostgREST refuses it: 400 PGRST100, the message naming
what failed to parse and where (`"failed to parse filter (eqq.x)" (line 1, column 5)`), the
details saying why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NoReturn

from samia_functions.postgrest.errors import ApiError

# operator -> SQL operator; the ones a quantifier (any/all) may follow are QUANTIFIABLE
SIMPLE_OPERATORS = {
    "eq": "=", "neq": "<>", "gt": ">", "gte": ">=", "lt": "<", "lte": "<=",
    "like": "LIKE", "ilike": "ILIKE", "match": "~", "imatch": "~*",
    "cs": "@>", "cd": "<@", "ov": "&&", "sl": "<<", "sr": ">>", "nxr": "&<", "nxl": "&>",
    "adj": "-|-", "isdistinct": "IS DISTINCT FROM",
}
QUANTIFIABLE = {"eq", "neq", "gt", "gte", "lt", "lte", "like", "ilike", "match", "imatch"}
FTS_FUNCTIONS = {"fts": "to_tsquery", "plfts": "plainto_tsquery",
                 "phfts": "phraseto_tsquery", "wfts": "websearch_to_tsquery"}
IS_VALUES = ("null", "not_null", "unknown", "true", "false")
AGGREGATES = ("avg", "count", "max", "min", "sum")
# Nested `and`/`or` trees and JSON paths are parsed and turned into SQL recursively: past
# these depths Python's recursion limit would turn a query string into a 500
MAX_LOGIC_DEPTH = 100
MAX_JSON_PATH = 100
_SPACE = " \t"
_BRACE = re.compile(r"[{}]")


@dataclass(frozen=True)
class JsonStep:
    arrow: str  # "->" or "->>"
    key: str
    index: bool  # an array index (`->0`, `->-1`) rather than an object key


@dataclass(frozen=True)
class Field:
    name: str
    path: tuple[JsonStep, ...] = ()

    @property
    def default_alias(self) -> str:
        """PostgREST names a JSON-path column after its last key."""
        return self.path[-1].key if self.path else self.name


@dataclass(frozen=True)
class SelectItem:
    field: Field | None  # None is `*`
    alias: str | None = None
    cast: str | None = None


@dataclass(frozen=True)
class OrderTerm:
    field: Field
    descending: bool | None
    nulls: str | None  # "FIRST", "LAST" or None
    relation: str | None = None  # `rel(col)`: ordering by an embedded resource


@dataclass(frozen=True)
class Operation:
    operator: str  # a SIMPLE_OPERATORS or FTS_FUNCTIONS key, or "is" / "in"
    value: str | tuple[str, ...]  # a tuple for `in`
    negated: bool = False
    quantifier: str | None = None  # "any" / "all"
    language: str | None = None  # full-text search configuration


@dataclass(frozen=True)
class Filter:
    field: Field
    operation: Operation


@dataclass(frozen=True)
class Logic:
    operator: str  # "and" / "or"
    children: tuple[Filter | Logic, ...]
    negated: bool = False


class _Fail(Exception):
    def __init__(self, pos: int, details: str) -> None:
        super().__init__(details)
        self.pos = pos
        self.details = details


def parse_error(what: str, text: str, column: int, details: str) -> ApiError:
    return ApiError(400, "PGRST100",
                    f'"failed to parse {what} ({text})" (line 1, column {column})', details)


def quote(token: str) -> str:
    return f'"{token}"'


def show_unexpected(text: str, pos: int) -> str:
    return f"unexpected {quote(text[pos])}" if pos < len(text) else "unexpected end of input"


class _Parser:
    """A cursor over one query-string value."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    # -- primitives ------------------------------------------------------------------------
    def peek(self, token: str) -> bool:
        return self.text.startswith(token, self.pos)

    def eat(self, token: str) -> bool:
        if self.peek(token):
            self.pos += len(token)
            return True
        return False

    def expect(self, token: str, label: str | None = None) -> None:
        if not self.eat(token):
            self.fail(f"expecting {label or quote(token)}")

    def fail(self, expecting: str, pos: int | None = None) -> NoReturn:
        at = self.pos if pos is None else pos
        raise _Fail(at, f"{show_unexpected(self.text, at)} {expecting}")

    def spaces(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in _SPACE:
            self.pos += 1

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def end(self) -> None:
        if not self.at_end():
            self.fail("expecting end of input")

    # -- names -----------------------------------------------------------------------------
    def quoted(self) -> str:
        """`"..."` with backslash escapes."""
        self.expect('"')
        out = []
        while not self.at_end():
            char = self.text[self.pos]
            self.pos += 1
            if char == '"':
                return "".join(out)
            if char == "\\" and not self.at_end():
                char = self.text[self.pos]
                self.pos += 1
            out.append(char)
        self.fail('expecting "\\""')

    def identifier(self) -> str:
        start = self.pos
        while not self.at_end() and (self.text[self.pos].isalnum()
                                     or self.text[self.pos] in "_ $"):
            self.pos += 1
        if self.pos == start:
            self.fail("expecting letter or digit")
        return self.text[start:self.pos].strip()

    def field_name(self) -> str:
        self.spaces()
        if self.peek('"'):
            return self.quoted()
        if self.at_end() or not (self.text[self.pos].isalnum() or self.text[self.pos] in "_ $"):
            self.fail("expecting field name (* or [a..z0..9_$])")
        parts = [self.identifier()]
        while self.peek("-") and not self.peek("->"):
            self.pos += 1
            parts.append(self.identifier())
        return "-".join(parts)

    def json_path(self) -> tuple[JsonStep, ...]:
        steps = []
        while self.peek("->"):
            if len(steps) == MAX_JSON_PATH:
                self.fail(f"expecting at most {MAX_JSON_PATH} JSON path steps")
            arrow = "->>" if self.eat("->>") else ("->" if self.eat("->") else "")
            start = self.pos
            self.eat("-")
            digits_start = self.pos
            while not self.at_end() and self.text[self.pos].isdigit():
                self.pos += 1
            ends = ("->", "::", ".", ",", ")")
            if self.pos > digits_start and (self.at_end()
                                            or any(self.peek(e) for e in ends)):
                steps.append(JsonStep(arrow, self.text[start:self.pos], True))
                continue
            self.pos = start
            steps.append(JsonStep(arrow, self.field_name(), False))
        return tuple(steps)

    def field(self) -> Field:
        self.spaces()
        name = self.field_name()
        path = self.json_path()
        self.spaces()
        return Field(name, path)

    # -- filters ---------------------------------------------------------------------------
    def op_expr(self, in_logic: bool) -> Operation:
        return self._operation(in_logic, negated=self.eat("not."))

    def _operation(self, in_logic: bool, negated: bool) -> Operation:
        if self.eat("in."):
            return Operation("in", self.list_value(), negated)
        if self.eat("is."):
            for value in IS_VALUES:
                if self.text[self.pos:self.pos + len(value)].lower() == value:
                    self.pos += len(value)
                    return Operation("is", value, negated)
            self.fail("expecting null, not_null or trilean value (unknown, true, false)")
        start = self.pos
        while not self.at_end() and self.text[self.pos] not in ".(":
            self.pos += 1
        name = self.text[start:self.pos]
        language = quantifier = None
        if self.peek("(") and name in FTS_FUNCTIONS:
            self.pos += 1
            language = self.identifier()
            self.expect(")")
        elif self.peek("(") and name in QUANTIFIABLE:
            self.pos += 1
            for word in ("any", "all"):
                if self.eat(word):
                    quantifier = word
                    break
            else:
                self.fail('expecting "any" or "all"')
            self.expect(")")
        if name not in SIMPLE_OPERATORS and name not in FTS_FUNCTIONS:
            # PostgREST reads up to the next delimiter before judging the operator
            end = self.text.find(".", start)
            if end < 0:
                self.pos = len(self.text)
                self.fail("expecting delimiter (.)")
            raise _Fail(end + 1, f"unknown single value operator {self.text[start:end]}")
        self.expect(".", "delimiter (.)")
        value = self.logic_value() if in_logic else self.text[self.pos:]
        if not in_logic:
            self.pos = len(self.text)
        return Operation(name, value, negated, quantifier, language)

    def list_value(self) -> tuple[str, ...]:
        self.spaces()
        self.expect("(")
        self.spaces()
        items = [self.list_element()]
        while self.eat(","):
            items.append(self.list_element())
        self.spaces()
        self.expect(")")
        self.spaces()
        return tuple(items)

    def list_element(self) -> str:
        quoted = self._whole_quoted_item()
        return self._until(",)") if quoted is None else quoted

    def _whole_quoted_item(self) -> str | None:
        """A `"..."` item that ends at `,` or `)`; otherwise nothing is consumed."""
        if not self.peek('"'):
            return None
        start = self.pos
        try:
            value = self.quoted()
        except _Fail:  # unterminated: read as plain text
            value = None
        if value is not None and (self.at_end() or self.text[self.pos] in ",)"):
            return value
        self.pos = start
        return None

    def logic_value(self) -> str:
        quoted = self._whole_quoted_item()
        if quoted is not None:
            return quoted
        if self.peek("{"):
            # `{...}` without a brace inside; looking only as far as the next brace keeps a
            # long list of `{`-values linear (searching for `}` from each was quadratic)
            brace = _BRACE.search(self.text, self.pos + 1)
            if brace is not None and brace.group() == "}":
                value = self.text[self.pos:brace.end()]
                self.pos = brace.end()
                return value
        return self._until(",)")

    def _until(self, stops: str) -> str:
        start = self.pos
        while not self.at_end() and self.text[self.pos] not in stops:
            self.pos += 1
        return self.text[start:self.pos]

    def logic_tree(self, depth: int = 1) -> Filter | Logic:
        self.spaces()
        start = self.pos
        try:
            field = self.field()
            self.expect(".", "delimiter (.)")
            return Filter(field, self.op_expr(in_logic=True))
        except _Fail as leaf_failure:
            self.pos = start
            negated = self.eat("not.")
            if self.eat("and"):
                operator = "and"
            elif self.eat("or"):
                operator = "or"
            else:
                if self.pos > start or not self.peek("("):
                    # neither a filter nor a nested tree: report the filter's failure
                    raise leaf_failure from None
                self.fail("expecting logic operator (and, or)")
            self.spaces()
            if depth > MAX_LOGIC_DEPTH:
                self.fail(f"expecting at most {MAX_LOGIC_DEPTH} nested logic operators")
            self.expect("(")
            children = [self.logic_tree(depth + 1)]
            while self.eat(","):
                children.append(self.logic_tree(depth + 1))
            self.spaces()
            self.expect(")")
            self.spaces()
            return Logic(operator, tuple(children), negated)


def _run(what: str, text: str, parse, shown: str | None = None):
    parser = _Parser(text)
    try:
        result = parse(parser)
        parser.end()
    except _Fail as exc:
        raise parse_error(what, text if shown is None else shown, exc.pos + 1,
                          exc.details) from None
    return result


def parse_filter(value: str) -> Operation:
    return _run("filter", value, lambda p: p.op_expr(in_logic=False))


def parse_field(key: str) -> Field:
    return _run("tree path", key, lambda p: p.field())


def parse_logic(operator: str, value: str) -> Logic:
    """`or=(a.eq.1,b.gt.2)` with operator `or` (or `not.or`)."""
    # PostgREST parses `or(a.eq.1)` but names only the value in its message
    tree = _run("logic tree", operator + value, lambda p: p.logic_tree(), shown=value)
    if not isinstance(tree, Logic):  # `or=.eq.1`-like values parse as a bare filter
        raise parse_error("logic tree", value, len(operator) + 1, 'unexpected "." expecting "("')
    return tree


def parse_order(value: str) -> list[OrderTerm]:
    def terms(p: _Parser) -> list[OrderTerm]:
        found = [_order_term(p)]
        while p.eat(","):
            found.append(_order_term(p))
        return found
    return _run("order", value, terms)


def _order_term(p: _Parser) -> OrderTerm:
    p.spaces()
    start = p.pos
    relation = None
    name = p.field_name()
    if p.eat("("):
        relation = name
        field = p.field()
        p.expect(")")
    else:
        p.pos = start
        field = p.field()
    descending = nulls = None
    if p.eat(".asc"):
        descending = False
    elif p.eat(".desc"):
        descending = True
    if p.eat(".nullsfirst"):
        nulls = "FIRST"
    elif p.eat(".nullslast"):
        nulls = "LAST"
    p.spaces()
    if not (p.at_end() or p.peek(",")):
        expecting = ('"nullsfirst" or "nullslast"' if descending is not None
                     else '"asc", "desc", "nullsfirst" or "nullslast"')
        p.fail(f"expecting {expecting}", p.pos + 1 if p.peek(".") else None)
    return OrderTerm(field, descending, nulls, relation)


@dataclass(frozen=True)
class Embed:
    """A `rel(...)` or `...rel(...)` select item: resource embedding."""

    relation: str


def parse_select(value: str) -> list[SelectItem | Embed]:
    def items(p: _Parser) -> list[SelectItem | Embed]:
        found = [_select_item(p)]
        while True:
            p.spaces()
            if not p.eat(","):
                return found
            found.append(_select_item(p))
    return _run("select parameter", value, items)


def _select_item(p: _Parser) -> SelectItem | Embed:
    p.spaces()
    if p.eat("*"):
        p.spaces()
        return SelectItem(None)
    if p.eat("...") or p.eat(".."):  # a spread embedding
        return _embed(p, p.field_name())
    start = p.pos
    alias = None
    name = p.field_name()
    if p.peek(":") and not p.peek("::"):
        p.pos += 1
        alias = name
    else:
        p.pos = start
    p.spaces()
    mark = p.pos
    name = p.field_name()
    _refuse_aggregate(p, bare_count=name == "count")
    if p.peek("(") or p.peek("!"):
        return _embed(p, name)
    p.pos = mark
    field = p.field()
    _refuse_aggregate(p, bare_count=False)
    cast = None
    if p.eat("::"):
        cast = p.identifier()
    p.spaces()
    if not (p.at_end() or p.peek(",")):
        p.fail('expecting "->>", "->", "::", "," or end of input')
    return SelectItem(field, alias, cast)


def _refuse_aggregate(p: _Parser, bare_count: bool) -> None:
    """`count()` or `col.sum()` next: aggregates are off unless PostgREST's
    db-aggregates-enabled is set, and Supabase leaves it off."""
    if bare_count and p.peek("()") or any(p.peek(f".{name}()") for name in AGGREGATES):
        raise ApiError(400, "PGRST123", "Use of aggregate functions is not allowed")


def _embed(p: _Parser, relation: str) -> Embed:
    depth = 0
    while not p.at_end():  # skip the embedded select; embedding is refused later
        char = p.text[p.pos]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                p.pos += 1
                break
        elif char == "," and depth == 0:
            break
        p.pos += 1
    if depth:
        p.fail('expecting ")"')
    return Embed(relation)
