import logging

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize, html_escape, plaintext2html

from ..satisfaction_survey import phones

_logger = logging.getLogger(__name__)

LEADER_GROUP = "satisfaction_survey.group_satisfaction_leader"
DEFAULT_LOW_SCORE_THRESHOLD = 3


class SatisfactionFollowup(models.Model):
    """Follow-up of a low rating, for the leader of the rated unit.

    Created when a citizen gives an answer below the low-score threshold. It
    is kept apart from the dossier and the rating request so that the rated
    officers never learn who rated them low: one-stop officers have no access
    to this model at all, and a leader who was among the officers rated does
    not see the follow-ups about themselves (record rules).
    """

    _name = "satisfaction.followup"
    _description = "Low Rating Follow-up"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "state desc, create_date desc, id desc"
    _rec_name = "dossier_ref"

    # Removed when the rating request is anonymised.
    dossier_ref = fields.Char(string="Dossier", readonly=True, index="trigram")
    # Empty when the dossier had no unit: then only administrators see the follow-up.
    unit_id = fields.Many2one("hr.department", readonly=True, index=True)
    procedure_id = fields.Many2one("satisfaction.procedure", readonly=True)
    request_id = fields.Many2one(
        "satisfaction.request",
        string="Rating Request",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        groups=LEADER_GROUP,
    )
    response_id = fields.Many2one(
        "satisfaction.response", required=True, readonly=True, ondelete="cascade"
    )
    low_line_ids = fields.Many2many(
        "satisfaction.response.line",
        string="Low Answers",
        readonly=True,
        relation="satisfaction_followup_low_line_rel",
    )
    low_criteria = fields.Text(readonly=True)
    reason = fields.Text(string="Citizen's Reason", readonly=True)
    contact_allowed = fields.Boolean(
        string="Citizen Agreed to Be Contacted",
        readonly=True,
        help="Only then may a reply be sent to the citizen's contact data.",
    )
    rated_user_ids = fields.Many2many(
        "res.users",
        string="Rated Officers' Users",
        readonly=True,
        relation="satisfaction_followup_rated_user_rel",
        help="Users of the officers rated: they never see this follow-up.",
    )
    user_id = fields.Many2one(
        "res.users", string="Responsible Leader", tracking=True, index=True
    )
    state = fields.Selection(
        [("open", "Open"), ("done", "Done")],
        default="open",
        required=True,
        tracking=True,
        index=True,
    )
    action_taken = fields.Text(string="What Was Done", tracking=True)
    reply_sent = fields.Text(
        string="Reply to the Citizen",
        help="Sent by e-mail or SMS to the contact data the citizen left, "
        "if they agreed to be contacted.",
    )
    date_reply_sent = fields.Datetime(string="Reply Sent On", readonly=True, copy=False)
    reply_channel = fields.Selection(
        [("email", "E-mail"), ("sms", "SMS")], readonly=True, copy=False
    )
    date_done = fields.Datetime(readonly=True, copy=False)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, required=True
    )

    def _compute_display_name(self):
        for followup in self:
            followup.display_name = followup.dossier_ref or _("Low rating follow-up")

    # ------------------------------------------------------------
    # LOW SCORES
    # ------------------------------------------------------------

    @api.model
    def _low_score_threshold(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("satisfaction_survey.low_score_threshold")
        )
        try:
            return int(value) if value else DEFAULT_LOW_SCORE_THRESHOLD
        except ValueError:
            _logger.warning(
                "satisfaction_survey.low_score_threshold is not a number, using %s",
                DEFAULT_LOW_SCORE_THRESHOLD,
            )
            return DEFAULT_LOW_SCORE_THRESHOLD

    @api.model
    def _low_values(self, scale, threshold=None):
        """Values of ``scale`` that count as low: below the threshold, not "satisfied".

        With the default threshold 3: 1-2 on the SIPAS 5-level scale, 1 on the
        3-level scale of QĐ 766 (whose 2 means "satisfied").
        """
        if threshold is None:
            threshold = self._low_score_threshold()
        return {
            level.value
            for level in scale.level_ids
            if level.value < threshold and not level.is_satisfied
        }

    @api.model
    def _create_from_response(self, response, reason=False, contact_allowed=False):
        """Open a follow-up for ``response`` if it holds a low answer.

        Returns the follow-up (sudo), or an empty recordset.
        """
        response = response.sudo()
        low_values = self._low_values(response.questionnaire_id.scale_id)
        low_lines = response.line_ids.filtered(lambda line: line.value in low_values)
        if not low_lines:
            return self.sudo().browse()
        request = response.request_id
        rated_users = request.officer_ids.user_id
        leader = self._find_leader(request.unit_id, exclude_users=rated_users)
        followup = self.sudo().create(
            {
                "dossier_ref": request.dossier_ref,
                "unit_id": request.unit_id.id,
                "procedure_id": request.procedure_id.id,
                "request_id": request.id,
                "response_id": response.id,
                "low_line_ids": [(6, 0, low_lines.ids)],
                "low_criteria": "\n".join(
                    self._describe_line(line) for line in low_lines
                ),
                "reason": reason or False,
                "contact_allowed": bool(contact_allowed),
                "rated_user_ids": [(6, 0, rated_users.ids)],
                "user_id": leader.id if leader else False,
                "company_id": request.company_id.id,
            }
        )
        if leader:
            followup.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=leader.id,
                summary=_("Low rating: dossier %s", request.dossier_ref),
                note=plaintext2html(followup.low_criteria),
            )
        else:
            _logger.warning(
                "No unit leader to follow up the low rating of dossier %s",
                request.dossier_ref,
            )
        return followup

    @api.model
    def _describe_line(self, line):
        label = line.criterion_id.name
        if line.officer_id:
            label = "%s (%s)" % (label, line.officer_id.name)
        return "%s: %s" % (label, line.level_name or line.value)

    @api.model
    def _find_leader(self, unit, exclude_users=None):
        """The leader who follows up a low rating of ``unit``.

        The unit's manager (hr.department.manager_id) if their user is a unit
        leader, else the first unit leader working in the unit; if there is
        none, the same search in the parent units. Users of the rated officers
        are skipped, so a leader never follows up a rating of themselves.
        """
        exclude_users = exclude_users or self.env["res.users"]
        leader_group = self.env.ref(LEADER_GROUP)
        department = unit.sudo()
        while department:
            manager_user = department.manager_id.user_id
            if (
                manager_user
                and manager_user.active
                and leader_group in manager_user.groups_id
                and manager_user not in exclude_users
            ):
                return manager_user
            leaders = (
                self.env["hr.employee"]
                .sudo()
                .search(
                    [("department_id", "=", department.id), ("user_id", "!=", False)],
                    order="id",
                )
                .user_id.filtered(lambda u: u.active and leader_group in u.groups_id)
                - exclude_users
            )
            if leaders:
                return leaders[0]
            department = department.parent_id
        return self.env["res.users"]

    # ------------------------------------------------------------
    # ACTIONS (unit leader)
    # ------------------------------------------------------------

    def action_send_reply(self):
        """E-mail or SMS ``reply_sent`` to the citizen, who agreed to be contacted."""
        self.ensure_one()
        self.check_access("write")
        if not self.contact_allowed:
            raise UserError(
                _("The citizen did not agree to be contacted: no reply can be sent.")
            )
        if not (self.reply_sent or "").strip():
            raise UserError(_("Write the reply to the citizen first."))
        request = self.sudo().request_id
        email = email_normalize(request.citizen_email or "")
        number = phones.normalize_vn_phone(request.citizen_phone)
        if (
            request.channel == "email"
            and email
            or not phones.is_mobile(number)
            and email
        ):
            self._send_reply_email(request, email)
            channel = "email"
        elif phones.is_mobile(number):
            self._send_reply_sms(number)
            channel = "sms"
        else:
            raise UserError(
                _(
                    "The dossier has no valid phone number or e-mail address "
                    "to reply to."
                )
            )
        self.write({"date_reply_sent": fields.Datetime.now(), "reply_channel": channel})
        self.message_post(
            body=Markup("%s<br/>%s")
            % (
                _(
                    "Reply sent to the citizen by %s:",
                    dict(self._fields["reply_channel"].selection)[channel],
                ),
                plaintext2html(self.reply_sent),
            )
        )
        return True

    def _send_reply_email(self, request, email):
        subject = _("About your rating of dossier %s", request.dossier_ref)
        self.env["mail.mail"].sudo().create(
            {
                "subject": subject,
                "email_to": email,
                "email_from": self.env.user.email_formatted
                or self.env.company.email_formatted,
                "body_html": Markup("<p>%s</p>%s")
                % (html_escape(subject), plaintext2html(self.reply_sent)),
                "auto_delete": True,
            }
        )

    def _send_reply_sms(self, number):
        self.env["sms.sms"].sudo().create(
            {"number": number, "body": self.reply_sent.strip()}
        )
        self.env.ref("sms.ir_cron_sms_scheduler_action")._trigger()

    def action_done(self):
        for followup in self:
            if not (followup.action_taken or "").strip():
                raise UserError(
                    _(
                        "Write what was done before closing the follow-up of %s.",
                        followup.dossier_ref,
                    )
                )
        self.write({"state": "done", "date_done": fields.Datetime.now()})
        for followup in self:
            followup.activity_ids.action_feedback(feedback=followup.action_taken)
        return True

    def action_reopen(self):
        self.write({"state": "open", "date_done": False})
        return True
