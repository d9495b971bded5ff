"""The public results page in headless Chromium at a phone viewport (390 x 844),
in Vietnamese: each unit a card whose name and index are on screen, with no
sideways scrolling of the page.

Screenshots: set ``SATISFACTION_SCREENSHOTS=<folder>`` to save
``results_phone.png`` (on a database with demo data, of the demo's published
year; ``static/description/`` holds the one shown in the README).
"""

import json

from odoo.tests import HttpCase, tagged

from . import test_browser
from .reports_common import ReportsCommon
from .test_browser import PHONE

URL = "/satisfaction/results"
# the unit (th) and the index (first td) of the ranking card of one unit
ROW_BOXES_JS = """
(function (unit) {
    var rows = Array.from(document.querySelectorAll('.ss-scorecard tbody tr'));
    var row = rows.find(function (tr) {
        return !unit || tr.querySelector('th.ss-unit').innerText.trim() === unit;
    });
    if (!row) { return null; }
    row.scrollIntoView({block: 'center'});
    return [row.querySelector('th.ss-unit'), row.querySelector('td')].map(
        function (el) {
            var r = el.getBoundingClientRect();
            return {text: el.innerText, left: r.left, right: r.right,
                    top: r.top, bottom: r.bottom, width: r.width,
                    clipped: el.scrollWidth > el.clientWidth + 1};
        });
})(%s)
"""
# the outermost elements that stick out on the right of the viewport
OVERFLOW_JS = """
Array.from(document.querySelectorAll('body *')).filter(function (el) {
    return el.getBoundingClientRect().right > window.innerWidth + 0.5
        && !el.closest('.ss-scroll')
        && el.parentElement.getBoundingClientRect().right <= window.innerWidth + 0.5;
}).map(function (el) {
    return el.tagName + (el.id ? '#' + el.id : '') + '.' + el.className + ' '
        + Math.round(el.getBoundingClientRect().right);
})
"""


@tagged("post_install", "-at_install", "satisfaction_survey", "satisfaction_browser")
class TestResultsBrowser(HttpCase, ReportsCommon):
    browser_size = "%sx%s" % PHONE
    touch_enabled = True
    # the phone browser of the rating page's tests
    _phone = test_browser.TestBrowser._phone

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a long official name: the unit picker must not widen the page
        cls.unit_b.name = (
            "Trung tâm Phục vụ hành chính công tỉnh Sơn Bắc (trước 01/7/2025), "
            "Bộ phận tiếp nhận và trả kết quả"
        )
        cls.card = cls._scorecard(publish=True)

    def _assert_on_screen(self, page, unit=None):
        """The unit's name and its index lie inside the viewport, unclipped.

        Returns the texts of both (the first unit's when ``unit`` is None)."""
        width = page.evaluate("window.innerWidth")
        self.assertEqual(width, PHONE[0])
        boxes = page.evaluate(ROW_BOXES_JS % json.dumps(unit))
        self.assertTrue(boxes, "no ranking card for %s" % unit)
        for box in boxes:
            self.assertGreater(box["width"], 0, box)
            self.assertGreaterEqual(box["left"], 0, box)
            self.assertLessEqual(box["right"], width, box)
            self.assertGreaterEqual(box["top"], 0, box)
            self.assertLessEqual(box["bottom"], PHONE[1], box)
            self.assertFalse(box["clipped"], box)
        return [" ".join(box["text"].split()) for box in boxes]

    def _assert_no_sideways_scrolling(self, page):
        self.assertLessEqual(
            page.evaluate("document.documentElement.scrollWidth"),
            PHONE[0],
            "sideways scrolling of the page: %s" % page.evaluate(OVERFLOW_JS),
        )

    def _demo_year(self):
        demo = self.env.ref(
            "satisfaction_survey.demo_scorecard_last_year", raise_if_not_found=False
        )
        return demo.year if demo and demo.state == "published" else None

    def test_results_in_vietnamese_on_a_phone(self):
        if not self.env["res.lang"]._get_code("vi_VN"):
            self.skipTest("Vietnamese is not installed")
        # every record read before the browser starts: its requests share this
        # test's cursor
        demo_year = self._demo_year()
        unit_a = self.unit_a.name
        with self._phone() as page:
            page.open(URL + "?year=2027&lang=vi")
            self.assertEqual(page.evaluate("document.documentElement.lang"), "vi-VN")
            self.assertEqual(
                " ".join(page.text("h1").split()),
                "Kết quả đánh giá sự hài lòng của người dân 2027",
            )
            text = page.text()
            self.assertIn("Năm 2027", text)
            self.assertIn("Chưa đủ mẫu", text, "unit B: too few ratings")
            for english in ("Citizen satisfaction results", "Not enough answers"):
                self.assertNotIn(english, text)
            self._assert_no_sideways_scrolling(page)
            # each unit is a card: its name, then its index, both on screen
            self.assertEqual(
                page.evaluate(
                    "getComputedStyle(document.querySelector("
                    "'.ss-scorecard tbody tr')).display"
                ),
                "block",
            )
            unit, index = self._assert_on_screen(page, unit_a)
            self.assertEqual(unit, unit_a)
            self.assertIn("Chỉ số hài lòng", index)
            self.assertIn("90,00 %", index)
            # the months table scrolls in its own box, the page does not
            self.assertEqual(
                page.evaluate(
                    "getComputedStyle(document.querySelector("
                    "'.ss-monthly .ss-scroll')).overflowX"
                ),
                "auto",
            )
            if not demo_year:
                page.evaluate("window.scrollTo(0, 0)")
                page.screenshot("results_phone.png")

    def test_demo_results_on_a_phone(self):
        """The README's screenshot: the demo's published year, as a citizen
        opens the page (Vietnamese by default)."""
        demo_year = self._demo_year()
        if not demo_year:
            self.skipTest("no demo data")
        if not self.env["res.lang"]._get_code("vi_VN"):
            self.skipTest("Vietnamese is not installed")
        self.card.action_draft()  # this test's year: not in the picture
        with self._phone() as page:
            page.open(URL)
            self.assertEqual(page.evaluate("document.documentElement.lang"), "vi-VN")
            self.assertIn("Năm %s" % demo_year, page.text())
            self._assert_no_sideways_scrolling(page)
            _unit, index = self._assert_on_screen(page)
            self.assertIn("Chỉ số hài lòng", index)
            self.assertRegex(index, r"\d+,\d\d %")
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot("results_phone.png")
