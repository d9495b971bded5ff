"""Complaints and petitions (PAKN): public intake, due dates, the citizen's
link, QĐ 766 5.2 / 5.3 / 5.4 on the scorecard, and who sees the complainant."""

import re

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .pakn_common import PaknCommon, Qd766ReportCommon, vn

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
TOKEN_RE = re.compile(r"/satisfaction/pakn/([A-Za-z0-9_-]{22,64})")
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestPakn(Qd766ReportCommon):
    # ------------------------------------------------------------
    # DUE DATES
    # ------------------------------------------------------------

    def test_due_date_skips_weekend_and_holidays(self):
        calendar = self.env.company.resource_calendar_id
        # Thursday 23/04/2026; 30/04 and 01/05 are public holidays
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Giải phóng miền Nam, Quốc tế lao động",
                "calendar_id": calendar.id,
                "date_from": vn(2026, 4, 30, 0, 0, 0),
                "date_to": vn(2026, 5, 1, 23, 59, 59),
            }
        )
        pakn = self._pakn(date_received=vn(2026, 4, 23, 10, 0))
        # 15 working days: 24, 27, 28, 29/04 then 04/05 ... 18/05
        self.assertEqual(pakn.date_due, vn(2026, 5, 18, 23, 59, 59))
        # received on a Saturday evening (UTC Saturday noon): counted from Monday
        saturday = self._pakn(date_received=vn(2026, 6, 6, 19, 0))
        self.assertEqual(saturday.date_due, vn(2026, 6, 26, 23, 59, 59))

    def test_due_date_is_judged_in_vietnam_time(self):
        # 23:30 on Friday 05/06/2026 in Vietnam is still Friday (16:30 UTC)
        pakn = self._pakn(date_received=vn(2026, 6, 5, 23, 30))
        self.assertEqual(pakn.date_due, vn(2026, 6, 26, 23, 59, 59))

    def test_overdue(self):
        old = self._pakn(date_received=vn(2026, 1, 5, 9, 0))
        recent = self._pakn()
        self.assertTrue(old.is_overdue)
        self.assertFalse(recent.is_overdue)
        found = self.Pakn.search(
            [("id", "in", (old | recent).ids), ("is_overdue", "=", True)]
        )
        self.assertEqual(found, old)
        not_overdue = self.Pakn.search(
            [("id", "in", (old | recent).ids), ("is_overdue", "=", False)]
        )
        self.assertEqual(not_overdue, recent)
        old.answer = "Đã chấn chỉnh cán bộ."
        old.action_send_answer()
        self.assertTrue(old.answered_late)
        self.assertTrue(old.is_overdue, "answered late stays overdue")
        recent.answer = "Đã trả lời."
        recent.action_send_answer()
        self.assertFalse(recent.is_overdue)

    # ------------------------------------------------------------
    # BACK OFFICE
    # ------------------------------------------------------------

    def test_reference_assignment_and_answer_queued(self):
        pakn = self._pakn(
            contact_name="Nguyễn Thị Dân",
            contact_phone="0912345678",
            contact_consent=True,
        )
        self.assertTrue(pakn.reference.startswith("PAKN-"))
        self.assertEqual(pakn.state, "received")
        officer_pakn = pakn.with_user(self.user_officer_a)
        officer_pakn.action_assign_to_me()
        self.assertEqual(pakn.state, "assigned")
        self.assertEqual(pakn.user_id, self.user_officer_a)
        with self.assertRaises(UserError):
            officer_pakn.action_send_answer()  # no answer written
        officer_pakn.answer = "Hồ sơ của bà đã được xử lý."
        officer_pakn.action_send_answer()
        self.assertEqual(pakn.state, "answered")
        self.assertTrue(pakn.date_answered)
        sms = (
            self.env["sms.sms"].sudo().search([("satisfaction_pakn_id", "=", pakn.id)])
        )
        self.assertEqual(len(sms), 1)
        self.assertEqual(sms.number, "+84912345678")
        self.assertIn("/satisfaction/pakn/%s" % pakn.sudo().access_token, sms.body)

    def test_answer_by_email_without_sms_provider(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.sms_iap", "False"
        )
        pakn = self._pakn(
            contact_email="dan@example.com",
            contact_phone="0912345678",
            contact_consent=True,
            answer="Đã xử lý.",
        )
        pakn.action_send_answer()
        mail = (
            self.env["mail.mail"].sudo().search([("email_to", "=", "dan@example.com")])
        )
        self.assertEqual(len(mail), 1)
        self.assertIn(pakn.reference, mail.subject)

    def test_no_message_without_consent(self):
        pakn = self._pakn(contact_phone="0912345678", answer="Đã xử lý.")
        pakn.action_send_answer()
        self.assertFalse(
            self.env["sms.sms"].sudo().search([("satisfaction_pakn_id", "=", pakn.id)])
        )

    def test_staff_cannot_rate_nor_move_dates(self):
        pakn = self._pakn(answer="Đã xử lý.")
        as_officer = pakn.with_user(self.user_officer_a)
        for vals in (
            {"rating": "like"},
            {"state": "closed"},
            {"date_received": fields.Datetime.now()},
            {"date_reraised": False},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                as_officer.write(vals)
        created = self.Pakn.with_user(self.user_officer_a).create(
            {
                "unit_id": self.unit_a.id,
                "subject": "Tại quầy",
                "description": "Nhập hộ người dân",
                "date_received": "2020-01-01 00:00:00",
                "rating": "like",
                "state": "closed",
            }
        )
        self.assertEqual((created.state, created.rating), ("received", False))
        self.assertGreater(
            created.date_received, fields.Datetime.from_string("2026-01-01")
        )
        as_officer.action_send_answer()
        self.assertEqual(pakn.state, "answered")

    def test_dossier_linked_by_code(self):
        dossier = self._create_dossiers(1, self.unit_a)
        pakn = self._pakn(dossier_code=" %s " % dossier.code.lower())
        self.assertEqual(pakn.dossier_id, dossier)
        self.assertEqual(pakn.dossier_code, dossier.code.upper())

    # ------------------------------------------------------------
    # CITIZEN: RATING AND RAISING AGAIN (model level)
    # ------------------------------------------------------------

    def test_rate_once_and_reraise_once(self):
        pakn = self._pakn()
        self.assertFalse(pakn._rate("dislike"), "nothing to rate before the answer")
        pakn.answer = "Đã xử lý."
        pakn.action_send_answer()
        self.assertTrue(pakn._rate("dislike"))
        self.assertFalse(pakn._rate("like"), "a rating is given once")
        self.assertEqual(pakn.rating, "dislike")
        self.assertFalse(pakn._reraise("   "), "a reason is required")
        self.assertTrue(pakn._reraise("Vẫn chưa giải quyết"))
        self.assertEqual(pakn.state, "reraised")
        pakn.answer = "Đã giải quyết lại."
        pakn.action_send_answer()
        self.assertFalse(pakn._reraise("Lần nữa"), "raised again once")

    # ------------------------------------------------------------
    # WHO SEES THE COMPLAINANT
    # ------------------------------------------------------------

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_officer_cannot_read_the_complainant(self):
        dossier = self._create_dossiers(1, self.unit_a)
        pakn = self._pakn(
            contact_name="Nguyễn Thị Dân",
            contact_phone="0912345678",
            contact_email="dan@example.com",
            contact_consent=True,
            dossier_code=dossier.code,
        )
        identity = (
            "contact_name",
            "contact_phone",
            "contact_email",
            "dossier_code",
            "dossier_id",
            "access_token",
        )
        for user in (self.user_officer_a, self.user_reviewer):
            as_user = pakn.with_user(user)
            self.assertEqual(as_user.subject, pakn.subject)  # the complaint itself
            fields_get = as_user.fields_get()
            for name in identity:
                with self.subTest(user=user.login, field=name):
                    self.assertNotIn(name, fields_get)
                    with self.assertRaises(AccessError):
                        as_user.read([name])
                    with self.assertRaises(AccessError):
                        self.Pakn.with_user(user).search_read(
                            [("id", "=", pakn.id)], [name]
                        )
            # nor by searching on it
            with self.assertRaises(AccessError):
                self.Pakn.with_user(user).search([("contact_name", "ilike", "Dân")])
        leader = pakn.with_user(self.user_leader_a)
        self.assertEqual(leader.contact_name, "Nguyễn Thị Dân")
        self.assertEqual(leader.dossier_id, dossier)

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_units_see_their_own(self):
        pakn_b = self._pakn(unit=self.unit_b)
        with self.assertRaises(AccessError):
            pakn_b.with_user(self.user_officer_a).read(["subject"])
        with self.assertRaises(AccessError):
            pakn_b.with_user(self.user_leader_a).read(["subject"])
        self.assertEqual(pakn_b.with_user(self.user_officer_b).subject, pakn_b.subject)
        self.assertEqual(pakn_b.with_user(self.user_reviewer).subject, pakn_b.subject)
        with self.assertRaises(AccessError):
            pakn_b.with_user(self.user_reviewer).write({"answer": "x"})

    # ------------------------------------------------------------
    # QĐ 766 ON THE SCORECARD
    # ------------------------------------------------------------

    def test_scorecard_52_53_54_hand_computed(self):
        """May 2026, unit A (hand-computed in the comments).

        PAKN: P1 received 04/05, answered on time, liked; P2 05/05, answered
        on time, disliked; P3 06/05, answered late; P4 07/05, answered on
        time, raised again; P5 received 20/04, answered 04/05 on time; P6
        28/05, unanswered (within time at the end of May, overdue now);
        P7 of unit B.
        5.2: 6 PAKN received or answered in May, 5 on time (P1, P2, P4, P5,
        P6): 83.33 %, 5.0 points. 5.3: 5 first received (P1-P4, P6), 4
        flagged (P2 disliked, P3 late, P4 raised again, P6 overdue): 20 %,
        1.2 points.
        5.4: 4 dossiers returned in May: D1 rated 5 with P1, D2 rated 1 with
        P2 (counted once), D3 rated 5, D4 unrated with P4: 3 with a PAKN or a
        dislike, none overdue: R = 25 %, 6 × 25 ÷ 90 = 1.67 points.
        Group: 5.0 + 1.2 + 1.67 = 7.87.
        """
        self._build_may()
        self._pakn(unit=self.unit_b, date_received=vn(2026, 5, 8, 9, 0))
        self.env.flush_all()

        card = self.env["satisfaction.scorecard"].create(
            {
                "year": 2026,
                "period_type": "months",
                "month_from": 5,
                "month_to": 5,
                "unit_ids": [Command.set(self.unit_a.ids)],
            }
        )
        card.action_compute()
        line = card.line_ids
        self.assertEqual(line.unit_id, self.unit_a)
        self.assertEqual(
            (line.pakn_count, line.pakn_on_time_count), (6, 5), "5.2 counts"
        )
        self.assertEqual(line.qd766_52_ratio, 83.33)
        self.assertEqual(line.qd766_52_points, 5.0)
        self.assertEqual(
            (line.pakn_first_count, line.pakn_flagged_count), (5, 4), "5.3 counts"
        )
        self.assertEqual(line.qd766_53_ratio, 20.0)
        self.assertEqual(line.qd766_53_points, 1.2)
        self.assertEqual((line.request_count, line.dissatisfied_count), (4, 1))
        self.assertEqual(line.complained_count, 3)
        self.assertEqual(line.qd766_54_ratio, 25.0)
        self.assertEqual(line.qd766_54_points, 1.67)
        self.assertEqual(line.qd766_group_points, 7.87)

    def test_scorecard_without_pakn_gives_full_points(self):
        card = self.env["satisfaction.scorecard"].create(
            {
                "year": 2031,
                "period_type": "months",
                "month_from": 2,
                "month_to": 2,
                "unit_ids": [Command.set(self.unit_b.ids)],
            }
        )
        card.action_compute()
        line = card.line_ids
        self.assertEqual((line.qd766_52_points, line.qd766_53_points), (6.0, 6.0))
        self.assertFalse(line.qd766_52_ratio)
        self.assertEqual(line.qd766_group_points, 12.0, "5.4: 0 without dossiers")


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestPaknPublic(HttpCase, PaknCommon):
    url = "/satisfaction/pakn"

    def setUp(self):
        super().setUp()
        self.env["satisfaction.rate.limit"]._reset()
        self.addCleanup(self.env["satisfaction.rate.limit"]._reset)

    def _csrf(self, url=None):
        page = self.url_open(url or self.url)
        self.assertEqual(page.status_code, 200)
        return CSRF_RE.search(page.text).group(1)

    def _form(self, **values):
        form = {
            "kind": "complaint",
            "unit_id": str(self.unit_a.id),
            "category_id": str(self.category.id),
            "subject": "Chờ quá lâu",
            "description": "Tôi chờ hai giờ mới được tiếp nhận.",
            "lang": "en",
        }
        form.update(values)
        return form

    def _mine(self, subject):
        return self.Pakn.sudo().search([("subject", "=", subject)])

    def test_form_is_vietnamese_first(self):
        page = self.url_open(self.url)
        self.assertEqual(page.status_code, 200)
        self.assertIn('name="csrf_token"', page.text)
        self.assertIn(self.unit_a.name, page.text)
        self.assertIn('enctype="multipart/form-data"', page.text)
        self.assertIn('lang="vi-VN"', page.text)

    def test_submit_valid_with_contact_and_file(self):
        form = self._form(
            subject="Hồ sơ bị trả lại",
            contact_name="Trần Văn Dân",
            contact_phone="0912 345 678",
            consent="1",
            csrf_token=self._csrf(),
        )
        page = self.url_open(
            self.url,
            data=form,
            files={"attachments": ("bien-nhan.pdf", PDF, "application/pdf")},
        )
        self.assertEqual(page.status_code, 200, page.text[:500])
        pakn = self._mine("Hồ sơ bị trả lại")
        self.assertEqual(len(pakn), 1)
        self.assertEqual(
            (pakn.channel, pakn.unit_id, pakn.kind), ("web", self.unit_a, "complaint")
        )
        self.assertTrue(pakn.contact_consent)
        self.assertEqual(pakn.contact_name, "Trần Văn Dân")
        consent = (
            self.env["satisfaction.consent"].sudo().search([("pakn_id", "=", pakn.id)])
        )
        self.assertEqual(consent.purpose, "pakn_contact")
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .search([("res_model", "=", "satisfaction.pakn"), ("res_id", "=", pakn.id)])
        )
        self.assertEqual(attachment.mimetype, "application/pdf")
        self.assertEqual(TOKEN_RE.search(page.text).group(1), pakn.access_token)

    def test_contact_without_consent_is_refused(self):
        form = self._form(
            subject="Không đồng ý",
            contact_phone="0912345678",
            csrf_token=self._csrf(),
        )
        page = self.url_open(self.url, data=form)
        self.assertEqual(page.status_code, 400)
        self.assertFalse(self._mine("Không đồng ý"))

    def test_missing_csrf_is_rejected(self):
        with mute_logger("odoo.http"):
            page = self.url_open(self.url, data=self._form(subject="Không CSRF"))
        self.assertIn(page.status_code, (400, 403))
        self.assertFalse(self._mine("Không CSRF"))

    def test_bad_attachment_is_refused(self):
        for name, data, subject in (
            ("virus.exe", b"MZ\x90\x00binary", "Tệp sai loại"),
            ("fake.pdf", b"<html>not a pdf</html>", "Tệp giả PDF"),
        ):
            with self.subTest(name=name):
                page = self.url_open(
                    self.url,
                    data=self._form(subject=subject, csrf_token=self._csrf()),
                    files={"attachments": (name, data, "application/pdf")},
                )
                self.assertEqual(page.status_code, 400)
                self.assertIn("Only PDF, JPEG and PNG", page.text)
                self.assertFalse(self._mine(subject))
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.pakn_attachment_max_kb", "1"
        )
        page = self.url_open(
            self.url,
            data=self._form(subject="Tệp quá lớn", csrf_token=self._csrf()),
            files={"attachments": ("big.pdf", PDF + b"0" * 2048, "application/pdf")},
        )
        self.assertEqual(page.status_code, 400)
        self.assertFalse(self._mine("Tệp quá lớn"))

    def test_rate_limited_per_ip(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.rate_limit_ip", "2/60"
        )
        self.assertEqual(self.url_open(self.url).status_code, 200)
        self.assertEqual(self.url_open(self.url).status_code, 200)
        limited = self.url_open(self.url)
        self.assertEqual(limited.status_code, 429)
        self.assertNotIn('name="csrf_token"', limited.text)

    def test_answer_link_dislike_and_reraise_once(self):
        pakn = self._pakn(
            date_received=fields.Datetime.now(), answer="Đã bổ sung giấy tờ cho ông."
        )
        url = "/satisfaction/pakn/%s" % pakn.sudo().access_token
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("ss_pakn_rate", page.text, "nothing to rate before the answer")
        pakn.action_send_answer()
        page = self.url_open(url)
        self.assertIn("Đã bổ sung giấy tờ cho ông.", page.text)
        self.assertIn("ss_pakn_rate", page.text)
        self.assertFalse(pakn.rating, "a GET never records")
        csrf = CSRF_RE.search(page.text).group(1)
        page = self.url_open(url, data={"action": "dislike", "csrf_token": csrf})
        self.assertEqual(page.status_code, 200)
        pakn.invalidate_recordset()
        self.assertEqual(pakn.rating, "dislike")
        page = self.url_open(url, data={"action": "like", "csrf_token": csrf})
        self.assertEqual(page.status_code, 400, "rated once")
        pakn.invalidate_recordset()
        self.assertEqual(pakn.rating, "dislike")
        reraise = {
            "action": "reraise",
            "reason": "Chưa được giải quyết",
            "csrf_token": csrf,
        }
        self.assertEqual(self.url_open(url, data=reraise).status_code, 200)
        pakn.invalidate_recordset()
        self.assertEqual(pakn.state, "reraised")
        self.assertTrue(pakn.date_reraised)
        self.assertEqual(self.url_open(url, data=reraise).status_code, 400)
        # unknown token: the neutral invalid page
        self.assertEqual(
            self.url_open("/satisfaction/pakn/%s" % ("x" * 22)).status_code, 404
        )

    def test_kiosk_links_to_the_form(self):
        kiosk = self.env["satisfaction.kiosk"].create(
            {"name": "Quầy 1", "unit_id": self.unit_b.id}
        )
        action = kiosk.action_issue_key()
        key = action["context"]["satisfaction_kiosk_issued_url"].rsplit("/", 1)[1]
        start = self.url_open("/kiosk/%s" % key)
        self.assertIn("/satisfaction/pakn?kiosk=%s" % key, start.text)
        form_url = "/satisfaction/pakn?kiosk=%s" % key
        page = self.url_open(form_url)
        self.assertEqual(page.status_code, 200)
        self.assertNotIn('name="unit_id"', page.text, "the kiosk's unit")
        data = self._form(
            subject="Tại quầy", kiosk=key, csrf_token=CSRF_RE.search(page.text).group(1)
        )
        del data["unit_id"]
        page = self.url_open(self.url, data=data)
        self.assertEqual(page.status_code, 200)
        pakn = self._mine("Tại quầy")
        self.assertEqual((pakn.channel, pakn.unit_id), ("kiosk", self.unit_b))
        self.assertNotIn(pakn.access_token, page.text, "no link on a shared tablet")
