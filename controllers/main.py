"""Public rating page: the citizen answers through the secret link ``/r/<token>``.

A standalone QWeb page (no website module, no JavaScript, no asset bundle):
GET only shows the questionnaire and never writes (e-mail link scanners open
links), POST records the answers once. Unknown, malformed and expired tokens
all get the same neutral 404 page, so a token cannot be probed.
"""

import logging

import psycopg2

from odoo import http
from odoo.http import request
from odoo.tools import is_html_empty

_logger = logging.getLogger(__name__)

# ?lang=... values accepted by the page -> Odoo language codes
PAGE_LANGS = {"vi": "vi_VN", "vi_VN": "vi_VN", "en": "en_US", "en_US": "en_US"}
DEFAULT_PAGE_LANG = "vi_VN"
FALLBACK_PAGE_LANG = "en_US"

# The token is a bearer secret in the URL: keep the page out of caches,
# search engines and the Referer header of any outgoing link.
PAGE_HEADERS = [
    ("Cache-Control", "no-store"),
    ("X-Robots-Tag", "noindex, nofollow"),
    ("Referrer-Policy", "no-referrer"),
]


class SatisfactionPublicPage(http.Controller):
    @http.route(
        "/r/<string:token>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        sitemap=False,
    )
    def satisfaction_rate(self, token, **kw):
        lang = self._satisfaction_page_lang(kw.get("lang"))
        # Template strings and translatable fields (criteria, levels)
        # follow the page language.
        request.update_context(lang=lang)
        request_sudo = request.env["satisfaction.request"]._get_by_token(token)
        if not request_sudo:
            return self._satisfaction_render(
                "satisfaction_survey.public_page_invalid", lang, status=404
            )
        if request_sudo.state == "answered":
            return self._satisfaction_render_answered(lang)
        if request.httprequest.method == "POST":
            return self._satisfaction_submit(request_sudo, token, lang, kw)
        return self._satisfaction_render_form(request_sudo, token, lang)

    # ------------------------------------------------------------
    # HELPERS
    # ------------------------------------------------------------

    def _satisfaction_submit(self, request_sudo, token, lang, kw):
        # Form values only (strings); the query string cannot answer questions.
        form = request.httprequest.form.to_dict() or kw
        try:
            with request.env.cr.savepoint():
                response, errors = request_sudo._record_answers(form)
        except psycopg2.IntegrityError:
            # Two submits at the same time: the unique request_id of the
            # response let only one through.
            _logger.info(
                "Rating request %s answered twice at the same time", request_sudo.id
            )
            return self._satisfaction_render_answered(lang)
        if errors:
            return self._satisfaction_render_form(
                request_sudo, token, lang, values=form, errors=errors, status=400
            )
        return self._satisfaction_render("satisfaction_survey.public_page_thanks", lang)

    def _satisfaction_render_answered(self, lang):
        return self._satisfaction_render(
            "satisfaction_survey.public_page_answered", lang
        )

    def _satisfaction_render_form(
        self, request_sudo, token, lang, values=None, errors=None, status=200
    ):
        questionnaire = request_sudo.questionnaire_id
        values = {
            key: value
            for key, value in (values or {}).items()
            if isinstance(value, str)
        }
        return self._satisfaction_render(
            "satisfaction_survey.public_page_form",
            lang,
            {
                "token": token,
                "questionnaire": questionnaire,
                "intro": False
                if is_html_empty(questionnaire.intro)
                else questionnaire.intro,
                "procedure": request_sudo.procedure_id,
                "unit": request_sudo.unit_id,
                "officers": request_sudo.officer_ids,
                "levels": questionnaire.scale_id.level_ids.sorted(
                    lambda level: -level.value
                ),
                "elements": self._satisfaction_group_items(
                    request_sudo._question_items()
                ),
                "values": values,
                "errors": errors or {},
            },
            status=status,
        )

    def _satisfaction_group_items(self, items):
        """Group question items by element, then by officer, keeping their order.

        Returns ``[{"element", "groups": [{"officer", "items": [item]}]}]`` where
        each item is a copy of a question item (key, criterion, officer) with
        its ``number`` on the page.
        """
        elements = []
        by_element = {}
        by_group = {}
        for item in items:
            element = item["criterion"].element_id
            officer = item["officer"]
            if element.id not in by_element:
                by_element[element.id] = {"element": element, "groups": []}
                elements.append(by_element[element.id])
            group_key = (element.id, officer.id if officer else 0)
            if group_key not in by_group:
                by_group[group_key] = {"officer": officer, "items": []}
                by_element[element.id]["groups"].append(by_group[group_key])
            by_group[group_key]["items"].append(dict(item))
        number = 0
        for element in elements:
            for group in element["groups"]:
                for item in group["items"]:
                    number += 1
                    item["number"] = number
        return elements

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

    def _satisfaction_render(self, template, lang, qcontext=None, status=200):
        qcontext = dict(
            qcontext or {},
            page_lang=lang,
            html_lang=lang.replace("_", "-"),
            show_lang_switch=self._satisfaction_vietnamese_active(),
        )
        return request.render(template, qcontext, status=status, headers=PAGE_HEADERS)
