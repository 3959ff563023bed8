"""What the gateway reads from the catalogue once and keeps, as PostgREST's schema cache does:
the exposed functions (catalog.Catalog) and each impersonated role's own settings.

Both are dropped on `NOTIFY pgrst, 'reload schema'` (which `samia db migrate` sends) and read
again by the next request that needs them. Until then a function created or changed at run
time is not seen, exactly as with PostgREST (PGRST202 for a new one).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

import psycopg

from samia_functions.postgrest.reload import ReloadListener
from samia_functions.postgrest.roles import RoleSettingsCache

from . import catalog
from .template import TemplateCache


class SchemaCache:
    def __init__(self, dsn: str, schemas: Sequence[str],
                 on_reload: Sequence[Callable[[], None]] = ()) -> None:
        self.schemas = list(schemas)
        self.role_settings = RoleSettingsCache()
        self._catalog: catalog.Catalog | None = None
        self.statements = TemplateCache()  # composed call statements by request shape
        self.contexts = TemplateCache()  # bound set_config statements by caller and headers
        self._lock = threading.Lock()
        self._hooks = list(on_reload)
        self._listener = ReloadListener(dsn, self.reload, name="samia-gateway")
        self.reloads = 0  # how many reloads were taken: tests wait on it

    def start(self) -> None:
        """Begin listening for reloads (idempotent; the first request does it)."""
        self._listener.start()

    def wait_listening(self, timeout: float = 10.0) -> bool:
        self.start()
        return self._listener.wait_listening(timeout)

    def catalog(self, conn: psycopg.Connection) -> catalog.Catalog:
        """The cached catalogue, read on `conn` when there is none yet."""
        cached = self._catalog
        if cached is not None:
            return cached
        self.start()
        with self._lock:  # one reader; the others wait for its result
            if self._catalog is None:
                self._catalog = catalog.load(conn, self.schemas)
            return self._catalog

    def reload(self) -> None:
        """Forget everything; the next request reads the catalogue again."""
        with self._lock:
            self._catalog = None
            self.role_settings.clear()
            self.statements.clear()
            self.contexts.clear()
            self.reloads += 1
        for hook in self._hooks:
            hook()

    def close(self) -> None:
        self._listener.stop()
