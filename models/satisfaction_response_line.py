from odoo import api, fields, models


class SatisfactionResponseLine(models.Model):
    _name = "satisfaction.response.line"
    _description = "Satisfaction Answer"
    _order = "response_id, criterion_id, id"
    # No create/write user nor date per answer: the response holds when the
    # answers came and who typed them (``date``, ``entered_by_id``), and a
    # correction is written to the audit log with its author. Four columns
    # fewer on the busiest table, two foreign keys fewer to check (and, on a
    # served rating, to plan) per answer, and no per-answer timestamps left
    # to coarsen when a request is anonymised.
    _log_access = False

    response_id = fields.Many2one(
        "satisfaction.response", required=True, ondelete="cascade", index=True
    )
    criterion_id = fields.Many2one(
        "satisfaction.criterion", required=True, ondelete="restrict", index=True
    )
    element_id = fields.Many2one(
        related="criterion_id.element_id", store=True, index=True, precompute=True
    )
    officer_id = fields.Many2one(
        "hr.employee",
        index=True,
        ondelete="restrict",
        help="Set on officer criteria: the officer this answer rates.",
    )
    value = fields.Integer(
        help="Level of the answer scale; empty for free-text questions."
    )
    text_value = fields.Text(string="Text Answer")
    answer_origin = fields.Selection(
        [("derived", "Kept from the Dossier"), ("answered", "Chosen by the Citizen")],
        # not required: rows written by plain SQL (imports, tools) stay valid
        default="answered",
        readonly=True,
        help="Kept from the Dossier: the citizen kept the level the rating page "
        "pre-filled from the dossier (time of return, supplement requests). "
        "Chosen by the Citizen: the citizen chose the level, with or without a "
        "pre-filled one.",
    )
    derived_value = fields.Integer(
        string="Pre-filled Level",
        readonly=True,
        help="The level the rating page pre-filled from the dossier; when it "
        "differs from the answer, the citizen corrected it.",
    )
    is_satisfied = fields.Boolean(
        compute="_compute_is_satisfied", store=True, index=True, precompute=True
    )
    level_name = fields.Char(compute="_compute_level_name", string="Answer")

    @api.depends("value", "criterion_id")
    def _compute_is_satisfied(self):
        for line in self:
            questionnaire = line.criterion_id.questionnaire_id
            line.is_satisfied = bool(questionnaire) and self._satisfied(
                line.value, questionnaire._satisfied_values()
            )

    @api.model
    def _satisfied(self, value, satisfied_values):
        """``is_satisfied`` of an answer of level ``value`` on a scale whose
        satisfied levels are ``satisfied_values`` (also given by the rating
        page when it creates the lines, from its cached page layout)."""
        return bool(value) and value in satisfied_values

    @api.depends("value", "criterion_id")
    def _compute_level_name(self):
        for line in self:
            levels = line.criterion_id.questionnaire_id.scale_id.level_ids
            line.level_name = (
                levels.filtered(lambda lvl, line=line: lvl.value == line.value)[:1].name
                or line.text_value
            )
