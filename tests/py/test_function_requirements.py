"""functions/requirements.txt (what Cloud Functions installs) stays in step with the runtime
dependencies of pyproject.toml (what ./run and the tests install): every line of the former is
a dependency of the latter, with the same version range."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def requirement_lines() -> list[str]:
    lines = (ROOT / "functions" / "requirements.txt").read_text().splitlines()
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]


def test_every_function_requirement_is_a_project_dependency_with_the_same_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert [line for line in requirement_lines() if line not in project] == []


def test_the_ingest_dependency_is_declared_in_both():
    assert any(line.startswith("yt-dlp>=") for line in requirement_lines())
