"""End-to-end tests in headless Chromium at a phone (390 x 844) and a tablet
(820 x 1180) viewport: the rating page, the counter kiosk and the surveyor's
call list in the web client.

Odoo's own browser tooling drives Chromium (odoo.tests.common.ChromeBrowser,
the engine of ``HttpCase.browser_js`` and tours, over the DevTools protocol);
tours need Odoo's JavaScript, which the public page deliberately does not
load, so the steps below are plain DevTools calls: open a URL, tap at the
centre of an element (real hit testing), type, press keys, read the page.
The web client is driven the same way, as the surveyor logged in.

Chromium is required: when it is missing (or websocket-client is), these
tests FAIL instead of being skipped. ``.ci/run`` installs both.

Screenshots: set ``SATISFACTION_SCREENSHOTS=<folder>`` to save the PNGs
(``static/description/`` holds the ones shown in the README).
"""

import base64
import json
import os
import time
import unittest
from contextlib import contextmanager
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tests.common import TEST_CURSOR_COOKIE_NAME, ChromeBrowser, _find_executable
from odoo.tools.image import image_data_uri

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import SatisfactionCommon

SURVEYOR = "satisfaction_survey.group_satisfaction_surveyor"

SCREENSHOTS_ENV = "SATISFACTION_SCREENSHOTS"
PHONE = (390, 844)
TABLET = (820, 1180)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class PageDriver:
    """A few DevTools calls on Odoo's ChromeBrowser: enough to act like a person."""

    # seconds: one evaluation, and how long a condition is waited for
    evaluate_timeout = 20
    wait_timeout = 20

    def __init__(self, test, browser):
        self.test = test
        self.browser = browser
        self.base_url = test.base_url()
        self.taps = 0  # taps (and clicks) since the page driver started

    def evaluate(self, expression, timeout=None):
        result = self.browser._websocket_request(
            "Runtime.evaluate",
            params={
                "expression": expression,
                "returnByValue": True,
                "awaitPromise": True,
            },
            timeout=timeout or self.evaluate_timeout,
        )
        if result.get("exceptionDetails"):
            raise AssertionError(
                "JavaScript error in %r: %s" % (expression, result["exceptionDetails"])
            )
        return result["result"].get("value")

    def wait_for(self, condition, timeout=None, message=None):
        """Poll ``condition`` (JavaScript) until truthy; the page may be navigating."""
        timeout = timeout or self.wait_timeout
        deadline = time.time() + timeout
        last_error = None
        while time.time() < deadline:
            try:
                if self.evaluate(condition, timeout=5):
                    return
            except (
                AssertionError,
                TimeoutError,
            ) as error:  # context destroyed while navigating
                last_error = error
            time.sleep(0.1)
        self.test.fail(
            "%s (waited %ss for %s; %s)"
            % (message or "condition never true", timeout, condition, last_error)
        )

    def open(self, path):
        self.browser.navigate_to(self.base_url + path, wait_stop=True)
        self.wait_for("document.readyState === 'complete'")
        self._mark()

    def _mark(self):
        self.evaluate("window.__ssPage = true")

    def wait_navigation(self, timeout=20):
        self.wait_for(
            "!window.__ssPage && document.readyState === 'complete'",
            timeout=timeout,
            message="the page did not change",
        )
        self._mark()

    def path(self):
        return self.evaluate("location.pathname + location.search")

    def text(self, selector="body"):
        return self.evaluate(
            "(document.querySelector(%s) || {}).innerText || ''" % json.dumps(selector)
        )

    def count(self, selector):
        return self.evaluate(
            "document.querySelectorAll(%s).length" % json.dumps(selector)
        )

    def is_displayed(self, selector):
        return self.evaluate(
            "(function (el) { return !!el && el.offsetHeight > 0"
            " && getComputedStyle(el).display !== 'none'; })"
            "(document.querySelector(%s))" % json.dumps(selector)
        )

    def tap(self, selector):
        """Scroll ``selector`` into view and click at its centre, as a finger would."""
        box = self.evaluate(
            "(function (el) { if (!el) { return null; }"
            " el.scrollIntoView({block: 'center'});"
            " var r = el.getBoundingClientRect();"
            " return [r.left + r.width / 2, r.top + r.height / 2]; })"
            "(document.querySelector(%s))" % json.dumps(selector)
        )
        self.test.assertTrue(box, "nothing to tap at %s" % selector)
        self.taps += 1
        for event in ("mousePressed", "mouseReleased"):
            self.browser._websocket_request(
                "Input.dispatchMouseEvent",
                params={
                    "type": event,
                    "x": box[0],
                    "y": box[1],
                    "button": "left",
                    "clickCount": 1,
                },
            )

    def press(self, key, code, key_code, text=None):
        for event in ("keyDown", "keyUp"):
            params = {
                "type": event,
                "key": key,
                "code": code,
                "windowsVirtualKeyCode": key_code,
            }
            if text and event == "keyDown":
                params["text"] = text
            self.browser._websocket_request("Input.dispatchKeyEvent", params=params)

    def type_into(self, selector, text):
        self.tap(selector)
        self.browser._websocket_request("Input.insertText", params={"text": text})

    def answer_all(self, value, overrides=None):
        """Tap ``value`` (or ``overrides[name]``) in every scale question."""
        names = self.evaluate(
            "Array.from(new Set(Array.from("
            "document.querySelectorAll('input[type=radio]')).map(i => i.name)))"
        )
        for name in names:
            chosen = (overrides or {}).get(name, value)
            self.tap(
                "input[name=%s][value='%s'] + .ss-btn" % (json.dumps(name), chosen)
            )
        return names

    def screenshot(self, name, selector=None):
        """Save the viewport (or the element ``selector``, which must be in
        view) as ``name`` in the screenshots folder, when one is set."""
        params = {"format": "png"}
        if selector:
            box = self.evaluate(
                "(function (el) { const r = el.getBoundingClientRect();"
                " return [r.left, r.top, r.width, r.height]; })"
                "(document.querySelector(%s))" % json.dumps(selector)
            )
            self.test.assertLessEqual(
                box[1] + box[3], self.evaluate("window.innerHeight"), "in view"
            )
            params["clip"] = dict(zip(("x", "y", "width", "height"), box), scale=1)
        data = self.browser._websocket_request(
            "Page.captureScreenshot", params=params, timeout=30
        )["data"]
        png = base64.b64decode(data)
        self.test.assertTrue(png.startswith(PNG_MAGIC))
        folder = os.environ.get(SCREENSHOTS_ENV)
        if folder:
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, name), "wb") as file:
                file.write(png)
        return png


@contextmanager
def chromium(test, size, mobile=True, login=None, driver=PageDriver):
    """Headless Chromium at ``size`` (a phone's, with touch and a dense screen,
    when ``mobile``) for the HttpCase ``test``, cookies of its cursor set,
    logged in as ``login`` when given; yields a ``driver`` of the page."""
    try:
        _find_executable()  # raises SkipTest when there is none
        browser = ChromeBrowser(test, headless=True)
    except unittest.SkipTest as error:  # Odoo skips; these tests must not pass silently
        test.fail(
            "Headless Chromium could not start (%s): install chromium and "
            "websocket-client, as .ci/run does" % error
        )
    try:
        browser._websocket_request(
            "Emulation.setDeviceMetricsOverride",
            params={
                "mobile": mobile,
                "width": size[0],
                "height": size[1],
                "deviceScaleFactor": 2 if mobile else 1,
            },
        )
        test.http_request_key = test.canonical_tag + "_browser_js"
        test.authenticate(login, login, browser=browser)
        test.http_request_strict_check = True
        test.cr.flush()
        test.cr.clear()
        yield driver(test, browser)
        test.assertFalse(
            browser._result.done() and browser._result.exception(),
            "JavaScript error in the page",
        )
    finally:
        browser.stop()
        test._wait_remaining_requests()
        test.http_request_key = test.canonical_tag
        test.opener.cookies[TEST_CURSOR_COOKIE_NAME] = test.http_request_key


@tagged("post_install", "-at_install", "satisfaction_survey", "satisfaction_browser")
class TestBrowser(HttpCase, SatisfactionCommon):
    browser_size = "%sx%s" % PHONE
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.low_score_threshold", "3"
        )

    def _phone(self, size=PHONE, login=None):
        """Headless Chromium at a phone (or ``size``) viewport, cookies of this
        test's cursor set; logged in as ``login`` when given."""
        return chromium(self, size, login=login)

    def _response(self, request):
        return (
            self.env["satisfaction.response"]
            .sudo()
            .search([("request_id", "=", request.id)])
        )

    # ------------------------------------------------------------
    # PUBLIC PAGE
    # ------------------------------------------------------------

    def test_public_page_on_a_phone(self):
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        with self._phone() as page:
            page.open("/r/%s" % request.sudo().access_token)
            self.assertEqual(page.evaluate("document.documentElement.lang"), "vi-VN")
            self.assertEqual(page.evaluate("window.innerWidth"), PHONE[0])
            self.assertLessEqual(
                page.evaluate("document.documentElement.scrollWidth"),
                PHONE[0],
                "no sideways scrolling",
            )
            self.assertEqual(
                page.count("script, link[rel=stylesheet], img, iframe"),
                0,
                "nothing else to download",
            )
            self.assertEqual(
                page.evaluate("performance.getEntriesByType('resource').length"),
                0,
                "a single request",
            )
            page.screenshot("public_page.png")

            # keyboard: Tab reaches the first answer, Space ticks it, a focus ring
            for _i in range(12):
                page.press("Tab", "Tab", 9)
                if page.evaluate("document.activeElement.type === 'radio'"):
                    break
            self.assertEqual(page.evaluate("document.activeElement.type"), "radio")
            page.press(" ", "Space", 32, text=" ")
            self.assertTrue(page.evaluate("document.activeElement.checked"))
            self.assertEqual(
                page.evaluate(
                    "getComputedStyle(document.activeElement.nextElementSibling).outlineStyle"
                ),
                "solid",
            )
            page.evaluate(
                "document.activeElement.closest('fieldset')"
                ".scrollIntoView({block: 'center'})"
            )
            page.screenshot("public_page_question.png")

            names = page.answer_all(4)
            self.assertEqual(len(names), len(request._question_items()))
            self.assertEqual(page.count("input[type=radio]:checked"), len(names))
            self.assertEqual(
                page.evaluate(
                    "Array.from(document.querySelectorAll('.ss-reason, #q_contact'))"
                    ".filter(el => el.offsetHeight > 0).length"
                ),
                0,
                "no reason asked without a low answer",
            )
            page.tap(".ss-submit button")
            page.wait_navigation()
            self.assertEqual(page.count(".ss-done h1"), 1)
            # no answer form; the one that withdraws the consents only
            self.assertEqual(page.count("form:not(#ss_withdraw)"), 0)
            self.assertEqual(page.count("#ss_withdraw"), 1)
            page.screenshot("thanks_page.png")
        response = self._response(request)
        self.assertEqual(len(response.line_ids), len(names))
        self.assertEqual(set(response.line_ids.mapped("value")), {4})

    def test_text_size_and_contrast_links(self):
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        with self._phone() as page:
            page.open("/r/%s?lang=en" % request.sudo().access_token)
            size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
            page.tap("a[href*='fs=1']")
            page.wait_navigation()
            page.tap("a[href*='fs=2']")
            page.wait_navigation()
            page.tap("a[href*='hc=1']")
            page.wait_navigation()
            self.assertGreaterEqual(
                page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)"),
                size * 1.4,
            )
            self.assertEqual(
                page.evaluate("getComputedStyle(document.body).color"), "rgb(0, 0, 0)"
            )
            self.assertEqual(
                page.evaluate("getComputedStyle(document.body).backgroundColor"),
                "rgb(255, 255, 255)",
            )
            self.assertLessEqual(
                page.evaluate("document.documentElement.scrollWidth"), PHONE[0]
            )
            page.screenshot("public_page_large_text_high_contrast.png")
            # the choice goes with the answer: a large, contrasted thank-you page
            page.answer_all(5)
            page.tap(".ss-submit button")
            page.wait_navigation()
            self.assertEqual(
                page.evaluate("document.documentElement.className"), "ss-fs2 ss-hc"
            )

    def test_low_score_asks_for_a_reason(self):
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        overall = "q%s" % self.criterion_overall.id
        box = "#q_%s_reason" % overall
        with self._phone() as page:
            page.open("/r/%s" % request.sudo().access_token)
            page.answer_all(4, overrides={overall: 1})
            self.assertTrue(page.is_displayed(box), "a low answer shows its reason box")
            self.assertEqual(
                page.evaluate(
                    "Array.from(document.querySelectorAll('.ss-reason'))"
                    ".filter(el => el.offsetHeight > 0).length"
                ),
                1,
                "only under the low answer",
            )
            page.evaluate(
                "document.querySelector(%s).scrollIntoView({block: 'center'})"
                % json.dumps(box)
            )
            page.screenshot("public_page_low_score.png")
            # submitted without a reason: the server asks again, answers kept
            page.tap(".ss-submit button")
            page.wait_navigation()
            self.assertEqual(page.count("#q_%s #reason_error" % overall), 1)
            self.assertTrue(page.is_displayed("#q_%s_reason" % overall))
            self.assertTrue(
                page.evaluate(
                    "document.querySelector('input[name=%s][value=\"1\"]').checked"
                    % overall
                )
            )
            self.assertFalse(self._response(request))
            page.type_into(
                "#reason_" + overall, "Phải đi lại ba lần để bổ sung giấy tờ."
            )
            page.tap("input[name=contact_consent]")
            page.tap(".ss-submit button")
            page.wait_navigation()
            self.assertEqual(
                page.count(".ss-done #ss_next_contact"),
                1,
                "the leader will contact them",
            )
        followup = (
            self.env["satisfaction.followup"]
            .sudo()
            .search([("request_id", "=", request.id)])
        )
        self.assertTrue(
            followup.reason.endswith(": Phải đi lại ba lần để bổ sung giấy tờ."),
            followup.reason,
        )
        self.assertTrue(followup.contact_allowed)
        self.assertEqual(followup.user_id, self.user_leader_a)

    def test_quick_mode_in_two_taps(self):
        """From the link to the thank-you page: a level, then Send."""
        self.questionnaire.quick_mode = True
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        overall = "q%s" % self.criterion_overall.id
        with self._phone() as page:
            page.open("/r/%s" % request.sudo().access_token)
            self.assertEqual(page.count("input[type=radio]"), len(self.scale.level_ids))
            self.assertLessEqual(
                page.evaluate("document.documentElement.scrollWidth"), PHONE[0]
            )
            # the question and Send in the first screen, no scrolling needed
            self.assertLessEqual(
                page.evaluate(
                    "document.querySelector('form[method=post]')"
                    ".getBoundingClientRect().bottom"
                ),
                PHONE[1],
            )
            page.screenshot("public_page_quick.png")
            taps_before = page.taps
            page.tap("input[name=%s][value='5'] + .ss-btn" % overall)
            self.assertFalse(page.is_displayed("#q_%s_reason" % overall))
            page.tap(".ss-submit button")
            page.wait_navigation()
            self.assertEqual(page.taps - taps_before, 2, "two taps")
            self.assertEqual(page.count("#ss_thanks"), 1)
            self.assertEqual(page.count("#ss_details_link"), 1)
            page.screenshot("thanks_page_quick.png")
            # the details are optional, on the same link
            page.tap("#ss_details_link")
            page.wait_navigation()
            self.assertEqual(page.count("input[name=%s]" % overall), 0)
            self.assertGreater(page.count("input[type=radio]"), 0)
        response = self._response(request)
        self.assertTrue(response.is_quick)
        self.assertEqual(response.line_ids.value, 5)
        self.assertEqual(response.line_ids.criterion_id, self.criterion_overall)

    def test_quick_mode_low_answer_asks_why_right_under_it(self):
        self.questionnaire.quick_mode = True
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        overall = "q%s" % self.criterion_overall.id
        with self._phone() as page:
            page.open("/r/%s" % request.sudo().access_token)
            page.tap("input[name=%s][value='1'] + .ss-btn" % overall)
            self.assertTrue(page.is_displayed("#q_%s_reason" % overall))
            # right under the levels: no other control in between
            self.assertEqual(
                page.evaluate(
                    "document.querySelector('#q_%s .ss-levels').nextElementSibling.id"
                    % overall
                ),
                "q_%s_reason" % overall,
            )
            page.screenshot("public_page_quick_low.png")
            page.tap(".ss-submit button")  # no reason: the server asks again
            page.wait_navigation()
            self.assertEqual(page.count("#q_%s #reason_error" % overall), 1)
            self.assertTrue(
                page.evaluate(
                    "document.querySelector('input[name=%s][value=\"1\"]').checked"
                    % overall
                )
            )
            page.type_into("#reason_" + overall, "Chờ quá lâu.")
            page.tap(".ss-submit button")
            page.wait_navigation()
            self.assertEqual(page.count("#ss_thanks"), 1)
        response = self._response(request)
        self.assertEqual(response.line_ids.value, 1)
        self.assertTrue(response.low_score_reason.endswith(": Chờ quá lâu."))

    # ------------------------------------------------------------
    # KIOSK
    # ------------------------------------------------------------

    def test_kiosk_cycle(self):
        """The counter tablet: the receipt's code opens the questionnaire,
        once; a low answer offers the predefined reasons."""
        kiosk = self.env["satisfaction.kiosk"].create(
            {"name": "Quầy 1", "unit_id": self.unit_a.id, "counter_name": "Quầy 1"}
        )
        key = kiosk.action_issue_key()["context"][
            "satisfaction_kiosk_issued_url"
        ].rsplit("/", 1)[1]
        start = "/kiosk/%s" % key
        _dossiers, requests = self._return_dossiers(
            2, self.unit_a, citizen_name="Trần Văn Kín"
        )
        first, second = requests
        codes = {
            request.id: self.env["satisfaction.kiosk.code"]._issue(request)[request.id][
                1
            ]
            for request in requests
        }
        self.assertTrue(self.officer_a1.image_128, "an employee has an avatar")
        photo = image_data_uri(self.officer_a1.image_128)
        waiting = self.env.ref("satisfaction_survey.satisfaction_low_reason_waiting")
        overall = "q%s" % self.criterion_overall.id
        self.env["satisfaction.rate.limit"]._reset()
        self.addCleanup(self.env["satisfaction.rate.limit"]._reset)
        with (
            patch(
                "odoo.addons.satisfaction_survey.controllers.kiosk.KIOSK_THANKS_SECONDS",
                1,
            ),
            self._phone(size=TABLET) as page,
        ):
            page.open(start)
            self.assertEqual(page.evaluate("window.innerWidth"), TABLET[0])
            text = page.text()
            self.assertNotIn(first.dossier_ref, text, "the tablet lists nothing")
            self.assertNotIn(second.dossier_ref, text)
            self.assertNotIn("Kín", text, "no citizen name on the tablet")
            self.assertEqual(page.count("a[href*='/rate/']"), 0)
            self.assertEqual(page.count("form[action*='/rate/']"), 0)
            self.assertEqual(page.count("#ss_code"), 1)
            self.assertLessEqual(
                page.evaluate("document.documentElement.scrollWidth"), TABLET[0]
            )

            # a wrong code: a neutral refusal, nothing opened
            page.type_into("#ss_code", "ZZZZ-ZZZZ")
            page.tap(".ss-row button")
            page.wait_navigation()
            self.assertEqual(page.count("#ss_code_error"), 1)
            self.assertEqual(page.count("form[action*='/rate/']"), 0)
            self.assertNotIn(first.dossier_ref, page.text())
            page.evaluate("document.querySelector('#ss_code').value = ''")
            page.evaluate("document.activeElement.blur()")
            page.screenshot("kiosk_start.png")

            # the citizen types the code of their receipt, loosely
            page.type_into("#ss_code", codes[first.id].lower().replace("-", " "))
            page.tap(".ss-row button")
            page.wait_navigation()
            self.assertEqual(page.count("form[action$='/rate/%s']" % first.id), 1)
            facts = page.text(".ss-facts")
            self.assertIn(first.dossier_ref, facts)
            self.assertIn(self.officer_a1.name, facts)
            self.assertNotIn("Kín", page.text(), "no citizen name on the tablet")
            self.assertTrue(
                page.evaluate(
                    "Array.from(document.querySelectorAll('img.ss-photo'))"
                    ".some(img => img.getAttribute('src') === %s"
                    " && img.complete && img.naturalWidth > 0)" % json.dumps(photo)
                ),
                "the served officer's photo, loaded",
            )
            page.screenshot("kiosk_form.png")

            # a low overall answer: the predefined reasons appear
            self.assertFalse(page.is_displayed(".ss-reasons"))
            page.answer_all(4, overrides={overall: 1})
            self.assertTrue(page.is_displayed(".ss-reasons"))
            reasons = page.text(".ss-reasons")
            self.assertTrue(
                any(
                    waiting.with_context(lang=lang).name in reasons
                    for lang in ("en_US", "vi_VN")
                ),
                reasons,
            )
            page.tap("input[name=low_reason_%s]" % waiting.id)
            self.assertTrue(
                page.evaluate(
                    "document.querySelector('input[name=low_reason_%s]').checked"
                    % waiting.id
                )
            )
            page.evaluate(
                "document.querySelector('#q_contact').scrollIntoView({block: 'center'})"
            )
            page.screenshot("kiosk_low_reasons.png")
            page.tap(".ss-submit button")
            page.wait_navigation()
            self.assertEqual(page.path(), start + "/thanks")
            self.assertEqual(page.count(".ss-done h1"), 1)
            page.screenshot("kiosk_thanks.png")
            # back to the start screen by itself, for the next citizen
            page.wait_navigation(timeout=15)
            self.assertEqual(page.path(), start)
            # the Back button never shows the previous citizen's answers
            page.evaluate("history.back()")
            page.wait_navigation()
            self.assertEqual(page.count("input:checked"), 0)
            self.assertNotEqual(page.path(), start + "/rate/%s" % first.id)

            # the used code opens nothing any more
            page.open(start)
            page.type_into("#ss_code", codes[first.id])
            page.tap(".ss-row button")
            page.wait_navigation()
            self.assertEqual(page.count("#ss_code_error"), 1)
            self.assertEqual(page.count("form[action*='/rate/']"), 0)

            # idle: an abandoned questionnaire goes back to the start, answers dropped
            # below the 15 s minimum of the form, to keep the test short
            self.env.cr.execute(
                "UPDATE satisfaction_kiosk SET idle_reset_seconds = 2 WHERE id = %s",
                [kiosk.id],
            )
            kiosk.invalidate_recordset()
            page.open(start)
            page.type_into("#ss_code", codes[second.id])
            page.tap(".ss-row button")
            page.wait_navigation()
            page.tap("input[value='2'] + .ss-btn")
            page.wait_navigation(timeout=10)
            self.assertEqual(page.path(), start)
            self.assertEqual(page.count("input:checked"), 0)
        response = self._response(first)
        self.assertEqual(response.channel, "kiosk")
        self.assertEqual(response.kiosk_id, kiosk)
        self.assertEqual(response.low_reason_ids, waiting)
        values = {line.criterion_id: line.value for line in response.line_ids}
        self.assertEqual(values.pop(self.criterion_overall), 1)
        self.assertEqual(set(values.values()), {4})
        self.assertFalse(self._response(second))
        requests.invalidate_recordset()
        self.assertEqual(second.state, "sent")

    # ------------------------------------------------------------
    # SURVEYOR
    # ------------------------------------------------------------

    def _surveyor_campaign(self):
        """A running verification survey of units A and B; its calls shared
        between a surveyor from outside both units and one of unit A."""
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.auto_send", "False"
        )
        lang = "vi_VN" if self.env["res.lang"]._lang_get("vi_VN") else "en_US"
        surveyor = mail_new_test_user(
            self.env,
            login="ss_surveyor_out",
            groups=SURVEYOR,
            name="Đỗ Thị Khảo Sát",
            lang=lang,
        )
        insider = mail_new_test_user(
            self.env, login="ss_surveyor_in", groups=SURVEYOR, name="Vũ Văn Nội Bộ"
        )
        self.env["hr.employee"].create(
            {
                "name": "Vũ Văn Nội Bộ",
                "department_id": self.unit_a.id,
                "user_id": insider.id,
            }
        )
        self._return_dossiers(4, self.unit_a)
        self._return_dossiers(4, self.unit_b)
        today = fields.Date.context_today(self.env["satisfaction.campaign"])
        campaign = (
            self.env["satisfaction.campaign"]
            .with_user(self.user_reviewer)
            .create(
                {
                    "name": "Kiểm tra độc lập quý II",
                    "date_from": today - timedelta(days=1),
                    "date_to": today + timedelta(days=1),
                    "unit_ids": [(6, 0, (self.unit_a | self.unit_b).ids)],
                    "questionnaire_id": self.questionnaire.id,
                    "margin": 10.0,
                    "surveyor_ids": [(6, 0, (surveyor | insider).ids)],
                }
            )
        )
        campaign.action_draw()
        calls = campaign.call_ids
        self.assertFalse(
            calls.filtered(lambda c: c.unit_id == self.unit_a).surveyor_id - surveyor,
            "unit A is called from outside",
        )
        self.assertTrue(calls.filtered(lambda c: c.surveyor_id == insider))
        return surveyor, campaign

    def _work_a_call(self, size, screenshots=False):
        """The surveyor opens their call list in the web client, opens a call,
        reads the script and records the citizen's answers.

        Below 768 px the web client is its small-screen version: calls and
        questions as cards, a question's levels in a dialog. A tablet held
        upright gets the desktop one: a list, and the answers edited in it."""
        surveyor, campaign = self._surveyor_campaign()
        mine = campaign.call_ids.filtered(lambda c: c.surveyor_id == surveyor)
        levels = {level.value: level for level in self.scale.level_ids}
        names = {
            value: level.with_context(lang=surveyor.lang).display_name
            for value, level in levels.items()
        }
        small = size[0] < 768
        action = "/odoo/action-satisfaction_survey.satisfaction_campaign_call_action"
        if small:
            rows = ".o_kanban_view .o_kanban_record:not(.o_kanban_ghost)"
            answers = (
                ".o_field_widget[name=answer_ids] .o_kanban_renderer"
                " > article.o_kanban_record"
            )
        else:
            rows = ".o_list_view .o_data_row"
            answers = ".o_field_widget[name=answer_ids] .o_data_row"
        with self._phone(size=size, login=surveyor.login) as page:
            page.open(action)
            page.wait_for(
                "document.querySelectorAll(%s).length > 0" % json.dumps(rows),
                timeout=120,
                message="the call list did not show",
            )
            self.assertLessEqual(
                page.evaluate("document.documentElement.scrollWidth"), size[0]
            )
            self.assertEqual(page.count(rows), len(mine))
            # whatever the filters, the session reads this surveyor's calls only
            visible = page.evaluate(
                "fetch('/web/dataset/call_kw/satisfaction.campaign.call/search_read',"
                " {method: 'POST', headers: {'Content-Type': 'application/json'},"
                " body: JSON.stringify({jsonrpc: '2.0', method: 'call', params: {"
                "model: 'satisfaction.campaign.call', method: 'search_read',"
                " args: [[]], kwargs: {fields: ['id']}}})})"
                ".then(r => r.json()).then(r => r.result.map(c => c.id))"
            )
            self.assertEqual(sorted(visible), sorted(mine.ids))
            if screenshots:
                page.screenshot("surveyor_call_list.png")

            page.tap(rows if small else rows + " td[name=procedure_id]")
            page.wait_for(
                "!!document.querySelector('.o_form_view .o_form_statusbar')",
                message="the call did not open",
            )
            call = self.env["satisfaction.campaign.call"].browse(
                int(page.path().rstrip("/").rsplit("/", 1)[1])
            )
            self.assertIn(call, mine)
            request = call.sudo().request_id
            # the number to call, a tap away; the script before the questions
            self.assertEqual(page.count("a[href='tel:%s']" % request.citizen_phone), 1)
            self.assertTrue(page.is_displayed(".o_form_view .alert-info"))
            # one set of outcome buttons on the screen, whatever its size
            self.assertEqual(
                page.evaluate(
                    "Array.from(document.querySelectorAll("
                    "'button[name=action_no_answer]')).filter("
                    "b => b.offsetHeight > 0).length"
                ),
                1,
            )
            page.tap("button[name=action_prepare_answers]:not(.d-none)")
            page.wait_for(
                "document.querySelectorAll(%s).length > 0" % json.dumps(answers)
            )
            count = page.count(answers)
            self.assertEqual(
                count,
                len(
                    self.questionnaire.criterion_ids.filtered(
                        lambda c: c.question_type == "scale"
                    )
                ),
            )
            if screenshots:
                page.screenshot("surveyor_call_form.png")
            chosen = []
            for index in range(count):
                value = 2 if index == count - 1 else 4
                chosen.append(value)
                answer = "%s:nth-child(%d)" % (answers, index + 1)
                if small:
                    self.assertEqual(page.count(answer + " .text-danger"), 1)
                    page.tap(answer)
                    page.wait_for("!!document.querySelector('.modal .o_field_radio')")
                    page.tap(
                        ".modal input.o_radio_input[data-value='%s']" % levels[value].id
                    )
                    page.tap(".modal .o_form_button_save")
                    page.wait_for(
                        "!document.querySelector('.modal')"
                        " && !document.querySelector(%s)"
                        % json.dumps(answer + " .text-danger"),
                        message="the answer was not kept",
                    )
                else:
                    page.tap(answer + " td[name=level_id]")
                    field = answer + " .o_field_widget[name=level_id] input"
                    page.wait_for("!!document.querySelector(%s)" % json.dumps(field))
                    page.tap(field)
                    page.wait_for(
                        "Array.from(document.querySelectorAll("
                        "'.o-autocomplete--dropdown-item'))"
                        ".some(el => el.innerText.trim() === %s)"
                        % json.dumps(names[value]),
                        message="the level is not offered",
                    )
                    self.assertTrue(
                        page.evaluate(
                            "(function (name) { var item = Array.from("
                            "document.querySelectorAll('.o-autocomplete--dropdown-item'))"
                            ".find(el => el.innerText.trim() === name);"
                            " if (item) { item.setAttribute('data-ss-pick', '1'); }"
                            " return !!item; })(%s)" % json.dumps(names[value])
                        ),
                        "the level is offered",
                    )
                    page.tap("[data-ss-pick] a, [data-ss-pick]")
                    page.wait_for(
                        "!document.querySelector('.o-autocomplete--dropdown-item')"
                        " && document.querySelector(%s).value === %s"
                        % (
                            json.dumps(field),
                            json.dumps(names[value]),
                        ),
                        message="the answer was not kept",
                    )
            if screenshots:
                page.evaluate(
                    "document.querySelector('.o_field_widget[name=answer_ids]')"
                    ".scrollIntoView({block: 'start'})"
                )
                page.screenshot("surveyor_call_answers.png")
            page.tap("button[name=action_answered]:not(.d-none)")
            page.wait_for(
                "!!document.querySelector("
                "'.o_statusbar_status [aria-checked=true][data-value=answered]')",
                message="the call was not closed as answered",
            )
            self.assertEqual(page.count("a[href^='tel:']"), 0, "the number hidden")
        call.invalidate_recordset()
        self.assertEqual(call.state, "answered")
        self.assertEqual(call.attempt_count, 1)
        answers = call.answer_ids.sorted("sequence")
        self.assertEqual(answers.mapped("value"), chosen)
        self.assertEqual(
            answers.mapped("level_id"),
            self.env["satisfaction.scale.level"].concat(*(levels[v] for v in chosen)),
        )
        # answers given to a surveyor stay apart from the counter responses
        self.assertFalse(self._response(request))
        self.assertEqual(call.stratum_id.answered_count, 1)
        self.assertTrue((mine - call).filtered(lambda c: c.state == "to_call"))

    def test_surveyor_call_list_on_a_phone(self):
        self._work_a_call(PHONE, screenshots=True)

    def test_surveyor_call_list_on_a_tablet(self):
        self._work_a_call(TABLET)
