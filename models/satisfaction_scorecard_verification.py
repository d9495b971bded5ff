from odoo import api, fields, models

_PCT = {"readonly": True, "digits": (5, 2), "aggregator": False}


class SatisfactionScorecardLine(models.Model):
    """A unit's counter figure beside its independent one, on its scorecard line.

    From the latest closed independent verification survey whose period
    overlaps the scorecard's (``satisfaction.campaign.stratum`` of the
    unit), copied when the scorecard is computed: the counter index, the
    independent index with its 95 % interval, the gap, the two-proportion
    test's p-value and the flag of a counter figure significantly higher.
    """

    _inherit = "satisfaction.scorecard.line"

    campaign_id = fields.Many2one(
        "satisfaction.campaign",
        string="Verification Survey",
        readonly=True,
        groups="satisfaction_survey.group_satisfaction_reviewer",
        help="Latest closed independent survey of the unit whose period overlaps "
        "the scorecard's.",
    )
    # what a unit leader, who cannot open surveys, sees of it
    campaign_name = fields.Char(string="Survey", readonly=True)
    campaign_counter_index = fields.Float(string="Counter Index (survey) (%)", **_PCT)
    campaign_independent_index = fields.Float(string="Independent Index (%)", **_PCT)
    campaign_independent_low = fields.Float(string="Independent Low (95 %)", **_PCT)
    campaign_independent_high = fields.Float(string="Independent High (95 %)", **_PCT)
    campaign_gap = fields.Float(
        string="Counter − Independent (pp)",
        **_PCT,
        help="Counter index minus independent index, in points.",
    )
    campaign_p_value = fields.Float(
        string="Gap p-value", readonly=True, digits=(6, 4), aggregator=False
    )
    campaign_counter_above = fields.Boolean(
        string="Counter Significantly Above",
        readonly=True,
        help="The counter index exceeds the independent one beyond chance "
        "(two-proportion test, p < 0.05).",
    )


class SatisfactionScorecard(models.Model):
    _inherit = "satisfaction.scorecard"

    @api.model
    def _verification_strata(self, units, date_from, date_to, company):
        """{unit: stratum} of the latest closed independent survey of each
        of ``units`` whose period overlaps ``date_from``-``date_to``."""
        strata = (
            self.env["satisfaction.campaign.stratum"]
            .sudo()
            .search(
                [
                    ("unit_id", "in", units.ids),
                    ("campaign_id.state", "=", "closed"),
                    ("campaign_id.kind", "=", "independent"),
                    ("campaign_id.company_id", "=", company.id),
                    ("campaign_id.date_from", "<=", date_to),
                    ("campaign_id.date_to", ">=", date_from),
                ]
            )
        )
        latest = {}
        for stratum in strata.sorted(
            lambda s: (s.campaign_id.date_to, s.campaign_id.date_closed, s.id)
        ):
            latest[stratum.unit_id] = stratum
        return latest

    @api.model
    def _verification_values(self, stratum):
        """The scorecard line's values of ``stratum`` (empty when None)."""
        if not stratum:
            return {
                "campaign_id": False,
                "campaign_name": False,
                "campaign_counter_index": False,
                "campaign_independent_index": False,
                "campaign_independent_low": False,
                "campaign_independent_high": False,
                "campaign_gap": False,
                "campaign_p_value": False,
                "campaign_counter_above": False,
            }
        return {
            "campaign_id": stratum.campaign_id.id,
            "campaign_name": stratum.campaign_id.name,
            "campaign_counter_index": stratum.counter_index,
            "campaign_independent_index": stratum.independent_index,
            "campaign_independent_low": stratum.independent_low,
            "campaign_independent_high": stratum.independent_high,
            "campaign_gap": stratum.gap,
            "campaign_p_value": stratum.p_value,
            "campaign_counter_above": stratum.counter_above,
        }

    def _prepare_lines(self, counts_by_unit, rules, target):
        vals_list = super()._prepare_lines(counts_by_unit, rules, target)
        if not self.date_from or not self.date_to:
            return vals_list
        strata = self._verification_strata(
            self.env["hr.department"].browse([vals["unit_id"] for vals in vals_list]),
            self.date_from,
            self.date_to,
            self.company_id,
        )
        by_id = {unit.id: stratum for unit, stratum in strata.items()}
        for vals in vals_list:
            vals.update(self._verification_values(by_id.get(vals["unit_id"])))
        return vals_list
