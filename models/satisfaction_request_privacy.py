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

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, email_normalize

from ..satisfaction_survey import phones, redact, tokens
from ..satisfaction_survey.periods import LOCAL_TZ
from .satisfaction_privacy_notice import PURPOSE_RATING_LINK
from .satisfaction_request import LEADER_GROUP, MANAGER_GROUP

_logger = logging.getLogger(__name__)

RETENTION_PARAM = "satisfaction_survey.retention_days"
DEFAULT_RETENTION_DAYS = 365
CONTACT_FIELDS = ("citizen_name", "citizen_phone", "citizen_email")
DOSSIER_PLACEHOLDER = "[dossier]"


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
    consent_ids = fields.One2many(
        "satisfaction.consent", "request_id", string="Consents", groups=MANAGER_GROUP
    )
    no_contact = fields.Boolean(
        string="Contact Withdrawn",
        readonly=True,
        copy=False,
        groups=LEADER_GROUP,
        help="The citizen withdrew their consent: no reminder, no contact after a "
        "low rating.",
    )
    no_contact_date = fields.Datetime(
        string="Contact Withdrawn On", readonly=True, copy=False, groups=LEADER_GROUP
    )

    @api.model
    def _retention_days(self):
        return self.env["satisfaction.settings"]._get_int(
            RETENTION_PARAM, DEFAULT_RETENTION_DAYS, minimum=1
        )

    def action_record_link_consent(self):
        """The citizen agreed at the counter, after reading the notice, to
        receive the rating link and its reminders: recorded with the notice
        shown, in the request's language."""
        self.check_access("write")
        for request in self:
            self.env["satisfaction.consent"]._record(
                request, PURPOSE_RATING_LINK, "counter"
            )
        return True

    def _withdraw_contact(self, channel):
        """The citizen withdraws their consents to be contacted (from the page
        of their link, or through the register): every consent of these
        requests is marked withdrawn, reminders stop and a low-score
        follow-up can no longer reply to them. Returns the consents withdrawn.
        """
        requests = self.sudo()
        withdrawn = requests.consent_ids._withdraw(channel)
        requests.with_context(tracking_disable=True).write(
            {
                "no_contact": True,
                "no_contact_date": fields.Datetime.now(),
                "contact_consent": False,
            }
        )
        self.env["satisfaction.followup"].sudo().search(
            [("request_id", "in", requests.ids), ("contact_allowed", "=", True)]
        ).write({"contact_allowed": False})
        return withdrawn

    @api.constrains("anonymised", "dossier_ref", "res_model", "res_id")
    def _check_dossier(self):
        for request in self:
            if not request.anonymised and not (
                request.dossier_ref and request.res_model and request.res_id
            ):
                raise ValidationError(
                    _("A rating request needs its dossier until it is anonymised.")
                )

    def _anonymise(self):
        """Cut every link between these requests' answers and the citizen.

        What stays, for the statistics: the unit, procedure, officers,
        questionnaire, channel, state and answers, and the months of the
        request and of the response (the figures count by month). What goes:

        - the contact data, the dossier (reference, model, id) and the link
          token (replaced by a fresh one that was never sent); the dossier's
          "returned late" flag is copied onto the request first, so the
          overdue counts do not change;
        - the queued SMS and e-mails and the request's chatter, which quote
          the dossier or the contact data;
        - the dossier reference on the low-score follow-ups, in their chatter
          and activities, and on the consent records;
        - phone numbers, e-mail addresses, ID numbers, names and addresses in
          the comment, the reason of a low rating, the text answers and the
          follow-ups (``satisfaction_survey.redact``);
        - the time of day: every date of the request, its response, answers,
          follow-ups and consents is set to the first day of its month
          (Vietnam time), so no timestamp can be matched with the dossier's
          return.

        Open requests are cancelled (their link no longer works). Idempotent.
        Returns the number of requests anonymised.
        """
        requests = self.sudo()
        if not requests:
            return 0
        requests = requests.with_context(tracking_disable=True)
        responses = (
            self.env["satisfaction.response"]
            .sudo()
            .search([("request_id", "in", requests.ids)])
        )
        followups = (
            self.env["satisfaction.followup"]
            .sudo()
            .with_context(tracking_disable=True)
            .search([("request_id", "in", requests.ids)])
        )
        references = [ref for ref in requests.mapped("dossier_ref") if ref]
        self._redact_fields(responses, ("comment", "low_score_reason"), references)
        self._redact_fields(responses.line_ids, ("text_value",), references)
        self._redact_fields(
            followups, ("reason", "action_taken", "reply_sent"), references
        )
        self._redact_fields(followups, ("low_criteria",), references)
        followups.write({"dossier_ref": False})
        self._redact_thread(followups, references)
        consents = (
            self.env["satisfaction.consent"]
            .sudo()
            .search([("request_id", "in", requests.ids)])
        )
        consents.write({"request_id": False, "dossier_ref": False})
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
        self.env["mail.message"].sudo().search(
            [("model", "=", self._name), ("res_id", "in", requests.ids)]
        ).unlink()
        for request in requests:
            late = request.is_late or request._dossier_is_late()
            values = {
                **dict.fromkeys(CONTACT_FIELDS, False),
                "dossier_ref": False,
                "res_model": False,
                "res_id": False,
                "access_token": tokens.new_token(),
                "is_late": late,
                "contact_error": False,
                # a provider's answer may quote the number or address
                "sms_error": False,
                "email_error": False,
                "anonymised": True,
                "anonymised_date": fields.Datetime.now(),
            }
            if request.state in ("pending", "sent"):
                values["state"] = "cancelled"
            request.write(values)
        self._truncate_dates_to_month(
            {
                requests: (
                    "create_date",
                    "write_date",
                    "date_sent",
                    "date_answered",
                    "date_last_reminder",
                    "expiry_date",
                    "anonymised_date",
                    "contact_consent_date",
                    "no_contact_date",
                ),
                responses: ("date", "create_date", "write_date"),
                followups: (
                    "create_date",
                    "write_date",
                    "date_done",
                    "date_reply_sent",
                ),
                consents: ("create_date", "write_date", "date", "withdrawn_at"),
            }
        )
        return len(requests)

    def _dossier_is_late(self):
        """The "returned late" flag of the built-in register's dossier."""
        self.ensure_one()
        if self.res_model != "satisfaction.dossier" or not self.res_id:
            return False
        dossier = self.env["satisfaction.dossier"].sudo().browse(self.res_id).exists()
        return bool(dossier.is_late)

    @api.model
    def _truncate_dates_to_month(self, columns_by_records):
        """Set the datetime ``columns`` of each recordset to the first moment
        of their month in Vietnam time (the statistics' month stays the same).

        ``create_date`` and ``write_date`` cannot be written through the ORM:
        plain SQL, after a flush; the statistics' triggers see the change.
        """
        self.env.flush_all()
        for records, columns in columns_by_records.items():
            if not records:
                continue
            assignments = SQL(", ").join(
                SQL(
                    "%(column)s = (date_trunc('month', (%(column)s AT TIME ZONE 'UTC') "
                    "AT TIME ZONE %(tz)s) AT TIME ZONE %(tz)s) AT TIME ZONE 'UTC'",
                    column=SQL.identifier(column),
                    tz=LOCAL_TZ,
                )
                for column in columns
            )
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET %s WHERE id = ANY(%s)",
                    SQL.identifier(records._table),
                    assignments,
                    list(records.ids),
                )
            )
            records.invalidate_recordset(list(columns))

    @api.model
    def _redact_thread(self, records, references):
        """Strip the dossier references and personal details from the chatter
        (messages, tracked values) and the activities of ``records``."""
        if not records:
            return
        messages = (
            self.env["mail.message"]
            .sudo()
            .search([("model", "=", records._name), ("res_id", "in", records.ids)])
        )
        # record_name and res_name are stored copies of the record's name
        self._redact_fields(messages, ("subject", "record_name"), references)
        for message in messages.filtered("body"):
            body = redact.redact_text(
                self._replace_references(message.body, references)
            )
            if body != message.body:
                message.body = Markup(body)
        self._redact_fields(
            messages.tracking_value_ids,
            ("old_value_char", "new_value_char", "old_value_text", "new_value_text"),
            references,
        )
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search([("res_model", "=", records._name), ("res_id", "in", records.ids)])
        )
        self._redact_fields(activities, ("summary", "res_name"), references)
        for activity in activities.filtered("note"):
            note = redact.redact_text(
                self._replace_references(activity.note, references)
            )
            if note != activity.note:
                activity.note = Markup(note)

    @api.model
    def _replace_references(self, text, references):
        if not isinstance(text, str):
            return text
        for reference in references:
            text = text.replace(reference, DOSSIER_PLACEHOLDER)
        return text

    @api.model
    def _redact_fields(self, records, fnames, references=()):
        """Strip phone numbers, e-mails, ID numbers, names, addresses and the
        dossier ``references`` from the text fields ``fnames``.
        """
        for fname in fnames:
            if fname not in records._fields:
                continue
            for record in records.filtered(fname):
                text = redact.redact_text(
                    self._replace_references(record[fname], references)
                )
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
