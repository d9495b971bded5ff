"""Counter kiosk /kiosk/<key>: device keys, start screen, rating cycle (real HTTP)."""

import base64
import hashlib
import io
import re
import time
from datetime import timedelta
from html import unescape
from unittest.mock import patch

from PIL import Image

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger
from odoo.tools.image import image_data_uri

from .common import SatisfactionCommon
from .test_public_page import CSRF_RE

KIOSK_URL_RE = re.compile(r"/kiosk/([A-Za-z0-9_-]{43})$")
TICKET_RE = re.compile(r'name="kiosk_ticket" value="([^"]+)"')
REFUSAL = "This code cannot be used here"


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestKiosk(HttpCase, SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.low_score_threshold", "3"
        )
        cls.kiosk = (
            cls.env["satisfaction.kiosk"]
            .with_user(cls.user_manager)
            .create(
                {
                    "name": "Máy tính bảng quầy 1",
                    "unit_id": cls.unit_a.id,
                    "counter_name": "Quầy 1",
                }
            )
        )
        cls.key = cls._issue_key(cls.kiosk)
        cls.start_url = "/kiosk/%s" % cls.key

    @classmethod
    def _issue_key(cls, kiosk):
        action = kiosk.action_issue_key()
        kiosk.invalidate_recordset()
        url = action["context"]["satisfaction_kiosk_issued_url"]
        match = KIOSK_URL_RE.search(url)
        assert match, url
        return match.group(1)

    def setUp(self):
        super().setUp()
        # the code attempts are counted: every test starts with none
        self.env["satisfaction.rate.limit"]._reset()
        self.addCleanup(self.env["satisfaction.rate.limit"]._reset)

    def _csrf(self, url=None):
        page = self.url_open(url or self.start_url)
        self.assertEqual(page.status_code, 200, url)
        return CSRF_RE.search(page.text).group(1)

    def _rate_url(self, request):
        return "%s/rate/%s" % (self.start_url, request.id)

    def _code(self, request):
        """A kiosk code of ``request``, as printed on its receipt."""
        return self.env["satisfaction.kiosk.code"]._issue(request)[request.id][1]

    def _enter(self, code, lang=None, csrf=None):
        data = {"code": code, "csrf_token": csrf or self._csrf()}
        if lang:
            data["lang"] = lang
        return self.url_open(self.start_url + "/code", data=data, allow_redirects=False)

    def _open(self, request):
        """The questionnaire of ``request`` opened with a fresh code; its ticket."""
        page = self._enter(self._code(request))
        self.assertEqual(page.status_code, 200)
        self.assertIn('action="%s"' % self._rate_url(request), page.text)
        return page, TICKET_RE.search(page.text).group(1)

    def _submit(self, request, form, ticket=None, csrf=None, lang=None):
        if ticket is None:
            _page, ticket = self._open(request)
        data = dict(form, csrf_token=csrf or self._csrf(), kiosk_ticket=ticket)
        if lang:
            data["lang"] = lang
        return self.url_open(self._rate_url(request), data=data, allow_redirects=False)

    # ------------------------------------------------------------
    # DEVICE KEYS (back office)
    # ------------------------------------------------------------

    def test_key_is_issued_once_stored_hashed_and_revocable(self):
        kiosk = self.kiosk.with_user(self.user_manager)
        self.assertEqual(kiosk.state, "active")
        self.assertEqual(len(self.key), 43, "256 bits from secrets.token_urlsafe")
        self.assertEqual(
            kiosk.sudo().key_hash, hashlib.sha256(self.key.encode()).hexdigest()
        )
        self.assertNotIn(self.key, str(kiosk.sudo().read()[0]))
        self.assertFalse(kiosk.kiosk_url, "the link is not shown again")
        action = kiosk.action_issue_key()
        self.assertEqual(action["target"], "new")
        form_url = kiosk.with_context(**action["context"]).kiosk_url
        self.assertTrue(
            form_url.endswith(action["context"]["satisfaction_kiosk_issued_url"][-43:])
        )
        new_key = form_url[-43:]
        self.assertNotEqual(new_key, self.key)
        # the previous key stops at once; the new one works
        self.assertEqual(self.url_open(self.start_url).status_code, 404)
        self.assertEqual(self.url_open("/kiosk/%s" % new_key).status_code, 200)
        kiosk.action_revoke_key()
        self.assertEqual(kiosk.state, "revoked")
        self.assertFalse(kiosk.sudo().key_hash)
        self.assertEqual(self.url_open("/kiosk/%s" % new_key).status_code, 404)
        with self.assertRaises(UserError):
            kiosk.action_revoke_key()

    def test_only_administrators_manage_kiosks(self):
        for user in (self.user_officer_a, self.user_leader_a):
            with self.assertRaises(AccessError):
                self.kiosk.with_user(user).read(["name"])
            with self.assertRaises(AccessError):
                self.kiosk.with_user(user).action_issue_key()
        with self.assertRaises(ValidationError):
            self.kiosk.idle_reset_seconds = 5

    def test_unknown_malformed_and_revoked_keys_look_the_same(self):
        revoked = self.env["satisfaction.kiosk"].create(
            {"name": "Cũ", "unit_id": self.unit_a.id}
        )
        revoked_key = self._issue_key(revoked)
        revoked.action_revoke_key()
        archived = self.env["satisfaction.kiosk"].create(
            {"name": "Lưu trữ", "unit_id": self.unit_a.id}
        )
        archived_key = self._issue_key(archived)
        archived.active = False
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        urls = [
            "/kiosk/%s" % ("A" * 43),
            "/kiosk/short",
            "/kiosk/%s" % revoked_key,
            "/kiosk/%s" % archived_key,
            "/kiosk/%s/rate/%s" % (revoked_key, request.id),
            "/kiosk/%s/thanks" % revoked_key,
        ]
        pages = [self.url_open(url) for url in urls]
        for url, page in zip(urls, pages):
            self.assertEqual(page.status_code, 404, url)
        self.assertEqual(len({page.text for page in pages}), 1)
        csrf = self._csrf()
        code = self._code(request)
        for url, data in (
            (
                "/kiosk/%s/rate/%s" % (revoked_key, request.id),
                self._build_form(request, 5),
            ),
            ("/kiosk/%s/code" % revoked_key, {"code": code}),
        ):
            page = self.url_open(url, data=data | {"csrf_token": csrf})
            self.assertEqual(page.status_code, 404, url)
        self.assertEqual(request.state, "sent")
        # the code was not used up by the revoked tablet
        self.assertEqual(self._enter(code).status_code, 200)

    # ------------------------------------------------------------
    # START SCREEN: NOTHING LISTED, A CODE OPENS
    # ------------------------------------------------------------

    def test_start_screen_lists_no_dossier(self):
        _d, recent = self._return_dossiers(
            2, self.unit_a, citizen_name="Nguyễn Thị Riêng Tư"
        )
        self.kiosk.sudo().last_seen = False
        page = self.url_open(self.start_url)
        self.assertEqual(page.status_code, 200)
        html = unescape(page.text)
        for request in recent:
            self.assertNotIn(request.dossier_ref, html)
            self.assertNotIn(self._rate_url(request), html)
        self.assertNotIn("Riêng Tư", html, "never a citizen's name")
        self.assertIn('action="%s/code"' % self.start_url, html)
        self.assertIn('method="post"', html)
        self.assertIn("Quầy 1", html)
        self.assertEqual(page.headers["Cache-Control"], "no-store")
        self.assertEqual(page.headers["X-Frame-Options"], "DENY")
        # idle reset: a timer in JS, a refresh without JS
        self.assertIn('data-idle-seconds="60"', html)
        self.assertIn('data-idle-url="%s"' % self.start_url, html)
        self.assertIn(
            '<noscript><meta http-equiv="refresh" content="60;url=%s"' % self.start_url,
            html,
        )
        self.assertTrue(self.kiosk.sudo().last_seen)
        # the officer's tap alone opens nothing: neither the rating page by
        # id, nor the former search by dossier code
        for url in (
            self._rate_url(recent[0]),
            "%s/find?code=%s" % (self.start_url, recent[0].dossier_ref),
        ):
            page = self.url_open(url, allow_redirects=False)
            self.assertIn(page.status_code, (303, 404), url)
            self.assertNotIn('name="kiosk_ticket"', page.text)
        self.assertEqual(
            self.url_open(self._rate_url(recent[0]), allow_redirects=False).headers[
                "Location"
            ][-len(self.start_url) :],
            self.start_url,
        )

    def test_right_code_opens_the_form_once(self):
        _d, requests = self._return_dossiers(2, self.unit_a)
        request = requests[0]
        code = self._code(request)
        stored = self.env["satisfaction.kiosk.code"].search(
            [("request_id", "=", request.id)]
        )
        self.assertEqual(len(stored), 1)
        self.assertNotIn(code, str(stored.read()), "only the hash is stored")
        self.assertNotIn(code.replace("-", ""), stored.code_hash)
        # typed loosely: lower case, without the dash
        page = self._enter(code.lower().replace("-", ""), lang="en")
        self.assertEqual(page.status_code, 200)
        html = unescape(page.text)
        self.assertIn('action="%s"' % self._rate_url(request), html)
        self.assertIn(request.dossier_ref, html)
        self.assertIn(self.officer_a1.name, html, "the officers who served")
        self.assertIn('name="kiosk_ticket"', html)
        self.assertEqual(page.headers["Cache-Control"], "no-store")
        self.assertTrue(stored.date_used)
        self.assertEqual(stored.kiosk_id, self.kiosk)
        # used: the same code is refused, neutrally
        again = self._enter(code, lang="en")
        self.assertEqual(again.status_code, 400)
        self.assertIn(REFUSAL, again.text)
        self.assertNotIn(request.dossier_ref, unescape(again.text))

    def test_served_officers_shown_with_their_photo(self):
        buffer = io.BytesIO()
        Image.new("RGB", (300, 300), (200, 30, 30)).save(buffer, format="PNG")
        self.officer_a1.image_1920 = base64.b64encode(buffer.getvalue())
        self.officer_a2.image_1920 = False
        _d, request = self._return_dossiers(1, self.unit_a)
        page, _ticket = self._open(request)
        html = unescape(page.text)
        photo = image_data_uri(self.officer_a1.image_128)
        self.assertIn('src="%s"' % photo, html, "the small image, not the large one")
        self.assertLess(len(self.officer_a1.image_128), len(self.officer_a1.image_1920))
        self.assertIn(self.officer_a2.name, html)
        self.assertEqual(
            html.count('class="ss-photo"'),
            html.count('src="%s"' % photo),
            "no photo for an officer without one",
        )

    def test_wrong_expired_other_counter_codes_are_refused_alike(self):
        _d, request = self._return_dossiers(1, self.unit_a)
        _d, other = self._return_dossiers(1, self.unit_b)
        expired_code = self._code(request)
        self.env["satisfaction.kiosk.code"].search(
            [("request_id", "=", request.id)]
        ).date_expiry = fields.Datetime.now() - timedelta(seconds=1)
        other_code = self._code(other)
        pages = [
            self._enter(code, lang="en")
            for code in (
                "ABCD-EFGH",
                expired_code,
                other_code,
                "%",
                "x" * 600,
                "",
                "https://evil.example/r/%s" % ("A" * 22),
            )
        ]
        for page in pages:
            self.assertEqual(page.status_code, 400)
            self.assertIn(REFUSAL, page.text)
            self.assertNotIn('name="kiosk_ticket"', page.text)
        self.assertEqual(
            len({re.sub(r'value="[^"]*"', "", page.text) for page in pages}),
            1,
            "the same page whatever the reason",
        )
        # the other counter's code is still good there (not used up here)
        self.assertFalse(
            self.env["satisfaction.kiosk.code"]
            .search([("request_id", "=", other.id)])
            .date_used
        )
        # an answered dossier's code is refused
        _d, answered = self._return_dossiers(1, self.unit_a)
        answered_code = self._code(answered)
        self._answer(answered)
        self.assertIn(REFUSAL, self._enter(answered_code, lang="en").text)

    def test_kiosk_bound_to_officers_refuses_others_dossiers(self):
        _d, request = self._return_dossiers(1, self.unit_a)
        self.kiosk.officer_ids = self.officer_b1
        self.assertIn(REFUSAL, self._enter(self._code(request), lang="en").text)
        self.kiosk.officer_ids = self.officer_a1
        self.assertEqual(self._enter(self._code(request)).status_code, 200)

    def test_scanned_receipt_qr_opens_the_form(self):
        _d, request = self._return_dossiers(1, self.unit_a)
        _d, other = self._return_dossiers(1, self.unit_b)
        page = self._enter(request.sudo().rating_url)
        self.assertEqual(page.status_code, 200)
        self.assertIn('action="%s"' % self._rate_url(request), page.text)
        self.assertIn(REFUSAL, self._enter(other.sudo().rating_url, lang="en").text)

    def test_lockout_after_too_many_attempts(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.rate_limit_kiosk_code", "3/600"
        )
        _d, request = self._return_dossiers(1, self.unit_a)
        csrf = self._csrf()
        for _i in range(3):
            self.assertEqual(self._enter("ZZZZ-ZZZZ", csrf=csrf).status_code, 400)
        # the fourth attempt is refused even with the right code, and the
        # code stays unused
        code = self._code(request)
        locked = self._enter(code, csrf=csrf)
        self.assertEqual(locked.status_code, 429)
        self.assertTrue(locked.headers["Retry-After"])
        self.assertNotIn('name="kiosk_ticket"', locked.text)
        self.assertFalse(
            self.env["satisfaction.kiosk.code"]
            .search([("request_id", "=", request.id)])
            .date_used
        )
        self.env["satisfaction.rate.limit"]._reset()
        self.assertEqual(self._enter(code, csrf=csrf).status_code, 200)

    def test_code_sent_by_sms_at_return(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.kiosk_code_sms", "True"
        )
        with patch.object(
            type(self.env["sms.sms"]), "_satisfaction_provider", return_value="gateway"
        ):
            dossiers, request = self._return_dossiers(1, self.unit_a)
            _d, elsewhere = self._return_dossiers(1, self.unit_b)
        sms = (
            self.env["sms.sms"]
            .sudo()
            .search([("satisfaction_kiosk_code_id.request_id", "=", request.id)])
        )
        self.assertEqual(len(sms), 1, "queued, not sent inline")
        self.assertEqual(sms.state, "outgoing")
        self.assertIn(sms, sms._satisfaction_own(), "only through the chosen provider")
        self.assertFalse(
            self.env["sms.sms"]
            .sudo()
            .search([("satisfaction_kiosk_code_id.request_id", "=", elsewhere.id)]),
            "no kiosk at unit B: no code",
        )
        code = re.search(r"[0-9A-Z]{4}-[0-9A-Z]{4}", sms.body).group(0)
        self.assertEqual(sms.satisfaction_kiosk_code_id.origin, "sms")
        page = self._enter(code)
        self.assertEqual(page.status_code, 200)
        self.assertIn('action="%s"' % self._rate_url(request), page.text)

    def test_no_sms_code_without_the_setting(self):
        with patch.object(
            type(self.env["sms.sms"]), "_satisfaction_provider", return_value="gateway"
        ):
            _d, request = self._return_dossiers(1, self.unit_a)
        self.assertFalse(
            self.env["satisfaction.kiosk.code"].search(
                [("request_id", "=", request.id)]
            )
        )

    def test_sms_code_setting_in_the_settings_screen(self):
        """Ticked in Settings, the return sends the code; unticked, it does not."""

        def sms_codes(request):
            return (
                self.env["sms.sms"]
                .sudo()
                .search([("satisfaction_kiosk_code_id.request_id", "=", request.id)])
            )

        settings = self.env["res.config.settings"].create({})
        self.assertFalse(settings.satisfaction_kiosk_code_sms, "off by default")
        self.assertEqual(settings.satisfaction_kiosk_code_minutes, 120)
        settings.write(
            {"satisfaction_kiosk_code_sms": True, "satisfaction_kiosk_code_minutes": 45}
        )
        settings.execute()
        with patch.object(
            type(self.env["sms.sms"]), "_satisfaction_provider", return_value="gateway"
        ):
            _d, sent = self._return_dossiers(1, self.unit_a)
            code = sms_codes(sent).satisfaction_kiosk_code_id
            self.assertEqual(len(code), 1)
            self.assertAlmostEqual(
                code.date_expiry - code.date_created,
                timedelta(minutes=45),
                delta=timedelta(seconds=5),
            )
            settings = self.env["res.config.settings"].create({})
            self.assertTrue(settings.satisfaction_kiosk_code_sms)
            settings.satisfaction_kiosk_code_sms = False
            settings.execute()
            _d, not_sent = self._return_dossiers(1, self.unit_a)
        self.assertFalse(sms_codes(not_sent))

    # ------------------------------------------------------------
    # RATING CYCLE
    # ------------------------------------------------------------

    def test_cycle_records_kiosk_answer_and_resets(self):
        _d, requests = self._return_dossiers(2, self.unit_a)
        request = requests[0]
        form_page, ticket = self._open(request)
        self.assertIn('autocomplete="off"', form_page.text)
        self.assertIn(
            '<noscript><meta http-equiv="refresh" content="300;url=%s"'
            % self.start_url,
            form_page.text,
        )
        result = self._submit(
            request, self._build_form(request, 4, comment="Nhanh gọn"), ticket=ticket
        )
        self.assertEqual(result.status_code, 303, "POST-redirect-GET")
        self.assertTrue(result.headers["Location"].endswith(self.start_url + "/thanks"))
        response = (
            self.env["satisfaction.response"]
            .sudo()
            .search([("request_id", "=", request.id)])
        )
        self.assertEqual(response.channel, "kiosk")
        self.assertEqual(response.comment, "Nhanh gọn")
        self.assertEqual(request.state, "answered")
        # the signals' metadata: which tablet, how long on the page
        self.assertEqual(response.kiosk_id, self.kiosk)
        self.assertLess(response.seconds_on_page, 600)

        thanks = self.url_open(result.headers["Location"])
        self.assertEqual(thanks.status_code, 200)
        self.assertIn(
            '<meta http-equiv="refresh" content="8;url=%s"' % self.start_url,
            thanks.text,
        )
        self.assertNotIn("Nhanh gọn", thanks.text)
        # a second submit with the same ticket changes nothing
        self.assertEqual(
            self._submit(
                request, self._build_form(request, 1), ticket=ticket
            ).status_code,
            303,
        )
        self.assertEqual(
            self.env["satisfaction.response"]
            .sudo()
            .search([("request_id", "=", request.id)]),
            response,
        )

    def test_submit_needs_the_ticket_of_this_dossier_and_kiosk(self):
        _d, requests = self._return_dossiers(2, self.unit_a)
        first, second = requests
        _page, ticket_first = self._open(first)
        other_kiosk = self.env["satisfaction.kiosk"].create(
            {"name": "Quầy 2", "unit_id": self.unit_a.id}
        )
        other_ticket = other_kiosk._ticket(second)
        for ticket in ("", "1.%s" % ("0" * 32), ticket_first, other_ticket):
            result = self._submit(second, self._build_form(second, 5), ticket=ticket)
            self.assertEqual(result.status_code, 303, ticket)
            self.assertTrue(result.headers["Location"].endswith(self.start_url))
        self.assertEqual(second.state, "sent")
        # a ticket from 17 minutes ago is too old
        with patch(
            "odoo.addons.satisfaction_survey.models.satisfaction_kiosk.time.time",
            return_value=time.time() - 17 * 60,
        ):
            old_ticket = self.kiosk._ticket(first)
        self.assertEqual(
            self._submit(
                first, self._build_form(first, 5), ticket=old_ticket
            ).status_code,
            303,
        )
        self.assertEqual(first.state, "sent")
        self.assertEqual(
            self._submit(
                first, self._build_form(first, 5), ticket=ticket_first
            ).status_code,
            303,
        )
        self.assertEqual(first.state, "answered")

    def test_time_on_page_is_kept(self):
        _d, request = self._return_dossiers(1, self.unit_a)
        with patch(
            "odoo.addons.satisfaction_survey.models.satisfaction_kiosk.time.time",
            return_value=time.time() - 42,
        ):
            ticket = self.kiosk._ticket(request)
        # an error on the way keeps the ticket, and the time runs on
        result = self._submit(
            request, self._build_form(request, 5, overrides={"overall": None}), ticket
        )
        self.assertEqual(result.status_code, 400)
        self.assertEqual(TICKET_RE.search(result.text).group(1), ticket)
        self._submit(request, self._build_form(request, 5), ticket=ticket)
        response = (
            self.env["satisfaction.response"]
            .sudo()
            .search([("request_id", "=", request.id)])
        )
        self.assertGreaterEqual(response.seconds_on_page, 42)
        self.assertLess(response.seconds_on_page, 42 + 120)
        self.assertEqual(response.kiosk_id, self.kiosk)

    def test_invalid_and_low_answers_are_shown_again(self):
        _d, request = self._return_dossiers(1, self.unit_a)
        _page, ticket = self._open(request)
        form = self._build_form(request, 5, overrides={"overall": None})
        result = self._submit(request, form, ticket=ticket, lang="en")
        self.assertEqual(result.status_code, 400)
        self.assertIn("Please answer the questions marked in red", result.text)
        ticket = TICKET_RE.search(result.text).group(1)
        form = self._build_form(request, 5, overrides={"overall": 2})
        result = self._submit(request, form, ticket=ticket)
        self.assertEqual(result.status_code, 400)
        self.assertIn('id="reason_error"', result.text)
        form.update(reason="Không được hướng dẫn", contact_consent="1")
        self.assertEqual(self._submit(request, form, ticket=ticket).status_code, 303)
        followup = (
            self.env["satisfaction.followup"]
            .sudo()
            .search([("request_id", "=", request.id)])
        )
        self.assertEqual(followup.response_id.channel, "kiosk")
        self.assertTrue(followup.contact_allowed)

    def test_low_answer_with_predefined_reasons(self):
        wait = self.env.ref("satisfaction_survey.satisfaction_low_reason_waiting")
        attitude = self.env.ref("satisfaction_survey.satisfaction_low_reason_attitude")
        archived = self.env["satisfaction.low.reason"].create(
            {"name": "Lý do lưu trữ", "active": False}
        )
        _d, request = self._return_dossiers(1, self.unit_a)
        page, ticket = self._open(request)
        self.assertIn('name="low_reason_%s"' % wait.id, page.text)
        self.assertNotIn('name="low_reason_%s"' % archived.id, page.text)
        form = self._build_form(request, 5, overrides={"overall": 1})
        # a ticked reason replaces the written one; no reason at all is refused
        form.update(
            {
                "low_reason_%s" % wait.id: "1",
                "low_reason_%s" % attitude.id: "1",
                "low_reason_%s" % archived.id: "1",
            }
        )
        self.assertEqual(self._submit(request, form, ticket=ticket).status_code, 303)
        response = (
            self.env["satisfaction.response"]
            .sudo()
            .search([("request_id", "=", request.id)])
        )
        self.assertEqual(response.low_reason_ids, wait | attitude)
        self.assertEqual(response.channel, "kiosk")
        followup = (
            self.env["satisfaction.followup"]
            .sudo()
            .search([("request_id", "=", request.id)])
        )
        # in the language of the page (Vietnamese when it is installed)
        names = {wait.with_context(lang=lang).name for lang in ("en_US", "vi_VN")}
        self.assertTrue(
            any(name in followup.sudo().reason for name in names),
            followup.sudo().reason,
        )

    def test_high_answer_keeps_no_reason(self):
        wait = self.env.ref("satisfaction_survey.satisfaction_low_reason_waiting")
        _d, request = self._return_dossiers(1, self.unit_a)
        form = self._build_form(request, 5)
        form["low_reason_%s" % wait.id] = "1"
        self.assertEqual(self._submit(request, form).status_code, 303)
        response = (
            self.env["satisfaction.response"]
            .sudo()
            .search([("request_id", "=", request.id)])
        )
        self.assertFalse(response.low_reason_ids)

    def test_csrf_is_required(self):
        _d, request = self._return_dossiers(1, self.unit_a)
        code = self._code(request)
        with mute_logger("odoo.http"):
            result = self.url_open(
                self.start_url + "/code", data={"code": code}, allow_redirects=False
            )
            self.assertIn(result.status_code, (400, 403))
            _page, ticket = self._open(request)
            result = self.url_open(
                self._rate_url(request),
                data=self._build_form(request, 5) | {"kiosk_ticket": ticket},
                allow_redirects=False,
            )
        self.assertIn(result.status_code, (400, 403))
        self.assertEqual(request.state, "sent")

    def test_thanks_delay_is_the_constant(self):
        with patch(
            "odoo.addons.satisfaction_survey.controllers.kiosk.KIOSK_THANKS_SECONDS", 2
        ):
            page = self.url_open(self.start_url + "/thanks")
        self.assertIn('content="2;url=%s"' % self.start_url, page.text)

    def test_thanks_screen_is_read_only(self):
        """A read-only route that wrote would be retried read/write, with a warning."""
        with self.assertNoLogs("odoo.http", "WARNING"):
            page = self.url_open(self.start_url + "/thanks")
        self.assertEqual(page.status_code, 200)
