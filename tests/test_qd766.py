"""QĐ 766 indicator 5.4 from real dossiers and ratings, through the scorecard."""

from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import SatisfactionCommon


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestQd766(SatisfactionCommon):
    def test_indicator_54_on_the_scorecard(self):
        """10 dossiers: 2 returned late, 3 rated "dislike" (one of them late):
        R = 100 − (20 + 30) = 50 %, points = 6 × 50 / 90 = 3.33 of 6."""
        unit = self.env["hr.department"].create({"name": "Trung tâm PVHCC xã C"})
        now = fields.Datetime.now()
        late, late_requests = self._return_dossiers(
            2, unit, date_appointment=now - timedelta(days=2)
        )
        on_time, on_time_requests = self._return_dossiers(
            8, unit, date_appointment=now + timedelta(days=2)
        )
        self.assertEqual(late.mapped("is_late"), [True, True])
        self.assertFalse(any(on_time.mapped("is_late")))
        # "dislike": the overall answer at a level not marked satisfied
        for request in late_requests[:1] | on_time_requests[:2]:
            self._answer(request, 5, overrides={"overall": 2})
        for request in on_time_requests[2:5]:
            self._answer(request, 5)

        card = self.env["satisfaction.scorecard"].create(
            {
                "year": fields.Date.context_today(self.env.user).year,
                "period_type": "year",
                "unit_ids": [(6, 0, unit.ids)],
            }
        )
        card.action_compute()
        line = card.line_ids
        self.assertEqual(
            (line.request_count, line.overdue_count, line.dissatisfied_count),
            (10, 2, 3),
        )
        self.assertEqual(line.qd766_54_ratio, 50.0)
        self.assertEqual(line.qd766_54_points, 3.33)
        self.assertEqual(line.response_rate, 60.0, "shown beside it: 6 of 10 rated")
        # the shipped rule is the portal's: linear from 0 % to 90 %, 6 points
        shipped = self.env.ref("satisfaction_survey.satisfaction_cchc_rule_qd766")
        point = line.point_ids.filtered(lambda p: p.rule_id == shipped)
        self.assertEqual(
            (point.value, point.points, point.max_points), (50.0, 3.33, 6.0)
        )
