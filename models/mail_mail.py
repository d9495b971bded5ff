from odoo import fields, models


class MailMail(models.Model):
    """The outcome of the module's e-mails is reported to their request or
    follow-up when the mail queue has tried to send them.
    """

    _inherit = "mail.mail"

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

    def _postprocess_sent_message(
        self, success_pids, failure_reason=False, failure_type=None
    ):
        # Before super(), which deletes the sent mails marked auto_delete. The
        # columns are prefetched with the mail: other apps' mails cost no query.
        own = self.filtered(
            lambda mail: mail.satisfaction_request_id or mail.satisfaction_followup_id
        )
        for mail in own.sudo():
            if mail.state == "sent":
                status, detail = "sent", False
            else:
                failure = dict(
                    mail._fields["failure_type"]._description_selection(mail.env)
                ).get(failure_type)
                detail = failure_reason or failure or mail.failure_reason
                status = "error"
            if mail.satisfaction_request_id:
                mail.satisfaction_request_id._on_email_outcome(status, detail)
            if mail.satisfaction_followup_id:
                mail.satisfaction_followup_id._on_reply_outcome("email", status, detail)
        return super()._postprocess_sent_message(
            success_pids, failure_reason=failure_reason, failure_type=failure_type
        )
