"""Counter kiosk: a tablet at a one-stop counter, opened at ``/kiosk/<key>``.

1. start screen: the codes of the dossiers returned at the counter in the
   last minutes (codes only, never a citizen's name) and a field to type or
   scan a code; the officer picks the dossier just returned;
2. the questionnaire of that dossier; the citizen answers (channel "kiosk");
3. POST, then redirect (303) to a thank-you screen that goes back to the
   start screen by itself: the Back button never brings answers back, and
   ``Cache-Control: no-store`` keeps them out of the browser's cache.

Without a touch for ``idle_reset_seconds`` the tablet goes back to the start
screen (a few lines of inline JavaScript; a meta refresh without it).
Unknown, malformed and revoked keys get the neutral 404 page of invalid links.

Only the thank-you screen is a read-only route (it reads the kiosk alone).
The others run on the primary database even for GET: the start screen
records that the tablet is alive, and the dossier search and the
questionnaire read a rating request created moments before, at the return
of the dossier, which a lagging replica may not have yet.
"""

from odoo import http
from odoo.http import request

from .main import DEFAULT_PAGE_LANG, SatisfactionPageMixin

KIOSK_THANKS_SECONDS = 8
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
        "/kiosk/<string:key>/find",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def satisfaction_kiosk_find(self, key, code=None, **kw):
        prefs = self._satisfaction_page_prefs(kw)
        kiosk = self._satisfaction_kiosk(key)
        if not kiosk:
            return self._satisfaction_kiosk_not_found(prefs)
        request_sudo = kiosk._find_request(code=code)
        if not request_sudo:
            return self._satisfaction_kiosk_render_start(
                kiosk,
                key,
                prefs,
                code=code if isinstance(code, str) else "",
                code_error=True,
            )
        return request.redirect(
            "/kiosk/%s/rate/%s%s"
            % (key, request_sudo.id, self._satisfaction_kiosk_query(prefs))
        )

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
        request_sudo = kiosk._find_request(request_id=request_id)
        if not request_sudo:
            # answered, cancelled, expired or not of this counter: back to the start
            return request.redirect("/kiosk/%s" % key)
        if request.httprequest.method == "POST":
            form = self._satisfaction_submitted_form(kw)
            response, errors = self._satisfaction_record(
                request_sudo, form, channel="kiosk"
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
                )
            # answered (or answered by a simultaneous submit): thank and start again
            return request.redirect(
                "/kiosk/%s/thanks%s" % (key, self._satisfaction_kiosk_query(prefs))
            )
        return self._satisfaction_kiosk_render_form(kiosk, key, request_sudo, prefs)

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

    def _satisfaction_kiosk_render_start(
        self, kiosk, key, prefs, code="", code_error=False
    ):
        values = dict(
            self._satisfaction_kiosk_values(kiosk, key),
            requests=kiosk._recent_requests(),
            find_url="/kiosk/%s/find" % key,
            pakn_url="/satisfaction/pakn?kiosk=%s" % key,
            rate_url_prefix="/kiosk/%s/rate/" % key,
            pref_query=self._satisfaction_kiosk_query(prefs),
            code=code,
            code_error=code_error,
            noscript_refresh_seconds=kiosk.idle_reset_seconds,
        )
        return self._satisfaction_render(
            "satisfaction_survey.kiosk_page_start", prefs, values
        )

    def _satisfaction_kiosk_render_form(
        self, kiosk, key, request_sudo, prefs, values=None, errors=None, status=200
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
            noscript_refresh_seconds=max(
                kiosk.idle_reset_seconds * NOSCRIPT_FORM_FACTOR,
                NOSCRIPT_FORM_MIN_SECONDS,
            ),
        )
        return self._satisfaction_render(
            "satisfaction_survey.public_page_form", prefs, qcontext, status=status
        )
