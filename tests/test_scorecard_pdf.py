"""Printable unit scorecard (QWeb). Rendered as HTML so the tests never need
wkhtmltopdf; the PDF itself is checked only where wkhtmltopdf is installed."""

import io

from lxml import html as lxml_html

from odoo.tests import HttpCase, tagged
from odoo.tools.pdf import PdfFileReader

from .reports_common import ReportsCommon

REPORT = "satisfaction_survey.action_report_scorecard_line"


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestScorecardPdf(ReportsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.card = cls._scorecard(publish=True)
        cls.line_a = cls.card.line_ids.filtered(lambda line: line.unit_id == cls.unit_a)
        cls.line_b = cls.card.line_ids.filtered(lambda line: line.unit_id == cls.unit_b)

    def _render(self, lines, user=None):
        env = self.env(
            user=user or self.user_reviewer,
            context=dict(self.env.context, lang="en_US"),
        )
        content, kind = env["ir.actions.report"]._render_qweb_html(REPORT, lines.ids)
        self.assertEqual(kind, "html")
        return lxml_html.fromstring(content)

    def _text(self, node):
        return " ".join(node.text_content().split())

    def test_unit_page(self):
        doc = self._render(self.line_a)
        pages = doc.xpath("//div[hasclass('o_satisfaction_scorecard')]")
        self.assertEqual(len(pages), 1)
        page = pages[0]
        self.assertEqual(
            self._text(page.xpath(".//*[hasclass('ss-unit')]")[0]), self.unit_a.name
        )
        # 9 of 10 satisfied; Wilson 59.58-98.21; 2 points of 3; rank 1 of 2;
        # target 85 % met
        self.assertEqual(
            self._text(page.xpath(".//*[hasclass('ss-index')]")[0]), "90.00 %"
        )
        self.assertEqual(
            self._text(page.xpath(".//*[hasclass('ss-total')]")[0]), "2.00"
        )
        self.assertEqual(self._text(page.xpath(".//*[hasclass('ss-rank')]")[0]), "1")
        text = self._text(page)
        for expected in (
            "59.58 – 98.21 %",
            "10 / 10",
            "83.33 %",
            "91.67 %",
            "85.00 %",
            "Target met",
            "SIPAS index",
            "/ 2",
            "03/2027",
        ):
            self.assertIn(expected, text)
        points = page.xpath(".//table[hasclass('ss-points')]/tbody/tr")
        self.assertEqual(len(points), 1)
        self.assertEqual(self._text(points[0].xpath("td")[-2]), "2.00")
        months = page.xpath(".//table[hasclass('ss-months')]/tbody/tr")
        self.assertEqual(
            [self._text(row.xpath("td")[0]) for row in months], ["03/2027"]
        )
        self.assertNotIn("Draft", text)
        self.assertNotIn("Not enough answers", text)

    def test_one_page_per_unit(self):
        doc = self._render(self.card.line_ids)
        units = [self._text(node) for node in doc.xpath("//*[hasclass('ss-unit')]")]
        self.assertEqual(units, [self.unit_a.name, self.unit_b.name])
        pages = doc.xpath("//div[hasclass('o_satisfaction_scorecard')]")
        text_b = self._text(pages[1])
        self.assertIn("Not enough answers", text_b)
        self.assertIn("66.67 %", text_b)
        self.assertIn("Target not met", text_b)
        # Print > Unit Scorecards on the scorecard: the same report for all its lines
        action = (
            self.env.ref("satisfaction_survey.action_report_scorecard_units")
            .with_user(self.user_reviewer)
            .with_context(
                active_model="satisfaction.scorecard",
                active_id=self.card.id,
                active_ids=self.card.ids,
            )
            .run()
        )
        self.assertEqual(
            action["report_name"], "satisfaction_survey.report_scorecard_line"
        )
        self.assertEqual(action["context"]["active_ids"], self.card.line_ids.ids)

    def test_draft_and_leader(self):
        draft = self._scorecard()
        doc = self._render(draft.line_ids[:1])
        self.assertIn("Draft: not published", self._text(doc))
        # a unit leader prints their own unit of a published scorecard
        # (ranked among all units)
        doc = self._render(self.line_a, user=self.user_leader_a)
        self.assertIn("/ 2", self._text(doc.xpath("//*[hasclass('ss-rank')]/..")[0]))
        self.assertEqual(
            [
                self._text(row.xpath("td")[0])
                for row in doc.xpath("//table[hasclass('ss-months')]/tbody/tr")
            ],
            ["03/2027"],
        )


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestScorecardPdfFile(HttpCase, ReportsCommon):
    def test_pdf(self):
        """The real PDF of one unit, only where wkhtmltopdf is installed
        (never required by the suite).

        wkhtmltopdf loads the report's stylesheets from ``report.url``: the
        test server here (an HttpCase, so that the server reads this test's
        data instead of waiting for its transaction). Several units in one
        PDF need the patched wkhtmltopdf Odoo recommends, as every
        multi-record Odoo report does: the unpatched Debian build refuses
        several input pages.
        """
        Report = self.env["ir.actions.report"]
        if Report.get_wkhtmltopdf_state() != "ok":
            self.skipTest("wkhtmltopdf is not installed")
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())
        card = self._scorecard(publish=True)
        line = card.line_ids.filtered(lambda line: line.unit_id == self.unit_a)
        pdf, kind = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
            REPORT, line.ids
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertEqual(
            len(PdfFileReader(io.BytesIO(pdf)).pages), 1, "one A4 page per unit"
        )


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestScorecardHeading(ReportsCommon):
    def test_national_heading_on_each_page(self):
        """Each unit's page opens with the issuing body and the national name
        and motto, exact in Vietnamese."""
        card = self._scorecard(publish=True)
        langs = ["en_US"]
        if self.env["res.lang"]._lang_get("vi_VN"):
            langs.append("vi_VN")
        expected = {
            "en_US": (
                "SOCIALIST REPUBLIC OF VIETNAM",
                "Independence - Freedom - Happiness",
            ),
            "vi_VN": (
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
            ),
        }
        for lang in langs:
            env = self.env(
                user=self.user_reviewer, context=dict(self.env.context, lang=lang)
            )
            content, _kind = env["ir.actions.report"]._render_qweb_html(
                REPORT, card.line_ids.ids
            )
            doc = lxml_html.fromstring(content)
            headings = doc.xpath("//*[hasclass('o_satisfaction_national_heading')]")
            self.assertEqual(len(headings), len(card.line_ids), lang)
            for heading in headings:
                text = " ".join(heading.text_content().split())
                for part in (card.company_id.name, *expected[lang]):
                    self.assertIn(part, text, lang)
