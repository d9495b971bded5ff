from odoo import fields, models


class SatisfactionElement(models.Model):
    """A group of criteria: one of the five SIPAS elements, or the officer conduct
    group.
    """

    _name = "satisfaction.element"
    _inherit = ["satisfaction.page.layout.mixin"]
    _description = "Questionnaire Element"
    _order = "questionnaire_id, sequence, id"

    questionnaire_id = fields.Many2one(
        "satisfaction.questionnaire", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    code = fields.Char(
        required=True, help="e.g. access, procedure, officer, result, feedback."
    )
    name = fields.Char(required=True, translate=True)
    criterion_ids = fields.One2many(
        "satisfaction.criterion", "element_id", string="Criteria", copy=True
    )
