"""Counter kiosk /kiosk/<key>: device keys, start screen, rating cycle (real HTTP)."""

import hashlib
import re
from datetime import timedelta
from html import unescape
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import SatisfactionCommon
from .test_public_page import CSRF_RE

KIOSK_URL_RE = re.compile(r"/kiosk/([A-Za-z0-9_-]{43})$")


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

    def _csrf(self, url):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200, url)
        return CSRF_RE.search(page.text).group(1)

    def _rate_url(self, request):
        return "%s/rate/%s" % (self.start_url, request.id)

    def _submit(self, request, form, csrf=None, lang=None):
        url = self._rate_url(request)
        data = dict(form, csrf_token=csrf or self._csrf(url))
        if lang:
            data["lang"] = lang
        return self.url_open(url, data=data, allow_redirects=False)

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
            "/kiosk/%s/find?code=%s" % (revoked_key, request.dossier_ref),
        ]
        pages = [self.url_open(url) for url in urls]
        for url, page in zip(urls, pages):
            self.assertEqual(page.status_code, 404, url)
        self.assertEqual(len({page.text for page in pages}), 1)
        csrf = self._csrf(self.start_url + "/rate/%s" % request.id)
        page = self.url_open(
            "/kiosk/%s/rate/%s" % (revoked_key, request.id),
            data=self._build_form(request, 5) | {"csrf_token": csrf},
        )
        self.assertEqual(page.status_code, 404)
        self.assertEqual(request.state, "sent")

    # ------------------------------------------------------------
    # START SCREEN
    # ------------------------------------------------------------

    def test_start_screen_lists_codes_of_this_counter_only(self):
        _d, recent = self._return_dossiers(
            2, self.unit_a, citizen_name="Nguyễn Thị Riêng Tư"
        )
        _d, other_unit = self._return_dossiers(1, self.unit_b)
        _d, old = self._return_dossiers(1, self.unit_a)
        self.env.cr.execute(
            "UPDATE satisfaction_request SET create_date = %s WHERE id = %s",
            (
                fields.Datetime.now()
                - timedelta(minutes=self.kiosk.recent_minutes + 1),
                old.id,
            ),
        )
        _d, answered = self._return_dossiers(1, self.unit_a)
        self._answer(answered)
        self.kiosk.sudo().last_seen = False
        page = self.url_open(self.start_url)
        self.assertEqual(page.status_code, 200)
        html = unescape(page.text)
        for request in recent:
            self.assertIn(request.dossier_ref, html)
            self.assertIn('href="%s"' % self._rate_url(request), html)
        for request in other_unit | old | answered:
            self.assertNotIn(request.dossier_ref, html)
        self.assertNotIn("Riêng Tư", html, "never a citizen's name")
        self.assertNotIn(recent[0].sudo().citizen_phone, html)
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

        # bound to officers: only their dossiers
        self.kiosk.officer_ids = self.officer_b1
        self.assertNotIn(
            recent[0].dossier_ref, unescape(self.url_open(self.start_url).text)
        )

    def test_find_by_typed_or_scanned_code(self):
        _d, request = self._return_dossiers(1, self.unit_a)
        _d, other = self._return_dossiers(1, self.unit_b)
        page = self.url_open(
            "%s/find?code=%s" % (self.start_url, request.dossier_ref.lower()),
            allow_redirects=False,
        )
        self.assertEqual(page.status_code, 303)
        self.assertTrue(page.headers["Location"].endswith(self._rate_url(request)))
        for code in (other.dossier_ref, "%", "HS_%", "x" * 65, ""):
            page = self.url_open(
                "%s/find?lang=en&code=%s" % (self.start_url, code),
                allow_redirects=False,
            )
            self.assertEqual(page.status_code, 200, code)
            self.assertIn(
                "No dossier with this code was returned at this counter recently",
                page.text,
            )

    # ------------------------------------------------------------
    # RATING CYCLE
    # ------------------------------------------------------------

    def test_cycle_records_kiosk_answer_and_resets(self):
        _d, requests = self._return_dossiers(2, self.unit_a)
        request = requests[0]
        form_page = self.url_open(self._rate_url(request) + "?lang=en")
        self.assertEqual(form_page.status_code, 200)
        self.assertIn(request.dossier_ref, unescape(form_page.text))
        self.assertIn('action="%s"' % self._rate_url(request), form_page.text)
        self.assertIn('autocomplete="off"', form_page.text)
        self.assertIn("Back to the start screen", form_page.text)
        self.assertEqual(form_page.headers["Cache-Control"], "no-store")
        self.assertIn(
            '<noscript><meta http-equiv="refresh" content="300;url=%s"'
            % self.start_url,
            form_page.text,
        )

        result = self._submit(
            request, self._build_form(request, 4, comment="Nhanh gọn")
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

        thanks = self.url_open(result.headers["Location"])
        self.assertEqual(thanks.status_code, 200)
        self.assertIn(
            '<meta http-equiv="refresh" content="8;url=%s"' % self.start_url,
            thanks.text,
        )
        self.assertNotIn("Nhanh gọn", thanks.text)
        # next citizen: the answered dossier is gone, its page leads to the start
        start = unescape(self.url_open(self.start_url).text)
        self.assertNotIn(request.dossier_ref, start)
        self.assertIn(requests[1].dossier_ref, start)
        again = self.url_open(self._rate_url(request), allow_redirects=False)
        self.assertEqual(again.status_code, 303)
        self.assertTrue(again.headers["Location"].endswith(self.start_url))
        # and a second submit changes nothing
        csrf = self._csrf(self._rate_url(requests[1]))
        self.assertEqual(
            self._submit(request, self._build_form(request, 1), csrf=csrf).status_code,
            303,
        )
        self.assertEqual(
            self.env["satisfaction.response"]
            .sudo()
            .search([("request_id", "=", request.id)]),
            response,
        )

    def test_invalid_and_low_answers_are_shown_again(self):
        _d, request = self._return_dossiers(1, self.unit_a)
        form = self._build_form(request, 5, overrides={"overall": None})
        result = self._submit(request, form, lang="en")
        self.assertEqual(result.status_code, 400)
        self.assertIn("Please answer the questions marked in red", result.text)
        form = self._build_form(request, 5, overrides={"overall": 2})
        result = self._submit(request, form)
        self.assertEqual(result.status_code, 400)
        self.assertIn('id="reason_error"', result.text)
        form.update(reason="Không được hướng dẫn", contact_consent="1")
        self.assertEqual(self._submit(request, form).status_code, 303)
        followup = (
            self.env["satisfaction.followup"]
            .sudo()
            .search([("request_id", "=", request.id)])
        )
        self.assertEqual(followup.response_id.channel, "kiosk")
        self.assertTrue(followup.contact_allowed)

    def test_request_of_another_counter_cannot_be_rated(self):
        _d, other = self._return_dossiers(1, self.unit_b)
        self.assertEqual(
            self.url_open(self._rate_url(other), allow_redirects=False).status_code, 303
        )
        _d, own = self._return_dossiers(1, self.unit_a)
        csrf = self._csrf(self._rate_url(own))
        self.assertEqual(
            self._submit(other, self._build_form(other, 5), csrf=csrf).status_code, 303
        )
        self.assertEqual(other.state, "sent")

    def test_csrf_is_required(self):
        _d, request = self._return_dossiers(1, self.unit_a)
        with mute_logger("odoo.http"):
            result = self.url_open(
                self._rate_url(request),
                data=self._build_form(request, 5),
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
