from datetime import timedelta

from odoo import api, fields, models

from ..satisfaction_survey import phones, tokens

CODE_MINUTES_PARAM = "satisfaction_survey.kiosk_code_minutes"
DEFAULT_CODE_MINUTES = 120
CODE_SMS_PARAM = "satisfaction_survey.kiosk_code_sms"


class SatisfactionKioskCode(models.Model):
    """A one-time code that proves, at the counter kiosk, that the citizen is there.

    Printed on the receipt handed over with the result, or sent by SMS to
    the citizen's number at the return; typed (or scanned) on the kiosk, it
    opens the questionnaire of that dossier. Only its HMAC is stored; it
    works once, and only until it expires. A dossier may have several
    (a receipt printed again, an SMS): the first one used closes them all.
    """

    _name = "satisfaction.kiosk.code"
    _description = "Kiosk Code"
    _order = "id desc"
    _log_access = False

    request_id = fields.Many2one(
        "satisfaction.request", required=True, ondelete="cascade", index=True
    )
    # HMAC-SHA256 with the database secret: a dump gives no usable code.
    code_hash = fields.Char(required=True, index=True)
    origin = fields.Selection(
        [("receipt", "Receipt"), ("sms", "SMS")], required=True, default="receipt"
    )
    date_created = fields.Datetime(default=fields.Datetime.now, required=True)
    date_expiry = fields.Datetime(required=True)
    date_used = fields.Datetime()
    kiosk_id = fields.Many2one("satisfaction.kiosk", ondelete="set null")

    @api.model
    def _secret(self):
        return self.env["ir.config_parameter"].sudo().get_param("database.secret")

    @api.model
    def _validity(self):
        return timedelta(
            minutes=self.env["satisfaction.settings"]._get_int(
                CODE_MINUTES_PARAM, DEFAULT_CODE_MINUTES, minimum=5, maximum=7 * 24 * 60
            )
        )

    @api.model
    def _issue(self, requests, origin="receipt"):
        """{request id: (code record, code in clear)} of a new code for each
        of ``requests``; the clear code exists only in the caller's hands."""
        secret = self._secret()
        expiry = fields.Datetime.now() + self._validity()
        clear = {request.id: tokens.new_kiosk_code() for request in requests}
        codes = self.sudo().create(
            [
                {
                    "request_id": request_id,
                    "code_hash": tokens.kiosk_code_hash(secret, code),
                    "origin": origin,
                    "date_expiry": expiry,
                }
                for request_id, code in clear.items()
            ]
        )
        return {code.request_id.id: (code, clear[code.request_id.id]) for code in codes}

    @api.model
    def _find_valid(self, value, request_domain):
        """The unused, unexpired code typed as ``value`` whose request matches
        ``request_domain`` (sudo), or an empty recordset."""
        code_hash = tokens.kiosk_code_hash(self._secret(), value)
        if not code_hash:
            return self.sudo().browse()
        candidates = self.sudo().search(
            [
                ("code_hash", "=", code_hash),
                ("date_used", "=", False),
                ("date_expiry", ">", fields.Datetime.now()),
            ],
            limit=5,
        )
        candidates = candidates.filtered(
            lambda code: tokens.tokens_equal(code.code_hash, code_hash)
        )
        if not candidates:
            return candidates
        requests = candidates.request_id.filtered_domain(request_domain)
        return candidates.filtered(lambda code: code.request_id in requests)[:1]

    def _consume(self, kiosk):
        """Mark this code, and every other open code of its request, used."""
        self.ensure_one()
        now = fields.Datetime.now()
        self.write({"date_used": now, "kiosk_id": kiosk.id})
        self.sudo().search(
            [("request_id", "=", self.request_id.id), ("date_used", "=", False)]
        ).write({"date_used": now})

    @api.model
    def _queue_sms_codes(self, requests):
        """Queue an SMS with a kiosk code to the citizens of ``requests`` whose
        unit has an active kiosk (setting "kiosk codes by SMS"; never sent
        inline, and only through the provider chosen for rating SMS)."""
        settings = self.env["satisfaction.settings"]
        if not requests or not settings._get_bool(CODE_SMS_PARAM):
            return
        if not self.env["sms.sms"]._satisfaction_provider():
            return
        kiosks = (
            self.env["satisfaction.kiosk"].sudo().search([("state", "=", "active")])
        )
        if not kiosks:
            return
        kiosk_units = (
            self.env["hr.department"]
            .sudo()
            .search([("id", "child_of", kiosks.unit_id.ids)])
        )
        targets = requests.sudo().filtered(
            lambda r: (
                r.unit_id in kiosk_units
                and r.state in ("pending", "sent")
                and phones.is_mobile(phones.normalize_vn_phone(r.citizen_phone))
            )
        )
        if not targets:
            return
        issued = self._issue(targets, origin="sms")
        minutes = int(self._validity().total_seconds() // 60)
        sms_values = []
        for request in targets:
            code, clear = issued[request.id]
            body = request.with_context(lang=request.lang or None).env._(
                "Code to rate the service at the counter kiosk: %(code)s "
                "(valid %(minutes)s minutes).",
                code=clear,
                minutes=minutes,
            )
            sms_values.append(
                {
                    "number": phones.normalize_vn_phone(request.citizen_phone),
                    "body": body,
                    "satisfaction_kiosk_code_id": code.id,
                }
            )
        self.env["sms.sms"].sudo().create(sms_values)
        # Queued, not sent inline: the return must not wait on the gateway.
        self.env.ref("sms.ir_cron_sms_scheduler_action")._trigger()
