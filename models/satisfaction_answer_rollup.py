from odoo import fields, models

ROLLUP_GRAINS = [
    ("unit", "Unit"),
    ("officer", "Officer"),
    ("procedure_criterion", "Procedure × Criterion"),
    ("officer_channel", "Officer × Channel"),
    ("channel", "Channel"),
    ("procedure", "Procedure"),
    ("officer_procedure", "Officer × Procedure"),
]


class SatisfactionAnswerRollup(models.Model):
    """Coarser roll-ups of ``satisfaction.answer.stat``, for grouped reads.

    At the full grain a province has about 7 million rows of answer counts
    (10 million answers): barely fewer than answers. Pivots and graphs
    mostly group by unit, month, element and criterion, so each *grain*
    keeps a subset of the dimensions (the others are NULL) and is 9 to 100
    times smaller (``satisfaction_stat_sql.ROLLUPS``); the index report
    reads the smallest grain that holds every field a query uses. Rebuilt
    from the answer statistics, updated by ``_consolidate_stats`` from the
    same journal.
    """

    _name = "satisfaction.answer.rollup"
    _inherit = ["satisfaction.answer.stat.mixin"]
    _description = "Satisfaction Answer Statistics Roll-up"
    _log_access = False

    grain = fields.Selection(ROLLUP_GRAINS, required=True)
