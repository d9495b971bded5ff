"""Rate limiting of the public rating routes (Odoo has none).

Each request to a public route counts against two sliding windows: one per
client IP address (``satisfaction_survey.rate_limit_ip``, default "60/60":
60 requests per 60 seconds) and one per rating token
(``satisfaction_survey.rate_limit_token``, default "20/60"). Over either
limit the route answers HTTP 429 with a ``Retry-After`` header and a neutral
page that says nothing about the token. "0" or "off" disables a limit.

The client IP is ``request.httprequest.remote_addr``. Behind a reverse proxy,
start Odoo with ``--proxy-mode`` so that Odoo takes it from the proxy's
``X-Forwarded-For`` header; otherwise every citizen shares the proxy's
address and the IP limit applies to all of them together.

The counters live in PostgreSQL (``satisfaction.rate.limit``: an UNLOGGED
table, one atomic statement per counter, on a connection of its own to the
primary database, committed at once), so the limits hold across every worker
of every Odoo host of the database, and survive restarts. The table holds
HMACs of the IP address and token, never the values. This counter is the
only thing a GET of the rating page writes. Limiting at the reverse proxy
too (nginx ``limit_req``, sample in README.md) stays useful: it refuses a
flood before it costs an Odoo worker and a database round trip.
"""

import logging

import psycopg2
from psycopg2.pool import PoolError

from odoo.http import request

from ..satisfaction_survey.ratelimit import parse_limit

_logger = logging.getLogger(__name__)

IP_LIMIT_PARAM = "satisfaction_survey.rate_limit_ip"
TOKEN_LIMIT_PARAM = "satisfaction_survey.rate_limit_token"
DEFAULT_IP_LIMIT = (60, 60)
DEFAULT_TOKEN_LIMIT = (20, 60)

NEUTRAL_PAGE_TEMPLATE = "satisfaction_survey.public_page_too_many_requests"
FALLBACK_BODY = (
    "Too many requests, please try again in a moment. / "
    "Quá nhiều yêu cầu, vui lòng thử lại sau ít phút."
)


def reset():
    """Forget every counter (tests, or after changing the limits)."""
    request.env["satisfaction.rate.limit"]._reset()


def _limits():
    get_str = request.env["satisfaction.settings"]._get_str
    return (
        parse_limit(get_str(IP_LIMIT_PARAM), DEFAULT_IP_LIMIT),
        parse_limit(get_str(TOKEN_LIMIT_PARAM), DEFAULT_TOKEN_LIMIT),
    )


def check(token=None, scope="r"):
    """None when the current request may go on, else the 429 response to return.

    ``token``: the rating token of the route (any string: unknown tokens
    count too, so probing is limited the same way); ``scope`` separates the
    counters of different routes that take tokens (e.g. "r", "kiosk").
    """
    ip_limit, token_limit = _limits()
    counters = []
    if ip_limit:
        ip = request.httprequest.remote_addr or "unknown"
        counters.append((("ip", ip), ip_limit))
    if token_limit and token:
        counters.append((("token", scope, str(token)[:128]), token_limit))
    if not counters:
        return None
    try:
        retry_after = request.env["satisfaction.rate.limit"]._hit(counters)
    except (psycopg2.Error, PoolError):
        # The page must not fail because its limiter cannot count (database
        # overloaded, connection pool full): let the request through.
        _logger.warning("Rate limit not checked: counters unavailable", exc_info=True)
        return None
    if not retry_after:
        return None
    # No IP address nor token in the log: both identify a citizen.
    _logger.info(
        "Public rating route rate-limited (%s); retry after %ss", scope, retry_after
    )
    return too_many_requests(retry_after)


def too_many_requests(retry_after):
    headers = [
        ("Retry-After", str(int(retry_after))),
        ("Cache-Control", "no-store"),
        ("X-Robots-Tag", "noindex, nofollow"),
        ("Referrer-Policy", "no-referrer"),
    ]
    try:
        lang = request.env.context.get("lang") or "vi_VN"
        response = request.render(
            NEUTRAL_PAGE_TEMPLATE,
            {
                "retry_after": int(retry_after),
                "page_lang": lang,
                "html_lang": lang.replace("_", "-"),
                "show_lang_switch": False,
            },
            status=429,
            headers=headers,
        )
        response.flatten()  # render now, so that a rendering error falls back below
        return response
    except Exception:  # noqa: BLE001 - the limiter must never turn into a 500
        _logger.exception("Could not render the rate-limit page")
        return request.make_response(
            FALLBACK_BODY,
            headers=[*headers, ("Content-Type", "text/plain; charset=utf-8")],
            status=429,
        )
