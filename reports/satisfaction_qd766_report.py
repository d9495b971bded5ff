from odoo import api, fields, models
from odoo.tools import SQL

from ..models.satisfaction_period_stat import period_scope
from ..satisfaction_survey import indices, qd766
from ..satisfaction_survey.periods import LOCAL_TZ
from .satisfaction_unit_period_report import MONTH_SLOTS

PERIOD_KINDS = [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")]
COUNTS_54 = ("request_count", "overdue_count", "complained_count")
COUNTS_52 = ("pakn_on_time_count", "pakn_count")
COUNTS_53 = ("pakn_first_count", "pakn_flagged_count")
GROUP_COUNTS = (*COUNTS_52, *COUNTS_53, *COUNTS_54)


def _group_points(on_time, pakn, first, flagged, dossiers, overdue, complained):
    return qd766.group_points(
        [
            qd766.pakn_on_time(on_time, pakn),
            qd766.pakn_satisfaction(first, flagged),
            qd766.dossier_satisfaction(dossiers, overdue, complained),
        ]
    )


def _ratio_field(string, help_text):
    return fields.Float(
        string=string,
        digits=(5, 2),
        compute="_compute_figures",
        aggregator="avg",
        help=help_text,
    )


class SatisfactionQd766Report(models.Model):
    """QĐ 766/QĐ-TTg satisfaction group (5.2, 5.3, 5.4) per unit and per
    month, quarter and year.

    PostgreSQL sums counts only: the dossiers of the unit statistics
    (``satisfaction_period_stat``, month of return), the dossiers with a
    complaint or petition, and the complaints and petitions themselves; the
    figures are the core's (``qd766``), per row and, for groups, from the
    groups' summed counts (``satisfaction.ratio.report.mixin``). A row of
    each kind (month, quarter, year) has its own counts: a complaint
    received in one month and answered in the next counts once in 5.2 of the
    quarter, but in both months. Filter on one kind before summing.

    With the context key ``satisfaction_unit_role`` set to ``competent`` the
    units are the competent agencies: the dossiers they decided, and the
    PAKN about those dossiers (a PAKN about no known dossier stays with its
    own unit), wherever they were received.
    """

    _name = "satisfaction.qd766.report"
    # small groups blanked after the figures are derived from the counts
    _inherit = ["satisfaction.small.group.mixin", "satisfaction.ratio.report.mixin"]
    _respondent_field = "answered_count"
    _small_group_fields = (
        "complained_count",
        "qd766_54_ratio",
        "qd766_54_points",
        "qd766_group_points",
    )
    _description = "QĐ 766 Satisfaction Group per Period"
    _auto = False
    _order = "date_start desc, period_kind, unit_id"
    _rec_name = "period_name"
    _depends = {
        "satisfaction.pakn": [
            "unit_id",
            "company_id",
            "date_received",
            "date_answered",
            "date_due",
            "answered_late",
            "rating",
            "date_reraised",
            "dossier_id",
            "dossier_code",
        ],
        "satisfaction.request": [
            "create_date",
            "unit_id",
            "competent_unit_id",
            "res_model",
            "res_id",
            "dossier_ref",
        ],
        "satisfaction.dossier": ["competent_unit_id"],
        "satisfaction.response.line": [
            "response_id",
            "criterion_id",
            "value",
            "is_satisfied",
        ],
        "hr.department": ["company_id"],
    }
    _ratio_specs = {
        "response_rate": (indices.response_rate, ("answered_count", "request_count")),
        "qd766_52_ratio": (qd766.pakn_on_time_ratio, COUNTS_52),
        "qd766_52_points": (qd766.pakn_on_time_points, COUNTS_52),
        "qd766_53_ratio": (qd766.pakn_satisfaction_ratio, COUNTS_53),
        "qd766_53_points": (qd766.pakn_satisfaction_points, COUNTS_53),
        "qd766_54_ratio": (qd766.dossier_satisfaction_r, COUNTS_54),
        "qd766_54_points": (qd766.dossier_satisfaction_points, COUNTS_54),
        "qd766_group_points": (_group_points, GROUP_COUNTS),
    }

    period_kind = fields.Selection(PERIOD_KINDS, string="Period Type", readonly=True)
    date_start = fields.Date(string="Period Start", readonly=True)
    period_name = fields.Char(
        string="Period", readonly=True, help="2026-05, 2026-Q2 or 2026."
    )
    unit_id = fields.Many2one("hr.department", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    # counts
    request_count = fields.Integer(
        string="Dossiers Returned", readonly=True, aggregator="sum"
    )
    answered_count = fields.Integer(
        string="Dossiers Rated", readonly=True, aggregator="sum"
    )
    overdue_count = fields.Integer(
        string="Overdue Dossiers", readonly=True, aggregator="sum"
    )
    complained_count = fields.Integer(
        string="Dossiers with a PAKN or Rated Dissatisfied",
        readonly=True,
        aggregator="sum",
    )
    pakn_count = fields.Integer(
        string="PAKN Received or Answered", readonly=True, aggregator="sum"
    )
    pakn_on_time_count = fields.Integer(
        string="PAKN On Time", readonly=True, aggregator="sum"
    )
    pakn_first_count = fields.Integer(
        string="PAKN First Received", readonly=True, aggregator="sum"
    )
    pakn_flagged_count = fields.Integer(
        string="PAKN Disliked, Raised Again or Overdue",
        readonly=True,
        aggregator="sum",
    )
    # figures: the core's, from the counts
    response_rate = _ratio_field(
        "Response Rate (%)", "Dossiers rated ÷ dossiers returned."
    )
    qd766_52_ratio = _ratio_field(
        "QĐ 766 5.2: PAKN On Time (%)",
        "Complaints and petitions answered on time or still within time ÷ "
        "those received or answered in the period; empty without any.",
    )
    qd766_52_points = _ratio_field(
        "QĐ 766 5.2: Points",
        "6 × ratio, out of 6; 6 when there is no complaint or petition.",
    )
    qd766_53_ratio = _ratio_field(
        "QĐ 766 5.3: PAKN Satisfaction (%)",
        "(Complaints and petitions − those disliked, raised again or overdue) "
        "÷ those first received in the period; empty without any.",
    )
    qd766_53_points = _ratio_field(
        "QĐ 766 5.3: Points",
        "6 × ratio, out of 6; 6 when there is no complaint or petition.",
    )
    qd766_54_ratio = _ratio_field(
        "QĐ 766 5.4: R (%)",
        "100 % − (overdue rate + rate of dossiers with a PAKN or rated "
        "dissatisfied). Unrated dossiers count as satisfied: read it with the "
        "response rate.",
    )
    qd766_54_points = _ratio_field(
        "QĐ 766 5.4: Points", "min(6, 6 × R ÷ 90 %), out of 6; 0 without dossiers."
    )
    qd766_group_points = _ratio_field(
        "QĐ 766 Satisfaction Group: Points", "5.2 + 5.3 + 5.4, out of 18."
    )

    @api.depends(*GROUP_COUNTS, "answered_count")
    def _compute_figures(self):
        for row in self:
            counts = {name: row[name] for name in (*GROUP_COUNTS, "answered_count")}
            for name, (function, args) in self._ratio_specs.items():
                value = function(*(counts[arg] for arg in args))
                row[name] = value if value is not None else False

    @api.model
    def _read_group_select(self, aggregate_spec, query):
        # The figures are derived from the summed counts by read_group; this
        # makes them valid pivot and list measures.
        if aggregate_spec.split(":")[0] in self._ratio_specs:
            return SQL("NULL")
        return super()._read_group_select(aggregate_spec, query)

    @property
    def _table_query(self):
        engine = self.env["satisfaction.stat.engine"]
        Pakn = self.env["satisfaction.pakn"]

        def local(column):
            return SQL("((%s AT TIME ZONE 'UTC') AT TIME ZONE %s)", column, LOCAL_TZ)

        def utc(local_start):
            return SQL(
                "((%s)::timestamp AT TIME ZONE %s) AT TIME ZONE 'UTC'",
                local_start,
                LOCAL_TZ,
            )

        def period_start(column):
            return SQL("date_trunc(kind.name, %s)::date", local(column))

        return SQL(
            """
            WITH kind(name, length, rank) AS (
                VALUES ('month', interval '1 month', 0),
                       ('quarter', interval '3 months', 1),
                       ('year', interval '1 year', 2)
            ),
            dossier AS (
                SELECT kind.name AS period_kind,
                       date_trunc(kind.name, stat.month)::date AS date_start,
                       stat.subject_id AS unit_id,
                       stat.request_count, stat.answered_count, stat.overdue_count,
                       stat.dissatisfied_count, 0 AS pakn_dossier_count
                  FROM (%(unit_stat)s) stat CROSS JOIN kind
                 WHERE stat.request_count > 0
                UNION ALL
                SELECT kind.name, date_trunc(kind.name, %(request_month)s)::date,
                       %(request_unit)s, 0, 0, 0, 0, 1
                  FROM satisfaction_request request CROSS JOIN kind
                 WHERE request.unit_id IS NOT NULL
                   AND %(complained_not_disliked)s
            ),
            dossier_period AS (
                SELECT period_kind, date_start, unit_id,
                       sum(request_count) AS request_count,
                       sum(answered_count) AS answered_count,
                       sum(overdue_count) AS overdue_count,
                       least(sum(dissatisfied_count) + sum(pakn_dossier_count),
                             sum(request_count)) AS complained_count
                  FROM dossier
              GROUP BY period_kind, date_start, unit_id
            ),
            pakn_period AS (
                SELECT %(pakn_unit)s AS unit_id, p.date_received, p.date_answered,
                       p.date_due,
                       p.answered_late, p.rating, p.date_reraised,
                       kind.name AS period_kind, period.date_start,
                       %(start_utc)s AS start_utc,
                       %(end_utc)s AS end_utc
                  FROM satisfaction_pakn p
            CROSS JOIN kind
            CROSS JOIN LATERAL (
                        SELECT DISTINCT day AS date_start
                          FROM (VALUES (%(received_start)s),
                                       (%(answered_start)s)) day_(day)
                         WHERE day IS NOT NULL
                       ) period
            ),
            pakn AS (
                SELECT period_kind, date_start, unit_id,
                       count(*) AS pakn_count,
                       count(*) FILTER (WHERE
                            (date_answered < end_utc
                             AND NOT coalesce(answered_late, false))
                         OR ((date_answered IS NULL OR date_answered >= end_utc)
                             AND date_due >= least(%(now)s, end_utc))
                       ) AS pakn_on_time_count,
                       count(*) FILTER (WHERE date_received >= start_utc
                                          AND date_received < end_utc
                       ) AS pakn_first_count,
                       count(*) FILTER (WHERE date_received >= start_utc
                                          AND date_received < end_utc
                                          AND (rating = 'dislike'
                                               OR date_reraised IS NOT NULL
                                               OR coalesce(answered_late, false)
                                               OR (date_answered IS NULL
                                                   AND date_due < %(now)s))
                       ) AS pakn_flagged_count
                  FROM pakn_period
              GROUP BY period_kind, date_start, unit_id
            )
            SELECT ((coalesce(d.unit_id, k.unit_id)::bigint * 3 + kind.rank)
                       * 2 + %(role)s) * %(slots)s
                       + (extract(year FROM coalesce(d.date_start, k.date_start))::int
                          - 1900) * 12
                       + extract(month FROM coalesce(d.date_start, k.date_start))::int
                       - 1 AS id,
                   kind.name AS period_kind,
                   coalesce(d.date_start, k.date_start) AS date_start,
                   CASE kind.name
                       WHEN 'month' THEN to_char(coalesce(d.date_start, k.date_start),
                                                 'YYYY-MM')
                       WHEN 'quarter' THEN to_char(coalesce(d.date_start,
                                                            k.date_start),
                                                   'YYYY-"Q"Q')
                       ELSE to_char(coalesce(d.date_start, k.date_start), 'YYYY')
                   END AS period_name,
                   coalesce(d.unit_id, k.unit_id) AS unit_id,
                   unit.company_id,
                   coalesce(d.request_count, 0) AS request_count,
                   coalesce(d.answered_count, 0) AS answered_count,
                   coalesce(d.overdue_count, 0) AS overdue_count,
                   coalesce(d.complained_count, 0) AS complained_count,
                   coalesce(k.pakn_count, 0) AS pakn_count,
                   coalesce(k.pakn_on_time_count, 0) AS pakn_on_time_count,
                   coalesce(k.pakn_first_count, 0) AS pakn_first_count,
                   coalesce(k.pakn_flagged_count, 0) AS pakn_flagged_count
              FROM dossier_period d
         FULL JOIN pakn k
                ON k.period_kind = d.period_kind AND k.date_start = d.date_start
               AND k.unit_id = d.unit_id
              JOIN kind ON kind.name = coalesce(d.period_kind, k.period_kind)
         LEFT JOIN hr_department unit ON unit.id = coalesce(d.unit_id, k.unit_id)
            """,
            unit_stat=engine._period_source(period_scope(self.env)),
            role=int(period_scope(self.env) == "competent"),
            request_unit=Pakn._sql_request_unit("request"),
            pakn_unit=Pakn._sql_pakn_unit("p"),
            request_month=SQL(
                "date_trunc('month', %s)::date", local(SQL("request.create_date"))
            ),
            complained_not_disliked=Pakn._sql_complained_not_disliked("request"),
            start_utc=utc(SQL("period.date_start")),
            end_utc=utc(SQL("period.date_start + kind.length")),
            received_start=period_start(SQL("p.date_received")),
            answered_start=period_start(SQL("p.date_answered")),
            now=SQL("(now() AT TIME ZONE 'UTC')"),
            slots=MONTH_SLOTS,
        )
