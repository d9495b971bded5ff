from odoo import api, fields, models

from ..satisfaction_survey.catalogues import DERIVE_RETURN_TIME, DERIVE_SUPPLEMENTS


class SatisfactionCriterion(models.Model):
    """A question of a questionnaire (tiêu chí)."""

    _name = "satisfaction.criterion"
    _inherit = ["satisfaction.page.layout.mixin"]
    _description = "Questionnaire Criterion"
    _order = "questionnaire_id, element_sequence, sequence, id"

    element_id = fields.Many2one(
        "satisfaction.element", required=True, ondelete="cascade", index=True
    )
    questionnaire_id = fields.Many2one(
        related="element_id.questionnaire_id", store=True, index=True, readonly=True
    )
    element_sequence = fields.Integer(
        related="element_id.sequence", store=True, string="Element Sequence"
    )
    sequence = fields.Integer(default=10)
    code = fields.Char(required=True)
    name = fields.Char(string="Question", required=True, translate=True)
    question_type = fields.Selection(
        [("scale", "Scale"), ("text", "Free text")], default="scale", required=True
    )
    is_officer_criterion = fields.Boolean(
        string="Asked per Officer",
        help=(
            "Asked once for each officer who served the dossier; the answer is "
            "counted for that officer."
        ),
    )
    is_overall = fields.Boolean(string="Overall Question")
    derive_from = fields.Selection(
        [
            (DERIVE_RETURN_TIME, "Time of Return (Dossier Dates)"),
            (DERIVE_SUPPLEMENTS, "Supplement Requests (Dossier)"),
        ],
        string="Pre-filled From",
        help="The rating page pre-fills the answer from what the dossier records "
        "(returned on time or late against its final due moment; the supplement "
        "requests); the citizen may keep it or choose another level, and the "
        "answer records which.",
    )
    required = fields.Boolean(default=True)

    @api.depends("name", "element_id.name")
    def _compute_display_name(self):
        for criterion in self:
            criterion.display_name = (
                f"{criterion.element_id.name} / {criterion.name}"
                if criterion.element_id
                else criterion.name
            )
