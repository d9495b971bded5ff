"""Small-group protection of the satisfaction index (k-anonymity threshold).

The mechanism is ``satisfaction.small.group.mixin``: figures of fewer than k
respondents come back empty for all but reviewers and administrators,
cannot be filtered on, and their order is ignored. Covered: ``read_group``
(and so ``web_read_group``, pivot, graph, grouped lists), ``read`` /
``search_read`` / ``web_search_read`` of report rows, and searches.

A row of this report holds one answer per response (one criterion, officer
and month), so its answers are its respondents. A group's respondents are
its distinct responses, which pre-aggregated rows cannot sum: they are
counted in ``satisfaction.index.respondent`` within the group's domain. In a
small group the group counts (``__count``, ``<groupby>_count``) are zeroed
too, and the group is marked "not enough answers". The drill-down from a row
to its responses is refused for a row of fewer than k respondents.
"""

from odoo import api, models
from odoo.exceptions import AccessError
from odoo.osv import expression

# Measures blanked in a small group (every figure derived from its answers).
PROTECTED_FIELDS = (
    "answer_count",
    "satisfied_count",
    "satisfaction_index",
    "index_low",
    "index_high",
)


class SatisfactionIndexReport(models.Model):
    _name = "satisfaction.index.report"
    _inherit = ["satisfaction.index.report", "satisfaction.small.group.mixin"]

    _respondent_field = "answer_count"
    _small_group_fields = PROTECTED_FIELDS

    @api.model
    def _blank_small_group(self, row):
        row = super()._blank_small_group(row)
        for key in row:
            if key == "__count" or (
                key.endswith("_count") and key not in PROTECTED_FIELDS
            ):
                row[key] = 0
        if "enough_answers" in row:
            row["enough_answers"] = False
        if "reliability" in row:
            row["reliability"] = "not_enough"
        return row

    @api.model
    def _small_group_sizes(self, rows):
        return self._respondent_counts([row.get("__domain") for row in rows])

    @api.model
    def _respondent_counts(self, domains):
        """Distinct responses (people) behind each group's ``domain``, within
        what the current user may read; 0 for a domain that cannot be counted
        (the group is then hidden, never shown by mistake)."""
        Respondent = self.env["satisfaction.index.respondent"].sudo()
        rules = self.env["ir.rule"]._compute_domain(self._name, "read") or []
        counts = []
        for domain in domains:
            if domain is None:
                counts.append(0)
                continue
            try:
                [(count,)] = Respondent._read_group(
                    expression.AND([domain, rules]),
                    [],
                    ["response_id:count_distinct"],
                )
            except ValueError:
                count = 0
            counts.append(count)
        return counts

    def action_open_responses(self):
        self.ensure_one()
        if self._is_small_group(self.sudo().answer_count):
            raise AccessError(
                self.env._(
                    "These answers come from fewer respondents than the minimum "
                    "group size: only reviewers and administrators may open them."
                )
            )
        return super().action_open_responses()
