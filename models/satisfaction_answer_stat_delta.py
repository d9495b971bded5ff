from odoo import models


class SatisfactionAnswerStatDelta(models.Model):
    """Journal of signed changes to ``satisfaction.answer.stat``, written by triggers.

    Append-only (no shared row is ever updated by a rating), read by
    ``satisfaction.index.report`` together with the consolidated rows and
    folded into them by ``satisfaction.stat.engine._consolidate``. A row is
    matched to its consolidated row by key. See ``stats_engine/``.
    """

    _name = "satisfaction.answer.stat.delta"
    _inherit = ["satisfaction.answer.stat.mixin"]
    _description = "Satisfaction Answer Statistics (pending changes)"
    _log_access = False
