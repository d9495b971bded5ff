"""The settings reader: typed values, defaults, a warning for unusable values."""

from odoo.tests import TransactionCase, tagged

LOGGER = "odoo.addons.satisfaction_survey.models.satisfaction_settings"
KEY = "satisfaction_survey.test_setting"


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestSettings(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Settings = cls.env["satisfaction.settings"]
        cls.icp = cls.env["ir.config_parameter"].sudo()

    def _store(self, value):
        self.icp.set_param(KEY, value)

    def test_absent_setting_gives_the_default_without_warning(self):
        self._store(False)
        with self.assertNoLogs(LOGGER, "WARNING"):
            self.assertEqual(self.Settings._get_int(KEY, 30, minimum=1), 30)
            self.assertIs(self.Settings._get_bool(KEY, True), True)
            self.assertEqual(self.Settings._get_float(KEY, 0.5), 0.5)
            self.assertEqual(self.Settings._get_str(KEY, "sms"), "sms")

    def test_typed_values(self):
        self._store(" 12 ")
        self.assertEqual(self.Settings._get_int(KEY, 30), 12)
        self.assertEqual(self.Settings._get_float(KEY, 0.5), 12.0)
        self.assertEqual(self.Settings._get_str(KEY), "12")
        self._store("False")
        self.assertIs(self.Settings._get_bool(KEY, True), False)
        self._store("1")
        self.assertIs(self.Settings._get_bool(KEY), True)

    def test_unusable_value_falls_back_to_the_default_with_a_warning(self):
        self._store("thirty")
        with self.assertLogs(LOGGER, "WARNING") as logs:
            self.assertEqual(self.Settings._get_int(KEY, 30), 30)
        self.assertIn(KEY, logs.output[0])
        self.assertIn("'thirty' is not a whole number, using 30", logs.output[0])
        with self.assertLogs(LOGGER, "WARNING"):
            self.assertIs(self.Settings._get_bool(KEY, True), True)
        with self.assertLogs(LOGGER, "WARNING"):
            self.assertEqual(
                self.Settings._get_str(KEY, "sms", choices=("sms", "email")), "sms"
            )

    def test_value_out_of_range_is_brought_within_it(self):
        self._store("-3")
        with self.assertLogs(LOGGER, "WARNING") as logs:
            self.assertEqual(self.Settings._get_int(KEY, 30, minimum=1), 1)
        self.assertIn("below the minimum 1", logs.output[0])

    def test_callers_read_through_the_accessor(self):
        self.icp.set_param("satisfaction_survey.validity_days", "0")
        with self.assertLogs(LOGGER, "WARNING"):
            self.assertEqual(self.env["satisfaction.request"]._validity_days(), 1)
        self.icp.set_param("satisfaction_survey.preferred_channel", "fax")
        with self.assertLogs(LOGGER, "WARNING"):
            self.assertEqual(
                self.env["satisfaction.request"]._preferred_channel(), "sms"
            )
        self.icp.set_param("satisfaction_survey.auto_send", "0")
        self.assertFalse(self.env["satisfaction.request"]._auto_send_enabled())
