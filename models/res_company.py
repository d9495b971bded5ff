from odoo import api, models, tools

# What the public pages show of the company (the controller of the personal
# data): satisfaction.privacy.notice._public_key caches it.
PUBLIC_FIELDS = {"name", "email", "phone", "partner_id"}


class ResCompany(models.Model):
    _inherit = "res.company"

    def write(self, vals):
        if PUBLIC_FIELDS & set(vals):
            self.env.registry.clear_cache()
        return super().write(vals)

    @api.model
    @tools.ormcache()
    def _satisfaction_partner_ids(self):
        """The companies' partners (cached: a partner's write asks at no query
        cost whether it is one; creating a company clears the cache)."""
        companies = self.sudo().with_context(active_test=False).search([])
        return frozenset(companies.partner_id.ids)
