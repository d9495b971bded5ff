from datetime import date, datetime

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.satisfaction_survey.satisfaction_survey import indices

from .common import SatisfactionCommon

MAY = date(2025, 5, 1)


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestIndexIntervals(SatisfactionCommon):
    """Wilson intervals, "not enough answers", channel comparison and drill-down.

    Unit A, May 2025: 10 responses, every question answered alike (9 scale
    answers each: 4 officer criteria x 2 officers + overall):
        6 by SMS (self-service), all "Very satisfied" (5);
        4 staff-assisted: 2 at 5, 2 at "Dissatisfied" (2).
    Overall question: 8 satisfied of 10 -> index 80 %, Wilson 95 %:
        p = 0.8, z = 1.96, n = 10: centre = (0.8 + z²/20) / (1 + z²/10) = 0.71674,
        half = z·sqrt(0.016 + z²/400) / (1 + z²/10) = 0.22658 -> [49.02 %, 94.33 %].
    Self-service 6/6 -> 100 %, Wilson [60.97, 100];
    assisted 2/4 -> 50 %, Wilson [15, 85].
    Unit B, May 2025: 3 responses at 4; unit A, June 2025: 1 response at 5.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["satisfaction.index.report"]
        cls.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.minimum_answers", "30"
        )

        def answered(n, unit, value, when, channel=None):
            _dossiers, requests = cls._return_dossiers(n, unit)
            responses = cls.env["satisfaction.response"]
            for request in requests:
                responses |= cls._answer(request, value, channel=channel)
            responses.write({"date": when})
            return responses

        may = datetime(2025, 5, 12, 3, 0)
        cls.a_sms = answered(6, cls.unit_a, 5, may)
        cls.a_staff = answered(2, cls.unit_a, 5, may, channel="staff") | answered(
            2, cls.unit_a, 2, may, channel="staff"
        )
        cls.b_may = answered(3, cls.unit_b, 4, may)
        cls.a_june = answered(1, cls.unit_a, 5, datetime(2025, 6, 3, 3, 0))
        cls.env.flush_all()
        cls.overall = [("criterion_id", "=", cls.criterion_overall.id)]
        cls.scope = [("unit_id", "in", (cls.unit_a | cls.unit_b).ids)]

    def _group(self, domain, groupby=(), **kw):
        return self.Report.read_group(
            domain,
            [
                "answer_count:sum",
                "satisfied_count:sum",
                "satisfaction_index",
                "index_low",
                "index_high",
            ],
            list(groupby),
            **kw,
        )

    def _set_minimum(self, value):
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.minimum_answers", str(value)
        )

    # ------------------------------------------------------------
    # INTERVALS
    # ------------------------------------------------------------

    def test_worked_example(self):
        [group] = self._group(
            [*self.overall, ("unit_id", "=", self.unit_a.id), ("month", "=", MAY)]
        )
        self.assertEqual((group["answer_count"], group["satisfied_count"]), (10, 8))
        self.assertEqual(group["satisfaction_index"], 80.0)
        self.assertEqual((group["index_low"], group["index_high"]), (49.02, 94.33))
        self.assertFalse(group["enough_answers"], "10 answers < 30")
        self.assertEqual(group["reliability"], "not_enough")

    def test_group_interval_equals_core(self):
        """Groups are recomputed from their summed counts, never averaged from rows."""
        groups = self._group(
            self.scope, ["unit_id", "month:month", "channel", "officer_id"], lazy=False
        )
        self.assertGreater(len(groups), 5)
        for group in groups:
            satisfied, answers = (
                int(group["satisfied_count"]),
                int(group["answer_count"]),
            )
            self.assertEqual(
                (group["index_low"], group["index_high"]),
                indices.wilson_interval(satisfied, answers),
            )
            self.assertEqual(
                group["enough_answers"], indices.meets_minimum(answers, 30)
            )
        [unit_may] = self._group(
            [("unit_id", "=", self.unit_a.id), ("month", "=", MAY)]
        )
        # 72 satisfied of 90
        self.assertEqual(
            (unit_may["index_low"], unit_may["index_high"]),
            indices.wilson_interval(72, 90),
        )
        self.assertEqual(
            (unit_may["index_low"], unit_may["index_high"]), (70.59, 86.96)
        )
        rows = self.Report.search(
            [("unit_id", "=", self.unit_a.id), ("month", "=", MAY)]
        )
        mean_low = round(sum(rows.mapped("index_low")) / len(rows), 2)
        self.assertNotEqual(
            unit_may["index_low"], mean_low, "not the mean of the rows' bounds"
        )
        self.assertTrue(unit_may["enough_answers"], "90 answers >= 30")

    def test_row_interval_equals_core(self):
        """The per-row SQL values agree with the core."""
        rows = self.Report.search(self.scope)
        self.assertEqual(
            len(rows),
            9 * 2 + 5 + 9,
            "unit A May: 9 x (sms, staff); unit B May: 5; unit A June: 9",
        )
        for row in rows:
            expected = indices.wilson_interval(row.satisfied_count, row.answer_count)
            self.assertEqual(
                (row.index_low, row.index_high), expected, row.criterion_id.code
            )
            self.assertEqual(
                row.enough_answers, indices.meets_minimum(row.answer_count, 30)
            )
            self.assertEqual(
                row.reliability, "enough" if row.enough_answers else "not_enough"
            )
        staff_overall = rows.filtered(lambda r: r.channel == "staff" and r.is_overall)
        self.assertEqual(
            (staff_overall.index_low, staff_overall.index_high), (15.0, 85.0)
        )

    def test_minimum_answers(self):
        domain = [*self.overall, ("unit_id", "=", self.unit_a.id), ("month", "=", MAY)]
        self._set_minimum(10)
        [group] = self._group(domain)
        self.assertTrue(group["enough_answers"], "10 answers meet a minimum of 10")
        self.assertEqual(group["reliability"], "enough")
        sms_row = self.Report.search([*domain, ("channel", "=", "sms")])
        self.assertFalse(sms_row.enough_answers, "6 answers are below 10")
        self._set_minimum(11)
        [group] = self._group(domain)
        self.assertFalse(group["enough_answers"])
        self.assertEqual(
            group["satisfaction_index"],
            80.0,
            "the index stays, marked not enough answers",
        )
        # set from the settings screen
        self.env["res.config.settings"].create(
            {"satisfaction_minimum_answers": 6}
        ).execute()
        self.assertEqual(self.Report._minimum_answers(), 6)
        self.Report.invalidate_model()
        self.assertTrue(
            self.Report.search([*domain, ("channel", "=", "sms")]).enough_answers
        )
        [group] = self._group(domain)
        self.assertTrue(group["enough_answers"])

    def test_minimum_answers_default_and_garbage(self):
        self.env["ir.config_parameter"].sudo().search(
            [("key", "=", "satisfaction_survey.minimum_answers")]
        ).unlink()
        self.assertEqual(self.Report._minimum_answers(), 30)
        self._set_minimum("a lot")
        self.assertEqual(self.Report._minimum_answers(), 30)

    def test_empty_group(self):
        [group] = self._group(
            [("unit_id", "=", self.unit_a.id), ("month", "=", date(2024, 1, 1))]
        )
        self.assertIs(group["index_low"], False)
        self.assertIs(group["index_high"], False)
        self.assertFalse(group["enough_answers"])

    def test_sort_by_interval(self):
        groups = self.Report.read_group(
            [*self.overall, *self.scope, ("month", "=", MAY)],
            ["index_low"],
            ["channel"],
            orderby="index_low asc",
        )
        # sms: 9 of 9 (unit A 6 + unit B 3), staff: 2 of 4
        self.assertEqual([g["channel"] for g in groups], ["staff", "sms"])
        self.assertEqual(
            [g["index_low"] for g in groups], [15.0, indices.wilson_interval(9, 9)[0]]
        )

    # ------------------------------------------------------------
    # CHANNELS
    # ------------------------------------------------------------

    def test_self_service_against_assisted(self):
        groups = {
            g["channel_mode"]: g
            for g in self._group(
                [*self.overall, ("unit_id", "=", self.unit_a.id), ("month", "=", MAY)],
                ["channel_mode"],
            )
        }
        self.assertEqual(set(groups), {"self", "assisted"})
        self.assertEqual(
            (
                groups["self"]["answer_count"],
                groups["self"]["satisfaction_index"],
                groups["self"]["index_low"],
            ),
            (6, 100.0, 60.97),
        )
        self.assertEqual(
            (
                groups["assisted"]["answer_count"],
                groups["assisted"]["satisfaction_index"],
                groups["assisted"]["index_low"],
                groups["assisted"]["index_high"],
            ),
            (4, 50.0, 15.0, 85.0),
        )
        assisted = self.Report.search([*self.scope, ("channel_mode", "=", "assisted")])
        self.assertEqual(set(assisted.mapped("channel")), {"staff"})
        self.assertEqual(
            set(
                self.Report.search([*self.scope, ("channel_mode", "=", "self")]).mapped(
                    "channel"
                )
            ),
            {"sms"},
        )

    # ------------------------------------------------------------
    # DRILL-DOWN
    # ------------------------------------------------------------

    def _drill(self, user, domain):
        row = self.Report.with_user(user).search(domain)
        self.assertEqual(len(row), 1)
        action = row.action_open_responses()
        self.assertEqual(action["res_model"], "satisfaction.response")
        return (
            self.env["satisfaction.response"].with_user(user).search(action["domain"])
        )

    def test_drill_down_to_the_unit_answers(self):
        may_a = [*self.overall, ("unit_id", "=", self.unit_a.id), ("month", "=", MAY)]
        self.assertEqual(
            self._drill(self.user_reviewer, [*may_a, ("channel", "=", "sms")]),
            self.a_sms,
        )
        self.assertEqual(
            self._drill(self.user_reviewer, [*may_a, ("channel", "=", "staff")]),
            self.a_staff,
        )
        officer_row = [
            ("criterion_id", "=", self.criteria["attitude"].id),
            ("officer_id", "=", self.officer_a2.id),
            ("unit_id", "=", self.unit_a.id),
            ("month", "=", MAY),
            ("channel", "=", "staff"),
        ]
        self.assertEqual(self._drill(self.user_reviewer, officer_row), self.a_staff)
        # 4 respondents, fewer than the minimum group size (5): not for the leader
        with self.assertRaises(AccessError):
            self._drill(self.user_leader_a, officer_row)
        june = [
            *self.overall,
            ("unit_id", "=", self.unit_a.id),
            ("month", "=", date(2025, 6, 1)),
        ]
        self.assertEqual(self._drill(self.user_reviewer, june), self.a_june)
        self.assertEqual(
            self._drill(
                self.user_reviewer, [*self.overall, ("unit_id", "=", self.unit_b.id)]
            ),
            self.b_may,
        )

    def test_drill_down_hides_the_respondent(self):
        responses = self._drill(
            self.user_reviewer,
            [
                *self.overall,
                ("unit_id", "=", self.unit_a.id),
                ("month", "=", MAY),
                ("channel", "=", "sms"),
            ],
        )
        self.assertNotIn("request_id", responses.fields_get())
        with self.assertRaises(AccessError):
            responses.read(["request_id"])

    def test_drill_down_access(self):
        row = self.Report.search([*self.overall, ("unit_id", "=", self.unit_b.id)])
        self.assertFalse(
            self.Report.with_user(self.user_leader_a).search([("id", "=", row.id)]),
            "a unit leader does not see another unit's index",
        )
        with self.assertRaises(AccessError):
            row.with_user(self.user_officer_a).action_open_responses()

    # ------------------------------------------------------------
    # DASHBOARDS
    # ------------------------------------------------------------

    def test_reviewer_opens_the_dashboards(self):
        """The reviewer loads every view of the index and quota reports, as the web
        client does.
        """
        for model, view_types in (
            ("satisfaction.index.report", ("list", "pivot", "graph", "search")),
            ("satisfaction.quota.report", ("list", "pivot", "search")),
        ):
            Model = self.env[model].with_user(self.user_reviewer)
            views = Model.get_views([(False, view_type) for view_type in view_types])
            self.assertEqual(set(views["views"]), set(view_types))
        Report = self.Report.with_user(self.user_reviewer)
        list_arch = Report.get_views([(False, "list")])["views"]["list"]["arch"]
        for name in ("index_low", "index_high", "reliability", "action_open_responses"):
            self.assertIn(name, list_arch)
        # a grouped list as the web client asks for it (aggregates as field:aggregator)
        result = Report.web_read_group(
            [*self.overall, ("unit_id", "=", self.unit_a.id), ("month", "=", MAY)],
            [
                "answer_count:sum",
                "satisfied_count:sum",
                "satisfaction_index:avg",
                "index_low:avg",
                "index_high:avg",
            ],
            ["channel_mode"],
        )
        by_mode = {g["channel_mode"]: g for g in result["groups"]}
        self.assertEqual(
            (by_mode["assisted"]["index_low"], by_mode["assisted"]["index_high"]),
            (15.0, 85.0),
        )
        self.assertEqual(by_mode["self"]["satisfaction_index"], 100.0)
