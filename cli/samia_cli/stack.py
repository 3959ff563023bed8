"""The local stack as one unit: the embedded cluster under .local/, bootstrapped and migrated."""

from __future__ import annotations

from pathlib import Path

import psycopg

from . import migrator
from .cluster import Cluster
from .config import StackConfig, local_dsn


def local_cluster(cfg: StackConfig) -> Cluster:
    return Cluster(data_dir=cfg.data_dir, port=cfg.db_port, host=cfg.db_host,
                   password=cfg.db_password)


def start_local(cfg: StackConfig) -> tuple[Cluster, bool]:
    """Create (first run only) and start the local cluster, then apply the bootstrap."""
    cluster = local_cluster(cfg)
    created = cluster.init()
    cluster.start()
    with migrator.connect(cluster.dsn()) as conn:
        migrator.apply_bootstrap(conn)
    return cluster, created


def authenticator_dsn(cfg: StackConfig) -> str:
    """What the gateway and the functions connect as, like PostgREST on Supabase."""
    # the bootstrap gives the local authenticator role the local password `postgres`
    return local_dsn(cfg.db_host, cfg.db_port, "postgres", user="authenticator")


def storage_dsn(cfg: StackConfig) -> str:
    """What the local Storage service connects as, like Storage on Supabase."""
    # the storage bootstrap gives supabase_storage_admin the local password `postgres`
    return local_dsn(cfg.db_host, cfg.db_port, "postgres", user="supabase_storage_admin")


def auth_admin_dsn(cfg: StackConfig) -> str:
    """What the local Auth service connects as, like GoTrue on Supabase (supabase_compat_auth.sql
    gives the role the local password `postgres`)."""
    return local_dsn(cfg.db_host, cfg.db_port, "postgres", user="supabase_auth_admin")


def health_probe(admin_dsn: str, root: Path, version: str):
    """A callable for the gateway's /health: database reachable, migrations current."""

    def probe() -> dict:
        try:
            with psycopg.connect(admin_dsn, autocommit=True, connect_timeout=3) as conn:
                st = migrator.status(conn, root)
        except (psycopg.Error, OSError) as exc:
            return {"ok": False, "database": f"unreachable: {exc}".strip(), "version": version}
        return {
            "ok": st.clean,
            "database": "ok",
            "migrations": {
                "applied": len(st.applied), "pending": len(st.pending),
                "drifted": len(st.drifted) + len(st.missing),
                "sources_changed": len(st.sources_changed) + len(st.sources_removed),
                "seed_current": st.seed_current,
            },
            "version": version,
        }

    return probe
