"""supabase/config.toml, the Supabase CLI's project file, agrees with the local stack."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from samia_cli.config import get_config
from samia_cli.sqlfiles import seed_file

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def config() -> dict:
    with (ROOT / "supabase" / "config.toml").open("rb") as fh:
        return tomllib.load(fh)


@pytest.fixture
def defaults(monkeypatch):
    """The CLI's settings with nothing overridden from the environment."""
    for name in ("SAMIA_DB_PORT", "SAMIA_API_PORT", "SAMIA_ROOT", "DB_DSN"):
        monkeypatch.delenv(name, raising=False)
    get_config.cache_clear()
    yield get_config()
    get_config.cache_clear()


def test_ports_match_the_local_stack(config: dict, defaults) -> None:
    assert config["project_id"] == "samia-tarot"
    assert config["api"]["port"] == defaults.api_port == 54321
    assert config["db"]["port"] == defaults.db_port == 54322
    assert config["db"]["major_version"] in (15, 17)


def test_seed_is_the_file_the_migrator_applies(config: dict) -> None:
    seed = config["db"]["seed"]
    assert seed["enabled"] is True
    paths = [(ROOT / "supabase" / p).resolve() for p in seed["sql_paths"]]  # relative to supabase/
    assert paths == [seed_file(ROOT).path.resolve()]
    assert all(p.is_file() for p in paths)


def test_auth_is_what_supabase_start_has(config: dict) -> None:
    auth = config["auth"]
    assert auth["jwt_expiry"] == 3600
    assert auth["email"]["enable_confirmations"] is False
    assert auth["site_url"].startswith("http://127.0.0.1")
