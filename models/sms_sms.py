from odoo import api, fields, models

IAP_PARAM = "satisfaction_survey.sms_iap"


class SmsSms(models.Model):
    """Queued SMS leave only through a provider the administrator chose.

    Odoo's queue stays in charge: ``sms.sms`` records are created "outgoing"
    and the SMS queue cron (``_process_queue`` -> ``send`` -> ``_send``)
    sends them; only the last hop changes. While an active HTTP gateway
    exists, every SMS leaves through it. Without one, the SMS of other apps
    go to Odoo's IAP service as usual, and this module's SMS (rating
    requests, replies to citizens) only when IAP is enabled in the settings:
    otherwise they fail with "no SMS provider" and the e-mail is used.
    """

    _inherit = "sms.sms"

    satisfaction_request_id = fields.Many2one(
        "satisfaction.request",
        string="Rating Request",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
    )
    satisfaction_followup_id = fields.Many2one(
        "satisfaction.followup",
        string="Reply of Follow-up",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
    )
    satisfaction_pakn_id = fields.Many2one(
        "satisfaction.pakn",
        string="Answer to Complaint",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
    )
    satisfaction_kiosk_code_id = fields.Many2one(
        "satisfaction.kiosk.code",
        string="Kiosk Code",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
    )
    satisfaction_reminder = fields.Boolean(string="Reminder", readonly=True)
    satisfaction_gateway_id = fields.Many2one(
        "satisfaction.sms.gateway",
        string="SMS Gateway",
        ondelete="set null",
        readonly=True,
    )
    satisfaction_attempts = fields.Integer(string="Attempts", readonly=True, copy=False)
    satisfaction_next_attempt = fields.Datetime(
        string="Next Attempt", readonly=True, copy=False
    )
    satisfaction_response = fields.Text(
        string="Gateway Answer", readonly=True, copy=False
    )
    failure_type = fields.Selection(
        selection_add=[("satisfaction_no_provider", "No SMS Provider Configured")]
    )

    @api.model
    def _satisfaction_provider(self):
        """Where this module's SMS go: "gateway", "iap" or "" (nowhere)."""
        if self.env["satisfaction.sms.gateway"]._get_active():
            return "gateway"
        return "iap" if self.env["satisfaction.settings"]._get_bool(IAP_PARAM) else ""

    def _satisfaction_own(self):
        """The SMS of this module: read from the batch's prefetched columns,
        so that other apps' SMS cost no query.
        """
        return self.filtered(
            lambda sms: (
                sms.satisfaction_request_id
                or sms.satisfaction_followup_id
                or sms.satisfaction_pakn_id
                or sms.satisfaction_kiosk_code_id
            )
        )

    def _send(self, unlink_failed=False, unlink_sent=True, raise_exception=False):
        gateway = self.env["satisfaction.sms.gateway"]._get_active()
        if gateway:
            gateway._send_sms_records(
                self.sudo(), unlink_failed=unlink_failed, unlink_sent=unlink_sent
            )
            return None
        own = self._satisfaction_own()
        if not own:
            return super()._send(
                unlink_failed=unlink_failed,
                unlink_sent=unlink_sent,
                raise_exception=raise_exception,
            )
        blocked = own if not self._satisfaction_provider() else self.browse()
        result = None
        if self - blocked:
            result = super(SmsSms, self - blocked)._send(
                unlink_failed=unlink_failed,
                unlink_sent=unlink_sent,
                raise_exception=raise_exception,
            )
        if blocked:
            blocked.sudo().write(
                {
                    "state": "error",
                    "failure_type": "satisfaction_no_provider",
                    "satisfaction_response": self.env._(
                        "No SMS provider configured: the SMS was not sent."
                    ),
                    "to_delete": bool(unlink_failed),
                }
            )
        own._satisfaction_report_outcome()
        return result

    def _satisfaction_outcome(self):
        """(status, detail) of this SMS for the module's records.

        status: "outgoing" (queued, or waiting for a retry), "sent" (accepted
        by the provider), "delivered" (the provider reported the delivery),
        "error" (failed for good), or "" when nothing is to be reported.
        """
        self.ensure_one()
        if self.state in ("outgoing", "process"):
            if self.state == "outgoing" and not self.satisfaction_attempts:
                return "", False
            return "outgoing", self.satisfaction_response or False
        if self.state == "pending":
            return "sent", False
        if self.state == "sent":
            return "delivered", False
        if self.state == "error":
            failure = dict(
                self._fields["failure_type"]._description_selection(self.env)
            ).get(self.failure_type)
            return "error", self.satisfaction_response or failure or self.env._("Error")
        return "", False

    def _satisfaction_report_outcome(self):
        """Copy the outcome of the module's SMS onto their requests and
        follow-ups (which fall back to e-mail on a failure).
        """
        for sms in self.sudo():
            status, detail = sms._satisfaction_outcome()
            if not status:
                continue
            if sms.satisfaction_request_id:
                sms.satisfaction_request_id._on_sms_outcome(
                    status,
                    detail,
                    attempts=sms.satisfaction_attempts or 1,
                    reminder=sms.satisfaction_reminder,
                )
            if sms.satisfaction_followup_id:
                sms.satisfaction_followup_id._on_reply_outcome("sms", status, detail)
