from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..models.satisfaction_period_stat import period_scope
from ..models.satisfaction_ratio_report_mixin import read_group_with_derived
from ..satisfaction_survey import formulas, indices, periods, scoring
from ..stats_engine.formulas import columns, render, wilson_bounds

# Months since January 1900 fit in MONTH_SLOTS: a row id packs (unit, role, month).
MONTH_SLOTS = 2400
INDEX_COUNTS = ("satisfied_count", "answer_count")
# What the assisted answers add, shown apart: {field: period statistics count}.
ASSISTED_FIELDS = {
    "assisted_response_count": "response_count",
    "assisted_answer_count": "answer_count",
    "assisted_satisfied_count": "satisfied_count",
}


def _value(value):
    """A read_group value as a number or None (False means "no value"; 0.0 is a
    value).
    """
    return None if value is False or value is None else value


class SatisfactionUnitPeriodReport(models.Model):
    """Everything the CCHC scoring needs, per unit and month, computed in PostgreSQL.

    Two families of counts share a row:

    * dossier counts, by the month the rating request was created (the
      dossier was returned): dossiers returned, dossiers rated, dossiers
      rated dissatisfied (overall question not satisfied), overdue dossiers
      (``satisfaction.dossier.is_late``, or ``satisfaction.request.is_late``
      for bound models whose binding maps a due date), and dossiers that are
      either (counted once, for QĐ 766);
    * answer counts, by the month of the response: ratings, scale answers
      and satisfied answers overall, on officer criteria and on the overall
      question, and answers per level of the SIPAS 5-level scale.

    A dossier's counts therefore never exceed its month's dossiers (the
    QĐ 766 ratio and the response rate stay within 0-100 %), and the indices
    follow the answers' dates like ``satisfaction.index.report``. Months are
    in Vietnam's local time. Ratios of groups are recomputed from summed
    counts by the core (``satisfaction.ratio.report.mixin``); the target of
    the year comes from ``satisfaction.target``, interpolated between set
    years like ``scoring.target_for_year``.

    These are the official figures: the answers typed in by an officer or a
    surveyor from a phone call, an interview or a paper form (channels
    "staff" and "surveyor") cannot be verified as the citizen's own. They
    are kept and shown apart (the *Assisted* columns here, the
    *Self-Service / Assisted* grouping of the index report), and left out of
    every figure read from here: the scorecard, its XLSX and PDF, the public
    results page, the trend, quota, QĐ 766 and succession reports, the
    dashboards. The answers of an independent verification survey are not
    responses at all (``satisfaction.campaign.answer``): they are compared
    with the counter figures, never mixed with them.

    The counts are read from ``satisfaction_period_stat`` (scope ``unit``,
    by the receiving unit; scope ``competent`` with the context key
    ``satisfaction_unit_role`` set to ``competent``) and its pending
    journal, kept up to date by triggers (``stats_engine/``): a few thousand
    rows for a province, instead of aggregating every answer at each read.
    """

    _name = "satisfaction.unit.period.report"
    _inherit = ["satisfaction.small.group.mixin", "satisfaction.ratio.report.mixin"]
    _small_group_fields = (
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
        "dissatisfied_count",
        "flagged_count",
        "assisted_answer_count",
        "assisted_satisfied_count",
        "satisfaction_index",
        "index_low",
        "index_high",
        "officer_index",
        "overall_index",
        "weighted_score",
        "qd766_ratio",
        "target_gap",
    )
    _description = "Unit Satisfaction per Month"
    _auto = False
    _order = "month desc, unit_id"
    _rec_name = "unit_id"
    _depends = {
        "satisfaction.response": ["request_id", "questionnaire_id", "date", "unit_id"],
        "satisfaction.response.line": [
            "response_id",
            "criterion_id",
            "value",
            "is_satisfied",
        ],
        "satisfaction.criterion": ["is_overall", "is_officer_criterion"],
        "satisfaction.questionnaire": ["scale_id"],
        "satisfaction.scale": ["code"],
        "satisfaction.request": [
            "create_date",
            "unit_id",
            "res_model",
            "res_id",
            "is_late",
        ],
        "satisfaction.dossier": ["is_late"],
        "satisfaction.target": ["year", "target_index"],
        "hr.department": ["company_id"],
    }
    _ratio_specs = {
        "satisfaction_index": (indices.satisfaction_index, INDEX_COUNTS),
        "index_low": (scoring.wilson_low, INDEX_COUNTS),
        "index_high": (scoring.wilson_high, INDEX_COUNTS),
        "officer_index": (
            indices.satisfaction_index,
            ("officer_satisfied_count", "officer_answer_count"),
        ),
        "overall_index": (
            indices.satisfaction_index,
            ("overall_satisfied_count", "overall_answer_count"),
        ),
        "response_rate": (indices.response_rate, ("answered_count", "request_count")),
        "qd766_ratio": (
            indices.qd766_satisfaction_ratio,
            ("request_count", "flagged_count"),
        ),
        "weighted_score": (
            scoring.sipas5_weighted_score,
            (
                "level1_count",
                "level2_count",
                "level3_count",
                "level4_count",
                "level5_count",
            ),
        ),
    }

    month = fields.Date(readonly=True)
    # not stored: whether a month has ended changes with the clock, not the data
    is_complete_month = fields.Boolean(
        string="Complete Month",
        compute="_compute_is_complete_month",
        search="_search_is_complete_month",
        help="The month has ended (in Vietnam time): its figures are final. The "
        "current month is partial until it ends.",
    )
    unit_id = fields.Many2one("hr.department", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    # dossier counts (month of return)
    request_count = fields.Integer(
        string="Dossiers Returned", readonly=True, aggregator="sum"
    )
    answered_count = fields.Integer(
        string="Dossiers Rated",
        readonly=True,
        aggregator="sum",
        help=(
            "Dossiers returned in the month whose rating request was answered (at any "
            "date)."
        ),
    )
    dissatisfied_count = fields.Integer(
        string="Rated Dissatisfied",
        readonly=True,
        aggregator="sum",
        help=(
            "Dossiers whose answer to the overall question is not 'Satisfied' or "
            "'Very satisfied'."
        ),
    )
    overdue_count = fields.Integer(
        string="Overdue Dossiers",
        readonly=True,
        aggregator="sum",
        help="Dossiers returned after their final due moment, in Vietnam time "
        "(NĐ 118/2025 Article 19); for a bound model, when its binding maps a due "
        "date.",
    )
    flagged_count = fields.Integer(
        string="Dissatisfied or Overdue",
        readonly=True,
        aggregator="sum",
        help=(
            "Dossiers rated dissatisfied or overdue, each counted once (QĐ 766/QĐ-TTg)."
        ),
    )
    # answer counts (month of the response)
    response_count = fields.Integer(string="Ratings", readonly=True, aggregator="sum")
    answer_count = fields.Integer(string="Answers", readonly=True, aggregator="sum")
    satisfied_count = fields.Integer(
        string="Satisfied Answers", readonly=True, aggregator="sum"
    )
    officer_answer_count = fields.Integer(
        string="Officer Answers", readonly=True, aggregator="sum"
    )
    officer_satisfied_count = fields.Integer(
        string="Officer Answers Satisfied", readonly=True, aggregator="sum"
    )
    overall_answer_count = fields.Integer(
        string="Overall Answers", readonly=True, aggregator="sum"
    )
    overall_satisfied_count = fields.Integer(
        string="Overall Answers Satisfied", readonly=True, aggregator="sum"
    )
    level1_count = fields.Integer(
        string="Very Dissatisfied", readonly=True, aggregator="sum"
    )
    level2_count = fields.Integer(
        string="Dissatisfied", readonly=True, aggregator="sum"
    )
    level3_count = fields.Integer(string="Neutral", readonly=True, aggregator="sum")
    level4_count = fields.Integer(string="Satisfied", readonly=True, aggregator="sum")
    level5_count = fields.Integer(
        string="Very Satisfied", readonly=True, aggregator="sum"
    )
    # assisted answers: shown apart, in none of the figures above
    assisted_response_count = fields.Integer(
        string="Assisted Ratings (not in official figures)",
        readonly=True,
        aggregator="sum",
        help="Ratings entered by staff or a surveyor (phone call, interview, paper "
        "form): kept, left out of every official figure.",
    )
    assisted_answer_count = fields.Integer(
        string="Assisted Answers (not in official figures)",
        readonly=True,
        aggregator="sum",
    )
    assisted_satisfied_count = fields.Integer(
        string="Assisted Answers Satisfied (not in official figures)",
        readonly=True,
        aggregator="sum",
    )
    # ratios (recomputed from counts for groups)
    satisfaction_index = fields.Float(
        string="Satisfaction Index (%)",
        readonly=True,
        aggregator="avg",
        digits=(5, 2),
        help="SIPAS: share of scale answers 'Satisfied' or 'Very satisfied'.",
    )
    index_low = fields.Float(
        string="Index Low (95 %)", readonly=True, aggregator="avg", digits=(5, 2)
    )
    index_high = fields.Float(
        string="Index High (95 %)", readonly=True, aggregator="avg", digits=(5, 2)
    )
    officer_index = fields.Float(
        string="Officer Index (%)", readonly=True, aggregator="avg", digits=(5, 2)
    )
    overall_index = fields.Float(
        string="Overall Question Index (%)",
        readonly=True,
        aggregator="avg",
        digits=(5, 2),
    )
    response_rate = fields.Float(
        string="Response Rate (%)", readonly=True, aggregator="avg", digits=(5, 2)
    )
    qd766_ratio = fields.Float(
        string="QĐ 766 Ratio (%)",
        readonly=True,
        aggregator="avg",
        digits=(5, 2),
        help=(
            "(Dossiers − dossiers rated dissatisfied or overdue) ÷ dossiers. Unrated "
            "dossiers count as satisfied: read it with the response rate."
        ),
    )
    weighted_score = fields.Float(
        readonly=True,
        aggregator="avg",
        digits=(5, 2),
        help=(
            "GOV.UK score (100·VS + 75·S + 50·N + 25·D + 0·VD) / n, on SIPAS 5-level "
            "answers."
        ),
    )
    target_index = fields.Float(
        string="Target (%)",
        readonly=True,
        aggregator="max",
        digits=(5, 2),
        help="Target satisfaction index of the year (Configuration > Targets).",
    )
    target_gap = fields.Float(
        string="Gap to Target (pp)",
        readonly=True,
        aggregator="avg",
        digits=(5, 2),
        help="Satisfaction index minus the target, in percentage points.",
    )

    @api.model
    def _current_month(self):
        """First day of the current month, in Vietnam time."""
        return periods.local_month(fields.Datetime.now())

    @api.depends("month")
    def _compute_is_complete_month(self):
        current = self._current_month()
        for row in self:
            row.is_complete_month = bool(row.month) and row.month < current

    def _search_is_complete_month(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Operation not supported."))
        complete = (operator == "=") == bool(value)
        return [("month", "<" if complete else ">=", self._current_month())]

    @property
    def _table_query(self):
        engine = self.env["satisfaction.stat.engine"]

        def share(part, whole):
            return render(formulas.SHARE, **columns("m", part=part, whole=whole))

        satisfaction_index = share("satisfied_count", "answer_count")
        index_low, index_high = wilson_bounds(
            SQL.identifier("m", "satisfied_count"), SQL.identifier("m", "answer_count")
        )
        year = SQL("extract(year FROM %s)", SQL.identifier("m", "month"))
        target_index = render(
            formulas.TARGET_FOR_YEAR,
            year=year,
            **columns("prev", prev_year="year", prev_target="target_index"),
            **columns("next", next_year="year", next_target="target_index"),
        )
        return SQL(
            """
            WITH unit_months AS (
                SELECT coalesce(stat.subject_id, assisted.subject_id) AS unit_id,
                       coalesce(stat.month, assisted.month) AS month,
                       %(counts)s, %(assisted_counts)s
                  FROM (%(unit_stat)s) stat
             FULL JOIN (%(assisted_stat)s) assisted
                    ON assisted.subject_id = stat.subject_id
                   AND assisted.month = stat.month
                 WHERE stat.request_count > 0 OR stat.response_count > 0
                    OR stat.answer_count > 0 OR assisted.response_count > 0
                    OR assisted.answer_count > 0
            )
            SELECT (coalesce(m.unit_id, 0)::bigint * 2 + %(role)s) * %(slots)s
                       + (extract(year FROM m.month)::int - 1900) * 12
                       + extract(month FROM m.month)::int - 1 AS id,
                   m.*,
                   unit.company_id,
                   %(satisfaction_index)s AS satisfaction_index,
                   %(index_low)s AS index_low,
                   %(index_high)s AS index_high,
                   %(officer_index)s AS officer_index,
                   %(overall_index)s AS overall_index,
                   %(response_rate)s AS response_rate,
                   %(qd766_ratio)s AS qd766_ratio,
                   %(weighted_score)s AS weighted_score,
                   target.target_index,
                   %(target_gap)s AS target_gap
              FROM unit_months m
         LEFT JOIN hr_department unit ON unit.id = m.unit_id
         LEFT JOIN LATERAL (
                    SELECT %(target_index)s AS target_index
                      FROM (SELECT NULL) one
                 LEFT JOIN LATERAL (
                            SELECT t.year, t.target_index::numeric AS target_index
                              FROM satisfaction_target t
                             WHERE t.year <= extract(year FROM m.month)
                          ORDER BY t.year DESC LIMIT 1
                           ) prev ON TRUE
                 LEFT JOIN LATERAL (
                            SELECT t.year, t.target_index::numeric AS target_index
                              FROM satisfaction_target t
                             WHERE t.year > extract(year FROM m.month)
                          ORDER BY t.year LIMIT 1
                           ) next ON TRUE
                   ) target ON TRUE
            """,
            slots=MONTH_SLOTS,
            role=int(period_scope(self.env) == "competent"),
            counts=SQL(", ").join(
                SQL(
                    "coalesce(%s, 0) AS %s",
                    SQL.identifier("stat", name),
                    SQL.identifier(name),
                )
                for name in engine._period_counts()
            ),
            assisted_counts=SQL(", ").join(
                SQL(
                    "coalesce(%s, 0) AS %s",
                    SQL.identifier("assisted", count),
                    SQL.identifier(name),
                )
                for name, count in ASSISTED_FIELDS.items()
            ),
            unit_stat=engine._period_source(period_scope(self.env)),
            assisted_stat=engine._period_source(
                period_scope(self.env),
                tuple(dict.fromkeys(ASSISTED_FIELDS.values())),
                True,
            ),
            satisfaction_index=satisfaction_index,
            officer_index=share("officer_satisfied_count", "officer_answer_count"),
            overall_index=share("overall_satisfied_count", "overall_answer_count"),
            response_rate=share("answered_count", "request_count"),
            qd766_ratio=render(
                formulas.QD766_RATIO,
                **columns("m", dossiers="request_count", flagged="flagged_count"),
            ),
            index_low=index_low,
            index_high=index_high,
            weighted_score=render(
                formulas.WEIGHTED_SCORE_SIPAS5,
                **columns(
                    "m",
                    **{name: name for name in formulas.WEIGHTED_SCORE_SIPAS5.inputs},
                ),
            ),
            target_index=target_index,
            target_gap=render(
                formulas.CHANGE_PP,
                before=SQL.identifier("target", "target_index"),
                after=satisfaction_index,
            ),
        )

    @api.model
    def read_group(
        self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True
    ):
        """Add the gap to target of each group: its recomputed index minus its
        target.
        """

        def fill(row, wanted):
            gap = scoring.change_pp(
                _value(row.get("target_index")), _value(row.get("satisfaction_index"))
            )
            row["target_gap"] = gap if gap is not None else False

        return read_group_with_derived(
            lambda fields_, orderby_: super(
                SatisfactionUnitPeriodReport, self
            ).read_group(domain, fields_, groupby, offset, limit, orderby_, lazy),
            fields,
            orderby,
            ("target_gap",),
            lambda wanted: ["satisfaction_index", "target_index:max"],
            fill,
        )

    @api.model
    def _graph_derived(self):
        return (*super()._graph_derived(), "target_gap")

    @api.model
    def _unit_counts(self, domain):
        """Summed counts per unit for ``domain``, in ONE grouped query:
        {unit: {count: int}}.
        """
        count_fields = [
            name
            for name, field in self._fields.items()
            if field.type == "integer"
            and name.endswith("_count")
            and name not in ASSISTED_FIELDS
        ]
        groups = self._read_group(
            domain, ["unit_id"], [f"{name}:sum" for name in count_fields]
        )
        return {
            unit: {name: int(value or 0) for name, value in zip(count_fields, values)}
            for unit, *values in groups
        }
