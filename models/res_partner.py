from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def write(self, vals):
        # a company's e-mail and phone are its partner's, shown on the public
        # pages (satisfaction.privacy.notice._public_key caches them)
        if {"name", "email", "phone"} & set(vals) and self.env[
            "res.company"
        ].sudo().search_count([("partner_id", "in", self.ids)], limit=1):
            self.env.registry.clear_cache()
        return super().write(vals)
