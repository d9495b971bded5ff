"""Scorecard lines computed before the scorecard counted complaints and
petitions get their PAKN figures (migration 18.0.1.3.0)."""

from odoo import Command
from odoo.tests import tagged
from odoo.tools import SQL

from ..models.satisfaction_scorecard_line_pakn import PAKN_DERIVED
from .pakn_common import Qd766ReportCommon


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestScorecardPaknMigration(Qd766ReportCommon):
    def _may_card(self):
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
        return card

    def _as_before_the_field(self, lines):
        """Empty the PAKN-derived columns, 5.4 computed from the dossiers rated
        dissatisfied only, as the lines were."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE satisfaction_scorecard_line SET %s, qd766_54_ratio = 75.0, "
                "qd766_54_points = 5.0 WHERE id = ANY(%s)",
                SQL(", ").join(
                    SQL("%s = NULL", SQL.identifier(name))
                    for name in PAKN_DERIVED
                    if not name.startswith("qd766_54")
                ),
                lines.ids,
            )
        )
        lines.invalidate_recordset()

    def test_fill_published_line(self):
        self._build_may()
        card = self._may_card()
        line = card.line_ids
        before = {name: line[name] for name in ("satisfaction_index", "total_points")}
        card.action_publish()
        untouched = self._may_card()
        self._as_before_the_field(line)
        self.assertEqual((line.complained_count, line.qd766_group_points), (0, 0.0))

        filled = self.env["satisfaction.scorecard.line"]._fill_missing_pakn_counts()
        self.assertEqual(filled, line, "only the lines without the PAKN counts")
        self.assertNotIn(untouched.line_ids, filled)
        self.assertEqual(line.complained_count, 3, "D1, D2 (once), D4")
        self.assertEqual(
            (
                line.pakn_count,
                line.pakn_on_time_count,
                line.pakn_first_count,
                line.pakn_flagged_count,
            ),
            (6, 5, 5, 4),
        )
        self.assertEqual((line.qd766_52_points, line.qd766_53_points), (5.0, 1.2))
        self.assertEqual((line.qd766_54_ratio, line.qd766_54_points), (25.0, 1.67))
        self.assertEqual(line.qd766_group_points, 7.87)
        self.assertEqual(card.state, "published")
        self.assertEqual(
            {name: line[name] for name in before}, before, "other figures kept"
        )
        self.assertFalse(
            self.env["satisfaction.scorecard.line"]._fill_missing_pakn_counts(),
            "nothing left to fill",
        )
