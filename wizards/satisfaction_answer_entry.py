from odoo import _, api, fields, models
from odoo.exceptions import UserError

ENTRY_CHANNELS = [("staff", "Staff-assisted"), ("surveyor", "Surveyor")]
ENTRY_METHODS = [
    ("phone", "Phone call"),
    ("interview", "Interview"),
    ("paper", "Paper form"),
]


class SatisfactionAnswerEntry(models.TransientModel):
    """Answers given by phone, in an interview or on a paper form, typed in by staff.

    The response keeps the channel (staff / surveyor, never a self-service
    channel) and the user who entered it; the method is logged on the request.
    No answer is pre-filled: every level is chosen from what the citizen said.
    """

    _name = "satisfaction.answer.entry"
    _description = "Enter Answers Given by Phone, Interview or Paper"

    request_id = fields.Many2one(
        "satisfaction.request", required=True, readonly=True, ondelete="cascade"
    )
    dossier_ref = fields.Char(related="request_id.dossier_ref")
    questionnaire_id = fields.Many2one(related="request_id.questionnaire_id")
    scale_id = fields.Many2one(related="request_id.questionnaire_id.scale_id")
    ask_comment = fields.Boolean(related="request_id.questionnaire_id.ask_comment")
    comment_label = fields.Char(related="request_id.questionnaire_id.comment_label")
    channel = fields.Selection(
        ENTRY_CHANNELS, string="Entered As", required=True, default="staff"
    )
    method = fields.Selection(
        ENTRY_METHODS, string="Answers Given By", required=True, default="phone"
    )
    note = fields.Char(
        help="E.g. the number of the paper form, or when the call took place."
    )
    line_ids = fields.One2many(
        "satisfaction.answer.entry.line", "entry_id", string="Answers"
    )
    comment = fields.Text()

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        request = self.env["satisfaction.request"].browse(
            values.get("request_id") or []
        )
        if request and "line_ids" in fields_list:
            request._check_answer_entry()
            values["line_ids"] = [
                (
                    0,
                    0,
                    {
                        "sequence": sequence,
                        "key": item["key"],
                        "criterion_id": item["criterion"].id,
                        "officer_id": item["officer"].id if item["officer"] else False,
                    },
                )
                for sequence, item in enumerate(request._question_items())
            ]
        return values

    def action_save(self):
        self.ensure_one()
        request = self.request_id
        request._check_answer_entry()
        if self.channel not in dict(ENTRY_CHANNELS):
            raise UserError(
                _(
                    "Answers entered by staff are recorded as staff-assisted or "
                    "surveyor answers."
                )
            )
        keys = {item["key"] for item in request._question_items()}
        form = {}
        for line in self.line_ids.filtered(lambda line: line.key in keys):
            if line.question_type == "text":
                if line.text_value:
                    form[line.key] = line.text_value
            elif line.level_id:
                form[line.key] = str(line.level_id.value)
        if self.ask_comment and self.comment:
            form["comment"] = self.comment
        response, errors = request.sudo()._record_answers(
            form, channel=self.channel, entered_by=self.env.user
        )
        if errors:
            labels = self.line_ids.filtered(lambda line: line.key in errors).mapped(
                "question"
            )
            raise UserError(
                _(
                    "Answer every required question:\n%s",
                    "\n".join(labels) or ", ".join(errors),
                )
            )
        methods = dict(self._fields["method"]._description_selection(self.env))
        channels = dict(self._fields["channel"]._description_selection(self.env))
        request.sudo().message_post(
            body=_(
                "Answers entered by %(user)s (%(channel)s, %(method)s)%(note)s.",
                user=self.env.user.name,
                channel=channels[self.channel],
                method=methods[self.method],
                note=": %s" % self.note if self.note else "",
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {"type": "ir.actions.act_window_close"}
