from odoo import fields, models


class HrDepartment(models.Model):
    _inherit = "hr.department"

    satisfaction_portal_code = fields.Char(
        string="National Unit Code",
        index="btree_not_null",
        help="The unit's code on the national public service portal (Cổng DVCQG): "
        "sent with its evaluations and monthly figures, and used to match the "
        "portal's published figures.",
    )
