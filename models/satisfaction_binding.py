from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools.safe_eval import safe_eval

# Logical name -> field of this model holding the source field's name.
FIELD_MAP_FIELDS = {
    "reference": "reference_field_id",
    "procedure": "procedure_field_id",
    "unit": "unit_field_id",
    "competent_unit": "competent_unit_field_id",
    "officers": "officer_field_id",
    "citizen_name": "citizen_name_field_id",
    "citizen_phone": "citizen_phone_field_id",
    "citizen_email": "citizen_email_field_id",
    "partner": "partner_field_id",
    "due": "due_field_id",
    "due_extended": "due_extended_field_id",
    "supplement_requested": "supplement_requested_field_id",
    "supplement_received": "supplement_received_field_id",
    "date_returned": "date_returned_field_id",
}
DATE_FIELD_DOMAIN = (
    "[('model_id', '=', model_id), ('ttype', 'in', ('date', 'datetime'))]"
)
BACKFILL_BATCH = 1000


class SatisfactionBinding(models.Model):
    """Binds an existing dossier model by configuration only.

    Saving a binding maintains an automation rule (base_automation) on the
    bound model: when a record starts to match the "returned" condition, a
    rating request is created from the fields named here. The bound model's
    code is not touched.
    """

    _name = "satisfaction.binding"
    _description = "Dossier Model Binding"
    _inherit = ["mail.thread"]
    _order = "name, id"

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    model_id = fields.Many2one(
        "ir.model",
        string="Dossier Model",
        required=True,
        ondelete="cascade",
        tracking=True,
        domain="[('transient', '=', False), ('model', 'not like', 'satisfaction.%')]",
    )
    model_name = fields.Char(related="model_id.model", string="Model Name")
    returned_domain = fields.Char(
        string="Returned When",
        required=True,
        default="[]",
        tracking=True,
        help=(
            "Condition meaning the result was returned to the citizen, e.g. "
            "[('state', '=', 'done')]."
        ),
    )
    reference_field_id = fields.Many2one(
        "ir.model.fields",
        string="Dossier Reference Field",
        ondelete="set null",
        domain="[('model_id', '=', model_id), ('ttype', 'in', ('char', 'text'))]",
    )
    procedure_field_id = fields.Many2one(
        "ir.model.fields",
        ondelete="set null",
        domain="[('model_id', '=', model_id), '|', ('ttype', 'in', ('char', 'text')),"
        " ('relation', '=', 'satisfaction.procedure')]",
        help=(
            "A link to a procedure, or a text matched against the procedures' codes, "
            "then names."
        ),
    )
    unit_field_id = fields.Many2one(
        "ir.model.fields",
        ondelete="set null",
        domain="[('model_id', '=', model_id), ('relation', '=', 'hr.department')]",
        string="Receiving Unit Field",
        help="When empty, the unit is the department of the first officer.",
    )
    competent_unit_field_id = fields.Many2one(
        "ir.model.fields",
        string="Competent Agency Field",
        ondelete="set null",
        domain="[('model_id', '=', model_id), ('relation', '=', 'hr.department')]",
        help="The agency competent to decide the dossier (NĐ 118/2025 Article 3.7). "
        "When empty, or empty on a dossier, the receiving unit.",
    )
    officer_field_id = fields.Many2one(
        "ir.model.fields",
        ondelete="set null",
        domain=(
            "[('model_id', '=', model_id), ('relation', 'in', ('hr.employee', "
            "'res.users'))]"
        ),
    )
    citizen_name_field_id = fields.Many2one(
        "ir.model.fields",
        ondelete="set null",
        domain="[('model_id', '=', model_id), ('ttype', '=', 'char')]",
    )
    citizen_phone_field_id = fields.Many2one(
        "ir.model.fields",
        ondelete="set null",
        domain="[('model_id', '=', model_id), ('ttype', '=', 'char')]",
    )
    citizen_email_field_id = fields.Many2one(
        "ir.model.fields",
        string="Citizen E-mail Field",
        ondelete="set null",
        domain="[('model_id', '=', model_id), ('ttype', '=', 'char')]",
    )
    partner_field_id = fields.Many2one(
        "ir.model.fields",
        string="Citizen Contact Field",
        ondelete="set null",
        domain="[('model_id', '=', model_id), ('relation', '=', 'res.partner')]",
        help="Used for name, phone and e-mail when the fields above are empty.",
    )
    # Due dates (NĐ 118/2025 Điều 19): a bound dossier is judged late like
    # one of the built-in register. A bound model holds the last values only:
    # the supplement restart is applied first, then the extension.
    due_field_id = fields.Many2one(
        "ir.model.fields",
        string="Due Date Field",
        ondelete="set null",
        domain=DATE_FIELD_DOMAIN,
        help="Appointment on the receipt. A date, or a time of 00:00, means the "
        "whole day in Vietnam time. When empty, the model's dossiers are never "
        "counted late.",
    )
    due_extended_field_id = fields.Many2one(
        "ir.model.fields",
        string="Extended Due Field",
        ondelete="set null",
        domain=DATE_FIELD_DOMAIN,
        help="New appointment of an extension (Article 19.6), when there is one.",
    )
    supplement_requested_field_id = fields.Many2one(
        "ir.model.fields",
        ondelete="set null",
        domain=DATE_FIELD_DOMAIN,
        help="When a supplement was last asked of the citizen (Article 19.5).",
    )
    supplement_received_field_id = fields.Many2one(
        "ir.model.fields",
        ondelete="set null",
        domain=DATE_FIELD_DOMAIN,
        help="When the supplement was received: the procedure's processing time "
        "restarts from that day, in working days of the company's calendar.",
    )
    date_returned_field_id = fields.Many2one(
        "ir.model.fields",
        string="Returned On Field",
        ondelete="set null",
        domain=DATE_FIELD_DOMAIN,
        help="When the result was returned; when empty, the moment the dossier "
        "starts to match the condition above.",
    )
    automation_id = fields.Many2one(
        "base.automation", readonly=True, copy=False, ondelete="set null"
    )
    request_count = fields.Integer(compute="_compute_request_count")

    # ------------------------------------------------------------
    # CONSTRAINTS / COMPUTES
    # ------------------------------------------------------------

    @api.constrains("returned_domain", "model_id")
    def _check_returned_domain(self):
        for binding in self:
            try:
                domain = binding._get_returned_domain()
                self.env[binding.model_id.model].sudo().search_count(domain, limit=1)
            except Exception as error:  # noqa: BLE001 - any failure means a bad condition
                raise ValidationError(
                    _(
                        "The condition %(domain)s is not valid on %(model)s: %(error)s",
                        domain=binding.returned_domain,
                        model=binding.model_id.name,
                        error=error,
                    )
                ) from error

    @api.constrains("model_id", *FIELD_MAP_FIELDS.values())
    def _check_fields_belong_to_model(self):
        for binding in self:
            for field_name in FIELD_MAP_FIELDS.values():
                field = binding[field_name]
                if field and field.model_id != binding.model_id:
                    raise ValidationError(
                        _(
                            "The field %(field)s does not belong to %(model)s.",
                            field=field.field_description,
                            model=binding.model_id.name,
                        )
                    )

    def _compute_request_count(self):
        counts = dict(
            self.env["satisfaction.request"]._read_group(
                [("res_model", "in", self.mapped("model_name"))],
                ["res_model"],
                ["__count"],
            )
        )
        for binding in self:
            binding.request_count = counts.get(binding.model_name, 0)

    # ------------------------------------------------------------
    # CRUD: keep the automation rule in step
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        bindings = super().create(vals_list)
        bindings._sync_automation()
        return bindings

    def write(self, vals):
        result = super().write(vals)
        if {"active", "model_id", "returned_domain"} & set(vals):
            self._sync_automation()
        return result

    def unlink(self):
        self.automation_id.sudo().unlink()
        return super().unlink()

    def _get_returned_domain(self):
        self.ensure_one()
        return safe_eval(self.returned_domain or "[]")

    def _field_map(self):
        self.ensure_one()
        return {
            key: self[field].name
            for key, field in FIELD_MAP_FIELDS.items()
            if self[field]
        }

    def _sync_automation(self):
        for binding in self.sudo():
            domain = expression.normalize_domain(binding._get_returned_domain())
            vals = {
                "name": _(
                    "Satisfaction: rating request when %s is returned", binding.name
                ),
                "model_id": binding.model_id.id,
                "trigger": "on_create_or_write",
                "active": binding.active,
                # Fire on the transition only; the request itself is idempotent anyway.
                "filter_pre_domain": repr(["!", *domain]),
                "filter_domain": repr(domain),
            }
            code = (
                f"env['satisfaction.binding'].sudo().browse({binding.id})"
                "._on_records_returned(records)"
            )
            if binding.automation_id:
                binding.automation_id.write(vals)
                binding.automation_id.action_server_ids.write(
                    {"code": code, "model_id": binding.model_id.id}
                )
            else:
                vals["action_server_ids"] = [
                    (
                        0,
                        0,
                        {
                            "name": _("Create rating request"),
                            "model_id": binding.model_id.id,
                            "state": "code",
                            "code": code,
                        },
                    )
                ]
                binding.automation_id = self.env["base.automation"].create(vals)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def _on_records_returned(self, records):
        self.ensure_one()
        if not self.active:
            return self.env["satisfaction.request"]
        return self.env["satisfaction.request"]._ensure_for_sources(
            records, self._field_map()
        )

    def action_backfill(self):
        """Create requests for records that were already returned when the binding was
        made.
        """
        created = self.env["satisfaction.request"]
        for binding in self:
            model = self.env[binding.model_id.model].sudo()
            domain = binding._get_returned_domain()
            offset = 0
            while batch := model.search(
                domain, order="id", offset=offset, limit=BACKFILL_BATCH
            ):
                created |= binding._on_records_returned(batch)
                offset += BACKFILL_BATCH
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("%s rating requests created.", len(created)),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_view_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "satisfaction_survey.satisfaction_request_action"
        )
        action["domain"] = [("res_model", "=", self.model_name)]
        return action
