"""Public results page /satisfaction/results: published aggregates only,
hidden below the threshold, never a comment, an officer or an answer."""

import copy

from lxml import html as lxml_html

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .reports_common import SECRET_COMMENT, ReportsCommon

URL = "/satisfaction/results"


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestPublicResults(HttpCase, ReportsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.card = cls._scorecard(publish=True)

    def _get(self, query="", status=200):
        response = self.url_open(URL + query, allow_redirects=False)
        self.assertEqual(response.status_code, status, response.text[:500])
        return response

    def _page(self, query="?lang=en"):
        response = self._get(query)
        return response, lxml_html.fromstring(response.content)

    def _text(self, node):
        return " ".join(node.text_content().split())

    def _cell_text(self, cell):
        """A cell's figure, without the label shown on phones."""
        cell = copy.deepcopy(cell)
        for label in cell.xpath(".//span[hasclass('ss-label')]"):
            label.drop_tree()
        return self._text(cell)

    def _scorecard_rows(self, doc):
        return {
            self._text(row.xpath("th")[0]): [
                self._cell_text(cell) for cell in row.xpath("td")
            ]
            for row in doc.xpath("//section[hasclass('ss-scorecard')]//tbody/tr")
        }

    def test_published_results(self):
        response, doc = self._page("?lang=en")
        self.assertIn("public", response.headers["Cache-Control"])
        self.assertNotIn("no-store", response.headers["Cache-Control"])
        self.assertNotIn(
            "Set-Cookie", response.headers, "no session for a public, cacheable page"
        )
        self.assertEqual(
            self._text(doc.xpath("//h1")[0]), "Citizen satisfaction results 2027"
        )
        rows = self._scorecard_rows(doc)
        self.assertEqual(list(rows), [self.unit_a.name, self.unit_b.name])
        # A: 90.00 % (59.58 – 98.21), rank 1, 10 ratings, response rate 83.33,
        # QĐ 766 91.67, 2 of 3 points, target met
        self.assertEqual(
            rows[self.unit_a.name],
            [
                "90.00 % 59.58 – 98.21 %",
                "1",
                "10",
                "83.33 %",
                "91.67 %",
                "2.00 / 3.00",
                "Yes",
            ],
        )
        # B: 3 ratings, below the threshold of 5: no figure at all
        self.assertEqual(rows[self.unit_b.name], ["Not enough answers"])
        # the month table: A's March, B hidden; months of the published year only
        monthly = doc.xpath("//section[hasclass('ss-monthly')]")[0]
        self.assertEqual(len(monthly.xpath(".//thead//th")), 13)
        cells = {
            self._text(row.xpath("th")[0]): [self._text(td) for td in row.xpath("td")]
            for row in monthly.xpath(".//tbody/tr")
        }
        self.assertEqual(cells[self.unit_a.name][2], "90.00")
        self.assertEqual(cells[self.unit_a.name][0], "n.e.")
        self.assertEqual(cells[self.unit_b.name][2], "n.e.")
        self.assertNotIn(self.unit_c.name, cells, "C is in no published scorecard")
        # nothing personal
        text = response.text
        for secret in (
            SECRET_COMMENT,
            self.officer_a1.name,
            self.officer_a2.name,
            self.officer_b1.name,
            "Công dân",
            "0912",
        ):
            self.assertNotIn(secret, text)
        self.assertIn("fewer than 5 ratings", self._text(doc))

    def test_threshold_is_the_larger_parameter(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.min_group_size", "11"
        )
        _response, doc = self._page("?lang=en")
        rows = self._scorecard_rows(doc)
        self.assertEqual(
            rows[self.unit_a.name], ["Not enough answers"], "10 ratings < 11"
        )
        self.assertIn("fewer than 11 ratings", self._text(doc))
        monthly = doc.xpath("//section[hasclass('ss-monthly')]")[0]
        self.assertFalse(
            monthly.xpath(".//table"), "no month has enough answers: no table of blanks"
        )
        self.assertIn("No month has enough answers", self._text(monthly))

    def test_one_respondent_of_many_answers_not_published(self):
        """Unit C: one rating of five answers, as many answers as the
        threshold (5): the threshold counts ratings (people), C stays hidden."""
        self._scorecard(
            publish=True,
            unit_ids=[Command.set((self.unit_a | self.unit_b | self.unit_c).ids)],
        )
        _response, doc = self._page("?lang=en&unit=%s" % self.unit_c.id)
        self.assertEqual(
            self._scorecard_rows(doc)[self.unit_c.name], ["Not enough answers"]
        )
        monthly = doc.xpath("//section[hasclass('ss-monthly')]")[0]
        self.assertIn("No month has enough answers", self._text(monthly))

    def test_vietnamese_by_default(self):
        response, doc = self._page("")
        self.assertEqual(
            doc.get("lang"),
            "vi-VN" if self.env["res.lang"]._get_code("vi_VN") else "en-US",
        )
        if self.env["res.lang"]._get_code("vi_VN"):
            self.assertIn("90,00", self._text(doc), "Vietnamese decimal comma")
        self.assertEqual(response.status_code, 200)

    def test_vietnamese_page(self):
        """?lang=vi shows the page in Vietnamese, figures and labels alike."""
        if not self.env["res.lang"]._get_code("vi_VN"):
            self.skipTest("Vietnamese is not installed")
        response, doc = self._page("?lang=vi")
        self.assertEqual(response.headers["Content-Language"], "vi")
        self.assertEqual(doc.get("lang"), "vi-VN")
        text = self._text(doc)
        self.assertEqual(
            self._text(doc.xpath("//h1")[0]),
            "Kết quả đánh giá sự hài lòng của người dân 2027",
        )
        self.assertEqual(self._text(doc.xpath("//h2")[0]), "Năm 2027")
        headers = [
            self._text(th)
            for th in doc.xpath("//section[hasclass('ss-scorecard')]//thead//th")
        ]
        self.assertEqual(
            headers[:3],
            ["Đơn vị tiếp nhận", "Chỉ số hài lòng (khoảng tin cậy 95 %)", "Thứ hạng"],
        )
        self.assertIn("Chưa đủ mẫu", text)
        self.assertIn("90,00 %", text)
        for english in ("Citizen satisfaction results", "Not enough answers", "Rank"):
            self.assertNotIn(english, text)
        # the English page is still there
        _response, doc = self._page("?lang=en")
        self.assertEqual(self._text(doc.xpath("//h2")[0]), "Year 2027")

    def test_readable_on_a_phone(self):
        """At 390 px each unit is a card: the unit, then its index, every figure
        labelled (a horizontally scrolling table for the months)."""
        response, doc = self._page("?lang=en")
        style = " ".join(doc.xpath("//style/text()"))
        self.assertIn("@media (max-width: 40rem)", style)
        table = doc.xpath("//section[hasclass('ss-scorecard')]//table")[0]
        self.assertIn("ss-ranking", table.get("class"))
        headers = [self._text(th) for th in table.xpath(".//thead//th")]
        self.assertEqual(
            headers[:2], ["Receiving unit", "Satisfaction index (95 % interval)"]
        )
        row = table.xpath(".//tbody/tr")[0]
        self.assertEqual(row[0].tag, "th", "the unit comes first")
        labels = [
            self._text(label) for label in row.xpath(".//span[hasclass('ss-label')]")
        ]
        self.assertEqual(labels[:2], ["Satisfaction index", "Rank"])
        self.assertEqual(len(labels), len(row.xpath("td")))
        monthly = doc.xpath("//section[hasclass('ss-monthly')]")[0]
        self.assertTrue(monthly.xpath(".//div[hasclass('ss-scroll')]//table"))
        self.assertIn("position: sticky", style)

    def test_filters_and_empty_states(self):
        _response, doc = self._page("?lang=en&unit=%s" % self.unit_a.id)
        self.assertEqual(list(self._scorecard_rows(doc)), [self.unit_a.name])
        for query in (
            "?lang=en&year=1999",
            "?lang=en&year=abc",
            "?lang=en&year=99999999999999",
            "?lang=en&unit=999999",
            "?lang=en&unit=%s" % self.unit_c.id,
            "?lang=en&unit=x'",
        ):
            _response, doc = self._page(query)
            self.assertFalse(self._scorecard_rows(doc), query)
            self.assertTrue(doc.xpath("//div[hasclass('ss-empty')]"), query)

    def test_draft_not_published(self):
        draft = self._scorecard(year=2028)
        self.assertEqual(draft.state, "draft")
        _response, doc = self._page("?lang=en&year=2028")
        self.assertFalse(self._scorecard_rows(doc))
        years = [self._text(a) for a in doc.xpath("//nav[@aria-label='Year']//a")]
        # the published year is offered, the draft one is not (a database
        # with demo data publishes another year too)
        self.assertIn("2027", years)
        self.assertNotIn("2028", years)
        # set back to draft: the 2027 figures disappear too
        self.card.action_draft()
        _response, doc = self._page("?lang=en&year=2027")
        self.assertFalse(self._scorecard_rows(doc))

    @mute_logger("odoo.http")
    def test_get_only(self):
        response = self.url_open(URL, data={"year": "2027"}, allow_redirects=False)
        self.assertEqual(response.status_code, 405)
