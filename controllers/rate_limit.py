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

The counters live in the memory of each Odoo process
(``satisfaction_survey.ratelimit.SlidingWindowLimiter``, guarded by a lock):
with ``--workers=N`` every worker counts on its own, so up to N times the
limit gets through, and a restart forgets everything. Production should
therefore ALSO limit at the reverse proxy (nginx ``limit_req``, sample in
README.md); this limiter is the safety net when there is none.
"""

import logging

from odoo.http import request

from ..satisfaction_survey.ratelimit import SlidingWindowLimiter, parse_limit

_logger = logging.getLogger(__name__)

IP_LIMIT_PARAM = "satisfaction_survey.rate_limit_ip"
TOKEN_LIMIT_PARAM = "satisfaction_survey.rate_limit_token"
DEFAULT_IP_LIMIT = (60, 60)
DEFAULT_TOKEN_LIMIT = (20, 60)

# One limiter per process, shared by the threads of the process.
LIMITER = SlidingWindowLimiter()

NEUTRAL_PAGE_TEMPLATE = "satisfaction_survey.public_page_too_many_requests"
FALLBACK_BODY = (
    "Too many requests, please try again in a moment. / "
    "Quá nhiều yêu cầu, vui lòng thử lại sau ít phút."
)


def reset():
    """Forget every counter (tests, or after changing the limits)."""
    LIMITER.reset()


def _limits():
    icp = request.env["ir.config_parameter"].sudo()
    return (
        parse_limit(icp.get_param(IP_LIMIT_PARAM), DEFAULT_IP_LIMIT),
        parse_limit(icp.get_param(TOKEN_LIMIT_PARAM), DEFAULT_TOKEN_LIMIT),
    )


def check(token=None, scope="r"):
    """None when the current request may go on, else the 429 response to return.

    ``token``: the rating token of the route (any string: unknown tokens
    count too, so probing is limited the same way); ``scope`` separates the
    counters of different routes that take tokens (e.g. "r", "kiosk").
    """
    ip_limit, token_limit = _limits()
    retry_after = 0
    if ip_limit:
        ip = request.httprequest.remote_addr or "unknown"
        allowed, wait = LIMITER.hit(("ip", ip), *ip_limit)
        if not allowed:
            retry_after = wait
    if token_limit and token and not retry_after:
        allowed, wait = LIMITER.hit(("token", scope, str(token)[:128]), *token_limit)
        if not allowed:
            retry_after = wait
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
