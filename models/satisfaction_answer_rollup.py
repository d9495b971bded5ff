from odoo import fields, models

ROLLUP_GRAINS = [
    ("unit", "Unit"),
    ("officer", "Officer"),
    ("channel", "Channel"),
    ("procedure", "Procedure"),
]


class SatisfactionAnswerRollup(models.Model):
    """Coarser roll-ups of ``satisfaction.answer.stat``, for grouped reads.

    At the full grain a province has about 7 million rows of answer counts
    (10 million answers): barely fewer than answers. Pivots and graphs
    mostly group by unit, month, element and criterion, so each *grain*
    keeps a subset of the dimensions (the others are NULL) and is 15 to 100
    times smaller (``satisfaction_stat_sql.ROLLUPS``); the index report
    reads the smallest grain that holds every field a query uses. Rebuilt
    from the answer statistics, updated by ``_consolidate_stats`` from the
    same journal.
    """

    _name = "satisfaction.answer.rollup"
    _description = "Satisfaction Answer Statistics Roll-up"
    _log_access = False

    grain = fields.Selection(ROLLUP_GRAINS, required=True)
    month = fields.Date(required=True)
    questionnaire_id = fields.Integer()
    element_id = fields.Integer()
    criterion_id = fields.Integer()
    officer_id = fields.Integer()
    unit_id = fields.Integer()
    procedure_id = fields.Integer()
    channel = fields.Char()
    company_id = fields.Integer()
    answer_count = fields.Integer(required=True, default=0)
    satisfied_count = fields.Integer(required=True, default=0)
    level1_count = fields.Integer(required=True, default=0)
    level2_count = fields.Integer(required=True, default=0)
    level3_count = fields.Integer(required=True, default=0)
    level4_count = fields.Integer(required=True, default=0)
    level5_count = fields.Integer(required=True, default=0)
