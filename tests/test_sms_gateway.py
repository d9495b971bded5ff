"""The HTTP SMS gateway, tested against a fake provider over real HTTP on 127.0.0.1."""

import base64
import json
import socket
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest.mock import patch
from urllib.parse import parse_qsl, urlsplit

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from odoo.addons.iap.tools import iap_tools
from odoo.addons.mail.tests.common import MailCase
from odoo.addons.satisfaction_survey.satisfaction_survey import sms_text
from odoo.addons.sms.tests.common import SMSCase

from .common import SatisfactionCommon


class FakeGatewayHandler(BaseHTTPRequestHandler):
    """Records every request and answers with the next scripted (status, body)."""

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        server = self.server
        with server.lock:
            server.received.append(
                {
                    "method": self.command,
                    "path": self.path,
                    "headers": dict(self.headers.items()),
                    "body": body,
                }
            )
            status, answer = (
                server.answers.pop(0) if server.answers else server.default_answer
            )
        data = answer.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = _handle
    do_POST = _handle

    def log_message(self, *args):
        pass


OK_ANSWER = (200, '{"CodeResult": "100", "SMSID": "abc-1"}')


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestSmsGateway(SatisfactionCommon, MailCase, SMSCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        server = ThreadingHTTPServer(("127.0.0.1", 0), FakeGatewayHandler)
        server.daemon_threads = True
        server.lock = threading.Lock()
        server.received = []
        server.answers = []
        server.default_answer = OK_ANSWER
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        cls.addClassCleanup(server.server_close)
        cls.addClassCleanup(server.shutdown)
        cls.server = server
        cls.base_endpoint = "http://127.0.0.1:%s" % server.server_address[1]
        cls.company.name = "UBND phường Bến Nghé"
        cls.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.preferred_channel", "sms"
        )
        cls.gateway = cls.env["satisfaction.sms.gateway"].create(
            {
                "name": "Fake brandname SMS",
                "endpoint_url": cls.base_endpoint + "/api/send",
                "http_method": "post",
                "auth_type": "bearer",
                "token": "secret-token",
                "param_template": (
                    '{"Phone": "{phone}", "Content": "{message}", '
                    '"Brandname": "{brandname}", '
                    '"SmsType": 2, "RequestId": "{sms_id}"}'
                ),
                "phone_format": "international",
                "success_check": "json",
                "success_value": "CodeResult=100",
                "brandname": "UBND-BENNGHE",
                "strip_diacritics": True,
                "max_retries": 2,
                "retry_delay": 0,
            }
        )

    def setUp(self):
        super().setUp()
        with self.server.lock:
            self.server.received.clear()
            self.server.answers.clear()
            self.server.default_answer = OK_ANSWER

    # ------------------------------------------------------------
    # HELPERS
    # ------------------------------------------------------------

    def _script(self, *answers, default=None):
        with self.server.lock:
            self.server.answers.extend(answers)
            if default:
                self.server.default_answer = default

    @property
    def received(self):
        with self.server.lock:
            return list(self.server.received)

    def _return_one(self, phone="0912 345 678"):
        dossier = self._create_dossiers(1, self.unit_a, citizen_phone=phone)
        dossier.action_return()
        request = self._requests_of(dossier)
        sms = (
            self.env["sms.sms"]
            .sudo()
            .search([("satisfaction_request_id", "=", request.id)])
        )
        self.assertEqual(len(sms), 1)
        self.assertEqual(sms.state, "outgoing", "queued, sent by the SMS queue cron")
        self.assertEqual(request.sms_state, "outgoing")
        return request, sms

    def _run_queue(self):
        """The SMS queue cron's job."""
        self.env["sms.sms"].sudo()._process_queue()

    # ------------------------------------------------------------
    # SUCCESS
    # ------------------------------------------------------------

    def test_sent_through_gateway(self):
        request, sms = self._return_one()
        self.assertFalse(self.received, "nothing leaves before the queue runs")
        self._run_queue()

        self.assertEqual(len(self.received), 1)
        call = self.received[0]
        self.assertEqual(call["method"], "POST")
        self.assertEqual(call["path"], "/api/send")
        self.assertEqual(call["headers"]["Authorization"], "Bearer secret-token")
        self.assertIn("application/json", call["headers"]["Content-Type"])
        payload = json.loads(call["body"])
        self.assertEqual(payload["Phone"], "84912345678")
        self.assertEqual(payload["Brandname"], "UBND-BENNGHE")
        self.assertEqual(payload["SmsType"], 2, "non-string template values are kept")
        self.assertEqual(payload["RequestId"], sms.uuid)
        message = payload["Content"]
        self.assertIn(request.rating_url, message)
        self.assertIn(request.dossier_ref, message)
        # diacritics stripped: one GSM-7 segment
        self.assertIn("UBND phuong Ben Nghe", message)
        self.assertEqual(message, sms_text.sms_safe(sms.body))
        self.assertTrue(sms_text.is_gsm7(message))
        self.assertTrue(
            sms_text.fits_one_segment(message), sms_text.gsm7_segments(message)
        )

        self.assertEqual(
            sms.state, "pending", "accepted by the gateway (Odoo's 'Sent')"
        )
        self.assertFalse(sms.failure_type)
        self.assertTrue(sms.to_delete)
        self.assertEqual(sms.satisfaction_gateway_id, self.gateway)
        self.assertEqual(sms.satisfaction_attempts, 1)
        self.assertIn("abc-1", sms.satisfaction_response)
        self.assertEqual(request.sms_state, "sent")
        self.assertEqual(request.sms_attempts, 1)
        self.assertFalse(request.sms_error)
        self.assertEqual(request.state, "sent")

        self._run_queue()
        self.assertEqual(len(self.received), 1, "a sent SMS is never sent again")

    def test_diacritics_kept_when_not_stripped(self):
        self.gateway.strip_diacritics = False
        request, sms = self._return_one()
        self._run_queue()
        message = json.loads(self.received[0]["body"])["Content"]
        self.assertEqual(message, sms.body)
        self.assertIn("UBND phường Bến Nghé", message)
        self.assertEqual(sms_text.gsm7_segments(message).encoding, "ucs2")
        self.assertFalse(sms_text.fits_one_segment(message), "why the option exists")
        self.assertEqual(request.sms_state, "sent")

    def test_messages_fit_one_segment(self):
        """Request and reminder texts fit one SMS with a realistic portal address and
        unit name.
        """
        self.env["ir.config_parameter"].sudo().set_param(
            "web.base.url", "https://dichvucong.hochiminhcity.gov.vn"
        )
        self.company.name = "Ủy ban nhân dân phường Bến Nghé"
        request, sms = self._return_one()
        self.assertTrue(
            request.rating_url.startswith("https://dichvucong.hochiminhcity.gov.vn/r/")
        )
        for xmlid in (
            "satisfaction_survey.sms_template_rating_request",
            "satisfaction_survey.sms_template_rating_reminder",
        ):
            body = self.env.ref(xmlid)._render_field(
                "body", request.ids, compute_lang=True
            )[request.id]
            self.assertIn(request.rating_url, body)
            self.assertFalse(
                sms_text.fits_one_segment(body), "Vietnamese text needs UCS-2"
            )
            text = self.gateway._prepare_text(body)
            self.assertTrue(
                sms_text.fits_one_segment(text),
                "%s: %s" % (xmlid, sms_text.gsm7_segments(text)),
            )

    def test_form_get_with_basic_auth(self):
        self.gateway.write(
            {
                "http_method": "get",
                "auth_type": "basic",
                "username": "ubnd",
                "password": "p@ss&word",
                "param_template": "to={phone}\ntext={message}\nfrom={brandname}",
                "phone_format": "national",
                "success_check": "substring",
                "success_value": "OK",
            }
        )
        self._script((200, "OK 1 message queued"))
        request, sms = self._return_one(phone="+84 912 345 678")
        self._run_queue()
        call = self.received[0]
        self.assertEqual(call["method"], "GET")
        url = urlsplit(call["path"])
        self.assertEqual(url.path, "/api/send")
        params = dict(parse_qsl(url.query))
        self.assertEqual(params["to"], "0912345678")
        self.assertEqual(params["from"], "UBND-BENNGHE")
        self.assertEqual(
            params["text"], sms_text.sms_safe(sms.body), "URL-encoded, decoded intact"
        )
        expected = "Basic " + base64.b64encode(b"ubnd:p@ss&word").decode()
        self.assertEqual(call["headers"]["Authorization"], expected)
        self.assertEqual(request.sms_state, "sent")

    def test_form_post_with_api_key_header(self):
        self.gateway.write(
            {
                "auth_type": "api_key",
                "api_key_header": "X-Api-Key",
                "token": "k-123",
                "param_template": "phone={phone}&content={message}",
                "phone_format": "e164",
                "success_check": "status",
            }
        )
        self._script((202, ""))
        request, sms = self._return_one()
        self._run_queue()
        call = self.received[0]
        self.assertEqual(call["headers"]["X-Api-Key"], "k-123")
        self.assertNotIn("Authorization", call["headers"])
        self.assertIn(
            "application/x-www-form-urlencoded", call["headers"]["Content-Type"]
        )
        form = dict(parse_qsl(call["body"].decode()))
        self.assertEqual(form["phone"], "+84912345678")
        self.assertIn(request.rating_url, form["content"])
        self.assertEqual(request.sms_state, "sent")

    # ------------------------------------------------------------
    # FAILURES AND RETRIES
    # ------------------------------------------------------------

    def test_error_retried_then_shown_on_request(self):
        self._script(default=(500, '{"error": "upstream down"}'))
        request, sms = self._return_one()
        Trigger = self.env["ir.cron.trigger"].sudo()
        sms_cron = self.env.ref("sms.ir_cron_sms_scheduler_action")

        self._run_queue()
        self.assertEqual(len(self.received), 1)
        self.assertEqual(sms.state, "outgoing", "kept in the queue for a retry")
        self.assertEqual(sms.satisfaction_attempts, 1)
        self.assertTrue(sms.satisfaction_next_attempt)
        self.assertTrue(
            Trigger.search([("cron_id", "=", sms_cron.id)]),
            "the queue cron is woken up for the retry",
        )
        self.assertEqual(request.sms_state, "outgoing")
        self.assertIn("HTTP 500", request.sms_error)

        self._run_queue()  # retry 1
        self.assertEqual(len(self.received), 2)
        self.assertEqual(sms.state, "outgoing")
        self._run_queue()  # retry 2 = max_retries: final
        self.assertEqual(len(self.received), 3)
        self.assertEqual(sms.state, "error")
        self.assertEqual(sms.failure_type, "sms_server")
        self.assertEqual(sms.satisfaction_attempts, 3)
        self.assertFalse(sms.to_delete, "failed SMS stay visible")
        self.assertEqual(request.sms_state, "error")
        self.assertEqual(request.sms_attempts, 3)
        self.assertIn("HTTP 500", request.sms_error)
        self.assertIn("upstream down", request.sms_error)

        self._run_queue()
        self.assertEqual(
            len(self.received), 3, "bounded: no attempt after the last retry"
        )

    def test_retry_waits_for_its_delay(self):
        self.gateway.retry_delay = 10
        self._script((500, "busy"))
        request, sms = self._return_one()
        before = fields.Datetime.now()
        self._run_queue()
        self.assertAlmostEqual(
            sms.satisfaction_next_attempt,
            before + timedelta(minutes=10),
            delta=timedelta(seconds=30),
        )
        trigger = (
            self.env["ir.cron.trigger"]
            .sudo()
            .search(
                [("cron_id", "=", self.env.ref("sms.ir_cron_sms_scheduler_action").id)],
                order="call_at desc",
                limit=1,
            )
        )
        self.assertAlmostEqual(
            trigger.call_at, sms.satisfaction_next_attempt, delta=timedelta(seconds=1)
        )
        self._run_queue()
        self.assertEqual(len(self.received), 1, "not retried before its time")
        sms.satisfaction_next_attempt = fields.Datetime.now() - timedelta(seconds=1)
        self._run_queue()
        self.assertEqual(len(self.received), 2)
        self.assertEqual(sms.state, "pending")
        self.assertEqual(request.sms_state, "sent")
        self.assertEqual(request.sms_attempts, 2)
        self.assertFalse(
            request.sms_error, "the error of a failed attempt is cleared by the success"
        )

    def test_json_check_rejects_provider_error(self):
        self.gateway.max_retries = 0
        self._script(
            (200, '{"CodeResult": "99", "ErrorMessage": "Brandname not registered"}')
        )
        request, sms = self._return_one()
        self._run_queue()
        self.assertEqual(sms.state, "error")
        self.assertEqual(request.sms_state, "error")
        self.assertIn("CodeResult=99", request.sms_error)
        self.assertIn("Brandname not registered", request.sms_error)

    def test_unreachable_gateway(self):
        with socket.socket() as sock:  # a port nobody listens on
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.gateway.write(
            {"endpoint_url": "http://127.0.0.1:%s/send" % port, "max_retries": 0}
        )
        request, sms = self._return_one()
        self._run_queue()
        self.assertEqual(sms.state, "error")
        self.assertEqual(request.sms_state, "error")
        self.assertRegex(request.sms_error, "unreachable|Không kết nối được")

    # ------------------------------------------------------------
    # NO GATEWAY, SETTINGS, ACCESS
    # ------------------------------------------------------------

    def test_without_gateway_iap_only_when_enabled(self):
        """IAP enabled in the settings (tests/common.py): Odoo's SMS is used."""
        self.gateway.active = False
        with self.mockSMSGateway():
            request, sms = self._return_one()
            self._run_queue()
        self.assertFalse(self.received)
        self.assertSMSIapSent(["+84912345678"], content=request.rating_url)
        self.assertEqual(
            request.sms_state, "sent", "IAP results are copied onto the request too"
        )

    def test_without_gateway_nor_iap_nothing_leaves(self):
        self.gateway.active = False
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.sms_iap", "False"
        )
        with patch.object(iap_tools, "iap_jsonrpc") as iap_call:
            dossier = self._create_dossiers(1, self.unit_a, citizen_phone="0912345678")
            dossier.action_return()
            self._run_queue()
        self.assertFalse(iap_call.called, "nothing goes to Odoo's IAP service")
        self.assertFalse(self.received)
        request = self._requests_of(dossier)
        self.assertFalse(self._sms_of(request))
        self.assertEqual(request.state, "pending")
        self.assertEqual(request.sms_state, "error")
        self.assertIn("No SMS provider configured", request.contact_error)

    # ------------------------------------------------------------
    # FALLBACK TO E-MAIL, REPLIES
    # ------------------------------------------------------------

    def _sms_of(self, requests):
        return (
            self.env["sms.sms"]
            .sudo()
            .search([("satisfaction_request_id", "in", requests.ids)])
        )

    def _run_mail_queue(self):
        self.env["mail.mail"].sudo().process_email_queue()

    def test_failed_sms_falls_back_to_email_once(self):
        self.gateway.max_retries = 0
        self._script(default=(500, '{"error": "upstream down"}'))
        dossier = self._create_dossiers(
            1, self.unit_a, citizen_phone="0912345678", citizen_email="dan@example.com"
        )
        dossier.action_return()
        request = self._requests_of(dossier)
        self.assertEqual((request.channel, request.sms_state), ("sms", "outgoing"))
        with self.mock_mail_gateway():
            self._run_queue()
            self.assertEqual(len(self.received), 1)
            self.assertEqual(request.sms_state, "error", "shown as failed")
            self.assertIn("HTTP 500", request.sms_error)
            self.assertEqual(request.channel, "email")
            self.assertEqual(request.email_state, "outgoing")
            self.assertFalse(self._mails, "the e-mail waits for the mail queue")
            self._run_mail_queue()
            self._run_queue()
            self._run_mail_queue()
        self.assertEqual(len(self.received), 1, "the SMS is not tried again")
        self.assertEqual(len(self._mails), 1, "one e-mail: no loop")
        self.assertIn("dan@example.com", str(self._mails[0]["email_to"]))
        self.assertIn(request.rating_url, self._mails[0]["body"])
        self.assertEqual(request.email_state, "sent")
        self.assertEqual(request.state, "sent")
        self.assertFalse(request.contact_error)

    def _low_rated_followup(self, **dossier_vals):
        dossier = self._create_dossiers(1, self.unit_a, **dossier_vals)
        dossier.action_return()
        request = self._requests_of(dossier)
        form = self._build_form(request, 2)
        form.update(reason="Hẹn trả sai ngày", contact_consent="1")
        request.sudo()._record_answers(form, require_reason=True)
        followup = (
            self.env["satisfaction.followup"]
            .sudo()
            .search([("request_id", "=", request.id)])
        )
        self.assertEqual(len(followup), 1)
        followup.reply_sent = "Bộ phận xin lỗi Ông/Bà."
        return followup

    def _log_bodies(self, followup):
        return [str(message.body) for message in followup.message_ids]

    def test_reply_logged_with_its_real_outcome(self):
        followup = self._low_rated_followup(citizen_phone="0912345678")
        self._run_queue()  # the rating request's SMS
        with self.server.lock:
            self.server.received.clear()
        followup.action_send_reply()
        self.assertEqual(
            (followup.reply_channel, followup.reply_state), ("sms", "outgoing")
        )
        self.assertFalse(followup.date_reply_sent, "not sent yet")
        logged = " ".join(self._log_bodies(followup))
        self.assertIn("queued", logged)
        self.assertNotIn("Reply sent", logged)
        self._run_queue()
        self.assertEqual(len(self.received), 1)
        self.assertIn(
            sms_text.sms_safe("Bộ phận xin lỗi Ông/Bà."),
            json.loads(self.received[0]["body"])["Content"],
        )
        self.assertEqual(followup.reply_state, "sent")
        self.assertTrue(followup.date_reply_sent)
        self.assertIn(
            "Reply sent to the citizen by SMS.", self._log_bodies(followup)[0]
        )

    def test_failed_reply_falls_back_to_email(self):
        self.gateway.max_retries = 0
        followup = self._low_rated_followup(
            citizen_phone="0912345678", citizen_email="dan@example.com"
        )
        self._run_queue()  # the rating request's SMS
        self._script(default=(500, "down"))
        with self.mock_mail_gateway():
            followup.action_send_reply()
            self._run_queue()
            self.assertEqual(followup.reply_channel, "email")
            self.assertEqual(followup.reply_state, "outgoing")
            self.assertIn("The reply by SMS failed", self._log_bodies(followup)[0])
            self._run_mail_queue()
            self._run_queue()
        self.assertEqual(len(self._mails), 1)
        self.assertIn("dan@example.com", str(self._mails[0]["email_to"]))
        self.assertIn("Bộ phận xin lỗi Ông/Bà.", self._mails[0]["body"])
        self.assertEqual(followup.reply_state, "sent")
        self.assertIn(
            "Reply sent to the citizen by E-mail.", self._log_bodies(followup)[0]
        )

        # no e-mail address: the failure is logged, nothing pretends success
        other = self._low_rated_followup(citizen_phone="0912345679")
        self._run_queue()
        other.action_send_reply()
        self._run_queue()
        self.assertEqual(other.reply_state, "error")
        self.assertIn("HTTP 500", other.reply_error)
        self.assertFalse(other.date_reply_sent)
        self.assertIn("The reply by SMS failed", self._log_bodies(other)[0])

    def test_test_button(self):
        self.gateway.test_phone = "0987 654 321"
        action = self.gateway.action_test()
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn("GSM7", action["params"]["message"])
        payload = json.loads(self.received[0]["body"])
        self.assertEqual(payload["Phone"], "84987654321")
        self.assertTrue(sms_text.is_gsm7(payload["Content"]))
        self._script((500, "no"))
        self.assertEqual(self.gateway.action_test()["params"]["type"], "danger")

    def test_configuration_is_checked(self):
        with self.assertRaises(ValidationError):
            self.gateway.param_template = '{"Phone": "{phone}"}'  # no {message}
        with self.assertRaises(ValidationError):
            self.gateway.param_template = (
                "to={phone}\ntext={message}\nsecret={api_secret}"
            )
        with self.assertRaises(ValidationError):
            self.gateway.param_template = '{"to": "{phone}", "text": "{message}"'
        with self.assertRaises(ValidationError):
            self.gateway.write({"success_check": "json", "success_value": "CodeResult"})
        with self.assertRaises(ValidationError):
            self.gateway.endpoint_url = "ftp://127.0.0.1/"

    def test_only_managers_see_gateways_and_credentials(self):
        for user in (self.user_officer_a, self.user_leader_a, self.user_reviewer):
            with self.assertRaises(AccessError):
                self.gateway.with_user(user).read(["name"])
        manager_gateway = self.gateway.with_user(self.user_manager)
        self.assertEqual(manager_gateway.token, "secret-token")
        for name in ("username", "password", "token"):
            self.assertEqual(
                self.gateway._fields[name].groups,
                "satisfaction_survey.group_satisfaction_manager",
            )
