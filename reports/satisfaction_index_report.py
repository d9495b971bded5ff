from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..models.satisfaction_request import CHANNELS
from ..satisfaction_survey import indices

# Vietnam has a single time zone; months are counted in local time.
LOCAL_TZ = "Asia/Ho_Chi_Minh"
INDEX_FIELD = "satisfaction_index"


class SatisfactionIndexReport(models.Model):
    """Satisfaction index per criterion, officer, unit, procedure, channel and month.

    One row per group of scale answers. Counts are summed by any grouping; the
    index of a group is always recomputed from the summed counts (SIPAS
    aggregates counts, it never averages indices), by the pure core.
    """

    _name = "satisfaction.index.report"
    _description = "Satisfaction Index"
    _auto = False
    _order = "month desc, unit_id, criterion_id"
    _rec_name = "criterion_id"

    month = fields.Date(readonly=True)
    questionnaire_id = fields.Many2one("satisfaction.questionnaire", readonly=True)
    element_id = fields.Many2one("satisfaction.element", readonly=True)
    criterion_id = fields.Many2one("satisfaction.criterion", readonly=True)
    is_overall = fields.Boolean(string="Overall Question", readonly=True)
    is_officer_criterion = fields.Boolean(string="Officer Criterion", readonly=True)
    officer_id = fields.Many2one("hr.employee", string="Officer", readonly=True)
    unit_id = fields.Many2one("hr.department", string="Unit", readonly=True)
    procedure_id = fields.Many2one("satisfaction.procedure", readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    answer_count = fields.Integer(string="Answers", readonly=True, aggregator="sum")
    satisfied_count = fields.Integer(string="Satisfied", readonly=True, aggregator="sum")
    satisfaction_index = fields.Float(
        string="Satisfaction Index (%)", readonly=True, aggregator="avg", digits=(5, 2),
        help="Share of answers 'Satisfied' or 'Very satisfied', in percent.",
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT min(line.id) AS id,
                   date_trunc('month', (response.date AT TIME ZONE 'UTC') AT TIME ZONE %(tz)s)::date AS month,
                   response.questionnaire_id,
                   line.element_id,
                   line.criterion_id,
                   criterion.is_overall,
                   criterion.is_officer_criterion,
                   line.officer_id,
                   response.unit_id,
                   response.procedure_id,
                   response.channel,
                   response.company_id,
                   count(*) AS answer_count,
                   count(*) FILTER (WHERE line.is_satisfied) AS satisfied_count,
                   round(100.0 * count(*) FILTER (WHERE line.is_satisfied) / count(*), 2) AS satisfaction_index
              FROM satisfaction_response_line line
              JOIN satisfaction_response response ON response.id = line.response_id
              JOIN satisfaction_criterion criterion ON criterion.id = line.criterion_id
             WHERE line.value > 0
          GROUP BY 2, response.questionnaire_id, line.element_id, line.criterion_id,
                   criterion.is_overall, criterion.is_officer_criterion, line.officer_id,
                   response.unit_id, response.procedure_id, response.channel, response.company_id
            """,
            tz=LOCAL_TZ,
        )

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        """Recompute the index of each group from its summed counts."""
        wants_index = any(spec.split(":")[0].strip() == INDEX_FIELD for spec in fields)
        if not wants_index:
            return super().read_group(domain, fields, groupby, offset, limit, orderby, lazy)
        fields = [spec for spec in fields if spec.split(":")[0].strip() != INDEX_FIELD]
        fields += ["answer_count:sum", "satisfied_count:sum"]
        sort_by_index = bool(orderby) and INDEX_FIELD in orderby
        rows = super().read_group(
            domain, fields, groupby, offset, limit, False if sort_by_index else orderby, lazy
        )
        for row in rows:
            # SUM() of counts comes back as a float.
            index = indices.satisfaction_index(int(row.get("satisfied_count") or 0), int(row.get("answer_count") or 0))
            row[INDEX_FIELD] = index if index is not None else False
        if sort_by_index:
            rows.sort(key=lambda row: row[INDEX_FIELD] or 0.0, reverse="desc" in orderby.lower())
        return rows
