"""Failed password sign-ins, limited in memory (a dev-server stand-in for GoTrue's limiter).

Rule: within a sliding window (5 minutes by default) at most `per_email` failed password
sign-ins for one email address or phone, and at most `per_ip` from one client address. Once a
key is over its budget, every password sign-in for it answers 429 over_request_rate_limit,
right or wrong password, until its oldest failure leaves the window. Only failures count; a
successful sign-in neither counts nor resets. State lives in this process and is lost on
restart.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable

from .errors import AuthError

_FIRST_SWEEP = 1024  # keys held before the first sweep of expired ones


class SignInLimiter:
    def __init__(self, *, per_email: int = 10, per_ip: int = 60, window_seconds: float = 300,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.per_email = per_email
        self.per_ip = per_ip
        self.window = window_seconds
        self._clock = clock
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()
        self._sweep_at = _FIRST_SWEEP

    def _keys(self, login: str, ip: str | None) -> list[tuple[str, int]]:
        keys = [(f"login:{login.lower()}", self.per_email)]
        if ip:
            keys.append((f"ip:{ip}", self.per_ip))
        return keys

    def check(self, login: str, ip: str | None) -> None:
        """429 when the login or the address already used up its failures."""
        now = self._clock()
        with self._lock:
            for key, budget in self._keys(login, ip):
                failures = self._failures.get(key)
                if not failures:
                    continue
                while failures and failures[0] <= now - self.window:
                    failures.popleft()
                if len(failures) >= budget:
                    raise AuthError(429, "over_request_rate_limit", "Request rate limit reached")

    def failed(self, login: str, ip: str | None) -> None:
        now = self._clock()
        with self._lock:
            for key, _ in self._keys(login, ip):
                self._failures[key].append(now)
            if len(self._failures) >= self._sweep_at:
                self._sweep(now)

    def _sweep(self, now: float) -> None:
        """Forget keys whose failures all left the window: each address tried once would
        otherwise stay in memory for good. The next sweep waits until the map doubles."""
        for key in [k for k, f in self._failures.items() if not f or f[-1] <= now - self.window]:
            del self._failures[key]
        self._sweep_at = max(_FIRST_SWEEP, 2 * len(self._failures))

    def tracked(self) -> int:
        """How many addresses and logins are remembered (their failures are in the window)."""
        with self._lock:
            return len(self._failures)
