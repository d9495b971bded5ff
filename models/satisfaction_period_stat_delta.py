from odoo import models


class SatisfactionPeriodStatDelta(models.Model):
    """Journal of signed changes to ``satisfaction.period.stat``, written by triggers.

    Append-only, read by the unit period and quota reports together with the
    consolidated rows, folded into them by
    ``satisfaction.stat.engine._consolidate``. The answer counts of the unit
    scopes are not journaled here: the answer journal stands for them
    (``stats_engine/dimensions.py``, ``journal_unit_answer_rows``).
    """

    _name = "satisfaction.period.stat.delta"
    _description = (
        "Satisfaction Statistics per Unit or Officer and Month (pending changes)"
    )
    # Same key and counts: a copy of the consolidated model (prototype inheritance).
    _inherit = "satisfaction.period.stat"
    _log_access = False
