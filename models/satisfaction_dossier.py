from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..satisfaction_survey import deadlines, evaluation
from ..satisfaction_survey.catalogues import DERIVE_RETURN_TIME, DERIVE_SUPPLEMENTS


class SatisfactionDossier(models.Model):
    """A basic one-stop dossier register (sổ theo dõi hồ sơ), for offices that have
    none.

    Offices with their own dossier model bind it with ``satisfaction.binding``
    instead; both paths create rating requests the same way.
    """

    _name = "satisfaction.dossier"
    _description = "One-Stop Dossier"
    # the batch tracking mixin extends mail.thread: it comes first
    _inherit = [
        "satisfaction.batch.tracking.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "satisfaction.rating.mixin",
    ]
    _order = "date_received desc, id desc"
    _rec_name = "code"

    _satisfaction_returned_domain = [("state", "=", "returned")]
    _satisfaction_field_map = {
        "reference": "code",
        "procedure": "procedure_id",
        "unit": "unit_id",
        "competent_unit": "competent_unit_id",
        "officers": "officer_ids",
        "citizen_name": "citizen_name",
        "citizen_phone": "citizen_phone",
        "citizen_email": "citizen_email",
    }

    code = fields.Char(
        string="Dossier Code",
        required=True,
        copy=False,
        readonly=True,
        index="trigram",
        default=lambda self: _("New"),
    )
    procedure_id = fields.Many2one(
        "satisfaction.procedure", required=True, tracking=True, index=True
    )
    unit_id = fields.Many2one(
        "hr.department",
        string="Receiving Unit",
        required=True,
        tracking=True,
        index=True,
        default=lambda self: self.env.user.employee_id.department_id,
        help="The centre or reception point that received the dossier and returns "
        "its result (NĐ 118/2025 Article 14.2, 20).",
    )
    competent_unit_id = fields.Many2one(
        "hr.department",
        string="Competent Agency",
        compute="_compute_competent_unit_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        index=True,
        help="The agency competent to decide the dossier, when it is not the "
        "receiving unit (NĐ 118/2025 Article 3.7). Empty: the receiving unit.",
    )
    citizen_name = fields.Char(required=True, tracking=True)
    citizen_phone = fields.Char(tracking=True)
    citizen_email = fields.Char(tracking=True)
    receiving_officer_id = fields.Many2one(
        "hr.employee",
        tracking=True,
        default=lambda self: self.env.user.employee_id,
    )
    handling_officer_ids = fields.Many2many("hr.employee", string="Handling Officers")
    # Form toggle only: the officer picker offers the dossier's unit unless it is set.
    show_all_officers = fields.Boolean(
        string="Officers of Every Unit",
        store=False,
        help="Offer the officers of every unit, not only those of the dossier's unit.",
    )
    officer_ids = fields.Many2many(
        "hr.employee",
        string="Officers Rated",
        compute="_compute_officer_ids",
        store=True,
        relation="satisfaction_dossier_officer_rel",
        help=(
            "Officers the citizen rates: the receiving officer and the handling "
            "officers."
        ),
    )
    date_received = fields.Datetime(
        string="Received On", default=fields.Datetime.now, required=True
    )
    date_appointment = fields.Datetime(
        string="Appointment Date",
        tracking=True,
        help="Due date on the receipt. A date without a time (00:00) means the "
        "whole day, in Vietnam time.",
    )
    event_ids = fields.One2many(
        "satisfaction.dossier.event", "dossier_id", string="Due Date Events"
    )
    date_due = fields.Datetime(
        string="Final Due",
        compute="_compute_date_due",
        store=True,
        help="The appointment moved by extensions and restarted by supplements "
        "(NĐ 118/2025 Điều 19), judged in Vietnam time. Empty while a supplement "
        "asked is awaited.",
    )
    date_returned = fields.Datetime(
        string="Returned On", readonly=True, copy=False, tracking=True
    )
    state = fields.Selection(
        [
            ("received", "Received"),
            ("processing", "Processing"),
            ("ready", "Ready to Return"),
            ("returned", "Returned"),
            ("cancelled", "Cancelled"),
        ],
        default="received",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    is_late = fields.Boolean(
        compute="_compute_is_late",
        store=True,
        help="Returned after the final due moment, in Vietnam time.",
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, required=True
    )

    @api.depends("unit_id")
    def _compute_competent_unit_id(self):
        # follows the receiving unit in the form while it was the same
        for dossier in self:
            competent = dossier.competent_unit_id
            if not competent or competent == dossier._origin.unit_id:
                dossier.competent_unit_id = dossier.unit_id

    @api.depends("receiving_officer_id", "handling_officer_ids")
    def _compute_officer_ids(self):
        for dossier in self:
            dossier.officer_ids = (
                dossier.receiving_officer_id | dossier.handling_officer_ids
            )

    # Not on procedure_id.processing_days nor on the calendar's holidays: a
    # dossier keeps the rules of when its events were recorded.
    @api.depends(
        "date_appointment",
        "procedure_id",
        "company_id",
        "event_ids.kind",
        "event_ids.date",
        "event_ids.new_due",
    )
    def _compute_date_due(self):
        for dossier in self:
            events = [
                event._due_event()
                for event in dossier.event_ids
                if event.kind
                and event.date
                and (event.kind != deadlines.EXTENSION or event.new_due)
            ]
            calendar = dossier.company_id.resource_calendar_id
            dossier.date_due = calendar._satisfaction_final_due(
                dossier.date_appointment,
                events,
                dossier.procedure_id.processing_days,
            )

    @api.depends("date_due", "date_returned")
    def _compute_is_late(self):
        for dossier in self:
            dossier.is_late = bool(
                dossier.date_returned
                and deadlines.is_overdue(
                    dossier.date_due or None, dossier.date_returned
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env["ir.sequence"]
        for vals in vals_list:
            if not vals.get("code") or vals["code"] == _("New"):
                vals["code"] = sequence.next_by_code("satisfaction.dossier") or _("New")
        return super().create(vals_list)

    def write(self, vals):
        if "unit_id" in vals and "competent_unit_id" not in vals:
            # the competent agency follows the receiving unit while it was the same
            following = self.filtered(lambda d: d.competent_unit_id == d.unit_id)
            result = super().write(vals)
            if following:
                following.competent_unit_id = vals["unit_id"]
            return result
        return super().write(vals)

    def action_process(self):
        self.filtered(lambda d: d.state == "received").state = "processing"

    def action_ready(self):
        self.filtered(lambda d: d.state in ("received", "processing")).state = "ready"

    def action_return(self):
        """Return the result to the citizen; works on many dossiers in one write."""
        closed = self.filtered(lambda d: d.state == "cancelled")
        if closed:
            raise UserError(
                _(
                    "Cancelled dossiers cannot be returned: %s",
                    ", ".join(closed.mapped("code")),
                )
            )
        self.filtered(lambda d: d.state != "returned").write(
            {"state": "returned", "date_returned": fields.Datetime.now()}
        )
        return True

    def action_cancel(self):
        self.filtered(lambda d: d.state != "returned").state = "cancelled"

    def action_send_rating_request(self):
        """Create the request if missing (e.g. returned before install), then (re)send
        it.
        """
        returned = self.filtered(lambda d: d.state == "returned")
        if not returned:
            raise UserError(_("A rating request is sent once the result is returned."))
        new_requests = returned._satisfaction_on_returned()
        requests = returned.satisfaction_request_ids.filtered(
            lambda r: r.state in ("pending", "sent")
        )
        if not requests:
            raise UserError(
                _("The rating request was already answered, expired or cancelled.")
            )
        if self.env["satisfaction.request"]._auto_send_enabled():
            requests -= new_requests  # sent on creation already
        requests.action_send()
        # Queued for the SMS / mail queue, or not sendable: say which.
        errors = requests.sudo().filtered("contact_error")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning" if errors else "info",
                "message": errors[:1].contact_error
                or _("Rating request queued: it leaves within a few minutes."),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _satisfaction_receipt_qr(self):
        """QR code (data URI) of the rating link printed on the receipt, or False.

        Only an open request gets a code; a returned dossier without a
        request (returned before install) gets one created here.
        """
        self.ensure_one()
        if self.state == "returned" and not self.sudo().satisfaction_request_ids:
            self._satisfaction_on_returned()
        request = self.sudo().satisfaction_request_ids.filtered(
            lambda r: r.state in ("pending", "sent") and not r._is_past_expiry()
        )[:1]
        return request._receipt_qr_data_uri() if request else False

    def _satisfaction_receipt_kiosk_code(self):
        """A new kiosk code printed on the receipt, or False.

        Only its hash is kept: each print gives a new code, the earlier
        ones stay valid until one of them is used or they expire.
        """
        self.ensure_one()
        request = self.sudo().satisfaction_request_ids.filtered(
            lambda r: r.state in ("pending", "sent") and not r._is_past_expiry()
        )[:1]
        if not request:
            return False
        issued = self.env["satisfaction.kiosk.code"]._issue(request)
        return issued[request.id][1]

    def action_view_rating_requests(self):
        """The dossier's rating request (its form when there is one), else the list."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "satisfaction_survey.satisfaction_request_action"
        )
        requests = self.env["satisfaction.request"].search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        )
        if len(requests) == 1:
            action.update(
                res_id=requests.id,
                view_mode="form",
                views=[(False, "form")],
            )
            return action
        action["domain"] = [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        return action

    def _satisfaction_derived_facts(self):
        """What the dossier says about points a) and c) of the citizen
        evaluation (NĐ 118/2025 Điều 33.1): its return against the final due
        moment, and how many times a supplement was asked."""
        self.ensure_one()
        return {
            DERIVE_RETURN_TIME: evaluation.return_time_fact(
                self.date_due or None, self.date_returned or None
            ),
            DERIVE_SUPPLEMENTS: len(
                self.event_ids.filtered(
                    lambda event: event.kind == deadlines.SUPPLEMENT_REQUEST
                )
            ),
        }

    def _satisfaction_timeline(self):
        """The dates the answers a) and c) of the citizen evaluation come from,
        shown to staff entering answers (``satisfaction.request._dossier_timeline``)."""
        self.ensure_one()
        events = self.event_ids.sorted(lambda event: (event.date, event.id))

        def dates(kind, field="date"):
            return [event[field] for event in events if event.kind == kind]

        return {
            "received": self.date_received or None,
            "due": self.date_due or None,
            "extensions": dates(deadlines.EXTENSION, "new_due"),
            "supplements_asked": dates(deadlines.SUPPLEMENT_REQUEST),
            "supplements_received": dates(deadlines.SUPPLEMENT_RECEIVED),
            "returned": self.date_returned or None,
        }
