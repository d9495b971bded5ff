from odoo import fields, models


class SatisfactionAnswerStatDelta(models.Model):
    """Journal of signed changes to ``satisfaction.answer.stat``, written by triggers.

    Append-only (no shared row is ever updated by a rating), read by
    ``satisfaction.index.report`` together with the consolidated rows and
    folded into them by ``satisfaction.answer.stat._consolidate_stats``.
    See ``models/satisfaction_stat_sql.py``.
    """

    _name = "satisfaction.answer.stat.delta"
    _description = "Satisfaction Answer Statistics (pending changes)"
    _log_access = False

    stat_id = fields.Integer(
        help="Consolidated row of the same key when the change was written, if any."
    )
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
