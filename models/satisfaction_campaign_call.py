from datetime import timedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..satisfaction_survey import verification
from .satisfaction_request import CHANNELS, MANAGER_GROUP

CALL_STATES = [
    ("to_call", "To Call"),
    ("retry", "Call Again"),
    ("answered", "Answered"),
    ("refused", "Refused"),
    ("unreachable", "Unreachable"),
    ("wrong_number", "Wrong Number"),
    ("not_reached", "Not Reached"),
]
OPEN_STATES = ("to_call", "retry")


class SatisfactionCampaignCall(models.Model):
    """One sampled dossier to call: outcome, attempts and the answers given.

    The citizen's name and number are shown to the surveyor the call is
    assigned to, and only while the call is open; they are read from the
    request on the fly and can be neither stored here nor exported.
    """

    _name = "satisfaction.campaign.call"
    _description = "Verification Call"
    _order = "next_attempt, id"
    _rec_name = "procedure_id"

    campaign_id = fields.Many2one(
        "satisfaction.campaign", required=True, ondelete="cascade", index=True
    )
    campaign_state = fields.Selection(
        related="campaign_id.state", string="Survey State"
    )
    stratum_id = fields.Many2one(
        "satisfaction.campaign.stratum", required=True, ondelete="cascade", index=True
    )
    unit_id = fields.Many2one(related="stratum_id.unit_id", store=True, index=True)
    request_id = fields.Many2one(
        "satisfaction.request", required=True, readonly=True, groups=MANAGER_GROUP
    )
    procedure_id = fields.Many2one(
        "satisfaction.procedure", compute="_compute_dossier_facts"
    )
    date_returned = fields.Date(compute="_compute_dossier_facts")
    surveyor_id = fields.Many2one("res.users", required=True, index=True)
    state = fields.Selection(CALL_STATES, default="to_call", required=True, index=True)
    attempt_count = fields.Integer(string="Attempts", readonly=True)
    last_attempt = fields.Datetime(readonly=True)
    next_attempt = fields.Datetime(readonly=True, default=fields.Datetime.now)
    citizen_name = fields.Char(compute="_compute_contact", exportable=False)
    citizen_phone = fields.Char(compute="_compute_contact", exportable=False)
    answer_ids = fields.One2many("satisfaction.campaign.answer", "call_id")
    campaign_kind = fields.Selection(related="campaign_id.kind", string="Survey Kind")
    # re-contact check: the counter rating asked again
    counter_channel = fields.Selection(CHANNELS, readonly=True)
    officer_ids = fields.Many2many(
        "hr.employee", string="Officers Rated", readonly=True
    )
    counter_value = fields.Integer(
        string="Counter Overall Answer", readonly=True, groups=MANAGER_GROUP
    )
    confirmed = fields.Selection(
        [("yes", "Yes"), ("no", "No")],
        string="Did You Rate This Service?",
        help="Asked first: did the citizen give the rating recorded at the counter?",
    )
    recontact_level_id = fields.Many2one(
        "satisfaction.scale.level",
        string="How Satisfied Were You?",
        domain="[('scale_id', '=', scale_id)]",
        ondelete="restrict",
    )
    scale_id = fields.Many2one(related="campaign_id.questionnaire_id.scale_id")
    mismatch = fields.Boolean(
        readonly=True,
        help="The citizen says they did not rate, or rates two or more levels lower "
        "than the counter rating.",
    )
    note = fields.Char(help="Anything the next call should know; no personal data.")

    @api.depends("procedure_id")
    def _compute_display_name(self):
        # the procedure's name read as superuser: a surveyor reads no procedure
        for call in self:
            call.display_name = call.sudo().procedure_id.display_name or _(
                "Call %s", call.id
            )

    def _compute_dossier_facts(self):
        for call in self:
            request = call.sudo().request_id
            call.procedure_id = request.procedure_id
            call.date_returned = request.create_date and request.create_date.date()

    @api.depends_context("uid")
    @api.depends("state", "surveyor_id")
    def _compute_contact(self):
        for call in self:
            shown = call.state in OPEN_STATES and call.surveyor_id == self.env.user
            request = call.sudo().request_id
            call.citizen_name = request.citizen_name if shown else False
            call.citizen_phone = request.citizen_phone if shown else False

    # ------------------------------------------------------------
    # OUTCOMES
    # ------------------------------------------------------------

    def _check_open(self):
        for call in self:
            if call.campaign_id.state != "running" or call.state not in OPEN_STATES:
                raise UserError(_("This call is closed."))
            if call.surveyor_id != self.env.user and not self.env.user.has_group(
                MANAGER_GROUP
            ):
                raise AccessError(_("Only the surveyor of a call records its outcome."))

    def _outcome(self, values):
        self._check_open()
        now = fields.Datetime.now()
        self.sudo().write(
            {"attempt_count": self.attempt_count + 1, "last_attempt": now} | values
        )
        self.sudo().stratum_id._refresh_figures()
        return True

    def action_prepare_answers(self):
        """One empty answer per scale question of the campaign's questionnaire."""
        self._check_open()
        for call in self.sudo().filtered(lambda c: not c.answer_ids):
            criteria = call.campaign_id.questionnaire_id.criterion_ids.filtered(
                lambda criterion: criterion.question_type == "scale"
            )
            call.answer_ids = [
                Command.create({"sequence": index, "criterion_id": criterion.id})
                for index, criterion in enumerate(criteria)
            ]
        return True

    def action_answered(self):
        self.ensure_one()
        if self.campaign_id.kind == "recontact":
            return self._recontact_answered()
        if not self.answer_ids or self.answer_ids.filtered(lambda a: not a.level_id):
            raise UserError(_("Record an answer to every question first."))
        return self._outcome({"state": "answered"})

    def _recontact_answered(self):
        if not self.confirmed or (
            self.confirmed == "yes" and not self.recontact_level_id
        ):
            raise UserError(
                _(
                    "Record whether the citizen rated, and if so how satisfied "
                    "they were."
                )
            )
        mismatch = verification.recontact_mismatch(
            self.sudo().counter_value,
            self.confirmed == "yes",
            self.recontact_level_id.value or None,
        )
        return self._outcome({"state": "answered", "mismatch": mismatch})

    def action_refused(self):
        return self._outcome({"state": "refused"})

    def action_wrong_number(self):
        return self._outcome({"state": "wrong_number"})

    def action_no_answer(self):
        """No one picked up: call again later, until the attempts run out."""
        self.ensure_one()
        self._check_open()
        campaign = self.campaign_id
        if self.attempt_count + 1 >= campaign.max_attempts:
            return self._outcome({"state": "unreachable"})
        return self._outcome(
            {
                "state": "retry",
                "next_attempt": fields.Datetime.now()
                + timedelta(hours=campaign.retry_hours),
            }
        )
