from odoo import fields, models
from odoo.tools import SQL

from ..satisfaction_survey import formulas, indices
from ..stats_engine.formulas import columns, render
from .satisfaction_unit_period_report import MONTH_SLOTS

# The counts carried from old units to new ones (sums are exact; ratios are not).
MAPPED_COUNTS = (
    "request_count",
    "answered_count",
    "flagged_count",
    "response_count",
    "answer_count",
    "satisfied_count",
)
PHASES = [
    ("before", "Before the Merger: Old Units Summed"),
    ("after", "Unit's Own Figures"),
]


class SatisfactionSuccessionTrendReport(models.Model):
    """The monthly figures of today's units, old units' counts included.

    Each unit's counts per month (``satisfaction_period_stat``, scope
    ``unit``) are moved to the unit's final successor
    (``satisfaction.unit.succession``, chains followed by the core), then
    summed per successor and month: a new unit's months before its creation
    are the summed raw counts of its predecessors, and every index is
    computed once from the sums (``satisfaction.ratio.report.mixin``), never
    averaged. Units without a succession keep their own figures.

    The break is a field of each row: ``is_before_succession`` (the month is
    before the successor's effective date) and ``phase``, the same as a
    selection, so that a graph grouped by month and phase draws the merged
    months and the unit's own months as two separate lines.
    """

    _name = "satisfaction.succession.trend.report"
    _inherit = ["satisfaction.ratio.report.mixin", "satisfaction.small.group.mixin"]
    _small_group_fields = (
        "answer_count",
        "satisfied_count",
        "flagged_count",
        "satisfaction_index",
        "qd766_ratio",
    )
    _description = "Satisfaction Trend of Merged Units"
    _auto = False
    _order = "month desc, unit_id"
    _rec_name = "unit_id"
    _depends = {
        "satisfaction.response": ["request_id", "questionnaire_id", "date", "unit_id"],
        "satisfaction.response.line": ["response_id", "criterion_id", "is_satisfied"],
        "satisfaction.request": ["create_date", "unit_id", "is_late"],
        "satisfaction.unit.succession": [
            "predecessor_id",
            "successor_id",
            "date_effective",
            "carries_figures",
        ],
        "hr.department": ["company_id"],
    }
    _ratio_specs = {
        "satisfaction_index": (
            indices.satisfaction_index,
            ("satisfied_count", "answer_count"),
        ),
        "response_rate": (indices.response_rate, ("answered_count", "request_count")),
        "qd766_ratio": (
            indices.qd766_satisfaction_ratio,
            ("request_count", "flagged_count"),
        ),
    }

    month = fields.Date(readonly=True)
    unit_id = fields.Many2one("hr.department", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    is_before_succession = fields.Boolean(
        string="Merged Figures",
        readonly=True,
        help="The month is before the unit replaced its old units: its figures "
        "are the summed counts of the old units (and of the unit itself, if it "
        "existed).",
    )
    phase = fields.Selection(PHASES, string="Period", readonly=True)
    source_unit_count = fields.Integer(
        string="Units Summed",
        readonly=True,
        aggregator="max",
        help="Number of units (old units and the unit itself) whose counts "
        "make up the row.",
    )
    request_count = fields.Integer(
        string="Dossiers Returned", readonly=True, aggregator="sum"
    )
    answered_count = fields.Integer(
        string="Dossiers Rated", readonly=True, aggregator="sum"
    )
    flagged_count = fields.Integer(
        string="Dissatisfied or Overdue", readonly=True, aggregator="sum"
    )
    response_count = fields.Integer(string="Ratings", readonly=True, aggregator="sum")
    answer_count = fields.Integer(string="Answers", readonly=True, aggregator="sum")
    satisfied_count = fields.Integer(
        string="Satisfied Answers", readonly=True, aggregator="sum"
    )
    satisfaction_index = fields.Float(
        string="Satisfaction Index (%)",
        readonly=True,
        aggregator="avg",
        digits=(5, 2),
        help="Share of satisfied answers, computed from the summed counts of the "
        "unit and its old units.",
    )
    response_rate = fields.Float(
        string="Response Rate (%)", readonly=True, aggregator="avg", digits=(5, 2)
    )
    qd766_ratio = fields.Float(
        string="QĐ 766 Ratio (%)", readonly=True, aggregator="avg", digits=(5, 2)
    )

    @property
    def _table_query(self):
        engine = self.env["satisfaction.stat.engine"]
        units, finals, successors, since = self.env[
            "satisfaction.unit.succession"
        ]._successor_map()

        def share(part, whole):
            return render(formulas.SHARE, **columns("m", part=part, whole=whole))

        def total(name):
            return SQL("sum(%s)::int", SQL.identifier("stat", name))

        return SQL(
            """
            WITH final AS (
                SELECT * FROM unnest(%(units)s::int[], %(finals)s::int[])
                           AS final(unit_id, successor_id)
            ), since AS (
                SELECT * FROM unnest(%(successors)s::int[], %(since)s::date[])
                           AS since(unit_id, since)
            ), mapped AS (
                SELECT coalesce(final.successor_id, stat.subject_id) AS unit_id,
                       stat.month,
                       count(DISTINCT stat.subject_id)::int AS source_unit_count,
                       %(sums)s
                  FROM (%(unit_stat)s) stat
             LEFT JOIN final ON final.unit_id = stat.subject_id
                 WHERE stat.request_count > 0 OR stat.response_count > 0
                    OR stat.answer_count > 0
              GROUP BY 1, 2
            )
            SELECT m.unit_id::bigint * %(slots)s
                       + (extract(year FROM m.month)::int - 1900) * 12
                       + extract(month FROM m.month)::int - 1 AS id,
                   m.*,
                   unit.company_id,
                   coalesce(m.month < date_trunc('month', since.since)::date, FALSE)
                       AS is_before_succession,
                   CASE WHEN m.month < date_trunc('month', since.since)::date
                        THEN 'before' ELSE 'after' END AS phase,
                   %(satisfaction_index)s AS satisfaction_index,
                   %(response_rate)s AS response_rate,
                   %(qd766_ratio)s AS qd766_ratio
              FROM mapped m
         LEFT JOIN hr_department unit ON unit.id = m.unit_id
         LEFT JOIN since ON since.unit_id = m.unit_id
            """,
            units=units,
            finals=finals,
            successors=successors,
            since=since,
            sums=SQL(", ").join(
                SQL("%s AS %s", total(name), SQL.identifier(name))
                for name in MAPPED_COUNTS
            ),
            unit_stat=engine._period_source("unit", MAPPED_COUNTS),
            slots=MONTH_SLOTS,
            satisfaction_index=share("satisfied_count", "answer_count"),
            response_rate=share("answered_count", "request_count"),
            qd766_ratio=render(
                formulas.QD766_RATIO,
                **columns("m", dossiers="request_count", flagged="flagged_count"),
            ),
        )
