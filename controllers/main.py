"""Public rating page: the citizen answers through the secret link ``/r/<token>``.

A standalone QWeb page (no website module, no asset bundle, no JavaScript):
GET only shows the questionnaire and never writes (e-mail link scanners open
links), POST records the answers once. Unknown, malformed and expired tokens
all get the same neutral 404 page, so a token cannot be probed.

GET is a read-only route: on a replica when Odoo has one (``--db_replica_host``),
on a read-only transaction in tests; its only write, the rate-limit counter,
goes to the primary on a connection of its own. POST runs on the primary and
renders its answer itself (thank you, already answered, the form with its
errors), never a redirect to a GET that a lagging replica could answer with
the form again. A POST that leaves the link answered also sets a short-lived
cookie scoped to the link's path (``ss_answered``, HttpOnly, no value of
interest): while the browser sends it, its GETs of that link read the primary,
so reopening the link moments after answering shows "already answered" even
when the replica has not replayed the answer yet. Without cookies the form
may show again during the lag; its submit then runs on the primary and says
"already answered".

Display preferences travel in the query string and in hidden form fields, so
they work without JavaScript and without cookies: ``lang`` (vi, en), ``fs``
(text size step 0-2) and ``hc`` (1: high contrast). So does the page's
``mode``: a questionnaire in quick mode opens on its overall question alone
(``quick``: a level, then Send); ``full`` asks every question, and
``details`` the questions a quick answer left open, through the same link
after the quick answer (once, until the link expires).

No session: the unguessable token in the URL is the capability, so the page
neither reads nor sets a cookie (``save_session=False``: no Set-Cookie, no
session file). Odoo's CSRF token is bound to a session; the form carries a
token of its own instead, an HMAC of the link's token, the database secret
and the time of the page view (``satisfaction_survey.tokens.form_token``),
checked on POST, and a browser's cross-site POST is refused (README, "Public
rating page: no session").

``SatisfactionPageMixin`` holds what the counter kiosk (controllers/kiosk.py)
shares with this page: preferences, question grouping and rendering.
"""

import logging
import secrets
import time

import psycopg2
from werkzeug.urls import url_encode

from odoo import http
from odoo.http import request

from ..satisfaction_survey import layout, tokens
from . import rate_limit  # per-IP and per-token limits

_logger = logging.getLogger(__name__)

# ?lang=... values accepted by the page -> Odoo language codes
PAGE_LANGS = {"vi": "vi_VN", "vi_VN": "vi_VN", "en": "en_US", "en_US": "en_US"}
SHORT_LANGS = {"vi_VN": "vi", "en_US": "en"}
DEFAULT_PAGE_LANG = "vi_VN"
FALLBACK_PAGE_LANG = "en_US"
FONT_STEPS = 3  # ?fs=0 (default), 1, 2
PAGE_MODES = ("quick", "full", "details")  # ?mode=...; none: the questionnaire's
# Marks a browser that has just answered a link: its GETs of that link read
# the primary for this long, far above any replication lag worth serving.
ANSWERED_COOKIE = "ss_answered"
ANSWERED_COOKIE_SECONDS = 600

# The token is a bearer secret in the URL: keep the page out of caches,
# search engines and the Referer header of any outgoing link; no framing.
PAGE_HEADERS = [
    ("Cache-Control", "no-store"),
    ("X-Robots-Tag", "noindex, nofollow"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
]


# Stand-ins for a link's token and form token in a page rendered once for
# every link that shows the same thing (``_satisfaction_render_cached``); made
# of token characters, so that no escaping changes them, and random, so that
# no text of the page can contain them.
TOKEN_MARK = "ssTokenMark" + secrets.token_hex(12)
FORM_TOKEN_MARK = "ssFormTokenMark" + secrets.token_hex(12)


class SatisfactionPageMixin:
    """Helpers shared by the public rating page and the counter kiosk."""

    # ------------------------------------------------------------
    # LANGUAGE AND DISPLAY PREFERENCES
    # ------------------------------------------------------------

    def _satisfaction_vietnamese_active(self):
        return bool(request.env["res.lang"].sudo()._get_code(DEFAULT_PAGE_LANG))

    def _satisfaction_page_lang(self, requested):
        """Page language: ``?lang=vi|en``, else Vietnamese when active, else English.

        English is the source language of every term, so it is always
        available, even when en_US is not an active language of the database.
        """
        code = PAGE_LANGS.get(requested) if isinstance(requested, str) else None
        if (
            code == FALLBACK_PAGE_LANG
            or code
            and request.env["res.lang"].sudo()._get_code(code)
        ):
            return code
        return (
            DEFAULT_PAGE_LANG
            if self._satisfaction_vietnamese_active()
            else FALLBACK_PAGE_LANG
        )

    def _satisfaction_page_prefs(self, kw):
        """Language, text size step and contrast asked by the query string or the form.

        Also switches the request to the page language: template terms and
        translatable fields (criteria, levels) read afterwards follow it.
        """
        font_step = kw.get("fs")
        font_step = (
            int(font_step)
            if isinstance(font_step, str)
            and font_step in {str(i) for i in range(FONT_STEPS)}
            else 0
        )
        prefs = {
            "lang": self._satisfaction_page_lang(kw.get("lang")),
            "fs": font_step,
            "hc": kw.get("hc") == "1",
            "mode": kw.get("mode") if kw.get("mode") in PAGE_MODES else None,
        }
        request.update_context(lang=prefs["lang"])
        return prefs

    def _satisfaction_pref_query(self, prefs, with_lang=True, **changes):
        """``?lang=..&fs=..&hc=..`` of ``prefs`` updated by ``changes``."""
        prefs = dict(prefs, **changes)
        params = {}
        if with_lang:
            params["lang"] = SHORT_LANGS.get(prefs["lang"], prefs["lang"])
        if prefs["fs"]:
            params["fs"] = prefs["fs"]
        if prefs["hc"]:
            params["hc"] = 1
        if prefs.get("mode"):
            params["mode"] = prefs["mode"]
        return "?" + url_encode(params) if params else "?"

    def _satisfaction_pref_links(self, prefs):
        query = self._satisfaction_pref_query
        return {
            "vi": query(prefs, lang="vi_VN"),
            "en": query(prefs, lang="en_US"),
            "smaller": query(prefs, fs=prefs["fs"] - 1) if prefs["fs"] > 0 else None,
            "larger": query(prefs, fs=prefs["fs"] + 1)
            if prefs["fs"] < FONT_STEPS - 1
            else None,
            "contrast": query(prefs, hc=not prefs["hc"]),
            "full": query(prefs, mode="full"),
            "details": query(prefs, mode="details"),
        }

    # ------------------------------------------------------------
    # QUESTIONNAIRE
    # ------------------------------------------------------------

    def _satisfaction_form_values(
        self,
        request_sudo,
        form_action,
        values=None,
        errors=None,
        privacy=True,
        mode="full",
        response=None,
    ):
        """Questionnaire of ``request_sudo``, posted to ``form_action``
        (``privacy``: with the values of the privacy notice).

        ``mode``: ``full`` (every question), ``quick`` (the overall question
        alone) or ``details`` (the questions the quick ``response`` left open).
        """
        page_layout = request_sudo.questionnaire_id._page_layout()
        officers = request_sudo._served_officers()
        items = request_sudo.questionnaire_id._question_items(officers)
        if mode == "quick":
            items = layout.quick_items(items)
        elif mode == "details":
            items = request_sudo._detail_items(response)
        derived = {
            key: str(level)
            for key, level in request_sudo._derived_levels(items).items()
        }
        if values is None:
            # first view: the answers the dossier pre-fills (NĐ 118/2025 Điều 33.1)
            values = derived
        values = {
            key: value
            for key, value in (values or {}).items()
            if isinstance(value, str)
        }
        low_values = {str(value) for value in page_layout.low_values}
        # a low level kept as the dossier pre-filled it asks for no reason
        low_keys = [
            item["key"]
            for item in items
            if item["criterion"].question_type == "scale"
            and values.get(item["key"]) in low_values
            and values.get(item["key"]) != derived.get(item["key"])
        ]
        return {
            "page_mode": mode,
            "form_action": form_action,
            "page_layout": page_layout,
            "intro": page_layout.intro,
            "procedure": request_sudo.procedure_id,
            "unit": request_sudo.unit_id,
            "officers": officers,
            "levels": page_layout.levels,
            "ask_low_reason": bool(page_layout.low_values),
            "elements": layout.group_items(items),
            "derived_notes": request_sudo._derived_notes(items),
            "values": values,
            "low_keys": low_keys,
            # the missing reason is asked under the first low answer
            "reason_error_key": low_keys[0] if low_keys else None,
            "errors": errors or {},
            "low_reasons": request.env["satisfaction.low.reason"]._public_items()
            if page_layout.low_values
            else (),
            "privacy": request.env["satisfaction.privacy.notice"]._public_values()
            if privacy
            else None,
        }

    def _satisfaction_submitted_form(self, kw):
        # Form values only (strings); the query string cannot answer questions.
        return request.httprequest.form.to_dict() or kw

    def _satisfaction_record(
        self, request_sudo, form, channel=None, metadata=None, quick=False
    ):
        """``_record_answers`` of a page (reason required after a low answer).

        Returns (response, errors), or (None, None) when another submit of
        the same request won the race (the unique response per request).
        """
        # counted after the commit: ``satisfaction.stat.engine._deferred``
        engine = request.env["satisfaction.stat.engine"]
        try:
            with request.env.cr.savepoint(), engine._deferred():
                return request_sudo._record_answers(
                    form,
                    channel=channel,
                    require_reason=True,
                    prefilled=True,
                    metadata=metadata,
                    quick=quick,
                )
        except psycopg2.IntegrityError:
            _logger.info(
                "Rating request %s answered twice at the same time", request_sudo.id
            )
            return None, None

    # ------------------------------------------------------------
    # FORM TOKEN (pages without a session)
    # ------------------------------------------------------------

    def _satisfaction_form_token(self, token):
        return tokens.form_token(self._satisfaction_secret(), token, time.time())

    def _satisfaction_form_token_ok(self, token, kw):
        """The POST carries this link's form token, and no browser says it
        comes from another site (``Sec-Fetch-Site``, sent by every current
        browser with a form submit)."""
        if request.httprequest.headers.get("Sec-Fetch-Site") == "cross-site":
            return False
        return tokens.form_token_valid(
            self._satisfaction_secret(), token, kw.get("csrf_token"), time.time()
        )

    def _satisfaction_secret(self):
        return (
            request.env["ir.config_parameter"].sudo().get_param("database.secret") or ""
        )

    # ------------------------------------------------------------
    # RENDERING
    # ------------------------------------------------------------

    def _satisfaction_qcontext(self, prefs, qcontext=None):
        lang = prefs["lang"]
        request.update_context(lang=lang)
        return dict(
            qcontext or {},
            page_lang=lang,
            html_lang=lang.replace("_", "-"),
            show_lang_switch=self._satisfaction_vietnamese_active(),
            font_step=prefs["fs"],
            high_contrast=prefs["hc"],
            pref_links=self._satisfaction_pref_links(prefs),
        )

    def _satisfaction_render(
        self, template, prefs, qcontext=None, status=200, headers=None
    ):
        return request.render(
            template,
            self._satisfaction_qcontext(prefs, qcontext),
            status=status,
            headers=PAGE_HEADERS + (headers or []),
        )

    def _satisfaction_render_cached(
        self, template, prefs, qcontext, key, token=None, status=200
    ):
        """``_satisfaction_render`` of a page that only the link's token and
        form token make differ from one link to another.

        ``key``: everything else the page shows besides the template, the
        language, the display preferences and the privacy notice (officers
        by name, read anyway: a renamed officer shows at once; procedure and
        unit by id, whose renaming clears the cache). The page is rendered once
        per key and kept
        with QWeb's ``t-cache`` fragments (``ir.qweb._get_cached_values``,
        emptied whenever templates, translations or cached data change), the
        token put in afterwards: QWeb would otherwise be most of a page
        view's time.
        """
        qcontext = self._satisfaction_qcontext(
            prefs,
            dict(
                qcontext,
                form_action="/r/%s" % TOKEN_MARK,
                page_url="/r/%s" % TOKEN_MARK,
                withdraw_action="/r/%s/withdraw" % TOKEN_MARK,
                form_token=FORM_TOKEN_MARK,
            )
            if token
            else qcontext,
        )
        html = request.env["ir.qweb"]._get_cached_values(
            (
                "satisfaction_survey.public_page",
                template,
                prefs["lang"],
                prefs["fs"],
                prefs["hc"],
                prefs.get("mode"),
                qcontext["show_lang_switch"],
                bool(token),
                request.env["satisfaction.privacy.notice"]._public_key(),
                key,
            ),
            lambda: self._satisfaction_render_html(template, qcontext),
        )
        if token:
            html = html.replace(TOKEN_MARK, token).replace(
                FORM_TOKEN_MARK, self._satisfaction_form_token(token)
            )
        return request.make_response(html, headers=PAGE_HEADERS, status=status)

    def _satisfaction_render_html(self, template, qcontext):
        if not qcontext.get("privacy"):
            qcontext["privacy"] = request.env[
                "satisfaction.privacy.notice"
            ]._public_values()
        return str(request.env["ir.ui.view"]._render_template(template, qcontext))


def _read_only_method(controller):
    """``readonly`` of a route that shows on GET and records on POST.

    A GET from a browser that has just answered this link (``ANSWERED_COOKIE``,
    sent for this link's path only) reads the primary: the replica may not
    have the answer yet and would show the form again.
    """
    httprequest = request.httprequest
    return (
        httprequest.method in ("GET", "HEAD")
        and ANSWERED_COOKIE not in httprequest.cookies
    )


class SatisfactionPublicPage(SatisfactionPageMixin, http.Controller):
    @http.route(
        "/r/<string:token>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        readonly=_read_only_method,
        sitemap=False,
        # no session (the token is the capability): the form token replaces
        # Odoo's session-bound CSRF token, checked below
        csrf=False,
        save_session=False,
    )
    def satisfaction_rate(self, token, **kw):
        prefs = self._satisfaction_page_prefs(kw)  # also sets the page language
        # -- rate limit: HTTP 429 over the per-IP or per-token limit
        # (controllers/rate_limit.py)
        limited = rate_limit.check(token)
        if limited:
            return limited
        # -- end rate limit
        request_sudo = request.env["satisfaction.request"]._get_by_token(token)
        if not request_sudo:
            return self._satisfaction_render(
                "satisfaction_survey.public_page_invalid", prefs, status=404
            )
        if request_sudo.state == "answered":
            if prefs["mode"] == "details":
                page = self._satisfaction_details(request_sudo, token, prefs, kw)
                if page:
                    return page
            response = self._satisfaction_render_answered(prefs, token)
            if request.httprequest.method == "POST":
                self._satisfaction_mark_answered(response, token)
            return response
        if request.httprequest.method == "POST":
            if not self._satisfaction_form_token_ok(token, kw):
                # an old page or a forged post: the form again, nothing recorded
                return self._satisfaction_render_form(
                    request_sudo,
                    token,
                    prefs,
                    values=self._satisfaction_submitted_form(kw),
                    errors={"form_token": "expired"},
                    status=400,
                )
            return self._satisfaction_submit(request_sudo, token, prefs, kw)
        return self._satisfaction_render_form(request_sudo, token, prefs)

    def _satisfaction_page_mode(self, request_sudo, prefs):
        """``quick`` when the questionnaire opens on its overall question
        (unless the citizen asked for every question), else ``full``."""
        if prefs["mode"] in (None, "quick") and (
            request_sudo.questionnaire_id._page_layout().quick
            and request_sudo._quick_items()
        ):
            return "quick"
        return "full"

    def _satisfaction_details(self, request_sudo, token, prefs, kw):
        """The questions a quick answer left open: shown (GET) or recorded
        (POST); None when there are none to answer (then: already answered)."""
        response = request_sudo._quick_response()
        if not response or not request_sudo._detail_items(response):
            return None
        if request.httprequest.method != "POST":
            return self._satisfaction_render_form(
                request_sudo, token, prefs, values={}, mode="details", response=response
            )
        form = self._satisfaction_submitted_form(kw)
        if not self._satisfaction_form_token_ok(token, kw):
            return self._satisfaction_render_form(
                request_sudo,
                token,
                prefs,
                values=form,
                errors={"form_token": "expired"},
                status=400,
                mode="details",
                response=response,
            )
        response, errors = request_sudo._record_details(form, require_reason=True)
        if errors:
            return self._satisfaction_render_form(
                request_sudo,
                token,
                prefs,
                values=form,
                errors=errors,
                status=400,
                mode="details",
                response=request_sudo._quick_response(),
            )
        if response is None:
            return None
        return self._satisfaction_render_thanks(request_sudo, response, token, prefs)

    # ------------------------------------------------------------
    # HELPERS
    # ------------------------------------------------------------

    def _satisfaction_submit(self, request_sudo, token, prefs, kw):
        form = self._satisfaction_submitted_form(kw)
        # the mode the form was shown in (its hidden field), if still on offer
        mode = self._satisfaction_page_mode(request_sudo, prefs)
        quick = mode == "quick" and form.get("mode") == "quick"
        mode = "quick" if quick else "full"
        response, errors = self._satisfaction_record(
            request_sudo, form, metadata=self._satisfaction_link_metadata(), quick=quick
        )
        if response is None and errors is None:
            page = self._satisfaction_render_answered(prefs, token)
            self._satisfaction_mark_answered(page, token)
            return page
        if errors:
            return self._satisfaction_render_form(
                request_sudo,
                token,
                prefs,
                values=form,
                errors=errors,
                status=400,
                mode=mode,
            )
        return self._satisfaction_render_thanks(request_sudo, response, token, prefs)

    def _satisfaction_link_metadata(self):
        """What a link or QR rating keeps of where it came from: whether the
        client address is in an office network (``remote_addr`` as Odoo
        resolves it: behind a reverse proxy, ``--proxy-mode`` makes it the
        citizen's, not the proxy's). The address itself is not kept."""
        signals = request.env["satisfaction.integrity.signal"].sudo()
        return {
            "from_office_network": signals._is_office_address(
                request.httprequest.remote_addr
            )
        }

    def _satisfaction_render_thanks(self, request_sudo, response, token, prefs):
        """Thank you; after a quick answer, an offer of the other questions."""
        response = response.sudo()
        low_score = bool(response.low_score_reason or response.low_reason_ids)
        contact_consent = request_sudo.contact_consent
        details = bool(
            response.is_quick
            and not response.details_date
            and request_sudo._detail_items(response)
        )
        page = self._satisfaction_render_cached(
            "satisfaction_survey.public_page_thanks",
            dict(prefs, mode=None),
            {
                "low_score": low_score,
                "contact_consent": contact_consent,
                "details_offered": details,
            },
            (low_score, contact_consent, details),
            token,
        )
        self._satisfaction_mark_answered(page, token)
        return page

    def _satisfaction_mark_answered(self, response, token):
        """Send this browser's next GETs of the link to the primary."""
        response.set_cookie(
            ANSWERED_COOKIE,
            "1",
            max_age=ANSWERED_COOKIE_SECONDS,
            expires=None,  # Expires from Max-Age, not Odoo's default of a year
            path="/r/%s" % token,
            secure=request.httprequest.scheme == "https",
            httponly=True,
            samesite="Lax",
        )

    def _satisfaction_render_answered(self, prefs, token):
        return self._satisfaction_render_cached(
            "satisfaction_survey.public_page_answered", prefs, {}, (), token
        )

    def _satisfaction_render_form(
        self,
        request_sudo,
        token,
        prefs,
        values=None,
        errors=None,
        status=200,
        mode=None,
        response=None,
    ):
        cached = values is None and errors is None
        qcontext = self._satisfaction_form_values(
            request_sudo,
            "/r/%s" % token,
            values=values,
            errors=errors,
            privacy=not cached,
            mode=mode or self._satisfaction_page_mode(request_sudo, prefs),
            response=response,
        )
        if cached:
            # the page view: the same page for every link of the same
            # questionnaire, procedure, unit and officers
            return self._satisfaction_render_cached(
                "satisfaction_survey.public_page_form",
                prefs,
                qcontext,
                (
                    qcontext["page_mode"],
                    qcontext["page_layout"],
                    # ids only: a renamed procedure or unit clears the
                    # cache (satisfaction.page.layout.mixin)
                    qcontext["procedure"].id,
                    qcontext["unit"].id,
                    tuple(
                        (officer.id, officer.name) for officer in qcontext["officers"]
                    ),
                    tuple(sorted(qcontext["values"].items())),
                    tuple(sorted(qcontext["derived_notes"].items())),
                    qcontext["low_reasons"],
                ),
                token,
            )
        return self._satisfaction_render(
            "satisfaction_survey.public_page_form",
            prefs,
            dict(
                qcontext,
                page_url="/r/%s" % token,
                withdraw_action="/r/%s/withdraw" % token,
                form_token=self._satisfaction_form_token(token),
            ),
            status=status,
        )
