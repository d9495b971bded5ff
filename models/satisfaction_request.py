from datetime import timedelta

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import mute_logger
from odoo.tools.sql import drop_index

from ..satisfaction_survey import deadlines, tokens
from .batch_rows import create_rows

CHANNELS = [
    ("email", "E-mail"),
    ("sms", "SMS"),
    ("qr", "QR code on receipt"),
    ("kiosk", "Counter kiosk"),
    ("staff", "Staff-assisted"),
    ("surveyor", "Surveyor"),
    ("web", "Web link"),
]
DEFAULT_VALIDITY_DAYS = 30
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
    unit_id = fields.Many2one(
        "hr.department",
        string="Receiving Unit",
        index=True,
        help="The centre or reception point that received the dossier.",
    )
    competent_unit_id = fields.Many2one(
        "hr.department",
        string="Competent Agency",
        compute="_compute_competent_unit_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        help="The agency competent to decide the dossier; the receiving unit when "
        "the dossier names none.",
    )
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
        # A plain index on access_token would duplicate the unique constraint's
        # and slow every insert; Odoo never drops an index by itself.
        drop_index(self.env.cr, "satisfaction_request__access_token_index", self._table)

    # ------------------------------------------------------------
    # DEFAULTS / COMPUTES
    # ------------------------------------------------------------

    @api.model
    def _default_lang(self):
        return "vi_VN" if self.env["res.lang"]._lang_get("vi_VN") else "en_US"

    @api.model
    def _validity_days(self):
        return self.env["satisfaction.settings"]._get_int(
            "satisfaction_survey.validity_days", DEFAULT_VALIDITY_DAYS, minimum=1
        )

    @api.model
    def _default_expiry_date(self):
        return fields.Datetime.now() + timedelta(days=self._validity_days())

    @api.depends("unit_id")
    def _compute_competent_unit_id(self):
        for request in self:
            if not request.competent_unit_id:
                request.competent_unit_id = request.unit_id

    def _compute_rating_url(self):
        # get_base_url() differs between records only through a website_id
        # field, which requests lack: asked once for the batch of SMS
        base_url = self[:1].get_base_url()
        for request in self:
            request.rating_url = tokens.rating_url(base_url, request.access_token)

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
        requests_sudo = self_sudo._create_skipping_duplicates(vals_list)
        if auto_send:
            requests_sudo._queue_messages()
        self.env["satisfaction.kiosk.code"]._queue_sms_codes(requests_sudo)
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
                return self._create_new(vals_list)
        except psycopg2.IntegrityError as error:
            if not duplicate(error):
                raise
        created = self.browse()
        for vals in vals_list:
            try:
                with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                    created |= self._create_new([vals])
            except psycopg2.IntegrityError as error:
                if not duplicate(error):
                    raise
        return created

    @api.model
    def _create_new(self, vals_list):
        """Create the requests of returned dossiers through the ORM's bulk path
        (``create_rows``: defaults asked once per batch, a token drawn for each).

        satisfaction.request has no create() of its own, and mail.thread's
        would only add, for each request, its creator as a follower (a
        request's chatter logs tracked changes, which notify nobody; and the
        request holds the citizen's contact data), a search for followers to
        add (no field of a request names one) and a "created" note (its
        creation date and the dossier's tracked return say it): none of it is
        wanted when a batch return creates 10,000 requests.
        """
        return create_rows(self, vals_list, fresh_defaults=("access_token",), lean=True)

    @api.model
    def _prepare_values_from_sources(self, records, field_map):
        """Read dossier data through ``field_map`` (logical name -> field name of
        ``records``).

        Logical names: reference, procedure, unit, competent_unit, officers,
        citizen_name, citizen_phone, citizen_email, partner. Missing entries
        are skipped.
        """
        records = records.sudo()
        procedures = self._match_procedures(records, field_map.get("procedure"))
        default_questionnaire = (
            self.env["satisfaction.questionnaire"].sudo()._get_default()
        )
        default_lang = self._default_lang()
        vals_list = []
        for record in records:
            officers = self._read_officers(record, field_map.get("officers"))
            unit = (
                self._read_field(record, field_map.get("unit"))
                or officers[:1].department_id
            )
            competent_unit = (
                self._read_field(record, field_map.get("competent_unit")) or unit
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
                    "competent_unit_id": competent_unit.id if competent_unit else False,
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
                    "lang": (partner.lang if partner else False) or default_lang,
                    "is_late": self._source_is_late(record, field_map, procedure),
                }
            )
        return vals_list

    @api.model
    def _source_is_late(self, record, field_map, procedure):
        """Whether ``record`` was returned after its final due moment
        (``_source_due``)."""
        due, returned = self._source_due(record, field_map, procedure)
        return deadlines.is_overdue(due or None, returned)

    @api.model
    def _source_due(self, record, field_map, procedure):
        """The final due moment of ``record`` and its return, from the
        fields mapped as due, due_extended, supplement_requested,
        supplement_received and date_returned (NĐ 118/2025 Điều 19).

        A record holds the last values only: the supplement events are
        applied in the order they happened, the extension after them. Without
        a returned field, the record is returned now. The due is None when no
        due field is mapped.
        """
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
        returned = deadlines.moment_of(read["date_returned"] or fields.Datetime.now())
        if not field_map.get("due") and not field_map.get("due_extended"):
            return None, returned
        events = [
            deadlines.DueEvent(kind, read[key])
            for kind, key in (
                (deadlines.SUPPLEMENT_REQUEST, "supplement_requested"),
                (deadlines.SUPPLEMENT_RECEIVED, "supplement_received"),
            )
            if read[key]
        ]
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
        return due, returned

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
    # ACTIONS
    # ------------------------------------------------------------

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
