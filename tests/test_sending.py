from contextlib import contextmanager
from datetime import datetime
from unittest.mock import patch

import requests

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.iap.tools import iap_tools
from odoo.addons.mail.tests.common import MailCase
from odoo.addons.sms.tests.common import SMSCase

from .common import SatisfactionCommon


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestSending(SatisfactionCommon, MailCase, SMSCase):
    """The link reaches the citizen by SMS or e-mail; the gateways are mocked."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.no_partner = cls.env["res.partner"]
        cls.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.auto_send", "True"
        )

    def _set_preferred(self, channel):
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.preferred_channel", channel
        )

    def _return_one(self, **vals):
        dossier = self._create_dossiers(1, self.unit_a, **vals)
        dossier.action_return()
        return self._requests_of(dossier)

    def _mails_to(self, email):
        return self._new_mails.filtered(lambda m: m.email_to == email)

    # ------------------------------------------------------------
    # CHANNEL CHOICE
    # ------------------------------------------------------------

    def test_sms_preferred(self):
        self._set_preferred("sms")
        with self.mockSMSGateway(), self.mock_mail_gateway():
            request = self._return_one(
                citizen_phone="0912 345 678", citizen_email="dan@example.com"
            )
        self.assertEqual(request.state, "sent")
        self.assertEqual(request.channel, "sms")
        self.assertEqual(request.send_count, 1)
        self.assertTrue(request.date_sent)
        self.assertEqual(len(self._new_sms), 1)
        self.assertSMSOutgoing(
            self.no_partner, "+84912345678", content=f"/r/{request.access_token}"
        )
        self.assertIn(request.rating_url, self._new_sms.body)
        self.assertIn(request.dossier_ref, self._new_sms.body)
        self.assertFalse(self._new_mails, "one channel only")
        # queued for the SMS cron, never sent inline
        self.assertEqual(self._sms, [])

    def test_email_preferred(self):
        self._set_preferred("email")
        with self.mockSMSGateway(), self.mock_mail_gateway():
            request = self._return_one(
                citizen_phone="0912345678", citizen_email="dan@example.com"
            )
        self.assertEqual(request.state, "sent")
        self.assertEqual(request.channel, "email")
        mail = self._find_mail_mail_wemail("dan@example.com", "outgoing")
        self.assertEqual(len(self._new_mails), 1)
        self.assertIn(f"/r/{request.access_token}", mail.body_html)
        self.assertIn(request.rating_url, mail.body_html)
        self.assertIn(request.dossier_ref, mail.subject)
        self.assertEqual(mail.model, "satisfaction.request")
        self.assertEqual(mail.res_id, request.id)
        self.assertFalse(mail.recipient_ids, "no partner is created for the citizen")
        self.assertFalse(self._new_sms)

    def test_email_in_citizen_language(self):
        """vi_VN: the mail is rendered in Vietnamese (dates dd/mm/yyyy).

        en_US: mm/dd/yyyy.
        """
        self.assertTrue(
            self.env["res.lang"]._lang_get("vi_VN"), "the test database loads vi_VN"
        )
        self.env["res.lang"]._activate_lang("en_US")
        self._set_preferred("email")
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.auto_send", "False"
        )
        request_vi = self._return_one(
            citizen_phone=False, citizen_email="vi@example.com"
        )
        request_en = self._return_one(
            citizen_phone=False, citizen_email="en@example.com"
        )
        self.assertEqual(
            request_vi.lang, "vi_VN", "Vietnamese is the default language of requests"
        )
        request_en.lang = "en_US"
        (request_vi | request_en).write({"expiry_date": datetime(2030, 12, 25, 3, 0)})
        with self.mock_mail_gateway():
            (request_vi | request_en).action_send()
        mail_vi = self._find_mail_mail_wemail("vi@example.com", "outgoing")
        mail_en = self._find_mail_mail_wemail("en@example.com", "outgoing")
        self.assertIn("25/12/2030", mail_vi.body_html)
        self.assertIn("12/25/2030", mail_en.body_html)
        self.assertIn(request_vi.rating_url, mail_vi.body_html)
        self.assertIn(request_en.rating_url, mail_en.body_html)

    def test_email_only(self):
        self._set_preferred("sms")
        with self.mockSMSGateway(), self.mock_mail_gateway():
            request = self._return_one(
                citizen_phone=False, citizen_email="only.mail@example.com"
            )
        self.assertEqual(request.channel, "email")
        self.assertEqual(request.state, "sent")
        mail = self._find_mail_mail_wemail("only.mail@example.com", "outgoing")
        self.assertIn(request.rating_url, mail.body_html)
        self.assertFalse(self._new_sms)

    def test_phone_only(self):
        self._set_preferred("email")
        with self.mockSMSGateway(), self.mock_mail_gateway():
            request = self._return_one(
                citizen_phone="+84 98 765 4321", citizen_email=False
            )
        self.assertEqual(request.channel, "sms")
        self.assertEqual(request.state, "sent")
        self.assertSMSOutgoing(
            self.no_partner, "+84987654321", content=request.rating_url
        )
        self.assertFalse(self._new_mails)

    def test_sms_text_as_odoo_renders_it(self):
        """The SMS of a batch read the template once per language: each text is
        what Odoo's rendering of the template gives, in the request's language,
        with default values, and for expressions that are not field paths."""
        template = self.env.ref("satisfaction_survey.sms_template_rating_request")
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.auto_send", "False"
        )
        self.env["res.lang"]._activate_lang("en_US")
        _dossiers, requests = self._return_dossiers(4, self.unit_a)
        requests = requests.sudo()
        requests[:2].lang = "en_US"
        requests[2:].lang = "vi_VN"
        (requests[1] | requests[3]).citizen_name = False
        template.with_context(lang="en_US").body = (
            "{{ object.company_id.name }}: {{ object.contact_error ||| no error }} "
            "{x} {{ object.citizen_name ||| friend }} {{ object.rating_url }}"
        )
        template.with_context(lang="vi_VN").body = (
            "{{ object.company_id.name }}: hồ sơ {{ object.dossier_ref }} "
            "{{ object.unit_id.name }} {{ object.rating_url }}"
        )
        template = template.sudo()

        def odoo_texts():
            return template._render_field("body", requests.ids, compute_lang=True)

        bodies = requests._sms_bodies(template)
        self.assertEqual(bodies, odoo_texts())
        self.assertIn(requests[0].citizen_name, bodies[requests[0].id])
        self.assertIn("no error", bodies[requests[1].id])
        self.assertIn("{x} friend", bodies[requests[1].id])
        self.assertIn("hồ sơ", bodies[requests[2].id])
        self.assertIn(self.unit_a.name, bodies[requests[3].id])
        for request in requests:
            self.assertIn(request.rating_url, bodies[request.id])
        # an expression that is not a field path: Odoo renders that language
        template.with_context(
            lang="en_US"
        ).body = "{{ (object.dossier_ref or 'x').lower() }} {{ object.rating_url }}"
        bodies = requests._sms_bodies(template)
        self.assertEqual(bodies, odoo_texts())
        self.assertIn(requests[0].dossier_ref.lower(), bodies[requests[0].id])
        # no language on the template: the current one
        template.lang = False
        self.assertEqual(requests._sms_bodies(template), odoo_texts())

    def test_landline_is_not_texted(self):
        """A landline cannot receive the SMS.

        E-mail when there is one, else a contact error.
        """
        self._set_preferred("sms")
        with self.mockSMSGateway(), self.mock_mail_gateway():
            with_mail = self._return_one(
                citizen_phone="024 3823 4567", citizen_email="ll@example.com"
            )
            landline_only = self._return_one(
                citizen_phone="024 3823 4567", citizen_email=False
            )
        self.assertEqual(with_mail.channel, "email")
        self._find_mail_mail_wemail("ll@example.com", "outgoing")
        self.assertEqual(landline_only.state, "pending")
        self.assertTrue(landline_only.contact_error)
        self.assertFalse(self._new_sms)

    def test_no_contact(self):
        with self.mockSMSGateway(), self.mock_mail_gateway():
            request = self._return_one(citizen_phone="không có", citizen_email=False)
        self.assertEqual(request.state, "pending")
        self.assertFalse(request.channel)
        self.assertTrue(request.contact_error)
        self.assertEqual(request.send_count, 0)
        self.assertFalse(self._new_sms)
        self.assertFalse(self._new_mails)

    def test_contact_fixed_then_sent(self):
        with self.mockSMSGateway():
            request = self._return_one(citizen_phone=False, citizen_email=False)
            self.assertTrue(request.contact_error)
            request.citizen_phone = "0912000111"
            request.action_send()
        self.assertEqual(request.state, "sent")
        self.assertFalse(request.contact_error, "the error is cleared once sent")
        self.assertSMSOutgoing(
            self.no_partner, "+84912000111", content=request.rating_url
        )

    def test_mixed_batch(self):
        self._set_preferred("sms")
        dossiers = self._create_dossiers(1, self.unit_a, citizen_phone="0912111222")
        dossiers |= self._create_dossiers(
            1, self.unit_a, citizen_phone=False, citizen_email="b@example.com"
        )
        dossiers |= self._create_dossiers(
            1, self.unit_a, citizen_phone=False, citizen_email=False
        )
        with self.mockSMSGateway(), self.mock_mail_gateway():
            dossiers.action_return()
        by_dossier = {r.res_id: r for r in self._requests_of(dossiers)}
        sms_req, mail_req, none_req = (by_dossier[d.id] for d in dossiers)
        self.assertEqual(
            (sms_req.channel, mail_req.channel, none_req.channel),
            ("sms", "email", False),
        )
        self.assertEqual(
            (sms_req.state, mail_req.state, none_req.state), ("sent", "sent", "pending")
        )
        self.assertEqual(len(self._new_sms), 1)
        self.assertEqual(len(self._new_mails), 1)

    # ------------------------------------------------------------
    # RESEND / CLOSED / RIGHTS
    # ------------------------------------------------------------

    def test_resend(self):
        with self.mockSMSGateway():
            request = self._return_one(citizen_phone="0912345679")
            self.assertEqual(request.send_count, 1)
            request.action_send()
        self.assertEqual(request.send_count, 2)
        self.assertEqual(request.state, "sent")
        self.assertEqual(len(self._new_sms), 2, "another message is queued")
        self.assertEqual(set(self._new_sms.mapped("number")), {"+84912345679"})

    def test_send_closed_request(self):
        with self.mockSMSGateway():
            request = self._return_one()
        self._answer(request)
        with self.mockSMSGateway(), self.assertRaises(UserError):
            request.action_send()
        self.assertFalse(self._new_sms)
        self.assertEqual(request.send_count, 1)

        with self.mockSMSGateway():
            other = self._return_one()
            other.action_cancel()
        self.assertEqual(other.state, "cancelled")
        with self.assertRaises(UserError):
            other.action_send()

    def test_officer_sends_without_seeing_token(self):
        with self.mockSMSGateway():
            request = self._return_one(citizen_phone="0912345670")
        request_officer = request.with_user(self.user_officer_a)
        request_officer.invalidate_recordset()
        with self.assertRaises(AccessError):
            request_officer.read(["access_token"])
        with self.assertRaises(AccessError):
            request_officer.read(["rating_url"])
        with self.mockSMSGateway():
            request_officer.action_send()
        self.assertEqual(request.send_count, 2)
        self.assertSMSOutgoing(
            self.no_partner, "+84912345670", content=f"/r/{request.access_token}"
        )

        # but not on another unit's request
        with self.mockSMSGateway():
            dossier_b = self._create_dossiers(1, self.unit_b)
            dossier_b.action_return()
        request_b = self._requests_of(dossier_b)
        with self.mockSMSGateway(), self.assertRaises(AccessError):
            request_b.with_user(self.user_officer_a).action_send()

    def test_officer_dossier_button(self):
        """The dossier's button as an officer: resends the existing request."""
        with self.mockSMSGateway():
            dossier = self._create_dossiers(
                1, self.unit_a, env=self.env(user=self.user_officer_a)
            )
            dossier.action_return()
            dossier.action_send_rating_request()
        request = self._requests_of(dossier)
        self.assertEqual(len(request), 1)
        self.assertEqual(request.send_count, 2)
        self.assertEqual(len(self._new_sms), 2)

    # ------------------------------------------------------------
    # PROVIDER CHOICE AND REAL DELIVERY
    # ------------------------------------------------------------

    def _disable_iap(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.sms_iap", "False"
        )
        self.env["satisfaction.sms.gateway"].sudo().search([]).active = False

    @contextmanager
    def _assert_nothing_leaves(self):
        """Neither Odoo's IAP service nor any HTTP server is called."""
        with (
            patch.object(iap_tools, "iap_jsonrpc") as iap_call,
            patch.object(requests.Session, "send") as http_send,
        ):
            yield
        self.assertFalse(iap_call.called, "nothing goes to Odoo's IAP service")
        self.assertFalse(http_send.called, "no HTTP request at all")

    def _run_queues(self):
        """The SMS and mail queue crons' jobs."""
        self.env["sms.sms"].sudo()._process_queue()
        self.env["mail.mail"].sudo().process_email_queue()

    def _sms_of(self, requests):
        return (
            self.env["sms.sms"]
            .sudo()
            .search([("satisfaction_request_id", "in", requests.ids)])
        )

    def test_iap_is_off_by_default(self):
        self._disable_iap()
        self.env["ir.config_parameter"].sudo().search(
            [("key", "=", "satisfaction_survey.sms_iap")]
        ).unlink()
        self.assertFalse(self.env["sms.sms"]._satisfaction_provider())
        settings = self.env["res.config.settings"].create({})
        self.assertFalse(settings.satisfaction_sms_iap)
        settings.satisfaction_sms_iap = True
        settings.execute()
        self.assertEqual(self.env["sms.sms"]._satisfaction_provider(), "iap")

    def test_no_provider_nothing_leaves(self):
        """No gateway and IAP not enabled: no SMS, the e-mail is used."""
        self._disable_iap()
        self._set_preferred("sms")
        with self._assert_nothing_leaves(), self.mock_mail_gateway():
            both = self._return_one(
                citizen_phone="0912 345 678", citizen_email="dan@example.com"
            )
            phone_only = self._return_one(
                citizen_phone="0912 345 679", citizen_email=False
            )
            self.assertFalse(self._mails, "nothing sent inside the return click")
            self._run_queues()
        self.assertFalse(self._sms_of(both | phone_only), "no SMS is even queued")
        self.assertEqual(both.sms_state, "error")
        self.assertEqual(both.sms_error, "No SMS provider configured")
        self.assertEqual(both.channel, "email")
        self.assertEqual(both.email_state, "sent", "sent by the mail queue")
        self.assertEqual(len(self._mails), 1)
        self.assertIn("dan@example.com", str(self._mails[0]["email_to"]))
        self.assertIn(both.rating_url, self._mails[0]["body"])

        self.assertEqual(phone_only.state, "pending")
        self.assertFalse(phone_only.channel)
        self.assertEqual(phone_only.sms_state, "error")
        self.assertIn("No SMS provider configured", phone_only.contact_error)

    def test_queued_sms_not_sent_once_provider_removed(self):
        """An SMS queued while IAP was on, IAP off before the cron: it fails
        with the reason and the e-mail is used instead.
        """
        self._set_preferred("sms")
        request = self._return_one(
            citizen_phone="0912 345 678", citizen_email="dan@example.com"
        )
        sms = self._sms_of(request)
        self.assertEqual((request.channel, request.sms_state), ("sms", "outgoing"))
        self._disable_iap()
        with self._assert_nothing_leaves(), self.mock_mail_gateway():
            self._run_queues()
            self._run_queues()
        self.assertEqual(sms.state, "error")
        self.assertEqual(sms.failure_type, "satisfaction_no_provider")
        self.assertEqual(request.sms_state, "error")
        self.assertIn("No SMS provider configured", request.sms_error)
        self.assertEqual(request.channel, "email")
        self.assertEqual(request.email_state, "sent")
        self.assertEqual(len(self._mails), 1, "one fallback e-mail, once")
        self.assertEqual(request.state, "sent")

    def test_iap_enabled_reports_real_outcome(self):
        """With IAP explicitly enabled: sent in the queue, its answer copied."""
        self._set_preferred("sms")
        with self.mockSMSGateway(), self.mock_mail_gateway():
            request = self._return_one(citizen_phone="0912345678")
            self.assertEqual(self._sms, [], "not sent inside the return click")
            self.assertEqual(request.sms_state, "outgoing")
            self._run_queues()
        self.assertSMSIapSent(["+84912345678"], content=request.rating_url)
        self.assertEqual(request.sms_state, "sent")

        with self.mockSMSGateway(force_delivered=True):
            delivered = self._return_one(citizen_phone="0912345677")
            self._run_queues()
        self.assertEqual(delivered.sms_state, "delivered")

    def test_iap_failure_falls_back_to_email(self):
        self._set_preferred("sms")
        with (
            self.mockSMSGateway(sim_error="wrong_number_format"),
            self.mock_mail_gateway(),
        ):
            request = self._return_one(
                citizen_phone="0912345678", citizen_email="dan@example.com"
            )
            without_email = self._return_one(citizen_phone="0912345676")
            self._run_queues()
        self.assertEqual(request.sms_state, "error")
        self.assertEqual(request.sms_error, "Wrong Number Format")
        self.assertEqual(request.channel, "email")
        self.assertEqual(request.email_state, "sent")
        self.assertEqual(len(self._mails), 1)
        self.assertIn("dan@example.com", str(self._mails[0]["email_to"]))
        self.assertEqual(without_email.state, "pending", "no longer shown as sent")
        self.assertEqual(without_email.sms_state, "error")
        self.assertIn("Wrong Number Format", without_email.contact_error)

    def test_failed_email_is_shown(self):
        self._set_preferred("email")
        with self.mock_mail_gateway():
            request = self._return_one(
                citizen_phone=False, citizen_email="x@example.com"
            )
            self.assertEqual((request.state, request.email_state), ("sent", "outgoing"))
            self.send_email_mocked.side_effect = Exception("Mailbox unavailable")
            with mute_logger("odoo.addons.mail.models.mail_mail"):
                self._run_queues()
        self.assertEqual(request.email_state, "error")
        self.assertIn("Mailbox unavailable", request.email_error)
        self.assertEqual(request.state, "pending")
        self.assertIn("Mailbox unavailable", request.contact_error)
