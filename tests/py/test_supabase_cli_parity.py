"""The Supabase CLI builds what `samia db migrate` builds: a catalog diff, without Docker.

Two databases on the test cluster: one as `supabase db reset` makes it (the bootstrap standing in
for what a Supabase project provides, then each migration whole, then the seed of config.toml),
one as `samia db migrate` makes it (migrations, then every sql/ file, then the seed). Functions,
policies, grants, triggers and RLS flags must agree; they stop agreeing as soon as a sql/ file
changes without `samia db capture`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from supabase_cli import (
    apply_like_supabase_cli,
    catalog,
    catalog_diff,
    drop_database,
    fresh_database,
)

from samia_cli import capture, migrator
from samia_cli.cli import main
from samia_cli.config import get_config
from samia_cli.sqlfiles import load_source_files
from samia_cli.testdb import database_name

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
create or replace function app.capture_probe() returns integer
language sql immutable set search_path = '' as $$ select 1 $$;
"""


@pytest.fixture(scope="module")
def databases(cluster_dsn: str) -> Iterator[Callable[..., str]]:
    """Copies of one bootstrapped database (what a Supabase project provides), dropped after
    this module. One template: the bootstrap sets some defaults only on a cluster's first run."""
    base = f"parity_base_{os.getpid()}"
    with migrator.connect(fresh_database(cluster_dsn, base)) as conn:
        migrator.apply_bootstrap(conn)
    made = [base]

    def make(label: str, template: str | None = None) -> str:
        """A new database: a copy of `template` (a DSN made here), else of the bootstrap."""
        made.insert(0, f"parity_{label}_{os.getpid()}")
        source = database_name(template) if template else base
        return fresh_database(cluster_dsn, made[0], template=source)

    yield make
    for name in made:
        drop_database(cluster_dsn, name)


def migrated_by_samia(dsn: str, root: Path) -> str:
    with migrator.connect(dsn) as conn:
        migrator.migrate(conn, root)
    return dsn


@pytest.fixture(scope="module")
def supabase_db(databases) -> str:
    dsn = databases("supabase")
    apply_like_supabase_cli(dsn, ROOT)
    return dsn


@pytest.fixture(scope="module")
def samia_db(databases) -> str:
    return migrated_by_samia(databases("samia"), ROOT)


def assert_same_catalog(supabase_dsn: str, samia_dsn: str, root: Path) -> None:
    diff = catalog_diff(catalog(supabase_dsn), catalog(samia_dsn), "supabase-cli", "samia")
    hint = "".join(f"\nnot captured: {f.rel}" for f in capture.plan(root).pending)
    assert diff == "", f"the two databases differ (run `samia db capture`?){hint}\n{diff}"


def test_supabase_cli_builds_what_samia_migrate_builds(supabase_db: str, samia_db: str) -> None:
    found = catalog(samia_db)
    # the comparison covers the behaviour that only sql/ defines
    for kind in ("function public.", "policy ", "trigger ", "relation "):
        assert any(key.startswith(kind) for key in found), kind
    assert_same_catalog(supabase_db, samia_db, ROOT)


def test_samia_migrate_after_the_supabase_cli_only_reapplies_sql(supabase_db: str,
                                                                  samia_db: str) -> None:
    with migrator.connect(supabase_db) as conn:
        result = migrator.migrate(conn, ROOT)  # raises DriftError if the histories disagreed
    # the Supabase CLI's history is ours: nothing pending, the seed's hash recorded
    assert (result.applied, result.seed_applied) == ([], False)
    assert result.sources_applied == len(load_source_files(ROOT))  # harmless: same catalog
    assert_same_catalog(supabase_db, samia_db, ROOT)


def test_uncaptured_sql_change_is_caught_and_capture_fixes_it(
        tmp_path: Path, supabase_db: str, samia_db: str, databases, monkeypatch) -> None:
    for folder in ("supabase", "sql"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    changed = load_source_files(tmp_path)[0]
    changed.path.write_text(changed.text + PROBE)

    assert [f.rel for f in capture.plan(tmp_path).pending] == [changed.rel]
    monkeypatch.setenv("SAMIA_ROOT", str(tmp_path))
    get_config.cache_clear()
    try:
        checked = CliRunner().invoke(main, ["db", "capture", "--check"])
    finally:
        get_config.cache_clear()
    assert checked.exit_code == 1 and f"not captured: {changed.rel}" in checked.output

    # the same migrations as the repository, so the Supabase CLI builds `supabase_db`; samia
    # re-applies sql/ on a copy of `samia_db`, as on a teammate's database after `git pull`
    samia_dsn = migrated_by_samia(databases("stale_samia", samia_db), tmp_path)
    diff = catalog_diff(catalog(supabase_db), catalog(samia_dsn), "supabase-cli", "samia")
    assert diff == "only in samia: function app.capture_probe()"

    assert capture.write(tmp_path) is not None
    # `supabase db push` of the new migration onto a copy of the Supabase-built database
    pushed = databases("pushed_supabase", supabase_db)
    apply_like_supabase_cli(pushed, tmp_path)
    assert_same_catalog(pushed, samia_dsn, tmp_path)
