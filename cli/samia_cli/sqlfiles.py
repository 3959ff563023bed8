"""SQL source files as the migrator sees them: split into statements with their line numbers."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import sqlparse
from sqlparse import tokens
from sqlparse.lexer import Lexer

MIGRATION_NAME = re.compile(r"^([0-9]+)_(.*)\.sql$")  # the Supabase CLI's own pattern


@dataclass(frozen=True)
class Statement:
    text: str
    line: int  # 1-based line of the statement's first character in its file


@dataclass(frozen=True)
class SqlFile:
    path: Path
    rel: str  # path relative to the repository root, as recorded in the database

    @cached_property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def statements(self) -> list[Statement]:
        out: list[Statement] = []
        cursor = 0
        for raw in sqlparse.split(self.text):
            stmt = raw.strip()
            if _comment_only(stmt):
                continue
            start = self.text.find(stmt, cursor)
            if start < 0:  # sqlparse normalised something; fall back to the cursor
                start = cursor
            out.append(Statement(stmt, self.text.count("\n", 0, start) + 1))
            cursor = start + len(stmt)
        return out


def _comment_only(fragment: str) -> bool:
    """Whether a fragment of sqlparse.split holds nothing but comments, whitespace and `;`.
    Lexing alone settles it; sqlparse.format(strip_comments=True) would also group every
    statement, which made it most of the cost of splitting a file."""
    return all(ttype in tokens.Comment or ttype in tokens.Whitespace
               or (ttype in tokens.Punctuation and value == ";")
               for ttype, value in Lexer.get_default_instance().get_tokens(fragment))


@dataclass(frozen=True)
class Migration(SqlFile):
    version: str
    name: str


def load_migrations(root: Path) -> list[Migration]:
    folder = root / "supabase" / "migrations"
    found = []
    for path in sorted(folder.glob("*.sql")):
        match = MIGRATION_NAME.match(path.name)
        if not match:
            raise ValueError(
                f"{path.relative_to(root)}: file name must match <timestamp>_<name>.sql"
            )
        found.append(Migration(path, str(path.relative_to(root)), match[1], match[2]))
    versions = [m.version for m in found]
    if len(versions) != len(set(versions)):
        raise ValueError("two migrations share one version in supabase/migrations")
    return found


SOURCE_FOLDERS = ("app", "rpc", "policies")  # helpers first, then the API, then the policies
_REQUIRES = re.compile(r"^--\s*requires:\s*(\S+)\s*$", re.MULTILINE)


def requirements(sql_file: SqlFile) -> list[str]:
    """The `-- requires: sql/<folder>/<file>.sql` lines of a file: what must be applied first."""
    return _REQUIRES.findall(sql_file.text)


def load_source_files(root: Path) -> list[SqlFile]:
    """Every `sql/` file in the order it is applied: sql/app, sql/rpc, sql/policies, each by name,
    except that a file comes after every file its `-- requires:` lines name. Deterministic: the
    same tree always gives the same order. Raises ValueError on an unknown or circular requirement.
    """
    files = [SqlFile(path, str(path.relative_to(root)))
             for sub in SOURCE_FOLDERS for path in sorted((root / "sql" / sub).glob("*.sql"))]
    by_rel = {f.rel: f for f in files}
    ordered: list[SqlFile] = []
    state: dict[str, str] = {}  # rel -> "visiting" | "done"

    def visit(f: SqlFile, chain: tuple[str, ...]) -> None:
        if state.get(f.rel) == "done":
            return
        if state.get(f.rel) == "visiting":
            raise ValueError("circular -- requires: " + " -> ".join((*chain, f.rel)))
        state[f.rel] = "visiting"
        for rel in requirements(f):
            if rel not in by_rel:
                raise ValueError(f"{f.rel}: requires {rel}, which is not a file under sql/")
            visit(by_rel[rel], (*chain, f.rel))
        state[f.rel] = "done"
        ordered.append(f)

    for f in files:
        visit(f, ())
    return ordered


def seed_file(root: Path) -> SqlFile | None:
    path = root / "supabase" / "seed_meta.sql"
    return SqlFile(path, str(path.relative_to(root))) if path.exists() else None
