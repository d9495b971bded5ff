from odoo import fields, models


class SatisfactionAnswerStatDelta(models.Model):
    """Journal of signed changes to ``satisfaction.answer.stat``, written by triggers.

    Append-only (no shared row is ever updated by a rating), read by
    ``satisfaction.index.report`` together with the consolidated rows and
    folded into them by ``satisfaction.stat.engine._consolidate``.
    See ``stats_engine/``.
    """

    _name = "satisfaction.answer.stat.delta"
    _inherit = ["satisfaction.answer.stat.mixin"]
    _description = "Satisfaction Answer Statistics (pending changes)"
    _log_access = False

    stat_id = fields.Integer(
        help="Consolidated row of the same key when the change was written, if any."
    )
