"""Office networks: the setting, and what a link rating keeps of its address."""

from unittest.mock import patch

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import config

from .common import SatisfactionCommon
from .test_public_page import CSRF_RE

PARAM = "satisfaction_survey.integrity_office_networks"
OFFICE_V6 = "2001:db8:10::25"
OFFICE_V4 = "203.0.113.7"


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestOfficeNetwork(HttpCase, SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.icp = cls.env["ir.config_parameter"].sudo()
        cls.icp.set_param(PARAM, "203.0.113.0/24, 2001:db8:10::/48")
        cls.Signal = cls.env["satisfaction.integrity.signal"]
        cls.dossiers, cls.requests = cls._return_dossiers(4, cls.unit_a)

    def _settings(self, value):
        return self.env["res.config.settings"].create(
            {"satisfaction_integrity_office_networks": value}
        )

    def _submit(self, request, forwarded_for=None):
        """Send ``request``'s form as the citizen's browser, through a reverse
        proxy that says the client is ``forwarded_for``."""
        url = "/r/%s" % request.sudo().access_token
        headers = {}
        if forwarded_for:
            host = self.base_url().split("//", 1)[1]
            headers = {"X-Forwarded-For": forwarded_for, "X-Forwarded-Host": host}
        page = self.url_open(url, headers=headers)
        csrf = CSRF_RE.search(page.text).group(1)
        data = dict(self._build_form(request, 5), csrf_token=csrf)
        result = self.url_open(url, data=data, headers=headers, allow_redirects=False)
        self.assertEqual(result.status_code, 200)
        self.env.invalidate_all()
        return request.sudo().response_ids

    # ------------------------------------------------------------
    # SETTINGS
    # ------------------------------------------------------------

    def test_bad_network_refused_with_a_clear_message(self):
        with self.assertRaises(ValidationError) as bad:
            self._settings("203.0.113.0/24, 203.0.300.0/24")
        self.assertIn("203.0.300.0/24 is not a network", str(bad.exception))
        with self.assertRaises(ValidationError) as host_bits:
            self._settings("203.0.113.7/24")
        self.assertIn("did you mean 203.0.113.0/24?", str(host_bits.exception))
        self.assertEqual(
            self.icp.get_param(PARAM), "203.0.113.0/24, 2001:db8:10::/48", "kept"
        )

    def test_networks_saved_in_one_form(self):
        settings = self._settings("2001:DB8:20::/48\n198.51.100.0/24;")
        settings.execute()
        self.assertEqual(self.icp.get_param(PARAM), "2001:db8:20::/48, 198.51.100.0/24")
        self.assertTrue(self.Signal._is_office_address("2001:db8:20:5::1"))
        self.assertTrue(self.Signal._is_office_address("198.51.100.9"))
        self.assertFalse(self.Signal._is_office_address(OFFICE_V6), "replaced")
        self._settings("").execute()
        self.assertFalse(self.icp.get_param(PARAM))
        self.assertFalse(self.Signal._is_office_address("198.51.100.9"))

    def test_unusable_stored_value_matches_nothing(self):
        # set behind the Settings screen's back: logged, no office network
        self.icp.set_param(PARAM, "office-wifi")
        with self.assertLogs(
            "odoo.addons.satisfaction_survey.models.satisfaction_integrity_signal",
            "WARNING",
        ):
            self.assertFalse(self.Signal._is_office_address(OFFICE_V4))

    # ------------------------------------------------------------
    # SUBMIT
    # ------------------------------------------------------------

    def test_behind_the_proxy_the_citizens_address_decides(self):
        with patch.dict(config.options, {"proxy_mode": True}):
            office = self._submit(self.requests[0], forwarded_for=OFFICE_V6)
            home = self._submit(self.requests[1], forwarded_for="2001:db8:99::1")
            office_v4 = self._submit(self.requests[2], forwarded_for=OFFICE_V4)
        self.assertEqual(len(office | home | office_v4), 3)
        self.assertTrue(office.from_office_network, "IPv6 address in 2001:db8:10::/48")
        self.assertFalse(home.from_office_network)
        self.assertTrue(office_v4.from_office_network)
        # only the outcome is kept: the address is on no field of the rating
        values = office.read()[0]
        self.assertFalse([k for k, v in values.items() if OFFICE_V6 in str(v)])

    def test_without_proxy_mode_a_forwarded_header_is_not_believed(self):
        with patch.dict(config.options, {"proxy_mode": False}):
            response = self._submit(self.requests[3], forwarded_for=OFFICE_V6)
        # the address is the connection's (127.0.0.1), not the header's
        self.assertFalse(response.from_office_network)
