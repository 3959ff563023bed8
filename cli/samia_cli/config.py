"""Where the local stack lives and how to reach it. Read from the environment on first use."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# The Supabase CLI's published local-development secret: a frontend configured for
# `supabase start` works unchanged against this stack. Never used outside local dev.
LOCAL_JWT_SECRET = "super-secret-jwt-token-with-at-least-32-characters-long"  # noqa: S105
LOCAL_DB_PASSWORD = "postgres"  # noqa: S105  (supabase start uses the same)


def project_root() -> Path:
    """The repository root: the nearest parent holding supabase/migrations."""
    env = os.environ.get("SAMIA_ROOT")
    if env:
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if (candidate / "supabase" / "migrations").is_dir():
            return candidate
    # installed in editable mode: cli/samia_cli/config.py -> repo root
    return Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class StackConfig:
    root: Path
    db_host: str
    db_port: int
    api_host: str
    api_port: int
    db_password: str
    jwt_secret: str
    dsn_override: str | None

    local_dir_override: str | None = None

    @property
    def local_dir(self) -> Path:
        return Path(self.local_dir_override) if self.local_dir_override else self.root / ".local"

    @property
    def data_dir(self) -> Path:
        return self.local_dir / "db"

    @property
    def storage_dir(self) -> Path:
        """Where the local Storage service keeps object files (SAMIA_STORAGE_DIR overrides)."""
        return Path(os.environ.get("SAMIA_STORAGE_DIR") or self.local_dir / "storage")

    @property
    def pgtap_dir(self) -> Path:
        return self.local_dir / "pgtap"

    @property
    def api_url(self) -> str:
        return f"http://{self.api_host}:{self.api_port}"

    def dsn(self, dbname: str = "postgres") -> str:
        """The DSN db commands use: DB_DSN / --dsn when given, else the local cluster."""
        if self.dsn_override:
            return self.dsn_override
        return local_dsn(self.db_host, self.db_port, self.db_password, dbname)


def local_dsn(host: str, port: int, password: str, dbname: str = "postgres",
              user: str = "postgres") -> str:
    return f"postgresql://{user}:{password}@{host}:{port}/{dbname}"


@cache
def get_config() -> StackConfig:
    return StackConfig(
        root=project_root(),
        db_host=os.environ.get("SAMIA_DB_HOST", "127.0.0.1"),
        db_port=int(os.environ.get("SAMIA_DB_PORT", "54322")),
        api_host=os.environ.get("SAMIA_API_HOST", "127.0.0.1"),
        api_port=int(os.environ.get("SAMIA_API_PORT", "54321")),
        db_password=os.environ.get("SAMIA_DB_PASSWORD", LOCAL_DB_PASSWORD),
        jwt_secret=os.environ.get("JWT_SECRET", LOCAL_JWT_SECRET),
        dsn_override=os.environ.get("DB_DSN") or None,
        local_dir_override=os.environ.get("SAMIA_LOCAL_DIR") or None,
    )
