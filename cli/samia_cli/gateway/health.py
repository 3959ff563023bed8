"""The slow part of /health, kept: the probe (stack.health_probe reads the migration state and
checksums every file, up to a second of CPU) runs once, then in the background when its answer
is older than `max_age` or a schema reload came in (a migrate sends one). Requests read the
kept answer and never wait for the probe, except the very first one."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

MAX_AGE_SECONDS = 60.0


def _run(probe: Callable[[], dict]) -> dict:
    try:
        return probe()
    except Exception as exc:
        log.exception("health probe failed")
        return {"ok": False, "error": str(exc)}


class HealthCache:
    def __init__(self, probe: Callable[[], dict], max_age: float = MAX_AGE_SECONDS) -> None:
        self._probe = probe
        self._max_age = max_age
        self._answer: dict | None = None
        self._taken = 0.0  # monotonic time the kept answer's probe started
        self._stale = False
        self._refreshing = False
        self._lock = threading.Lock()
        self.refreshes = 0  # how many probes finished: tests wait on it

    def get(self) -> dict:
        answer = self._answer
        if answer is None:
            with self._lock:  # the first caller probes; the others wait for its answer
                if self._answer is None:
                    self._stale = False  # this probe answers any reload asked for so far
                    self._store(time.monotonic(), _run(self._probe))
                return self._answer
        if self._stale or time.monotonic() - self._taken > self._max_age:
            self.refresh()
        return answer

    def refresh(self) -> None:
        """Probe again in the background (one probe at a time); the kept answer stays until
        the new one is in."""
        with self._lock:
            self._stale = True
            if self._refreshing or self._answer is None:
                return  # a probe is running, or the first request will probe anyway
            self._refreshing = True
        threading.Thread(target=self._refresh, daemon=True, name="health-probe").start()

    def _refresh(self) -> None:
        try:
            while True:
                with self._lock:
                    self._stale = False
                started = time.monotonic()
                answer = _run(self._probe)
                with self._lock:
                    self._store(started, answer)
                    if not self._stale:  # else a reload came in while we probed: again
                        break
        finally:
            with self._lock:
                self._refreshing = False

    def _store(self, started: float, answer: dict) -> None:
        self._answer, self._taken = answer, started
        self.refreshes += 1
