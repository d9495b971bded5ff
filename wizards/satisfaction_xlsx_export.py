"""XLSX workbook of the satisfaction figures, for reviewers (Sở Nội vụ).

The sheets are declared in ``satisfaction_xlsx_sheets`` (Scorecard, Units,
Officers, Procedures, Criteria) and written by ``satisfaction_xlsx_writer``.
This wizard holds the period and filters, reads each sheet's groups from its
report model through the ORM (``_read_group``: the real figures, the export
being reserved to reviewers and administrators) and turns them into rows:
every index, interval and point is computed by the pure core (``scoring``,
``indices``) or by the scorecard's own code, never by a formula repeated
here. No answer is loaded into Python, and nothing personal (comments,
citizens) is ever read.
"""

import itertools
import logging
import time
from datetime import date, datetime

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.satisfaction_period_stat import UNIT_ROLE_CONTEXT, UNIT_ROLES
from ..satisfaction_survey import indices, periods, scoring
from ..satisfaction_survey import themes as core_themes
from .satisfaction_xlsx_sheets import (
    BOLD,
    COUNTS,
    FIGURE_KEYS,
    SHEETS,
    THEME_REPORT,
    VERIFICATION_FIGURES,
    YES_NO,
)
from .satisfaction_xlsx_writer import SatisfactionXlsxWriter

_logger = logging.getLogger(__name__)

PERIOD_TYPES = [
    ("year", "Year"),
    ("quarter", "Quarter"),
    ("month", "Month"),
    ("dates", "Range of Months"),
]
QUARTERS = [("1", "Q1"), ("2", "Q2"), ("3", "Q3"), ("4", "Q4")]
MONTHS = [(str(m), "%02d" % m) for m in range(1, 13)]
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _none(value):
    """``False`` (Odoo's "no value") as None; 0 and 0.0 stay numbers."""
    return None if value is False else value


class SatisfactionXlsxExport(models.TransientModel):
    """Export the satisfaction figures of a period to an XLSX workbook."""

    _name = "satisfaction.xlsx.export"
    _description = "Satisfaction XLSX Export"

    period_type = fields.Selection(
        PERIOD_TYPES, string="Period", required=True, default="year"
    )
    year = fields.Integer(default=lambda self: fields.Date.context_today(self).year)
    quarter = fields.Selection(
        QUARTERS,
        default=lambda self: str(periods.quarter_of(fields.Date.context_today(self))),
    )
    month = fields.Selection(
        MONTHS, default=lambda self: str(fields.Date.context_today(self).month)
    )
    date_from = fields.Date(
        string="From", help="Counted from the first day of this date's month."
    )
    date_to = fields.Date(
        string="To", help="Counted up to the last day of this date's month."
    )
    scorecard_id = fields.Many2one(
        "satisfaction.scorecard",
        help="Optional: the Scorecard sheet shows the figures, points and ranks "
        "frozen in this scorecard, and the other sheets cover its period. Empty: "
        "the scorecard is computed live with the active scoring rules.",
    )
    unit_ids = fields.Many2many(
        "hr.department",
        "satisfaction_xlsx_export_unit_rel",
        "export_id",
        "unit_id",
        string="Units",
        help="Empty: every unit with dossiers or ratings in the period.",
    )
    unit_role = fields.Selection(
        UNIT_ROLES,
        required=True,
        default="receiving",
        help="Figures by the units that received the dossiers (centres and "
        "reception points), or by the agencies competent to decide them.",
    )
    questionnaire_id = fields.Many2one(
        "satisfaction.questionnaire",
        help="Limits the Officers, Procedures and Criteria sheets to this "
        "questionnaire's answers. The Scorecard and Units sheets always cover every "
        "questionnaire, like the CCHC scorecards.",
    )
    split_by_unit = fields.Boolean(
        string="Procedures and Criteria per Unit",
        help="One block of rows per unit on the Procedures and Criteria sheets.",
    )
    minimum_answers = fields.Integer(
        string="Minimum Ratings",
        default=lambda self: self.env["satisfaction.index.report"]._minimum_answers(),
        help="Below this number a figure is marked 'not enough answers' (ratings "
        "for the Scorecard and Units sheets, answers for the others, as in the "
        "reports).",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if context.get("active_model") == "satisfaction.scorecard" and context.get(
            "active_id"
        ):
            values.setdefault("scorecard_id", context["active_id"])
        return values

    @api.onchange("scorecard_id")
    def _onchange_scorecard_id(self):
        card = self.scorecard_id
        if card:
            self.period_type = "dates"
            self.date_from = card.date_from
            self.date_to = card.date_to
            self.unit_ids = card.unit_ids
            self.unit_role = card.unit_role
            self.minimum_answers = card.minimum_answers

    # ------------------------------------------------------------
    # PERIOD AND FILTERS
    # ------------------------------------------------------------

    def _month_range(self):
        """``(first month, last month)`` of the period, as first days of months."""
        self.ensure_one()
        _ = self.env._
        if self.scorecard_id:
            first, last = self.scorecard_id.date_from, self.scorecard_id.date_to
        elif self.period_type == "dates":
            if not self.date_from or not self.date_to:
                raise UserError(_("Enter the start and end dates of the period."))
            first, last = self.date_from, self.date_to
        else:
            if not self.year or not 1900 <= self.year <= 2100:
                raise UserError(_("Enter a year between 1900 and 2100."))
            if self.period_type == "quarter":
                quarter = int(self.quarter or 1)
                first, last = (
                    date(self.year, 3 * quarter - 2, 1),
                    date(self.year, 3 * quarter, 1),
                )
            elif self.period_type == "month":
                first = last = date(self.year, int(self.month or 1), 1)
            else:
                first, last = date(self.year, 1, 1), date(self.year, 12, 1)
        if not first or not last or first > last:
            raise UserError(_("The period must start before it ends."))
        return periods.month_start(first), periods.month_start(last)

    def _report_domain(self, first, last, extra=None, questionnaire=False):
        domain = [
            ("month", ">=", first),
            ("month", "<=", last),
            ("unit_id", "!=", False),
        ]
        if self.unit_ids:
            domain.append(("unit_id", "in", self.unit_ids.ids))
        if questionnaire and self.questionnaire_id:
            domain.append(("questionnaire_id", "=", self.questionnaire_id.id))
        return domain + (extra or [])

    def _period_label(self, first, last):
        if first == last:
            return first.strftime("%m/%Y")
        return "%s – %s" % (first.strftime("%m/%Y"), last.strftime("%m/%Y"))

    def _filters_label(self, first, last, questionnaire=False):
        _ = self.env._
        parts = [
            _("Period: %s", self._period_label(first, last)),
            _(
                "Units: %s",
                ", ".join(self.unit_ids.mapped("name")) if self.unit_ids else _("all"),
            ),
        ]
        if self.unit_role == "competent":
            parts.append(_("Units are the competent agencies"))
        if questionnaire:
            parts.append(
                _(
                    "Questionnaire: %s",
                    self.questionnaire_id.name if self.questionnaire_id else _("all"),
                )
            )
        parts.append(_("Minimum: %s", self.minimum_answers))
        now = datetime.now(pytz.timezone(self.env.user.tz or periods.LOCAL_TZ))
        parts.append(_("Exported on %s", now.strftime("%d/%m/%Y %H:%M")))
        return " · ".join(parts)

    # ------------------------------------------------------------
    # EXPORT
    # ------------------------------------------------------------

    def action_export(self):
        """Write the workbook, store it as an attachment of the wizard and
        download it."""
        self.ensure_one()
        for model in {sheet.query.model for sheet in SHEETS}:
            self.env[model].check_access("read")
        started = time.monotonic()
        data = self._build_workbook()
        first, last = self._month_range()
        name = "%s_%s-%s.xlsx" % (
            self.env._("satisfaction"),
            first.strftime("%Y%m"),
            last.strftime("%Y%m"),
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": name,
                "raw": data,
                "mimetype": XLSX_MIMETYPE,
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        _logger.info(
            "Satisfaction XLSX export %s: %s bytes in %.2f s",
            name,
            len(data),
            time.monotonic() - started,
        )
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/%s?download=true" % attachment.id,
            "target": "self",
        }

    def _build_workbook(self):
        """The XLSX file as bytes: every sheet of ``SHEETS``, in order."""
        self.ensure_one()
        self._check_small_groups_visible()
        first, last = self._month_range()
        writer = SatisfactionXlsxWriter(self.env)
        try:
            for sheet in SHEETS:
                self._write_sheet(writer, sheet, first, last)
        finally:
            data = writer.close()
        return data

    def _check_small_groups_visible(self):
        """The sheets show every group, however few its respondents: refused
        to users from whom the reports hide small groups (whatever access
        rights they are given to this wizard)."""
        for model in {sheet.query.model for sheet in SHEETS}:
            Report = self.env[model]
            mixin = self.env.registry["satisfaction.small.group.mixin"]
            if not isinstance(Report, mixin) or Report._small_groups_hidden():
                raise AccessError(
                    self.env._(
                        "The XLSX export shows groups of fewer respondents than "
                        "the minimum group size: it is reserved to reviewers and "
                        "administrators."
                    )
                )

    def _write_sheet(self, writer, sheet, first, last):
        """Read the rows of a declared ``sheet`` and write them with ``writer``."""
        rows, items = getattr(self, sheet.rows)(
            sheet, self._read_groups(sheet.query, first, last), first, last
        )
        if isinstance(sheet.title, str):
            title = getattr(self, sheet.title)()
        else:
            title = self.env._(sheet.title)
        return writer.write_sheet(
            sheet,
            sheet.columns_for(self, items),
            rows,
            title,
            self._filters_label(first, last, sheet.query.questionnaire),
        )

    # ------------------------------------------------------------
    # ROWS
    # ------------------------------------------------------------

    def _read_groups(self, query, first, last):
        """The groups of a sheet's ``Query``, read with the report's
        ``_read_group`` (the real figures: the export is for reviewers), as
        dicts keyed by field name."""
        if query.unless and self[query.unless]:
            return []
        Report = self.env[query.model].with_context(
            **{UNIT_ROLE_CONTEXT: self.unit_role}
        )
        # the index report has both units as fields: the sheets' unit column
        # reads the competent agency in its place
        unit_field = (
            "competent_unit_id"
            if self.unit_role == "competent" and "competent_unit_id" in Report._fields
            else "unit_id"
        )
        aggregates = []
        for spec in query.aggregates:
            if spec == COUNTS:
                aggregates += [
                    f"{name}:sum"
                    for name, field in Report._fields.items()
                    if field.type == "integer" and name.endswith("_count")
                ]
            else:
                aggregates.append(spec)
        groupby = query.groupby_for(self)
        keys = [spec.split(":")[0] for spec in groupby + aggregates]
        domain = self._report_domain(
            first, last, list(query.domain), questionnaire=query.questionnaire
        )
        if unit_field != "unit_id":
            groupby = [unit_field if spec == "unit_id" else spec for spec in groupby]
            domain = [
                (unit_field, *leaf[1:])
                if isinstance(leaf, tuple) and leaf[0] == "unit_id"
                else leaf
                for leaf in domain
            ]
        groups = Report._read_group(
            domain,
            groupby,
            aggregates,
            order=", ".join(groupby),
        )
        return [dict(zip(keys, group)) for group in groups]

    def _figure_values(self, figure):
        """The values of a ``scoring.IndexFigure`` under their row keys."""
        return {key: getattr(figure, name) for key, name in FIGURE_KEYS.items()}

    def _index_values(self, satisfied, answers, sample=None):
        """The index figure's values of summed counts, by the core."""
        return self._figure_values(
            scoring.aggregate_index(
                [(int(satisfied or 0), int(answers or 0))],
                self.minimum_answers,
                sample=sample,
            )
        )

    def _scorecard_title(self):
        _ = self.env._
        if not self.scorecard_id:
            return _("CCHC satisfaction scorecard, computed on export")
        title = _("CCHC satisfaction scorecard: %s", self.scorecard_id.name)
        if self.scorecard_id.state != "published":
            title += " (%s)" % _("draft")
        return title

    def _rows_scorecard(self, sheet, groups, first, last):
        """One row per unit, ranked, with ``points`` per rule key; the CCHC
        rules as items.

        From the chosen scorecard's lines when there is one, else computed
        now by ``satisfaction.scorecard`` from the unit period report's counts
        and the active rules.
        """
        if self.scorecard_id:
            rule_items, rows = self._scorecard_rows_frozen(sheet)
        else:
            rule_items, rows = self._scorecard_rows_live(groups, first, last)
        for row in rows:
            self._verification_cells(row)
        rows.sort(
            key=lambda row: (
                row.get("rank") or 0,
                -(row.get("satisfaction_index") or 0.0),
                row["unit_id"].name or "",
            )
        )
        return rows, {"rules": rule_items}

    def _verification_cells(self, row):
        """Counter vs independent: empty for a unit without a closed survey."""
        if not row.get("campaign_id"):
            for name in VERIFICATION_FIGURES:
                row[name] = None
            row["campaign_flag"] = None
            return
        row["campaign_flag"] = self.env._(
            YES_NO[0] if row.get("campaign_counter_above") else YES_NO[1]
        )

    def _scorecard_rows_live(self, groups, first, last):
        counts_by_unit = {
            group["unit_id"]: {
                name: int(value or 0)
                for name, value in group.items()
                if name != "unit_id"
            }
            for group in groups
        }
        for unit in self.unit_ids:
            counts_by_unit.setdefault(unit, {})
        rules = self.env["satisfaction.cchc.rule"].search([])
        target = (
            self.env["satisfaction.target"]._target_for_year(first.year)
            if first.year == last.year
            else None
        )
        card = self.env["satisfaction.scorecard"].new(
            {"year": first.year, "minimum_answers": self.minimum_answers}
        )
        rule_items = [
            (rule.id, {"rule": rule.name, "max": rule.max_points}) for rule in rules
        ]
        rows = []
        for vals in card._prepare_lines(counts_by_unit, rules, target):
            row = {
                key: _none(value) for key, value in vals.items() if key != "point_ids"
            }
            row["unit_id"] = self.env["hr.department"].browse(vals["unit_id"])
            row["points"] = {
                command[2]["rule_id"]: command[2]["points"]
                for command in vals["point_ids"]
            }
            rows.append(row)
        return rule_items, rows

    def _scorecard_rows_frozen(self, sheet):
        """Rows of the chosen scorecard's lines: the figures its columns
        show, as frozen in the lines."""
        card = self.scorecard_id
        lines = card.line_ids
        figures = [
            column.key
            for column in sheet.columns
            if column.key in lines._fields and column.key != "unit_id"
        ]
        if self.unit_ids:
            lines = lines.filtered(lambda line: line.unit_id in self.unit_ids)
        points = lines.point_ids.sorted(
            lambda point: (point.sequence, point.name or "", point.id)
        )
        rule_items = {}
        for point in points:
            rule_items.setdefault(
                (point.sequence, point.name),
                {"rule": point.name, "max": point.max_points},
            )
        target = card.target_index or None  # stored as 0.0 when the year has no target
        rows = []
        for line in lines:
            row = {name: _none(line[name]) for name in figures}
            if target is None:
                row["target_index"] = row["target_gap"] = None
            # Ratios without anything to compute them from are stored as 0:
            # show them empty.
            if not line.answer_count:
                for name in (
                    "satisfaction_index",
                    "index_low",
                    "index_high",
                    "officer_index",
                    "overall_index",
                    "weighted_score",
                    "target_gap",
                ):
                    row[name] = None
            if not line.request_count:
                row["response_rate"] = row["qd766_ratio"] = None
            row["unit_id"] = line.unit_id
            row["campaign_id"] = line.campaign_name
            row["campaign_counter_above"] = line.campaign_counter_above
            row["points"] = {
                (point.sequence, point.name): point.points for point in line.point_ids
            }
            rows.append(row)
        return list(rule_items.items()), rows

    def _rows_units(self, sheet, groups, first, last):
        """One row per unit and month (written as they are computed)."""
        return (self._unit_row(group) for group in groups), {}

    def _unit_row(self, group):
        """Ratios recomputed from the summed counts by the core."""
        counts = {
            name: int(value or 0)
            for name, value in group.items()
            if name.endswith("_count")
        }
        ratio_specs = self.env["satisfaction.unit.period.report"]._ratio_specs
        figure = self._index_values(
            counts["satisfied_count"],
            counts["answer_count"],
            sample=counts["response_count"],
        )
        target = _none(group["target_index"])
        return {
            **scoring.recompute_ratios(dict(counts), ratio_specs),
            **figure,
            "unit_id": group["unit_id"],
            "month": group["month"],
            "target_index": target,
            "target_gap": scoring.change_pp(target, figure["satisfaction_index"]),
        }

    def _rows_officers(self, sheet, groups, first, last):
        """One row per officer, unit and month (written as they are computed);
        the officer criteria as items: criteria of several questionnaires
        asking the same question (same code) share a column."""
        criterion_items = {}
        for criterion in (
            self.env["satisfaction.criterion"]
            .union(*(group["criterion_id"] for group in groups))
            .sorted()
        ):
            criterion_items.setdefault(
                criterion.code or criterion.id, (criterion.name,)
            )
        blocks = itertools.groupby(
            groups,
            key=lambda group: (group["officer_id"], group["unit_id"], group["month"]),
        )
        rows = (self._officer_row(*keys, block) for keys, block in blocks)
        return rows, {"criteria": list(criterion_items.items())}

    def _officer_row(self, officer, unit, month, groups):
        """The officer's answers summed over their criteria, and the index of
        each criterion, by the core."""
        by_criterion = {}
        for group in groups:
            criterion = group["criterion_id"]
            pair = by_criterion.setdefault(criterion.code or criterion.id, [0, 0])
            pair[0] += int(group["satisfied_count"] or 0)
            pair[1] += int(group["answer_count"] or 0)
        satisfied, answers = indices.aggregate_counts(
            tuple(pair) for pair in by_criterion.values()
        )
        return {
            "officer_id": officer,
            "unit_id": unit,
            "month": month,
            **self._index_values(satisfied, answers),
            "criteria": {
                key: indices.satisfaction_index(*pair)
                for key, pair in by_criterion.items()
            },
        }

    def _rows_procedures(self, sheet, groups, first, last):
        """One row per procedure (per unit and procedure when split)."""
        return (
            {
                **group,
                **self._index_values(group["satisfied_count"], group["answer_count"]),
            }
            for group in groups
        ), {}

    def _rows_criteria(self, sheet, groups, first, last):
        """Per questionnaire (per unit and questionnaire when split): each
        element in bold, its criteria, then the overall row in bold; figures
        by the core's SIPAS aggregation of the summed answers."""
        _ = self.env._
        blocks = ["unit_id"] if self.split_by_unit else []
        rows = []
        for (*units, questionnaire), block in itertools.groupby(
            groups,
            key=lambda group: (
                *(group[name] for name in blocks),
                group["questionnaire_id"],
            ),
        ):
            figures = scoring.sipas_indices(
                (
                    (
                        group["criterion_id"],
                        group["element_id"],
                        int(group["satisfied_count"] or 0),
                        int(group["answer_count"] or 0),
                    )
                    for group in block
                ),
                self.minimum_answers,
            )
            base = {"questionnaire": questionnaire.name}
            if units:
                base["unit_id"] = units[0]
            elements = self.env["satisfaction.element"].union(*figures.elements)
            for element in elements.sorted():
                rows.append(
                    {
                        **base,
                        BOLD: True,
                        "level": _("Element"),
                        "element": element.name,
                        **self._figure_values(figures.elements[element]),
                    }
                )
                rows.extend(
                    {
                        **base,
                        "level": _("Criterion"),
                        "element": element.name,
                        "criterion": criterion.name,
                        **self._figure_values(figure),
                    }
                    for criterion, figure in figures.criteria.items()
                    if criterion.element_id == element
                )
            rows.append(
                {
                    **base,
                    BOLD: True,
                    "level": _("Overall"),
                    "element": _("All criteria"),
                    **self._figure_values(figures.overall),
                }
            )
        return rows, {}

    def _rows_themes(self, sheet, groups, first, last):
        """One row per theme (per unit and theme when split), in the themes'
        order. A group of fewer distinct ratings than the minimum group size is
        left empty, examples included, whoever exports: the file leaves the
        system."""
        Report = self.env[THEME_REPORT]
        base = self._report_domain(first, last)
        rows = []
        for group in groups:
            domain = base + [("theme_id", "=", group["theme_id"].id)]
            if group.get("unit_id"):
                domain.append(("unit_id", "=", group["unit_id"].id))
            rows.append(
                {
                    **group,
                    "low_share": core_themes.low_share(
                        int(group["low_count"] or 0), int(group["rating_count"] or 0)
                    ),
                    "__domain": domain,
                }
            )
        minimum = Report._min_group_size()
        for row, size in zip(rows, Report._small_group_sizes(rows)):
            domain = row.pop("__domain")
            if size < minimum:
                Report._blank_small_group(row)
                row["low_share"] = row["examples"] = None
                continue
            row["examples"] = self._theme_examples(Report, domain)
        return rows, {}

    def _theme_examples(self, Report, domain, limit=3):
        """The latest redacted example comments of the report's rows."""
        lines = []
        for report_row in Report.search(domain, order="month desc"):
            lines += (report_row.example_comments or "").splitlines()
            if len(lines) >= limit:
                break
        return "\n".join(lines[:limit]) or None
