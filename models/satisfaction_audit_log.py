from odoo import _, api, fields, models
from odoo.exceptions import UserError


class SatisfactionAuditLog(models.Model):
    """Append-only trail of corrections made to answers and of erasures.

    Written by the code only (sudo); nobody edits or deletes an entry.
    Readable by reviewers and administrators.
    """

    _name = "satisfaction.audit.log"
    _description = "Satisfaction Audit Log"
    _order = "date desc, id desc"
    _rec_name = "res_name"

    date = fields.Datetime(
        default=fields.Datetime.now, required=True, readonly=True, index=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="By",
        default=lambda self: self.env.user,
        required=True,
        readonly=True,
        ondelete="restrict",
    )
    res_model = fields.Char(string="Model", required=True, readonly=True, index=True)
    res_id = fields.Many2oneReference(
        string="Record ID", model_field="res_model", readonly=True, index=True
    )
    res_name = fields.Char(string="Record", readonly=True)
    field_name = fields.Char(string="Field", readonly=True)
    old_value = fields.Char(string="Before", readonly=True)
    new_value = fields.Char(string="After", readonly=True)
    reason = fields.Text(required=True, readonly=True)

    @api.model
    def _log(self, records, field_name, old_value, new_value, reason):
        """One entry per record of ``records`` (same change for all)."""
        return self.sudo().create(
            [
                {
                    "user_id": self.env.user.id,
                    "res_model": record._name,
                    "res_id": record.id,
                    "res_name": record.display_name,
                    "field_name": field_name,
                    "old_value": "" if old_value in (None, False) else str(old_value),
                    "new_value": "" if new_value in (None, False) else str(new_value),
                    "reason": reason,
                }
                for record in records
            ]
        )

    # Append-only audit log: changing or deleting an entry is refused, so
    # these overrides deliberately never reach the ORM's write/unlink.
    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(_("Audit log entries cannot be changed."))

    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(_("Audit log entries cannot be deleted."))
