from odoo import fields, models


class SatisfactionPaknCategory(models.Model):
    """What a complaint or petition is about (QĐ 766 indicator 5.1 tracks
    PAKN by category); administrators keep the list."""

    _name = "satisfaction.pakn.category"
    _description = "Complaint and Petition Category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
