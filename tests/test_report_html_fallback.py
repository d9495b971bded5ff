"""Without wkhtmltopdf, the module's printable reports are shown as HTML with a
notice that the PDF needs wkhtmltopdf, never as an error.

wkhtmltopdf is a program outside Odoo: its state is set by patching, so the
tests mean the same on a server that has it."""

from unittest.mock import patch
from urllib.parse import urlsplit

from lxml import html as lxml_html

from odoo.tests import HttpCase, tagged

from .reports_common import ReportsCommon

RECEIPT = "satisfaction_survey.report_satisfaction_dossier_receipt"
SCORECARD = "satisfaction_survey.report_scorecard_line"
NOTICE = "//div[hasclass('o_satisfaction_pdf_notice')]"
STATE = "odoo.addons.base.models.ir_actions_report.wkhtmltopdf_state"


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestReportHtmlFallback(HttpCase, ReportsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dossier = cls._create_dossiers(1, cls.unit_a)
        cls.card = cls._scorecard(publish=True)
        cls.line_a = cls.card.line_ids.filtered(lambda line: line.unit_id == cls.unit_a)

    def _notices(self, content):
        return lxml_html.fromstring(content).xpath(NOTICE)

    def _get_pdf_address(self, report, record, query=""):
        """The PDF address Odoo's reports use; returns the redirect and the page."""
        path = "/report/pdf/%s/%s" % (report, record.id)
        redirect = self.url_open(path + query, allow_redirects=False)
        page = self.url_open(path + query)
        return redirect, page

    def test_pdf_address_shows_the_html_report_with_a_notice(self):
        for state in ("install", "broken"):
            with self.subTest(state=state), patch(STATE, state):
                self.authenticate("ss_officer_a", "ss_officer_a")
                redirect, page = self._get_pdf_address(RECEIPT, self.dossier)
                self.assertEqual(redirect.status_code, 303)
                self.assertEqual(
                    urlsplit(redirect.headers["Location"]).path,
                    "/report/html/%s/%s" % (RECEIPT, self.dossier.id),
                )
                self.assertEqual(page.status_code, 200)
                self.assertIn("text/html", page.headers["Content-Type"])
                self.assertIn(self.dossier.code, page.text)
                notices = self._notices(page.content)
                self.assertEqual(len(notices), 1)
                self.assertIn("wkhtmltopdf", notices[0].text_content())

    def test_scorecard_keeps_its_options(self):
        query = "?context=%7B%22lang%22%3A%20%22en_US%22%7D"
        with patch(STATE, "install"):
            self.authenticate("ss_reviewer", "ss_reviewer")
            redirect, page = self._get_pdf_address(SCORECARD, self.line_a, query)
        self.assertEqual(redirect.status_code, 303)
        location = urlsplit(redirect.headers["Location"])
        self.assertEqual(
            location.path, "/report/html/%s/%s" % (SCORECARD, self.line_a.id)
        )
        self.assertEqual("?" + location.query, query)
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.unit_a.name, page.text)
        self.assertEqual(len(self._notices(page.content)), 1)

    def test_no_notice_when_pdfs_can_be_made_nor_in_a_pdf(self):
        Report = self.env["ir.actions.report"]
        for report, record in ((RECEIPT, self.dossier), (SCORECARD, self.line_a)):
            for state, html_notices in (("ok", 0), ("upgrade", 0), ("install", 1)):
                with self.subTest(report=report, state=state), patch(STATE, state):
                    html, _kind = Report._render_qweb_html(report, record.ids)
                    self.assertEqual(len(self._notices(html)), html_notices)
                    # the body a PDF is made of
                    body, _kind = Report._render_qweb_html(
                        report, record.ids, data={"report_type": "pdf"}
                    )
                    self.assertFalse(self._notices(body))
