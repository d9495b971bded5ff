from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    satisfaction_validity_days = fields.Integer(
        string="Rating Link Validity (days)",
        config_parameter="satisfaction_survey.validity_days",
        default=30,
    )
    # Not a config_parameter field: Odoo deletes a boolean parameter when it is
    # unticked, which would read back as the default (on).
    satisfaction_auto_send = fields.Boolean(string="Send Rating Requests on Return")
    satisfaction_preferred_channel = fields.Selection(
        [("sms", "SMS"), ("email", "E-mail")],
        string="Preferred Channel",
        config_parameter="satisfaction_survey.preferred_channel",
        default="sms",
        help="Used when the citizen left both a phone number and an e-mail address.",
    )
    # Off by default: Odoo deletes the parameter when unticked, which reads back
    # as off too.
    satisfaction_sms_iap = fields.Boolean(
        string="Send SMS through Odoo's IAP Service",
        config_parameter="satisfaction_survey.sms_iap",
        help=(
            "When no SMS gateway is configured, send the rating requests and replies "
            "by SMS through Odoo's IAP service: the citizens' phone numbers and "
            "personal rating links then go to Odoo S.A. (Belgium). Off: without a "
            "gateway, no SMS is sent and the e-mail address is used when there is one."
        ),
    )
    satisfaction_minimum_answers = fields.Integer(
        string="Minimum Answers for an Index",
        config_parameter="satisfaction_survey.minimum_answers",
        default=30,
        help='Below this number of answers an index is marked "not enough answers".',
    )

    satisfaction_reminder_delay_days = fields.Integer(
        string="Reminder Delay (days)",
        config_parameter="satisfaction_survey.reminder_delay_days",
        default=3,
        help=(
            "Days after the link (or the last reminder) was sent before an unanswered "
            "request is reminded."
        ),
    )
    # Not a config_parameter field: 0 (no reminders) would delete the parameter.
    satisfaction_reminder_max = fields.Integer(
        string="Reminders per Request",
        help="At most this many reminders; 0 sends none.",
    )

    satisfaction_low_score_threshold = fields.Integer(
        string="Low Score Threshold",
        config_parameter="satisfaction_survey.low_score_threshold",
        default=3,
        help=(
            "An answer below this level (and not counted as satisfied) asks the "
            "citizen for a reason and opens a follow-up for the unit leader; 3 on the "
            "5-level scale: levels 1 and 2. 1 turns it off."
        ),
    )

    # Trust and personal data
    satisfaction_retention_days = fields.Integer(
        string="Contact Data Retention (days)",
        config_parameter="satisfaction_survey.retention_days",
        default=365,
        help=(
            "After this many days, closed rating requests lose the citizen's contact "
            "data and the personal details of their comments (scores are kept)."
        ),
    )
    satisfaction_min_group_size = fields.Integer(
        string="Minimum Group Size",
        config_parameter="satisfaction_survey.min_group_size",
        default=5,
        help=(
            "Indices and counts covering fewer answers are hidden from unit leaders "
            "and officers, so that nobody can guess who answered."
        ),
    )
    satisfaction_rate_limit_ip = fields.Char(
        string="Rate Limit per IP Address",
        config_parameter="satisfaction_survey.rate_limit_ip",
        default="60/60",
        help=(
            "Requests per seconds to the public rating page from one IP address, e.g. "
            "60/60; 0 disables."
        ),
    )
    satisfaction_rate_limit_token = fields.Char(
        string="Rate Limit per Link",
        config_parameter="satisfaction_survey.rate_limit_token",
        default="20/60",
        help="Requests per seconds to one rating link, e.g. 20/60; 0 disables.",
    )

    # Citizens' personal data requests (satisfaction.privacy.request): the
    # periods are the defaults of an analysis of Decree 356/2025/NĐ-CP, to be
    # confirmed by the controller's legal adviser.
    satisfaction_privacy_officer_id = fields.Many2one(
        "res.users",
        string="Data Officer",
        config_parameter="satisfaction_survey.privacy_officer_id",
        help="Gets an activity for each new personal data request and its reminders.",
    )
    satisfaction_privacy_working_days = fields.Boolean(
        string="Count Answer Periods in Working Days",
        config_parameter="satisfaction_survey.privacy_working_days",
        help="Off: calendar days (the earlier due date). The first reply is always "
        "due in working days.",
    )
    satisfaction_privacy_days_reply = fields.Integer(
        string="First Reply (working days)",
        config_parameter="satisfaction_survey.privacy_days_reply",
        default=2,
    )
    satisfaction_privacy_days_see = fields.Integer(
        string="See (days)",
        config_parameter="satisfaction_survey.privacy_days_see",
        default=10,
    )
    satisfaction_privacy_days_copy = fields.Integer(
        string="Copy (days)",
        config_parameter="satisfaction_survey.privacy_days_copy",
        default=10,
    )
    satisfaction_privacy_days_correct = fields.Integer(
        string="Correct (days)",
        config_parameter="satisfaction_survey.privacy_days_correct",
        default=10,
    )
    satisfaction_privacy_days_withdraw = fields.Integer(
        string="Withdraw Consent (days)",
        config_parameter="satisfaction_survey.privacy_days_withdraw",
        default=15,
    )
    satisfaction_privacy_days_restrict = fields.Integer(
        string="Restrict (days)",
        config_parameter="satisfaction_survey.privacy_days_restrict",
        default=15,
    )
    satisfaction_privacy_days_object = fields.Integer(
        string="Object (days)",
        config_parameter="satisfaction_survey.privacy_days_object",
        default=15,
    )
    satisfaction_privacy_days_erase = fields.Integer(
        string="Erase (days)",
        config_parameter="satisfaction_survey.privacy_days_erase",
        default=20,
    )

    def get_values(self):
        res = super().get_values()
        res["satisfaction_auto_send"] = self.env[
            "satisfaction.request"
        ]._auto_send_enabled()
        res["satisfaction_reminder_max"] = self.env[
            "satisfaction.request"
        ]._reminder_settings()[1]
        return res

    def set_values(self):
        res = super().set_values()
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.auto_send",
            "True" if self.satisfaction_auto_send else "False",
        )
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.reminder_max",
            str(max(self.satisfaction_reminder_max, 0)),
        )
        return res
