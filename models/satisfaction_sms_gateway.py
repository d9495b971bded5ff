import logging
from datetime import timedelta

import requests

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError

from ..satisfaction_survey import phones, sms_text
from .satisfaction_request import MANAGER_GROUP

_logger = logging.getLogger(__name__)

DEFAULT_TEMPLATE = """{
    "Phone": "{phone}",
    "Content": "{message}",
    "Brandname": "{brandname}",
    "ApiKey": "{token}"
}"""
RESPONSE_KEEP = 1000  # characters of the gateway's answer kept on the SMS


class SatisfactionSmsGateway(models.Model):
    """An HTTP SMS provider (e.g. a province's brandname SMS contract).

    While an active gateway exists, every queued SMS (``sms.sms``) leaves
    through it instead of Odoo's IAP service; see ``sms.sms._send``.
    Configuring one is the administrator's choice of where citizens' phone
    numbers and rating links go.
    """

    _name = "satisfaction.sms.gateway"
    _description = "SMS Gateway"
    _order = "sequence, id"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(
        default=10, help="The first active gateway sends the SMS."
    )
    endpoint_url = fields.Char(string="Endpoint URL", required=True)
    http_method = fields.Selection(
        [("post", "POST"), ("get", "GET")],
        string="HTTP Method",
        default="post",
        required=True,
    )
    auth_type = fields.Selection(
        [
            ("none", "None"),
            ("basic", "Basic (user name and password)"),
            ("bearer", "Bearer token"),
            ("api_key", "API key header"),
        ],
        string="Authentication",
        default="none",
        required=True,
    )
    username = fields.Char(string="User Name", groups=MANAGER_GROUP, copy=False)
    password = fields.Char(groups=MANAGER_GROUP, copy=False)
    token = fields.Char(string="Token / API Key", groups=MANAGER_GROUP, copy=False)
    api_key_header = fields.Char(string="API Key Header", default="X-API-Key")
    param_template = fields.Text(
        string="Parameters",
        required=True,
        default=DEFAULT_TEMPLATE,
        help=(
            "A JSON object, or form fields written name=value one per line. "
            "Placeholders: {phone} {message} {brandname} {username} {password} "
            "{token} {sms_id}. POST sends JSON as a JSON body and form fields as a "
            "form; GET sends them in the URL."
        ),
    )
    phone_format = fields.Selection(
        [
            ("e164", "+84912345678"),
            ("international", "84912345678"),
            ("national", "0912345678"),
        ],
        default="international",
        required=True,
    )
    success_check = fields.Selection(
        [
            ("status", "HTTP status 2xx"),
            ("substring", "2xx and the answer contains"),
            ("json", "2xx and the JSON answer has"),
        ],
        default="status",
        required=True,
    )
    success_value = fields.Char(
        help="Text the answer contains, or path=value of its JSON, e.g. CodeResult=100."
    )
    timeout = fields.Integer(string="Timeout (seconds)", default=15, required=True)
    brandname = fields.Char(help="Registered sender name (brandname) of the messages.")
    strip_diacritics = fields.Boolean(
        string="Strip Vietnamese Diacritics",
        default=True,
        help=(
            "Send 'Danh gia' instead of 'Đánh giá': 160 characters fit in one SMS "
            "instead of 70."
        ),
    )
    max_retries = fields.Integer(
        string="Retries",
        default=3,
        required=True,
        help="How many times a failed SMS is sent again before it is marked as failed.",
    )
    retry_delay = fields.Integer(
        string="Retry Delay (minutes)",
        default=5,
        required=True,
        help="Delay before the first retry; each further retry waits one more delay.",
    )
    test_phone = fields.Char(string="Test Phone Number")

    _sql_constraints = [
        (
            "max_retries_positive",
            "CHECK(max_retries >= 0)",
            "The number of retries cannot be negative.",
        ),
        (
            "retry_delay_positive",
            "CHECK(retry_delay >= 0)",
            "The retry delay cannot be negative.",
        ),
        ("timeout_positive", "CHECK(timeout > 0)", "The timeout must be positive."),
    ]

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("param_template", "http_method")
    def _check_param_template(self):
        for gateway in self:
            placeholders = sms_text.template_placeholders(gateway.param_template)
            unknown = placeholders - set(self._placeholder_names())
            if unknown:
                raise ValidationError(
                    _("Unknown placeholders: %s", ", ".join(sorted(unknown)))
                )
            if not {"phone", "message"} <= placeholders:
                raise ValidationError(
                    _("The parameters must contain {phone} and {message}.")
                )
            try:
                kind, data = sms_text.render_params(
                    gateway.param_template, dict.fromkeys(placeholders, "")
                )
            except ValueError as exc:
                raise ValidationError(_("Invalid parameters: %s", exc)) from exc
            if (
                gateway.http_method == "get"
                and kind == "json"
                and any(isinstance(value, dict | list) for value in data.values())
            ):
                raise ValidationError(
                    _("A GET request sends flat parameters: no nested JSON.")
                )

    @api.constrains("success_check", "success_value")
    def _check_success_value(self):
        for gateway in self:
            if gateway.success_check != "status" and not gateway.success_value:
                raise ValidationError(
                    _("Enter the text or the path=value that marks a success.")
                )
            if gateway.success_check == "json" and "=" not in gateway.success_value:
                raise ValidationError(
                    _("Write the JSON check as path=value, e.g. CodeResult=100.")
                )

    @api.constrains("endpoint_url")
    def _check_endpoint_url(self):
        for gateway in self:
            if not (gateway.endpoint_url or "").startswith(("http://", "https://")):
                raise ValidationError(
                    _("The endpoint URL starts with http:// or https://.")
                )

    @api.model
    def _placeholder_names(self):
        return (
            "phone",
            "message",
            "brandname",
            "username",
            "password",
            "token",
            "sms_id",
        )

    @api.model
    def _get_active(self):
        """The gateway that sends SMS (sudo), or an empty recordset.

        Asked for every batch of SMS of any app: cached, so that it costs no
        query; the cache is cleared when a gateway is added, (de)activated,
        reordered or deleted.
        """
        return self.sudo().browse(self._get_active_id())

    @api.model
    @tools.ormcache()
    def _get_active_id(self):
        return self.sudo().search([("active", "=", True)], limit=1).id

    @api.model_create_multi
    def create(self, vals_list):
        gateways = super().create(vals_list)
        self.env.registry.clear_cache()
        return gateways

    def write(self, vals):
        res = super().write(vals)
        if {"active", "sequence"} & set(vals):
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res

    # ------------------------------------------------------------
    # SENDING ONE MESSAGE
    # ------------------------------------------------------------

    def _format_phone(self, number):
        e164 = phones.normalize_vn_phone(number)
        if not e164:  # not Vietnamese: digits of what was given, international
            digits = "".join(ch for ch in (number or "") if ch.isdigit())
            return "+" + digits if self.phone_format == "e164" else digits
        if self.phone_format == "e164":
            return e164
        if self.phone_format == "national":
            return "0" + e164[3:]
        return e164[1:]

    def _prepare_text(self, body):
        return sms_text.sms_safe(body or "") if self.strip_diacritics else (body or "")

    def _deliver(self, number, body, sms_id=""):
        """POST/GET one message; returns (ok, detail). Never raises on a gateway
        failure.
        """
        self.ensure_one()
        gateway = self.sudo()
        mapping = {
            "phone": gateway._format_phone(number),
            "message": gateway._prepare_text(body),
            "brandname": gateway.brandname or "",
            "username": gateway.username or "",
            "password": gateway.password or "",
            "token": gateway.token or "",
            "sms_id": sms_id or "",
        }
        try:
            kind, data = sms_text.render_params(gateway.param_template, mapping)
        except ValueError as exc:
            return False, _("Invalid gateway parameters: %s", exc)
        kwargs = {"headers": {}}
        if gateway.auth_type == "basic":
            kwargs["auth"] = (gateway.username or "", gateway.password or "")
        elif gateway.auth_type == "bearer":
            kwargs["headers"]["Authorization"] = f"Bearer {gateway.token or ''}"
        elif gateway.auth_type == "api_key":
            kwargs["headers"][gateway.api_key_header or "X-API-Key"] = (
                gateway.token or ""
            )
        if gateway.http_method == "get":
            kwargs["params"] = data
        elif kind == "json":
            kwargs["json"] = data
        else:
            kwargs["data"] = data
        try:
            response = requests.request(
                gateway.http_method.upper(),
                gateway.endpoint_url,
                timeout=gateway.timeout,
                **kwargs,
            )
        except requests.RequestException as exc:
            _logger.info("SMS gateway %s: %s", gateway.name, exc.__class__.__name__)
            return False, _("Gateway unreachable: %s", exc.__class__.__name__)
        text = response.text or ""
        try:
            ok, reason = sms_text.response_ok(
                response.status_code,
                text,
                gateway.success_check,
                gateway.success_value or "",
            )
        except ValueError as exc:
            ok, reason = False, str(exc)
        detail = f"{reason}: {text}" if text and text not in reason else reason
        return ok, detail[:RESPONSE_KEEP]

    # ------------------------------------------------------------
    # SENDING QUEUED SMS
    # ------------------------------------------------------------

    def _send_sms_records(self, sms_records, unlink_failed=False, unlink_sent=True):
        """Send ``sms_records`` (sudo) one by one; failed ones are retried later.

        A failure leaves the SMS in the queue ("outgoing") with the time of
        its next attempt, and triggers the SMS queue cron for then; after
        ``max_retries`` retries it is marked as failed (``error``).
        """
        self.ensure_one()
        now = fields.Datetime.now()
        due = sms_records.filtered(
            lambda s: (
                s.state == "outgoing"
                and (
                    not s.satisfaction_next_attempt
                    or s.satisfaction_next_attempt <= now
                )
            )
        )
        retry_at = []
        for sms in due:
            attempts = sms.satisfaction_attempts + 1
            if not sms.number:
                ok, detail = False, _("Missing number")
                final_failure, failure_type = True, "sms_number_missing"
            else:
                ok, detail = self._deliver(sms.number, sms.body, sms_id=sms.uuid)
                final_failure, failure_type = attempts > self.max_retries, "sms_server"
            values = {
                "satisfaction_gateway_id": self.id,
                "satisfaction_attempts": attempts,
                "satisfaction_response": detail,
            }
            if ok:
                # Odoo's "pending" is labelled "Sent": accepted by the gateway,
                # as IAP's "success"; "sent" (Delivered) needs a delivery report.
                sms.sms_tracker_id._action_update_from_sms_state("pending")
                values.update(
                    state="pending",
                    failure_type=False,
                    satisfaction_next_attempt=False,
                    to_delete=bool(unlink_sent),
                )
            elif final_failure:
                sms.sms_tracker_id._action_update_from_sms_state(
                    "error", failure_type=failure_type
                )
                values.update(
                    state="error",
                    failure_type=failure_type,
                    satisfaction_next_attempt=False,
                    to_delete=bool(unlink_failed),
                )
            else:
                next_attempt = now + timedelta(minutes=self.retry_delay * attempts)
                values["satisfaction_next_attempt"] = next_attempt
                retry_at.append(next_attempt)
            sms.write(values)
            _logger.info(
                "SMS %s via gateway %s, attempt %s: %s",
                sms.id,
                self.name,
                attempts,
                "sent" if ok else "failed",
            )
        if retry_at:
            self.env.ref("sms.ir_cron_sms_scheduler_action").sudo()._trigger(
                at=min(retry_at)
            )
        due.mail_message_id._notify_message_notification_update()
        due._satisfaction_own()._satisfaction_report_outcome()
        return due

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_test(self):
        """Send a test message to the test phone number and tell the result."""
        self.ensure_one()
        if not self.test_phone:
            raise UserError(_("Enter a test phone number first."))
        body = _(
            "Test message from %(company)s: the SMS gateway %(gateway)s works.",
            company=self.env.company.name,
            gateway=self.name,
        )
        ok, detail = self._deliver(self.test_phone, body, sms_id="test")
        segments = sms_text.gsm7_segments(self._prepare_text(body))
        message = _(
            "%(result)s (%(segments)s SMS segment(s), %(encoding)s). Answer: "
            "%(detail)s",
            result=_("Sent") if ok else _("Failed"),
            segments=segments.segments,
            encoding=segments.encoding.upper(),
            detail=detail,
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if ok else "danger",
                "title": _("SMS Gateway Test"),
                "message": message,
                "sticky": not ok,
            },
        }
