"""The public rating page /r/<token>, through real HTTP requests."""

import gzip
import logging
import re
import time
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from html import unescape
from unittest.mock import patch

from lxml import html as lxml_html

from odoo import fields, http
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from ..controllers.main import ANSWERED_COOKIE, ANSWERED_COOKIE_SECONDS
from ..satisfaction_survey import tokens
from .common import SatisfactionCommon

_logger = logging.getLogger(__name__)

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')

VI_TITLE = "Đánh giá dịch vụ"
VI_VERY_SATISFIED = "Rất hài lòng"
VI_OVERALL = "Nhìn chung, Ông/Bà hài lòng với dịch vụ này ở mức nào?"
VI_PRIVACY = "Câu trả lời của Ông/Bà được giữ bí mật."

# Page weight budget of the questionnaire with two officers (9 questions):
# HTML with its inline CSS, nothing else to download; a reason box under each
# question and the predefined reasons weigh about 1 KB of it.
PAGE_BUDGET_BYTES = 34_000
PAGE_BUDGET_GZIP_BYTES = 6_000

# Queries of one page view / one submit as counted in the test (the test
# cursor adds its savepoints); raise only with a reason. A submit switches
# the deferred statistics on and off (two queries) and, in a test only,
# drains them in its own transaction (one more): outside tests the drain
# runs on the kept connection after the commit.
GET_QUERY_BUDGET = 6
POST_QUERY_BUDGET = 21

CSS_VARS_RE = re.compile(r"--([a-z-]+):\s*(#[0-9a-fA-F]{3,6})")


def _luminance(colour):
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    channels = [int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a, b):
    """WCAG 2.1 contrast ratio of two #rrggbb colours."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# (text colour, background, minimum ratio): every text/background pair the
# page uses, by CSS variable; 3:1 for control borders and the focus ring.
CONTRAST_PAIRS = [
    ("ink", "card", 4.5),
    ("ink", "bg", 4.5),
    ("ink", "brand-bg", 4.5),
    ("ink", "err-bg", 4.5),
    ("ink", "low-bg", 4.5),
    ("muted", "card", 4.5),
    ("muted", "bg", 4.5),
    ("muted", "err-bg", 4.5),
    ("brand", "card", 4.5),
    ("brand", "bg", 4.5),
    ("brand", "brand-bg", 4.5),
    ("err", "err-bg", 4.5),
    ("err", "card", 4.5),
    ("err", "low-bg", 4.5),
    ("on-brand", "brand", 4.5),
    ("ctl", "card", 3),
    ("ctl", "bg", 3),
    ("focus", "bg", 3),
    ("focus", "card", 3),
]


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestPublicPage(HttpCase, SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Two officers (A1 receives, A2 handles): 4 officer criteria x 2 + overall.
        cls.dossiers, cls.requests = cls._return_dossiers(
            4, cls.unit_a, citizen_name="Hoàng Thị Bí Mật"
        )
        cls.request = cls.requests[0]
        cls.token = cls.request.sudo().access_token
        cls.url = "/r/%s" % cls.token

        # Vietnamese terms set here, so the tests do not depend on i18n/vi.po.
        level_5 = cls.env.ref("satisfaction_survey.scale_sipas5_level_5")
        level_5.update_field_translations("name", {"vi_VN": VI_VERY_SATISFIED})
        cls.criterion_overall.update_field_translations("name", {"vi_VN": VI_OVERALL})
        view = cls.env.ref("satisfaction_survey.public_page_form")
        terms = view._fields["arch_db"].get_trans_terms(view.arch_db)
        title_term = next(term for term in terms if term == "Rate our service")
        view.update_field_translations("arch_db", {"vi_VN": {title_term: VI_TITLE}})
        notice = cls.env.ref("satisfaction_survey.public_page_privacy_short")
        terms = notice._fields["arch_db"].get_trans_terms(notice.arch_db)
        privacy_term = next(term for term in terms if "confidential" in term)
        notice.update_field_translations(
            "arch_db", {"vi_VN": {privacy_term: VI_PRIVACY}}
        )
        cls.env.flush_all()
        cls.env.registry.clear_cache("templates")

    # ------------------------------------------------------------
    # HELPERS
    # ------------------------------------------------------------

    def _snapshot(self, request):
        self.env.flush_all()
        request.invalidate_recordset()
        return {
            "state": request.state,
            "write_date": request.write_date,
            "responses": self.env["satisfaction.response"]
            .sudo()
            .search_count([("request_id", "=", request.id)]),
            "messages": self.env["mail.message"]
            .sudo()
            .search_count([("model", "=", request._name), ("res_id", "=", request.id)]),
        }

    def _responses(self, requests):
        return (
            self.env["satisfaction.response"]
            .sudo()
            .search([("request_id", "in", requests.ids)])
        )

    def _csrf(self, url):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        match = CSRF_RE.search(page.text)
        self.assertTrue(match, "the form carries a CSRF token")
        return match.group(1)

    def _post(self, url, form, lang="en_US", csrf=None):
        data = dict(form, csrf_token=csrf or self._csrf(url))
        if lang:
            data["lang"] = lang
        return self.url_open(url, data=data, allow_redirects=False)

    def _keys(self, request):
        return [item["key"] for item in request._question_items()]

    # ------------------------------------------------------------
    # GET
    # ------------------------------------------------------------

    def test_get_shows_questionnaire_in_vietnamese_and_writes_nothing(self):
        before = self._snapshot(self.request)
        page = self.url_open(self.url)
        self.assertEqual(page.status_code, 200)
        html = page.text
        self.assertIn('<html lang="vi-VN"', html)
        self.assertIn('name="viewport"', html)
        self.assertIn(VI_TITLE, html)
        self.assertIn(VI_VERY_SATISFIED, html)
        self.assertIn(VI_OVERALL, html)
        self.assertIn(VI_PRIVACY, html)
        self.assertNotIn("Rate our service", html)
        for text in (
            self.procedure_birth.name,
            self.unit_a.name,
            self.officer_a1.name,
            self.officer_a2.name,
        ):
            self.assertIn(text, unescape(html))
        self.assertIn('href="?lang=en"', html)
        self.assertIn('name="lang" value="vi_VN"', html)
        # every question key has its radio buttons, one per level of the scale
        for key in self._keys(self.request):
            self.assertEqual(
                html.count('name="%s"' % key), len(self.scale.level_ids), key
            )
        self.assertIn('name="comment"', html)
        # nothing about the citizen
        citizen = self.request.sudo()
        for private in (citizen.citizen_name, citizen.citizen_phone):
            self.assertNotIn(private, unescape(html))
        self.assertNotIn("Bí Mật", unescape(html))
        # GET must not write: link scanners open links
        self.url_open(self.url + "?lang=en")
        self.assertEqual(self._snapshot(self.request), before)
        self.assertEqual(before["state"], "sent")
        self.assertEqual(before["responses"], 0)

    def test_page_view_and_submit_stay_within_their_query_budget(self):
        """The questions come from the cached page layout and the officers are
        read by name only: a page view or a submit costs a fixed, small number
        of queries (a regression, e.g. reading every hr.employee column or the
        questionnaire's records again, shows here first)."""
        warm, request = self.requests[2], self.requests[3]
        self.url_open("/r/%s" % warm.sudo().access_token)  # templates, layout
        url = "/r/%s" % request.sudo().access_token
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        page = self.url_open(url)
        get_queries = self.cr.sql_log_count - before
        self.assertEqual(page.status_code, 200)
        form = dict(
            self._build_form(request, 5),
            csrf_token=CSRF_RE.search(page.text).group(1),
        )
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        result = self.url_open(url, data=form, allow_redirects=False)
        post_queries = self.cr.sql_log_count - before
        self.assertEqual(result.status_code, 200)
        self.assertIn('id="ss_thanks"', result.text)
        _logger.info("rating page queries: GET %s, POST %s", get_queries, post_queries)
        self.assertLessEqual(get_queries, GET_QUERY_BUDGET)
        self.assertLessEqual(post_queries, POST_QUERY_BUDGET)

    def test_get_in_english(self):
        page = self.url_open(self.url + "?lang=en")
        self.assertEqual(page.status_code, 200)
        html = page.text
        self.assertIn('<html lang="en-US"', html)
        self.assertIn("Rate our service", html)
        self.assertIn("Very satisfied", html)
        self.assertIn("Overall, how satisfied are you with this service?", html)
        self.assertIn(
            "Your answers are confidential; the officers never learn who rated them.",
            html,
        )
        self.assertNotIn(VI_VERY_SATISFIED, html)
        self.assertIn('name="lang" value="en_US"', html)
        self.assertEqual(page.headers.get("Cache-Control"), "no-store")
        self.assertEqual(page.headers.get("Referrer-Policy"), "no-referrer")

    # ------------------------------------------------------------
    # POST
    # ------------------------------------------------------------

    def test_post_without_csrf_token_is_rejected(self):
        before = self._snapshot(self.request)
        form = self._build_form(self.request, 5)
        with mute_logger("odoo.http"):
            response = self.url_open(self.url, data=form, allow_redirects=False)
            self.assertIn(response.status_code, (400, 403))
            form["csrf_token"] = "forged"
            response = self.url_open(self.url, data=form, allow_redirects=False)
            self.assertIn(response.status_code, (400, 403))
        self.assertEqual(self._snapshot(self.request), before)

    def test_no_session_and_a_form_token_bound_to_the_link(self):
        """The page sets no cookie (the token in the URL is the capability);
        its form token is valid for its own link only, recently, and a
        browser's cross-site post is refused."""
        request, other = self.requests[2], self.requests[3]
        url = "/r/%s" % request.sudo().access_token
        self.opener.cookies.clear()
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("Set-Cookie", page.headers)
        self.assertFalse(self.opener.cookies)
        self.assertIn('action="%s"' % url, page.text)
        self.assertIn('action="%s/withdraw"' % url, page.text)
        own_token = CSRF_RE.search(page.text).group(1)
        other_token = self._csrf("/r/%s" % other.sudo().access_token)
        self.assertNotEqual(own_token, other_token)
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        old_token = tokens.form_token(
            secret, request.sudo().access_token, time.time() - 3 * 24 * 3600
        )
        before = self._snapshot(request)
        form = self._build_form(request, 5, comment="Giữ lại")
        for forged in (other_token, old_token):
            refused = self._post(url, form, csrf=forged)
            self.assertEqual(refused.status_code, 400)
            # the form again, with what was typed and a fresh form token
            self.assertIn("This page was open for too long", refused.text)
            self.assertIn(">Giữ lại</textarea>", refused.text)
            self.assertTrue(
                tokens.form_token_valid(
                    secret,
                    request.sudo().access_token,
                    CSRF_RE.search(refused.text).group(1),
                    time.time(),
                )
            )
        cross_site = self.url_open(
            url,
            data=dict(form, csrf_token=own_token),
            headers={"Sec-Fetch-Site": "cross-site"},
            allow_redirects=False,
        )
        self.assertEqual(cross_site.status_code, 400)
        self.assertEqual(self._snapshot(request), before)
        # the right token, without any cookie: recorded
        self.opener.cookies.clear()
        done = self._post(url, form, csrf=own_token)
        self.assertEqual(done.status_code, 200)
        self.assertIn('id="ss_thanks"', done.text)
        # no session: the only cookie is the link's "just answered" marker
        cookies = done.raw.headers.getlist("Set-Cookie")
        self.assertEqual(len(cookies), 1)
        self.assertTrue(cookies[0].startswith("ss_answered=1;"))
        self.assertIn("Path=%s" % url, cookies[0])
        self.assertEqual(len(self._responses(request)), 1)

    def test_page_shared_between_links_shows_each_its_own(self):
        """The page is rendered once for the links that show the same thing:
        each link still gets its own token, and a renamed officer or unit
        shows at once."""
        first, second = self.requests[0], self.requests[1]
        pages = [
            self.url_open("/r/%s?lang=en" % r.sudo().access_token).text
            for r in (first, second)
        ]
        for request, html in zip((first, second), pages):
            token = request.sudo().access_token
            self.assertIn('action="/r/%s"' % token, html)
            self.assertNotIn("ssTokenMark", html)
            self.assertNotIn("ssFormTokenMark", html)
        other = second.sudo().access_token
        self.assertNotIn(other, pages[0])
        self.officer_a1.name = "Cán Bộ Đổi Tên"
        self.unit_a.name = "Đơn Vị Đổi Tên"
        # the controller's phone in the privacy notice, changed on the company
        # and then on its partner
        company = self.env.ref("base.public_user").company_id
        company.phone = "0123 456 789"
        self.env.flush_all()
        html = unescape(self.url_open("/r/%s?lang=en" % other).text)
        self.assertIn("Cán Bộ Đổi Tên", html)
        self.assertIn("Đơn Vị Đổi Tên", html)
        self.assertIn("0123 456 789", html)
        company.partner_id.phone = "0987 654 321"
        self.env.flush_all()
        html = self.url_open("/r/%s?lang=en" % other).text
        self.assertIn("0987 654 321", html)
        # the procedure renamed, the unit's name translated through the
        # translation dialog (no write())
        self.procedure_birth.name = "Thủ Tục Đổi Tên"
        self.unit_a.update_field_translations("name", {"en_US": "Renamed Unit"})
        self.env.flush_all()
        html = unescape(self.url_open("/r/%s?lang=en" % other).text)
        self.assertIn("Thủ Tục Đổi Tên", html)
        self.assertIn("Renamed Unit", html)

    def test_post_valid_records_once(self):
        request = self.requests[1]
        url = "/r/%s" % request.sudo().access_token
        form = self._build_form(
            request,
            4,
            overrides={"overall": 5},
            comment="Cán bộ hướng dẫn rất tận tình.",
        )
        result = self._post(url, form, lang=None)
        self.assertEqual(result.status_code, 200)
        self.assertIn(
            'id="ss_thanks"', result.text
        )  # the thank-you page, whatever the translation
        self.assertIn('<html lang="vi-VN"', result.text)

        self.assertEqual(self._snapshot(request)["state"], "answered")
        response = self._responses(request)
        self.assertEqual(len(response), 1)
        self.assertEqual(len(response.line_ids), 4 * 2 + 1)
        self.assertEqual(
            sorted(response.line_ids.mapped("officer_id").ids),
            sorted((self.officer_a1 | self.officer_a2).ids),
        )
        self.assertEqual(
            response.line_ids.filtered(
                lambda line: line.criterion_id == self.criterion_overall
            ).value,
            5,
        )
        self.assertEqual(
            set(response.line_ids.filtered("officer_id").mapped("value")), {4}
        )
        self.assertEqual(response.comment, "Cán bộ hướng dẫn rất tận tình.")
        # element and "satisfied" are written with the lines: same as their computes
        for line in response.line_ids:
            self.assertEqual(line.element_id, line.criterion_id.element_id)
            self.assertEqual(
                line.is_satisfied, line.value in self.scale._satisfied_values()
            )
        self.assertTrue(all(response.line_ids.mapped("is_satisfied")))  # 4 and 5
        self.assertEqual(response.channel, request.channel)
        self.assertEqual(response.channel, "sms")

        # a second submit changes nothing
        # (an answered link shows no form: take this session's token from another page)
        again = self._post(url, self._build_form(request, 1), csrf=self._csrf(self.url))
        self.assertIn(again.status_code, (200, 409))
        self.assertIn("This rating has already been sent", again.text)
        self.assertEqual(self._responses(request), response)
        self.assertEqual(
            set(response.line_ids.filtered("officer_id").mapped("value")), {4}
        )
        # and the link now shows the same page
        page = self.url_open(url + "?lang=en")
        self.assertEqual(page.status_code, 200)
        self.assertIn("This rating has already been sent", page.text)
        # no answer form; only the form that withdraws the consents
        self.assertNotIn('action="%s"' % url, page.text)
        self.assertEqual(page.text.count('name="csrf_token"'), 1)
        self.assertIn('action="%s/withdraw"' % url, page.text)

    def test_post_racing_another_submit_shows_already_answered(self):
        """The other submit won between our state check and our insert: the unique
        response per request refuses ours, and the page says it was answered."""
        dossiers, request = self._return_dossiers(1, self.unit_a)
        url = "/r/%s" % request.sudo().access_token
        csrf = self._csrf(url)
        winner = (
            self.env["satisfaction.response"]
            .sudo()
            .create(
                {
                    "request_id": request.id,
                    "questionnaire_id": request.questionnaire_id.id,
                    "channel": "web",
                }
            )
        )
        self.env.flush_all()
        self.assertEqual(
            request.state, "sent"
        )  # the winner's state change is not visible yet
        with mute_logger("odoo.sql_db"):
            result = self._post(url, self._build_form(request, 5), csrf=csrf)
        self.assertIn(result.status_code, (200, 409))
        self.assertIn("This rating has already been sent", result.text)
        self.assertEqual(self._responses(request), winner)
        self.assertFalse(winner.line_ids)

    def test_answering_browser_reads_its_link_on_the_primary(self):
        """After a submit, the browser's next views of the link must not come from a
        replica that may not have replayed the answer yet: the POST marks the
        browser (a short-lived HttpOnly cookie scoped to the link), and its GETs
        of that link then run read/write, i.e. on the primary database."""
        dossiers, request = self._return_dossiers(1, self.unit_a)
        url = "/r/%s" % request.sudo().access_token
        seen = []
        transactioning = http.Request._transactioning

        def spy(odoo_request, func, readonly):
            if odoo_request.httprequest.path.startswith("/r/"):
                seen.append((odoo_request.httprequest.method, readonly))
            return transactioning(odoo_request, func, readonly)

        with patch.object(http.Request, "_transactioning", spy):
            csrf = self._csrf(url)
            result = self._post(url, self._build_form(request, 5), csrf=csrf)
            self.assertIn('id="ss_thanks"', result.text)
            page = self.url_open(url + "?lang=en")
            other = self.url_open(self.url + "?lang=en")  # another link: not marked
        self.assertEqual(
            seen, [("GET", True), ("POST", False), ("GET", False), ("GET", True)]
        )
        self.assertIn("This rating has already been sent", page.text)
        self.assertNotIn("This rating has already been sent", other.text)
        cookie = next(
            value
            for value in result.raw.headers.getlist("Set-Cookie")
            if value.startswith(ANSWERED_COOKIE + "=")
        )
        attributes = {part.strip().lower() for part in cookie.split(";")}
        self.assertIn("path=%s" % url.lower(), attributes)
        self.assertIn("httponly", attributes)
        self.assertIn("samesite=lax", attributes)
        self.assertIn("max-age=%s" % ANSWERED_COOKIE_SECONDS, attributes)
        expires = next(
            part.strip()
            for part in cookie.split(";")
            if part.strip().lower().startswith("expires=")
        )
        self.assertLess(
            parsedate_to_datetime(expires.split("=", 1)[1]),
            datetime.now(UTC) + timedelta(seconds=ANSWERED_COOKIE_SECONDS + 60),
        )
        self.assertNotIn(request.sudo().access_token.lower(), cookie.split(";")[0])

        # a submit to a link answered elsewhere marks the browser too
        for stored in list(self.opener.cookies):
            if stored.name == ANSWERED_COOKIE:
                self.opener.cookies.clear(stored.domain, stored.path, stored.name)
        again = self._post(url, self._build_form(request, 1), csrf=csrf)
        self.assertIn("This rating has already been sent", again.text)
        self.assertIn(ANSWERED_COOKIE, again.cookies)

    def test_post_invalid_shows_errors_and_keeps_input(self):
        request = self.requests[2]
        url = "/r/%s" % request.sudo().access_token
        keys = self._keys(request)
        overall_key = "q%s" % self.criterion_overall.id
        missing_key, kept_key = keys[0], keys[1]
        form = self._build_form(
            request,
            4,
            overrides={"overall": 9, missing_key: None, kept_key: 3},
            comment="Phòng chờ hơi nóng",
        )
        before = self._snapshot(request)
        result = self._post(url, form)
        self.assertEqual(result.status_code, 400)
        html = result.text
        self.assertIn("Please answer the questions marked in red", html)
        self.assertIn('id="%s_error"' % missing_key, html)
        self.assertIn('id="%s_error"' % overall_key, html)
        self.assertIn("Please answer this question.", html)
        self.assertIn("Please choose one of the answers shown.", html)
        self.assertNotIn('id="%s_error"' % kept_key, html)
        # what was typed is kept
        self.assertIn(">Phòng chờ hơi nóng</textarea>", html)
        self.assertRegex(
            html, r'<input[^>]*name="%s"[^>]*value="3"[^>]*checked' % kept_key
        )
        self.assertNotRegex(
            html, r'<input[^>]*name="%s"[^>]*value="[0-9]"[^>]*checked' % missing_key
        )
        self.assertNotRegex(html, r'<input[^>]*name="%s"[^>]*checked' % overall_key)
        # the CSRF token is renewed in the form, the language kept
        self.assertRegex(html, CSRF_RE)
        self.assertIn('<html lang="en-US"', html)
        self.assertEqual(self._snapshot(request), before)

        # corrected, the same form goes through
        form.update({overall_key: "5", missing_key: "3"})
        self.assertEqual(self._post(url, form).status_code, 200)
        self.assertEqual(len(self._responses(request).line_ids), len(keys))

    def test_script_in_comment_is_stored_as_text_and_escaped(self):
        request = self.requests[3]
        url = "/r/%s" % request.sudo().access_token
        evil = '<script>alert("x")</script><b onmouseover="x()">hi</b>'
        form = self._build_form(request, 5, comment=evil)
        del form[
            self._keys(request)[0]
        ]  # an error, so the page comes back with the comment
        result = self._post(url, form)
        self.assertEqual(result.status_code, 400)
        self.assertNotIn("<script>", result.text)
        self.assertNotIn("<b onmouseover", result.text)
        self.assertIn(
            "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;",
            result.text.replace("&quot;", "&#34;"),
        )

        result = self._post(url, self._build_form(request, 5, comment=evil))
        self.assertEqual(result.status_code, 200)
        self.assertNotIn("<script>", result.text)
        self.assertEqual(self._responses(request).comment, evil)
        self.assertNotIn("<script>", self.url_open(url).text)

    # ------------------------------------------------------------
    # INVALID LINKS
    # ------------------------------------------------------------

    def test_unknown_malformed_expired_tokens_look_the_same(self):
        expired_dossiers, expired = self._return_dossiers(1, self.unit_a)
        expired.sudo().expiry_date = fields.Datetime.now() - timedelta(days=1)
        cancelled_dossiers, cancelled = self._return_dossiers(1, self.unit_a)
        cancelled.sudo().action_cancel()
        self.env.flush_all()
        urls = [
            "/r/%s" % tokens.new_token(),  # unknown
            "/r/not-a-token",  # malformed: too short
            "/r/%s" % ("x" * 70),  # malformed: too long
            "/r/%s" % expired.sudo().access_token,
            "/r/%s" % cancelled.sudo().access_token,
        ]
        pages = [self.url_open(url) for url in urls]
        for url, page in zip(urls, pages):
            self.assertEqual(page.status_code, 404, url)
        bodies = {page.text for page in pages}
        self.assertEqual(len(bodies), 1, "the same body for every invalid link")
        body = self.url_open(urls[0] + "?lang=en").text
        self.assertIn("This link is not valid or has expired", body)
        self.assertNotIn(expired.sudo().access_token, bodies.pop())
        # nothing changed on the expired request either
        expired.invalidate_recordset()
        self.assertEqual(expired.state, "sent")

        # posting to them is refused the same way
        csrf = self._csrf(self.url)
        for url in urls[:1] + urls[3:]:
            page = self.url_open(
                url, data={"csrf_token": csrf, "lang": "en"}, allow_redirects=False
            )
            self.assertEqual(page.status_code, 404, url)
            self.assertIn("This link is not valid or has expired", page.text)
        self.assertFalse(self._responses(expired | cancelled))

    # ------------------------------------------------------------
    # PAGE QUALITY: accessibility, weight, display preferences
    # ------------------------------------------------------------

    def test_display_preferences_work_without_javascript(self):
        html = self.url_open(self.url + "?lang=en").text
        self.assertIn('class="ss-fs0 "', html)
        self.assertIn('href="?lang=en&amp;fs=1"', html)  # A+
        self.assertIn('href="?lang=en&amp;hc=1"', html)  # high contrast
        self.assertNotIn('name="fs"', html)
        self.assertNotIn('name="hc"', html)

        page = self.url_open(self.url + "?lang=en&fs=2&hc=1")
        html = page.text
        self.assertIn('class="ss-fs2 ss-hc"', html)
        self.assertIn('href="?lang=en&amp;fs=1&amp;hc=1"', html)  # A-
        self.assertIn(
            '<span class="ss-off" aria-hidden="true">A+</span>', html
        )  # largest already
        self.assertIn('href="?lang=en&amp;fs=2"', html)  # back to normal contrast
        self.assertIn("Normal contrast", html)
        self.assertIn(
            'href="?lang=vi&amp;fs=2&amp;hc=1"', html
        )  # the language switch keeps them
        # the form carries them, so the answer page keeps them too
        self.assertIn('type="hidden" name="fs" value="2"', html)
        self.assertIn('type="hidden" name="hc" value="1"', html)
        # out-of-range values fall back to the defaults
        html = self.url_open(self.url + "?lang=en&fs=9&hc=yes").text
        self.assertIn('class="ss-fs0 "', html)

    def test_page_is_light_and_self_contained(self):
        page = self.url_open(self.url)
        size = len(page.content)
        gzip_size = len(gzip.compress(page.content))
        _logger.info(
            "Questionnaire page (9 questions): %s bytes, %s bytes gzipped",
            size,
            gzip_size,
        )
        self.assertLess(size, PAGE_BUDGET_BYTES, "questionnaire page: %s bytes" % size)
        self.assertLess(
            gzip_size,
            PAGE_BUDGET_GZIP_BYTES,
            "questionnaire page gzipped: %s bytes" % gzip_size,
        )
        html = page.text
        for heavy in (
            "<script",
            "stylesheet",
            "<img",
            "<iframe",
            "src=",
            "@import",
            "url(",
        ):
            self.assertNotIn(
                heavy, html, "no file to download, no script on the public page"
            )
        self.assertIn('<link rel="icon" href="data:,"', html, "not even a favicon")
        self.assertEqual(page.headers.get("X-Frame-Options"), "DENY")

    def test_every_question_is_a_fieldset_and_every_input_labelled(self):
        doc = lxml_html.fromstring(self.url_open(self.url + "?lang=en").content)
        form = doc.xpath("//form")[0]
        fieldsets = form.xpath(".//fieldset")
        # + comment, + low-score block (its predefined reasons: a labelled group)
        self.assertEqual(len(fieldsets), len(self._keys(self.request)) + 2)
        self.assertEqual(len(form.xpath(".//div[@role='group'][@aria-labelledby]")), 1)
        for fieldset in fieldsets:
            legend = fieldset.xpath("./legend")
            self.assertEqual(len(legend), 1)
            self.assertTrue(legend[0].text_content().strip())
        labels_for = {label.get("for") for label in doc.xpath("//label[@for]")}
        ids = {el.get("id") for el in doc.xpath("//*[@id]")}
        for field in form.xpath(
            ".//input[not(@type='hidden')] | .//textarea | .//select"
        ):
            labelled = (
                field.xpath("ancestor::label")
                or field.get("id") in labels_for
                or field.get("aria-labelledby") in ids
            )
            self.assertTrue(
                labelled, "unlabelled %s %s" % (field.tag, field.get("name"))
            )
        # radio buttons stay keyboard-focusable (visually hidden, not display:none)
        style = doc.xpath("//style")[0].text
        self.assertIn(".ss-level input { position: absolute;", style)
        self.assertIn(
            ".ss-level input:focus-visible + .ss-btn { outline: 3px solid", style
        )

    def test_colour_contrast_meets_wcag_aa(self):
        style = (
            lxml_html.fromstring(self.url_open(self.url).content)
            .xpath("//style")[0]
            .text
        )
        root_block = style[
            style.index(":root {") : style.index("}", style.index(":root {"))
        ]
        hc_block = style[
            style.index("html.ss-hc {") : style.index("}", style.index("html.ss-hc {"))
        ]
        normal = dict(CSS_VARS_RE.findall(root_block))
        high = dict(normal, **dict(CSS_VARS_RE.findall(hc_block)))
        for palette_name, palette in (("normal", normal), ("high contrast", high)):
            for fg, bg, minimum in CONTRAST_PAIRS:
                ratio = contrast_ratio(palette[fg], palette[bg])
                self.assertGreaterEqual(
                    ratio,
                    minimum,
                    "%s: --%s on --%s is %.2f:1" % (palette_name, fg, bg, ratio),
                )
            if palette is high:
                self.assertGreaterEqual(
                    contrast_ratio(palette["ink"], palette["bg"]), 7
                )
        self.assertGreaterEqual(contrast_ratio("#ffffff", normal["brand"]), 4.5)
