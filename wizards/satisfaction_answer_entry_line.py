from odoo import api, fields, models


class SatisfactionAnswerEntryLine(models.TransientModel):
    """One question of the answer entry wizard (a criterion, for one officer if rated
    per officer).
    """

    _name = "satisfaction.answer.entry.line"
    _description = "Answer Entry Line"
    _order = "sequence, id"

    entry_id = fields.Many2one(
        "satisfaction.answer.entry", required=True, ondelete="cascade"
    )
    sequence = fields.Integer()
    key = fields.Char(required=True, readonly=True)
    criterion_id = fields.Many2one(
        "satisfaction.criterion", required=True, readonly=True
    )
    element_id = fields.Many2one(related="criterion_id.element_id", string="Element")
    officer_id = fields.Many2one("hr.employee", readonly=True)
    question = fields.Char(compute="_compute_question")
    question_type = fields.Selection(related="criterion_id.question_type")
    required = fields.Boolean(related="criterion_id.required")
    scale_id = fields.Many2one(related="entry_id.scale_id")
    level_id = fields.Many2one(
        "satisfaction.scale.level",
        string="Answer",
        domain="[('scale_id', '=', scale_id)]",
    )
    text_value = fields.Char(string="Text Answer")
    derived_level_id = fields.Many2one(
        "satisfaction.scale.level",
        string="Pre-filled Level",
        readonly=True,
        help="The level the dossier pre-fills, as on the rating page.",
    )
    derived_note = fields.Char(string="From the Dossier", readonly=True)
    answer_origin = fields.Selection(
        [("derived", "Kept from the Dossier"), ("answered", "Chosen by the Citizen")],
        compute="_compute_answer_origin",
        help="How the answer will be recorded: a pre-filled level changed is "
        "chosen by the citizen.",
    )

    @api.depends("level_id", "derived_level_id")
    def _compute_answer_origin(self):
        for line in self:
            line.answer_origin = (
                "derived"
                if line.derived_level_id and line.level_id == line.derived_level_id
                else "answered"
            )

    @api.depends("criterion_id", "officer_id")
    def _compute_question(self):
        for line in self:
            name = line.criterion_id.name or ""
            line.question = (
                f"{name} ({line.officer_id.name})" if line.officer_id else name
            )
