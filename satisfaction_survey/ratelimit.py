"""Sliding-window rate limiting (pure Python, thread-safe, injectable clock).

Used by the public rating routes to cap requests per client IP address and
per rating token. The limiter keeps, for each key, the times of the requests
it allowed during the last window: a request is allowed while fewer than
``limit`` requests were allowed in the last ``window`` seconds, otherwise the
caller is told how many seconds to wait (the ``Retry-After`` of an HTTP 429).

State lives in the memory of one process: with several Odoo workers each
worker counts on its own, so a client may get up to ``workers x limit``
requests through. Production should also rate-limit at the reverse proxy
(nginx ``limit_req``).
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

_LIMIT_RE = re.compile(r"\s*([0-9]{1,9})\s*/\s*([0-9]{1,9})\s*")
DISABLED_VALUES = ("", "0", "off", "false", "none", "no")


def parse_limit(
    value: object, default: tuple[int, int] | None = None
) -> tuple[int, int] | None:
    """``"60/60"`` -> ``(60, 60)``: at most 60 requests per 60 seconds.

    ``None`` (no limit) for ``"0"``, ``"off"``, ``"0/60"``... ; ``default``
    for anything unreadable (so a typo in a setting never disables the limit
    silently, nor breaks the page).
    """
    if value is None:
        return default
    if not isinstance(value, str):
        value = str(value)
    if value.strip().lower() in DISABLED_VALUES:
        return None
    match = _LIMIT_RE.fullmatch(value)
    if not match:
        return default
    count, seconds = int(match.group(1)), int(match.group(2))
    if count == 0:
        return None
    if seconds == 0:
        return default
    return count, seconds


class SlidingWindowLimiter:
    """Per-key sliding-window log limiter.

    ``hit(key, limit, window)`` records a request for ``key`` and returns
    ``(allowed, retry_after)``; ``retry_after`` is the whole number of
    seconds (>= 1) until the oldest request of the window leaves it, 0 when
    allowed. Refused requests are not recorded, so a client that keeps
    hammering is let in again as soon as the window has room.

    Memory is bounded by ``max_keys``: idle keys are dropped first, then the
    least recently used ones.
    """

    def __init__(
        self, clock: Callable[[], float] = time.monotonic, max_keys: int = 50_000
    ) -> None:
        if max_keys < 1:
            raise ValueError("max_keys must be positive")
        self._clock = clock
        self._max_keys = max_keys
        self._lock = threading.Lock()
        # key -> (window in seconds, deque of allowed request times); LRU order
        self._hits: OrderedDict[object, tuple[float, deque]] = OrderedDict()

    def __len__(self) -> int:
        with self._lock:
            return len(self._hits)

    def reset(self) -> None:
        """Forget every key (tests, or after changing the limits)."""
        with self._lock:
            self._hits.clear()

    def hit(self, key: object, limit: int, window: float) -> tuple[bool, int]:
        if limit < 1 or window <= 0:
            raise ValueError("limit and window must be positive")
        now = self._clock()
        with self._lock:
            entry = self._hits.get(key)
            if entry is None:
                times: deque = deque()
                if len(self._hits) >= self._max_keys:
                    self._evict(now)
                self._hits[key] = (window, times)
            else:
                times = entry[1]
                self._hits[key] = (window, times)
                self._hits.move_to_end(key)
            start = now - window
            while times and times[0] <= start:
                times.popleft()
            if len(times) >= limit:
                # the (len - limit + 1)-th oldest must leave before one more fits
                oldest = times[len(times) - limit]
                return False, max(1, math.ceil(oldest + window - now))
            times.append(now)
            return True, 0

    def _evict(self, now: float) -> None:
        """Drop keys with no request left in their window, else the LRU tenth."""
        idle = [
            key
            for key, (window, times) in self._hits.items()
            if not times or times[-1] <= now - window
        ]
        for key in idle:
            del self._hits[key]
        if len(self._hits) >= self._max_keys:
            for _ in range(max(1, self._max_keys // 10)):
                self._hits.popitem(last=False)
