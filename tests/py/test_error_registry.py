"""docs/error_codes.md against the code, both ways: every code the database's functions raise
and every code the Python functions answer is registered, and every registered code is raised
somewhere (except those PostgreSQL or PostgREST raise on their own, listed apart)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = ROOT / "docs" / "error_codes.md"
FUNCTIONS = ROOT / "functions" / "samia_functions"

# our own codes (fourth character a letter), PostgREST's PTxyz statuses and PGRSTxyz codes
# (a first character F, H, P or X belongs to PostgreSQL's own classes, except PTxyz)
_OUR_CODE = re.compile(r"^([A-EG-OQ-WYZ][A-Z][A-Z0-9][A-Z][A-Z0-9]|PT\d{3}|PGRST\d{3})$")
_ERRCODE = re.compile(r"errcode\s*=\s*(.+?)(?:,\s*$|$)", re.MULTILINE | re.IGNORECASE)
_RAISE_SQLSTATE = re.compile(r"raise\s+(?:exception\s+)?sqlstate\s+'([0-9A-Z]{5})'", re.IGNORECASE)
_QUOTED = re.compile(r"'([0-9A-Z]{5})'")
_VARIABLE = re.compile(r"^\s*([a-z_][a-z0-9_]*)\s*$")
_ROW = re.compile(r"^\|\s*`([0-9A-Z]{5,8})`\s*\|", re.MULTILINE)
# fixtures that raise arbitrary SQLSTATEs on purpose, to test how each maps to HTTP
_HTTP_MAPPING_FIXTURES = {"gateway", "parity"}
_BUILTIN_HEADING = "## Raised by PostgreSQL and PostgREST themselves"


def registry() -> tuple[set[str], set[str]]:
    """(codes we raise, codes only PostgreSQL/PostgREST raise) as docs/error_codes.md lists them."""
    text = REGISTRY.read_text(encoding="utf-8")
    ours, _, builtin = text.partition(_BUILTIN_HEADING)
    return set(_ROW.findall(ours)), set(_ROW.findall(builtin))


def codes_in(source: str) -> set[str]:
    """The codes a PL/pgSQL source raises: `errcode = 'X'` (or an expression of such literals,
    or a variable assigned such literals) and `raise sqlstate 'X'`."""
    codes = set(_RAISE_SQLSTATE.findall(source))
    for expr in _ERRCODE.findall(source):
        expr = re.split(r",\s*[a-z_]+\s*=", expr)[0]  # the next `using` option starts there
        codes |= set(_QUOTED.findall(expr))
        variable = _VARIABLE.match(expr.rstrip(","))
        if variable:
            assigned = re.compile(rf"\b{variable[1]}\s*:=\s*'([0-9A-Z]{{5}})'")
            codes |= set(assigned.findall(source))
    return codes


def errcode_parameters(source: str, parameters: list[str]) -> list[int]:
    """Positions of the parameters a shared check raises as its code (`errcode = p_errcode`)."""
    used = {re.split(r",\s*[a-z_]+\s*=", expr)[0].strip().rstrip(",")
            for expr in _ERRCODE.findall(source)}
    return [i for i, name in enumerate(parameters) if name in used]


def call_arguments(source: str, function: str) -> list[list[str]]:
    """The arguments of each call of `function` (schema-qualified) in `source`, split at the
    top-level commas (parentheses and quoted literals respected)."""
    calls = []
    for match in re.finditer(rf"\b{re.escape(function)}\s*\(", source, re.IGNORECASE):
        args, depth, quoted, current = [], 1, False, ""
        for char in source[match.end():]:
            if char == "'":
                quoted = not quoted
            elif not quoted and char == "(":
                depth += 1
            elif not quoted and char == ")":
                depth -= 1
                if depth == 0:
                    break
            elif not quoted and char == "," and depth == 1:
                args.append(current.strip())
                current = ""
                continue
            current += char
        args.append(current.strip())
        calls.append(args)
    return calls


def codes_passed(sources: dict[str, str], checks: dict[str, list[int]]) -> dict[str, set[str]]:
    """Code -> functions that pass it as a literal to a shared check, in the argument the check
    raises as its code: `perform app.check_period(a, b, 93, 'CLRNG')` raises CLRNG."""
    found: dict[str, set[str]] = {}
    for name, source in sources.items():
        for check, positions in checks.items():
            for args in call_arguments(source, check):
                for position in positions:
                    literal = _QUOTED.fullmatch(args[position]) if position < len(args) else None
                    if literal:
                        found.setdefault(literal[1], set()).add(name)
    return found


def sql_raised(conn: psycopg.Connection) -> dict[str, set[str]]:
    """Code -> functions (in app, public, private and the test-only tests) whose body raises it,
    directly or through a shared check they pass it to, plus the SQL fixtures of the Python
    tests."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "tests" / "py").rglob("*.sql")):
        if path.parent.name in _HTTP_MAPPING_FIXTURES:
            continue
        for code in codes_in(path.read_text(encoding="utf-8")):
            found.setdefault(code, set()).add(str(path.relative_to(ROOT)))
    rows = conn.execute(
        "select p.oid::regprocedure::text, p.pronamespace::regnamespace::text || '.' || p.proname,"
        " coalesce(p.proargnames, '{}'), p.prosrc from pg_catalog.pg_proc as p "
        "where p.pronamespace::regnamespace::text in ('app', 'public', 'private', 'tests') "
        "and p.prolang = (select oid from pg_catalog.pg_language where lanname = 'plpgsql')")
    sources, checks = {}, {}
    for name, qualified, parameters, source in rows:
        sources[name] = source
        for code in codes_in(source):
            found.setdefault(code, set()).add(name)
        positions = errcode_parameters(source, parameters)
        if positions:
            checks[qualified] = positions
    for code, where in codes_passed(sources, checks).items():
        found.setdefault(code, set()).update(where)
    return found


def python_raised() -> dict[str, set[str]]:
    """Code -> modules of samia_functions holding it as a string constant."""
    found: dict[str, set[str]] = {}
    for path in sorted(FUNCTIONS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and _OUR_CODE.match(node.value):
                found.setdefault(node.value, set()).add(str(path.relative_to(ROOT)))
    return found


def test_every_raised_code_is_registered(db: psycopg.Connection) -> None:
    ours, builtin = registry()
    raised = {**python_raised(), **sql_raised(db)}
    missing = {code: sorted(where) for code, where in raised.items()
               if code not in ours | builtin}
    assert not missing, f"raised but not in docs/error_codes.md: {missing}"


def test_every_registered_code_is_raised(db: psycopg.Connection) -> None:
    ours, _ = registry()
    raised = set(python_raised()) | set(sql_raised(db))
    assert ours - raised == set(), (
        f"registered in docs/error_codes.md but raised nowhere: {sorted(ours - raised)}; "
        f"retire the row, or list it under '{_BUILTIN_HEADING}' if PostgreSQL raises it")


def test_a_code_counts_only_where_a_shared_check_is_handed_it() -> None:
    """A code passed as the raising argument of a shared check counts as raised; the same
    literal anywhere else in the call, or a check nobody calls, raises nothing."""
    check = "begin raise exception 'x' using errcode = p_code, detail = '{}'; end"
    assert errcode_parameters(check, ["p_from", "p_code"]) == [1]
    checks = {"app.check_x": [1]}
    assert codes_passed({"f()": "perform app.check_x(pg_catalog.least(a, 'b'), 'ABCDE');"},
                        checks) == {"ABCDE": {"f()"}}
    assert codes_passed({"g()": "perform app.check_x('ABCDE', v_code);"}, checks) == {}
    assert codes_passed({"h()": "perform app.other('x', 'ABCDE');"}, checks) == {}


def test_registry_rows_are_unique_and_well_formed() -> None:
    ours, builtin = registry()
    rows = _ROW.findall(REGISTRY.read_text(encoding="utf-8"))
    assert len(rows) == len(set(rows)), "a code is registered twice"
    assert not ours & builtin
    for code in ours - {"42501"}:
        assert _OUR_CODE.match(code), f"{code} breaks the naming rules of docs/error_codes.md"


_DETAIL = re.compile(r"\bdetail\s*=\s*(.+)$", re.MULTILINE | re.IGNORECASE)


def test_every_detail_a_caller_reads_is_json(db: psycopg.Connection) -> None:
    """Callers parse `detail` as a JSON object: every `detail =` of our functions builds one
    with jsonb (directly, or through a jsonb variable)."""
    offenders, checked = [], 0
    rows = db.execute(
        "select p.oid::regprocedure::text, p.prosrc from pg_catalog.pg_proc as p "
        "where p.pronamespace::regnamespace::text in ('app', 'public', 'private')")
    for name, source in rows:
        for expr in _DETAIL.findall(source):
            checked += 1
            variable = _VARIABLE.match(expr.split("::")[0].rstrip(","))
            declared_jsonb = variable and re.search(
                rf"\b{variable[1]}\s+jsonb\b", source) is not None
            if "jsonb" not in expr and not declared_jsonb:
                offenders.append(f"{name}: detail = {expr.strip()}")
    assert checked > 30, "the scan found too few details: has the pattern stopped matching?"
    assert not offenders, "details that are not JSON objects:\n" + "\n".join(offenders)
