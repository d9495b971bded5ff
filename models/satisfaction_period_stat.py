from odoo import fields, models

STAT_SCOPES = [
    ("unit", "Unit"),
    ("competent", "Competent Agency"),
    ("officer", "Officer"),
]
# Context key of the unit reports: "competent" reads the figures by competent
# agency instead of by receiving unit (their ``unit_id`` is then the agency).
UNIT_ROLE_CONTEXT = "satisfaction_unit_role"
UNIT_ROLES = [("receiving", "By Receiving Unit"), ("competent", "By Competent Agency")]


def period_scope(env):
    """The period statistics' scope of the unit role asked in ``env``'s context."""
    return "competent" if env.context.get(UNIT_ROLE_CONTEXT) == "competent" else "unit"


class SatisfactionPeriodStat(models.Model):
    """Counts per unit and month, and per officer and month, kept by triggers.

    Scope ``unit`` (by the receiving unit) and scope ``competent`` (by the
    competent agency) hold every count of ``satisfaction.unit.period.report``
    (dossiers by the month the rating request was created; ratings and
    answers by the month of the response). Scope ``officer`` holds the
    officer's ratings (``response_count``: responses rating them on at least
    one officer criterion) and rating requests naming them
    (``request_count``), for ``satisfaction.quota.report``. Rows with
    ``assisted`` hold what the answers entered by staff or a surveyor add;
    the official figures read the others. One row per key;
    changes wait in ``satisfaction.period.stat.delta`` until consolidated.
    See ``stats_engine/``.
    """

    _name = "satisfaction.period.stat"
    _description = "Satisfaction Statistics per Unit or Officer and Month"
    _log_access = False

    scope = fields.Selection(STAT_SCOPES, required=True)
    subject_id = fields.Integer(
        help="hr.department (scopes unit and competent) or hr.employee (scope officer)."
    )
    month = fields.Date(required=True)
    # counts added by answers entered by staff or a surveyor: left out of the
    # official figures, shown apart
    assisted = fields.Boolean(required=True, default=False)
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
