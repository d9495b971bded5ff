"""Consent that can be proven: notices per purpose and version, consent
records with what was shown, withdrawal from the page of a link, migration of
the old boolean consent."""

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import SatisfactionCommon
from .test_public_page import CSRF_RE


class ConsentCommon(SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.low_score_threshold", "3"
        )
        cls.Notice = cls.env["satisfaction.privacy.notice"]
        cls.Consent = cls.env["satisfaction.consent"]
        cls.notice_contact = cls.env.ref(
            "satisfaction_survey.privacy_notice_contact_low_v1"
        )

    @classmethod
    def _low_form(cls, request, consent):
        form = cls._build_form(request, 2)
        form["reason"] = "Chờ quá lâu"
        if consent:
            form["contact_consent"] = "1"
        return form


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestConsent(ConsentCommon):
    def test_consent_records_the_notice_shown(self):
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        request.sudo().with_context(lang="vi_VN")._record_answers(
            self._low_form(request, True), require_reason=True
        )
        consent = request.sudo().consent_ids
        self.assertEqual(len(consent), 1)
        self.assertEqual(consent.purpose, "contact_low")
        self.assertEqual(consent.notice_id, self.Notice._current("contact_low"))
        self.assertEqual(consent.notice_version, consent.notice_id.version)
        self.assertEqual(consent.channel, "web")
        self.assertEqual(consent.notice_lang, "vi_VN")
        self.assertEqual(
            consent.notice_digest,
            consent.notice_id.with_context(lang="vi_VN")._digest(),
        )
        self.assertEqual(consent.dossier_ref, request.dossier_ref)
        self.assertEqual(consent.state, "given")

    def test_consent_to_the_link_recorded_at_the_counter(self):
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        request.with_user(self.user_officer_a).action_record_link_consent()
        consent = request.sudo().consent_ids
        self.assertEqual(consent.purpose, "rating_link")
        self.assertEqual(consent.channel, "counter")
        self.assertEqual(consent.create_uid, self.user_officer_a)

    def test_silence_is_not_consent(self):
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        request.sudo()._record_answers(
            self._low_form(request, False), require_reason=True
        )
        self.assertFalse(request.sudo().consent_ids)
        self.assertFalse(request.sudo().contact_consent)
        # a box without a low answer is not asked, so not recorded either
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        form = self._build_form(request, 5)
        form["contact_consent"] = "1"
        request.sudo()._record_answers(form, require_reason=True)
        self.assertFalse(request.sudo().consent_ids)

    def test_the_box_is_never_pre_ticked(self):
        arch = self.env.ref("satisfaction_survey.public_page_low_score").arch_db
        box = arch[arch.index('name="contact_consent"') - 200 :][:600]
        self.assertIn("values.get('contact_consent') == '1'", box)
        self.assertNotIn('checked="checked"', box)

    def test_notice_used_is_frozen_new_version_is_a_new_record(self):
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        request.sudo()._record_answers(
            self._low_form(request, True), require_reason=True
        )
        notice = request.sudo().consent_ids.notice_id
        with self.assertRaises(UserError):
            notice.body = "<p>Another text</p>"
        with self.assertRaises(UserError):
            notice.unlink()
        action = notice.action_new_version()
        new = self.Notice.browse(action["res_id"])
        self.assertEqual(new.version, notice.version + 1)
        self.assertEqual(new.purpose, notice.purpose)
        self.assertFalse(notice.active)
        self.assertEqual(self.Notice._current("contact_low"), new)
        new.body = "<p>Nội dung mới</p>"  # unused yet: may change
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        request.sudo()._record_answers(
            self._low_form(request, True), require_reason=True
        )
        self.assertEqual(request.sudo().consent_ids.notice_id, new)

    def test_withdrawal_stops_reminders_and_contact(self):
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        request.sudo()._record_answers(
            self._low_form(request, True), require_reason=True
        )
        followup = (
            self.env["satisfaction.followup"]
            .sudo()
            .search([("request_id", "=", request.id)])
        )
        self.assertTrue(followup.contact_allowed)
        withdrawn = request._withdraw_contact("counter")
        self.assertEqual(withdrawn.state, "withdrawn")
        self.assertEqual(withdrawn.withdrawal_channel, "counter")
        self.assertTrue(withdrawn.withdrawn_at)
        request = request.sudo()
        self.assertTrue(request.no_contact)
        self.assertFalse(request.contact_consent)
        self.assertFalse(followup.contact_allowed)
        followup.reply_sent = "Xin lỗi anh chị"
        with self.assertRaises(UserError):
            followup.with_user(self.user_leader_a).action_send_reply()

    def test_no_reminder_after_withdrawal(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.reminder_delay_days", "1"
        )
        _dossiers, requests = self._return_dossiers(2, self.unit_a)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE satisfaction_request SET date_sent = now() at time zone 'UTC'"
            " - interval '2 days' WHERE id IN %s",
            (tuple(requests.ids),),
        )
        self.env.invalidate_all()
        requests[0]._withdraw_contact("web")
        self.assertEqual(self.env["satisfaction.request"]._cron_send_reminders(), 1)
        self.assertEqual(requests.sudo().mapped("reminder_count"), [0, 1])

    def test_migration_of_the_boolean_consent(self):
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        # as answered before consent records existed
        request.sudo().write(
            {"contact_consent": True, "contact_consent_date": "2025-12-20 03:00:00"}
        )
        self.assertFalse(request.sudo().consent_ids)
        self.assertEqual(self.Consent._migrate_request_consents(), 1)
        consent = request.sudo().consent_ids
        self.assertEqual(consent.notice_id.version, 0)
        self.assertEqual(consent.channel, "migration")
        self.assertEqual(str(consent.date), "2025-12-20 03:00:00")
        self.assertEqual(self.Consent._migrate_request_consents(), 0, "idempotent")


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestConsentPage(HttpCase, ConsentCommon):
    def _open(self, request):
        page = self.url_open("/r/%s?lang=en" % request.sudo().access_token)
        self.assertEqual(page.status_code, 200)
        return page

    def test_short_notice_and_full_notice(self):
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        page = self._open(request)
        self.assertIn('id="ss_privacy"', page.text)
        self.assertIn(self.env.company.name, page.text)
        self.assertIn("365 days", page.text)
        self.assertIn('href="/satisfaction/privacy"', page.text)
        self.assertIn(self.notice_contact.summary[:40], page.text)
        full = self.url_open("/satisfaction/privacy?lang=en")
        self.assertEqual(full.status_code, 200)
        self.assertIn("notice_%s" % self.notice_contact.id, full.text)
        self.assertNotIn("Text shown next to the consent box before", full.text)
        # an archived version is still shown on its own: what a citizen saw
        legacy = self.env.ref("satisfaction_survey.privacy_notice_contact_low_v0")
        old = self.url_open("/satisfaction/privacy?notice=%s&lang=en" % legacy.id)
        self.assertIn("Text shown next to the consent box before", old.text)
        for bad in ("999999", "x", "1 OR 1=1"):
            self.assertEqual(
                self.url_open("/satisfaction/privacy?notice=%s" % bad).status_code,
                404,
            )

    def test_withdraw_from_the_page(self):
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        token = request.sudo().access_token
        page = self._open(request)
        self.assertIn('action="/r/%s/withdraw"' % token, page.text)
        csrf = CSRF_RE.search(page.text).group(1)
        url = "/r/%s/withdraw" % token
        # a GET never withdraws (link scanners); no CSRF token, no withdrawal
        with mute_logger("odoo.http"):
            self.assertNotEqual(self.url_open(url).status_code, 200)
            refused = self.url_open(url, data={"lang": "en"}, allow_redirects=False)
            self.assertIn(refused.status_code, (400, 403))
        self.assertFalse(request.sudo().no_contact)
        done = self.url_open(url, data={"csrf_token": csrf, "lang": "en"})
        self.assertEqual(done.status_code, 200)
        self.assertIn('id="ss_withdrawn"', done.text)
        request.invalidate_recordset()
        self.assertTrue(request.sudo().no_contact)
        # unknown links: the neutral 404 page
        unknown = self.url_open(
            "/r/%s/withdraw" % ("x" * 22), data={"csrf_token": csrf}
        )
        self.assertEqual(unknown.status_code, 404)

    def test_withdraw_after_answering(self):
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        request.sudo()._record_answers(
            self._low_form(request, True), require_reason=True
        )
        page = self._open(request)  # the "already answered" page
        self.assertIn('id="ss_withdraw"', page.text)
        csrf = CSRF_RE.search(page.text).group(1)
        self.url_open(
            "/r/%s/withdraw" % request.sudo().access_token,
            data={"csrf_token": csrf},
        )
        request.invalidate_recordset()
        self.assertEqual(request.sudo().consent_ids.state, "withdrawn")
        self.assertEqual(request.sudo().consent_ids.withdrawal_channel, "web")
