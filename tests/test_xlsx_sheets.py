"""The XLSX workbook is its declared sheets: every declared sheet and column is
written, and a new column is one ``Column`` entry (``wizards/
satisfaction_xlsx_sheets.py``). The cells themselves are checked by
``test_xlsx_export``."""

import dataclasses
import io

import openpyxl
from openpyxl.utils import get_column_letter

from odoo.tests import tagged

from ..wizards.satisfaction_xlsx_sheets import INT, PCT, SCORECARD, SHEETS, Column
from ..wizards.satisfaction_xlsx_writer import SatisfactionXlsxWriter
from .reports_common import ReportsCommon

HEADER_ROW = 4  # openpyxl rows are 1-based: title, filters, note, header


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestXlsxSheets(ReportsCommon):
    def _wizard(self, lang="en_US", **vals):
        return (
            self.env["satisfaction.xlsx.export"]
            .with_user(self.user_reviewer)
            .with_context(lang=lang)
            .create({"period_type": "year", "year": 2027, **vals})
        )

    def _sheet(self, wizard, sheet):
        """``sheet`` written alone by the wizard, opened by openpyxl."""
        writer = SatisfactionXlsxWriter(wizard.env)
        try:
            wizard._write_sheet(writer, sheet, *wizard._month_range())
        finally:
            raw = writer.close()
        book = openpyxl.load_workbook(io.BytesIO(raw))
        return book[book.sheetnames[0]]

    def _headers(self, sheet):
        return [cell.value for cell in sheet[HEADER_ROW] if cell.value]

    def _value(self, sheet, header, **match):
        """The cell under ``header`` of the one row matching ``match``."""
        headers = self._headers(sheet)
        rows = [
            row
            for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)
            if all(row[headers.index(key)] == value for key, value in match.items())
        ]
        self.assertEqual(len(rows), 1, match)
        return rows[0][headers.index(header)]

    def test_every_declared_sheet_written(self):
        """Each declared sheet, in order, with its declared headers in order
        (translated), the optional unit column and its frozen columns."""
        langs = ["en_US"]
        if self.env["res.lang"]._lang_get("vi_VN"):
            langs.append("vi_VN")
        for lang in langs:
            for split in (False, True):
                wizard = self._wizard(lang=lang, split_by_unit=split)
                book = openpyxl.load_workbook(io.BytesIO(wizard._build_workbook()))
                _ = wizard.env._
                self.assertEqual(book.sheetnames, [_(sheet.name) for sheet in SHEETS])
                for sheet in SHEETS:
                    worksheet = book[_(sheet.name)]
                    headers = iter(self._headers(worksheet))
                    declared = [
                        column
                        for column in sheet.columns
                        if not column.when or wizard[column.when]
                    ]
                    for column in declared:
                        if not column.each:
                            # in order: every declared header is found after the
                            # previous one
                            self.assertIn(_(column.header), headers, sheet.name)
                    frozen = sum(1 for column in declared if column.frozen)
                    self.assertEqual(
                        worksheet.freeze_panes,
                        "%s5" % get_column_letter(frozen + 1),
                        sheet.name,
                    )
                for sheet in SHEETS:
                    if sheet.rows in ("_rows_procedures", "_rows_criteria"):
                        headers = self._headers(book[_(sheet.name)])
                        self.assertEqual(_("Unit") in headers, split, sheet.rows)

    def test_new_column_is_one_entry(self):
        """One more ``Column`` on the Units sheet: a count of the unit report
        the rows already carry, written with its header, width and kind."""
        units = next(sheet for sheet in SHEETS if sheet.rows == "_rows_units")
        header = "Very Satisfied Answers"
        extended = dataclasses.replace(
            units, columns=(*units.columns, Column(header, "level5_count", INT, 13))
        )
        wizard = self._wizard()
        sheet = self._sheet(wizard, extended)
        self.assertEqual(self._headers(sheet)[-1], "Very Satisfied Answers")
        # unit A: five answers "5" in March 2027
        self.assertEqual(
            self._value(sheet, "Very Satisfied Answers", Unit=self.unit_a.name), 5
        )
        self.assertEqual(self._value(sheet, "Ratings", Unit=self.unit_a.name), 10)

    def test_new_scorecard_column_live_and_frozen(self):
        """A figure of the scorecard lines is one entry too: computed live, and
        read from the chosen scorecard's lines."""
        extended = dataclasses.replace(
            SCORECARD,
            columns=(
                *SCORECARD.columns,
                Column("QĐ 766 indicator 5.4", "qd766_54_ratio", PCT, 11),
            ),
        )
        card = self._scorecard(publish=True)
        line = card.line_ids.filtered(lambda line: line.unit_id == self.unit_a)
        self.assertTrue(line.qd766_54_ratio)
        live = self._sheet(self._wizard(), extended)
        frozen_wizard = self._wizard(scorecard_id=card.id)
        frozen_wizard._onchange_scorecard_id()
        frozen = self._sheet(frozen_wizard, extended)
        for sheet in (live, frozen):
            self.assertAlmostEqual(
                self._value(sheet, "QĐ 766 indicator 5.4", Unit=self.unit_a.name),
                line.qd766_54_ratio / 100.0,
                places=6,
            )

    def test_themes_sheet(self):
        """Ratings speaking of waiting in March 2027: unit A 1, 2 and 5 (two
        rated low), unit B 2. Small-group size 3: unit B's row is left empty."""
        for value in (1, 2, 5):
            self._rated(self.unit_a, value, comment="Phải chờ rất lâu mới đến lượt")
        self._rated(self.unit_b, 2, comment="Chờ lâu quá")
        self.env.flush_all()
        themes = next(sheet for sheet in SHEETS if sheet.rows == "_rows_themes")
        waiting = self.env.ref("satisfaction_survey.comment_theme_waiting")
        sheet = self._sheet(self._wizard(), themes)
        self.assertEqual(
            self._value(sheet, "Ratings Mentioning", Theme=waiting.name), 4
        )
        self.assertEqual(self._value(sheet, "Rated Low", Theme=waiting.name), 3)
        self.assertAlmostEqual(
            self._value(sheet, "Rated Low (%)", Theme=waiting.name), 0.75
        )
        split = self._sheet(self._wizard(split_by_unit=True), themes)
        row_a = {"Theme": waiting.name, "Unit": self.unit_a.name}
        row_b = {"Theme": waiting.name, "Unit": self.unit_b.name}
        self.assertEqual(self._value(split, "Ratings Mentioning", **row_a), 3)
        self.assertEqual(self._value(split, "Rated Low", **row_a), 2)
        self.assertIn("chờ rất lâu", self._value(split, "Examples", **row_a))
        for header in ("Ratings Mentioning", "Rated Low", "Rated Low (%)", "Examples"):
            self.assertIsNone(self._value(split, header, **row_b), header)
