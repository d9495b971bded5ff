"""Answers entered by staff stay out of the official figures (scorecard,
public results page) and are shown apart in the unit and index reports."""

from datetime import datetime

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import SatisfactionCommon

MARCH_2027 = datetime(2027, 3, 15, 5, 0)  # 12:00 in Hà Nội


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestOfficialFigures(HttpCase, SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.questionnaire_overall = cls._create_overall_questionnaire(
            "ss_test_official_overall"
        )
        cls.procedure_simple = cls.env["satisfaction.procedure"].create(
            {
                "name": "Chứng thực bản sao",
                "questionnaire_id": cls.questionnaire_overall.id,
            }
        )
        cls.unit = cls.env["hr.department"].create({"name": "Một cửa xã Chính Thức"})
        cls.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.minimum_answers", "1"
        )
        cls.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.min_group_size", "1"
        )
        # one question per rating: a rating is one answer
        # web: 5, 2, 2; staff: 5, 5; surveyor (entered, no campaign): 1
        for value, channel in (
            (5, "web"),
            (2, "web"),
            (2, "web"),
            (5, "staff"),
            (5, "staff"),
            (1, "surveyor"),
        ):
            _d, request = cls._return_dossiers(
                1, cls.unit, procedure_id=cls.procedure_simple.id
            )
            cls.env.flush_all()
            cls.env.cr.execute(
                "UPDATE satisfaction_request SET create_date = %s WHERE id = %s",
                [MARCH_2027, request.id],
            )
            request.invalidate_recordset(["create_date"])
            response = cls._answer(request, value, channel=channel)
            response.date = MARCH_2027
        cls.env.flush_all()

    def _scorecard(self):
        card = self.env["satisfaction.scorecard"].create(
            {
                "year": 2027,
                "unit_ids": [Command.set(self.unit.ids)],
                "minimum_answers": 1,
            }
        )
        card.action_compute()
        return card

    def test_unit_report_shows_them_apart(self):
        counts = self.env["satisfaction.unit.period.report"]._unit_counts(
            [("unit_id", "=", self.unit.id)]
        )[self.unit]
        # official: the 3 web ratings (5, 2, 2)
        self.assertEqual(counts["response_count"], 3)
        self.assertEqual(counts["answer_count"], 3)
        self.assertEqual(counts["satisfied_count"], 1)
        self.assertEqual(counts["answered_count"], 3)
        self.assertEqual(counts["dissatisfied_count"], 2)
        [group] = self.env["satisfaction.unit.period.report"].read_group(
            [("unit_id", "=", self.unit.id)],
            [
                "assisted_response_count",
                "assisted_answer_count",
                "assisted_satisfied_count",
            ],
            [],
        )
        # apart: staff 5, 5 and surveyor 1
        self.assertEqual(
            (
                group["assisted_response_count"],
                group["assisted_answer_count"],
                group["assisted_satisfied_count"],
            ),
            (3, 3, 2),
        )

    def test_scorecard_leaves_staff_entered_answers_out(self):
        line = self._scorecard().line_ids
        self.assertEqual(line.unit_id, self.unit)
        # by hand: 3 self-service ratings (5, 2, 2), 1 satisfied: 33.33 %
        # (with the 3 entered by staff: 3 of 6, 50 %)
        self.assertEqual(line.request_count, 6, "every dossier returned counts")
        self.assertEqual(line.response_count, 3)
        self.assertEqual(line.answer_count, 3)
        self.assertEqual(line.satisfied_count, 1)
        self.assertAlmostEqual(line.satisfaction_index, 100 / 3, places=2)
        self.assertEqual(line.answered_count, 3)
        self.assertAlmostEqual(line.response_rate, 50.0, places=2)
        # the surveyor-entered 1 is not a dissatisfied dossier officially
        self.assertEqual(line.dissatisfied_count, 2)
        self.assertEqual(line.flagged_count, 2)

    def test_index_report_shows_them_apart(self):
        Report = self.env["satisfaction.index.report"]
        groups = Report._read_group(
            [("unit_id", "=", self.unit.id)],
            ["channel_mode"],
            ["answer_count:sum", "satisfied_count:sum"],
        )
        by_mode = {mode: (answers, satisfied) for mode, answers, satisfied in groups}
        self.assertEqual(by_mode, {"self": (3, 1), "assisted": (3, 2)})
        labels = dict(
            Report.with_context(lang="en_US")
            ._fields["channel_mode"]
            ._description_selection(Report.with_context(lang="en_US").env)
        )
        self.assertIn("not in official figures", labels["assisted"])

    def test_public_results_leave_staff_entered_answers_out(self):
        card = self._scorecard()
        card.action_publish()
        page = self.url_open(
            "/satisfaction/results?year=2027&lang=en&unit=%s" % self.unit.id
        )
        self.assertEqual(page.status_code, 200)
        # 1 of 3 both in the scorecard table and in the March cell (3 of 6
        # with the staff-entered answers)
        self.assertGreaterEqual(page.text.count("33.33"), 2)
