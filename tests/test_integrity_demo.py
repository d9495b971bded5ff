"""The demo's honest and staged units (demo/satisfaction_integrity_demo.xml):
the integrity signals and the counter-vs-independent figures flag the staged
unit and not the honest one. On a database with demo data only."""

import logging

from odoo.tests import TransactionCase, tagged

_logger = logging.getLogger(__name__)
MODULE = "satisfaction_survey"
STAGED_KINDS = {
    "burst",
    "fast",
    "straight_line",
    "identical_comments",
    "office_network",
}


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestIntegrityDemo(TransactionCase):
    def setUp(self):
        super().setUp()
        self.honest = self.env.ref(
            f"{MODULE}.demo_unit_integrity_honest", raise_if_not_found=False
        )
        if not self.honest:
            self.skipTest("no demo data")
        self.staged = self.env.ref(f"{MODULE}.demo_unit_integrity_staged")
        self.campaign = self.env.ref(f"{MODULE}.demo_campaign_integrity")
        self.reviewer = self.env.ref(f"{MODULE}.demo_user_reviewer")

    def _stratum(self, unit):
        return self.campaign.stratum_ids.filtered(lambda s: s.unit_id == unit)

    def test_integrity_screen_lists_the_staged_unit_only(self):
        # what the reviewer's Integrity Signals screen lists, as the reviewer
        signals = (
            self.env["satisfaction.integrity.signal"]
            .with_user(self.reviewer)
            .search([("unit_id", "in", (self.honest | self.staged).ids)])
        )
        self.assertLessEqual(STAGED_KINDS, set(signals.mapped("kind")))
        self.assertEqual(signals.unit_id, self.staged, "nothing on the honest unit")
        burst = signals.filtered(lambda s: s.kind == "burst")
        self.assertEqual(set(burst.mapped("channel")), {"kiosk"})
        office = signals.filtered(
            lambda s: s.kind == "office_network" and not s.officer_id
        )
        self.assertTrue(office)
        self.assertTrue(all(share >= 30 for share in office.mapped("share")))

    def test_counter_above_independent_for_the_staged_unit_only(self):
        self.assertEqual(self.campaign.state, "closed")
        honest, staged = self._stratum(self.honest), self._stratum(self.staged)
        for unit, stratum in ((self.honest, honest), (self.staged, staged)):
            _logger.info(
                "integrity demo %s: counter %.2f %% (%s answers), independent "
                "%.2f %% [%.2f; %.2f] (%s answers, %s of %s called answered), "
                "gap %.2f points, p = %.4f, counter above: %s",
                unit.name,
                stratum.counter_index,
                stratum.counter_answer_count,
                stratum.independent_index,
                stratum.independent_low,
                stratum.independent_high,
                stratum.answer_count,
                stratum.answered_count,
                stratum.sample_size,
                stratum.gap,
                stratum.p_value,
                stratum.counter_above,
            )
        self.assertTrue(staged.counter_above)
        self.assertGreaterEqual(staged.gap, 20)
        self.assertLess(staged.p_value, 0.05)
        self.assertFalse(honest.counter_above)
        self.assertGreaterEqual(honest.p_value, 0.05)
        self.assertLessEqual(honest.independent_low, honest.counter_index)
        self.assertLessEqual(honest.counter_index, honest.independent_high)

    def test_scorecard_columns_flag_the_staged_unit_only(self):
        # The demo recomputes the draft of its survey's last year; in the first
        # days of January that year's scorecard is the demo's published one.
        year = self.campaign.date_to.year
        if not self.env["satisfaction.scorecard"].search_count(
            [("year", "=", year), ("state", "=", "draft")]
        ):
            self.skipTest("the survey's year %s has no draft scorecard" % year)
        lines = self.env["satisfaction.scorecard.line"].search(
            [
                ("campaign_id", "=", self.campaign.id),
                ("scorecard_id.state", "=", "draft"),
            ]
        )
        by_unit = {line.unit_id: line for line in lines}
        self.assertIn(self.staged, by_unit)
        self.assertIn(self.honest, by_unit)
        self.assertTrue(by_unit[self.staged].campaign_counter_above)
        self.assertFalse(by_unit[self.honest].campaign_counter_above)
        self.assertEqual(
            by_unit[self.staged].campaign_gap, self._stratum(self.staged).gap
        )
