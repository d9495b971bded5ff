from odoo import api, models
from odoo.tools import SQL

from ..models.satisfaction_period_stat import period_scope
from ..stats_engine.dimensions import month_of
from .satisfaction_index_report import ASSISTED_CHANNELS

# The counts a staff-entered answer adds to ``satisfaction.unit.period.report``
# (those of the dossier by the month of its request, the others by the month
# of the response); every other count is left as it is.
ASSISTED_DOSSIER_COUNTS = ("answered_count", "dissatisfied_count", "flagged_count")
ASSISTED_ANSWER_COUNTS = (
    "response_count",
    "answer_count",
    "satisfied_count",
    "officer_answer_count",
    "officer_satisfied_count",
    "overall_answer_count",
    "overall_satisfied_count",
    "level1_count",
    "level2_count",
    "level3_count",
    "level4_count",
    "level5_count",
)


class SatisfactionUnitPeriodReport(models.Model):
    """The official figures: without the answers entered by staff.

    Answers typed in by an officer or a surveyor from a phone call, an
    interview or a paper form (channels "staff" and "surveyor") cannot be
    verified as the citizen's own: they are kept, shown apart in the index
    report (*Self-Service / Assisted*), and left out of what is published
    and scored (the CCHC scorecard, its XLSX and PDF, the public results
    page). The answers of an independent verification survey are not
    responses at all (``satisfaction.campaign.answer``): they are compared
    with the counter figures, never mixed with them.

    The statistics engine counts every channel; the official counts are its
    counts minus those of the assisted answers, read here from the answers
    themselves (few: a unit's assisted answers of a period).
    """

    _inherit = "satisfaction.unit.period.report"

    @api.model
    def _official_unit_counts(self, domain, date_from, date_to, unit_ids=None):
        """``_unit_counts(domain)`` without the assisted answers of the months
        ``date_from`` to ``date_to`` (first days of months)."""
        counts_by_unit = self._unit_counts(domain)
        assisted = self._assisted_counts(date_from, date_to, unit_ids)
        by_id = {unit.id: unit for unit in counts_by_unit}
        for (unit_id, _month), values in assisted.items():
            unit = by_id.get(unit_id)
            if unit is None:
                continue
            counts = counts_by_unit[unit]
            for name, value in values.items():
                counts[name] = max(counts.get(name, 0) - value, 0)
        return counts_by_unit

    @api.model
    def _assisted_counts(self, date_from, date_to, unit_ids=None):
        """{(unit id, month): {count: n}} added by the assisted answers in the
        months ``date_from`` to ``date_to`` (first days of months); a unit
        belongs to one company, so the units say whose answers these are.
        Read by competent agency (context ``satisfaction_unit_role``), the
        unit is the agency that decided the dossier, as in the report."""
        column = (
            "competent_unit_id" if period_scope(self.env) == "competent" else "unit_id"
        )
        unit_filter = (
            SQL("AND %s = ANY(%s)", SQL.identifier("r", column), list(unit_ids))
            if unit_ids
            else SQL()
        )
        answers = SQL(
            """
            SELECT %(unit)s, %(month)s AS month,
                   count(DISTINCT r.id) AS response_count,
                   count(l.id) AS answer_count,
                   count(l.id) FILTER (WHERE l.is_satisfied) AS satisfied_count,
                   count(l.id) FILTER (WHERE c.is_officer_criterion)
                       AS officer_answer_count,
                   count(l.id) FILTER (WHERE c.is_officer_criterion AND l.is_satisfied)
                       AS officer_satisfied_count,
                   count(l.id) FILTER (WHERE c.is_overall) AS overall_answer_count,
                   count(l.id) FILTER (WHERE c.is_overall AND l.is_satisfied)
                       AS overall_satisfied_count,
                   %(levels)s
              FROM satisfaction_response r
         LEFT JOIN satisfaction_response_line l
                ON l.response_id = r.id AND l.value > 0
         LEFT JOIN satisfaction_criterion c ON c.id = l.criterion_id
         LEFT JOIN satisfaction_questionnaire q ON q.id = r.questionnaire_id
         LEFT JOIN satisfaction_scale s ON s.id = q.scale_id
             WHERE r.channel IN %(channels)s
               AND %(unit)s IS NOT NULL
               AND %(month)s BETWEEN %(date_from)s AND %(date_to)s
                   %(unit_filter)s
          GROUP BY 1, 2""",
            unit=SQL.identifier("r", column),
            month=month_of(SQL.identifier("r", "date")),
            levels=SQL(", ").join(
                SQL(
                    "count(l.id) FILTER (WHERE s.code = 'sipas5' AND l.value = %s)"
                    " AS %s",
                    level,
                    SQL.identifier("level%s_count" % level),
                )
                for level in range(1, 6)
            ),
            channels=tuple(ASSISTED_CHANNELS),
            date_from=date_from,
            date_to=date_to,
            unit_filter=unit_filter,
        )
        unit_filter = (
            SQL("AND %s = ANY(%s)", SQL.identifier("q", column), list(unit_ids))
            if unit_ids
            else SQL()
        )
        dossiers = SQL(
            """
            SELECT q.unit, %(month)s AS month,
                   count(*) AS answered_count,
                   count(*) FILTER (WHERE dissatisfied) AS dissatisfied_count,
                   count(*) FILTER (WHERE dissatisfied AND NOT late) AS flagged_count
              FROM (
                SELECT %(unit)s AS unit, q.create_date,
                       EXISTS (
                           SELECT 1
                             FROM satisfaction_response_line l
                             JOIN satisfaction_criterion c
                               ON c.id = l.criterion_id AND c.is_overall
                            WHERE l.response_id = r.id
                              AND l.value > 0 AND NOT l.is_satisfied
                       ) AS dissatisfied,
                       coalesce(d.is_late, q.is_late, false) AS late
                  FROM satisfaction_request q
                  JOIN satisfaction_response r ON r.request_id = q.id
             LEFT JOIN satisfaction_dossier d
                    ON q.res_model = 'satisfaction.dossier' AND d.id = q.res_id
                 WHERE r.channel IN %(channels)s
                   AND %(unit)s IS NOT NULL
                   AND %(request_month)s BETWEEN %(date_from)s AND %(date_to)s
                       %(unit_filter)s
              ) q
          GROUP BY 1, 2""",
            unit=SQL.identifier("q", column),
            month=month_of(SQL.identifier("q", "create_date")),
            request_month=month_of(SQL.identifier("q", "create_date")),
            channels=tuple(ASSISTED_CHANNELS),
            date_from=date_from,
            date_to=date_to,
            unit_filter=unit_filter,
        )
        result = {}
        for query, names in (
            (answers, ASSISTED_ANSWER_COUNTS),
            (dossiers, ASSISTED_DOSSIER_COUNTS),
        ):
            self.env.cr.execute(query)
            for unit_id, month, *values in self.env.cr.fetchall():
                counts = result.setdefault((unit_id, month), {})
                for name, value in zip(names, values, strict=True):
                    counts[name] = counts.get(name, 0) + int(value or 0)
        return result
