from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..satisfaction_survey import evaluation

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
    The answers the dossier gives (NĐ 118/2025 Điều 33.1 a) and c)) are
    pre-filled as on the rating page (``satisfaction.request._derived_levels``)
    next to the dossier's dates they come from; each answer records whether
    the citizen kept or changed its pre-filled level. Every other level is
    chosen from what the citizen said.
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
    # what the dossier says, for the pre-filled answers a) and c)
    has_derived = fields.Boolean(
        string="Has Pre-filled Answers", compute="_compute_dossier_facts"
    )
    dossier_received = fields.Char(
        string="Received On", compute="_compute_dossier_facts"
    )
    dossier_due = fields.Char(
        string="Final Due (Vietnam Time)",
        compute="_compute_dossier_facts",
        help="The appointment moved by extensions and restarted by supplements "
        "(NĐ 118/2025 Điều 19); a date without a time is the whole day.",
    )
    dossier_extensions = fields.Char(
        string="Extensions (New Due)", compute="_compute_dossier_facts"
    )
    dossier_supplements_asked = fields.Char(
        string="Supplements Asked", compute="_compute_dossier_facts"
    )
    dossier_supplements_received = fields.Char(
        string="Supplements Received", compute="_compute_dossier_facts"
    )
    dossier_returned = fields.Char(
        string="Returned On", compute="_compute_dossier_facts"
    )
    derived_return_time = fields.Selection(
        related="request_id.derived_return_time", string="On Time or Late"
    )
    derived_supplement_count = fields.Integer(
        related="request_id.derived_supplement_count"
    )
    derived_supplements_known = fields.Boolean(
        related="request_id.derived_supplements_known"
    )

    @api.depends("request_id")
    def _compute_dossier_facts(self):
        for entry in self:
            request = entry.request_id.sudo()
            entry.has_derived = any(
                request.questionnaire_id.criterion_ids.mapped("derive_from")
            )
            timeline = request._dossier_timeline() if entry.has_derived else {}
            supplements_known = request.derived_supplements_known
            entry.update(
                {
                    "dossier_received": self._moments_text(timeline, "received"),
                    "dossier_due": self._moments_text(timeline, "due", due=True),
                    "dossier_extensions": self._moments_text(
                        timeline, "extensions", due=True, known=bool(timeline)
                    ),
                    "dossier_supplements_asked": self._moments_text(
                        timeline, "supplements_asked", known=supplements_known
                    ),
                    "dossier_supplements_received": self._moments_text(
                        timeline, "supplements_received", known=supplements_known
                    ),
                    "dossier_returned": self._moments_text(timeline, "returned"),
                }
            )

    @api.model
    def _moments_text(self, timeline, key, due=False, known=True):
        """The moment(s) of ``timeline[key]`` in Vietnam time; "None on the
        dossier" for an empty list, "Not recorded" when the dossier does not
        say."""
        value = timeline.get(key)
        if not known or value is None:
            return _("Not recorded")
        moments = value if isinstance(value, list) else [value]
        return ", ".join(
            evaluation.moment_text(moment, due=due) for moment in moments
        ) or _("None on the dossier")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        request = self.env["satisfaction.request"].browse(
            values.get("request_id") or []
        )
        if request and "line_ids" in fields_list:
            request._check_answer_entry()
            items = request._question_items()
            request_sudo = request.sudo()
            # the rating page's pre-fill, with the note it shows
            derived = request_sudo._derived_levels(items)
            notes = request_sudo._derived_notes(items)
            levels = {
                level.value: level.id
                for level in request.questionnaire_id.scale_id.level_ids
            }
            values["line_ids"] = [
                (
                    0,
                    0,
                    {
                        "sequence": sequence,
                        "key": item["key"],
                        "criterion_id": item["criterion"].id,
                        "officer_id": item["officer"].id if item["officer"] else False,
                        "level_id": levels.get(derived.get(item["key"]), False),
                        "derived_level_id": levels.get(derived.get(item["key"]), False),
                        "derived_note": notes.get(item["key"], False),
                    },
                )
                for sequence, item in enumerate(items)
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
        # prefilled: the levels pre-filled above are the request's own, so
        # each answer records whether the citizen kept it
        response, errors = request.sudo()._record_answers(
            form, channel=self.channel, entered_by=self.env.user, prefilled=True
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
