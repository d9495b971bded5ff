"""Counter kiosk: a tablet at a one-stop counter, opened at ``/kiosk/<key>``.

1. start screen: a field where the citizen types the kiosk code printed on
   their receipt or sent to them by SMS, or scans the receipt's QR code.
   The tablet lists nothing: the officer's tap alone opens no questionnaire;
2. POST of the code: a right code (of a dossier returned at this counter,
   unexpired, never used) shows the questionnaire of that dossier, with the
   officers who served and their photos; the code is used up. Any other code
   gets the same neutral refusal. Attempts count against a limit per kiosk
   and per IP address (``satisfaction_survey.rate_limit_kiosk_code``);
3. the citizen answers (channel "kiosk"); the form carries a ticket bound to
   the kiosk, the dossier and the time, without which nothing is recorded;
4. POST, then redirect (303) to a thank-you screen that goes back to the
   start screen by itself: the Back button never brings answers back, and
   ``Cache-Control: no-store`` keeps them out of the browser's cache.

Without a touch for ``idle_reset_seconds`` the tablet goes back to the start
screen (a few lines of inline JavaScript; a meta refresh without it).
Unknown, malformed and revoked keys get the neutral 404 page of invalid links.

Only the thank-you screen is a read-only route (it reads the kiosk alone).
The others run on the primary database: the start screen records that the
tablet is alive, and the code opens a rating request created moments
before, at the return of the dossier, which a lagging replica may not have yet.
"""

import logging

import psycopg2
from psycopg2.pool import PoolError

from odoo import http
from odoo.http import request

from ..satisfaction_survey.ratelimit import parse_limit
from . import rate_limit
from .main import DEFAULT_PAGE_LANG, SatisfactionPageMixin

_logger = logging.getLogger(__name__)

KIOSK_THANKS_SECONDS = 8
CODE_LIMIT_PARAM = "satisfaction_survey.rate_limit_kiosk_code"
# 40-bit codes: 30 attempts per 10 minutes leave a guess no chance, and are
# more than a counter serves.
DEFAULT_CODE_LIMIT = (30, 600)
# Without JavaScript the page cannot see the citizen answering: the fallback
# refresh of the questionnaire waits much longer than the idle time.
NOSCRIPT_FORM_FACTOR, NOSCRIPT_FORM_MIN_SECONDS = 5, 300


class SatisfactionKiosk(SatisfactionPageMixin, http.Controller):
    @http.route(
        "/kiosk/<string:key>",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def satisfaction_kiosk_start(self, key, **kw):
        prefs = self._satisfaction_page_prefs(kw)
        kiosk = self._satisfaction_kiosk(key)
        if not kiosk:
            return self._satisfaction_kiosk_not_found(prefs)
        kiosk._touch()
        return self._satisfaction_kiosk_render_start(kiosk, key, prefs)

    @http.route(
        "/kiosk/<string:key>/code",
        type="http",
        auth="public",
        methods=["POST"],
        sitemap=False,
    )
    def satisfaction_kiosk_code(self, key, code=None, **kw):
        prefs = self._satisfaction_page_prefs(kw)
        kiosk = self._satisfaction_kiosk(key)
        if not kiosk:
            return self._satisfaction_kiosk_not_found(prefs)
        limited = self._satisfaction_kiosk_code_limit(kiosk)
        if limited:
            return limited
        request_sudo = kiosk._open_with_proof(code)
        if not request_sudo:
            return self._satisfaction_kiosk_render_start(
                kiosk, key, prefs, code_error=True, status=400
            )
        return self._satisfaction_kiosk_render_form(kiosk, key, request_sudo, prefs)

    @http.route(
        "/kiosk/<string:key>/rate/<int:request_id>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        sitemap=False,
    )
    def satisfaction_kiosk_rate(self, key, request_id, **kw):
        prefs = self._satisfaction_page_prefs(kw)
        kiosk = self._satisfaction_kiosk(key)
        if not kiosk:
            return self._satisfaction_kiosk_not_found(prefs)
        start_url = "/kiosk/%s%s" % (key, self._satisfaction_kiosk_query(prefs))
        if request.httprequest.method != "POST":
            # only a code opens a questionnaire
            return request.redirect(start_url)
        request_sudo = kiosk._find_request(request_id)
        if not request_sudo or not kiosk._ticket_ok(
            request_sudo, kw.get("kiosk_ticket")
        ):
            # answered, cancelled, expired, of another counter, or not opened
            # by a code here: back to the start
            return request.redirect(start_url)
        form = self._satisfaction_submitted_form(kw)
        ticket = kw.get("kiosk_ticket")
        _response, errors = self._satisfaction_record(
            request_sudo,
            form,
            channel="kiosk",
            metadata={
                "kiosk_id": kiosk.id,
                "seconds_on_page": kiosk._ticket_seconds(ticket),
            },
        )
        if errors:
            return self._satisfaction_kiosk_render_form(
                kiosk,
                key,
                request_sudo,
                prefs,
                values=form,
                errors=errors,
                status=400,
                ticket=ticket,
            )
        # answered (or answered by a simultaneous submit): thank and start again
        return request.redirect(
            "/kiosk/%s/thanks%s" % (key, self._satisfaction_kiosk_query(prefs))
        )

    @http.route(
        "/kiosk/<string:key>/thanks",
        type="http",
        auth="public",
        methods=["GET"],
        readonly=True,
        sitemap=False,
    )
    def satisfaction_kiosk_thanks(self, key, **kw):
        prefs = self._satisfaction_page_prefs(kw)
        kiosk = self._satisfaction_kiosk(key)
        if not kiosk:
            return self._satisfaction_kiosk_not_found(prefs)
        start_url = "/kiosk/%s" % key
        return self._satisfaction_render(
            "satisfaction_survey.public_page_thanks",
            prefs,
            {
                "kiosk": kiosk,
                "start_url": start_url,
                "refresh_url": start_url,
                "refresh_seconds": KIOSK_THANKS_SECONDS,
            },
        )

    # ------------------------------------------------------------
    # HELPERS
    # ------------------------------------------------------------

    def _satisfaction_kiosk(self, key):
        return request.env["satisfaction.kiosk"]._get_by_key(key)

    def _satisfaction_kiosk_query(self, prefs):
        """Query string of the preferences chosen on the tablet ("" by default)."""
        query = self._satisfaction_pref_query(
            prefs, with_lang=prefs["lang"] != DEFAULT_PAGE_LANG
        )
        return "" if query == "?" else query

    def _satisfaction_kiosk_not_found(self, prefs):
        return self._satisfaction_render(
            "satisfaction_survey.public_page_invalid", prefs, status=404
        )

    def _satisfaction_kiosk_values(self, kiosk, key):
        start_url = "/kiosk/%s" % key
        return {
            "kiosk": kiosk,
            "start_url": start_url,
            "idle_url": start_url,
            "idle_seconds": kiosk.idle_reset_seconds,
        }

    def _satisfaction_kiosk_code_limit(self, kiosk):
        """The 429 response when this kiosk or this address tried too many
        codes lately, else None."""
        limit = parse_limit(
            request.env["satisfaction.settings"]._get_str(CODE_LIMIT_PARAM),
            DEFAULT_CODE_LIMIT,
        )
        if not limit:
            return None
        ip = request.httprequest.remote_addr or "unknown"
        try:
            retry_after = request.env["satisfaction.rate.limit"]._hit(
                [
                    (("kiosk_code", str(kiosk.id)), limit),
                    (("kiosk_code_ip", ip), limit),
                ]
            )
        except (psycopg2.Error, PoolError):
            # the rate limiter cannot count: the page must not fail for it
            _logger.warning("Kiosk code attempts not counted", exc_info=True)
            return None
        return rate_limit.too_many_requests(retry_after) if retry_after else None

    def _satisfaction_kiosk_render_start(
        self, kiosk, key, prefs, code_error=False, status=200
    ):
        values = dict(
            self._satisfaction_kiosk_values(kiosk, key),
            code_url="/kiosk/%s/code" % key,
            pakn_url="/satisfaction/pakn?kiosk=%s" % key,
            code_error=code_error,
            noscript_refresh_seconds=kiosk.idle_reset_seconds,
        )
        return self._satisfaction_render(
            "satisfaction_survey.kiosk_page_start", prefs, values, status=status
        )

    def _satisfaction_kiosk_render_form(
        self,
        kiosk,
        key,
        request_sudo,
        prefs,
        values=None,
        errors=None,
        status=200,
        ticket=None,
    ):
        qcontext = self._satisfaction_form_values(
            request_sudo,
            "/kiosk/%s/rate/%s" % (key, request_sudo.id),
            values=values,
            errors=errors,
        )
        qcontext.update(
            self._satisfaction_kiosk_values(kiosk, key),
            dossier_ref=request_sudo.dossier_ref,
            # shown again after an error: the same ticket, the time runs on
            kiosk_ticket=ticket or kiosk._ticket(request_sudo),
            officer_photos=kiosk._officer_photos(qcontext["officers"]),
            noscript_refresh_seconds=max(
                kiosk.idle_reset_seconds * NOSCRIPT_FORM_FACTOR,
                NOSCRIPT_FORM_MIN_SECONDS,
            ),
        )
        return self._satisfaction_render(
            "satisfaction_survey.public_page_form", prefs, qcontext, status=status
        )
