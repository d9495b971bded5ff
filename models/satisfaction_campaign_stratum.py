from odoo import fields, models

from ..satisfaction_survey import indices, periods, verification

_FIGURE = {"readonly": True, "digits": (5, 2), "aggregator": False}


class SatisfactionCampaignStratum(models.Model):
    """One unit of a verification survey: its sample, calls and figures.

    The figures are kept up to date while the campaign is called and frozen
    when it closes (``frozen``): the counter index is the unit's own ratings
    of the same months, the independent index the campaign's answers.
    """

    _name = "satisfaction.campaign.stratum"
    _description = "Unit of a Verification Survey"
    _order = "campaign_id, unit_id"

    campaign_id = fields.Many2one(
        "satisfaction.campaign", required=True, ondelete="cascade", index=True
    )
    unit_id = fields.Many2one("hr.department", required=True, readonly=True)
    population = fields.Integer(
        string="Dossiers Returned",
        readonly=True,
        help="Returned dossiers of the period that could be called.",
    )
    sample_size = fields.Integer(readonly=True)
    call_ids = fields.One2many("satisfaction.campaign.call", "stratum_id")
    reached_count = fields.Integer(string="Reached", readonly=True)
    answered_count = fields.Integer(string="Answered", readonly=True)
    response_rate = fields.Float(string="Response Rate (%)", **_FIGURE)
    answer_count = fields.Integer(string="Answers", readonly=True)
    satisfied_count = fields.Integer(string="Satisfied Answers", readonly=True)
    independent_index = fields.Float(string="Independent Index (%)", **_FIGURE)
    independent_low = fields.Float(string="Independent Low (95 %)", **_FIGURE)
    independent_high = fields.Float(string="Independent High (95 %)", **_FIGURE)
    counter_answer_count = fields.Integer(string="Counter Answers", readonly=True)
    counter_satisfied_count = fields.Integer(
        string="Counter Satisfied Answers", readonly=True
    )
    counter_index = fields.Float(string="Counter Index (%)", **_FIGURE)
    gap = fields.Float(
        string="Gap (points)",
        **_FIGURE,
        help="Counter index minus independent index.",
    )
    p_value = fields.Float(
        string="p-value",
        readonly=True,
        digits=(6, 4),
        aggregator=False,
        help="Two-proportion test of the counter against the independent index.",
    )
    counter_above = fields.Boolean(
        string="Counter Significantly Higher",
        readonly=True,
        help="The counter index exceeds the independent one beyond chance (p < 0.05).",
    )
    mismatch_count = fields.Integer(
        string="Contradicted Ratings",
        readonly=True,
        help="Re-contact check: citizens who say they did not rate, or rate two or "
        "more levels lower than the counter rating.",
    )
    mismatch_rate = fields.Float(string="Contradicted (%)", **_FIGURE)
    frozen = fields.Boolean(readonly=True)

    def _refresh_figures(self):
        """Recompute the figures of the strata not frozen yet."""
        strata = self.sudo().filtered(lambda stratum: not stratum.frozen)
        if not strata:
            return
        calls = self.env["satisfaction.campaign.call"].sudo()
        by_state = {
            (stratum, state): count
            for stratum, state, count in calls._read_group(
                [("stratum_id", "in", strata.ids)], ["stratum_id", "state"], ["__count"]
            )
        }
        answers = {}  # stratum: {is_satisfied: count}
        for stratum, is_satisfied, count in (
            self.env["satisfaction.campaign.answer"]
            .sudo()
            ._read_group(
                [
                    ("stratum_id", "in", strata.ids),
                    ("call_id.state", "=", "answered"),
                    ("value", ">", 0),
                ],
                ["stratum_id", "is_satisfied"],
                ["__count"],
            )
        ):
            answers.setdefault(stratum, {})[is_satisfied] = count
        mismatches = dict(
            calls._read_group(
                [("stratum_id", "in", strata.ids), ("mismatch", "=", True)],
                ["stratum_id"],
                ["__count"],
            )
        )
        for stratum in strata:
            campaign = stratum.campaign_id
            answered = by_state.get((stratum, "answered"), 0)
            reached = answered + by_state.get((stratum, "refused"), 0)
            satisfied = answers.get(stratum, {}).get(True, 0)
            answer_count = satisfied + answers.get(stratum, {}).get(False, 0)
            counter = (
                self.env["satisfaction.unit.period.report"]
                .sudo()
                ._unit_counts(
                    [
                        ("unit_id", "=", stratum.unit_id.id),
                        ("month", ">=", periods.month_start(campaign.date_from)),
                        ("month", "<=", periods.month_start(campaign.date_to)),
                    ]
                )
                .get(stratum.unit_id, {})
            )
            counter_answers = counter.get("answer_count", 0)
            counter_satisfied = counter.get("satisfied_count", 0)
            interval = indices.wilson_interval(satisfied, answer_count) or (0.0, 0.0)
            test = verification.two_proportion_test(
                counter_satisfied, counter_answers, satisfied, answer_count
            )
            stratum.write(
                {
                    "reached_count": reached,
                    "answered_count": answered,
                    "response_rate": indices.response_rate(
                        answered, stratum.sample_size
                    )
                    if stratum.sample_size
                    else 0.0,
                    "answer_count": answer_count,
                    "satisfied_count": satisfied,
                    "independent_index": indices.satisfaction_index(
                        satisfied, answer_count
                    )
                    or 0.0,
                    "independent_low": interval[0],
                    "independent_high": interval[1],
                    "counter_answer_count": counter_answers,
                    "counter_satisfied_count": counter_satisfied,
                    "counter_index": indices.satisfaction_index(
                        counter_satisfied, counter_answers
                    )
                    or 0.0,
                    "gap": test.gap if test else 0.0,
                    "p_value": test.p_value
                    if test and test.p_value is not None
                    else 1.0,
                    "counter_above": bool(test and test.gap > 0 and test.significant()),
                    "mismatch_count": mismatches.get(stratum, 0),
                    "mismatch_rate": verification.mismatch_rate(
                        mismatches.get(stratum, 0), answered
                    )
                    or 0.0,
                }
            )

    def _freeze(self):
        self._refresh_figures()
        self.write({"frozen": True})
