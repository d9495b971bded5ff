"""Per-IP and per-token rate limits of the public rating page (HTTP 429)."""

import re

from odoo.tests import HttpCase, tagged

from ..controllers import rate_limit
from .common import SatisfactionCommon

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestRateLimit(HttpCase, SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dossiers, cls.requests = cls._return_dossiers(3, cls.unit_a)
        cls.urls = ["/r/%s" % request.sudo().access_token for request in cls.requests]

    def setUp(self):
        super().setUp()
        rate_limit.reset()
        self.addCleanup(rate_limit.reset)

    def _limits(self, ip, token):
        icp = self.env["ir.config_parameter"].sudo()
        icp.set_param("satisfaction_survey.rate_limit_ip", ip)
        icp.set_param("satisfaction_survey.rate_limit_token", token)

    def test_token_limit_then_429_other_tokens_unaffected(self):
        self._limits("1000/60", "3/60")
        for _ in range(3):
            self.assertEqual(self.url_open(self.urls[0]).status_code, 200)
        limited = self.url_open(self.urls[0])
        self.assertEqual(limited.status_code, 429)
        retry_after = int(limited.headers["Retry-After"])
        self.assertTrue(1 <= retry_after <= 60, retry_after)
        self.assertEqual(limited.headers.get("Cache-Control"), "no-store")
        self.assertNotIn('name="csrf_token"', limited.text, "no form on the 429 page")
        self.assertNotIn(self.urls[0][3:], limited.text)
        # a POST on the limited link is refused the same way, nothing recorded
        csrf = CSRF_RE.search(self.url_open(self.urls[1]).text).group(1)
        form = dict(self._build_form(self.requests[0], 5), csrf_token=csrf)
        self.assertEqual(self.url_open(self.urls[0], data=form).status_code, 429)
        self.assertFalse(
            self.env["satisfaction.response"]
            .sudo()
            .search([("request_id", "=", self.requests[0].id)])
        )
        # other links still work
        self.assertEqual(self.url_open(self.urls[1]).status_code, 200)
        self.assertEqual(self.url_open(self.urls[2]).status_code, 200)
        # after a reset (or the window), the link works again
        rate_limit.reset()
        self.assertEqual(self.url_open(self.urls[0]).status_code, 200)

    def test_ip_limit(self):
        self._limits("4/60", "0")
        statuses = [self.url_open(self.urls[i % 3]).status_code for i in range(4)]
        self.assertEqual(statuses, [200] * 4)
        for url in self.urls + ["/r/%s" % ("A" * 22)]:
            page = self.url_open(url)
            self.assertEqual(page.status_code, 429, url)
            self.assertIn("Retry-After", page.headers)

    def test_unknown_tokens_counted_and_indistinguishable(self):
        """Probing unknown tokens is limited like real ones, with the same 429 page."""
        self._limits("1000/60", "2/60")
        unknown = "/r/%s" % ("B" * 22)
        self.assertEqual(
            [self.url_open(unknown).status_code for _ in range(2)], [404, 404]
        )
        page_unknown = self.url_open(unknown)
        for _ in range(2):
            self.url_open(self.urls[2])
        page_known = self.url_open(self.urls[2])
        self.assertEqual((page_unknown.status_code, page_known.status_code), (429, 429))
        self.assertEqual(page_unknown.text, page_known.text)

    def test_disabled_and_unreadable_settings(self):
        self._limits("0", "off")
        self.assertEqual(
            {self.url_open(self.urls[0]).status_code for _ in range(25)}, {200}
        )
        self.assertEqual(len(rate_limit.LIMITER), 0, "nothing counted when disabled")
        # a typo falls back to the defaults (60/60, 20/60), never to no limit
        self._limits("sixty", "twenty")
        statuses = [self.url_open(self.urls[1]).status_code for _ in range(21)]
        self.assertEqual(statuses[:20], [200] * 20)
        self.assertEqual(statuses[20], 429)
