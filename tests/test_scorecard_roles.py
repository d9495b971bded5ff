"""Scorecards without an administrator: reviewers create, compute and publish
them; leaders read the published ones; officers nothing. A monthly job keeps
the current year's draft computed."""

from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SatisfactionCommon

YEAR = 2098


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestScorecardRoles(SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Scorecard = cls.env["satisfaction.scorecard"]
        cls.units = cls.unit_a | cls.unit_b

    def _form_buttons(self, user):
        arch = self.Scorecard.with_user(user).get_views([(False, "form")])["views"][
            "form"
        ]["arch"]
        return set(etree.fromstring(arch).xpath("//header/button/@name"))

    def test_reviewer_creates_computes_and_publishes(self):
        Scorecard = self.Scorecard.with_user(self.user_reviewer)
        card = Scorecard.create({"year": YEAR, "unit_ids": [(6, 0, self.units.ids)]})
        card.action_compute()
        self.assertEqual(card.line_ids.unit_id, self.units)
        self.assertTrue(card.date_computed)
        card.action_publish()
        self.assertEqual(card.state, "published")
        card.action_draft()
        self.assertEqual(card.state, "draft")
        self.assertEqual(
            self._form_buttons(self.user_reviewer),
            {"action_compute", "action_publish", "action_draft"},
        )
        # the lines stay computed figures: a reviewer cannot edit them
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            card.line_ids[:1].total_points = 99
        card.unlink()
        self.assertFalse(card.exists())

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_leader_reads_published_only(self):
        card = self.Scorecard.create(
            {"year": YEAR, "unit_ids": [(6, 0, self.units.ids)]}
        )
        card.action_compute()
        Scorecard = self.Scorecard.with_user(self.user_leader_a)
        with self.assertRaises(AccessError):
            Scorecard.create({"year": YEAR})
        card_l = card.with_user(self.user_leader_a)
        with self.assertRaises(AccessError):
            card_l.action_compute()
        with self.assertRaises(AccessError):
            card_l.action_publish()
        card.action_publish()
        self.assertEqual(Scorecard.search([("id", "=", card.id)]), card)
        self.assertFalse(self._form_buttons(self.user_leader_a))

    def test_officer_has_no_scorecard(self):
        self.assertFalse(
            self.Scorecard.with_user(self.user_officer_a).has_access("read")
        )

    def test_monthly_job_reuses_the_year_draft(self):
        card = self.Scorecard._compute_year_draft(YEAR)
        self.assertEqual(
            (card.year, card.period_type, card.state), (YEAR, "year", "draft")
        )
        self.assertTrue(card.date_computed)
        again = self.Scorecard._compute_year_draft(YEAR)
        self.assertEqual(again, card, "the year's draft is reused")
        card.unit_ids = self.units
        card.action_compute()
        card.action_publish()
        self.assertFalse(
            self.Scorecard._compute_year_draft(YEAR), "a published year stays frozen"
        )
        self.assertEqual(
            self.Scorecard.search([("year", "=", YEAR), ("period_type", "=", "year")]),
            card,
        )

    def test_cron_keeps_the_current_year_computed(self):
        cron = self.env.ref(
            "satisfaction_survey.ir_cron_satisfaction_scorecard_current_year"
        )
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "months"))
        cron.method_direct_trigger()
        year = fields.Date.context_today(self.env.user).year
        cards = self.Scorecard.search(
            [
                ("year", "=", year),
                ("period_type", "=", "year"),
                ("company_id", "=", self.env.company.id),
            ]
        )
        self.assertTrue(cards)
        self.assertTrue(
            cards.filtered(lambda c: c.state == "published" or c.date_computed)
        )
