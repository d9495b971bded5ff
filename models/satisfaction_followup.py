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
    # The receiving unit's leader follows the rating up (the citizen's point of
    # contact); the leader of the agency that decided the dossier reads it.
    competent_unit_id = fields.Many2one(
        "hr.department", string="Competent Agency", readonly=True, index=True
    )
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
    assigned_as = fields.Selection(
        [
            ("leader", "Unit Leader"),
            ("administrator", "Administrator (unit without leader)"),
        ],
        string="Assigned To",
        readonly=True,
        help=(
            "Who the follow-up went to when it was opened: the unit's leader, or an "
            "administrator when the unit had no leader."
        ),
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
    # As the SMS and mail queues report it (see _on_reply_outcome).
    reply_state = fields.Selection(
        [
            ("outgoing", "Queued"),
            ("sent", "Sent"),
            ("delivered", "Delivered"),
            ("error", "Failed"),
        ],
        string="Reply Status",
        readonly=True,
        copy=False,
    )
    reply_error = fields.Char(readonly=True, copy=False)
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
        return self.env["satisfaction.settings"]._get_int(
            "satisfaction_survey.low_score_threshold", DEFAULT_LOW_SCORE_THRESHOLD
        )

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
        owner, assigned_as = request.unit_id._satisfaction_owner(
            exclude_users=rated_users
        )
        followup = self.sudo().create(
            {
                "dossier_ref": request.dossier_ref,
                "unit_id": request.unit_id.id,
                "competent_unit_id": (request.competent_unit_id or request.unit_id).id,
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
                "user_id": owner.id,
                "assigned_as": assigned_as if owner else False,
                "company_id": request.company_id.id,
            }
        )
        if assigned_as == "administrator":
            _logger.info(
                "No unit leader to follow up the low rating of dossier %s: "
                "assigned to an administrator",
                request.dossier_ref,
            )
        if owner:
            note = plaintext2html(followup.low_criteria)
            if assigned_as == "administrator":
                note = Markup("<p>%s</p>%s") % (
                    _(
                        "The unit has no leader: follow this rating up or give "
                        "the unit a leader."
                    ),
                    note,
                )
            followup.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=owner.id,
                summary=_("Low rating: dossier %s", request.dossier_ref),
                note=note,
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
        """The leader who follows up a low rating of ``unit`` (see
        ``hr.department._satisfaction_leader``)."""
        return unit._satisfaction_leader(exclude_users)

    # ------------------------------------------------------------
    # ACTIONS (unit leader)
    # ------------------------------------------------------------

    def action_send_reply(self):
        """Queue ``reply_sent`` for the citizen, who agreed to be contacted, by
        e-mail or SMS; the chatter then tells what really happened to it.
        """
        self.ensure_one()
        self.check_access("write")
        if not self.contact_allowed:
            raise UserError(
                _("The citizen did not agree to be contacted: no reply can be sent.")
            )
        if not (self.reply_sent or "").strip():
            raise UserError(_("Write the reply to the citizen first."))
        if self.reply_state in ("outgoing", "sent", "delivered"):
            raise UserError(_("The reply was already sent."))
        request = self.sudo().request_id
        email = email_normalize(request.citizen_email or "")
        mobile = phones.is_mobile(phones.normalize_vn_phone(request.citizen_phone))
        can_sms = mobile and self.env["sms.sms"]._satisfaction_provider()
        if email and (request.channel == "email" or not can_sms):
            channel = "email"
        elif can_sms:
            channel = "sms"
        elif mobile:
            raise UserError(
                _(
                    "No SMS provider is configured and the dossier has no e-mail "
                    "address to reply to."
                )
            )
        else:
            raise UserError(
                _(
                    "The dossier has no valid phone number or e-mail address "
                    "to reply to."
                )
            )
        self._queue_reply(channel)
        self._message_log(
            body=Markup("%s<br/>%s")
            % (
                _(
                    "Reply to the citizen queued for sending by %s:",
                    self._channel_label(channel),
                ),
                plaintext2html(self.reply_sent),
            )
        )
        return True

    def _channel_label(self, channel):
        return dict(self._fields["reply_channel"]._description_selection(self.env))[
            channel
        ]

    def _queue_reply(self, channel):
        request = self.sudo().request_id
        if channel == "email":
            self._send_reply_email(request, email_normalize(request.citizen_email))
        else:
            self._send_reply_sms(phones.normalize_vn_phone(request.citizen_phone))
        self.write(
            {
                "reply_channel": channel,
                "reply_state": "outgoing",
                "reply_error": False,
                "date_reply_sent": False,
            }
        )

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
                "satisfaction_followup_id": self.id,
            }
        )
        self.env.ref("mail.ir_cron_mail_scheduler_action")._trigger()

    def _send_reply_sms(self, number):
        self.env["sms.sms"].sudo().create(
            {
                "number": number,
                "body": self.reply_sent.strip(),
                "satisfaction_followup_id": self.id,
            }
        )
        self.env.ref("sms.ir_cron_sms_scheduler_action")._trigger()

    def _on_reply_outcome(self, channel, status, detail):
        """The SMS or mail queue sent the reply, or failed to: logged as it is.

        A failed SMS falls back, once, to the citizen's e-mail address.
        """
        self.ensure_one()
        if channel != self.reply_channel:
            return  # the SMS that the e-mail replaced
        if status == "outgoing":  # a failed attempt, to be retried
            self.reply_error = detail
            return
        if status == self.reply_state:
            return
        label = self._channel_label(channel)
        if status in ("sent", "delivered"):
            self.write(
                {
                    "reply_state": status,
                    "reply_error": False,
                    "date_reply_sent": self.date_reply_sent or fields.Datetime.now(),
                }
            )
            message = (
                _("Reply delivered to the citizen by %s.", label)
                if status == "delivered"
                else _("Reply sent to the citizen by %s.", label)
            )
            self._message_log(body=message)
            return
        self.write({"reply_state": "error", "reply_error": detail})
        email = email_normalize(self.sudo().request_id.citizen_email or "")
        if channel == "sms" and email:
            self._queue_reply("email")
            self._message_log(
                body=_(
                    "The reply by SMS failed (%s): it is sent by e-mail instead.",
                    detail,
                )
            )
        else:
            self._message_log(
                body=_(
                    "The reply by %(channel)s failed: %(reason)s",
                    channel=label,
                    reason=detail,
                )
            )

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
