"""PostgREST's schema-cache reload signal: `NOTIFY pgrst, 'reload schema'`.

What is read once and kept (the function catalogue, the roles' own settings) is dropped when
that notification arrives. A daemon thread holds one LISTEN connection; when it breaks, the
thread reconnects and reloads as well, because a notification sent while it was away is lost.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import psycopg

CHANNEL = "pgrst"
# PostgREST reloads its schema cache on this payload, and on an empty one (which also reloads
# its configuration, something we have none of).
RELOAD_PAYLOADS = frozenset({"reload schema", ""})
RETRY_SECONDS = 1.0
POLL_SECONDS = 1.0  # how often the thread looks up from its socket to see whether to stop

log = logging.getLogger(__name__)


class ReloadListener:
    """Calls `on_reload()` for each reload notification and after every (re)connection.

    `start()` is idempotent and cheap, so callers start it on first use: building an app
    never touches the database.
    """

    def __init__(self, dsn: str, on_reload: Callable[[], None], *, name: str = "pgrst") -> None:
        self._dsn = dsn
        self._on_reload = on_reload
        self._name = name
        self._stop = threading.Event()
        self._listening = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def dsn(self) -> str:
        return self._dsn

    def start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, daemon=True,
                                                name=f"{self._name}-listener")
                self._thread.start()

    def wait_listening(self, timeout: float) -> bool:
        """True once LISTEN is in place (and the reload that follows a connection has run)."""
        return self._listening.wait(timeout)

    def stop(self) -> None:
        """Ask the thread to end; it closes its connection within POLL_SECONDS (no wait here,
        so that closing a pool stays instant)."""
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._dsn, autocommit=True, connect_timeout=5) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self._reload()  # whatever changed while nobody listened
                    self._listening.set()
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=POLL_SECONDS):
                            if note.payload in RELOAD_PAYLOADS:
                                self._reload()
            except psycopg.Error as exc:
                if self._stop.is_set():
                    break  # closing down: the database may well be gone first
                log.warning("%s: LISTEN %s lost (%s); reconnecting", self._name, CHANNEL,
                            str(exc).strip())
            self._listening.clear()
            self._stop.wait(RETRY_SECONDS)

    def _reload(self) -> None:
        try:
            self._on_reload()
        except Exception:  # a failing hook must not end the listener
            log.exception("%s: schema reload failed", self._name)
