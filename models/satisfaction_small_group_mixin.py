from odoo import api, models
from odoo.exceptions import AccessError

_SIZE_ALIAS = "ss_respondents"


class SatisfactionSmallGroupMixin(models.AbstractModel):
    """Figures of fewer than k respondents hidden from all but reviewers.

    For the reports whose rows count each response once (a unit's month): a
    group's respondents are its summed ``_respondent_field``. Below the
    minimum group size (``satisfaction_survey.min_group_size``) the figures
    drawn from the answers (``_small_group_fields``) come back empty for
    users who are neither reviewers nor administrators, and filtering on
    them is refused; counts of dossiers and ratings stay, the officers see
    them on the requests anyway. The index report, whose rows are answers,
    counts its respondents itself (``satisfaction.index.respondent``).
    """

    _name = "satisfaction.small.group.mixin"
    _description = "Small-Group Protection by Respondents"

    _respondent_field = "response_count"
    _small_group_fields = ()

    @api.model
    def _small_groups_hidden(self):
        return self.env["satisfaction.index.report"]._small_groups_hidden()

    @api.model
    def _blank_small_groups(self, rows, sizes):
        minimum = self.env["satisfaction.index.report"]._min_group_size()
        for row, size in zip(rows, sizes):
            if int(size or 0) < minimum:
                for name in self._small_group_fields:
                    if name in row:
                        row[name] = False
        return rows

    @api.model
    def read_group(
        self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True
    ):
        if not self._small_groups_hidden():
            return super().read_group(
                domain, fields, groupby, offset, limit, orderby, lazy
            )
        self._check_small_group_domain(domain)
        fields = list(fields) + [f"{_SIZE_ALIAS}:sum({self._respondent_field})"]
        rows = super().read_group(domain, fields, groupby, offset, limit, orderby, lazy)
        sizes = [row.pop(_SIZE_ALIAS, 0) for row in rows]
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
