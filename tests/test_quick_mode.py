"""The quick page (overall question alone, two taps), the reason under each
low answer and the confidentiality note once, through real HTTP requests."""

import re

from lxml import html as lxml_html

from odoo.tests import HttpCase, tagged

from ..satisfaction_survey import layout
from .common import SatisfactionCommon

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestQuickMode(HttpCase, SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.overall_key = layout.question_key(cls.criterion_overall.id)

    def setUp(self):
        super().setUp()
        self.questionnaire.quick_mode = True
        _dossiers, requests = self._return_dossiers(1, self.unit_a)
        self.request = requests
        self.request.sudo().channel = "sms"
        self.url = "/r/%s" % self.request.sudo().access_token

    # ------------------------------------------------------------
    # HELPERS
    # ------------------------------------------------------------

    def _get(self, url):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200, page.text[:500])
        return page

    def _post(self, form, url=None, page_url=None):
        page = self._get(page_url or url or self.url)
        csrf = CSRF_RE.search(page.text).group(1)
        return self.url_open(
            url or self.url,
            data=dict(form, csrf_token=csrf, lang="en_US"),
            allow_redirects=False,
        )

    def _response(self):
        return (
            self.env["satisfaction.response"]
            .sudo()
            .search([("request_id", "=", self.request.id)])
        )

    def _radio_names(self, tree):
        return {radio.get("name") for radio in tree.xpath("//input[@type='radio']")}

    def _assert_reason_under_its_question(self, tree):
        """Every scale question holds its own reason box, after its levels."""
        questions = tree.xpath(
            "//fieldset[contains(@class, 'ss-q')][.//input[@type='radio']]"
        )
        self.assertTrue(questions)
        for question in questions:
            key = question.get("id")[2:]
            children = [child for child in question if child.tag in ("div", "textarea")]
            self.assertEqual(children[-2].get("class").split()[0], "ss-levels")
            reason = children[-1]
            self.assertEqual(reason.get("id"), "q_%s_reason" % key)
            self.assertEqual(
                reason.xpath(".//textarea/@name"), [layout.reason_key(key)]
            )
            self.assertEqual(reason.xpath(".//label/@for"), [layout.reason_key(key)])
        # no single reason box at the bottom any more
        self.assertFalse(tree.xpath("//textarea[@name='reason']"))

    def _assert_one_confidentiality_note(self, html):
        tree = lxml_html.fromstring(html)
        self.assertEqual(len(tree.xpath("//*[@id='ss_privacy']")), 1)
        self.assertEqual(len(tree.xpath("//details[@id='ss_privacy_once']")), 1)
        # the notice (inside the disclosure) is the only place saying it
        self.assertEqual(html.count("officers never learn who rated them"), 1)
        self.assertNotIn("do not see who wrote it", html)
        self.assertEqual(
            len(tree.xpath("//details[@id='ss_privacy_once']//a[@href]")), 1
        )

    # ------------------------------------------------------------
    # QUICK PAGE
    # ------------------------------------------------------------

    def test_quick_page_asks_the_overall_question_alone(self):
        page = self._get(self.url + "?lang=en")
        tree = lxml_html.fromstring(page.text)
        self.assertEqual(self._radio_names(tree), {self.overall_key})
        self.assertEqual(
            len(tree.xpath("//input[@name=%r]" % self.overall_key)),
            len(self.scale.level_ids),
        )
        self.assertEqual(tree.xpath("//input[@name='mode']/@value"), ["quick"])
        self.assertFalse(tree.xpath("//textarea[@name='comment']"))
        self.assertEqual(
            tree.xpath("//form[@id='ss_form_quick']//button/text()"), ["Send"]
        )
        self._assert_reason_under_its_question(tree)
        self._assert_one_confidentiality_note(page.text)
        # every question on offer, through the same link
        full = tree.xpath("//p[@id='ss_full_link']/a/@href")
        self.assertEqual(full, [self.url + "?lang=en&mode=full"])
        full_page = self._get(full[0])
        self.assertEqual(
            self._radio_names(lxml_html.fromstring(full_page.text)),
            {
                item["key"]
                for item in self.request._question_items()
                if item["criterion"].question_type == "scale"
            },
        )
        # the quick page is a fraction of the full one
        self.assertLess(len(page.content) * 10, len(full_page.content) * 6)

    def test_quick_post_records_the_overall_answer_with_its_channel(self):
        result = self._post({self.overall_key: "4", "mode": "quick"})
        self.assertEqual(result.status_code, 200, result.text[:500])
        self.assertIn('id="ss_thanks"', result.text)
        response = self._response()
        self.assertTrue(response.is_quick)
        self.assertFalse(response.details_date)
        self.assertEqual(response.channel, "sms")
        self.assertEqual(response.line_ids.criterion_id, self.criterion_overall)
        self.assertEqual(response.line_ids.value, 4)
        self.assertFalse(response.line_ids.officer_id)
        self.assertEqual(self.request.state, "answered")
        self.assertFalse(
            self.env["satisfaction.followup"]
            .sudo()
            .search([("request_id", "=", self.request.id)])
        )
        # the thank-you page offers the other questions of the same link
        tree = lxml_html.fromstring(result.text)
        self.assertEqual(
            tree.xpath("//a[@id='ss_details_link']/@href"),
            [self.url + "?lang=en&mode=details"],
        )

    def test_quick_low_answer_without_reason_is_refused_and_kept(self):
        reason_key = layout.reason_key(self.overall_key)
        result = self._post({self.overall_key: "1", "mode": "quick"})
        self.assertEqual(result.status_code, 400)
        self.assertIn("Please tell us why you are not satisfied.", result.text)
        tree = lxml_html.fromstring(result.text)
        # the message and the box right under the answer, the level still chosen
        question = tree.xpath("//fieldset[@id='q_%s']" % self.overall_key)[0]
        self.assertEqual(
            question.xpath(".//input[@checked]/@value"), ["1"], "the choice is kept"
        )
        self.assertEqual(len(question.xpath(".//*[@id='reason_error']")), 1)
        self.assertIn(
            "ss-low-shown",
            question.xpath(".//div[@id='q_%s_reason']/@class" % self.overall_key)[0],
        )
        self.assertEqual(tree.xpath("//input[@name='mode']/@value"), ["quick"])
        self.assertFalse(self._response())
        self.assertEqual(self.request.state, "sent")
        # with a reason (and consent): recorded, followed up
        result = self._post(
            {
                self.overall_key: "1",
                "mode": "quick",
                reason_key: "Phải chờ ba tiếng.",
                "contact_consent": "1",
            }
        )
        self.assertEqual(result.status_code, 200, result.text[:500])
        self.assertIn('id="ss_next_contact"', result.text)
        response = self._response()
        self.assertEqual(response.line_ids.value, 1)
        followup = (
            self.env["satisfaction.followup"]
            .sudo()
            .search([("request_id", "=", self.request.id)])
        )
        self.assertIn("Phải chờ ba tiếng.", followup.reason)
        self.assertIn(self.criterion_overall.name, followup.reason)
        self.assertTrue(followup.contact_allowed)
        self.assertEqual(followup.low_line_ids, response.line_ids)

    def test_details_continue_the_same_response_once(self):
        self._post({self.overall_key: "5", "mode": "quick"})
        details_url = self.url + "?mode=details"
        page = self._get(details_url)
        tree = lxml_html.fromstring(page.text)
        items = self.request._question_items()
        other_keys = {
            item["key"]
            for item in items
            if item["criterion"].question_type == "scale"
            and item["key"] != self.overall_key
        }
        self.assertEqual(self._radio_names(tree), other_keys)
        self.assertEqual(tree.xpath("//input[@name='mode']/@value"), ["details"])
        self._assert_reason_under_its_question(tree)
        # a low detail needs its reason, under that question
        low_key = sorted(other_keys)[0]
        form = {key: "4" for key in other_keys}
        form.update({low_key: "2", "mode": "details", "comment": "Cảm ơn"})
        result = self._post(form, url=self.url, page_url=details_url)
        self.assertEqual(result.status_code, 400)
        question = lxml_html.fromstring(result.text).xpath(
            "//fieldset[@id='q_%s']" % low_key
        )[0]
        self.assertEqual(len(question.xpath(".//*[@id='reason_error']")), 1)
        self.assertEqual(question.xpath(".//input[@checked]/@value"), ["2"])
        self.assertEqual(len(self._response().line_ids), 1, "nothing added yet")
        form[layout.reason_key(low_key)] = "Hướng dẫn chưa rõ."
        result = self._post(form, url=self.url, page_url=details_url)
        self.assertEqual(result.status_code, 200, result.text[:500])
        self.assertFalse(
            lxml_html.fromstring(result.text).xpath("//a[@id='ss_details_link']")
        )
        response = self._response()
        self.assertEqual(len(response), 1, "the same response, completed")
        self.assertEqual(len(response.line_ids), len(other_keys) + 1)
        self.assertTrue(response.details_date)
        self.assertEqual(response.comment, "Cảm ơn")
        self.assertIn("Hướng dẫn chưa rõ.", response.low_score_reason)
        followup = (
            self.env["satisfaction.followup"]
            .sudo()
            .search([("request_id", "=", self.request.id)])
        )
        self.assertEqual(followup.low_line_ids.mapped("value"), [2])
        # once: the link now says it was answered
        page = self._get(details_url + "&lang=en")
        self.assertIn("This rating has already been sent", page.text)
        self.assertFalse(
            lxml_html.fromstring(page.text).xpath("//input[@type='radio']")
        )

    def test_full_form_on_a_quick_questionnaire(self):
        form = self._build_form(self.request, 4)
        form["mode"] = "full"
        result = self._post(form, page_url=self.url + "?mode=full")
        self.assertEqual(result.status_code, 200, result.text[:500])
        response = self._response()
        self.assertFalse(response.is_quick)
        self.assertEqual(len(response.line_ids), len(self.request._question_items()))
        self.assertFalse(
            lxml_html.fromstring(result.text).xpath("//a[@id='ss_details_link']")
        )

    def test_quick_mode_needs_an_overall_question(self):
        self.criterion_overall.is_overall = False
        page = self._get(self.url)
        self.assertGreater(len(self._radio_names(lxml_html.fromstring(page.text))), 1)
        self.assertNotIn('name="mode"', page.text)

    # ------------------------------------------------------------
    # FULL FORM
    # ------------------------------------------------------------

    def test_full_form_reason_under_each_question_and_one_note(self):
        self.questionnaire.quick_mode = False
        page = self._get(self.url + "?lang=en")
        tree = lxml_html.fromstring(page.text)
        self._assert_reason_under_its_question(tree)
        self._assert_one_confidentiality_note(page.text)
        self.assertNotIn('name="mode"', page.text)
        # a low officer answer without reason: asked under that answer
        item = next(item for item in self.request._question_items() if item["officer"])
        form = self._build_form(self.request, 5, overrides={item["key"]: 1})
        result = self._post(form)
        self.assertEqual(result.status_code, 400)
        question = lxml_html.fromstring(result.text).xpath(
            "//fieldset[@id='q_%s']" % item["key"]
        )[0]
        self.assertEqual(len(question.xpath(".//*[@id='reason_error']")), 1)
        self.assertFalse(self._response())
        form[layout.reason_key(item["key"])] = "Không được hướng dẫn."
        result = self._post(form)
        self.assertEqual(result.status_code, 200, result.text[:500])
        self.assertEqual(
            self._response().low_score_reason,
            "%s (%s): Không được hướng dẫn."
            % (item["criterion"].name, item["officer"].name),
        )
