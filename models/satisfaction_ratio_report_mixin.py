from odoo import api, models
from odoo.tools import SQL

from ..satisfaction_survey import indices, scoring


def wilson_sql(satisfied, answers, bound):
    """SQL twin of ``indices.wilson_interval`` for one row (``bound``: "low" or "high").

    ``satisfied`` and ``answers`` are SQL expressions of counts. NULL when
    ``answers`` is 0. Grouped rows never use it: their bounds are recomputed
    from the summed counts by the core (see ``SatisfactionRatioReportMixin``).
    """
    if bound not in ("low", "high"):
        raise ValueError("bound must be 'low' or 'high'")
    sign = SQL("-") if bound == "low" else SQL("+")
    p = SQL("(%s)::float8 / nullif(%s, 0)", satisfied, answers)
    n = SQL("nullif(%s, 0)::float8", answers)
    z = SQL("%s::float8", indices.Z_95)
    bound_sql = SQL(
        "((%(p)s + %(z)s * %(z)s / (2 * %(n)s)) %(sign)s %(z)s * sqrt(%(p)s * (1 - %(p)s) / %(n)s"
        " + %(z)s * %(z)s / (4 * %(n)s * %(n)s))) / (1 + %(z)s * %(z)s / %(n)s)",
        p=p, n=n, z=z, sign=sign,
    )
    if bound == "low":
        return SQL("round((100 * greatest(0.0, %s))::numeric, 2)", bound_sql)
    return SQL("round((100 * least(1.0, %s))::numeric, 2)", bound_sql)


class SatisfactionRatioReportMixin(models.AbstractModel):
    """Reports whose ratios are recomputed from summed counts in read_group.

    SIPAS aggregates counts, never indices: a ratio field of a group (unit ×
    quarter, all units, ...) must be recomputed from the group's summed counts,
    not averaged over its rows. Declare the ratios in ``_ratio_specs`` as
    ``{field: (core function, (count fields...))}``; the pivot, graph and list
    groups then show the core's figure (``scoring.recompute_ratios``). Ratio
    fields are SQL columns too (for ungrouped rows), with any aggregator.
    """

    _name = "satisfaction.ratio.report.mixin"
    _description = "Report with Ratios Recomputed from Counts"

    # {ratio field: (function of the counts as ints, (count field names...))}
    _ratio_specs = {}

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        """Recompute the requested ratios of each group from its summed counts."""
        specs = self._ratio_specs
        requested = [spec.split(":")[0].strip() for spec in fields]
        wanted = {name: specs[name] for name in requested if name in specs}
        if not wanted:
            return super().read_group(domain, fields, groupby, offset, limit, orderby, lazy)
        fields = [spec for spec, name in zip(fields, requested) if name not in specs]
        present = {spec.split(":")[0].strip() for spec in fields}
        for _function, counts in wanted.values():
            for count in counts:
                if count not in present:
                    fields.append(f"{count}:sum")
                    present.add(count)
        sort_field = next((name for name in wanted if orderby and name in orderby), None)
        rows = super().read_group(domain, fields, groupby, offset, limit, False if sort_field else orderby, lazy)
        for row in rows:
            scoring.recompute_ratios(row, wanted)
            for name in wanted:
                if row[name] is None:
                    row[name] = False
        if sort_field:
            rows.sort(key=lambda row: row[sort_field] or 0.0, reverse="desc" in orderby.lower())
        return rows
