from odoo import fields, models


class SatisfactionScaleLevel(models.Model):
    _name = "satisfaction.scale.level"
    _inherit = ["satisfaction.page.layout.mixin"]
    _description = "Answer Scale Level"
    _order = "scale_id, value desc"

    scale_id = fields.Many2one(
        "satisfaction.scale", required=True, ondelete="cascade", index=True
    )
    value = fields.Integer(
        required=True, help="Stored value of the answer; higher means more satisfied."
    )
    name = fields.Char(required=True, translate=True)
    is_satisfied = fields.Boolean(
        string="Counts as Satisfied",
        help="Answers at this level count as satisfied in the satisfaction index "
        "(SIPAS: 'Satisfied' and 'Very satisfied').",
    )
    emoji = fields.Char(help="Shown on the public page next to the label.")

    _sql_constraints = [
        (
            "value_unique",
            "unique(scale_id, value)",
            "Each level of a scale must have its own value.",
        ),
    ]
