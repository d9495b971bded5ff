"""XLSX workbook of the satisfaction figures, for reviewers (Sở Nội vụ).

One sheet per view a reviewer needs: Scorecard, Units (unit × month),
Officers (officer × month, with the officer criteria), Procedures and
Criteria (criterion × element). Every figure comes from aggregated rows of
the report models (``satisfaction.unit.period.report``,
``satisfaction.index.report``) or from scorecard lines, and every index,
interval and point is computed by the pure core (``scoring``, ``indices``)
or by the scorecard's own code: no answer is loaded into Python and no
formula is repeated here.

The workbook is written with xlsxwriter in ``constant_memory`` mode: each
row goes to a temporary file as soon as it is written (rows are written in
order, never revisited), so memory stays bounded by one row per sheet plus
the aggregated rows of one query. Strings are never turned into formulas or
links (a unit named "=1+1" stays text).
"""

import io
import itertools
import logging
import time
from datetime import date, datetime

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import xlsxwriter

from ..satisfaction_survey import indices, periods, scoring

_logger = logging.getLogger(__name__)

PERIOD_TYPES = [
    ("year", "Year"),
    ("quarter", "Quarter"),
    ("month", "Month"),
    ("dates", "Dates"),
]
QUARTERS = [("1", "Q1"), ("2", "Q2"), ("3", "Q3"), ("4", "Q4")]
MONTHS = [(str(m), "%02d" % m) for m in range(1, 13)]
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Layout shared by every sheet: title, period and filters, note, then the header row.
TITLE_ROW, FILTER_ROW, NOTE_ROW, HEADER_ROW = 0, 1, 2, 3
FIRST_DATA_ROW = HEADER_ROW + 1

# Column kinds: how a value is written.
TEXT, INT, PCT, NUM, MONTH, BOOL = "text", "int", "pct", "num", "month", "bool"


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
        if questionnaire:
            parts.append(
                _(
                    "Questionnaire: %s",
                    self.questionnaire_id.name if self.questionnaire_id else _("all"),
                )
            )
        parts.append(_("Minimum: %s", self.minimum_answers))
        now = datetime.now(pytz.timezone(self.env.user.tz or "Asia/Ho_Chi_Minh"))
        parts.append(_("Exported on %s", now.strftime("%d/%m/%Y %H:%M")))
        return " · ".join(parts)

    # ------------------------------------------------------------
    # EXPORT
    # ------------------------------------------------------------

    def action_export(self):
        """Write the workbook, store it as an attachment of the wizard and
        download it."""
        self.ensure_one()
        self.env["satisfaction.unit.period.report"].check_access("read")
        self.env["satisfaction.index.report"].check_access("read")
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
        """The XLSX file as bytes."""
        self.ensure_one()
        first, last = self._month_range()
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(
            buffer,
            {
                "constant_memory": True,
                "in_memory": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        try:
            formats = self._formats(workbook)
            self._sheet_scorecard(workbook, formats, first, last)
            self._sheet_units(workbook, formats, first, last)
            self._sheet_officers(workbook, formats, first, last)
            self._sheet_procedures(workbook, formats, first, last)
            self._sheet_criteria(workbook, formats, first, last)
        finally:
            workbook.close()
        return buffer.getvalue()

    @api.model
    def _formats(self, workbook):
        return {
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "note": workbook.add_format({"italic": True, "font_color": "#52606D"}),
            "header": workbook.add_format(
                {
                    "bold": True,
                    "text_wrap": True,
                    "valign": "top",
                    "bg_color": "#E6F0FA",
                    "border": 1,
                }
            ),
            TEXT: workbook.add_format({}),
            INT: workbook.add_format({"num_format": "#,##0"}),
            PCT: workbook.add_format({"num_format": "0.00%"}),
            NUM: workbook.add_format({"num_format": "0.00"}),
            MONTH: workbook.add_format({"num_format": "mm/yyyy", "align": "left"}),
            BOOL: workbook.add_format({"align": "center"}),
            "bold_" + TEXT: workbook.add_format({"bold": True}),
            "bold_" + INT: workbook.add_format({"bold": True, "num_format": "#,##0"}),
            "bold_" + PCT: workbook.add_format({"bold": True, "num_format": "0.00%"}),
            "bold_" + NUM: workbook.add_format({"bold": True, "num_format": "0.00"}),
            "bold_" + MONTH: workbook.add_format(
                {"bold": True, "num_format": "mm/yyyy", "align": "left"}
            ),
            "bold_" + BOOL: workbook.add_format({"bold": True, "align": "center"}),
        }

    # ------------------------------------------------------------
    # WRITING HELPERS
    # ------------------------------------------------------------

    def _start_sheet(
        self, workbook, formats, name, title, filters, note, columns, freeze_columns=1
    ):
        """Add a sheet with its title, filters, note and header; return it.

        ``columns`` are ``(header, width, kind)``.
        """
        sheet = workbook.add_worksheet(name)
        sheet.write_string(TITLE_ROW, 0, title, formats["title"])
        sheet.write_string(FILTER_ROW, 0, filters, formats["note"])
        if note:
            sheet.write_string(NOTE_ROW, 0, note, formats["note"])
        sheet.set_row(HEADER_ROW, 45)
        for col, (header, width, _kind) in enumerate(columns):
            sheet.set_column(col, col, width)
            sheet.write_string(HEADER_ROW, col, header, formats["header"])
        sheet.freeze_panes(FIRST_DATA_ROW, freeze_columns)
        return sheet

    def _write_row(self, sheet, formats, row, columns, values, bold=False):
        """Write one data row; None leaves the cell empty ("no figure", never 0)."""
        _ = self.env._
        prefix = "bold_" if bold else ""
        for col, ((_header, _width, kind), value) in enumerate(zip(columns, values)):
            fmt = formats[prefix + kind]
            if value is None or (value is False and kind != BOOL):
                sheet.write_blank(row, col, None, fmt)
            elif kind == TEXT:
                sheet.write_string(row, col, str(value), fmt)
            elif kind == PCT:
                # Percent figures are 0-100 in the module, fractions in a spreadsheet.
                sheet.write_number(row, col, round(value / 100.0, 6), fmt)
            elif kind == MONTH:
                sheet.write_datetime(
                    row, col, datetime(value.year, value.month, 1), fmt
                )
            elif kind == BOOL:
                sheet.write_string(row, col, _("Yes") if value else _("No"), fmt)
            else:
                sheet.write_number(row, col, value, fmt)

    def _finish_sheet(self, sheet, formats, columns, last_row):
        """Autofilter over the header and data; a line when there is no data."""
        if last_row < FIRST_DATA_ROW:
            sheet.write_string(
                FIRST_DATA_ROW,
                0,
                self.env._("No data for this period."),
                formats["note"],
            )
            last_row = FIRST_DATA_ROW
        sheet.autofilter(HEADER_ROW, 0, last_row, len(columns) - 1)

    def _reliability(self, enough):
        _ = self.env._
        return _("Enough answers") if enough else _("Not enough answers")

    def _index_cells(self, satisfied, answers, minimum, sample=None):
        """``[answers, satisfied, index, low, high, reliability]`` of summed
        counts, by the core."""
        figure = scoring.aggregate_index(
            [(int(satisfied or 0), int(answers or 0))], minimum, sample=sample
        )
        return self._figure_cells(figure)

    def _figure_cells(self, figure):
        """``[answers, satisfied, index, low, high, reliability]`` of a
        ``scoring.IndexFigure``."""
        return [
            figure.answers,
            figure.satisfied,
            figure.index,
            figure.low,
            figure.high,
            self._reliability(figure.enough),
        ]

    def _unit_figure_columns(self):
        """Columns of a unit's figures, shared by the Scorecard and Units sheets."""
        _ = self.env._
        return [
            *self._index_columns(),
            (_("Officer Index"), 11, PCT),
            (_("Overall Question Index"), 12, PCT),
            (_("Weighted Score (GOV.UK)"), 12, NUM),
            (_("Dossiers Returned"), 11, INT),
            (_("Dossiers Rated"), 10, INT),
            (_("Response Rate"), 11, PCT),
            (_("Dissatisfied or Overdue"), 12, INT),
            (_("QĐ 766 Ratio"), 11, PCT),
        ]

    def _index_columns(self, answers_label=None):
        _ = self.env._
        return [
            (answers_label or _("Answers"), 10, INT),
            (_("Satisfied Answers"), 11, INT),
            (_("Satisfaction Index"), 12, PCT),
            (_("95 % Interval Low"), 11, PCT),
            (_("95 % Interval High"), 11, PCT),
            (_("Reliability"), 16, TEXT),
        ]

    # ------------------------------------------------------------
    # SHEET: SCORECARD
    # ------------------------------------------------------------

    def _scorecard_rows(self, first, last):
        """``(rule columns, rows, target)`` of the Scorecard sheet.

        Rows are dicts with the scorecard line's figures and ``points`` per
        rule key. From the chosen scorecard's lines when there is one, else
        computed now by ``satisfaction.scorecard`` from the unit period
        report's counts (one grouped query) and the active rules.
        """
        if self.scorecard_id:
            return self._scorecard_rows_frozen()
        Report = self.env["satisfaction.unit.period.report"]
        counts_by_unit = Report._unit_counts(self._report_domain(first, last))
        for unit in self.unit_ids:
            counts_by_unit.setdefault(unit, {})
        rules = self.env["satisfaction.cchc.rule"].search([])
        target = (
            self.env["satisfaction.target"]._target_for_year(first.year)
            if first.year == last.year
            else None
        )
        card = self.env["satisfaction.scorecard"].new(
            {
                "year": first.year,
                "minimum_answers": self.minimum_answers,
            }
        )
        rule_columns = [(rule.id, rule.name, rule.max_points) for rule in rules]
        rows = []
        for vals in card._prepare_lines(counts_by_unit, rules, target):
            row = {
                key: _none(value) for key, value in vals.items() if key != "point_ids"
            }
            row["unit"] = self.env["hr.department"].browse(vals["unit_id"])
            row["points"] = {
                command[2]["rule_id"]: command[2]["points"]
                for command in vals["point_ids"]
            }
            rows.append(row)
        return rule_columns, rows, target

    def _scorecard_rows_frozen(self):
        card = self.scorecard_id
        lines = card.line_ids
        if self.unit_ids:
            lines = lines.filtered(lambda line: line.unit_id in self.unit_ids)
        points = lines.point_ids.sorted(
            lambda point: (point.sequence, point.name or "", point.id)
        )
        rule_columns = []
        for point in points:
            key = (point.sequence, point.name)
            if key not in [column[0] for column in rule_columns]:
                rule_columns.append((key, point.name, point.max_points))
        figures = (
            "rank",
            "response_count",
            "answer_count",
            "satisfied_count",
            "satisfaction_index",
            "index_low",
            "index_high",
            "enough_answers",
            "officer_index",
            "overall_index",
            "weighted_score",
            "request_count",
            "answered_count",
            "response_rate",
            "flagged_count",
            "qd766_ratio",
            "total_points",
            "max_points",
            "target_index",
            "target_gap",
            "meets_target",
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
            row["unit"] = line.unit_id
            row["points"] = {
                (point.sequence, point.name): point.points for point in line.point_ids
            }
            rows.append(row)
        return rule_columns, rows, target

    def _sheet_scorecard(self, workbook, formats, first, last):
        _ = self.env._
        rule_columns, rows, target = self._scorecard_rows(first, last)
        rows.sort(
            key=lambda row: (
                row["rank"] or 0,
                -(row["satisfaction_index"] or 0.0),
                row["unit"].name or "",
            )
        )
        columns = [
            (_("Rank"), 7, INT),
            (_("Unit"), 34, TEXT),
            (_("Ratings"), 10, INT),
            *self._unit_figure_columns(),
            *[
                (
                    _("%(rule)s (points, max %(max)s)", rule=name, max=max_points),
                    14,
                    NUM,
                )
                for _key, name, max_points in rule_columns
            ],
            (_("Total Points"), 10, NUM),
            (_("Out of"), 8, NUM),
            (_("Target"), 10, PCT),
            (_("Gap to Target (pp)"), 11, NUM),
            (_("Target Met"), 9, BOOL),
        ]
        if self.scorecard_id:
            title = _("CCHC satisfaction scorecard: %s", self.scorecard_id.name)
            if self.scorecard_id.state != "published":
                title += " (%s)" % _("draft")
        else:
            title = _("CCHC satisfaction scorecard, computed on export")
        sheet = self._start_sheet(
            workbook,
            formats,
            _("Scorecard"),
            title,
            self._filters_label(first, last),
            _(
                "Index: share of 'Satisfied' and 'Very satisfied' answers (SIPAS), "
                "with its 95 % Wilson interval. QĐ 766 ratio: unrated dossiers count "
                "as satisfied, read it with the response rate."
            ),
            columns,
            freeze_columns=2,
        )
        row_index = HEADER_ROW
        for row in rows:
            row_index += 1
            index_cells = [
                row["answer_count"],
                row["satisfied_count"],
                row["satisfaction_index"],
                row["index_low"],
                row["index_high"],
                self._reliability(row["enough_answers"]),
            ]
            self._write_row(
                sheet,
                formats,
                row_index,
                columns,
                [
                    row["rank"],
                    row["unit"].complete_name or row["unit"].name,
                    row["response_count"],
                    *index_cells,
                    row["officer_index"],
                    row["overall_index"],
                    row["weighted_score"],
                    row["request_count"],
                    row["answered_count"],
                    row["response_rate"],
                    row["flagged_count"],
                    row["qd766_ratio"],
                    *[row["points"].get(key, 0.0) for key, _name, _max in rule_columns],
                    row["total_points"],
                    row["max_points"],
                    row["target_index"],
                    row["target_gap"],
                    bool(row["meets_target"]),
                ],
            )
        self._finish_sheet(sheet, formats, columns, row_index)
        if rows:
            self._insert_index_chart(workbook, sheet, columns, row_index, target)

    def _insert_index_chart(self, workbook, sheet, columns, last_row, target):
        """Column chart of the index by unit (with the target as a line) below
        the table."""
        _ = self.env._
        name = sheet.get_name()
        col_of = {header: col for col, (header, _w, _k) in enumerate(columns)}
        unit_col, index_col, target_col = (
            col_of[_("Unit")],
            col_of[_("Satisfaction Index")],
            col_of[_("Target")],
        )
        chart = workbook.add_chart({"type": "column"})
        chart.add_series(
            {
                "name": _("Satisfaction Index"),
                "categories": [name, FIRST_DATA_ROW, unit_col, last_row, unit_col],
                "values": [name, FIRST_DATA_ROW, index_col, last_row, index_col],
                "fill": {"color": "#0B5CAD"},
                "data_labels": {"value": True, "num_format": "0.0%"},
            }
        )
        if target is not None:
            line = workbook.add_chart({"type": "line"})
            line.add_series(
                {
                    "name": _("Target"),
                    "categories": [name, FIRST_DATA_ROW, unit_col, last_row, unit_col],
                    "values": [name, FIRST_DATA_ROW, target_col, last_row, target_col],
                    "line": {"color": "#B42318", "dash_type": "dash"},
                    "marker": {"type": "none"},
                }
            )
            chart.combine(line)
        chart.set_title({"name": _("Satisfaction index by unit")})
        chart.set_y_axis({"num_format": "0%", "min": 0, "max": 1})
        chart.set_legend({"position": "bottom"})
        units = last_row - HEADER_ROW
        chart.set_size({"width": min(max(640, 48 * units), 2400), "height": 400})
        sheet.insert_chart(last_row + 2, 1, chart)

    # ------------------------------------------------------------
    # SHEET: UNITS (unit × month)
    # ------------------------------------------------------------

    def _sheet_units(self, workbook, formats, first, last):
        _ = self.env._
        Report = self.env["satisfaction.unit.period.report"]
        count_fields = [
            name
            for name, field in Report._fields.items()
            if field.type == "integer" and name.endswith("_count")
        ]
        groups = Report._read_group(
            self._report_domain(first, last),
            ["unit_id", "month:month"],
            [f"{name}:sum" for name in count_fields] + ["target_index:max"],
            order="unit_id, month:month",
        )
        columns = [
            (_("Unit"), 34, TEXT),
            (_("Month"), 9, MONTH),
            (_("Ratings"), 10, INT),
            *self._unit_figure_columns(),
            (_("Target"), 10, PCT),
            (_("Gap to Target (pp)"), 11, NUM),
        ]
        sheet = self._start_sheet(
            workbook,
            formats,
            _("Units"),
            _("Satisfaction per unit and month"),
            self._filters_label(first, last),
            _(
                "Ratings and answers by the month of the answer; dossiers by the "
                "month they were returned."
            ),
            columns,
            freeze_columns=2,
        )
        row_index = HEADER_ROW
        for unit, month, *values in groups:
            counts = dict(zip(count_fields, (int(value or 0) for value in values[:-1])))
            target = _none(values[-1])
            ratios = scoring.recompute_ratios(dict(counts), Report._ratio_specs)
            index_cells = self._index_cells(
                counts["satisfied_count"],
                counts["answer_count"],
                self.minimum_answers,
                sample=counts["response_count"],
            )
            row_index += 1
            self._write_row(
                sheet,
                formats,
                row_index,
                columns,
                [
                    unit.complete_name or unit.name,
                    month,
                    counts["response_count"],
                    *index_cells,
                    ratios["officer_index"],
                    ratios["overall_index"],
                    ratios["weighted_score"],
                    counts["request_count"],
                    counts["answered_count"],
                    ratios["response_rate"],
                    counts["flagged_count"],
                    ratios["qd766_ratio"],
                    target,
                    scoring.change_pp(target, index_cells[2]),
                ],
            )
        self._finish_sheet(sheet, formats, columns, row_index)

    # ------------------------------------------------------------
    # SHEET: OFFICERS (officer × month, officer criteria)
    # ------------------------------------------------------------

    def _sheet_officers(self, workbook, formats, first, last):
        _ = self.env._
        Report = self.env["satisfaction.index.report"]
        groups = Report._read_group(
            self._report_domain(
                first,
                last,
                [("is_officer_criterion", "=", True), ("officer_id", "!=", False)],
                questionnaire=True,
            ),
            ["officer_id", "unit_id", "month:month", "criterion_id"],
            ["answer_count:sum", "satisfied_count:sum"],
            order="officer_id, unit_id, month:month, criterion_id",
        )
        # One column per officer criterion; criteria of several questionnaires
        # asking the same question (same code) share a column.
        criterion_keys = {}
        for criterion in (
            self.env["satisfaction.criterion"]
            .union(*(group[3] for group in groups))
            .sorted()
        ):
            criterion_keys.setdefault(criterion.code or criterion.id, criterion.name)
        columns = [
            (_("Officer"), 28, TEXT),
            (_("Unit"), 30, TEXT),
            (_("Month"), 9, MONTH),
            *self._index_columns(_("Officer Answers")),
            *[(_("%s (index)", name), 14, PCT) for name in criterion_keys.values()],
        ]
        sheet = self._start_sheet(
            workbook,
            formats,
            _("Officers"),
            _("Officers per month, on the officer criteria"),
            self._filters_label(first, last, questionnaire=True),
            _(
                "An officer is counted in each unit where they were rated. "
                "Reliability compares the officer's answers with the minimum."
            ),
            columns,
            freeze_columns=1,
        )
        row_index = HEADER_ROW
        keys = list(criterion_keys)
        for (officer, unit, month), block in itertools.groupby(
            groups, key=lambda group: group[:3]
        ):
            by_criterion = {}
            for _officer, _unit, _month, criterion, answers, satisfied in block:
                key = criterion.code or criterion.id
                pair = by_criterion.setdefault(key, [0, 0])
                pair[0] += int(satisfied or 0)
                pair[1] += int(answers or 0)
            satisfied, answers = indices.aggregate_counts(
                tuple(pair) for pair in by_criterion.values()
            )
            row_index += 1
            self._write_row(
                sheet,
                formats,
                row_index,
                columns,
                [
                    officer.name,
                    unit.complete_name or unit.name,
                    month,
                    *self._index_cells(satisfied, answers, self.minimum_answers),
                    *[
                        indices.satisfaction_index(*by_criterion[key])
                        if key in by_criterion
                        else None
                        for key in keys
                    ],
                ],
            )
        self._finish_sheet(sheet, formats, columns, row_index)

    # ------------------------------------------------------------
    # SHEET: PROCEDURES
    # ------------------------------------------------------------

    def _sheet_procedures(self, workbook, formats, first, last):
        _ = self.env._
        Report = self.env["satisfaction.index.report"]
        groupby = (["unit_id"] if self.split_by_unit else []) + ["procedure_id"]
        groups = Report._read_group(
            self._report_domain(first, last, questionnaire=True),
            groupby,
            ["answer_count:sum", "satisfied_count:sum"],
            order=", ".join(groupby),
        )
        columns = [
            *([(_("Unit"), 30, TEXT)] if self.split_by_unit else []),
            (_("Procedure Code"), 14, TEXT),
            (_("Procedure"), 40, TEXT),
            (_("Field"), 16, TEXT),
            *self._index_columns(),
        ]
        sheet = self._start_sheet(
            workbook,
            formats,
            _("Procedures"),
            _("Satisfaction per administrative procedure"),
            self._filters_label(first, last, questionnaire=True),
            False,
            columns,
            freeze_columns=len(groupby) + 1,
        )
        row_index = HEADER_ROW
        for *keys, answers, satisfied in groups:
            procedure = keys[-1]
            unit_cells = (
                [keys[0].complete_name or keys[0].name] if self.split_by_unit else []
            )
            row_index += 1
            self._write_row(
                sheet,
                formats,
                row_index,
                columns,
                [
                    *unit_cells,
                    procedure.code or None,
                    procedure.name if procedure else _("(no procedure)"),
                    procedure.field_name or None,
                    *self._index_cells(satisfied, answers, self.minimum_answers),
                ],
            )
        self._finish_sheet(sheet, formats, columns, row_index)

    # ------------------------------------------------------------
    # SHEET: CRITERIA (criterion × element)
    # ------------------------------------------------------------

    def _sheet_criteria(self, workbook, formats, first, last):
        _ = self.env._
        Report = self.env["satisfaction.index.report"]
        blocks = (["unit_id"] if self.split_by_unit else []) + ["questionnaire_id"]
        groups = Report._read_group(
            self._report_domain(first, last, questionnaire=True),
            blocks + ["element_id", "criterion_id"],
            ["answer_count:sum", "satisfied_count:sum"],
            order=", ".join(blocks + ["element_id", "criterion_id"]),
        )
        columns = [
            *([(_("Unit"), 30, TEXT)] if self.split_by_unit else []),
            (_("Questionnaire"), 24, TEXT),
            (_("Level"), 10, TEXT),
            (_("Element"), 30, TEXT),
            (_("Criterion"), 50, TEXT),
            *self._index_columns(),
        ]
        sheet = self._start_sheet(
            workbook,
            formats,
            _("Criteria"),
            _("Satisfaction per element and criterion (SIPAS)"),
            self._filters_label(first, last, questionnaire=True),
            _(
                "Element and overall figures are computed from the summed answers "
                "of their criteria, never as a mean of indices."
            ),
            columns,
            freeze_columns=len(blocks) + 2,
        )
        row_index = HEADER_ROW
        minimum = self.minimum_answers
        for block_keys, block in itertools.groupby(
            groups, key=lambda group: group[: len(blocks)]
        ):
            # one questionnaire's criteria: a few dozen aggregated rows
            block = list(block)
            figures = scoring.sipas_indices(
                (
                    (criterion, element, int(satisfied or 0), int(answers or 0))
                    for *_keys, element, criterion, answers, satisfied in block
                ),
                minimum,
            )
            unit_cells = (
                [block_keys[0].complete_name or block_keys[0].name]
                if self.split_by_unit
                else []
            )
            questionnaire = block_keys[-1]
            elements = self.env["satisfaction.element"].union(*figures.elements)
            for element in elements.sorted():
                figure = figures.elements[element]
                row_index += 1
                self._write_row(
                    sheet,
                    formats,
                    row_index,
                    columns,
                    [
                        *unit_cells,
                        questionnaire.name,
                        _("Element"),
                        element.name,
                        None,
                        *self._figure_cells(figure),
                    ],
                    bold=True,
                )
                for criterion in figures.criteria:
                    if criterion.element_id != element:
                        continue
                    row_index += 1
                    self._write_row(
                        sheet,
                        formats,
                        row_index,
                        columns,
                        [
                            *unit_cells,
                            questionnaire.name,
                            _("Criterion"),
                            element.name,
                            criterion.name,
                            *self._figure_cells(figures.criteria[criterion]),
                        ],
                    )
            row_index += 1
            self._write_row(
                sheet,
                formats,
                row_index,
                columns,
                [
                    *unit_cells,
                    questionnaire.name,
                    _("Overall"),
                    _("All criteria"),
                    None,
                    *self._figure_cells(figures.overall),
                ],
                bold=True,
            )
        self._finish_sheet(sheet, formats, columns, row_index)
