"""Writes the declared sheets (``satisfaction_xlsx_sheets``) into an XLSX file.

Every sheet has the same layout: title, period and filters, note, then the
header row (frozen with the sheet's frozen columns), the rows, an autofilter
over header and rows, and a line when there is no row. A cell's format and
how its value is written follow the column's kind; an empty value (None or
Odoo's False) leaves the cell empty ("no figure", never 0).

The workbook is written with xlsxwriter in ``constant_memory`` mode: each row
goes to a temporary file as soon as it is written (rows are written in
order, never revisited), so memory stays bounded by one row per sheet plus
what the rows are read from. Strings are never turned into formulas or links
(a unit named "=1+1" stays text).
"""

import io
from datetime import datetime

from odoo.tools.misc import xlsxwriter

from .satisfaction_xlsx_sheets import BOLD, BOOL, INT, MONTH, NUM, PCT, TEXT

# Layout shared by every sheet: title, period and filters, note, then the header row.
TITLE_ROW, FILTER_ROW, NOTE_ROW, HEADER_ROW = 0, 1, 2, 3
FIRST_DATA_ROW = HEADER_ROW + 1

KIND_FORMATS = {
    TEXT: {},
    INT: {"num_format": "#,##0"},
    PCT: {"num_format": "0.00%"},
    NUM: {"num_format": "0.00"},
    MONTH: {"num_format": "mm/yyyy", "align": "left"},
    BOOL: {"align": "center"},
}


class SatisfactionXlsxWriter:
    """An XLSX workbook being written, sheet after sheet; ``close()`` gives
    the file. Texts are translated with ``env``."""

    def __init__(self, env):
        self.env = env
        self.buffer = io.BytesIO()
        self.workbook = xlsxwriter.Workbook(
            self.buffer,
            {
                "constant_memory": True,
                "in_memory": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        add = self.workbook.add_format
        self.formats = {
            "title": add({"bold": True, "font_size": 14}),
            "note": add({"italic": True, "font_color": "#52606D"}),
            "header": add(
                {
                    "bold": True,
                    "text_wrap": True,
                    "valign": "top",
                    "bg_color": "#E6F0FA",
                    "border": 1,
                }
            ),
            **{kind: add(dict(spec)) for kind, spec in KIND_FORMATS.items()},
            **{
                "bold_" + kind: add({"bold": True, **spec})
                for kind, spec in KIND_FORMATS.items()
            },
        }

    def close(self):
        """The XLSX file as bytes."""
        self.workbook.close()
        return self.buffer.getvalue()

    def header(self, column):
        text = self.env._(column.header)
        return text % column.header_args if column.header_args else text

    def write_sheet(self, sheet, columns, rows, title, filters):
        """Write ``rows`` (dicts) under ``columns`` (the sheet's concrete
        columns) into a new worksheet named after ``sheet``."""
        _ = self.env._
        worksheet = self.workbook.add_worksheet(_(sheet.name))
        worksheet.write_string(TITLE_ROW, 0, title, self.formats["title"])
        worksheet.write_string(FILTER_ROW, 0, filters, self.formats["note"])
        if sheet.note:
            worksheet.write_string(NOTE_ROW, 0, _(sheet.note), self.formats["note"])
        worksheet.set_row(HEADER_ROW, 45)
        for col, column in enumerate(columns):
            worksheet.set_column(col, col, column.width)
            worksheet.write_string(
                HEADER_ROW, col, self.header(column), self.formats["header"]
            )
        worksheet.freeze_panes(
            FIRST_DATA_ROW, sum(1 for column in columns if column.frozen)
        )
        row_index = HEADER_ROW
        chart_line = False
        for row in rows:
            row_index += 1
            self._write_row(worksheet, row_index, columns, row)
            if sheet.chart and sheet.chart.line:
                chart_line = chart_line or row.get(sheet.chart.line) is not None
        last_row = row_index
        if last_row < FIRST_DATA_ROW:
            worksheet.write_string(
                FIRST_DATA_ROW, 0, _("No data for this period."), self.formats["note"]
            )
            last_row = FIRST_DATA_ROW
        worksheet.autofilter(HEADER_ROW, 0, last_row, len(columns) - 1)
        if sheet.chart and row_index >= FIRST_DATA_ROW:
            self._insert_chart(worksheet, sheet.chart, columns, row_index, chart_line)
        return worksheet

    def _write_row(self, worksheet, row_index, columns, row):
        _ = self.env._
        prefix = "bold_" if row.get(BOLD) else ""
        for col, column in enumerate(columns):
            fmt = self.formats[prefix + column.kind]
            value = column.get(row)
            if column.labels:
                label = column.labels[0] if value else column.labels[1]
                worksheet.write_string(row_index, col, _(label), fmt)
            elif value is None or value is False:
                if column.empty:
                    worksheet.write_string(row_index, col, _(column.empty), fmt)
                else:
                    worksheet.write_blank(row_index, col, None, fmt)
            elif column.kind == TEXT:
                worksheet.write_string(row_index, col, str(value), fmt)
            elif column.kind == PCT:
                # Percent figures are 0-100 in the module, fractions in a spreadsheet.
                worksheet.write_number(row_index, col, round(value / 100.0, 6), fmt)
            elif column.kind == MONTH:
                worksheet.write_datetime(
                    row_index, col, datetime(value.year, value.month, 1), fmt
                )
            else:
                worksheet.write_number(row_index, col, value, fmt)

    def _insert_chart(self, worksheet, chart, columns, last_row, with_line):
        """Column chart of ``chart.value`` by ``chart.category`` below the
        table, with ``chart.line`` as a line when ``with_line``."""
        name = worksheet.get_name()
        col_of = {column.key: col for col, column in enumerate(columns)}

        def series(key):
            col = col_of[key]
            return {
                "name": self.header(columns[col]),
                "categories": [name, FIRST_DATA_ROW, category, last_row, category],
                "values": [name, FIRST_DATA_ROW, col, last_row, col],
            }

        category = col_of[chart.category]
        drawing = self.workbook.add_chart({"type": "column"})
        drawing.add_series(
            {
                **series(chart.value),
                "fill": {"color": "#0B5CAD"},
                "data_labels": {"value": True, "num_format": "0.0%"},
            }
        )
        if with_line:
            line = self.workbook.add_chart({"type": "line"})
            line.add_series(
                {
                    **series(chart.line),
                    "line": {"color": "#B42318", "dash_type": "dash"},
                    "marker": {"type": "none"},
                }
            )
            drawing.combine(line)
        drawing.set_title({"name": self.env._(chart.title)})
        drawing.set_y_axis({"num_format": "0%", "min": 0, "max": 1})
        drawing.set_legend({"position": "bottom"})
        units = last_row - HEADER_ROW
        drawing.set_size({"width": min(max(640, 48 * units), 2400), "height": 400})
        worksheet.insert_chart(last_row + 2, 1, drawing)
