from odoo import fields, models

from .satisfaction_cchc_rule import COMPONENTS

FLAGS = [
    ("scored", "Scored"),
    ("no_answers", "No answers"),
    ("not_enough_answers", "Not enough answers"),
]


class SatisfactionScorecardPoint(models.Model):
    """Points of one scoring rule for one unit of a scorecard.

    The rule's name, component, minimum and maximum are copied, so a
    published scorecard still shows how it was scored after the rule changes.
    """

    _name = "satisfaction.scorecard.point"
    _description = "CCHC Scorecard Points"
    _order = "line_id, sequence, id"

    line_id = fields.Many2one(
        "satisfaction.scorecard.line", required=True, ondelete="cascade", index=True
    )
    unit_id = fields.Many2one(related="line_id.unit_id", store=True)
    scorecard_id = fields.Many2one(related="line_id.scorecard_id", store=True)
    rule_id = fields.Many2one(
        "satisfaction.cchc.rule", ondelete="set null", readonly=True
    )
    sequence = fields.Integer(readonly=True)
    name = fields.Char(string="Rule Name", readonly=True)
    component = fields.Selection(COMPONENTS, readonly=True)
    value = fields.Float(digits=(5, 2), readonly=True, aggregator=False)
    has_value = fields.Boolean(readonly=True)
    sample = fields.Integer(
        readonly=True,
        aggregator=False,
        help="Ratings or dossiers the value is computed from.",
    )
    minimum_answers = fields.Integer(string="Minimum", readonly=True, aggregator=False)
    points = fields.Float(digits=(6, 2), readonly=True, aggregator="sum")
    max_points = fields.Float(
        string="Out of", digits=(6, 2), readonly=True, aggregator="sum"
    )
    flag = fields.Selection(FLAGS, readonly=True, default="scored")
