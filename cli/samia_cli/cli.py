"""`samia`: the local Supabase-compatible stack, the migrator, users and tokens, jobs and checks."""

from __future__ import annotations

import os
import signal
import sys
from contextlib import contextmanager, suppress

import click
import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict
from rich.console import Console
from rich.table import Table

from . import __version__, capture, migrator, stack
from . import kb as kb_commands
from .cluster import ClusterError
from .config import get_config
from .tokens import api_key
from .users import UserError, create_user, find_user, session_token

console = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)

dsn_option = click.option(
    "--dsn", envvar="DB_DSN", default=None, metavar="DSN",
    help="Another PostgreSQL (e.g. a Supabase project) instead of the local one. Env: DB_DSN.",
)


def fail(message: str) -> None:
    console.print(f"[bold red]error:[/] {message}")
    sys.exit(1)


@contextmanager
def friendly_errors():
    try:
        yield
    except (ClusterError, UserError, migrator.DriftError, migrator.MigrationError) as exc:
        fail(str(exc))
    except psycopg.OperationalError as exc:
        fail(f"cannot reach the database: {str(exc).strip()}\n"
             "Start the local one with `samia db start`, or check --dsn / DB_DSN.")


def target_dsn(dsn: str | None, start: bool = True) -> str:
    """The DSN to work on: --dsn as given, else the local cluster (started when needed)."""
    if dsn:
        return dsn
    cfg = get_config()
    cluster = stack.local_cluster(cfg)
    if not cluster.is_running():
        if not start:
            fail("the local database is not running: `samia db start` starts it")
        with console.status("starting the local database…"):
            stack.start_local(cfg)
    return cfg.dsn()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="samia")
def main() -> None:
    """SAMIA-TAROT backend: local stack, migrator, users, jobs and checks."""


# -- db --------------------------------------------------------------------------------------
@main.group()
def db() -> None:
    """The database: start/stop the local cluster, migrate, status, audit, reset."""


@db.command("start")
def db_start() -> None:
    """Create (first time) and start the local PostgreSQL on 127.0.0.1:54322."""
    cfg = get_config()
    with friendly_errors(), console.status("starting the local database…"):
        cluster, created = stack.start_local(cfg)
    state = "created and started" if created else "running"
    out.print(f"database {state}: {cluster.dsn()}  (data in {cfg.data_dir})")


@db.command("stop")
def db_stop() -> None:
    """Stop the local PostgreSQL (the data stays under .local/)."""
    with friendly_errors():
        stopped = stack.local_cluster(get_config()).stop()
    out.print("database stopped" if stopped else "database was not running")


@db.command("target")
@dsn_option
def db_target(dsn: str | None) -> None:
    """Print where db commands connect (user@host:port/dbname), never the password."""
    try:
        parts = conninfo_to_dict(dsn or get_config().dsn())
    except psycopg.ProgrammingError as exc:
        fail(f"not a PostgreSQL connection string: {exc}")
    out.print(f"{parts.get('user', '?')}@{parts.get('host', 'local socket')}:"
              f"{parts.get('port', 5432)}/{parts.get('dbname', 'postgres')}")


@db.command("migrate")
@dsn_option
def db_migrate(dsn: str | None) -> None:
    """Apply pending migrations, then the sql/ files and the seed when they changed."""
    with friendly_errors():
        target = target_dsn(dsn)
        with migrator.connect(target) as conn, console.status("migrating…") as spinner:
            result = migrator.migrate(conn, get_config().root,
                                      progress=lambda step: spinner.update(f"applying {step}"))
    for rel in result.applied:
        out.print(f"applied  {rel}")
    if result.sources_applied:
        out.print(f"re-applied {result.sources_applied} sql/ files")
    if result.seed_applied:
        out.print("applied  supabase/seed_meta.sql")
    if not (result.applied or result.sources_applied or result.seed_applied):
        out.print("up to date: nothing to apply")


@db.command("status")
@dsn_option
def db_status(dsn: str | None) -> None:
    """Whether the server runs; applied, pending and drifted files."""
    cfg = get_config()
    if not dsn:
        cluster = stack.local_cluster(cfg)
        running = cluster.is_running()
        out.print(f"local database: {'running on ' + cluster.dsn() if running else 'stopped'}")
        if not running:
            return
    with friendly_errors(), migrator.connect(target_dsn(dsn, start=False)) as conn:
        st = migrator.status(conn, cfg.root)
    table = Table("state", "file")
    for rel in st.applied:
        table.add_row("[red]drifted[/]" if rel in st.drifted else "applied", rel)
    for m in st.pending:
        table.add_row("[yellow]pending[/]", m.rel)
    for version in st.missing:
        table.add_row("[red]missing file[/]", version)
    for rel in st.sources_changed:
        table.add_row("[yellow]sql changed[/]", rel)
    for rel in st.sources_removed:
        table.add_row("[yellow]sql removed[/]", rel)
    if not st.seed_current:
        table.add_row("[yellow]seed changed[/]", "supabase/seed_meta.sql")
    with suppress(ValueError, capture.CaptureError):  # a broken sql/ tree shows up above
        for f in capture.plan(cfg.root).pending:
            table.add_row("[yellow]not captured[/]", f.rel)
    if table.row_count:
        out.print(table)
    else:
        out.print("no migrations in the repository yet")
    if st.drifted or st.missing:
        sys.exit(2)


@db.command("audit")
@dsn_option
def db_audit(dsn: str | None) -> None:
    """Checksums of applied migrations and sql/ files against the repository; exit 2 on drift."""
    with friendly_errors(), migrator.connect(target_dsn(dsn, start=False)) as conn:
        rows = migrator.audit(conn, get_config().root)
    table = Table("kind", "state", "file")
    for row in rows:
        colour = {"ok": "green", "pending": "yellow"}.get(row.state, "red")
        table.add_row(row.kind, f"[{colour}]{row.state}[/]", row.path)
    out.print(table)
    if any(row.state not in ("ok", "pending") for row in rows):
        sys.exit(2)


@db.command("capture")
@click.option("--check", is_flag=True,
              help="Write nothing; exit 1 and list the sql/ files no migration captures yet.")
def db_capture(check: bool) -> None:
    """Capture the changed sql/ files into one new migration, for the Supabase CLI.

    `supabase db push/reset` apply only migrations and the seed; this writes every sql/ file whose
    current content no migration holds into supabase/migrations/<UTC stamp>_captured_sql.sql, in
    the order `samia db migrate` applies them. CI runs `--check`.
    """
    root = get_config().root
    try:
        todo = capture.plan(root)
        for rel in todo.removed:
            console.print(f"[yellow]warning:[/] {rel} was captured but is gone from sql/; its "
                          "objects stay in every database. Write a migration that drops them and "
                          f"add the line `-- captured: {rel} removed` to it.")
        for where in todo.tampered:
            console.print(f"[red]edited captured section:[/] {where} (restore it from git)")
        if check:
            for f in todo.pending:
                out.print(f"not captured: {f.rel}")
            if not todo.clean:
                console.print("run `samia db capture` and commit the migration it writes")
                sys.exit(1)
            out.print("sql/ is captured in supabase/migrations")
            return
        path = capture.write(root)
    except (capture.CaptureError, ValueError) as exc:
        fail(str(exc))
    if path is None:
        out.print("nothing to capture: every sql/ file is captured")
    else:
        out.print(f"captured {len(todo.pending)} sql/ files into {path.relative_to(root)}")


@db.command("reset")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def db_reset(yes: bool) -> None:
    """Throw away the LOCAL database and rebuild it: bootstrap, migrations, sql/, seed."""
    cfg = get_config()
    if cfg.dsn_override:
        fail("db reset only works on the local database; unset DB_DSN")
    if not yes:
        click.confirm(f"Delete every row in {cfg.data_dir}?", abort=True)
    with friendly_errors():
        with console.status("recreating the local database…"):
            stack.local_cluster(cfg).destroy()
            cluster, _ = stack.start_local(cfg)
        with migrator.connect(cluster.dsn()) as conn, console.status("migrating…") as spinner:
            result = migrator.migrate(conn, cfg.root,
                                      progress=lambda step: spinner.update(f"applying {step}"))
    seed = "applied" if result.seed_applied else "none"
    out.print(f"database reset: {len(result.applied)} migrations, "
              f"{result.sources_applied} sql/ files, seed {seed}")


# -- serve -----------------------------------------------------------------------------------
@main.command()
@click.option("--host", default=None, help="Listen address (default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Listen port (default 54321).")
def serve(host: str | None, port: int | None) -> None:
    """Start the database when needed, apply what is pending and serve the API until Ctrl-C."""
    from .gateway import create_app
    from .gateway.server import make_server

    cfg = get_config()
    host, port = host or cfg.api_host, port or cfg.api_port
    started_here = False
    with friendly_errors():
        if not cfg.dsn_override:
            cluster = stack.local_cluster(cfg)
            started_here = not cluster.is_running()
            with console.status("starting the local database…"):
                stack.start_local(cfg)
        with migrator.connect(cfg.dsn()) as conn, console.status("migrating…") as spinner:
            result = migrator.migrate(conn, cfg.root,
                                      progress=lambda step: spinner.update(f"applying {step}"))
    anon, service = api_key(cfg.jwt_secret, "anon"), api_key(cfg.jwt_secret, "service_role")
    # the functions run in this process: give them the local stack's settings unless set
    os.environ.setdefault("FUNCTIONS_DB_DSN", stack.authenticator_dsn(cfg))
    os.environ.setdefault("JWT_SECRET", cfg.jwt_secret)
    os.environ.setdefault("SUPABASE_URL", f"http://{host}:{port}")
    os.environ.setdefault("SUPABASE_ANON_KEY", anon)
    app = create_app(
        db_dsn=stack.authenticator_dsn(cfg), jwt_secret=cfg.jwt_secret,
        functions_source=cfg.root / "functions" / "main.py",
        health_probe=stack.health_probe(cfg.dsn(), cfg.root, __version__),
        anon_key=anon, service_key=service,
        storage_db_dsn=stack.storage_dsn(cfg), storage_dir=cfg.storage_dir,
        auth_db_dsn=stack.auth_admin_dsn(cfg), auth_issuer=f"http://{host}:{port}/auth/v1",
    )
    try:
        server = make_server(app, host, port)  # binds now: a taken port fails here
    except OSError as exc:
        app.close()
        if started_here:
            stack.local_cluster(cfg).stop()
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
    url = f"http://{host}:{port}"
    out.print(f"[bold]SAMIA-TAROT local stack[/] {__version__}  "
              f"({len(result.applied)} new migrations applied)")
    out.print(f"  API URL       {url}")
    out.print(f"  REST (RPC)    {url}/rest/v1/rpc/<function>")
    out.print(f"  Functions     {url}/functions/v1/<name>")
    out.print(f"  Storage       {url}/storage/v1  (files in {cfg.storage_dir})")
    out.print(f"  Auth          {url}/auth/v1")
    out.print(f"  Health        {url}/health")
    out.print(f"  DB URL        {cfg.dsn()}")
    out.print(f"  anon key      {anon}")
    out.print(f"  service_role  {service}")
    out.print("  Create a user: .venv/bin/samia users create --email you@example.com --role client"
              " [--password P]")
    out.print("Ctrl-C stops the server" + (" and the database." if started_here else "."))
    # Ctrl-C, and SIGTERM from a supervisor, both end here and stop what this command started
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        server.serve()
    except KeyboardInterrupt:
        console.print("stopping")
    finally:
        server.stop()  # finishes the requests in flight, closes the keep-alive connections
        app.close()
        if started_here:
            stack.local_cluster(cfg).stop()


# -- users and tokens ------------------------------------------------------------------------
@main.group()
def users() -> None:
    """Users as Supabase Auth creates them (auth.users; the trigger makes the profile)."""


@users.command("create")
@click.option("--email", required=True, help="The user's email address.")
@click.option("--role", default="client", show_default=True,
              type=click.Choice(["client", "reader", "monitor", "admin", "superadmin"]))
@click.option("--phone", default=None,
              help="Optional E.164 phone number on auth.users (stored as digits, as GoTrue does).")
@click.option("--password", default=None,
              help="Lets the user sign in at /auth/v1 (e.g. supabase-js signInWithPassword).")
@click.option("--ttl", default=3600, show_default=True, help="Token lifetime in seconds.")
@dsn_option
def users_create(email: str, role: str, phone: str | None, password: str | None, ttl: int,
                 dsn: str | None) -> None:
    """Create a user (as POST /auth/v1/admin/users does) and print an access token for it."""
    cfg = get_config()
    with friendly_errors(), migrator.connect(target_dsn(dsn)) as conn:
        user = create_user(conn, email, role, phone, password)
        access = session_token(conn, user, secret=cfg.jwt_secret,
                               issuer=f"{cfg.api_url}/auth/v1", ttl_seconds=ttl)
    console.print(f"created {user.email} ({role}) id {user.id}")
    out.print(access)


@main.command()
@click.argument("email")
@click.option("--ttl", default=3600, show_default=True, help="Token lifetime in seconds.")
@dsn_option
def token(email: str, ttl: int, dsn: str | None) -> None:
    """Print a fresh access token (a new session) for an existing user."""
    cfg = get_config()
    with friendly_errors(), migrator.connect(target_dsn(dsn)) as conn:
        user = find_user(conn, email)
        access = session_token(conn, user, secret=cfg.jwt_secret,
                               issuer=f"{cfg.api_url}/auth/v1", ttl_seconds=ttl)
    out.print(access)


# -- jobs ------------------------------------------------------------------------------------
@main.group()
def jobs() -> None:
    """The scheduled jobs (app.job_* SQL functions; pg_cron runs them where it exists)."""


def _job_names(conn: psycopg.Connection) -> list[str]:
    return [r[0] for r in conn.execute(
        "select substr(p.proname, 5) from pg_proc p join pg_namespace n on n.oid = p.pronamespace "
        "where n.nspname = 'app' and left(p.proname, 4) = 'job_' and p.pronargs = 0 order by 1")]


@jobs.command("list")
@dsn_option
def jobs_list(dsn: str | None) -> None:
    """List the jobs the database defines."""
    with friendly_errors(), migrator.connect(target_dsn(dsn)) as conn:
        names = _job_names(conn)
    out.print("\n".join(names) if names else "no jobs defined")


@jobs.command("run")
@click.argument("name")
@dsn_option
def jobs_run(name: str, dsn: str | None) -> None:
    """Run one job now, as pg_cron would, and print its result."""
    with friendly_errors(), migrator.connect(target_dsn(dsn)) as conn:
        names = _job_names(conn)
        if name not in names:
            fail(f"no job {name!r}; defined: {', '.join(names) or 'none'}")
        row = conn.execute(sql.SQL("select app.{}()::text").format(
            sql.Identifier(f"job_{name}"))).fetchone()
    out.print(row[0] if row and row[0] is not None else "done")


# -- functions -------------------------------------------------------------------------------
@main.group()
def functions() -> None:
    """The Python functions of functions/main.py (served under /functions/v1/<name>)."""


@functions.command("list")
def functions_list() -> None:
    """Print the entry point names, one per line (deploy.sh deploys each)."""
    from .gateway.functions import entry_points

    source = get_config().root / "functions" / "main.py"
    if not source.exists():
        fail(f"{source} does not exist")
    out.print("\n".join(entry_points(source.read_text())))


# -- knowledge base (cli/samia_cli/kb.py) ----------------------------------------------------
kb_commands.register(main, dsn_option, target_dsn, friendly_errors, migrator.connect)


# -- checks ----------------------------------------------------------------------------------
@main.command()
@click.option("--only", multiple=True,
              type=click.Choice(["capture", "sqlfluff", "ruff", "pgtap", "pytest", "js"]),
              help="Run only these checks (repeatable).")
@click.argument("pytest_args", nargs=-1, type=click.UNPROCESSED)
def check(only: tuple[str, ...], pytest_args: tuple[str, ...]) -> None:
    """Every check against a throw-away database: capture, sqlfluff, ruff, pgTAP, pytest, js."""
    from .checks import run_checks

    sys.exit(run_checks(get_config().root, set(only) or None, list(pytest_args)))


if __name__ == "__main__":
    main()
