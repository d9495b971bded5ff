from odoo import api, models
from odoo.osv import expression
from odoo.tools import SQL


class SatisfactionResponse(models.Model):
    """Individual responses of a small group left out for leaders.

    A leader reads the responses of their unit, and, doing the officers' job,
    the dossiers with the citizens' names. A response whose unit, procedure
    and month gathered fewer than k responses (the minimum group size) would
    match a dossier returned that month: for the users from whom the reports
    hide small groups (``satisfaction.small.group.mixin``), such responses
    and their answers are left out of every search, list, count and grouping,
    and read by id (a follow-up's link), their answers and comment come back
    empty.
    """

    _inherit = "satisfaction.response"
    _small_group_fields = (
        "comment",
        "low_score_reason",
        "satisfied_count",
        "answer_count",
        "line_ids",
    )

    @api.model
    def _small_cell_response_ids(self):
        """Responses the current user may read whose unit, procedure and
        local month count fewer responses than the minimum group size."""
        rules = self.env["ir.rule"]._compute_domain(self._name, "read") or []
        visible = self.sudo()._search(rules)
        month = self.env["satisfaction.stat.engine"]._month_of(SQL("response.date"))
        self.flush_model(["date", "unit_id", "procedure_id"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT cell.id
                  FROM (SELECT response.id,
                               count(*) OVER (
                                   PARTITION BY response.unit_id,
                                                response.procedure_id, %(month)s
                               ) AS size
                          FROM satisfaction_response response
                         WHERE response.id IN %(visible)s) cell
                 WHERE cell.size < %(minimum)s
                """,
                month=month,
                visible=visible.subselect(),
                minimum=self.env["satisfaction.small.group.mixin"]._min_group_size(),
            )
        )
        return [row[0] for row in rows]

    @api.model
    def _small_cell_domain(self, path="id"):
        """Domain leaving out the small groups' responses (``path``: the field
        leading to the response), or None when the user sees them."""
        if (
            self.env.su
            or not self.env["satisfaction.small.group.mixin"]._small_groups_hidden()
        ):
            return None
        small = self._small_cell_response_ids()
        return [(path, "not in", small)] if small else None

    @api.model
    def _blank_small_cells(self, result, fnames, protected, response_of):
        """Empty the ``protected`` values of the rows of ``result`` whose
        response (``response_of(row id)``) is in a small group."""
        if (
            not result
            or self.env.su
            or not any(name in protected for name in fnames)
            or not self.env["satisfaction.small.group.mixin"]._small_groups_hidden()
        ):
            return result
        small = set(self._small_cell_response_ids())
        for values in result:
            if response_of(values["id"]) in small:
                for name in protected:
                    if name in values:
                        values[name] = [] if name == "line_ids" else False
        return result

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        small = self._small_cell_domain()
        if small:
            domain = expression.AND([domain or [], small])
        return super()._search(domain, offset, limit, order)

    def _read_format(self, fnames, load="_classic_read"):
        return self._blank_small_cells(
            super()._read_format(fnames, load),
            fnames,
            self._small_group_fields,
            lambda record_id: record_id,
        )


class SatisfactionResponseLine(models.Model):
    """The answers of the responses left out for leaders, left out too."""

    _inherit = "satisfaction.response.line"
    _small_group_fields = ("value", "text_value", "is_satisfied", "level_name")

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        small = self.env["satisfaction.response"]._small_cell_domain("response_id")
        if small:
            domain = expression.AND([domain or [], small])
        return super()._search(domain, offset, limit, order)

    def _read_format(self, fnames, load="_classic_read"):
        lines_sudo = self.sudo()
        return self.env["satisfaction.response"]._blank_small_cells(
            super()._read_format(fnames, load),
            fnames,
            self._small_group_fields,
            lambda line_id: lines_sudo.browse(line_id).response_id.id,
        )
