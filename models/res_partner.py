from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def write(self, vals):
        # a company's e-mail and phone are its partner's, shown on the public
        # pages (satisfaction.privacy.notice._public_key caches them)
        if {"name", "email", "phone"} & set(vals) and not self.env[
            "res.company"
        ]._satisfaction_partner_ids().isdisjoint(self.ids):
            self.env.registry.clear_cache()
        return super().write(vals)
