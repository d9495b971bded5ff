from odoo import api, fields, models
from odoo.tools import SQL

from ..models.satisfaction_ratio_report_mixin import (
    format_plain_groups,
    graph_groups,
    latest_first_orderby,
    read_group_with_derived,
)
from ..satisfaction_survey import indices

SERIES = [("index", "Satisfaction Index"), ("target", "Target")]


class SatisfactionTrendReport(models.Model):
    """The satisfaction index of each month beside the year's target, as two series.

    A graph draws one measure; to draw the target as a reference line next
    to the index, each unit and month of ``satisfaction.unit.period.report``
    gives two rows: its counts (series "index") and the target of its year
    (series "target", no counts). Grouped by month and series, the graph
    shows the index, recomputed from the summed counts by the core, and the
    target; a month without answers has no index (a gap, not 0).
    """

    _name = "satisfaction.trend.report"
    _inherit = ["satisfaction.small.group.mixin"]
    # the target series has no answers: only the index is drawn from them
    _small_group_fields = ("answer_count", "satisfied_count")
    _description = "Satisfaction Trend against Target"
    _auto = False
    _order = "month desc, unit_id, series"
    _rec_name = "unit_id"
    _depends = {
        "satisfaction.response": ["questionnaire_id", "date", "unit_id"],
        "satisfaction.response.line": ["response_id", "criterion_id", "is_satisfied"],
        "satisfaction.request": ["create_date", "unit_id"],
        "satisfaction.target": ["year", "target_index"],
        "hr.department": ["company_id"],
    }

    month = fields.Date(readonly=True)
    unit_id = fields.Many2one("hr.department", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    series = fields.Selection(SERIES, readonly=True)
    response_count = fields.Integer(string="Ratings", readonly=True, aggregator="sum")
    answer_count = fields.Integer(string="Answers", readonly=True, aggregator="sum")
    satisfied_count = fields.Integer(
        string="Satisfied Answers", readonly=True, aggregator="sum"
    )
    index_rows = fields.Integer(readonly=True, aggregator="sum")
    value = fields.Float(
        string="Index or Target (%)",
        readonly=True,
        aggregator="avg",
        digits=(5, 2),
        help=(
            "Series 'Satisfaction Index': share of satisfied answers; series "
            "'Target': the target of the year."
        ),
    )
    target_index = fields.Float(
        string="Target (%)", readonly=True, aggregator="max", digits=(5, 2)
    )

    @property
    def _table_query(self):
        period = self.env["satisfaction.unit.period.report"]._table_query
        return SQL(
            """
            SELECT period.id * 2 AS id, 'index' AS series, period.month,
                   period.unit_id, period.company_id, period.response_count,
                   period.answer_count, period.satisfied_count, 1 AS index_rows,
                   period.satisfaction_index AS value, period.target_index
              FROM (%(period)s) period
             UNION ALL
            SELECT period.id * 2 + 1, 'target', period.month, period.unit_id,
                   period.company_id, 0, 0, 0, 0, period.target_index,
                   period.target_index
              FROM (%(period)s) period
             WHERE period.target_index IS NOT NULL
            """,
            period=period,
        )

    @api.model
    def _group_value(self, row):
        """Index of a group from its summed counts; the target for target rows
        only; None when neither (no answers)."""
        answers = int(row.get("answer_count") or 0)
        if answers:
            return indices.satisfaction_index(
                int(row.get("satisfied_count") or 0), answers
            )
        if not row.get("index_rows") and row.get("target_index") not in (None, False):
            return row["target_index"]
        return None

    @api.model
    def read_group(
        self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True
    ):
        def fill(row, wanted):
            value = self._group_value(row)
            row["value"] = value if value is not None else False

        return read_group_with_derived(
            lambda fields_, orderby_: super(SatisfactionTrendReport, self).read_group(
                domain, fields_, groupby, offset, limit, orderby_, lazy
            ),
            fields,
            latest_first_orderby(self, groupby, orderby, lazy),
            ("value",),
            lambda wanted: [
                "answer_count:sum",
                "satisfied_count:sum",
                "index_rows:sum",
                "target_index:max",
            ],
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
        groups = graph_groups(self, groups, groupby, ("value",), lazy)
        # a month without any row still has a target: the line goes on
        specs = [groupby] if isinstance(groupby, str) else list(groupby)
        if not specs or not specs[0].startswith("month"):
            return groups
        targets = {}
        for group in groups:
            period = (group.get("__range") or {}).get(specs[0])
            if group.get("series") != "target" or group.get("value") is not None:
                continue
            if not period or group.get("__count"):
                continue
            year = int(period["from"][:4])
            if year not in targets:
                targets[year] = self.env["satisfaction.target"]._target_for_year(year)
            group["value"] = targets[year]
        return groups
