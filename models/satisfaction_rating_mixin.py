from odoo import api, fields, models


class SatisfactionRatingMixin(models.AbstractModel):
    """Creates a rating request when a record becomes "returned".

    For developers who prefer code to a configured binding: inherit it, and
    set ``_satisfaction_returned_domain`` and ``_satisfaction_field_map``
    (logical name -> field name; see
    ``satisfaction.request._prepare_values_from_sources``).
    """

    _name = "satisfaction.rating.mixin"
    _description = "Satisfaction Rating Mixin"

    _satisfaction_returned_domain = [("state", "=", "returned")]
    _satisfaction_field_map = {}

    satisfaction_request_ids = fields.One2many(
        "satisfaction.request",
        "res_id",
        string="Rating Requests",
        domain=lambda self: [("res_model", "=", self._name)],
    )
    satisfaction_request_state = fields.Selection(
        related="satisfaction_request_ids.state", string="Rating Request Status"
    )

    def _satisfaction_returned(self):
        return self.filtered_domain(self._satisfaction_returned_domain)

    def _satisfaction_on_returned(self):
        return self.env["satisfaction.request"]._ensure_for_sources(
            self, self._satisfaction_field_map
        )

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._satisfaction_returned()._satisfaction_on_returned()
        return records

    def write(self, vals):
        not_returned = self - self._satisfaction_returned()
        result = super().write(vals)
        if not_returned:
            not_returned._satisfaction_returned()._satisfaction_on_returned()
        return result
