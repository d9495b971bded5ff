from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..satisfaction_survey import scoring

COMPONENTS = [
    ("sipas_index", "SIPAS Index (all answers)"),
    ("officer_index", "Officer Index"),
    ("overall_index", "Overall Question Index"),
    ("qd766_ratio", "QĐ 766 Ratio"),
    ("qd766_54", "QĐ 766 Indicator 5.4 (R)"),
    ("response_rate", "Response Rate"),
    ("weighted_score", "Weighted Score (GOV.UK)"),
]
METHODS = [("threshold", "Thresholds"), ("linear", "Linear Scale")]


class SatisfactionCchcRule(models.Model):
    """Turns one of a unit's figures for a period into CCHC points.

    Provinces publish their own point tables (methodology §4: verify per
    province), so rules are data: a component (which figure), a method
    (threshold steps or a linear scale between two values), the maximum
    points, and a minimum number of ratings below which the component scores
    0 and is marked "not enough answers". Changes are tracked (audit).
    The points themselves are computed by ``scoring.score_component``.
    """

    _name = "satisfaction.cchc.rule"
    _description = "CCHC Scoring Rule"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    component = fields.Selection(
        COMPONENTS,
        required=True,
        default="sipas_index",
        tracking=True,
        help=(
            "SIPAS Index: all scale answers. Officer Index: answers on officer "
            "criteria. Overall Question Index: answers to the overall question. QĐ "
            "766 Ratio: (dossiers − dossiers rated dissatisfied or overdue) ÷ "
            "dossiers, unrated dossiers counting as satisfied. Response Rate: rated ÷ "
            "returned dossiers. Weighted Score: GOV.UK (100·VS + 75·S + 50·N + 25·D) "
            "/ n."
        ),
    )
    method = fields.Selection(
        METHODS, required=True, default="threshold", tracking=True
    )
    max_points = fields.Float(
        string="Maximum Points",
        required=True,
        default=1.0,
        digits=(6, 2),
        tracking=True,
    )
    lo = fields.Float(
        string="Zero Points At",
        digits=(6, 2),
        tracking=True,
        help="Linear scale: this value or less scores 0.",
    )
    hi = fields.Float(
        string="Full Points At",
        digits=(6, 2),
        default=100.0,
        tracking=True,
        help="Linear scale: this value or more scores the maximum points.",
    )
    line_ids = fields.One2many(
        "satisfaction.cchc.rule.line", "rule_id", string="Steps", copy=True
    )
    minimum_answers = fields.Integer(
        string="Minimum Ratings",
        default=lambda self: self._default_minimum_answers(),
        tracking=True,
        help=(
            "Below this number of ratings the component scores 0 and is marked 'not "
            "enough answers'. Counted: ratings (respondents) for the indices and the "
            "weighted score, rated dossiers for the QĐ 766 ratio, returned dossiers "
            "for the response rate."
        ),
    )
    note = fields.Text(
        string="Source",
        tracking=True,
        help="The provincial decision this rule comes from.",
    )

    @api.model
    def _default_minimum_answers(self):
        return self.env["satisfaction.index.report"]._minimum_answers()

    @api.constrains("method", "lo", "hi", "max_points", "minimum_answers")
    def _check_parameters(self):
        for rule in self:
            if rule.max_points < 0:
                raise ValidationError(
                    self.env._(
                        "The maximum points of %s cannot be negative.", rule.name
                    )
                )
            if rule.minimum_answers < 0:
                raise ValidationError(
                    self.env._(
                        "The minimum ratings of %s cannot be negative.", rule.name
                    )
                )
            if rule.method == "linear" and not rule.hi > rule.lo:
                raise ValidationError(
                    self.env._(
                        "Rule %s: the value for full points must be above the value "
                        "for zero points.",
                        rule.name,
                    )
                )

    @api.constrains("max_points")
    def _check_steps(self):
        for rule in self:
            too_high = rule.line_ids.filtered(
                lambda line, limit=rule.max_points: line.points > limit
            )
            if too_high:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: a step gives %(points)s points, above the "
                        "maximum of %(max)s.",
                        rule=rule.name,
                        points=too_high[0].points,
                        max=rule.max_points,
                    )
                )

    def _log_step_change(self, body):
        for rule in self:
            rule.message_post(body=body, subtype_xmlid="mail.mt_note")

    def _score(self, counts):
        """``scoring.ComponentScore`` of this rule for a unit's summed counts."""
        self.ensure_one()
        value, sample = scoring.component_value(self.component, counts)
        return scoring.score_component(
            value,
            sample,
            self.minimum_answers,
            self.method,
            self.max_points,
            steps=[(line.min_value, line.points) for line in self.line_ids],
            lo=self.lo,
            hi=self.hi,
        )
