from odoo import fields, models

_PCT = {"digits": (5, 2), "readonly": True, "aggregator": False}


class SatisfactionPeriodCompareLine(models.TransientModel):
    """One unit of a period comparison: index A, index B and the change."""

    _name = "satisfaction.period.compare.line"
    _description = "Period Comparison Line"
    _order = "wizard_id, unit_id"
    _rec_name = "unit_id"

    wizard_id = fields.Many2one(
        "satisfaction.period.compare", required=True, ondelete="cascade", index=True
    )
    unit_id = fields.Many2one("hr.department", readonly=True)
    response_count_a = fields.Integer(string="Ratings A", readonly=True)
    answer_count_a = fields.Integer(string="Answers A", readonly=True)
    index_a = fields.Float(string="Index A (%)", **_PCT)
    low_a = fields.Float(string="Low A (95 %)", **_PCT)
    high_a = fields.Float(string="High A (95 %)", **_PCT)
    enough_a = fields.Boolean(readonly=True)
    response_count_b = fields.Integer(string="Ratings B", readonly=True)
    answer_count_b = fields.Integer(string="Answers B", readonly=True)
    index_b = fields.Float(string="Index B (%)", **_PCT)
    low_b = fields.Float(string="Low B (95 %)", **_PCT)
    high_b = fields.Float(string="High B (95 %)", **_PCT)
    enough_b = fields.Boolean(readonly=True)
    change = fields.Float(
        string="Change (pp)",
        **_PCT,
        help="Index B minus index A, in percentage points.",
    )
    has_change = fields.Boolean(readonly=True)
