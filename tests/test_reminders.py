from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.mail.tests.common import MailCase
from odoo.addons.sms.tests.common import SMSCase

from .common import SatisfactionCommon


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestReminders(SatisfactionCommon, MailCase, SMSCase):
    """Unanswered requests get at most N reminders, by their channel, then expire."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        icp = cls.env["ir.config_parameter"].sudo()
        icp.set_param("satisfaction_survey.reminder_delay_days", "3")
        icp.set_param("satisfaction_survey.reminder_max", "2")
        cls.Request = cls.env["satisfaction.request"]

    def _sent_request(self, days_ago=4, channel="sms", **vals):
        """A request sent ``days_ago`` days ago by ``channel``."""
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.preferred_channel", channel
        )
        if channel == "email":
            vals.setdefault(
                "citizen_email", "dan%s@example.com" % self._next_phone()[-4:]
            )
        dossier = self._create_dossiers(1, self.unit_a, **vals)
        with self.mockSMSGateway(), self.mock_mail_gateway():
            dossier.action_return()
        request = self._requests_of(dossier)
        self.assertEqual((request.state, request.channel), ("sent", channel))
        self._age(request, days_ago)
        return request

    def _age(self, requests, days, field="date_sent"):
        requests.write({field: fields.Datetime.now() - timedelta(days=days)})

    def _run_cron(self):
        with self.mockSMSGateway(), self.mock_mail_gateway():
            count = self.Request._cron_send_reminders()
        return count

    # ------------------------------------------------------------

    def test_sms_reminder_then_idempotent(self):
        request = self._sent_request(days_ago=4)
        self.assertEqual(self._run_cron(), 1)
        self.assertEqual(len(self._new_sms), 1)
        sms = self._new_sms
        self.assertEqual(sms.number, "+84" + request.citizen_phone[1:])
        self.assertRegex(
            sms.body, "reminder|nhắc", "the reminder wording, in the citizen's language"
        )
        self.assertIn(request.rating_url, sms.body)
        self.assertEqual(
            sms.satisfaction_request_id,
            request,
            "its delivery is tracked on the request",
        )
        self.assertFalse(
            self._new_mails, "by the channel that reached the citizen only"
        )
        self.assertEqual(request.reminder_count, 1)
        self.assertTrue(request.date_last_reminder)
        self.assertEqual(request.send_count, 1, "a reminder is not a new sending")
        self.assertEqual(request.sms_state, "outgoing")

        # running again at once sends nothing
        self.assertEqual(self._run_cron(), 0)
        self.assertFalse(self._new_sms)
        self.assertEqual(request.reminder_count, 1)

    def test_email_reminder(self):
        request = self._sent_request(
            days_ago=3, channel="email", citizen_phone="0912 000 111"
        )
        self.assertEqual(self._run_cron(), 1)
        self.assertFalse(
            self._new_sms, "the phone number did not reach the citizen: e-mail did"
        )
        mail = self._find_mail_mail_wemail(request.citizen_email, "outgoing")
        self.assertRegex(mail.subject, "Reminder|Nhắc lại")
        self.assertIn(request.dossier_ref, mail.subject)
        self.assertIn(request.rating_url, mail.body_html)
        self.assertEqual(request.reminder_count, 1)
        self.assertEqual(self._run_cron(), 0)
        self.assertFalse(self._new_mails)

    def test_at_most_n_reminders_then_expiry(self):
        request = self._sent_request(days_ago=10)
        for expected in (1, 2):
            self.assertEqual(self._run_cron(), 1)
            self.assertEqual(request.reminder_count, expected)
            self.assertEqual(self._run_cron(), 0, "not twice in a row")
            self._age(request, 3, "date_last_reminder")
        self.assertEqual(self._run_cron(), 0, "at most reminder_max reminders")
        self.assertEqual(request.reminder_count, 2)
        request.expiry_date = fields.Datetime.now() - timedelta(minutes=1)
        self.Request._cron_expire()
        self.assertEqual(request.state, "expired")

    def test_delay_counts_from_last_sending(self):
        request = self._sent_request(days_ago=2)
        self.assertEqual(self._run_cron(), 0, "not before the delay")
        self._age(request, 3)
        # the officer sent the link again by hand: the delay starts again
        with self.mockSMSGateway():
            request.action_send()
        self.assertEqual(self._run_cron(), 0)
        self._age(request, 3)
        self.assertEqual(self._run_cron(), 1)

    def test_delay_setting(self):
        request = self._sent_request(days_ago=4)
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.reminder_delay_days", "5"
        )
        self.assertEqual(self._run_cron(), 0)
        self._age(request, 5)
        self.assertEqual(self._run_cron(), 1)

    def test_only_open_reachable_requests(self):
        answered = self._sent_request()
        self._answer(answered)
        cancelled = self._sent_request()
        cancelled.action_cancel()
        past_expiry = self._sent_request()
        past_expiry.expiry_date = fields.Datetime.now() - timedelta(hours=1)
        unreachable = self._sent_request()
        unreachable.citizen_phone = False
        never_sent = self._create_dossiers(
            1, self.unit_a, citizen_phone=False, citizen_email=False
        )
        never_sent.action_return()
        never_sent = self._requests_of(never_sent)
        self.assertEqual(never_sent.state, "pending")
        never_sent.date_sent = fields.Datetime.now() - timedelta(days=5)
        due = self._sent_request()

        self.assertEqual(self._run_cron(), 1)
        self.assertEqual(self._new_sms.satisfaction_request_id, due)
        for request in (answered, cancelled, past_expiry, unreachable, never_sent):
            self.assertEqual(request.reminder_count, 0, request.dossier_ref)
        self.assertTrue(
            unreachable.date_last_reminder, "looked at again only after the delay"
        )
        self.assertEqual(self._run_cron(), 0)

    def test_no_reminders_when_max_is_zero(self):
        self._sent_request(days_ago=10)
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.reminder_max", "0"
        )
        self.assertEqual(self._run_cron(), 0)
        self.assertFalse(self._new_sms)

    def test_batch(self):
        requests = self.Request
        for _i in range(5):
            requests |= self._sent_request(days_ago=5)
        self.assertEqual(self._run_cron(), 5)
        self.assertEqual(len(self._new_sms), 5)
        self.assertEqual(set(requests.mapped("reminder_count")), {1})
        self.assertEqual(self._run_cron(), 0)

    def test_settings(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.satisfaction_reminder_max, 2)
        self.assertEqual(settings.satisfaction_reminder_delay_days, 3)
        settings.write(
            {"satisfaction_reminder_max": 0, "satisfaction_reminder_delay_days": 7}
        )
        settings.execute()
        icp = self.env["ir.config_parameter"].sudo()
        self.assertEqual(
            icp.get_param("satisfaction_survey.reminder_max"),
            "0",
            "0 is kept, not reset to 2",
        )
        self.assertEqual(icp.get_param("satisfaction_survey.reminder_delay_days"), "7")
        self.assertEqual(self.Request._reminder_settings(), (7, 0))
        self.assertEqual(
            self.env["res.config.settings"].create({}).satisfaction_reminder_max, 0
        )

    def test_cron_is_registered(self):
        cron = self.env.ref("satisfaction_survey.ir_cron_satisfaction_request_remind")
        self.assertTrue(cron.active)
        self.assertEqual(cron.code.strip(), "model._cron_send_reminders()")
