"""Small-group protection of the satisfaction index (k-anonymity threshold).

An index, or even a count, computed over fewer than k people lets a reader
guess who gave it: the officer who served only two citizens this month
knows who they were. Users who are neither reviewers nor administrators
(unit leaders, officers, portal and public users, including public pages
that read the report under sudo) therefore never get the counts or indices
of a group, or of a report row, given by fewer than k respondents
(``satisfaction_survey.min_group_size``, default 5): they come back empty.
The size of a group is its number of distinct responses (people), not of
answers: one citizen answering nine questions is one respondent. A report
row holds one answer per response (one criterion, officer and month), so
its answers are its respondents; a group's are counted in
``satisfaction.index.respondent``.
Reviewers (Sở Nội vụ) and administrators see everything.

Covered: ``read_group`` (and so ``web_read_group``, pivot, graph, grouped
lists), ``read`` / ``search_read`` / ``web_search_read`` of report rows, and
searching on the protected measures (refused, so a domain such as
``answer_count = 3`` cannot probe a blanked value; sorting on them is
ignored). Code that needs the real figures calls ``_read_group`` (private,
not callable over RPC).
"""

import re

from odoo import api, models
from odoo.exceptions import AccessError
from odoo.osv import expression

MIN_GROUP_SIZE_PARAM = "satisfaction_survey.min_group_size"
DEFAULT_MIN_GROUP_SIZE = 5
REVIEWER_GROUP = "satisfaction_survey.group_satisfaction_reviewer"
# Measures blanked in a small group (every figure derived from its answers).
PROTECTED_FIELDS = (
    "answer_count",
    "satisfied_count",
    "satisfaction_index",
    "index_low",
    "index_high",
)


class SatisfactionIndexReport(models.Model):
    _inherit = "satisfaction.index.report"

    @api.model
    def _min_group_size(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(MIN_GROUP_SIZE_PARAM, DEFAULT_MIN_GROUP_SIZE)
        )
        try:
            return max(0, int(value))
        except (TypeError, ValueError):
            return DEFAULT_MIN_GROUP_SIZE

    @api.model
    def _small_groups_hidden(self):
        """True when the current user must not see small groups (not a reviewer or
        administrator).
        """
        return (
            not self.env.user.has_group(REVIEWER_GROUP) and self._min_group_size() > 1
        )

    @api.model
    def _protect_small_groups(self, rows, sizes, minimum=None):
        """Blank the protected measures of ``rows`` whose size (from ``sizes``,
        a list parallel to ``rows``) is below the minimum group size.

        Group counts (``__count``, ``<groupby>_count``) are zeroed too.
        Returns ``rows``; a helper also meant for public pages that show
        aggregates.
        """
        minimum = self._min_group_size() if minimum is None else minimum
        for row, size in zip(rows, sizes):
            if int(size or 0) >= minimum:
                continue
            for name in PROTECTED_FIELDS:
                if name in row:
                    row[name] = False
            for key in row:
                if (
                    key == "__count"
                    or key.endswith("_count")
                    and key not in PROTECTED_FIELDS
                ):
                    row[key] = 0
            if "enough_answers" in row:
                row["enough_answers"] = False
            if "reliability" in row:
                row["reliability"] = "not_enough"
        return rows

    @api.model
    def read_group(
        self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True
    ):
        if not self._small_groups_hidden():
            return super().read_group(
                domain, fields, groupby, offset, limit, orderby, lazy
            )
        orderby = self._strip_protected_order(orderby)
        rows = super().read_group(domain, fields, groupby, offset, limit, orderby, lazy)
        return self._protect_small_groups(
            rows, self._respondent_counts([row.get("__domain") for row in rows])
        )

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

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load)
        if (
            result
            and self._small_groups_hidden()
            and any(name in PROTECTED_FIELDS for name in fnames)
        ):
            sizes_by_id = {
                row.id: row.answer_count
                for row in self.sudo().browse([vals["id"] for vals in result])
            }
            self._protect_small_groups(
                result, [sizes_by_id.get(vals["id"], 0) for vals in result]
            )
        return result

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if not self.env.su and self._small_groups_hidden():
            self._check_protected_domain(domain)
            order = self._strip_protected_order(order)
        return super()._search(domain, offset, limit, order)

    @api.model
    def _check_protected_domain(self, domain):
        for leaf in domain or ():
            if isinstance(leaf, (list, tuple)) and leaf and isinstance(leaf[0], str):
                if leaf[0].split(".")[0] in PROTECTED_FIELDS:
                    raise AccessError(
                        self.env._(
                            "Filtering on answer counts or indices is reserved to "
                            "reviewers and administrators."
                        )
                    )

    @api.model
    def _strip_protected_order(self, order):
        """``order`` without its terms on protected measures (their order would
        rank blanked groups); the default order when nothing is left."""
        if not order:
            return order
        terms = [
            term
            for term in order.split(",")
            if not any(re.match(rf"\s*{name}\b", term) for name in PROTECTED_FIELDS)
        ]
        return ",".join(terms) or None
