"""CCHC scoring: unit period report, scorecards, ranking, targets, period comparison.

Every expected figure below is computed by hand in the comments (Wilson with
z = 1.96; see satisfaction_survey/tests/test_scoring.py for the working).

The data use a one-question questionnaire (the overall question only), so a
rating is exactly one answer:

=========  ========  =====  ====================  =========  ============
unit       month     dos-   answers (values)      overdue    unanswered
                     siers
=========  ========  =====  ====================  =========  ============
A          03/2027   16     5,5,5,5,5,4,4,4,4,2   the "2"    6 (1 overdue)
B          03/2027   16     5 x 9, 3              the "3"    6 (1 overdue)
C          03/2027   3      5,5,5                 -          0
A          01/2028   4      5,5,5,1               -          0
D          -         -      -                     -          -
=========  ========  =====  ====================  =========  ============
"""

from datetime import date, datetime, timedelta
from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.satisfaction_survey.satisfaction_survey import indices, scoring

from .common import SatisfactionCommon

MARCH_2027 = datetime(2027, 3, 15, 5, 0)  # 12:00 in Hà Nội
JANUARY_2028 = datetime(2028, 1, 10, 5, 0)


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestCchcScoring(SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["satisfaction.unit.period.report"]
        cls.Scorecard = cls.env["satisfaction.scorecard"]
        # Only the rules of this test score.
        cls.env["satisfaction.cchc.rule"].search([]).active = False
        Rule = cls.env["satisfaction.cchc.rule"]
        cls.rule_index = Rule.create(
            {
                "name": "SIPAS index",
                "sequence": 1,
                "component": "sipas_index",
                "method": "threshold",
                "max_points": 2.0,
                "minimum_answers": 10,
                "line_ids": [
                    Command.create({"min_value": v, "points": p})
                    for v, p in ((95, 2.0), (90, 1.5), (80, 1.0))
                ],
            }
        )
        cls.rule_qd766 = Rule.create(
            {
                "name": "QĐ 766",
                "sequence": 2,
                "component": "qd766_ratio",
                "method": "linear",
                "lo": 80.0,
                "hi": 100.0,
                "max_points": 1.0,
                "minimum_answers": 10,
            }
        )
        # One question: a rating is one answer.
        cls.questionnaire_overall = cls._create_overall_questionnaire(
            "ss_test_overall_only"
        )
        cls.procedure_simple = cls.env["satisfaction.procedure"].create(
            {
                "name": "Xác nhận tình trạng hôn nhân",
                "questionnaire_id": cls.questionnaire_overall.id,
            }
        )
        cls.unit_c = cls.env["hr.department"].create(
            {"name": "Bộ phận Một cửa phường C"}
        )
        cls.unit_d = cls.env["hr.department"].create(
            {"name": "Bộ phận Một cửa phường D"}
        )
        cls.units = cls.unit_a | cls.unit_b | cls.unit_c | cls.unit_d

        cls._scenario(
            cls.unit_a,
            [5, 5, 5, 5, 5, 4, 4, 4, 4, 2],
            overdue_values={2},
            unanswered=6,
            overdue_unanswered=1,
            when=MARCH_2027,
        )
        cls._scenario(
            cls.unit_b,
            [5] * 9 + [3],
            overdue_values={3},
            unanswered=6,
            overdue_unanswered=1,
            when=MARCH_2027,
        )
        cls._scenario(cls.unit_c, [5, 5, 5], when=MARCH_2027)
        cls._scenario(cls.unit_a, [5, 5, 5, 1], when=JANUARY_2028)
        cls.env.flush_all()

    # ------------------------------------------------------------
    # DATA
    # ------------------------------------------------------------

    @classmethod
    def _returned(cls, unit, n, when, overdue=False):
        """``n`` returned dossiers of ``unit`` whose requests are dated ``when``."""
        if not n:
            return cls.env["satisfaction.request"]
        vals = {"procedure_id": cls.procedure_simple.id}
        if overdue:  # due yesterday, returned today
            vals["date_appointment"] = fields.Datetime.now() - timedelta(days=2)
        dossiers, requests = cls._return_dossiers(n, unit, **vals)
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE satisfaction_request SET create_date = %s WHERE id IN %s",
            [when, tuple(requests.ids)],
        )
        requests.invalidate_recordset(["create_date"])
        return requests

    @classmethod
    def _scenario(
        cls, unit, values, when, overdue_values=(), unanswered=0, overdue_unanswered=0
    ):
        for value in values:
            request = cls._returned(unit, 1, when, overdue=value in overdue_values)
            response = cls._answer(request, value)
            response.date = when
        cls._returned(unit, unanswered - overdue_unanswered, when)
        cls._returned(unit, overdue_unanswered, when, overdue=True)

    def _scorecard(self, **vals):
        card = self.Scorecard.create(
            {
                "year": 2027,
                "unit_ids": [Command.set(self.units.ids)],
                "minimum_answers": 10,
                **vals,
            }
        )
        card.action_compute()
        return card

    def _line(self, card, unit):
        line = card.line_ids.filtered(lambda line: line.unit_id == unit)
        self.assertEqual(len(line), 1, unit.name)
        return line

    def _points(self, line, rule):
        return line.point_ids.filtered(lambda p: p.rule_id == rule)

    # ------------------------------------------------------------
    # DEFAULT DATA
    # ------------------------------------------------------------

    def test_default_targets_and_rules(self):
        self.assertEqual(
            self.env.ref("satisfaction_survey.satisfaction_target_2025").target_index,
            90.0,
        )
        self.assertEqual(
            self.env.ref("satisfaction_survey.satisfaction_target_2030").target_index,
            95.0,
        )
        Target = self.env["satisfaction.target"]
        # years in between are interpolated: 90 + 5·(2027 − 2025)/5 = 92
        self.assertEqual(Target._target_for_year(2027), 92.0)
        self.assertEqual(Target._target_for_year(2031), 95.0)
        self.assertIsNone(Target._target_for_year(2024))
        rule = self.env.ref("satisfaction_survey.satisfaction_cchc_rule_sipas")
        self.assertEqual(rule.method, "threshold")
        self.assertEqual(
            sorted(rule.line_ids.mapped("min_value")), [70.0, 80.0, 90.0, 95.0]
        )
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            Target.create({"year": 2025, "target_index": 80.0})  # one target per year

    # ------------------------------------------------------------
    # UNIT PERIOD REPORT
    # ------------------------------------------------------------

    def test_report_row_counts(self):
        row = self.Report.search(
            [("unit_id", "=", self.unit_a.id), ("month", "=", date(2027, 3, 1))]
        )
        self.assertEqual(len(row), 1)
        self.assertEqual(
            (
                row.request_count,
                row.answered_count,
                row.response_count,
                row.answer_count,
                row.satisfied_count,
            ),
            (16, 10, 10, 10, 9),
        )
        # the "2" was rated dissatisfied and is overdue; one unrated dossier is
        # overdue too:
        # dissatisfied 1, overdue 2, dissatisfied or overdue 2 (the "2" counted once)
        self.assertEqual(
            (row.dissatisfied_count, row.overdue_count, row.flagged_count), (1, 2, 2)
        )
        self.assertEqual(
            (
                row.level1_count,
                row.level2_count,
                row.level3_count,
                row.level4_count,
                row.level5_count,
            ),
            (0, 1, 0, 4, 5),
        )
        self.assertEqual(
            (row.overall_answer_count, row.overall_satisfied_count), (10, 9)
        )
        self.assertEqual(
            (row.officer_answer_count, row.officer_satisfied_count), (0, 0)
        )
        self.assertEqual(row.satisfaction_index, 90.0)  # 9/10
        self.assertEqual((row.index_low, row.index_high), (59.58, 98.21))
        self.assertEqual(row.overall_index, 90.0)
        self.assertEqual(row.response_rate, 62.5)  # 10/16
        self.assertEqual(row.qd766_ratio, 87.5)  # (16 − 2)/16
        self.assertEqual(row.weighted_score, 82.5)  # (100·5 + 75·4 + 25·1)/10 = 825/10
        self.assertEqual(row.target_index, 92.0)  # interpolated 2027
        self.assertEqual(row.target_gap, -2.0)  # 90 − 92
        # January 2028 for unit A: 3/4 = 75 %, target 2028 = 90 + 5·3/5 = 93, gap −18
        jan = self.Report.search(
            [("unit_id", "=", self.unit_a.id), ("month", "=", date(2028, 1, 1))]
        )
        self.assertEqual(
            (jan.request_count, jan.response_count, jan.satisfaction_index),
            (4, 4, 75.0),
        )
        self.assertEqual((jan.index_low, jan.index_high), (30.06, 95.44))
        self.assertEqual((jan.target_index, jan.target_gap), (93.0, -18.0))
        self.assertFalse(self.Report.search([("unit_id", "=", self.unit_d.id)]))

    def test_report_officer_criteria(self):
        """With the default officer questionnaire: 2 officers x 4 criteria + the overall
        question.
        """
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        self._answer(
            request, 5, overrides={("attitude", self.officer_a2): 2, "overall": 3}
        )
        self.env.flush_all()
        row = self.Report.search(
            [
                ("unit_id", "=", self.unit_a.id),
                ("response_count", "=", 1),
                ("officer_answer_count", ">", 0),
            ]
        )
        self.assertEqual(len(row), 1)
        # 8 officer answers, 7 satisfied; overall "3": not satisfied, so the dossier is
        # rated dissatisfied
        self.assertEqual(
            (row.officer_answer_count, row.officer_satisfied_count), (8, 7)
        )
        self.assertEqual(row.officer_index, 87.5)
        self.assertEqual(
            (row.overall_answer_count, row.overall_satisfied_count, row.overall_index),
            (1, 0, 0.0),
        )
        self.assertEqual((row.answer_count, row.satisfied_count), (9, 7))
        self.assertEqual((row.dissatisfied_count, row.flagged_count), (1, 1))

    def test_request_month_in_local_time(self):
        # 18:00 UTC on 31 May is 01:00 on 1 June in Hà Nội: the dossier counts in June
        self._returned(self.unit_d, 1, datetime(2027, 5, 31, 18, 0))
        self.env.flush_all()
        row = self.Report.search([("unit_id", "=", self.unit_d.id)])
        self.assertEqual(
            (row.month, row.request_count, row.answered_count), (date(2027, 6, 1), 1, 0)
        )
        # all unrated: QĐ 766 counts the dossier as satisfied, the response rate tells
        # the truth
        self.assertEqual((row.qd766_ratio, row.response_rate), (100.0, 0.0))
        self.assertFalse(row.answer_count)

    def test_report_groups_recompute_from_counts(self):
        [total] = self.Report.read_group(
            [("unit_id", "in", self.units.ids)],
            [
                "satisfaction_index",
                "index_low",
                "index_high",
                "response_rate",
                "qd766_ratio",
                "weighted_score",
                "target_index:max",
                "target_gap",
            ],
            [],
        )
        # A 9/10 + 3/4, B 9/10, C 3/3: 24/27 = 88.89 %
        # (the mean of the four rows would be 88.75 %)
        self.assertEqual((total["answer_count"], total["satisfied_count"]), (27, 24))
        self.assertEqual(total["satisfaction_index"], 88.89)
        self.assertEqual(
            (total["index_low"], total["index_high"]), indices.wilson_interval(24, 27)
        )
        # answered 10 + 4 + 10 + 3 = 27 of 16 + 4 + 16 + 3 = 39 dossiers: 69.23 %
        self.assertEqual(total["response_rate"], 69.23)
        # flagged: A 2 in March and 1 (the "1") in January, B 2, C 0 = 5:
        # (39 − 5)/39 = 87.18 %
        self.assertEqual(total["qd766_ratio"], 87.18)
        # levels: 1 x "1", 1 x "2", 1 x "3", 4 x "4", 20 x "5":
        # (0 + 25 + 50 + 300 + 2000)/27 = 2375/27 = 87.96
        self.assertEqual(total["weighted_score"], 87.96)
        # the latest target (2028: 93) and the gap 88.89 − 93 = −4.11
        self.assertEqual((total["target_index"], total["target_gap"]), (93.0, -4.11))

        by_year = {
            g["month:year"]: g
            for g in self.Report.read_group(
                [("unit_id", "=", self.unit_a.id)],
                ["satisfaction_index", "target_index:max", "target_gap"],
                ["month:year"],
            )
        }
        self.assertEqual(len(by_year), 2)
        year_2027 = next(g for key, g in by_year.items() if "2027" in key)
        self.assertEqual(
            (
                year_2027["satisfaction_index"],
                year_2027["target_index"],
                year_2027["target_gap"],
            ),
            (90.0, 92.0, -2.0),
        )
        by_unit = {
            g["unit_id"][0]: g
            for g in self.Report.read_group(
                [("unit_id", "in", self.units.ids), ("month", "<", date(2028, 1, 1))],
                ["satisfaction_index", "qd766_ratio", "weighted_score"],
                ["unit_id"],
                orderby="weighted_score desc",
            )
        }
        # B: (100·9 + 50·1)/10 = 95; C: 100
        self.assertEqual(by_unit[self.unit_b.id]["weighted_score"], 95.0)
        self.assertEqual(by_unit[self.unit_c.id]["qd766_ratio"], 100.0)

    def test_trend_graph_and_pivot_calls(self):
        """The calls the trend graph and pivot make, as a reviewer."""
        Report = self.Report.with_user(self.user_reviewer).with_context(
            fill_temporal=True
        )
        domain = [("unit_id", "=", self.unit_a.id)]
        graph = Report.web_read_group(
            domain, ["__count", "target_gap:avg"], ["month:quarter"], lazy=False
        )
        gaps = [group["target_gap"] for group in graph["groups"]]
        # Q1 2027: 90 − 92 = −2; Q2-Q4 2027 filled in, empty (a gap in the graph, not
        # 0); Q1 2028: 75 − 93 = −18
        self.assertEqual(gaps, [-2.0, None, None, None, -18.0])
        pivot = Report.read_group(
            domain,
            [
                "satisfaction_index:avg",
                "target_index:max",
                "target_gap:avg",
                "response_count:sum",
            ],
            ["month:year"],
            lazy=False,
        )
        self.assertEqual(
            [
                (
                    g["satisfaction_index"],
                    g["target_index"],
                    g["target_gap"],
                    g["response_count"],
                )
                for g in pivot
            ],
            [(90.0, 92.0, -2.0, 10), (75.0, 93.0, -18.0, 4)],
        )

    def test_report_rows_agree_with_core(self):
        """The SQL figures of single rows are those of the core."""
        for row in self.Report.search([("unit_id", "in", self.units.ids)]):
            self.assertEqual(
                row.satisfaction_index,
                indices.satisfaction_index(row.satisfied_count, row.answer_count),
            )
            self.assertEqual(
                (row.index_low, row.index_high),
                indices.wilson_interval(row.satisfied_count, row.answer_count),
            )
            self.assertEqual(
                row.qd766_ratio,
                indices.qd766_satisfaction_ratio(row.request_count, row.flagged_count),
            )
            self.assertEqual(
                row.response_rate,
                indices.response_rate(row.answered_count, row.request_count),
            )

    # ------------------------------------------------------------
    # SCORECARD
    # ------------------------------------------------------------

    def test_scorecard_lines(self):
        card = self._scorecard()
        self.assertEqual(
            (card.date_from, card.date_to), (date(2027, 1, 1), date(2027, 12, 31))
        )
        self.assertEqual(card.target_index, 92.0)
        self.assertEqual(card.line_ids.unit_id, self.units)

        a = self._line(card, self.unit_a)
        self.assertEqual(
            (a.request_count, a.answered_count, a.response_count, a.answer_count),
            (16, 10, 10, 10),
        )
        self.assertEqual(
            (a.satisfaction_index, a.index_low, a.index_high), (90.0, 59.58, 98.21)
        )
        self.assertTrue(a.enough_answers)
        self.assertEqual(
            (a.response_rate, a.qd766_ratio, a.weighted_score), (62.5, 87.5, 82.5)
        )
        self.assertEqual(
            (a.dissatisfied_count, a.overdue_count, a.flagged_count), (1, 2, 2)
        )
        # index 90 reaches the 90 % step: 1.5;
        # QĐ 766 87.5 on 80-100: 7.5/20 = 0.375 -> 0.38
        self.assertEqual(self._points(a, self.rule_index).points, 1.5)
        self.assertEqual(self._points(a, self.rule_qd766).points, 0.38)
        self.assertEqual(self._points(a, self.rule_qd766).flag, "scored")
        self.assertEqual((a.total_points, a.max_points), (1.88, 3.0))
        # 90 < 92: target missed by 2 points
        self.assertEqual(
            (a.target_index, a.target_gap, a.meets_target), (92.0, -2.0, False)
        )

        b = self._line(card, self.unit_b)
        # same index, same QĐ 766 ratio, a better weighted score: (100·9 + 50)/10 = 95
        self.assertEqual(
            (b.satisfaction_index, b.qd766_ratio, b.weighted_score), (90.0, 87.5, 95.0)
        )
        self.assertEqual(b.total_points, 1.88)

        c = self._line(card, self.unit_c)
        # 3/3 = 100 %, Wilson (43.85, 100), but 3 ratings < 10: 0 points, flagged,
        # cannot meet the target
        self.assertEqual(
            (c.satisfaction_index, c.index_low, c.index_high), (100.0, 43.85, 100.0)
        )
        self.assertFalse(c.enough_answers)
        self.assertEqual(c.reliability, "not_enough")
        self.assertEqual(set(c.point_ids.mapped("flag")), {"not_enough_answers"})
        self.assertEqual(
            self._points(c, self.rule_qd766).value, 100.0
        )  # all rated, none dissatisfied
        self.assertEqual(c.total_points, 0.0)
        self.assertFalse(c.meets_target)

        d = self._line(card, self.unit_d)
        self.assertEqual((d.request_count, d.answer_count, d.total_points), (0, 0, 0.0))
        self.assertEqual(set(d.point_ids.mapped("flag")), {"no_answers"})
        self.assertFalse(d.point_ids.filtered("has_value"))
        self.assertFalse(d.meets_target)

    def test_ranking_ties(self):
        card = self._scorecard()
        ranks = {line.unit_id: line.rank for line in card.line_ids}
        # A and B 1.88 points: both first; C and D 0 points: both third
        self.assertEqual(
            ranks, {self.unit_a: 1, self.unit_b: 1, self.unit_c: 3, self.unit_d: 3}
        )
        self.assertEqual(card.line_ids.sorted()[:2].unit_id, self.unit_a | self.unit_b)
        # a linear rule on the weighted score splits A (82.5) and B (95): on 80-100,
        # 0.25 and 1.5 points
        self.env["satisfaction.cchc.rule"].create(
            {
                "name": "Weighted",
                "component": "weighted_score",
                "method": "linear",
                "lo": 80.0,
                "hi": 100.0,
                "max_points": 2.0,
                "minimum_answers": 10,
            }
        )
        card.action_compute()
        self.assertEqual(
            self._line(card, self.unit_a).total_points, 2.13
        )  # 1.88 + 2.5/20·2
        self.assertEqual(
            self._line(card, self.unit_b).total_points, 3.38
        )  # 1.88 + 15/20·2
        ranks = {line.unit_id: line.rank for line in card.line_ids}
        self.assertEqual(
            ranks, {self.unit_b: 1, self.unit_a: 2, self.unit_c: 3, self.unit_d: 3}
        )

    def test_target_met_at_the_target(self):
        self.env["satisfaction.target"].create({"year": 2027, "target_index": 90.0})
        card = self._scorecard()
        self.assertEqual(card.target_index, 90.0)
        # 90.0 ≥ 90.0 with enough ratings: met; C's 100 % has too few ratings
        met = card.line_ids.filtered("meets_target").unit_id
        self.assertEqual(met, self.unit_a | self.unit_b)

    def test_periods(self):
        q1 = self._scorecard(period_type="quarter", quarter="1")
        self.assertEqual(
            (q1.date_from, q1.date_to), (date(2027, 1, 1), date(2027, 3, 31))
        )
        self.assertEqual(self._line(q1, self.unit_a).response_count, 10)
        q2 = self.Scorecard.create(
            {"year": 2027, "period_type": "quarter", "quarter": "2"}
        )
        q2.action_compute()
        self.assertFalse(
            q2.line_ids.filtered(lambda line: line.unit_id in self.units),
            "nothing in Q2 2027",
        )
        months = self.Scorecard.create(
            {"year": 2028, "period_type": "months", "month_from": 1, "month_to": 2}
        )
        months.action_compute()
        self.assertEqual(
            (months.date_from, months.date_to), (date(2028, 1, 1), date(2028, 2, 29))
        )
        jan = self._line(months, self.unit_a)
        self.assertEqual(
            (jan.response_count, jan.satisfaction_index, jan.target_index),
            (4, 75.0, 93.0),
        )
        self.assertNotIn(self.unit_b, months.line_ids.unit_id)
        with self.assertRaises(ValidationError):
            self.Scorecard.create(
                {"year": 2028, "period_type": "months", "month_from": 5, "month_to": 2}
            )

    def test_compute_is_one_grouped_query(self):
        card = self.Scorecard.create({"year": 2027})
        Report = self.registry["satisfaction.unit.period.report"]
        original = Report._read_group
        calls = []

        def spy(records, *args, **kwargs):
            calls.append(args)
            return original(records, *args, **kwargs)

        with patch.object(Report, "_read_group", spy):
            card.action_compute()
        self.assertEqual(len(calls), 1)
        self.assertEqual(
            card.line_ids.unit_id & self.units, self.unit_a | self.unit_b | self.unit_c
        )

    def test_publish_freezes(self):
        card = self._scorecard()
        card.action_publish()
        self.assertEqual(card.state, "published")
        self.assertTrue(card.date_published)
        with self.assertRaises(UserError):
            card.action_compute()
        with self.assertRaises(UserError):
            card.minimum_answers = 5
        with self.assertRaises(UserError):
            card.unlink()
        # later rule changes do not touch published points
        self.rule_index.line_ids.filtered(
            lambda line: line.min_value == 90
        ).points = 0.5
        self.assertEqual(
            self._points(self._line(card, self.unit_a), self.rule_index).points, 1.5
        )
        card.action_draft()
        card.action_compute()
        self.assertEqual(
            self._points(self._line(card, self.unit_a), self.rule_index).points, 0.5
        )
        with self.assertRaises(UserError):
            self.Scorecard.create({"year": 2027}).action_publish()  # nothing computed

    # ------------------------------------------------------------
    # RULES
    # ------------------------------------------------------------

    def test_rule_changes_are_tracked(self):
        rule = self.rule_index
        rule.message_ids.unlink()
        rule.max_points = 3.0
        rule.line_ids.filtered(lambda line: line.min_value == 95).points = 3.0
        rule.write({"line_ids": [Command.create({"min_value": 70, "points": 0.5})]})
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written before commit
        tracked = rule.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "max_points"
        )
        self.assertEqual((tracked.old_value_float, tracked.new_value_float), (2.0, 3.0))
        bodies = " ".join(rule.message_ids.mapped("body"))
        self.assertIn(
            "Step changed: at least 95: 2 points → at least 95: 3 points", bodies
        )
        self.assertIn("Step added: at least 70: 0.5 points", bodies)

    def test_rule_constraints(self):
        with self.assertRaises(ValidationError):
            self.rule_qd766.hi = 70.0  # below "zero points at" 80
        with self.assertRaises(ValidationError):
            self.rule_index.line_ids[:1].points = 2.5  # above the maximum of 2
        with self.assertRaises(ValidationError):
            self.rule_index.max_points = 1.0  # steps give up to 2

    # ------------------------------------------------------------
    # PERIOD COMPARISON
    # ------------------------------------------------------------

    def _compare(self, user=None, **vals):
        Wizard = self.env["satisfaction.period.compare"]
        if user:
            Wizard = Wizard.with_user(user)
        wizard = Wizard.create(
            {
                "date_from_a": date(2027, 1, 1),
                "date_to_a": date(2027, 12, 31),
                "date_from_b": date(2028, 1, 1),
                "date_to_b": date(2028, 1, 20),
                "unit_ids": [Command.set(self.units.ids)],
                "minimum_answers": 4,
                **vals,
            }
        )
        action = wizard.action_compare()
        lines = (
            self.env[action["res_model"]]
            .with_user(user or self.env.user)
            .search(action["domain"])
        )
        return {line.unit_id: line for line in lines}

    def test_period_compare(self):
        lines = self._compare()
        a = lines[self.unit_a]
        # A: 9/10 = 90 % in 2027, 3/4 = 75 % in January 2028: −15 pp
        self.assertEqual(
            (a.answer_count_a, a.index_a, a.answer_count_b, a.index_b),
            (10, 90.0, 4, 75.0),
        )
        self.assertEqual((a.low_b, a.high_b), (30.06, 95.44))
        self.assertEqual((a.change, a.has_change), (-15.0, True))
        self.assertTrue(a.enough_a and a.enough_b)
        b = lines[self.unit_b]
        self.assertEqual((b.index_a, b.answer_count_b, b.has_change), (90.0, 0, False))
        c = lines[self.unit_c]
        self.assertEqual((c.index_a, c.enough_a), (100.0, False))  # 3 ratings < 4
        self.assertIn(self.unit_d, lines)
        # periods are whole months: 15/03/2027-15/03/2027 is March
        march = self._compare(
            date_from_a=date(2027, 3, 15), date_to_a=date(2027, 3, 15)
        )
        self.assertEqual(march[self.unit_a].index_a, 90.0)
        with self.assertRaises(UserError):
            self._compare(date_from_b=date(2028, 2, 1), date_to_b=date(2028, 1, 1))

    # ------------------------------------------------------------
    # ACCESS
    # ------------------------------------------------------------

    def test_reviewer_reads_everything(self):
        card = self._scorecard()
        reviewer = self.user_reviewer
        for model in (
            "satisfaction.scorecard",
            "satisfaction.scorecard.line",
            "satisfaction.scorecard.point",
            "satisfaction.unit.period.report",
            "satisfaction.cchc.rule",
            "satisfaction.target",
            "satisfaction.period.compare",
        ):
            Model = self.env[model].with_user(reviewer)
            Model.get_views([(False, "list"), (False, "form")])
            self.assertTrue(Model.has_access("read"), model)
        self.env["satisfaction.unit.period.report"].with_user(reviewer).get_views(
            [(False, "graph"), (False, "pivot"), (False, "search")]
        )
        self.env["satisfaction.scorecard.line"].with_user(reviewer).get_views(
            [(False, "graph")]
        )
        card_r = card.with_user(reviewer)
        self.assertEqual(
            card_r.line_ids.unit_id,
            self.units,
            "a reviewer sees every unit, draft or not",
        )
        self.assertEqual(
            card_r.line_ids.point_ids.mapped("points"),
            card.line_ids.point_ids.mapped("points"),
        )
        groups = (
            self.env["satisfaction.scorecard.line"]
            .with_user(reviewer)
            .read_group(
                [("scorecard_id", "=", card.id)],
                ["satisfaction_index", "total_points:sum"],
                [],
            )
        )
        # 9 + 9 + 3 satisfied of 10 + 10 + 3 answers = 21/23 = 91.3 %
        self.assertEqual(groups[0]["satisfaction_index"], 91.3)
        # computes scorecards, never changes the rules or the targets
        card_r.action_compute()
        self.assertEqual(card_r.line_ids.unit_id, self.units)
        with self.assertRaises(AccessError):
            self.rule_index.with_user(reviewer).max_points = 5
        with self.assertRaises(AccessError):
            self.env["satisfaction.target"].with_user(reviewer).create(
                {"year": 2040, "target_index": 99}
            )
        # ... and compares periods
        lines = self._compare(user=reviewer)
        self.assertEqual(lines[self.unit_a].change, -15.0)
        action = self.env.ref("satisfaction_survey.satisfaction_period_compare_action")
        self.assertEqual(action.res_model, "satisfaction.period.compare")

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_leader_sees_own_unit_of_published_scorecards(self):
        card = self._scorecard()
        leader = self.user_leader_a
        Scorecard = self.Scorecard.with_user(leader)
        self.assertFalse(
            Scorecard.search([("id", "=", card.id)]),
            "a draft scorecard is not shown to leaders",
        )
        card.action_publish()
        self.assertEqual(Scorecard.search([("id", "=", card.id)]), card)
        lines = (
            self.env["satisfaction.scorecard.line"]
            .with_user(leader)
            .search([("scorecard_id", "=", card.id)])
        )
        self.assertEqual(lines.unit_id, self.unit_a)
        self.assertEqual(lines.rank, 1)
        with self.assertRaises(AccessError):
            self._line(card, self.unit_b).with_user(leader).read(["total_points"])
        with self.assertRaises(AccessError):
            card.with_user(leader).action_compute()
        rows = self.env["satisfaction.unit.period.report"].with_user(leader).search([])
        self.assertEqual(rows.unit_id, self.unit_a)
        lines = self._compare(user=leader, unit_ids=[])
        self.assertEqual(set(lines), {self.unit_a})

    def test_officer_has_no_access(self):
        for model in (
            "satisfaction.scorecard",
            "satisfaction.scorecard.line",
            "satisfaction.unit.period.report",
        ):
            self.assertFalse(
                self.env[model].with_user(self.user_officer_a).has_access("read"), model
            )

    def test_scoring_helpers_match_core(self):
        """The Odoo rule delegates to the core."""
        counts = {"request_count": 16, "answered_count": 10, "flagged_count": 2}
        self.assertEqual(
            self.rule_qd766._score(counts), scoring.ComponentScore(87.5, 10, 0.38, None)
        )
