import contextlib
import gc

from odoo import api, models
from odoo.osv import expression

from ..satisfaction_survey import scoring

# Groupings formatted by format_plain_groups: one value per group, one leaf.
PLAIN_GROUP_TYPES = ("many2one", "selection", "boolean")


@contextlib.contextmanager
def gc_paused():
    """Python's cyclic garbage collector paused for the block.

    A grouping of tens of thousands of groups (officer × procedure) allocates
    hundreds of thousands of small tuples and dicts; the collector, started
    every 700 allocations, then walks the worker's whole heap (the registry)
    again and again: two thirds of the Python time of such a read. None of
    these objects forms a cycle, so nothing is left for the collector when the
    block ends.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_group_with_derived(call, fields, orderby, derived, needed, fill):
    """``read_group`` where some fields are derived per group, not aggregated in SQL.

    ``call(fields, orderby)`` runs the next ``read_group``. The requested
    fields that are in ``derived`` are taken out, the field specs
    ``needed(wanted)`` are added when not already asked for, ``fill(row,
    wanted)`` computes the derived values of each group, and an order on a
    derived field is applied in Python. Shared by every report whose group
    figures are recomputed from summed counts.
    """
    with gc_paused():
        return _read_group_with_derived(call, fields, orderby, derived, needed, fill)


def _read_group_with_derived(call, fields, orderby, derived, needed, fill):
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


def format_plain_groups(model, rows, lazy_groupby):
    """What ``_read_group_format_result`` makes of ``rows``, for groupings on
    many2one, selection and boolean fields only; False (nothing done) otherwise.

    A report grouped by two such fields has tens of thousands of groups
    (officer × procedure): Odoo's formatting switches each record to superuser
    for its name and normalises the same domain again for each group and
    field. Here the names are read once for all groups (as superuser, as
    Odoo does) and each group's domain is the normalised domain of the query,
    then one ``(field, '=', value)`` leaf per grouping, in grouping order: the
    domain ``expression.AND`` gives, leaf for leaf. Groups with the same value
    share its (immutable) label and leaf.
    """
    fields = [model._fields.get(spec) for spec in lazy_groupby]
    if (
        not rows
        or not fields
        or any(field is None or field.type not in PLAIN_GROUP_TYPES for field in fields)
    ):
        return False
    domain = rows[0]["__domain"]
    if any(row["__domain"] is not domain for row in rows):
        return False
    base = expression.normalize_domain(domain)
    if base == [expression.FALSE_LEAF]:
        return False
    if base == [expression.TRUE_LEAF]:
        prefix = ["&"] * (len(fields) - 1)
    else:
        prefix = ["&"] * len(fields) + base
    # per grouping: (key of a group's value, {key: (label of the group, leaf)});
    # a many2one's key is its ids, a tuple of at most one id
    columns = []
    for spec, field in zip(lazy_groupby, fields):
        values = [row[spec] for row in rows]
        if field.type != "many2one":
            columns.append(
                (
                    spec,
                    False,
                    {value: (value, (field.name, "=", value)) for value in set(values)},
                )
            )
            continue
        env = values[0].env
        if any(len(value._ids) > 1 or value.env is not env for value in values):
            return False
        keys = {value._ids for value in values}
        column = {(): (False, (field.name, "=", False))}
        ids = [key[0] for key in keys if key]
        for record in values[0].browse(ids).sudo():
            column[(record.id,)] = (
                (record.id, record.display_name),
                (field.name, "=", record.id),
            )
        columns.append((spec, True, column))
    for row in rows:
        leaves = []
        for spec, relational, column in columns:
            value = row[spec]
            label, leaf = column[value._ids if relational else value]
            row[spec] = label
            leaves.append(leaf)
        row["__domain"] = prefix + leaves
    return True


# Context key of the actions whose tables (pivot, grouped list) show the latest month
# first; graphs keep time order.
LATEST_FIRST_CONTEXT = "satisfaction_latest_first"
# A domain matching nothing: the drill-down of a point added for an empty month.
NOTHING = [(0, "=", 1)]


def latest_first_orderby(model, groupby, orderby, lazy):
    """``orderby`` of a table's read_group: date groups newest first.

    Only for the actions that ask for it (``LATEST_FIRST_CONTEXT``), never for a
    graph (``fill_temporal``: a trend reads left to right) nor when the view
    already orders.
    """
    context = model.env.context
    if orderby or not groupby or not context.get(LATEST_FIRST_CONTEXT):
        return orderby
    if context.get("fill_temporal"):
        return orderby
    specs = [groupby] if isinstance(groupby, str) else list(groupby)
    specs = specs[:1] if lazy else specs
    terms = []
    for spec in specs:
        field = model._fields.get(spec.split(":")[0].split(".")[0].strip())
        dated = field is not None and field.type in ("date", "datetime")
        terms.append("%s %s" % (spec, "desc" if dated else "asc"))
    return ", ".join(terms)


def graph_groups(model, groups, groupby, derived, lazy):
    """Groups of a graph where a month without answers is a gap, never 0.

    The graph asks for filled months (``fill_temporal``) and draws a missing
    or False value as 0: a figure that cannot be computed (no answers) is
    returned as None (drawn as a gap), and when the graph splits months by
    another field (unit, series) every month gets every value of that field,
    empty ones included, so that the client does not fill them with 0.
    """
    if lazy or not model.env.context.get("fill_temporal") or not groups:
        return groups
    for group in groups:
        for name in derived:
            if name in group and group[name] is False:
                group[name] = None
    specs = [groupby] if isinstance(groupby, str) else list(groupby)
    first = specs[0].split(":")[0]
    if len(specs) < 2 or model._fields[first].type not in ("date", "datetime"):
        return groups
    date_key, other_keys = specs[0], specs[1:]

    def combo(group):
        return tuple(
            tuple(value) if isinstance(value, list) else value
            for value in (group[key] for key in other_keys)
        )

    months, combos, known, by_key, ranges = [], [], set(), {}, {}
    for group in groups:
        month = group[date_key]
        if month not in ranges:
            months.append(month)
            ranges[month] = group.get("__range")
        placeholder = not group.get("__count") and not any(combo(group))
        if placeholder:
            continue
        key = combo(group)
        if key not in known:
            known.add(key)
            combos.append(key)
        by_key[(month, key)] = group
    if not combos:
        return groups
    measures = [
        name
        for name in groups[0]
        if name not in specs and name not in ("__count", "__domain", "__range")
    ]
    result = []
    for month in months:
        for key in combos:
            group = by_key.get((month, key))
            if group is None:
                group = {date_key: month, "__count": 0, "__domain": NOTHING}
                group.update(
                    zip(
                        other_keys,
                        (list(v) if isinstance(v, tuple) else v for v in key),
                    )
                )
                group.update(dict.fromkeys(measures))
                if ranges.get(month) is not None:
                    group["__range"] = ranges[month]
            result.append(group)
    return result


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
        orderby = latest_first_orderby(self, groupby, orderby, lazy)

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

    @api.model
    def _web_read_group(
        self, domain, fields, groupby, limit=None, offset=0, orderby=False, lazy=True
    ):
        groups = super()._web_read_group(
            domain, fields, groupby, limit, offset, orderby, lazy
        )
        return graph_groups(self, groups, groupby, self._graph_derived(), lazy)

    @api.model
    def _read_group_format_result(self, rows_dict, lazy_groupby):
        if format_plain_groups(self, rows_dict, lazy_groupby):
            return None
        return super()._read_group_format_result(rows_dict, lazy_groupby)

    @api.model
    def _graph_derived(self):
        """Fields whose False means "cannot be computed" (a gap in a graph)."""
        return tuple(self._ratio_specs)
