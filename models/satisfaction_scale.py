from odoo import api, fields, models


class SatisfactionScale(models.Model):
    _name = "satisfaction.scale"
    _inherit = ["satisfaction.page.layout.mixin"]
    _description = "Answer Scale"
    _order = "name, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True, help="Technical code, e.g. sipas5 for the SIPAS 5-level scale."
    )
    level_ids = fields.One2many(
        "satisfaction.scale.level", "scale_id", string="Levels", copy=True
    )
    level_count = fields.Integer(compute="_compute_level_count")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "The code of an answer scale must be unique."),
    ]

    @api.depends("level_ids")
    def _compute_level_count(self):
        for scale in self:
            scale.level_count = len(scale.level_ids)

    def _satisfied_values(self):
        self.ensure_one()
        return {level.value for level in self.level_ids if level.is_satisfied}
