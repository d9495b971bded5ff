import logging
from collections import defaultdict
from datetime import timedelta

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, email_normalize, mute_logger
from odoo.tools.sql import drop_index

from ..satisfaction_survey import answers as core_answers
from ..satisfaction_survey import deadlines, phones, qr, tokens
from .satisfaction_privacy_notice import PURPOSE_CONTACT_LOW

_logger = logging.getLogger(__name__)

CHANNELS = [
    ("email", "E-mail"),
    ("sms", "SMS"),
    ("qr", "QR code on receipt"),
    ("kiosk", "Counter kiosk"),
    ("staff", "Staff-assisted"),
    ("surveyor", "Surveyor"),
    ("web", "Web link"),
]
# where a consent ticked with the answers was given
CONSENT_CHANNEL_BY_RESPONSE_CHANNEL = {
    "kiosk": "kiosk",
    "staff": "counter",
    "surveyor": "counter",
}
DEFAULT_VALIDITY_DAYS = 30
# What the public page and the kiosk read of a request (``_get_by_token``)
PAGE_FIELDS = [
    "access_token",
    "state",
    "expiry_date",
    "questionnaire_id",
    "procedure_id",
    "unit_id",
    "channel",
]
DEFAULT_REMINDER_DELAY_DAYS = 3
DEFAULT_REMINDER_MAX = 2
OFFICER_GROUP = "satisfaction_survey.group_satisfaction_officer"
LEADER_GROUP = "satisfaction_survey.group_satisfaction_leader"
MANAGER_GROUP = "satisfaction_survey.group_satisfaction_manager"


class SatisfactionRequest(models.Model):
    """One rating request per returned dossier, answered through a secret link."""

    _name = "satisfaction.request"
    _description = "Rating Request"
    # the batch tracking mixin extends mail.thread: it comes first
    _inherit = ["satisfaction.batch.tracking.mixin", "mail.thread"]
    _order = "create_date desc, id desc"
    _rec_name = "dossier_ref"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    # The dossier: set on every request, removed when the request is
    # anonymised (see _check_dossier and satisfaction_request_privacy.py).
    dossier_ref = fields.Char(string="Dossier", index="trigram")
    res_model = fields.Char(string="Dossier Model", index=True, readonly=True)
    res_id = fields.Many2oneReference(
        string="Dossier ID",
        model_field="res_model",
        index=True,
        readonly=True,
    )
    procedure_id = fields.Many2one("satisfaction.procedure", index=True)
    unit_id = fields.Many2one("hr.department", index=True)
    officer_ids = fields.Many2many("hr.employee", string="Officers")
    questionnaire_id = fields.Many2one("satisfaction.questionnaire", required=True)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, required=True
    )
    # Contact data: personal data, visible to the one-stop staff who hold the dossier
    # anyway.
    citizen_name = fields.Char(groups=OFFICER_GROUP)
    citizen_phone = fields.Char(groups=OFFICER_GROUP)
    citizen_email = fields.Char(groups=OFFICER_GROUP)
    lang = fields.Char(default=lambda self: self._default_lang())
    # The link lets anybody answer: staff never see it, so they cannot answer for the
    # citizen.
    # indexed by the unique constraint access_token_unique
    access_token = fields.Char(
        default=lambda self: tokens.new_token(),
        required=True,
        copy=False,
        groups=MANAGER_GROUP,
    )
    rating_url = fields.Char(
        string="Rating Link", compute="_compute_rating_url", groups=MANAGER_GROUP
    )
    expiry_date = fields.Datetime(
        default=lambda self: self._default_expiry_date(),
        required=True,
        index=True,
        copy=False,
    )
    state = fields.Selection(
        [
            ("pending", "Pending"),
            ("sent", "Sent"),
            ("answered", "Answered"),
            ("expired", "Expired"),
            ("cancelled", "Cancelled"),
        ],
        default="pending",
        required=True,
        index=True,
        tracking=True,
        copy=False,
    )
    channel = fields.Selection(
        CHANNELS, help="How the request reached the citizen.", tracking=True
    )
    is_late = fields.Boolean(
        string="Returned Late",
        readonly=True,
        copy=False,
        help="A dossier of a bound model returned after its final due moment "
        "(NĐ 118/2025 Article 19), when the binding maps its due date. The "
        "built-in register keeps it on the dossier.",
    )
    send_count = fields.Integer(readonly=True, copy=False)
    date_sent = fields.Datetime(readonly=True, copy=False)
    date_answered = fields.Datetime(readonly=True, copy=False)
    contact_error = fields.Char(
        readonly=True,
        copy=False,
        help="Why the request could not be sent, e.g. no phone number or e-mail.",
    )
    response_ids = fields.One2many(
        "satisfaction.response", "request_id", groups=MANAGER_GROUP
    )
    # Delivery of the last SMS and e-mail, as the SMS and mail queues report it
    # (sms.sms._satisfaction_report_outcome, mail.mail._postprocess_sent_message).
    sms_state = fields.Selection(
        [
            ("outgoing", "Queued"),
            ("sent", "Sent"),
            ("delivered", "Delivered"),
            ("error", "Failed"),
        ],
        string="SMS Status",
        readonly=True,
        copy=False,
    )
    sms_attempts = fields.Integer(string="SMS Attempts", readonly=True, copy=False)
    sms_error = fields.Char(string="SMS Error", readonly=True, copy=False)
    email_state = fields.Selection(
        [("outgoing", "Queued"), ("sent", "Sent"), ("error", "Failed")],
        string="E-mail Status",
        readonly=True,
        copy=False,
    )
    email_error = fields.Char(string="E-mail Error", readonly=True, copy=False)
    reminder_count = fields.Integer(string="Reminders Sent", readonly=True, copy=False)
    date_last_reminder = fields.Datetime(
        string="Last Reminder", readonly=True, copy=False
    )
    # Asked after a low answer; leaders only: it tells that this citizen rated low.
    contact_consent = fields.Boolean(
        string="Agreed to Be Contacted",
        readonly=True,
        copy=False,
        groups=LEADER_GROUP,
        help=(
            "After a low rating, the citizen agreed that the unit leader contacts "
            "them about it."
        ),
    )
    contact_consent_date = fields.Datetime(
        readonly=True, copy=False, groups=LEADER_GROUP
    )

    _sql_constraints = [
        (
            "access_token_unique",
            "unique(access_token)",
            "The access token must be unique.",
        ),
        (
            "dossier_unique",
            "unique(res_model, res_id)",
            "A dossier has only one rating request.",
        ),
    ]

    def init(self):
        # access_token had index=True as well as its unique constraint: every
        # insert kept two identical indexes. Odoo does not drop the old one.
        drop_index(self.env.cr, "satisfaction_request__access_token_index", self._table)

    # ------------------------------------------------------------
    # DEFAULTS / COMPUTES
    # ------------------------------------------------------------

    @api.model
    def _default_lang(self):
        return "vi_VN" if self.env["res.lang"]._lang_get("vi_VN") else "en_US"

    @api.model
    def _validity_days(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("satisfaction_survey.validity_days")
        )
        try:
            days = int(value) if value else DEFAULT_VALIDITY_DAYS
        except ValueError:
            _logger.warning(
                "satisfaction_survey.validity_days is not a number, using %s",
                DEFAULT_VALIDITY_DAYS,
            )
            days = DEFAULT_VALIDITY_DAYS
        return max(days, 1)

    @api.model
    def _default_expiry_date(self):
        return fields.Datetime.now() + timedelta(days=self._validity_days())

    def _compute_rating_url(self):
        for request in self:
            request.rating_url = tokens.rating_url(
                request.get_base_url(), request.access_token
            )

    def _compute_display_name(self):
        for request in self:
            request.display_name = request.dossier_ref or _("Rating request")

    # ------------------------------------------------------------
    # CREATION FROM DOSSIERS
    # ------------------------------------------------------------

    @api.model
    def _ensure_for_sources(self, records, field_map):
        """Create the missing rating requests of returned ``records`` in one pass.

        Idempotent: dossiers that already have a request are skipped, and the
        unique (res_model, res_id) constraint guards against a double insert.
        Returns the newly created requests.
        """
        if not records:
            return self.browse()
        self_sudo = self.sudo()
        existing_ids = set(
            self_sudo.search(
                [("res_model", "=", records._name), ("res_id", "in", records.ids)]
            ).mapped("res_id")
        )
        missing = records.filtered(lambda r: r.id not in existing_ids)
        if not missing:
            return self.browse()
        vals_list = self._prepare_values_from_sources(missing, field_map)
        auto_send = self._auto_send_enabled()
        if auto_send:
            # created as sent: one INSERT per request, no UPDATE after it
            self._add_sending_values(vals_list)
        # No "created" note in each request's chatter: its creation date and the
        # dossier's tracked return say it, and a batch of 10,000 returns would
        # write 10,000 more messages.
        requests_sudo = self_sudo.with_context(
            mail_create_nolog=True
        )._create_skipping_duplicates(vals_list)
        if auto_send:
            requests_sudo._queue_messages()
        return requests_sudo.sudo(False)

    @api.model
    def _create_skipping_duplicates(self, vals_list):
        """Create requests; those whose dossier got a request from a concurrent
        transaction in the meantime (unique res_model, res_id) are skipped, so
        two simultaneous returns create, and send, one request.

        The refused INSERT holds contact data: it is kept out of the logs.
        """

        def duplicate(error):
            return (
                getattr(error.diag, "constraint_name", None)
                == "satisfaction_request_dossier_unique"
            )

        try:
            with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                return self.create(vals_list)
        except psycopg2.IntegrityError as error:
            if not duplicate(error):
                raise
        created = self.browse()
        for vals in vals_list:
            try:
                with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                    created |= self.create(vals)
            except psycopg2.IntegrityError as error:
                if not duplicate(error):
                    raise
        return created

    @api.model
    def _prepare_values_from_sources(self, records, field_map):
        """Read dossier data through ``field_map`` (logical name -> field name of
        ``records``).

        Logical names: reference, procedure, unit, officers, citizen_name,
        citizen_phone, citizen_email, partner. Missing entries are skipped.
        """
        records = records.sudo()
        procedures = self._match_procedures(records, field_map.get("procedure"))
        default_questionnaire = (
            self.env["satisfaction.questionnaire"].sudo()._get_default()
        )
        vals_list = []
        for record in records:
            officers = self._read_officers(record, field_map.get("officers"))
            unit = (
                self._read_field(record, field_map.get("unit"))
                or officers[:1].department_id
            )
            procedure = procedures.get(record.id) or self.env["satisfaction.procedure"]
            questionnaire = procedure.questionnaire_id or default_questionnaire
            if not questionnaire:
                raise UserError(
                    _(
                        "No published questionnaire: publish one and mark it as the "
                        "default."
                    )
                )
            partner = self._read_field(record, field_map.get("partner"))
            vals_list.append(
                {
                    "res_model": record._name,
                    "res_id": record.id,
                    "dossier_ref": self._read_field(record, field_map.get("reference"))
                    or record.display_name,
                    "procedure_id": procedure.id,
                    "unit_id": unit.id if unit else False,
                    "officer_ids": [(6, 0, officers.ids)],
                    "questionnaire_id": questionnaire.id,
                    "citizen_name": self._read_field(
                        record, field_map.get("citizen_name")
                    )
                    or (partner.name if partner else False),
                    "citizen_phone": self._read_field(
                        record, field_map.get("citizen_phone")
                    )
                    or (partner.phone or partner.mobile if partner else False),
                    "citizen_email": self._read_field(
                        record, field_map.get("citizen_email")
                    )
                    or (partner.email if partner else False),
                    "lang": (partner.lang if partner else False)
                    or self._default_lang(),
                    "is_late": self._source_is_late(record, field_map, procedure),
                }
            )
        return vals_list

    @api.model
    def _source_is_late(self, record, field_map, procedure):
        """Whether ``record`` was returned after its final due moment, from the
        fields mapped as due, due_extended, supplement_requested,
        supplement_received and date_returned (NĐ 118/2025 Điều 19).

        A record holds the last values only: the supplement events are
        applied in the order they happened, the extension after them. Without
        a returned field, the record is returned now.
        """
        if not field_map.get("due") and not field_map.get("due_extended"):
            return False
        read = {
            key: self._read_field(record, field_map.get(key)) or None
            for key in (
                "due",
                "due_extended",
                "supplement_requested",
                "supplement_received",
                "date_returned",
            )
        }
        events = [
            deadlines.DueEvent(kind, read[key])
            for kind, key in (
                (deadlines.SUPPLEMENT_REQUEST, "supplement_requested"),
                (deadlines.SUPPLEMENT_RECEIVED, "supplement_received"),
            )
            if read[key]
        ]
        returned = deadlines.moment_of(read["date_returned"] or fields.Datetime.now())
        if read["due_extended"]:
            last = max((deadlines.moment_of(e.moment) for e in events), default=None)
            events.append(
                deadlines.DueEvent(
                    deadlines.EXTENSION, last or returned, read["due_extended"]
                )
            )
        company = record.company_id if "company_id" in record._fields else False
        calendar = (company or self.env.company).resource_calendar_id
        due = calendar._satisfaction_final_due(
            read["due"], events, procedure.processing_days
        )
        return deadlines.is_overdue(due or None, returned)

    @api.model
    def _read_field(self, record, field_name):
        return (
            record[field_name] if field_name and field_name in record._fields else False
        )

    @api.model
    def _read_officers(self, record, field_name):
        """Officers may be held as employees or as users (mapped to their employee)."""
        value = self._read_field(record, field_name)
        if not value:
            return self.env["hr.employee"]
        if value._name == "res.users":
            return value.employee_ids.filtered(
                lambda e: e.company_id in value.company_ids
            )
        return value

    @api.model
    def _match_procedures(self, records, field_name):
        """Map record id -> procedure, matching char fields by code then name in one
        search.
        """
        if not field_name or field_name not in records._fields:
            return {}
        field = records._fields[field_name]
        if field.type == "many2one" and field.comodel_name == "satisfaction.procedure":
            return {record.id: record[field_name] for record in records}
        names = {str(name).strip() for name in records.mapped(field_name) if name}
        if not names:
            return {}
        procedures = (
            self.env["satisfaction.procedure"]
            .sudo()
            .search(["|", ("code", "in", list(names)), ("name", "in", list(names))])
        )
        by_code = {p.code: p for p in procedures if p.code}
        by_name = {p.name: p for p in procedures}
        return {
            record.id: by_code.get(str(record[field_name]).strip())
            or by_name.get(str(record[field_name]).strip())
            for record in records
            if record[field_name]
        }

    # ------------------------------------------------------------
    # SENDING
    # ------------------------------------------------------------

    @api.model
    def _auto_send_enabled(self):
        param = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("satisfaction_survey.auto_send", "True")
        )
        return param not in ("False", "0", "")

    @api.model
    def _preferred_channel(self):
        channel = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("satisfaction_survey.preferred_channel", "sms")
        )
        return channel if channel in ("sms", "email") else "sms"

    def action_send(self):
        """Send, or send again, the link to the citizen (button for one-stop staff)."""
        self.check_access("write")
        closed = self.filtered(lambda r: r.state not in ("pending", "sent"))
        if closed:
            raise UserError(
                _(
                    "Only pending or sent requests can be sent; %(dossier)s is "
                    "%(state)s.",
                    dossier=closed[0].dossier_ref,
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        closed[0].state
                    ],
                )
            )
        self.sudo()._send()
        return True

    @api.model
    def _contact_channel(self, phone, email, preferred):
        """The channel that reaches a citizen ("sms" or "email"), or False."""
        has_email = bool(email_normalize(email or ""))
        # An SMS only reaches a mobile number, not a landline.
        has_phone = phones.is_mobile(phones.normalize_vn_phone(phone))
        if has_phone and (preferred == "sms" or not has_email):
            return "sms"
        return "email" if has_email else False

    @api.model
    def _sending_plan(self, phone, email, preferred, sms_provider):
        """(channel or False, values to write): where the link goes, and why
        not by SMS when the citizen would get one but no SMS provider is
        configured (no contact data leaves for a service nobody chose)."""
        channel = self._contact_channel(phone, email, preferred)
        if channel == "sms" and not sms_provider:
            no_provider = {
                "sms_state": "error",
                "sms_error": _("No SMS provider configured"),
            }
            if email_normalize(email or ""):
                return "email", no_provider
            return False, no_provider | {
                "contact_error": _(
                    "No SMS provider configured and no e-mail address: hand the "
                    "link over at the counter."
                )
            }
        if not channel:
            return False, {"contact_error": self._unreachable_error()}
        return channel, {}

    @api.model
    def _unreachable_error(self):
        return _(
            "No valid phone number or e-mail address: hand the link over at the "
            "counter."
        )

    @api.model
    def _add_sending_values(self, vals_list):
        """Complete the values of new requests so that they are created sent (or
        with their contact error); ``_queue_messages`` then queues their SMS and
        e-mails. The same outcome as ``_send`` on created requests, written once.
        """
        preferred = self._preferred_channel()
        sms_provider = self.env["sms.sms"]._satisfaction_provider()
        now = fields.Datetime.now()
        for vals in vals_list:
            channel, values = self._sending_plan(
                vals.get("citizen_phone"),
                vals.get("citizen_email"),
                preferred,
                sms_provider,
            )
            vals.update(values)
            if not channel:
                continue
            vals.update(state="sent", channel=channel, date_sent=now, send_count=1)
            if channel == "sms":
                vals.update(sms_state="outgoing", sms_attempts=0)

    def _queue_messages(self):
        """Queue the SMS or e-mail of requests created sent, by their channel."""
        by_channel = defaultdict(list)
        for request in self:
            if request.state == "sent":
                by_channel[request.channel].append(request.id)
        if by_channel["email"]:
            self.browse(by_channel["email"])._send_email()
        by_sms = self.browse(by_channel["sms"])
        if by_sms and not by_sms._queue_sms():
            by_sms.write({"sms_state": False})

    def _send(self):
        """Queue the e-mail or SMS of each request; missing contact data is reported,
        not raised.

        Nothing leaves here: the mail and SMS queue crons send, and report
        the outcome (``_on_sms_outcome``, ``_on_email_outcome``). An SMS is
        only chosen when an SMS provider is configured (``sms.sms``
        ``_satisfaction_provider``): otherwise the e-mail is used.
        """
        preferred = self._preferred_channel()
        sms_provider = self.env["sms.sms"]._satisfaction_provider()
        by_plan = defaultdict(list)
        for request in self:
            channel, values = self._sending_plan(
                request.citizen_phone, request.citizen_email, preferred, sms_provider
            )
            by_plan[channel, tuple(sorted(values.items()))].append(request.id)
        by_channel = {"email": self.browse(), "sms": self.browse()}
        for (channel, values), ids in by_plan.items():
            requests = self.browse(ids)
            if values:
                requests.write(dict(values))
            if channel:
                by_channel[channel] |= requests
        if by_channel["email"]:
            by_channel["email"]._send_email()
        if by_channel["sms"]:
            by_channel["sms"]._send_sms()
        sent = by_channel["email"] | by_channel["sms"]
        now = fields.Datetime.now()
        for channel, requests in by_channel.items():
            # One write per (channel, previous count): a batch of new requests is one
            # UPDATE.
            for send_count in set(requests.mapped("send_count")):
                requests.filtered(
                    lambda r, count=send_count: r.send_count == count
                ).write(
                    {
                        "state": "sent",
                        "channel": channel,
                        "date_sent": now,
                        "send_count": send_count + 1,
                        "contact_error": False,
                    }
                )
        return sent

    def _send_email(
        self, template_xmlid="satisfaction_survey.mail_template_rating_request"
    ):
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if not template:
            self.write(
                {
                    "contact_error": _(
                        "The e-mail template of rating requests is missing."
                    )
                }
            )
            return
        mails = template.send_mail_batch(
            self.ids, email_layout_xmlid="mail.mail_notification_light"
        )
        for mail in mails:
            mail.satisfaction_request_id = mail.res_id
        self.write({"email_state": "outgoing", "email_error": False})
        # Queued, not sent inline, like the SMS.
        self.env.ref("mail.ir_cron_mail_scheduler_action")._trigger()

    def _send_sms(
        self,
        template_xmlid="satisfaction_survey.sms_template_rating_request",
        reminder=False,
    ):
        if self._queue_sms(template_xmlid, reminder=reminder):
            self.write({"sms_state": "outgoing", "sms_attempts": 0, "sms_error": False})

    def _queue_sms(
        self,
        template_xmlid="satisfaction_survey.sms_template_rating_request",
        reminder=False,
    ):
        """Create the SMS of these requests; False when the template is missing."""
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if not template:
            self.write(
                {"contact_error": _("The SMS template of rating requests is missing.")}
            )
            return False
        bodies = template._render_field("body", self.ids, compute_lang=True)
        self.env["sms.sms"].sudo().create(
            [
                {
                    "number": phones.normalize_vn_phone(request.citizen_phone),
                    "body": bodies[request.id],
                    "satisfaction_request_id": request.id,
                    "satisfaction_reminder": reminder,
                }
                for request in self
            ]
        )
        # Queued, not sent inline: a batch of returns must not wait on the gateway.
        self.env.ref("sms.ir_cron_sms_scheduler_action")._trigger()
        return True

    # ------------------------------------------------------------
    # DELIVERY OUTCOME (reported by the SMS and mail queues)
    # ------------------------------------------------------------

    def _on_sms_outcome(self, status, detail, attempts=1, reminder=False):
        """An SMS of this request was sent, delivered, failed or will be retried.

        A final failure falls back, once, to the citizen's e-mail address;
        without one, the request goes back to "pending" with the reason.
        """
        self.ensure_one()
        values = {"sms_state": status, "sms_attempts": attempts}
        values["sms_error"] = detail if status in ("outgoing", "error") else False
        self.write(values)
        if status == "error":
            self._fall_back_to_email(
                _("The SMS could not be sent: %s", detail), reminder=reminder
            )

    def _on_email_outcome(self, status, detail):
        """The mail queue sent this request's e-mail, or failed to."""
        self.ensure_one()
        if status == "sent":
            self.write({"email_state": "sent", "email_error": False})
            return
        self.write({"email_state": "error", "email_error": detail})
        if self.channel == "email":
            self._mark_undelivered(_("The e-mail could not be sent: %s", detail))

    def _fall_back_to_email(self, reason, reminder=False):
        # Only from the SMS channel: the e-mail never falls back to an SMS, and
        # a request falls back once per sending (it is then on the e-mail channel).
        if self.channel != "sms" or self.state not in ("pending", "sent"):
            return
        if email_normalize(self.citizen_email or ""):
            self.write({"channel": "email", "contact_error": False})
            self._send_email(
                "satisfaction_survey.mail_template_rating_reminder"
                if reminder
                else "satisfaction_survey.mail_template_rating_request"
            )
            return
        self._mark_undelivered(reason)

    def _mark_undelivered(self, reason):
        """Nothing reached the citizen: say why, and no longer show it as sent."""
        values = {
            "contact_error": _(
                "%s. Hand the link over at the counter or correct the contact data.",
                reason,
            )
        }
        if self.state == "sent":
            values["state"] = "pending"
        self.write(values)

    # ------------------------------------------------------------
    # ANSWERING (public page)
    # ------------------------------------------------------------

    @api.model
    def _get_by_token(self, token):
        """The open request of ``token``, or None; unknown and expired look the same to
        callers.
        """
        if not tokens.is_well_formed(token):
            return None
        # one query: the request with what its pages read of it
        request_sudo = self.sudo().search_fetch(
            [("access_token", "=", token)], PAGE_FIELDS, limit=1
        )
        if not request_sudo or not tokens.tokens_equal(
            request_sudo.access_token, token
        ):
            return None
        if (
            request_sudo.state in ("expired", "cancelled")
            or request_sudo._is_past_expiry()
        ):
            return None
        return request_sudo

    def _check_answer_entry(self):
        """Staff enter answers (phone, interview, paper) for open requests of their unit
        only.
        """
        self.ensure_one()
        self.check_access("write")
        if self.state not in ("pending", "sent") or self._is_past_expiry():
            raise UserError(
                _("Answers can only be entered while the request waits for an answer.")
            )
        # NĐ 118/2025 Điều 29: evaluations are objective; whoever served the
        # dossier would be rating their own work.
        own = self.sudo().officer_ids & self.env.user.sudo().employee_ids
        if own:
            raise UserError(
                _(
                    "You served this dossier: answers about it must be entered by "
                    "someone who did not receive or handle it."
                )
            )

    def _is_past_expiry(self):
        self.ensure_one()
        return self.state != "answered" and self.expiry_date < fields.Datetime.now()

    def _served_officers(self):
        """The officers to rate, with only their names read.

        Reading ``officer_ids`` normally fetches every stored column of
        hr.employee (about 70, each through hr's field access checks): a
        third of the public page's time, for one name per officer.
        """
        self.ensure_one()
        # one query: the active officers of the relation, with their names
        # (reading officer_ids takes three: relation, active, names)
        field = self._fields["officer_ids"]
        return self.env["hr.employee"].search_fetch(
            [
                (
                    "id",
                    "in",
                    SQL(
                        "(SELECT %s FROM %s WHERE %s = %s)",
                        SQL.identifier(field.column2),
                        SQL.identifier(field.relation),
                        SQL.identifier(field.column1),
                        self.id,
                    ),
                )
            ],
            ["name"],
        )

    def _question_items(self):
        self.ensure_one()
        return self.questionnaire_id._question_items(self._served_officers())

    def _question_specs(self, items):
        page_layout = self.questionnaire_id._page_layout()
        scale_values = page_layout.scale_values
        specs = [
            core_answers.QuestionSpec(
                key=item["key"],
                kind=item["criterion"].question_type,
                required=item["criterion"].required,
                allowed_values=scale_values
                if item["criterion"].question_type == "scale"
                else (),
            )
            for item in items
        ]
        if page_layout.ask_comment:
            specs.append(
                core_answers.QuestionSpec(key="comment", kind="text", required=False)
            )
        return specs

    def _record_answers(
        self, form, channel=None, entered_by=None, require_reason=False
    ):
        """Validate ``form`` and store the response; returns (response, errors).

        Nothing is written when a value is invalid, so the page can show the
        form again with what the citizen typed. ``entered_by``: the user who
        typed in answers given by phone, interview or on paper.
        A low answer (see satisfaction.followup._low_values) opens a follow-up
        for the unit leader with the form's ``reason`` and ``contact_consent``;
        ``require_reason``: the reason is then required (citizen-facing pages).
        """
        self.ensure_one()
        items = self._question_items()
        values, errors = core_answers.parse_answers(form, self._question_specs(items))
        low_values = self.questionnaire_id._page_layout().low_values
        is_low = any(
            values.get(item["key"]) in low_values
            for item in items
            if item["criterion"].question_type == "scale"
        )
        reason, reason_errors = core_answers.parse_answers(
            form,
            [
                core_answers.QuestionSpec(
                    key="reason", kind="text", required=is_low and require_reason
                )
            ],
        )
        errors.update(reason_errors)
        if errors:
            return self.env["satisfaction.response"], errors
        lines = [
            {
                "criterion_id": item["criterion"].id,
                "officer_id": item["officer"].id if item["officer"] else False,
                "value": values[item["key"]]
                if item["criterion"].question_type == "scale"
                else False,
                "text_value": values[item["key"]]
                if item["criterion"].question_type == "text"
                else False,
            }
            for item in items
            if item["key"] in values
        ]
        # A concurrent submit of the same link fails on the unique request_id
        # (handled by the caller's savepoint): keep its query, which holds the
        # citizen's comment, out of the logs.
        with mute_logger("odoo.sql_db"):
            response = (
                self.env["satisfaction.response"]
                .sudo()
                .create(
                    {
                        "request_id": self.id,
                        "questionnaire_id": self.questionnaire_id.id,
                        "channel": channel or self.channel or "web",
                        "unit_id": self.unit_id.id,
                        "procedure_id": self.procedure_id.id,
                        "comment": values.get("comment") or False,
                        "line_ids": [(0, 0, line) for line in lines],
                        "entered_by_id": entered_by.id if entered_by else False,
                        "low_score_reason": is_low and reason.get("reason") or False,
                    }
                )
            )
        consent = is_low and form.get("contact_consent") in ("1", "on", "true", "True")
        now = fields.Datetime.now()
        # date_answered records it; no chatter message on the busiest public write.
        self.sudo().with_context(tracking_disable=True).write(
            {
                "state": "answered",
                "date_answered": now,
                "contact_consent": consent,
                "contact_consent_date": consent and now,
            }
        )
        if consent:
            # the proof: which notice (version, language) the ticked box showed
            self.env["satisfaction.consent"]._record(
                self,
                PURPOSE_CONTACT_LOW,
                CONSENT_CHANNEL_BY_RESPONSE_CHANNEL.get(response.channel, "web"),
                lang=self.env.lang,
            )
        if is_low:
            self.env["satisfaction.followup"].sudo()._create_from_response(
                response, reason=reason.get("reason"), contact_allowed=consent
            )
        return response, {}

    # ------------------------------------------------------------
    # CRON
    # ------------------------------------------------------------

    @api.model
    def _cron_expire(self):
        expired = self.sudo().search(
            [
                ("state", "in", ("pending", "sent")),
                ("expiry_date", "<", fields.Datetime.now()),
            ]
        )
        expired.write({"state": "expired"})
        return len(expired)

    @api.model
    def _reminder_settings(self):
        """(delay in days, maximum number of reminders) from the settings."""
        icp = self.env["ir.config_parameter"].sudo()

        def as_int(key, default):
            try:
                return int(icp.get_param(key, default))
            except (TypeError, ValueError):
                _logger.warning("%s is not a number, using %s", key, default)
                return default

        return (
            max(
                as_int(
                    "satisfaction_survey.reminder_delay_days",
                    DEFAULT_REMINDER_DELAY_DAYS,
                ),
                1,
            ),
            max(as_int("satisfaction_survey.reminder_max", DEFAULT_REMINDER_MAX), 0),
        )

    @api.model
    def _cron_send_reminders(self, limit=1000):
        """Remind citizens who have not answered yet, by the channel that reached them.

        A request gets at most ``reminder_max`` reminders, each one at least
        ``reminder_delay_days`` after the last sending or reminder, so running
        the cron twice in a row sends nothing twice; ``_cron_expire`` then
        closes what is still unanswered. Returns the number of reminders sent.
        """
        delay_days, max_count = self._reminder_settings()
        if not max_count:
            return 0
        now = fields.Datetime.now()
        cutoff = now - timedelta(days=delay_days)
        requests = self.sudo().search(
            [
                ("state", "=", "sent"),
                ("channel", "in", ("email", "sms")),
                ("expiry_date", ">", now),
                ("reminder_count", "<", max_count),
                ("no_contact", "=", False),
                ("date_sent", "<=", cutoff),
                "|",
                ("date_last_reminder", "=", False),
                ("date_last_reminder", "<=", cutoff),
            ],
            order="date_sent, id",
            limit=limit,
        )
        sms_provider = self.env["sms.sms"]._satisfaction_provider()
        by_sms = requests.filtered(
            lambda r: (
                r.channel == "sms"
                and sms_provider
                and phones.is_mobile(phones.normalize_vn_phone(r.citizen_phone))
            )
        )
        # E-mail: the requests it reached, and those the SMS can no longer reach
        by_email = (requests - by_sms).filtered(
            lambda r: email_normalize(r.citizen_email or "")
        )
        if by_email:
            by_email.filtered(lambda r: r.channel != "email").channel = "email"
            by_email._send_email("satisfaction_survey.mail_template_rating_reminder")
        if by_sms:
            by_sms._send_sms(
                "satisfaction_survey.sms_template_rating_reminder", reminder=True
            )
        reminded = by_email | by_sms
        # Contact data removed since: not reminded, looked at again after the delay.
        (requests - reminded).write({"date_last_reminder": now})
        for count in set(reminded.mapped("reminder_count")):
            reminded.filtered(lambda r, c=count: r.reminder_count == c).write(
                {"reminder_count": count + 1, "date_last_reminder": now}
            )
        if len(requests) == limit:
            cron = self.env.ref(
                "satisfaction_survey.ir_cron_satisfaction_request_remind",
                raise_if_not_found=False,
            )
            if cron:
                cron._trigger()
        return len(reminded)

    def _receipt_qr_data_uri(self):
        """The rating link as a QR code (PNG data URI), for receipts printed at the
        counter.
        """
        self.ensure_one()
        return qr.qr_data_uri(self.sudo().rating_url)

    def action_cancel(self):
        self.filtered(lambda r: r.state in ("pending", "sent")).write(
            {"state": "cancelled"}
        )

    def action_open_dossier(self):
        self.ensure_one()
        if not self.res_model or not self.res_id:
            raise UserError(_("This rating request was anonymised: it has no dossier."))
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }
