"""Every check the project has, against a throw-away cluster: what `./run test` and CI run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from psycopg.conninfo import conninfo_to_dict
from rich.console import Console
from rich.table import Table

from .capture import MIGRATION_SUFFIX
from .cluster import throwaway_cluster
from .config import LOCAL_JWT_SECRET
from .testdb import create_test_database
from .testserver import free_port, function_settings, serve_test_gateway
from .tokens import api_key

console = Console()
SQL_DIRS = ("supabase", "sql", "tests/pgtap", "cli/samia_cli/bootstrap")
MIN_NODE_MAJOR = 20  # the engines of the supabase-js that tests/js pins
# each pytest worker migrates its own database and starts its own clusters: beyond a few,
# that setup costs more than the files left to share out
PYTEST_MAX_WORKERS = 4


@dataclass
class Outcome:
    name: str
    ok: bool
    seconds: float
    note: str = ""


def _bin(name: str) -> str:
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


def _run(name: str, argv: list[str], root: Path, env: dict | None = None) -> Outcome:
    console.rule(f"[bold]{name}")
    started = time.monotonic()
    code = subprocess.call(argv, cwd=root, env={**os.environ, **(env or {})})
    return Outcome(name, code == 0, time.monotonic() - started, f"exit {code}" if code else "")


def _sql_files(root: Path) -> list[str]:
    # a captured migration is sql/ files verbatim, linted where they live (the capture check
    # proves each section still matches the file it was captured from)
    return sorted(str(p.relative_to(root)) for d in SQL_DIRS for p in (root / d).rglob("*.sql")
                  if not p.name.endswith(MIGRATION_SUFFIX))


def _pg_env(dsn: str) -> dict:
    parts = conninfo_to_dict(dsn)
    return {"PGHOST": parts["host"], "PGPORT": str(parts["port"]), "PGUSER": parts["user"],
            "PGPASSWORD": parts["password"], "PGDATABASE": parts["dbname"]}


def _node_for_js(root: Path) -> tuple[list[str], str]:
    """The node command that runs tests/js, or [] and what is missing (`./run test` installs
    both)."""
    node = shutil.which("node")
    if node is None:
        return [], "node is missing: `./run test` installs it"
    version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()
    major = int(version.lstrip("v").split(".")[0])
    if major < MIN_NODE_MAJOR:
        return [], f"Node.js {MIN_NODE_MAJOR}+ needed, found {version}"
    if not (root / "tests" / "js" / "node_modules").is_dir():
        return [], "tests/js/node_modules is missing: run `npm ci --prefix tests/js`"
    # supabase-js's realtime client needs WebSocket, which Node 20 keeps behind a flag
    return [node, "--experimental-websocket"] if major < 22 else [node], ""


def _js(root: Path, cluster_dsn: str) -> Outcome:
    """tests/js: supabase-js against the dev gateway over a database of its own, as a browser
    app calls the stack."""
    node, problem = _node_for_js(root)
    if not node:
        return Outcome("js", False, 0.0, problem)
    started = time.monotonic()
    with console.status("migrating the JS suite's database…"):
        dsn = create_test_database(cluster_dsn, "samia_js", root, pgtap=False)
    console.print(f"JS database ready in {time.monotonic() - started:.1f}s")
    with (tempfile.TemporaryDirectory(prefix="samia-js-storage-") as storage_dir,
          function_settings(dsn), serve_test_gateway(dsn, root, Path(storage_dir)) as url):
        env = {
            "SAMIA_TEST_API_URL": url,
            "SAMIA_TEST_ANON_KEY": api_key(LOCAL_JWT_SECRET, "anon"),
            "SAMIA_TEST_SERVICE_KEY": api_key(LOCAL_JWT_SECRET, "service_role"),
            # the superuser DSN, used through this Python's psycopg, is for what only the
            # platform may set up: a client who may order, storage policies
            "SAMIA_TEST_DB_DSN": dsn,
            "SAMIA_TEST_PYTHON": sys.executable,
        }
        return _run("js", [*node, "--test", "--test-reporter=spec", "tests/js/"], root, env)


def _pytest_argv(pytest_args: list[str]) -> list[str]:
    """pytest in one worker process per core (pytest-xdist, at most PYTEST_MAX_WORKERS), each
    taking whole files, so a module's fixtures and its tests' order stay together. Every
    worker's fixtures start a throw-away cluster of their own, so no cluster-wide object (the
    API roles the bootstrap creates) is ever made by two workers at once. Arguments after
    `--` come last: `-n 0` runs in one process again."""
    return [sys.executable, "-m", "pytest", "--numprocesses", "auto",
            "--maxprocesses", str(PYTEST_MAX_WORKERS), "--dist", "loadfile", *pytest_args]


def run_checks(root: Path, only: set[str] | None, pytest_args: list[str]) -> int:
    def want(name: str) -> bool:
        return only is None or name in only

    outcomes: list[Outcome] = []
    if want("capture"):
        # the Supabase CLI applies only migrations: sql/ must be captured in one (see capture.py)
        outcomes.append(_run("capture", [sys.executable, "-m", "samia_cli.cli", "db", "capture",
                                         "--check"], root, {"SAMIA_ROOT": str(root)}))
    if want("sqlfluff"):
        outcomes.append(_run("sqlfluff", [_bin("sqlfluff"), "lint", "--processes", "2",
                                          *_sql_files(root)], root))
    if want("ruff"):
        outcomes.append(_run("ruff", [_bin("ruff"), "check", "."], root))
    if want("pgtap") or want("pytest") or want("js"):
        cluster = throwaway_cluster(free_port(), with_pgtap=want("pgtap"), durable=False)
        try:
            with console.status("starting a throw-away PostgreSQL 18…"):
                cluster.init()
                cluster.install_pgtap()
                cluster.start()
            if want("pgtap"):
                started = time.monotonic()
                with console.status("migrating the pgTAP database…"):
                    dsn = create_test_database(cluster.dsn(), "samia_pgtap", root, pgtap=True)
                console.print(f"pgTAP database ready in {time.monotonic() - started:.1f}s")
                outcomes.append(_run("pgtap", ["pg_prove", "--ext", ".sql", "-r", "tests/pgtap"],
                                     root, _pg_env(dsn)))
            if want("pytest"):
                outcomes.append(_run("pytest", _pytest_argv(pytest_args), root))
            if want("js"):
                outcomes.append(_js(root, cluster.dsn()))
        finally:
            cluster.destroy()
    table = Table("check", "result", "seconds", "note", title="SAMIA-TAROT checks")
    for o in outcomes:
        table.add_row(o.name, "[green]pass[/]" if o.ok else "[red]FAIL[/]", f"{o.seconds:.1f}",
                      o.note)
    console.print(table)
    failed = [o.name for o in outcomes if not o.ok]
    console.print(f"[red]failed: {', '.join(failed)}[/]" if failed
                  else "[green]all checks passed[/]")
    return 1 if failed else 0
