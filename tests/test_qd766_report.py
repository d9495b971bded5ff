"""QĐ 766 satisfaction group per month, quarter and year: the report
reproduces the hand-computed May 2026 example from real records."""

from odoo import Command
from odoo.tests import tagged

from .test_pakn import PaknCommon, vn


class Qd766ReportCommon(PaknCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.procedure_overall = cls.env["satisfaction.procedure"].create(
            {
                "name": "Chứng thực bản sao (báo cáo 766)",
                "questionnaire_id": cls._create_overall_questionnaire(
                    "ss_test_qd766_report"
                ).id,
            }
        )
        cls.Report = cls.env["satisfaction.qd766.report"]

    def _build_may(self):
        """The example of ``TestPakn.test_scorecard_52_53_54_hand_computed``.

        PAKN of unit A: P1 received 04/05, answered on time, liked; P2 05/05,
        on time, disliked; P3 06/05, answered late; P4 07/05, on time, raised
        again; P5 received 20/04, answered 04/05 on time; P6 received 28/05,
        unanswered (due in June, overdue today). Dossiers returned in May: D1
        rated 5 with P1, D2 rated 1 with P2, D3 rated 5, D4 unrated with P4.
        """
        dossiers, requests = self._return_dossiers(
            4, self.unit_a, procedure_id=self.procedure_overall.id
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE satisfaction_request SET create_date = %s WHERE id IN %s",
            [vn(2026, 5, 15, 10, 0), tuple(requests.ids)],
        )
        requests.invalidate_recordset(["create_date"])
        by_dossier = {r.res_id: r for r in requests}
        d1, d2, d3, d4 = dossiers
        self._answer(by_dossier[d1.id], 5)
        self._answer(by_dossier[d2.id], 1)
        self._answer(by_dossier[d3.id], 5)

        def answered(pakn, when, late=False, rating=False, reraised=False):
            pakn.write(
                {
                    "state": "answered",
                    "answer": "Đã trả lời.",
                    "date_answered": when,
                    "answered_late": late,
                    "rating": rating,
                    "date_reraised": vn(2026, 5, 20, 9, 0) if reraised else False,
                }
            )

        answered(
            self._pakn(date_received=vn(2026, 5, 4, 9, 0), dossier_id=d1.id),
            vn(2026, 5, 8, 9, 0),
            rating="like",
        )
        answered(
            self._pakn(date_received=vn(2026, 5, 5, 9, 0), dossier_code=d2.code),
            vn(2026, 5, 12, 9, 0),
            rating="dislike",
        )
        answered(
            self._pakn(date_received=vn(2026, 5, 6, 9, 0)),
            vn(2026, 5, 29, 9, 0),
            late=True,
        )
        answered(
            self._pakn(date_received=vn(2026, 5, 7, 9, 0), dossier_code=d4.code),
            vn(2026, 5, 10, 9, 0),
            reraised=True,
        )
        answered(self._pakn(date_received=vn(2026, 4, 20, 9, 0)), vn(2026, 5, 4, 9, 0))
        self._pakn(date_received=vn(2026, 5, 28, 9, 0))
        self.env.flush_all()

    def _row(self, kind, name, unit=None):
        row = self.Report.search(
            [
                ("period_kind", "=", kind),
                ("period_name", "=", name),
                ("unit_id", "=", (unit or self.unit_a).id),
            ]
        )
        self.assertEqual(len(row), 1, "one row per unit, period type and period")
        return row


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
