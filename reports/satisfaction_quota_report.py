import logging
from datetime import date

from markupsafe import Markup

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

from ..models.satisfaction_period_stat import period_scope
from ..models.satisfaction_quota import QUOTA_PERIODS, QUOTA_SCOPES
from ..satisfaction_survey import periods
from ..satisfaction_survey.periods import LOCAL_TZ

_logger = logging.getLogger(__name__)

# Counts of satisfaction_period_stat read here: ratings (responses) and rating requests.
QUOTA_COUNTS = ("request_count", "response_count")
# A row id packs (subject, scope, period, unit role, month) into one bigint:
# (((subject * 2 + scope) * 2 + period) * 2 + role) * MONTH_SLOTS + months since
# year 2000 (the role: rows read by competent agency are other records).
MONTH_SLOTS = 10000


class SatisfactionQuotaReport(models.Model):
    """Ratings received against the quota, per unit or officer and per month or year.

    A row exists for each unit (officer) and month in which the unit (officer)
    had rating requests or received ratings, and for each year holding such a
    month. A unit's ratings are its responses; an officer's ratings are the
    responses that rate them on at least one officer criterion. The quota is
    the most specific active ``satisfaction.quota`` (officer, then unit, then
    default), resolved in SQL. Months are counted in Vietnam's local time, like
    ``satisfaction.index.report``. An officer row belongs to the officer's
    current unit (``hr.employee.department_id``).

    Units are the receiving units, or the competent agencies when the
    context key ``satisfaction_unit_role`` is ``competent``. Ratings and
    requests per unit and per officer and month come from
    ``satisfaction_period_stat`` and its pending journal, kept up to date by
    triggers (``stats_engine/``).
    """

    _name = "satisfaction.quota.report"
    _description = "Rating Quota Report"
    _auto = False
    _order = "date desc, scope desc, unit_id, officer_id"
    _rec_name = "date"
    _depends = {
        "satisfaction.response": ["date", "unit_id"],
        "satisfaction.response.line": ["response_id", "criterion_id", "officer_id"],
        "satisfaction.criterion": ["is_officer_criterion"],
        "satisfaction.request": ["create_date", "unit_id", "officer_ids"],
        "satisfaction.quota": [
            "active",
            "scope",
            "period",
            "minimum_ratings",
            "unit_id",
            "officer_id",
        ],
        "hr.employee": ["department_id"],
    }

    scope = fields.Selection(QUOTA_SCOPES, readonly=True)
    period = fields.Selection(QUOTA_PERIODS, readonly=True)
    date = fields.Date(string="Period Start", readonly=True)
    unit_id = fields.Many2one("hr.department", readonly=True)
    officer_id = fields.Many2one("hr.employee", readonly=True)
    quota_id = fields.Many2one(
        "satisfaction.quota", string="Applied Quota", readonly=True
    )
    rating_count = fields.Integer(string="Ratings", readonly=True, aggregator="sum")
    quota = fields.Integer(readonly=True, aggregator="sum")
    shortfall = fields.Integer(
        readonly=True,
        aggregator="sum",
        help="Ratings missing to reach the quota (0 when reached).",
    )
    is_short = fields.Boolean(string="Short", readonly=True)
    is_closed = fields.Boolean(
        string="Closed Period", readonly=True, help="The period has ended."
    )

    @property
    def _table_query(self):
        # NOT MATERIALIZED: filters on scope, period, date and subject reach
        # the aggregations instead of being applied to every unit's history.
        engine = self.env["satisfaction.stat.engine"]
        return SQL(
            """
            WITH unit_months AS NOT MATERIALIZED (
                SELECT stat.subject_id AS unit_id, stat.month,
                       stat.response_count AS ratings
                  FROM (%(unit_stat)s) stat
                 WHERE stat.subject_id IS NOT NULL
                   AND (stat.response_count > 0 OR stat.request_count > 0)
            ),
            officer_months AS NOT MATERIALIZED (
                SELECT stat.subject_id AS officer_id, stat.month,
                       stat.response_count AS ratings
                  FROM (%(officer_stat)s) stat
                 WHERE stat.response_count > 0 OR stat.request_count > 0
            ),
            subjects AS (
                SELECT 'unit' AS scope, 'month' AS period, month AS date,
                       unit_id, NULL::integer AS officer_id, unit_id AS subject_id,
                       ratings
                  FROM unit_months
                 UNION ALL
                SELECT 'unit', 'year', date_trunc('year', month)::date,
                       unit_id, NULL::integer, unit_id, sum(ratings)
                  FROM unit_months
              GROUP BY 3, unit_id
                 UNION ALL
                SELECT 'officer', 'month', officer_months.month,
                       employee.department_id, officer_months.officer_id,
                       officer_months.officer_id, officer_months.ratings
                  FROM officer_months
                  JOIN hr_employee employee ON employee.id = officer_months.officer_id
                 UNION ALL
                SELECT 'officer', 'year',
                       date_trunc('year', officer_months.month)::date,
                       employee.department_id, officer_months.officer_id,
                       officer_months.officer_id, sum(officer_months.ratings)
                  FROM officer_months
                  JOIN hr_employee employee ON employee.id = officer_months.officer_id
              GROUP BY 3, employee.department_id, officer_months.officer_id
            )
            SELECT (((subjects.subject_id::bigint * 2
                       + (subjects.scope = 'officer')::int) * 2
                       + (subjects.period = 'year')::int) * 2 + %(role)s) * %(slots)s
                       + (extract(year FROM subjects.date)::int - 2000) * 12
                       + extract(month FROM subjects.date)::int AS id,
                   subjects.scope,
                   subjects.period,
                   subjects.date,
                   subjects.unit_id,
                   subjects.officer_id,
                   quota.id AS quota_id,
                   subjects.ratings::integer AS rating_count,
                   quota.minimum_ratings AS quota,
                   greatest(quota.minimum_ratings - subjects.ratings, 0)::integer
                       AS shortfall,
                   subjects.ratings < quota.minimum_ratings AS is_short,
                   (subjects.date + CASE WHEN subjects.period = 'year'
                                         THEN interval '1 year'
                                         ELSE interval '1 month' END)
                       <= (now() AT TIME ZONE %(tz)s)::date AS is_closed
              FROM subjects
              JOIN LATERAL (
                    SELECT q.id, q.minimum_ratings
                      FROM satisfaction_quota q
                     WHERE q.active
                       AND q.scope = subjects.scope
                       AND q.period = subjects.period
                       AND (q.officer_id IS NULL OR q.officer_id = subjects.officer_id)
                       AND (q.unit_id IS NULL OR q.unit_id = subjects.unit_id)
                  ORDER BY q.officer_id IS NULL, q.unit_id IS NULL, q.id
                     LIMIT 1
                   ) quota ON TRUE
            """,
            tz=LOCAL_TZ,
            slots=MONTH_SLOTS,
            role=int(period_scope(self.env) == "competent"),
            unit_stat=engine._period_source(period_scope(self.env), QUOTA_COUNTS),
            officer_stat=engine._period_source("officer", QUOTA_COUNTS),
        )

    # ------------------------------------------------------------
    # CRON: an activity for the unit leader when a month closes short
    # ------------------------------------------------------------

    @api.model
    def _last_closed_month(self):
        return periods.add_months(periods.local_month(fields.Datetime.now()), -1)

    @api.model
    def _cron_notify_short_months(self, month=None):
        """Schedule one To Do activity per unit whose month just closed short.

        The activity, on the unit (``hr.department``), is assigned to the unit's
        leader (``manager_id.user_id``) and lists the unit's and its officers'
        shortfalls (and, for December, the year's). Running again for the same
        month creates nothing new. Returns the activities created.
        """
        month = month or self._last_closed_month()
        domain = [("period", "=", "month"), ("date", "=", month)]
        if month.month == 12:  # the year closes too
            domain = expression.OR(
                [
                    domain,
                    [("period", "=", "year"), ("date", "=", date(month.year, 1, 1))],
                ]
            )
        domain = expression.AND([[("is_short", "=", True)], domain])
        rows = self.sudo().search(
            domain, order="period, scope desc, unit_id, officer_id"
        )
        activities = self.env["mail.activity"]
        for unit, unit_rows in rows.grouped("unit_id").items():
            if not unit:
                _logger.info(
                    "Rating quotas: %s officer row(s) without a unit skipped",
                    len(unit_rows),
                )
                continue
            leader = unit.manager_id.user_id
            if not leader:
                _logger.info(
                    "Rating quotas: unit %s (id %s) is short in %s but has no leader "
                    "user; no activity",
                    unit.name,
                    unit.id,
                    month.strftime("%m/%Y"),
                )
                continue
            activity = unit_rows.with_context(
                lang=leader.lang
            )._schedule_shortfall_activity(unit, leader, month)
            activities |= activity
        return activities

    def _schedule_shortfall_activity(self, unit, leader, month):
        """Schedule the activity listing ``self`` (short rows of ``unit``), unless
        already done.
        """
        _ = self.env._
        summary = _("Rating quotas not met in %(month)s", month=month.strftime("%m/%Y"))
        already = self.env["mail.activity"].sudo().with_context(
            active_test=False
        ).search_count(
            [
                ("res_model", "=", "hr.department"),
                ("res_id", "=", unit.id),
                ("summary", "=", summary),
            ],
            limit=1,
        ) or self.env["mail.message"].sudo().search_count(
            [
                ("model", "=", "hr.department"),
                ("res_id", "=", unit.id),
                ("mail_activity_type_id", "!=", False),
                ("body", "ilike", summary),
            ],
            limit=1,
        )
        if already:
            return self.env["mail.activity"]
        items = Markup()
        for row in self:
            if row.scope == "unit":
                label = _("Unit %(unit)s", unit=row.unit_id.name)
            else:
                label = _("Officer %(officer)s", officer=row.officer_id.name)
            period = (
                row.date.strftime("%m/%Y")
                if row.period == "month"
                else row.date.strftime("%Y")
            )
            items += Markup("<li>%s</li>") % _(
                "%(who)s, %(period)s: %(count)s ratings of %(quota)s (short by "
                "%(short)s)",
                who=label,
                period=period,
                count=row.rating_count,
                quota=row.quota,
                short=row.shortfall,
            )
        note = Markup("<p>%s</p><ul>%s</ul>") % (
            _("These ratings quotas were not reached:"),
            items,
        )
        return unit.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            summary=summary,
            note=note,
            user_id=leader.id,
        )
