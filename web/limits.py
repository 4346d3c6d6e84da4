"""How often one client may ask, and how many wrong /admin passwords it may try.

Both keep their counts in memory, per replica, keyed by the client's address, and read time
from an injectable clock (time.monotonic by default) so that tests drive time instead of
waiting for it.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

Clock = Callable[[], float]


def too_fast(wait: int) -> str:
    """What a client asking over the limit is told, in the chat and through the API."""
    return f"You are asking faster than we can answer; try again in {wait} s."


def client_of(request) -> str:
    """The address of a gr.Request's client (uvicorn has applied the X-Forwarded-For of
    trusted proxies); "unknown" when there is none."""
    client = getattr(request, "client", None)
    return getattr(client, "host", None) or "unknown"


# Clients remembered at most; past that the ones idle longest are forgotten first.
MAX_CLIENTS = 10_000


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """A token bucket per client: `burst` questions at once, then `per_minute` on average.

    A bucket holds up to `burst` tokens and refills at per_minute / 60 tokens a second; each
    question takes one. per_minute <= 0 means no limit.
    """

    def __init__(self, per_minute: float, burst: int, clock: Clock = time.monotonic) -> None:
        self.rate = per_minute / 60.0
        self.burst = max(1, burst)
        self.clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def wait(self, client: str) -> int:
        """0 when `client` may ask now (the question is counted), else whole seconds to wait."""
        if not self.enabled:
            return 0
        now = self.clock()
        with self._lock:
            bucket = self._buckets.pop(client, None) or _Bucket(float(self.burst), now)
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
            self._buckets[client] = bucket  # most recently seen last
            if len(self._buckets) > MAX_CLIENTS:
                self._buckets.pop(next(iter(self._buckets)))
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return 0
            return max(1, math.ceil((1 - bucket.tokens) / self.rate))


@dataclass
class _Failures:
    count: int
    last: float
    locked_until: float = 0.0


class LoginThrottle:
    """Locks a client's logins after `max_failures` wrong passwords in a row.

    The first lock lasts `lockout_seconds`; each wrong password after it doubles the lock, up
    to `max_lockout_seconds`. A correct login clears the count; so does a day without failures.
    """

    FORGET_SECONDS = 24 * 3600

    def __init__(
        self,
        max_failures: int = 5,
        lockout_seconds: float = 60.0,
        max_lockout_seconds: float = 3600.0,
        clock: Clock = time.monotonic,
    ) -> None:
        self.max_failures = max(1, max_failures)
        self.lockout_seconds = lockout_seconds
        self.max_lockout_seconds = max(lockout_seconds, max_lockout_seconds)
        self.clock = clock
        self._clients: dict[str, _Failures] = {}
        self._lock = threading.Lock()

    def locked_for(self, client: str) -> int:
        """Whole seconds until `client` may try a password again; 0 if it may now."""
        with self._lock:
            entry = self._current(client)
            left = entry.locked_until - self.clock() if entry else 0.0
        return max(0, math.ceil(left))

    def failed(self, client: str) -> tuple[int, int]:
        """Count a wrong password; (failures in a row, seconds the client is now locked)."""
        now = self.clock()
        with self._lock:
            entry = self._current(client) or _Failures(0, now)
            entry.count += 1
            entry.last = now
            if entry.count >= self.max_failures:
                doublings = entry.count - self.max_failures
                seconds = min(
                    self.max_lockout_seconds, self.lockout_seconds * 2.0 ** min(doublings, 32)
                )
                entry.locked_until = now + seconds
            self._clients.pop(client, None)
            self._clients[client] = entry
            if len(self._clients) > MAX_CLIENTS:
                self._clients.pop(next(iter(self._clients)))
            return entry.count, max(0, math.ceil(entry.locked_until - now))

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._clients.pop(client, None)

    def _current(self, client: str) -> _Failures | None:
        entry = self._clients.get(client)
        if entry and self.clock() - entry.last > max(self.FORGET_SECONDS, self.max_lockout_seconds):
            del self._clients[client]
            return None
        return entry
