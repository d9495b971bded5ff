from odoo import fields, models, tools


class SatisfactionLowReason(models.Model):
    """A predefined reason a citizen may tick after a low rating.

    Offered on the rating page and the counter kiosk before the optional
    written reason; the reasons ticked are kept on the response, so they can
    be counted per unit and officer.
    """

    _name = "satisfaction.low.reason"
    # shown on every page view: cached, and the cache cleared on any change
    _inherit = ["satisfaction.page.layout.mixin"]
    _description = "Reason for a Low Rating"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    def _public_items(self):
        """(id, name) of the active reasons, in the page's language."""
        return self._public_items_cached()

    @tools.ormcache("self.env.lang")
    def _public_items_cached(self):
        return tuple(
            (reason.id, reason.name)
            for reason in self.sudo().search([("active", "=", True)])
        )
