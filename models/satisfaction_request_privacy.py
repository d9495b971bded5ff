"""Personal data of rating requests (Law 91/2025/QH15, Decree 356/2025/NĐ-CP).

Contact data (name, phone, e-mail) is kept only as long as the rating needs
it: after the retention period (``satisfaction_survey.retention_days``,
default 365 days from the request's creation) a daily cron anonymises closed
requests: contact data cleared, outgoing SMS/e-mails dropped, and phone
numbers, e-mail addresses and ID numbers stripped from the free-text answers
(``satisfaction_survey.redact``). Scores are kept, so the indices do not
change. A citizen's data can be exported or erased on request at any time
(``satisfaction.privacy.wizard``, administrators only).
"""

import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL, email_normalize

from ..satisfaction_survey import phones, redact

_logger = logging.getLogger(__name__)

RETENTION_PARAM = "satisfaction_survey.retention_days"
DEFAULT_RETENTION_DAYS = 365
CONTACT_FIELDS = ("citizen_name", "citizen_phone", "citizen_email")


class SatisfactionRequest(models.Model):
    _inherit = "satisfaction.request"

    anonymised = fields.Boolean(
        readonly=True,
        copy=False,
        index=True,
        help=(
            "The citizen's contact data was removed (retention period over, or "
            "erasure requested); the answers are kept without it."
        ),
    )
    anonymised_date = fields.Datetime(string="Anonymised On", readonly=True, copy=False)

    @api.model
    def _retention_days(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(RETENTION_PARAM, DEFAULT_RETENTION_DAYS)
        )
        try:
            return max(int(value), 1)
        except (TypeError, ValueError):
            _logger.warning(
                "%s is not a number, using %s", RETENTION_PARAM, DEFAULT_RETENTION_DAYS
            )
            return DEFAULT_RETENTION_DAYS

    def _anonymise(self):
        """Remove the citizen's personal data from these requests and their answers.

        Clears the contact data, deletes the queued SMS and e-mails that carry
        it, and replaces phone numbers, e-mail addresses and ID numbers in the
        comment, the reason of a low rating, the text answers and the low-score
        follow-ups by placeholders. Scores stay. Idempotent.
        Returns the number of requests anonymised.
        """
        requests = self.sudo()
        if not requests:
            return 0
        requests.write(
            {
                **dict.fromkeys(CONTACT_FIELDS, False),
                "contact_error": False,
                # a provider's answer may quote the number or address
                "sms_error": False,
                "email_error": False,
                "anonymised": True,
                "anonymised_date": fields.Datetime.now(),
            }
        )
        responses = (
            self.env["satisfaction.response"]
            .sudo()
            .search([("request_id", "in", requests.ids)])
        )
        self._redact_fields(responses, ("comment", "low_score_reason"))
        self._redact_fields(responses.line_ids, ("text_value",))
        followups = (
            self.env["satisfaction.followup"]
            .sudo()
            .search([("response_id", "in", responses.ids)])
        )
        self._redact_fields(followups, ("reason", "action_taken", "reply_sent"))
        followups.reply_error = False
        # Messages queued for the citizen, requests and replies, hold their
        # number or address.
        for model in ("sms.sms", "mail.mail"):
            self.env[model].sudo().search(
                [
                    "|",
                    ("satisfaction_request_id", "in", requests.ids),
                    ("satisfaction_followup_id", "in", followups.ids),
                ]
            ).unlink()
        self.env["mail.mail"].sudo().search(
            [("model", "=", self._name), ("res_id", "in", requests.ids)]
        ).unlink()
        return len(requests)

    @api.model
    def _redact_fields(self, records, fnames):
        """Strip phone numbers, e-mails and ID numbers from the text fields
        ``fnames``.
        """
        for fname in fnames:
            if fname not in records._fields:
                continue
            for record in records.filtered(fname):
                text = redact.redact_text(record[fname])
                if text != record[fname]:
                    record[fname] = text

    @api.model
    def _cron_anonymise(self, limit=5000):
        """Anonymise closed requests created more than the retention period ago.

        Open requests (pending or sent, not past their expiry date) keep their
        contact data: the citizen may still answer. Returns the number of
        requests anonymised; re-triggers itself when ``limit`` was reached.
        """
        now = fields.Datetime.now()
        cutoff = now - timedelta(days=self._retention_days())
        requests = self.sudo().search(
            [
                ("anonymised", "=", False),
                ("create_date", "<", cutoff),
                "|",
                ("state", "in", ("answered", "expired", "cancelled")),
                ("expiry_date", "<", now),
            ],
            order="id",
            limit=limit,
        )
        count = requests._anonymise()
        if count:
            # A count only: never a name, phone or e-mail in the logs.
            _logger.info(
                "Satisfaction: anonymised %s rating request(s) past the retention "
                "period",
                count,
            )
        if count == limit:
            cron = self.env.ref(
                "satisfaction_survey.ir_cron_satisfaction_request_anonymise",
                raise_if_not_found=False,
            )
            if cron:
                cron._trigger()
        return count

    # ------------------------------------------------------------
    # A CITIZEN'S DATA: FIND, EXPORT
    # ------------------------------------------------------------

    @api.model
    def _find_by_contact(self, phone=None, email=None):
        """All requests (any state) whose phone or e-mail is the citizen's.

        Phones are compared as E.164 numbers (0912 345 678 = +84912345678),
        e-mails normalised (case, display name).
        """
        found = self.sudo().browse()
        e164 = phones.normalize_vn_phone(phone) if phone else None
        if e164:
            national = e164[3:]
            self.flush_model(["citizen_phone"])
            rows = self.env.execute_query(
                SQL(
                    "SELECT id FROM satisfaction_request "
                    "WHERE regexp_replace(citizen_phone, '[^0-9]', '', 'g') LIKE %s",
                    "%" + national,
                )
            )
            candidates = self.sudo().browse([row[0] for row in rows])
            found |= candidates.filtered(
                lambda r: phones.normalize_vn_phone(r.citizen_phone) == e164
            )
        normalized = email_normalize(email) if email else False
        if normalized:
            candidates = self.sudo().search([("citizen_email", "ilike", normalized)])
            found |= candidates.filtered(
                lambda r: email_normalize(r.citizen_email or "") == normalized
            )
        return found

    def _export_citizen_data(self):
        """The data held about the citizen of these requests, as a JSON-ready dict
        list.
        """
        result = []
        Response = self.env["satisfaction.response"].sudo()
        for request in self.sudo():
            responses = Response.search([("request_id", "=", request.id)])
            result.append(
                {
                    "dossier": request.dossier_ref,
                    "procedure": request.procedure_id.name or None,
                    "unit": request.unit_id.name or None,
                    "officers": request.officer_ids.mapped("name"),
                    "citizen_name": request.citizen_name or None,
                    "citizen_phone": request.citizen_phone or None,
                    "citizen_email": request.citizen_email or None,
                    "state": request.state,
                    "channel": request.channel or None,
                    "created_on": fields.Datetime.to_string(request.create_date),
                    "sent_on": fields.Datetime.to_string(request.date_sent) or None,
                    "answered_on": fields.Datetime.to_string(request.date_answered)
                    or None,
                    "expires_on": fields.Datetime.to_string(request.expiry_date)
                    or None,
                    "anonymised_on": fields.Datetime.to_string(request.anonymised_date)
                    or None,
                    "responses": [
                        {
                            "date": fields.Datetime.to_string(response.date),
                            "channel": response.channel,
                            "questionnaire": response.questionnaire_id.name,
                            "comment": response.comment or None,
                            "answers": [
                                {
                                    "question": line.criterion_id.name,
                                    "officer": line.officer_id.name or None,
                                    "value": line.value or None,
                                    "answer": line.level_name or None,
                                }
                                for line in response.line_ids
                            ],
                        }
                        for response in responses
                    ],
                }
            )
        return result
