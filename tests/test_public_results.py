"""Public results page /satisfaction/results: published aggregates only,
hidden below the threshold, never a comment, an officer or an answer."""

from lxml import html as lxml_html

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

    def _scorecard_rows(self, doc):
        return {
            self._text(row.xpath("th")[0]): [
                self._text(cell) for cell in row.xpath("td")
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
        # A: rank 1, 10 ratings, 90.00 % (59.58 – 98.21), response rate 83.33,
        # QĐ 766 91.67, 2 of 3 points, target met
        self.assertEqual(
            rows[self.unit_a.name],
            [
                "1",
                "10",
                "90.00 % 59.58 – 98.21 %",
                "83.33 %",
                "91.67 %",
                "2.00 / 3.00",
                "Yes",
            ],
        )
        # B: 3 ratings, below the threshold of 5: no figure at all
        self.assertEqual(rows[self.unit_b.name], ["–", "Not enough answers"])
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
            rows[self.unit_a.name], ["–", "Not enough answers"], "10 ratings < 11"
        )
        self.assertIn("fewer than 11 ratings", self._text(doc))
        monthly = doc.xpath("//section[hasclass('ss-monthly')]")[0]
        self.assertFalse(
            monthly.xpath(".//table"), "no month has enough answers: no table of blanks"
        )
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
        self.assertEqual(years, ["2027"])
        # set back to draft: the 2027 figures disappear too
        self.card.action_draft()
        _response, doc = self._page("?lang=en")
        self.assertFalse(self._scorecard_rows(doc))

    @mute_logger("odoo.http")
    def test_get_only(self):
        response = self.url_open(URL, data={"year": "2027"}, allow_redirects=False)
        self.assertEqual(response.status_code, 405)
