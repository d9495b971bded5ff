from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

MANAGER_GROUP = "satisfaction_survey.group_satisfaction_manager"


class SatisfactionAnswerCorrection(models.TransientModel):
    """Correct one answer of a response (administrators only), with a reason.

    Responses are read-only for everybody; this is the only way to change an
    answer, and every change leaves an entry in ``satisfaction.audit.log``
    (who, when, before, after, why) that reviewers can read.
    """

    _name = "satisfaction.answer.correction"
    _description = "Correct an Answer"

    line_id = fields.Many2one(
        "satisfaction.response.line", string="Answer", required=True, ondelete="cascade"
    )
    criterion_id = fields.Many2one(related="line_id.criterion_id")
    officer_id = fields.Many2one(related="line_id.officer_id")
    question_type = fields.Selection(related="line_id.criterion_id.question_type")
    current_answer = fields.Char(related="line_id.level_name", string="Current Answer")
    scale_id = fields.Many2one(related="line_id.criterion_id.questionnaire_id.scale_id")
    new_level_id = fields.Many2one(
        "satisfaction.scale.level",
        string="New Answer",
        domain="[('scale_id', '=', scale_id)]",
    )
    new_text = fields.Text(string="New Text Answer")
    reason = fields.Text(
        required=True,
        help="Why the answer is corrected, e.g. the paper form was typed in wrongly.",
    )

    @api.model
    def _check_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(_("Only administrators can correct answers."))

    @api.model_create_multi
    def create(self, vals_list):
        self._check_manager()
        return super().create(vals_list)

    def action_apply(self):
        self.ensure_one()
        self._check_manager()
        line = self.line_id.sudo()
        if not (self.reason or "").strip():
            raise UserError(_("Give the reason of the correction."))
        AuditLog = self.env["satisfaction.audit.log"]
        if self.question_type == "scale":
            level = self.new_level_id
            if (
                not level
                or level.scale_id != line.criterion_id.questionnaire_id.scale_id
            ):
                raise UserError(
                    _("Choose one of the answers of the questionnaire's scale.")
                )
            if level.value == line.value:
                raise UserError(_("The new answer is the same as the current one."))
            before = "%s (%s)" % (line.level_name or "", line.value or "")
            line.value = level.value
            AuditLog._log(
                line,
                "value",
                before,
                "%s (%s)" % (level.name, level.value),
                self.reason,
            )
        else:
            text = (self.new_text or "").strip()
            if text == (line.text_value or ""):
                raise UserError(_("The new answer is the same as the current one."))
            before = line.text_value
            line.text_value = text or False
            AuditLog._log(line, "text_value", before, text, self.reason)
        return {"type": "ir.actions.act_window_close"}
