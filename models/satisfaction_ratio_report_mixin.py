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
        "((%(p)s + %(z)s * %(z)s / (2 * %(n)s)) %(sign)s "
        "%(z)s * sqrt(%(p)s * (1 - %(p)s) / %(n)s"
        " + %(z)s * %(z)s / (4 * %(n)s * %(n)s))) / (1 + %(z)s * %(z)s / %(n)s)",
        p=p,
        n=n,
        z=z,
        sign=sign,
    )
    if bound == "low":
        return SQL("round((100 * greatest(0.0, %s))::numeric, 2)", bound_sql)
    return SQL("round((100 * least(1.0, %s))::numeric, 2)", bound_sql)


def read_group_with_derived(call, fields, orderby, derived, needed, fill):
    """``read_group`` where some fields are derived per group, not aggregated in SQL.

    ``call(fields, orderby)`` runs the next ``read_group``. The requested
    fields that are in ``derived`` are taken out, the field specs
    ``needed(wanted)`` are added when not already asked for, ``fill(row,
    wanted)`` computes the derived values of each group, and an order on a
    derived field is applied in Python. Shared by every report whose group
    figures are recomputed from summed counts.
    """
    requested = [spec.split(":")[0].strip() for spec in fields]
    wanted = [name for name in derived if name in requested]
    if not wanted:
        return call(fields, orderby)
    fields = [spec for spec, name in zip(fields, requested) if name not in derived]
    present = {spec.split(":")[0].strip() for spec in fields}
    for spec in needed(wanted):
        name = spec.split(":")[0].strip()
        if name not in present:
            fields.append(spec)
            present.add(name)
    sort_field = next((name for name in wanted if orderby and name in orderby), None)
    rows = call(fields, False if sort_field else orderby)
    for row in rows:
        fill(row, wanted)
    if sort_field:
        rows.sort(
            key=lambda row: row[sort_field] or 0.0, reverse="desc" in orderby.lower()
        )
    return rows


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
    def read_group(
        self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True
    ):
        """Recompute the requested ratios of each group from its summed counts."""
        specs = self._ratio_specs

        def fill(row, wanted):
            scoring.recompute_ratios(row, {name: specs[name] for name in wanted})
            for name in wanted:
                if row[name] is None:
                    row[name] = False

        return read_group_with_derived(
            lambda fields_, orderby_: super(
                SatisfactionRatioReportMixin, self
            ).read_group(domain, fields_, groupby, offset, limit, orderby_, lazy),
            fields,
            orderby,
            specs,
            lambda wanted: [
                f"{count}:sum" for name in wanted for count in specs[name][1]
            ],
            fill,
        )
