import base64
import re
import socket

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.satisfaction_survey.satisfaction_survey import qr

from .common import SatisfactionCommon

REPORT = "satisfaction_survey.satisfaction_dossier_receipt_report"
CAPTION = "Scan to rate the service"
PNG_URI = "data:image/png;base64,"
QR_BLOCK = "o_satisfaction_receipt_qr"  # the company logo is a PNG data URI too


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestReceiptQr(SatisfactionCommon):
    """The receipt printed at the counter carries a QR code of the rating link."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.auto_send", "False"
        )
        cls.Report = cls.env["ir.actions.report"]

    def _render(self, dossiers, user=None):
        report = self.Report.with_user(user) if user else self.Report
        html, kind = report._render_qweb_html(REPORT, dossiers.ids)
        self.assertEqual(kind, "html")
        return html.decode()

    def test_return_receipt_has_qr_of_rating_link(self):
        dossiers, request = self._return_dossiers(
            1, self.unit_a, date_appointment="2025-03-10 08:00:00"
        )
        html = self._render(dossiers, self.user_officer_a)
        expected_uri = qr.qr_data_uri(request.rating_url)
        self.assertIn(expected_uri, html, "the QR code encodes this request's link")
        self.assertTrue(
            base64.b64decode(expected_uri[len(PNG_URI) :]).startswith(b"\x89PNG")
        )
        self.assertIn(CAPTION, html)
        self.assertIn("Result Return Receipt", html)
        for text in (
            dossiers.code,
            self.procedure_birth.name,
            self.procedure_birth.code,
            self.unit_a.name,
            self.officer_a1.name,
            self.officer_a2.name,
            dossiers.citizen_name,
        ):
            self.assertIn(text, html)
        self.assertEqual(html.count(expected_uri), 1)
        self.assertEqual(html.count(QR_BLOCK), 1)
        # the officer prints it without ever seeing the secret link
        with self.assertRaises(AccessError):
            request.with_user(self.user_officer_a).read(["rating_url"])
        self.assertEqual(dossiers._satisfaction_receipt_qr(), expected_uri)

    def test_return_receipt_has_a_kiosk_code_stored_hashed(self):
        dossiers, request = self._return_dossiers(1, self.unit_a)
        html = self._render(dossiers, self.user_officer_a)
        match = re.search(
            r"o_satisfaction_receipt_kiosk_code.*?<strong>([0-9A-Z]{4}-[0-9A-Z]{4})"
            r"</strong>",
            html,
            re.S,
        )
        self.assertTrue(match, "the receipt prints a kiosk code")
        code = match.group(1)
        stored = self.env["satisfaction.kiosk.code"].search(
            [("request_id", "=", request.id)]
        )
        self.assertEqual(len(stored), 1)
        self.assertEqual(stored.origin, "receipt")
        self.assertNotIn(code, str(stored.read()))
        self.assertEqual(
            stored,
            self.env["satisfaction.kiosk.code"]._find_valid(
                code, [("id", "=", request.id)]
            ),
        )
        # printed again: another code, both valid until one is used
        self._render(dossiers, self.user_officer_a)
        codes = self.env["satisfaction.kiosk.code"].search(
            [("request_id", "=", request.id)]
        )
        self.assertEqual(len(codes), 2)
        stored._consume(self.env["satisfaction.kiosk"])
        self.assertTrue(all(codes.mapped("date_used")))

    def test_appointment_receipt_has_no_qr(self):
        dossier = self._create_dossiers(1, self.unit_a)
        html = self._render(dossier, self.user_officer_a)
        self.assertIn("Dossier Receipt and Appointment", html)
        self.assertIn(dossier.code, html)
        self.assertNotIn(QR_BLOCK, html)
        self.assertNotIn(CAPTION, html)
        self.assertFalse(
            self._requests_of(dossier),
            "printing does not create a request before the return",
        )

    def test_no_qr_once_closed(self):
        dossiers, requests = self._return_dossiers(3, self.unit_a)
        self._answer(requests[0])
        requests[1].action_cancel()
        requests[2].write({"expiry_date": "2000-01-01 00:00:00"})
        for dossier in dossiers:
            self.assertFalse(dossier._satisfaction_receipt_qr(), dossier.code)
        html = self._render(dossiers)
        self.assertNotIn(QR_BLOCK, html)
        self.assertNotIn(CAPTION, html)
        self.assertEqual(html.count("Result Return Receipt"), 3)

    def test_returned_without_request_gets_one(self):
        """E.g. returned before the module was installed."""
        dossiers, request = self._return_dossiers(1, self.unit_a)
        request.sudo().unlink()
        self.assertFalse(dossiers.satisfaction_request_ids)
        html = self._render(dossiers, self.user_officer_a)
        new_request = self._requests_of(dossiers)
        self.assertEqual(len(new_request), 1)
        self.assertIn(qr.qr_data_uri(new_request.rating_url), html)
        self.assertEqual(
            dossiers._satisfaction_receipt_qr(), qr.qr_data_uri(new_request.rating_url)
        )
        self.assertEqual(
            len(self._requests_of(dossiers)), 1, "printing again creates nothing"
        )

    def test_print_binding(self):
        report = self.env.ref(REPORT)
        self.assertEqual(report.binding_model_id.model, "satisfaction.dossier")
        self.assertEqual(report.binding_type, "report")
        self.assertEqual(report.report_type, "qweb-pdf")
        self.assertIn(
            self.env.ref("satisfaction_survey.group_satisfaction_officer"),
            report.groups_id,
        )

    def test_pdf(self):
        """The real PDF (when wkhtmltopdf is installed): the return receipt has one more
        image, the QR code.
        """
        if self.Report.get_wkhtmltopdf_state() != "ok":
            self.skipTest(
                "wkhtmltopdf is not installed: the QWeb HTML is tested instead"
            )
        # The report's CSS is not loaded: wkhtmltopdf must never wait on this
        # process's own HTTP server, which the test transaction may block.
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            closed_port = sock.getsockname()[1]
        self.env["ir.config_parameter"].sudo().set_param(
            "report.url", "http://127.0.0.1:%s" % closed_port
        )
        returned, _request = self._return_dossiers(1, self.unit_a)
        received = self._create_dossiers(1, self.unit_a)
        report = self.Report.with_user(self.user_officer_a).with_context(
            force_report_rendering=True
        )
        images = {}
        for dossier in (returned, received):
            pdf, kind = report._render_qweb_pdf(REPORT, dossier.ids)
            self.assertEqual(kind, "pdf")
            self.assertTrue(pdf.startswith(b"%PDF"))
            images[dossier] = pdf.count(b"/Subtype /Image")
        self.assertEqual(images[returned], images[received] + 1, images)

    def test_national_heading(self):
        """The receipt carries the national name and motto, exact in Vietnamese,
        under the unit and the body above it."""
        dossier = self._create_dossiers(1, self.unit_a)
        html = self._render(dossier, self.user_officer_a)
        heading = html[html.index("o_satisfaction_national_heading") :]
        heading = heading[: heading.index("</h3>")]
        for text in (
            "SOCIALIST REPUBLIC OF VIETNAM",
            "Independence - Freedom - Happiness",
            self.unit_a.name,
            dossier.company_id.name,
        ):
            self.assertIn(text, heading)
        if not self.env["res.lang"]._lang_get("vi_VN"):
            return
        html, _kind = self.Report.with_context(lang="vi_VN")._render_qweb_html(
            REPORT, dossier.ids
        )
        html = html.decode()
        self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", html)
        self.assertIn("Độc lập - Tự do - Hạnh phúc", html)
        self.assertNotIn("SOCIALIST REPUBLIC OF VIETNAM", html)
