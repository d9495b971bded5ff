from odoo import fields, models


class SatisfactionProcedure(models.Model):
    """An administrative procedure (thủ tục hành chính) that dossiers follow."""

    _name = "satisfaction.procedure"
    _inherit = ["satisfaction.page.layout.mixin"]
    _description = "Administrative Procedure"
    _satisfaction_page_fields = frozenset({"name"})
    _order = "field_name, name, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        help=(
            "Code of the procedure in the national database of administrative "
            "procedures."
        )
    )
    field_name = fields.Char(
        string="Field",
        translate=True,
        help="Domain of the procedure, e.g. civil status, land.",
    )
    processing_days = fields.Integer(
        help="Legal time limit to settle a dossier, in working days."
    )
    questionnaire_id = fields.Many2one(
        "satisfaction.questionnaire",
        domain="[('state', '=', 'published')]",
        help=(
            "Questionnaire for this procedure; the default questionnaire is used when "
            "empty."
        ),
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "Two procedures cannot share the same code."),
    ]
