"""docs/api.md cannot fall behind the code.

The frontend's reference lists every RPC under `## RPCs` and every deployed Python function
under `## Functions`, one `### <name>` section each. These tests compare those sections with a
migrated database (the `public` functions, minus extension-owned ones) and with the entry points
of functions/main.py, and each RPC's argument table with the function's real arguments: name,
type and whether it has a default. The error lists are prose and are not checked here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest

from samia_cli.gateway.functions import entry_points

ROOT = Path(__file__).resolve().parents[2]
API_DOC = ROOT / "docs" / "api.md"
MAIN = ROOT / "functions" / "main.py"

RPC_PART = "RPCs"
FUNCTION_PART = "Functions"
REQUIRED = "required"  # the `default` cell of an argument without a default

_PART = re.compile(r"^## (.+?)\s*$")
_SECTION = re.compile(r"^### `?([A-Za-z_][A-Za-z0-9_]*)`?\s*$")
_CELL_NAME = re.compile(r"^`([A-Za-z_][A-Za-z0-9_]*)`$")


@dataclass(frozen=True)
class Argument:
    name: str
    type: str
    required: bool

    def __str__(self) -> str:
        return f"{self.name} {self.type}{'' if self.required else ' (default)'}"


@dataclass
class Section:
    name: str
    line: int
    lines: list[str] = field(default_factory=list)

    def arguments(self) -> list[Argument] | None:
        """The rows of the section's `| argument | type | default | ... |` table; [] when the
        section says "No arguments."; None when it has neither."""
        rows: list[Argument] = []
        in_table = False
        for text in self.lines:
            cells = [c.strip() for c in text.strip().strip("|").split("|")]
            if not text.lstrip().startswith("|"):
                if in_table:
                    break
                if text.strip().lower().startswith("no arguments"):
                    return []
                continue
            if not in_table:
                in_table = [c.lower() for c in cells[:3]] == ["argument", "type", "default"]
                continue
            if set(cells[0]) <= set("-: "):
                continue  # the separator row
            name = _CELL_NAME.match(cells[0])
            if name is None or len(cells) < 3:
                raise AssertionError(
                    f"docs/api.md: `{self.name}`: argument row {text.strip()!r} should read "
                    "| `name` | type | default or required | meaning |")
            rows.append(Argument(name.group(1), cells[1].strip("`"),
                                 cells[2].strip("`").lower() == REQUIRED))
        return rows if in_table else None


def parse_api_doc(text: str) -> dict[str, dict[str, Section]]:
    """{part: {section name: Section}} for the `## RPCs` and `## Functions` parts."""
    parts: dict[str, dict[str, Section]] = {}
    part: dict[str, Section] | None = None
    section: Section | None = None
    in_code = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("```"):
            in_code = not in_code
        if in_code:
            if section is not None:
                section.lines.append(line)
            continue
        if found := _PART.match(line):
            # only the checked parts hold endpoint sections; other parts are free prose
            checked = found.group(1) in (RPC_PART, FUNCTION_PART)
            part = parts.setdefault(found.group(1), {}) if checked else None
            section = None
        elif line.startswith("### ") and part is not None:
            found = _SECTION.match(line)
            if found is None:
                raise AssertionError(f"docs/api.md:{number}: a section heading is one name: "
                                     f"{line!r}")
            name = found.group(1)
            if name in part:
                raise AssertionError(f"docs/api.md:{number}: `{name}` is documented twice "
                                     f"(first at line {part[name].line})")
            section = part[name] = Section(name, number)
        elif section is not None:
            section.lines.append(line)
    return parts


# Input arguments only (modes i, b, v; out/table columns are the result, not arguments), with
# format_type's names, and whether each has a default (the last pronargdefaults inputs do).
PUBLIC_FUNCTIONS = """
select
    p.proname,
    p.pronargs,
    p.pronargdefaults,
    coalesce(p.proargnames, '{}'::text[]),
    coalesce(p.proargmodes::text[], '{}'::text[]),
    array(
        select pg_catalog.format_type(t.oid, null)
        from unnest(p.proargtypes::oid[]) with ordinality as t (oid, n)
        order by t.n
    )
from pg_catalog.pg_proc as p
where
    p.pronamespace = 'public'::regnamespace
    and not exists (
        select 1 from pg_catalog.pg_depend as d
        where
            d.classid = 'pg_catalog.pg_proc'::regclass
            and d.objid = p.oid
            and d.deptype = 'e'
    )
order by p.proname, p.oid
"""


def public_functions(conn: psycopg.Connection) -> dict[str, list[list[Argument]]]:
    """{name: [arguments of each overload]} of the API schema."""
    found: dict[str, list[list[Argument]]] = {}
    for name, nargs, ndefaults, arg_names, modes, types in conn.execute(PUBLIC_FUNCTIONS):
        if modes:
            input_names = [n for n, m in zip(arg_names, modes, strict=True) if m in "ibv"]
        else:
            input_names = list(arg_names) or [""] * nargs
        arguments = [
            Argument(arg_name or f"${i + 1}", arg_type, i < nargs - ndefaults)
            for i, (arg_name, arg_type) in enumerate(zip(input_names, types, strict=True))
        ]
        found.setdefault(name, []).append(arguments)
    return found


def difference(what: str, documented: set[str], actual: set[str], where: str) -> list[str]:
    problems = [f"{what} `{n}` exists but docs/api.md has no `### {n}` section under {where}"
                for n in sorted(actual - documented)]
    problems += [f"docs/api.md documents {what} `{n}` under {where}, but there is none"
                 for n in sorted(documented - actual)]
    return problems


def argument_problems(sections: dict[str, Section],
                      functions: dict[str, list[list[Argument]]]) -> list[str]:
    problems = []
    for name in sorted(sections.keys() & functions.keys()):
        documented = sections[name].arguments()
        signatures = functions[name]
        if documented is None:
            problems.append(f"`{name}`: no argument table (| argument | type | default | "
                            "meaning |) and no \"No arguments.\" line")
        elif documented not in signatures:
            actual = " / ".join(", ".join(map(str, s)) or "(none)" for s in signatures)
            problems.append(f"`{name}`: docs/api.md lists "
                            f"{', '.join(map(str, documented)) or '(none)'}; "
                            f"the database has {actual}")
    return problems


@pytest.fixture(scope="module")
def api_doc() -> dict[str, dict[str, Section]]:
    parts = parse_api_doc(API_DOC.read_text(encoding="utf-8"))
    missing = [p for p in (RPC_PART, FUNCTION_PART) if p not in parts]
    assert not missing, f"docs/api.md needs the headings {', '.join('## ' + p for p in missing)}"
    return parts


def test_every_public_rpc_has_a_section(api_doc, db: psycopg.Connection) -> None:
    actual = set(public_functions(db))
    assert actual, "the migrated database has no public functions: is the fixture right?"
    problems = difference("RPC", set(api_doc[RPC_PART]), actual, f"## {RPC_PART}")
    assert not problems, "docs/api.md is out of date:\n  " + "\n  ".join(problems)


def test_rpc_sections_list_the_real_arguments(api_doc, db: psycopg.Connection) -> None:
    problems = argument_problems(api_doc[RPC_PART], public_functions(db))
    assert not problems, "docs/api.md argument tables are out of date:\n  " + "\n  ".join(
        problems)


def test_every_function_entry_point_has_a_section(api_doc) -> None:
    actual = set(entry_points(MAIN.read_text(encoding="utf-8")))
    assert actual, "functions/main.py declares no entry points: is the parser right?"
    problems = difference("function", set(api_doc[FUNCTION_PART]), actual,
                          f"## {FUNCTION_PART}")
    assert not problems, "docs/api.md is out of date:\n  " + "\n  ".join(problems)


def index_links(text: str) -> set[str]:
    """The `(#name)` links of the `## Index` part, which lists every endpoint in a table."""
    found = re.search(r"^## Index\s*$(.*?)(?=^## )", text, re.MULTILINE | re.DOTALL)
    return set(re.findall(r"\]\(#([A-Za-z0-9_]+)\)", found.group(1))) if found else set()


def test_the_index_links_every_section(api_doc) -> None:
    sections = set(api_doc[RPC_PART]) | set(api_doc[FUNCTION_PART])
    links = index_links(API_DOC.read_text(encoding="utf-8"))
    problems = [f"`{n}` has a section but no [`{n}`](#{n}) row in ## Index"
                for n in sorted(sections - links)]
    problems += [f"## Index links `{n}`, which has no section" for n in sorted(links - sections)]
    assert not problems, "docs/api.md index is out of date:\n  " + "\n  ".join(problems)


SAMPLE = """\
# API

## Calling

### Free prose

## RPCs

### get_thing

| argument | type | default | meaning |
|---|---|---|---|
| `p_id` | uuid | required | which thing |
| `p_language` | text | `'en'` | `ar` or `en` |

Errors: `THGNF`.

### ping

No arguments.

## Functions

### hello

```
### not_a_section
```
"""


def test_the_checker_reports_what_is_missing_extra_or_different() -> None:
    parts = parse_api_doc(SAMPLE)
    assert set(parts) == {RPC_PART, FUNCTION_PART}
    assert set(parts[RPC_PART]) == {"get_thing", "ping"}
    assert set(parts[FUNCTION_PART]) == {"hello"}
    assert parts[RPC_PART]["ping"].arguments() == []
    assert parts[FUNCTION_PART]["hello"].arguments() is None

    assert difference("RPC", {"get_thing", "ping"}, {"get_thing", "pong"}, "## RPCs") == [
        "RPC `pong` exists but docs/api.md has no `### pong` section under ## RPCs",
        "docs/api.md documents RPC `ping` under ## RPCs, but there is none",
    ]
    real = {
        "get_thing": [[Argument("p_id", "uuid", True), Argument("p_language", "text", False)]],
        "ping": [[]],
    }
    assert argument_problems(parts[RPC_PART], real) == []
    renamed = {**real, "get_thing": [[Argument("p_thing_id", "uuid", True),
                                      Argument("p_language", "text", False)]]}
    (problem,) = argument_problems(parts[RPC_PART], renamed)
    assert problem.startswith("`get_thing`: docs/api.md lists p_id uuid, p_language text")
    no_default = {**real, "get_thing": [[Argument("p_id", "uuid", True),
                                         Argument("p_language", "text", True)]]}
    assert len(argument_problems(parts[RPC_PART], no_default)) == 1

    assert index_links("## Index\n| [`ping`](#ping) | x |\n[see](#calling)\n## RPCs\n") == {
        "ping", "calling"}

    with pytest.raises(AssertionError, match="documented twice"):
        parse_api_doc("## RPCs\n### ping\n### ping\n")
