from odoo import api, fields, models

from ..satisfaction_survey import indices, qd766, scoring

_PCT = {"digits": (5, 2), "readonly": True, "aggregator": False}
# Ratios of grouped lines are recomputed from their summed counts
# (satisfaction.ratio.report.mixin).
_RATIO = {"digits": (5, 2), "readonly": True, "aggregator": "avg"}
INDEX_COUNTS = ("satisfied_count", "answer_count")
QD766_54_COUNTS = ("request_count", "overdue_count", "complained_count")
QD766_52_COUNTS = ("pakn_on_time_count", "pakn_count")
QD766_53_COUNTS = ("pakn_first_count", "pakn_flagged_count")


class SatisfactionScorecardLine(models.Model):
    """One unit of a scorecard: its counts, figures, points, rank and target.

    Filled by ``satisfaction.scorecard.action_compute``; read-only. A figure
    without anything to compute it from (no answers, no dossiers) is empty,
    never 0: see the counts beside it.
    """

    _name = "satisfaction.scorecard.line"
    _inherit = ["satisfaction.small.group.mixin", "satisfaction.ratio.report.mixin"]
    _small_group_fields = (
        "answer_count",
        "satisfied_count",
        "dissatisfied_count",
        "flagged_count",
        "satisfaction_index",
        "index_low",
        "index_high",
        "officer_index",
        "overall_index",
        "weighted_score",
        "qd766_ratio",
        "qd766_54_ratio",
        "qd766_54_points",
        "target_gap",
    )
    _description = "CCHC Scorecard Line"
    _order = "scorecard_id, rank, satisfaction_index desc, unit_id"
    _rec_name = "unit_id"
    _ratio_specs = {
        "satisfaction_index": (indices.satisfaction_index, INDEX_COUNTS),
        "index_low": (scoring.wilson_low, INDEX_COUNTS),
        "index_high": (scoring.wilson_high, INDEX_COUNTS),
        "response_rate": (indices.response_rate, ("answered_count", "request_count")),
        "qd766_ratio": (
            indices.qd766_satisfaction_ratio,
            ("request_count", "flagged_count"),
        ),
        "qd766_54_ratio": (qd766.dossier_satisfaction_r, QD766_54_COUNTS),
        "qd766_54_points": (qd766.dossier_satisfaction_points, QD766_54_COUNTS),
        "qd766_52_ratio": (qd766.pakn_on_time_ratio, QD766_52_COUNTS),
        "qd766_52_points": (qd766.pakn_on_time_points, QD766_52_COUNTS),
        "qd766_53_ratio": (qd766.pakn_satisfaction_ratio, QD766_53_COUNTS),
        "qd766_53_points": (qd766.pakn_satisfaction_points, QD766_53_COUNTS),
    }

    scorecard_id = fields.Many2one(
        "satisfaction.scorecard", required=True, ondelete="cascade", index=True
    )
    year = fields.Integer(related="scorecard_id.year", store=True)
    state = fields.Selection(related="scorecard_id.state", store=True)
    unit_id = fields.Many2one("hr.department", required=True, index=True, readonly=True)
    company_id = fields.Many2one(related="scorecard_id.company_id", store=True)
    # counts
    request_count = fields.Integer(string="Dossiers Returned", readonly=True)
    answered_count = fields.Integer(string="Dossiers Rated", readonly=True)
    response_count = fields.Integer(string="Ratings", readonly=True)
    answer_count = fields.Integer(string="Answers", readonly=True)
    satisfied_count = fields.Integer(string="Satisfied Answers", readonly=True)
    dissatisfied_count = fields.Integer(string="Rated Dissatisfied", readonly=True)
    overdue_count = fields.Integer(string="Overdue Dossiers", readonly=True)
    flagged_count = fields.Integer(string="Dissatisfied or Overdue", readonly=True)
    complained_count = fields.Integer(
        string="Dossiers with a PAKN or Rated Dissatisfied",
        readonly=True,
        help="Dossiers returned in the period that have a complaint or petition or "
        "were rated dissatisfied, each counted once (QĐ 766/QĐ-TTg 5.4).",
    )
    pakn_count = fields.Integer(
        string="PAKN Received or Answered",
        readonly=True,
        help="Complaints and petitions received or answered in the period "
        "(QĐ 766/QĐ-TTg 5.2).",
    )
    pakn_on_time_count = fields.Integer(
        string="PAKN On Time",
        readonly=True,
        help="Of them, answered on time or still within their 15 working days.",
    )
    pakn_first_count = fields.Integer(
        string="PAKN First Received",
        readonly=True,
        help="Complaints and petitions received in the period (QĐ 766/QĐ-TTg 5.3).",
    )
    pakn_flagged_count = fields.Integer(
        string="PAKN Disliked, Raised Again or Overdue",
        readonly=True,
        help="Of them, rated dissatisfied, raised again or overdue, each once.",
    )
    # figures
    satisfaction_index = fields.Float(string="Satisfaction Index (%)", **_RATIO)
    index_low = fields.Float(string="Index Low (95 %)", **_RATIO)
    index_high = fields.Float(string="Index High (95 %)", **_RATIO)
    enough_answers = fields.Boolean(
        readonly=True, help="At least the scorecard's minimum number of ratings."
    )
    reliability = fields.Selection(
        [("enough", "Enough answers"), ("not_enough", "Not enough answers")],
        string="Minimum Sample",
        compute="_compute_reliability",
        store=True,
    )
    officer_index = fields.Float(string="Officer Index (%)", **_PCT)
    overall_index = fields.Float(string="Overall Question Index (%)", **_PCT)
    weighted_score = fields.Float(**_PCT)
    response_rate = fields.Float(string="Response Rate (%)", **_RATIO)
    qd766_ratio = fields.Float(
        string="QĐ 766 Ratio (%)",
        **_RATIO,
        help="Unrated dossiers count as satisfied: read it with the response rate.",
    )
    qd766_54_ratio = fields.Float(
        string="QĐ 766 5.4: R (%)",
        **_RATIO,
        help="Satisfaction in receiving and handling dossiers, as the national portal "
        'computes it: 100 % − (overdue rate + rate of dossiers rated "dislike"); '
        "a dossier both late and disliked counts twice. Unrated dossiers count as "
        "satisfied: read it with the response rate.",
    )
    qd766_54_points = fields.Float(
        string="QĐ 766 5.4: Points",
        digits=(5, 2),
        readonly=True,
        aggregator="avg",
        help="min(6, 6 × R ÷ 90 %), out of 6; no minimum number of ratings.",
    )
    qd766_52_ratio = fields.Float(
        string="QĐ 766 5.2: PAKN On Time (%)",
        **_RATIO,
        help="Complaints and petitions answered on time or still within time ÷ "
        "those received or answered in the period; empty without any.",
    )
    qd766_52_points = fields.Float(
        string="QĐ 766 5.2: Points",
        digits=(5, 2),
        readonly=True,
        aggregator="avg",
        help="6 × ratio, out of 6; 6 when there is no complaint or petition.",
    )
    qd766_53_ratio = fields.Float(
        string="QĐ 766 5.3: PAKN Satisfaction (%)",
        **_RATIO,
        help="(Complaints and petitions − those disliked, raised again or overdue) "
        "÷ those first received in the period; empty without any.",
    )
    qd766_53_points = fields.Float(
        string="QĐ 766 5.3: Points",
        digits=(5, 2),
        readonly=True,
        aggregator="avg",
        help="6 × ratio, out of 6; 6 when there is no complaint or petition.",
    )
    qd766_group_points = fields.Float(
        string="QĐ 766 Satisfaction Group: Points",
        digits=(5, 2),
        readonly=True,
        aggregator=False,
        help="5.2 + 5.3 + 5.4, out of 18.",
    )
    # points and rank
    point_ids = fields.One2many(
        "satisfaction.scorecard.point", "line_id", string="Points", readonly=True
    )
    # points of different units (or scorecards) add up to nothing meaningful
    total_points = fields.Float(digits=(6, 2), readonly=True, aggregator=False)
    max_points = fields.Float(
        string="Out of", digits=(6, 2), readonly=True, aggregator=False
    )
    rank = fields.Integer(
        readonly=True,
        aggregator=False,
        help="1 = most points; units with equal points share a rank.",
    )
    # target
    target_index = fields.Float(string="Target (%)", **_PCT)
    target_gap = fields.Float(string="Gap to Target (pp)", **_PCT)
    meets_target = fields.Boolean(
        readonly=True,
        help="Enough ratings and an index at or above the year's target.",
    )

    @api.depends("enough_answers")
    def _compute_reliability(self):
        for line in self:
            line.reliability = "enough" if line.enough_answers else "not_enough"

    @api.depends("unit_id", "scorecard_id.name")
    def _compute_display_name(self):
        for line in self:
            line.display_name = "%s: %s" % (
                line.scorecard_id.name or "",
                line.unit_id.name or "",
            )
