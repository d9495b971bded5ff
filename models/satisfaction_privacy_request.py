"""Register of citizens' requests about their personal data (Law 91/2025/QH15,
Decree 356/2025/NĐ-CP).

Each request has a kind, a channel, the date received, an identity check
(required before an export or an erasure), a due date for the first reply and
one for the answer, computed on the company's working calendar from
configurable periods (``PERIOD_DEFAULTS``), a responsible data officer with an
activity, reminders before the due date (cron) and the export / erase wizard.

The defaults follow an analysis of Decree 356/2025/NĐ-CP that could be only
partly checked against public sources (see README, "Personal data"): reply
within 2 working days; view, copy, correct within 10 days; withdraw consent,
restrict or object to processing within 15 days; erase within 20 days. They are
settings (``satisfaction_survey.privacy_days_<kind>``), to be confirmed by
the controller's legal adviser.

Reviewers read the register (kinds, dates, states, overdue) without the
requester's personal data: those fields are for administrators only. An
erasure leaves no link from the register to the rating requests it
anonymised: the register keeps the count, the audit log the action.
"""

from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..satisfaction_survey import periods

MANAGER_GROUP = "satisfaction_survey.group_satisfaction_manager"
KINDS = [
    ("see", "See my data"),
    ("copy", "Copy of my data"),
    ("correct", "Correct my data"),
    ("withdraw", "Withdraw consent"),
    ("erase", "Erase my data"),
    ("restrict", "Restrict processing"),
    ("object", "Object to processing"),
]
# Days to answer, per kind, and to give the first reply ("reply").
PERIOD_DEFAULTS = {
    "reply": 2,
    "see": 10,
    "copy": 10,
    "correct": 10,
    "withdraw": 15,
    "restrict": 15,
    "object": 15,
    "erase": 20,
}
PERIOD_PARAM = "satisfaction_survey.privacy_days_%s"
WORKING_DAYS_PARAM = "satisfaction_survey.privacy_working_days"
OFFICER_PARAM = "satisfaction_survey.privacy_officer_id"
REMINDER_DAYS_PARAM = "satisfaction_survey.privacy_reminder_days"
DEFAULT_REMINDER_DAYS = 2
PERSONAL_FIELDS = (
    "requester_name",
    "requester_phone",
    "requester_email",
    "identity_reference",
    "details",
    "answer",
)


class SatisfactionPrivacyRequest(models.Model):
    _name = "satisfaction.privacy.request"
    _description = "Citizen Personal Data Request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_received desc, id desc"

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    kind = fields.Selection(KINDS, required=True)
    channel = fields.Selection(
        [
            ("counter", "At the counter"),
            ("post", "By post"),
            ("email", "By e-mail"),
            ("phone", "By phone"),
            ("web", "Rating page"),
            ("other", "Other"),
        ],
        required=True,
        default="counter",
    )
    date_received = fields.Datetime(
        string="Received On", required=True, default=fields.Datetime.now
    )
    # The requester's personal data: administrators (data officers) only.
    requester_name = fields.Char(groups=MANAGER_GROUP)
    requester_phone = fields.Char(groups=MANAGER_GROUP)
    requester_email = fields.Char(string="Requester E-mail", groups=MANAGER_GROUP)
    identity_reference = fields.Char(
        groups=MANAGER_GROUP,
        help="What was checked, without copying the document: e.g. 'CCCD, last "
        "4 digits 2345'.",
    )
    details = fields.Text(string="What Is Asked", groups=MANAGER_GROUP)
    answer = fields.Text(groups=MANAGER_GROUP)
    identity_method = fields.Selection(
        [
            ("id_card", "Identity card shown at the counter"),
            ("vneid", "VNeID electronic identification"),
            ("contact_code", "Code sent to the phone or e-mail on record"),
            ("other", "Other (described in the reference)"),
        ],
        string="Identity Checked By",
    )
    identity_checked_by_id = fields.Many2one(
        "res.users", string="Identity Checked By User", readonly=True, copy=False
    )
    identity_checked_on = fields.Datetime(readonly=True, copy=False)
    date_reply_due = fields.Date(
        string="First Reply Due", compute="_compute_due_dates", store=True
    )
    date_due = fields.Date(
        string="Answer Due", compute="_compute_due_dates", store=True, index=True
    )
    date_replied = fields.Datetime(string="First Reply On", readonly=True, copy=False)
    date_done = fields.Datetime(string="Closed On", readonly=True, copy=False)
    state = fields.Selection(
        [
            ("new", "Received"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("refused", "Refused"),
        ],
        default="new",
        required=True,
        index=True,
    )
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_overdue"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Data Officer",
        default=lambda self: self._default_officer(),
        index=True,
    )
    result_count = fields.Integer(
        string="Rating Requests Handled",
        readonly=True,
        copy=False,
        help="How many rating requests the export or erasure covered (no link to "
        "them is kept).",
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, required=True
    )

    # ------------------------------------------------------------
    # DEFAULTS, DUE DATES
    # ------------------------------------------------------------

    @api.model
    def _default_officer(self):
        user_id = self.env["satisfaction.settings"]._get_int(OFFICER_PARAM, 0)
        user = self.env["res.users"].sudo().browse(user_id).exists()
        return user if user and user.active else self.env.user

    @api.model
    def _period_days(self, key):
        return self.env["satisfaction.settings"]._get_int(
            PERIOD_PARAM % key, PERIOD_DEFAULTS[key], minimum=1
        )

    @api.model
    def _in_working_days(self):
        return self.env["satisfaction.settings"]._get_bool(WORKING_DAYS_PARAM)

    def _plan(self, received, days, working):
        """The date ``days`` days after the day ``received`` (naive UTC),
        counted from the next day: working days of the company's calendar
        (public holidays, i.e. its global leaves, skipped) or calendar days."""
        tz = pytz.timezone(periods.LOCAL_TZ)
        start_day = periods.local_date(received) + timedelta(1)
        calendar = (
            self.company_id.resource_calendar_id
            or self.env.company.resource_calendar_id
        )
        if not working or not calendar:
            return start_day + timedelta(days=days - 1)
        start = tz.localize(datetime.combine(start_day, time.min))
        end = calendar.plan_days(days, start, compute_leaves=True)
        return end.astimezone(tz).date() if end else start_day + timedelta(days=days)

    @api.depends("kind", "date_received", "company_id")
    def _compute_due_dates(self):
        working = self._in_working_days()
        for request in self:
            if not request.date_received:
                request.date_reply_due = request.date_due = False
                continue
            # the first reply is due in working days (the decree says so)
            request.date_reply_due = request._plan(
                request.date_received, request._period_days("reply"), True
            )
            request.date_due = (
                request._plan(
                    request.date_received, request._period_days(request.kind), working
                )
                if request.kind
                else False
            )

    @api.depends("date_due", "state")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for request in self:
            request.is_overdue = bool(
                request.state in ("new", "in_progress")
                and request.date_due
                and request.date_due < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on the overdue flag."))
        overdue = [
            ("state", "in", ("new", "in_progress")),
            ("date_due", "<", fields.Date.context_today(self)),
        ]
        if (operator == "=") == value:
            return overdue
        return ["!", "&", *overdue]

    # ------------------------------------------------------------
    # CREATE, AUDIT
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code(self._name) or "/"
        requests = super().create(vals_list)
        for request in requests:
            request._audit("received", request.kind)
            if request.user_id:
                request.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=request.date_reply_due,
                    user_id=request.user_id.id,
                    summary=_("Personal data request %s: reply", request.name),
                )
        return requests

    def write(self, vals):
        result = super().write(vals)
        changed = set(vals) & {"kind", "state", "user_id", "date_received"}
        for request in self:
            for fname in sorted(changed):
                request._audit(fname, request[fname])
            if set(vals) & set(PERSONAL_FIELDS):
                # that they changed, never their values
                request._audit("requester data", _("changed"))
        return result

    def _audit(self, field_name, new_value, reason=None):
        """One audit log entry, without the requester's personal data."""
        self.ensure_one()
        if isinstance(new_value, models.BaseModel):
            new_value = new_value.display_name
        return self.env["satisfaction.audit.log"]._log(
            self, field_name, "", new_value, reason or _("Personal data request")
        )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_check_identity(self):
        for request in self:
            if not request.identity_method:
                raise UserError(_("Say how the identity was checked first."))
        self.write(
            {
                "identity_checked_by_id": self.env.user.id,
                "identity_checked_on": fields.Datetime.now(),
                "state": "in_progress",
            }
        )
        for request in self:
            request._audit(
                "identity checked",
                dict(self._fields["identity_method"]._description_selection(self.env))[
                    request.identity_method
                ],
            )
        return True

    def _check_identity(self):
        for request in self:
            if not request.identity_checked_by_id:
                raise UserError(
                    _(
                        "Check the requester's identity (and record how) before "
                        "exporting or erasing their data."
                    )
                )

    def action_mark_replied(self):
        self.filtered(lambda r: not r.date_replied).write(
            {"date_replied": fields.Datetime.now()}
        )
        for request in self:
            request._audit("first reply", _("sent"))
        return True

    def action_done(self):
        for request in self:
            if not (request.sudo().answer or "").strip():
                raise UserError(_("Write the answer given to the requester first."))
        self.write({"state": "done", "date_done": fields.Datetime.now()})
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_refuse(self):
        for request in self:
            if not (request.sudo().answer or "").strip():
                raise UserError(_("Write why the request is refused first."))
        self.write({"state": "refused", "date_done": fields.Datetime.now()})
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_open_wizard(self):
        """The export / erase wizard, for this requester's phone and e-mail."""
        self.ensure_one()
        self._check_identity()
        request = self.sudo()
        return {
            "type": "ir.actions.act_window",
            "name": _("Citizen Personal Data"),
            "res_model": "satisfaction.privacy.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_privacy_request_id": self.id,
                "default_phone": request.requester_phone,
                "default_email": request.requester_email,
            },
        }

    # ------------------------------------------------------------
    # CRON
    # ------------------------------------------------------------

    @api.model
    def _cron_remind(self):
        """Remind the data officer of open requests due within the reminder
        period (default 2 days) or overdue: one activity each, not repeated
        while it is open. Returns the number of reminders created."""
        days = self.env["satisfaction.settings"]._get_int(
            REMINDER_DAYS_PARAM, DEFAULT_REMINDER_DAYS, minimum=0
        )
        limit = fields.Date.context_today(self) + timedelta(days=days)
        requests = self.sudo().search(
            [("state", "in", ("new", "in_progress")), ("date_due", "<=", limit)]
        )
        summary = _("Personal data request due")
        reminded = 0
        for request in requests:
            user = request.user_id or request._default_officer()
            if request.activity_ids.filtered(lambda a: a.summary == summary):
                continue
            request.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=request.date_due,
                user_id=user.id,
                summary=summary,
                note=_(
                    "Request %(name)s is due on %(date)s.",
                    name=request.name,
                    date=request.date_due,
                ),
            )
            reminded += 1
        return reminded
