from odoo import api, fields, models
from odoo.tools import SQL

from ..models.satisfaction_ratio_report_mixin import (
    format_plain_groups,
    graph_groups,
    latest_first_orderby,
    read_group_with_derived,
)
from ..models.satisfaction_request import CHANNELS
from ..satisfaction_survey import formulas, indices, periods
from ..stats_engine.dimensions import YEAR
from ..stats_engine.formulas import columns, render, wilson_bounds

INDEX_FIELD = "satisfaction_index"
# Fields of a group recomputed from its summed counts by the core (never averaged).
DERIVED_FIELDS = (INDEX_FIELD, "index_low", "index_high")
MINIMUM_ANSWERS_PARAM = "satisfaction_survey.minimum_answers"
DEFAULT_MINIMUM_ANSWERS = 30
CHANNEL_MODES = [
    ("self", "Self-Service"),
    ("assisted", "Assisted (not in official figures)"),
]
RELIABILITY = [("enough", "Enough answers"), ("not_enough", "Not enough answers")]
# Context key: the roll-up of the answer statistics that _table_query reads (None or
# "full": full grain).
STAT_GRAIN_CONTEXT = "satisfaction_stat_grain"


def _field_of(spec):
    """The field a domain path, a groupby or aggregate spec or an order term
    names: ``month`` of ``month:year``, ``unit_id`` of ``unit_id.name``."""
    return spec.split(".")[0].split(":")[0].strip()


def _query_specs(groupby, aggregates, order):
    """The groupby and aggregate specs of a ``_read_group``, then the fields of
    its order terms (``month:year desc`` gives ``month:year``)."""
    return [
        *(groupby or ()),
        *(aggregates or ()),
        *(term.split()[0] for term in (order or "").split(",") if term.strip()),
    ]


class SatisfactionIndexReport(models.Model):
    """Satisfaction index per criterion, officer, receiving unit, competent
    agency, procedure, channel and month.

    One row per group of scale answers. Counts are summed by any grouping; the
    index of a group is always recomputed from the summed counts (SIPAS
    aggregates counts, it never averages indices), by the pure core.
    """

    _name = "satisfaction.index.report"
    _description = "Satisfaction Index"
    _auto = False
    # by ids, not names: the order of the statistics' index (a list reads its first rows
    # only)
    _order = "month desc, unit_id.id, criterion_id.id"
    _rec_name = "criterion_id"
    # Flush what the view reads before querying it (is_satisfied and element_id
    # are computed, stored on flush): otherwise fresh answers count as dissatisfied.
    _depends = {
        "satisfaction.response": [
            "questionnaire_id",
            "date",
            "unit_id",
            "competent_unit_id",
            "procedure_id",
            "channel",
            "company_id",
        ],
        "satisfaction.response.line": [
            "response_id",
            "criterion_id",
            "element_id",
            "officer_id",
            "value",
            "is_satisfied",
        ],
        "satisfaction.criterion": ["is_overall", "is_officer_criterion"],
    }

    month = fields.Date(readonly=True)
    questionnaire_id = fields.Many2one("satisfaction.questionnaire", readonly=True)
    element_id = fields.Many2one("satisfaction.element", readonly=True)
    criterion_id = fields.Many2one("satisfaction.criterion", readonly=True)
    is_overall = fields.Boolean(string="Overall Question", readonly=True)
    is_officer_criterion = fields.Boolean(string="Officer Criterion", readonly=True)
    officer_id = fields.Many2one("hr.employee", readonly=True)
    unit_id = fields.Many2one("hr.department", string="Receiving Unit", readonly=True)
    competent_unit_id = fields.Many2one(
        "hr.department", string="Competent Agency", readonly=True
    )
    procedure_id = fields.Many2one("satisfaction.procedure", readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    answer_count = fields.Integer(string="Answers", readonly=True, aggregator="sum")
    satisfied_count = fields.Integer(
        string="Satisfied", readonly=True, aggregator="sum"
    )
    satisfaction_index = fields.Float(
        string="Satisfaction Index (%)",
        readonly=True,
        aggregator="avg",
        digits=(5, 2),
        help="Share of answers 'Satisfied' or 'Very satisfied', in percent.",
    )
    index_low = fields.Float(
        string="Index Low (95 %)",
        readonly=True,
        aggregator="avg",
        digits=(5, 2),
        help="Lower bound of the 95 % Wilson interval of the index.",
    )
    index_high = fields.Float(
        string="Index High (95 %)",
        readonly=True,
        aggregator="avg",
        digits=(5, 2),
        help="Upper bound of the 95 % Wilson interval of the index.",
    )
    enough_answers = fields.Boolean(
        readonly=True,
        help="At least the configured minimum number of answers (Settings).",
    )
    reliability = fields.Selection(RELIABILITY, string="Minimum Sample", readonly=True)
    channel_mode = fields.Selection(
        CHANNEL_MODES,
        string="Self-Service / Assisted",
        readonly=True,
        help=(
            "Assisted: entered by staff or a surveyor, left out of the official "
            "figures (scorecard, public results); self-service: every other "
            "channel."
        ),
    )

    @api.model
    def _minimum_answers(self):
        """Answers below which an index is shown as "not enough answers"."""
        return self.env["satisfaction.settings"]._get_int(
            MINIMUM_ANSWERS_PARAM, DEFAULT_MINIMUM_ANSWERS, minimum=0
        )

    @property
    def _table_query(self):
        """Rows of the pre-aggregated answer statistics (``stats_engine/``).

        By default one row per key of ``satisfaction_answer_stat`` (the
        consolidated counts plus the pending journal): what lists, forms and
        drill-downs read. ``_read_group`` switches to a coarser roll-up
        (context key ``satisfaction_stat_grain``) when the query needs no
        other field; its rows are not groups then, only their sums are.
        """
        # The per-row index and interval are for single rows only (lists); groups
        # are recomputed from their summed counts by the core in read_group.
        grain = self.env.context.get(STAT_GRAIN_CONTEXT)
        engine = self.env["satisfaction.stat.engine"]
        source = engine._answer_source(grain)
        if grain not in engine._rollup_grains():
            source = SQL(
                "SELECT * FROM (%s) merged WHERE merged.answer_count > 0", source
            )
        counts = columns("grouped", part="satisfied_count", whole="answer_count")
        index_low, index_high = wilson_bounds(counts["part"], counts["whole"])
        return SQL(
            """
            SELECT grouped.*,
                   criterion.is_overall,
                   criterion.is_officer_criterion,
                   %(satisfaction_index)s AS satisfaction_index,
                   %(index_low)s AS index_low,
                   %(index_high)s AS index_high,
                   grouped.answer_count >= %(minimum)s AS enough_answers,
                   CASE WHEN grouped.answer_count >= %(minimum)s
                        THEN 'enough' ELSE 'not_enough' END AS reliability,
                   CASE WHEN grouped.assisted
                        THEN 'assisted' ELSE 'self' END AS channel_mode
              FROM (%(source)s) grouped
         LEFT JOIN satisfaction_criterion criterion
                ON criterion.id = grouped.criterion_id
            """,
            source=source,
            minimum=self._minimum_answers(),
            satisfaction_index=render(formulas.SHARE, **counts),
            index_low=index_low,
            index_high=index_high,
        )

    @api.model
    def _stat_grain(self, domain, groupby, aggregates, having, order):
        """The smallest roll-up holding every field of a grouped query, or None (full
        grain).
        """
        names = set()
        domains = [domain or [], having or []]
        if not self.env.su:
            domains.append(
                self.env["ir.rule"]._compute_domain(self._name, "read") or []
            )
        for leaves in domains:
            for leaf in leaves:
                if (
                    isinstance(leaf, (list, tuple))
                    and leaf
                    and isinstance(leaf[0], str)
                ):
                    names.add(_field_of(leaf[0]))
        specs = _query_specs(groupby, aggregates, order)
        names.update(_field_of(spec) for spec in specs)
        names -= {"__count", "answer_count", "satisfied_count"}
        whole_years = self._takes_whole_years(domains, specs)
        for grain, dims in (
            self.env["satisfaction.stat.engine"]._rollup_grains().items()
        ):
            available = set(dims)
            if YEAR in available:
                # its rows sum the months of a year
                if not whole_years:
                    continue
                available.add("month")
            if "criterion_id" in available:
                available |= {"is_overall", "is_officer_criterion"}
            # the self-service / assisted split of the channel
            if "assisted" in available or "channel" in available:
                available.add("channel_mode")
            if names <= available:
                return grain
        return None

    @api.model
    def _takes_whole_years(self, domains, specs):
        """Whether a query reads whole calendar years only: its conditions on
        ``month`` (``domains``) keep or leave out every month of a year
        together, and it groups or sorts by year at most (``specs``,
        ``_query_specs``). A roll-up summing each year then gives the same
        groups and sums as the monthly rows."""
        for leaves in domains:
            for leaf in leaves:
                if not (isinstance(leaf, list | tuple) and len(leaf) == 3):
                    continue
                name = leaf[0] if isinstance(leaf[0], str) else ""
                if _field_of(name) != "month":
                    continue
                if name != "month":
                    return False
                operator, value = leaf[1], leaf[2]
                try:
                    if operator in ("in", "not in") and isinstance(value, list | tuple):
                        value = [fields.Date.to_date(item) for item in value]
                    else:
                        value = fields.Date.to_date(value)
                except (TypeError, ValueError):
                    return False
                if not periods.selects_whole_years(operator, value):
                    return False
        return all(
            _field_of(spec) != "month" or spec.strip() == "month:year" for spec in specs
        )

    @api.model
    def _read_group(
        self,
        domain,
        groupby=(),
        aggregates=(),
        having=(),
        offset=0,
        limit=None,
        order=None,
    ):
        """Read the smallest pre-aggregated grain that answers the query (see
        ``_stat_grain``).
        """
        grain = self.env.context.get(STAT_GRAIN_CONTEXT)
        if grain != "full":  # "full": never a roll-up (tests, checks)
            # the full grain, grouped: scan the statistics once rather than row by row
            grain = (
                self._stat_grain(domain, groupby, aggregates, having, order) or "scan"
            )
            if self.env.context.get(STAT_GRAIN_CONTEXT) != grain:
                self = self.with_context(**{STAT_GRAIN_CONTEXT: grain})  # noqa: PLW0642
        if grain in self.env["satisfaction.stat.engine"]._rollup_grains() and groupby:
            # Journal rows of a roll-up may cancel out (an answer moved to
            # another month, a correction): a group exists when it has answers.
            having = [*(having or []), ("answer_count:sum", ">", 0)]
        return super()._read_group(
            domain,
            groupby,
            aggregates,
            having,
            offset,
            limit,
            order,
        )

    @api.model
    def read_group(
        self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True
    ):
        """Recompute the index, its Wilson interval and whether there are
        enough answers of each group from the group's summed counts."""
        minimum = self._minimum_answers()
        orderby = latest_first_orderby(self, groupby, orderby, lazy)
        # many groups have the same counts (small groups especially)
        figures = {}

        def fill(row, wanted):
            counts = (
                int(row.get("satisfied_count") or 0),
                int(row.get("answer_count") or 0),
            )
            if counts not in figures:
                figures[counts] = self._group_indices(*counts, minimum)
            row.update(figures[counts])

        return read_group_with_derived(
            lambda fields_, orderby_: super(SatisfactionIndexReport, self).read_group(
                domain, fields_, groupby, offset, limit, orderby_, lazy
            ),
            fields,
            orderby,
            DERIVED_FIELDS,
            lambda wanted: ["answer_count:sum", "satisfied_count:sum"],
            fill,
        )

    @api.model
    def _read_group_format_result(self, rows_dict, lazy_groupby):
        if format_plain_groups(self, rows_dict, lazy_groupby):
            return None
        return super()._read_group_format_result(rows_dict, lazy_groupby)

    @api.model
    def _web_read_group(
        self, domain, fields, groupby, limit=None, offset=0, orderby=False, lazy=True
    ):
        groups = super()._web_read_group(
            domain, fields, groupby, limit, offset, orderby, lazy
        )
        return graph_groups(self, groups, groupby, DERIVED_FIELDS, lazy)

    @api.model
    def _group_indices(self, satisfied, answers, minimum=None):
        """Index, 95 % Wilson interval and reliability of summed counts, by the core."""
        # SUM() of counts comes back as a float.
        satisfied, answers = int(satisfied or 0), int(answers or 0)
        minimum = self._minimum_answers() if minimum is None else minimum
        index = indices.satisfaction_index(satisfied, answers)
        interval = indices.wilson_interval(satisfied, answers)
        enough = indices.meets_minimum(answers, minimum)
        return {
            INDEX_FIELD: index if index is not None else False,
            "index_low": interval[0] if interval else False,
            "index_high": interval[1] if interval else False,
            "enough_answers": enough,
            "reliability": "enough" if enough else "not_enough",
        }

    # ------------------------------------------------------------
    # DRILL-DOWN
    # ------------------------------------------------------------

    def _responses_domain(self):
        """Domain on satisfaction.response for the answers behind this row."""
        self.ensure_one()
        start, end = periods.month_bounds_utc(self.month)
        line_domain = [
            ("criterion_id", "=", self.criterion_id.id),
            ("value", ">", 0),
            ("officer_id", "=", self.officer_id.id),
        ]
        return [
            ("unit_id", "=", self.unit_id.id),
            ("competent_unit_id", "=", self.competent_unit_id.id),
            ("procedure_id", "=", self.procedure_id.id),
            ("questionnaire_id", "=", self.questionnaire_id.id),
            ("channel", "=", self.channel),
            ("company_id", "=", self.company_id.id),
            ("date", ">=", start),
            ("date", "<", end),
            ("line_ids", "any", line_domain),
        ]

    def action_open_responses(self):
        """The anonymous responses counted in this row (no respondent identity:
        responses hold no contact data and their request is hidden from reviewers)."""
        self.ensure_one()
        self.env["satisfaction.response"].check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "Answers: %(unit)s, %(criterion)s, %(month)s",
                unit=self.unit_id.display_name or "-",
                criterion=self.criterion_id.display_name,
                month=self.month.strftime("%m/%Y"),
            ),
            "res_model": "satisfaction.response",
            "views": [(False, "list"), (False, "form")],
            "domain": self._responses_domain(),
            "context": {"create": False, "edit": False},
        }
