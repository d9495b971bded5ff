"""Rate limits of the public routes: settings, counter keys, Retry-After.

The counters themselves live in PostgreSQL (``models/satisfaction_rate_limit.py``),
so that every Odoo worker on every host counts against the same limit. They
use the sliding-window approximation: per key, the number of requests allowed
in the current fixed window (``current``) and in the window before
(``previous``); a request is allowed while

    previous x (1 - elapsed) + current + 1 <= limit

where ``elapsed`` is the fraction of the current window already gone (0 <=
elapsed < 1). The previous window's requests are assumed evenly spread, so
their weight falls as the window slides over them; a burst at the end of one
window still counts at the start of the next one (a plain fixed window would
let twice the limit through around a boundary). Refused requests are not
counted: a client that keeps hammering gets in again as soon as there is room.

This module holds what needs no database: reading the settings, the keys
(an HMAC, so that the table never holds an IP address or a token) and the
``Retry-After`` of a refused request.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re

_LIMIT_RE = re.compile(r"\s*([0-9]{1,9})\s*/\s*([0-9]{1,9})\s*")
DISABLED_VALUES = ("", "0", "off", "false", "none", "no")
KEY_CONTEXT = b"satisfaction_survey.rate_limit"
# 128 bits: far beyond any collision risk for the keys of a few days
KEY_BYTES = 16


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


def counter_key(secret: str, window: int, *parts: object) -> bytes:
    """Key of the counter of ``parts`` (e.g. ``("ip", "203.0.113.7")``).

    An HMAC-SHA256 keyed with ``secret`` (the database secret), truncated to
    ``KEY_BYTES``: an IP address or a token is personal data, and without the
    secret the key cannot be traced back to it, not even by trying every IPv4
    address. The window is part of the key, so changing a setting starts
    fresh counters.
    """
    if not secret:
        raise ValueError("a secret is required")
    # length-prefixed parts: no choice of parts can forge another key's message
    message = b"".join(
        b"%d:%s" % (len(data), data)
        for data in [KEY_CONTEXT, str(int(window)).encode()]
        + [str(part).encode("utf-8", "surrogatepass") for part in parts]
    )
    return hmac.new(secret.encode(), message, hashlib.sha256).digest()[:KEY_BYTES]


def retry_after(
    limit: int, window: int, previous: int, current: int, elapsed: float
) -> int:
    """Whole seconds (1 to ``window``) until a refused key has room again.

    ``previous`` and ``current``: requests allowed in the previous and the
    current window; ``elapsed``: fraction of the current window gone. Solves
    the rule of the module docstring for the first moment one more request
    fits: later in this window when the previous window's weight is what
    stands in the way, else in the next one (where ``current`` becomes the
    previous count). Capped at one window: the header is a hint, and a
    client that comes back a little early is simply told to wait again.
    """
    if limit < 1 or window <= 0:
        raise ValueError("limit and window must be positive")
    room = limit - 1 - current
    if room >= 0:
        # previous x (1 - f) <= room  <=>  f >= 1 - room / previous
        needed = 1 - room / previous if previous > 0 else elapsed
        wait = (needed - elapsed) * window
    else:
        # next window: current x (1 - g) <= limit - 1
        needed = 1 - (limit - 1) / current
        wait = (1 - elapsed + needed) * window
    # rounded first: float noise must not add a second (26.000000001 -> 26)
    return int(min(window, max(1, math.ceil(round(wait, 6)))))
