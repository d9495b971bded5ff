from odoo import fields, models


class SmsSms(models.Model):
    """Queued SMS leave through the configured HTTP gateway when there is one.

    Odoo's queue stays in charge: ``sms.sms`` records are created "outgoing"
    and the SMS queue cron (``_process_queue`` -> ``send`` -> ``_send``)
    sends them; only the last hop changes from IAP to the gateway.
    """

    _inherit = "sms.sms"

    satisfaction_request_id = fields.Many2one(
        "satisfaction.request",
        string="Rating Request",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
    )
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

    def _send(self, unlink_failed=False, unlink_sent=True, raise_exception=False):
        gateway = self.env["satisfaction.sms.gateway"]._get_active()
        if not gateway:
            result = super()._send(
                unlink_failed=unlink_failed,
                unlink_sent=unlink_sent,
                raise_exception=raise_exception,
            )
            self.exists()._satisfaction_update_requests()
            return result
        gateway._send_sms_records(
            self.sudo(), unlink_failed=unlink_failed, unlink_sent=unlink_sent
        )
        return None

    def _satisfaction_update_requests(self):
        """Copy the delivery status of rating-request SMS onto their requests."""
        for sms in self.sudo().filtered("satisfaction_request_id"):
            if sms.state in ("pending", "sent"):
                values = {"sms_state": "sent", "sms_error": False}
            elif sms.state == "error":
                failure = dict(
                    sms._fields["failure_type"]._description_selection(sms.env)
                ).get(sms.failure_type)
                error = sms.satisfaction_response or failure or self.env._("Error")
                values = {"sms_state": "error", "sms_error": error}
            elif sms.state == "outgoing" and sms.satisfaction_attempts:
                # a failed attempt that will be retried
                values = {
                    "sms_state": "outgoing",
                    "sms_error": sms.satisfaction_response,
                }
            else:
                continue
            values["sms_attempts"] = sms.satisfaction_attempts or (
                1 if sms.state != "outgoing" else 0
            )
            sms.satisfaction_request_id.write(values)
