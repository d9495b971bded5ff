from odoo import fields, models

from .satisfaction_period_stat import STAT_SCOPES


class SatisfactionPeriodStatDelta(models.Model):
    """Journal of signed changes to ``satisfaction.period.stat``, written by triggers.

    Append-only, read by the unit period and quota reports together with the
    consolidated rows, folded into them by
    ``satisfaction.answer.stat._consolidate_stats``.
    """

    _name = "satisfaction.period.stat.delta"
    _description = (
        "Satisfaction Statistics per Unit or Officer and Month (pending changes)"
    )
    _log_access = False

    scope = fields.Selection(STAT_SCOPES, required=True)
    subject_id = fields.Integer(
        help="hr.department (scope unit) or hr.employee (scope officer)."
    )
    month = fields.Date(required=True)
    request_count = fields.Integer(required=True, default=0)
    answered_count = fields.Integer(required=True, default=0)
    dissatisfied_count = fields.Integer(required=True, default=0)
    overdue_count = fields.Integer(required=True, default=0)
    flagged_count = fields.Integer(required=True, default=0)
    response_count = fields.Integer(required=True, default=0)
    answer_count = fields.Integer(required=True, default=0)
    satisfied_count = fields.Integer(required=True, default=0)
    officer_answer_count = fields.Integer(required=True, default=0)
    officer_satisfied_count = fields.Integer(required=True, default=0)
    overall_answer_count = fields.Integer(required=True, default=0)
    overall_satisfied_count = fields.Integer(required=True, default=0)
    level1_count = fields.Integer(required=True, default=0)
    level2_count = fields.Integer(required=True, default=0)
    level3_count = fields.Integer(required=True, default=0)
    level4_count = fields.Integer(required=True, default=0)
    level5_count = fields.Integer(required=True, default=0)
