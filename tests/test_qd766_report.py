"""QĐ 766 satisfaction group per month, quarter and year: the report
reproduces the hand-computed May 2026 example from real records."""

from odoo import Command
from odoo.tests import tagged

from .pakn_common import Qd766ReportCommon, vn


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestQd766Report(Qd766ReportCommon):
    def test_month_quarter_year_hand_computed(self):
        self._build_may()
        may = self._row("month", "2026-05")
        self.assertEqual(
            (may.pakn_count, may.pakn_on_time_count, may.qd766_52_ratio),
            (6, 5, 83.33),
            "5.2: P1, P2, P4, P5, P6 on time of 6",
        )
        self.assertEqual(may.qd766_52_points, 5.0)
        self.assertEqual(
            (may.pakn_first_count, may.pakn_flagged_count, may.qd766_53_ratio),
            (5, 4, 20.0),
            "5.3: P2 disliked, P3 late, P4 raised again, P6 overdue",
        )
        self.assertEqual(may.qd766_53_points, 1.2)
        self.assertEqual(
            (may.request_count, may.overdue_count, may.complained_count),
            (4, 0, 3),
            "5.4: D1, D2 (once), D4",
        )
        self.assertEqual((may.qd766_54_ratio, may.qd766_54_points), (25.0, 1.67))
        self.assertEqual(may.response_rate, 75.0, "3 of 4 dossiers rated")
        self.assertEqual(may.qd766_group_points, 7.87)

        # April: P5 only, answered after April but within its time
        april = self._row("month", "2026-04")
        self.assertEqual((april.pakn_count, april.pakn_on_time_count), (1, 1))
        self.assertEqual(april.qd766_group_points, 12.0, "6 + 6 + 0 (no dossier)")

        # Q2 counts P5 once; P6 is past its due date at the quarter's end.
        # 5.2: 4 of 6 = 66.67 %, 4.0; 5.3: (6 − 4) ÷ 6 = 33.33 %, 2.0.
        quarter = self._row("quarter", "2026-Q2")
        self.assertEqual((quarter.pakn_count, quarter.pakn_on_time_count), (6, 4))
        self.assertEqual(
            (quarter.qd766_52_ratio, quarter.qd766_52_points), (66.67, 4.0)
        )
        self.assertEqual((quarter.pakn_first_count, quarter.pakn_flagged_count), (6, 4))
        self.assertEqual(
            (quarter.qd766_53_ratio, quarter.qd766_53_points), (33.33, 2.0)
        )
        self.assertEqual(quarter.qd766_54_points, 1.67)
        self.assertEqual(quarter.qd766_group_points, 7.67)
        year = self._row("year", "2026")
        self.assertEqual(
            (year.pakn_count, year.request_count, year.qd766_group_points),
            (6, 4, 7.67),
        )

        # the same figures from the core on the scorecard
        card = self.env["satisfaction.scorecard"].create(
            {
                "year": 2026,
                "period_type": "months",
                "month_from": 5,
                "month_to": 5,
                "unit_ids": [Command.set(self.unit_a.ids)],
            }
        )
        card.action_compute()
        self.assertEqual(card.line_ids.qd766_group_points, may.qd766_group_points)

    def test_groups_recomputed_from_summed_counts(self):
        self._build_may()
        # unit B: one PAKN received 08/05, never answered, due 29/05
        self._pakn(unit=self.unit_b, date_received=vn(2026, 5, 8, 9, 0))
        self.env.flush_all()
        domain = [
            ("period_kind", "=", "month"),
            ("period_name", "=", "2026-05"),
            ("unit_id", "in", (self.unit_a | self.unit_b).ids),
        ]
        unit_b = self._row("month", "2026-05", self.unit_b)
        self.assertEqual((unit_b.pakn_count, unit_b.pakn_on_time_count), (1, 0))
        self.assertEqual(unit_b.qd766_54_points, 0.0, "no dossier")
        [group] = self.Report.read_group(
            domain,
            ["qd766_52_ratio:avg", "qd766_52_points:avg", "qd766_53_ratio:avg"],
            ["period_name"],
        )
        # 5 of 7 on time, (6 − 5) ÷ 6 first received: never the mean of the rows
        self.assertEqual(group["qd766_52_ratio"], 71.43)
        self.assertEqual(group["qd766_52_points"], 4.29)
        self.assertEqual(group["qd766_53_ratio"], 16.67)

    def test_leader_sees_own_unit_only(self):
        self._build_may()
        self._pakn(unit=self.unit_b, date_received=vn(2026, 5, 8, 9, 0))
        self.env.flush_all()
        rows = self.Report.with_user(self.user_leader_a).search(
            [("unit_id", "in", (self.unit_a | self.unit_b).ids)]
        )
        self.assertTrue(rows)
        self.assertEqual(rows.unit_id, self.unit_a)
        # 3 dossiers rated in May, fewer than 5 respondents: 5.4 hidden from
        # the leader, shown to the reviewer
        may = rows.filtered(
            lambda row: row.period_kind == "month" and row.period_name == "2026-05"
        )
        [values] = may.read(["qd766_54_points", "qd766_52_points", "request_count"])
        self.assertFalse(values["qd766_54_points"])
        self.assertEqual((values["qd766_52_points"], values["request_count"]), (5.0, 4))
        [group] = self.Report.with_user(self.user_leader_a).read_group(
            [("id", "=", may.id)], ["qd766_group_points:avg"], ["unit_id"]
        )
        self.assertFalse(group["qd766_group_points"])
        [values] = may.with_user(self.user_reviewer).read(["qd766_54_points"])
        self.assertEqual(values["qd766_54_points"], 1.67)
