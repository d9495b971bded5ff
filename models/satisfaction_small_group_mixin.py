import re

from odoo import api, models
from odoo.exceptions import AccessError

MIN_GROUP_SIZE_PARAM = "satisfaction_survey.min_group_size"
DEFAULT_MIN_GROUP_SIZE = 5
REVIEWER_GROUP = "satisfaction_survey.group_satisfaction_reviewer"
_SIZE_ALIAS = "ss_respondents"


class SatisfactionSmallGroupMixin(models.AbstractModel):
    """Figures of fewer than k respondents hidden from all but reviewers.

    An index, or even a count, computed over fewer than k people lets a
    reader guess who gave it: the officer who served only two citizens this
    month knows who they were. Users who are neither reviewers nor
    administrators (unit leaders, officers, portal and public users, including
    public pages that read a report under sudo) therefore get the figures
    drawn from the answers (``_small_group_fields``) of a group or row given
    by fewer than k respondents (``satisfaction_survey.min_group_size``,
    default 5) empty, cannot filter on them, and their order is ignored.

    A row's respondents are its ``_respondent_field``; a group's, by default,
    their sum (reports whose rows count each response once, e.g. a unit's
    month). Reports whose rows are answers override ``_small_group_sizes``.
    Code that needs the real figures calls ``_read_group`` (private).
    """

    _name = "satisfaction.small.group.mixin"
    _description = "Small-Group Protection by Respondents"

    _respondent_field = "response_count"
    _small_group_fields = ()

    @api.model
    def _min_group_size(self):
        return self.env["satisfaction.settings"]._get_int(
            MIN_GROUP_SIZE_PARAM, DEFAULT_MIN_GROUP_SIZE, minimum=0
        )

    @api.model
    def _small_groups_hidden(self):
        """True when the current user must not see small groups."""
        return (
            not self.env.user.has_group(REVIEWER_GROUP) and self._min_group_size() > 1
        )

    @api.model
    def _is_small_group(self, size):
        """True when a figure drawn from ``size`` respondents must be hidden
        from the current user (for code that shows figures read with
        ``_read_group`` or from records: printed reports, exports)."""
        return self._small_groups_hidden() and int(size or 0) < self._min_group_size()

    @api.model
    def _blank_small_groups(self, rows, sizes):
        """Empty the protected figures of ``rows`` whose size (``sizes``,
        parallel to ``rows``) is below the minimum group size."""
        minimum = self._min_group_size()
        for row, size in zip(rows, sizes):
            if int(size or 0) < minimum:
                self._blank_small_group(row)
        return rows

    @api.model
    def _blank_small_group(self, row):
        for name in self._small_group_fields:
            if name in row:
                row[name] = False
        return row

    @api.model
    def _small_group_sizes(self, rows):
        """Respondents of each group returned by ``read_group``."""
        return [row.get(_SIZE_ALIAS, 0) for row in rows]

    @api.model
    def read_group(
        self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True
    ):
        if not self._small_groups_hidden():
            return super().read_group(
                domain, fields, groupby, offset, limit, orderby, lazy
            )
        self._check_small_group_domain(domain)
        orderby = self._strip_small_group_order(orderby)
        fields = list(fields) + [f"{_SIZE_ALIAS}:sum({self._respondent_field})"]
        rows = super().read_group(domain, fields, groupby, offset, limit, orderby, lazy)
        sizes = self._small_group_sizes(rows)
        for row in rows:
            row.pop(_SIZE_ALIAS, None)
        return self._blank_small_groups(rows, sizes)

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load)
        if (
            result
            and any(name in self._small_group_fields for name in fnames)
            and self._small_groups_hidden()
        ):
            records = self.sudo().browse([values["id"] for values in result])
            sizes = {record.id: record[self._respondent_field] for record in records}
            self._blank_small_groups(
                result, [sizes.get(values["id"], 0) for values in result]
            )
        return result

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if not self.env.su and self._small_groups_hidden():
            self._check_small_group_domain(domain)
            order = self._strip_small_group_order(order)
        return super()._search(domain, offset, limit, order)

    @api.model
    def _check_small_group_domain(self, domain):
        for leaf in domain or ():
            if isinstance(leaf, (list, tuple)) and leaf and isinstance(leaf[0], str):
                if leaf[0].split(".")[0] in self._small_group_fields:
                    raise AccessError(
                        self.env._(
                            "Filtering on answer counts or indices is reserved to "
                            "reviewers and administrators."
                        )
                    )

    @api.model
    def _strip_small_group_order(self, order):
        """``order`` without its terms on protected figures (their order would
        rank blanked groups); the default order when nothing is left."""
        if not order:
            return order
        terms = [
            term
            for term in order.split(",")
            if not any(
                re.match(rf"\s*{name}\b", term) for name in self._small_group_fields
            )
        ]
        return ",".join(terms) or None
