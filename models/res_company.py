from odoo import models

# What the public pages show of the company (the controller of the personal
# data): satisfaction.privacy.notice._public_key caches it.
PUBLIC_FIELDS = {"name", "email", "phone", "partner_id"}


class ResCompany(models.Model):
    _inherit = "res.company"

    def write(self, vals):
        if PUBLIC_FIELDS & set(vals):
            self.env.registry.clear_cache()
        return super().write(vals)
