import logging
from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SatisfactionCommon

MARCH = date(2025, 3, 1)
JANUARY = date(2025, 1, 1)
YEAR = date(2025, 1, 1)
REPORT_LOGGER = "odoo.addons.satisfaction_survey.reports.satisfaction_quota_report"


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestQuotas(SatisfactionCommon):
    """Worked examples, with the shipped defaults 25 / 20 a month and 250 / 100 a year.

    Unit A, March 2025: 24 responses; 20 rate officers A1 and A2, 4 rate A1 only.
        unit 24 of 25 -> short by 1; A1 24 of 20 -> met; A2 20 of 20 -> met (boundary).
    Unit A, January 2025: 2 responses rating A1 and A2.
        unit 2 of 25 -> short by 23; A1, A2 2 of 20 -> short by 18.
    Year 2025, unit A: 26 of 250 -> short by 224;
        A1 26 of 100 -> 74; A2 22 of 100 -> 78.
    Unit B, March 2025: 12 responses rating B1, one of them at 17:30 UTC on 28 February
    (00:30 on 1 March in Vietnam).
        unit 12 of 25 -> short by 13; B1 12 of 20 -> short by 8.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["satisfaction.quota.report"]
        cls.Quota = cls.env["satisfaction.quota"]
        cls.user_leader_a.lang = "en_US"

        def answered(n, unit, when, **dossier_vals):
            _dossiers, requests = cls._return_dossiers(n, unit, **dossier_vals)
            responses = cls.env["satisfaction.response"]
            for request in requests:
                responses |= cls._answer(request, 5)
            responses.write({"date": when})
            return responses

        march = datetime(2025, 3, 10, 3, 0)
        cls.responses_a_march = answered(20, cls.unit_a, march) | answered(
            4, cls.unit_a, march, handling_officer_ids=[(5, 0, 0)]
        )
        cls.responses_a_january = answered(2, cls.unit_a, datetime(2025, 1, 15, 3, 0))
        cls.responses_b_march = answered(11, cls.unit_b, march) | answered(
            1, cls.unit_b, datetime(2025, 2, 28, 17, 30)
        )
        cls.env.flush_all()

    def _row(self, scope, period, day, unit=None, officer=None, user=None):
        self.env.flush_all()
        self.Report.invalidate_model()  # a SQL view: quotas changed since the last read
        Report = self.Report.with_user(user) if user else self.Report
        domain = [("scope", "=", scope), ("period", "=", period), ("date", "=", day)]
        if scope == "officer":
            domain.append(("officer_id", "=", officer.id))
        else:
            domain.append(("unit_id", "=", unit.id))
        rows = Report.search(domain)
        self.assertLessEqual(len(rows), 1, "one row per subject and period")
        return rows

    def _figures(self, row):
        return row.rating_count, row.quota, row.shortfall, row.is_short

    # ------------------------------------------------------------
    # COUNTS AND DEFAULTS
    # ------------------------------------------------------------

    def test_monthly_defaults(self):
        self.assertEqual(
            self._figures(self._row("unit", "month", MARCH, unit=self.unit_a)),
            (24, 25, 1, True),
        )
        self.assertEqual(
            self._figures(
                self._row("officer", "month", MARCH, officer=self.officer_a1)
            ),
            (24, 20, 0, False),
        )
        self.assertEqual(
            self._figures(
                self._row("officer", "month", MARCH, officer=self.officer_a2)
            ),
            (20, 20, 0, False),
            "exactly the quota is not short",
        )
        self.assertEqual(
            self._figures(self._row("unit", "month", JANUARY, unit=self.unit_a)),
            (2, 25, 23, True),
        )
        self.assertEqual(
            self._figures(
                self._row("officer", "month", JANUARY, officer=self.officer_a2)
            ),
            (2, 20, 18, True),
        )
        # February: nothing for unit A, no row
        self.assertFalse(self._row("unit", "month", date(2025, 2, 1), unit=self.unit_a))

    def test_month_in_local_time(self):
        """The answer given at 00:30 on 1 March in Vietnam counts in March."""
        self.assertEqual(
            self._figures(self._row("unit", "month", MARCH, unit=self.unit_b)),
            (12, 25, 13, True),
        )
        self.assertEqual(
            self._figures(
                self._row("officer", "month", MARCH, officer=self.officer_b1)
            ),
            (12, 20, 8, True),
        )
        self.assertFalse(self._row("unit", "month", date(2025, 2, 1), unit=self.unit_b))

    def test_yearly_defaults(self):
        self.assertEqual(
            self._figures(self._row("unit", "year", YEAR, unit=self.unit_a)),
            (26, 250, 224, True),
        )
        self.assertEqual(
            self._figures(self._row("officer", "year", YEAR, officer=self.officer_a1)),
            (26, 100, 74, True),
        )
        self.assertEqual(
            self._figures(self._row("officer", "year", YEAR, officer=self.officer_a2)),
            (22, 100, 78, True),
        )
        self.assertEqual(
            self._figures(self._row("unit", "year", YEAR, unit=self.unit_b)),
            (12, 250, 238, True),
        )
        # a yearly override for unit A: 26 ratings meet 20
        self.Quota.create(
            {
                "scope": "unit",
                "period": "year",
                "unit_id": self.unit_a.id,
                "minimum_ratings": 20,
            }
        )
        self.assertEqual(
            self._figures(self._row("unit", "year", YEAR, unit=self.unit_a)),
            (26, 20, 0, False),
        )
        self.assertEqual(
            self._row("unit", "year", YEAR, unit=self.unit_b).quota,
            250,
            "other units keep the default",
        )

    def test_officer_row_attributes(self):
        row = self._row("officer", "month", MARCH, officer=self.officer_a2)
        self.assertEqual(
            row.unit_id, self.unit_a, "an officer row belongs to the officer's unit"
        )
        self.assertEqual(
            row.quota_id, self.env.ref("satisfaction_survey.quota_officer_month")
        )
        self.assertTrue(row.is_closed)
        unit_row = self._row("unit", "month", MARCH, unit=self.unit_a)
        self.assertFalse(unit_row.officer_id)
        self.assertEqual(
            unit_row.quota_id, self.env.ref("satisfaction_survey.quota_unit_month")
        )
        rows = self.Report.search([("unit_id", "in", (self.unit_a | self.unit_b).ids)])
        self.assertEqual(len(rows.ids), len(set(rows.ids)), "row ids are unique")

    def test_unanswered_requests_make_a_short_row(self):
        """A month with rating requests but no answer is short by the whole quota."""
        _dossiers, _requests = self._return_dossiers(
            1, self.unit_a
        )  # requested now, not answered
        self.env.flush_all()
        current = self.Report.search(
            [
                ("scope", "=", "unit"),
                ("period", "=", "month"),
                ("unit_id", "=", self.unit_a.id),
                ("is_closed", "=", False),
            ]
        )
        self.assertEqual(len(current), 1)
        self.assertEqual(self._figures(current), (0, 25, 25, True))

    # ------------------------------------------------------------
    # OVERRIDES
    # ------------------------------------------------------------

    def test_officer_override(self):
        self.assertEqual(
            self._figures(
                self._row("officer", "month", MARCH, officer=self.officer_b1)
            ),
            (12, 20, 8, True),
        )
        override = self.Quota.create(
            {
                "scope": "officer",
                "period": "month",
                "officer_id": self.officer_b1.id,
                "minimum_ratings": 10,
            }
        )
        row = self._row("officer", "month", MARCH, officer=self.officer_b1)
        self.assertEqual(self._figures(row), (12, 10, 0, False))
        self.assertEqual(row.quota_id, override)
        # other officers keep the default, the yearly quota is untouched
        self.assertEqual(
            self._row("officer", "month", MARCH, officer=self.officer_a1).quota, 20
        )
        self.assertEqual(
            self._row("officer", "year", YEAR, officer=self.officer_b1).quota, 100
        )
        # archived: back to the default
        override.action_archive()
        self.assertEqual(
            self._figures(
                self._row("officer", "month", MARCH, officer=self.officer_b1)
            ),
            (12, 20, 8, True),
        )

    def test_unit_level_officer_quota_and_precedence(self):
        """Officer quota > quota for the officers of a unit > default."""
        self.Quota.create(
            {
                "scope": "officer",
                "period": "month",
                "unit_id": self.unit_a.id,
                "minimum_ratings": 21,
            }
        )
        self.assertEqual(
            self._figures(
                self._row("officer", "month", MARCH, officer=self.officer_a2)
            ),
            (20, 21, 1, True),
        )
        self.assertEqual(
            self._figures(
                self._row("officer", "month", MARCH, officer=self.officer_a1)
            ),
            (24, 21, 0, False),
        )
        self.assertEqual(
            self._row("officer", "month", MARCH, officer=self.officer_b1).quota,
            20,
            "unit B: default",
        )
        self.Quota.create(
            {
                "scope": "officer",
                "period": "month",
                "officer_id": self.officer_a2.id,
                "minimum_ratings": 15,
            }
        )
        self.assertEqual(
            self._figures(
                self._row("officer", "month", MARCH, officer=self.officer_a2)
            ),
            (20, 15, 0, False),
        )
        self.assertEqual(
            self._row("officer", "month", MARCH, officer=self.officer_a1).quota, 21
        )

    def test_unit_override(self):
        self.Quota.create(
            {
                "scope": "unit",
                "period": "month",
                "unit_id": self.unit_a.id,
                "minimum_ratings": 24,
            }
        )
        self.assertEqual(
            self._figures(self._row("unit", "month", MARCH, unit=self.unit_a)),
            (24, 24, 0, False),
        )
        self.assertEqual(
            self._figures(self._row("unit", "month", MARCH, unit=self.unit_b)),
            (12, 25, 13, True),
        )

    def test_no_quota_no_row(self):
        self.env.ref("satisfaction_survey.quota_unit_month").action_archive()
        self.assertFalse(self._row("unit", "month", MARCH, unit=self.unit_a))
        self.assertTrue(self._row("unit", "year", YEAR, unit=self.unit_a))

    def test_quota_constraints(self):
        with self.assertRaises(ValidationError), mute_logger("odoo.sql_db"):
            self.Quota.create(
                {"scope": "unit", "period": "month", "minimum_ratings": 30}
            )  # second default
        with self.assertRaises(ValidationError):
            self.Quota.create(
                {
                    "scope": "unit",
                    "period": "month",
                    "minimum_ratings": -1,
                    "unit_id": self.unit_a.id,
                }
            )
        with self.assertRaises(ValidationError):
            self.Quota.create(
                {
                    "scope": "unit",
                    "period": "month",
                    "minimum_ratings": 5,
                    "officer_id": self.officer_a1.id,
                }
            )

    def test_quota_changes_are_tracked(self):
        quota = self.env.ref("satisfaction_survey.quota_unit_month")
        quota.minimum_ratings = 30
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written before commit
        tracked = quota.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "minimum_ratings"
        )
        self.assertEqual(
            (tracked.old_value_integer, tracked.new_value_integer), (25, 30)
        )

    # ------------------------------------------------------------
    # CRON
    # ------------------------------------------------------------

    def _activities(self, unit):
        return self.env["mail.activity"].search(
            [("res_model", "=", "hr.department"), ("res_id", "=", unit.id)]
        )

    def test_cron_one_activity_for_the_leader(self):
        self.unit_a.manager_id = self.leader_a_employee
        self.Quota.create(
            {
                "scope": "officer",
                "period": "month",
                "officer_id": self.officer_a2.id,
                "minimum_ratings": 22,
            }
        )
        with self.assertLogs(REPORT_LOGGER, level=logging.INFO) as logs:
            created = self.Report._cron_notify_short_months(month=MARCH)
        self.assertIn(
            self.unit_b.name,
            "\n".join(logs.output),
            "unit B has no leader: logged, skipped",
        )
        self.assertFalse(self._activities(self.unit_b))
        activity = self._activities(self.unit_a)
        self.assertEqual(len(activity), 1)
        self.assertEqual(created, activity)
        self.assertEqual(activity.user_id, self.user_leader_a)
        self.assertEqual(
            activity.activity_type_id, self.env.ref("mail.mail_activity_data_todo")
        )
        self.assertIn("03/2025", activity.summary)
        note = str(activity.note)
        self.assertIn("24 ratings of 25 (short by 1)", note)
        self.assertIn(self.unit_a.name, note)
        self.assertIn(
            "%s, 03/2025: 20 ratings of 22 (short by 2)" % self.officer_a2.name, note
        )
        self.assertNotIn(self.officer_a1.name, note, "A1 met the quota")
        self.assertNotIn(self.officer_b1.name, note, "another unit's officer")

        # idempotent: a second run, and a run after the leader marked it done
        self.assertFalse(self.Report._cron_notify_short_months(month=MARCH))
        self.assertEqual(len(self._activities(self.unit_a)), 1)
        activity.with_user(self.user_leader_a).action_feedback(
            feedback="Đã nhắc cán bộ"
        )
        self.assertFalse(self._activities(self.unit_a))
        self.assertFalse(self.Report._cron_notify_short_months(month=MARCH))
        self.assertFalse(self._activities(self.unit_a))

        # another month is another activity
        january = self.Report._cron_notify_short_months(month=JANUARY)
        self.assertEqual(len(january), 1)
        self.assertIn("2 ratings of 25 (short by 23)", str(january.note))

    def test_cron_nothing_when_quota_met(self):
        self.unit_a.manager_id = self.leader_a_employee
        self.Quota.create(
            {
                "scope": "unit",
                "period": "month",
                "unit_id": self.unit_a.id,
                "minimum_ratings": 24,
            }
        )
        self.assertFalse(self.Report._cron_notify_short_months(month=MARCH))
        self.assertFalse(self._activities(self.unit_a))

    def test_cron_december_lists_the_year(self):
        self.unit_a.manager_id = self.leader_a_employee
        december = self.responses_a_january[:1]
        december.date = datetime(2025, 12, 5, 3, 0)
        self.env.flush_all()
        activity = self.Report._cron_notify_short_months(month=date(2025, 12, 1))
        note = str(activity.note)
        self.assertIn("12/2025: 1 ratings of 25 (short by 24)", note)
        self.assertIn(", 2025: 26 ratings of 250 (short by 224)", note)

    def test_last_closed_month_in_local_time(self):
        with freeze_time("2025-04-01 01:00:00"):
            self.assertEqual(self.Report._last_closed_month(), MARCH)
        with freeze_time("2025-03-31 17:30:00"):  # 00:30 on 1 April in Vietnam
            self.assertEqual(self.Report._last_closed_month(), MARCH)
        with freeze_time("2025-03-31 16:30:00"):  # still 31 March in Vietnam
            self.assertEqual(self.Report._last_closed_month(), date(2025, 2, 1))
        with freeze_time("2025-01-01 02:00:00"):
            self.assertEqual(self.Report._last_closed_month(), date(2024, 12, 1))

    def test_cron_record(self):
        cron = self.env.ref("satisfaction_survey.ir_cron_satisfaction_quota_notify")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "months"))
        self.assertEqual(cron.model_id.model, "satisfaction.quota.report")

    # ------------------------------------------------------------
    # ACCESS
    # ------------------------------------------------------------

    def test_access(self):
        scope_units = [("unit_id", "in", (self.unit_a | self.unit_b).ids)]
        # reviewer: every unit, quotas read-only
        reviewer_rows = self.Report.with_user(self.user_reviewer).search(scope_units)
        self.assertEqual(reviewer_rows.unit_id, self.unit_a | self.unit_b)
        self.assertEqual(
            reviewer_rows.filtered(lambda r: r.scope == "officer").officer_id,
            self.officer_a1 | self.officer_a2 | self.officer_b1,
        )
        self.assertTrue(self.Quota.with_user(self.user_reviewer).search([]))
        with self.assertRaises(AccessError):
            self.env.ref("satisfaction_survey.quota_unit_month").with_user(
                self.user_reviewer
            ).minimum_ratings = 1
        # leader: own unit only
        leader_rows = self.Report.with_user(self.user_leader_a).search(scope_units)
        self.assertEqual(leader_rows.unit_id, self.unit_a)
        self.assertEqual(
            len(
                self._row(
                    "unit", "month", MARCH, unit=self.unit_b, user=self.user_leader_a
                )
            ),
            0,
        )
        # officer: nothing
        for model in (
            "satisfaction.quota.report",
            "satisfaction.quota",
            "satisfaction.index.report",
        ):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.user_officer_a).search([], limit=1)
        # manager: configures quotas
        quota = self.Quota.with_user(self.user_manager).create(
            {
                "scope": "officer",
                "period": "year",
                "officer_id": self.officer_a1.id,
                "minimum_ratings": 50,
            }
        )
        quota.minimum_ratings = 60
        self.assertEqual(
            self._row("officer", "year", YEAR, officer=self.officer_a1).quota, 60
        )
