"""XLSX export wizard: the workbook is opened with openpyxl (an Odoo 18
requirement) and its cells are checked against the hand-computed figures of
``reports_common`` (see its docstring for the working)."""

import io
import re
import zipfile

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .reports_common import SECRET_COMMENT, ReportsCommon

SHEETS = ["Scorecard", "Units", "Officers", "Procedures", "Criteria", "Themes"]
HEADER_ROW = 4  # openpyxl rows are 1-based: title, filters, note, header


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestXlsxExport(ReportsCommon):
    def _export(self, user=None, **vals):
        """Run the wizard as ``user`` (default: the reviewer).

        Returns the raw file and the workbook opened by openpyxl."""
        wizard = (
            self.env["satisfaction.xlsx.export"]
            .with_user(user or self.user_reviewer)
            .with_context(lang="en_US")
            .create({"period_type": "year", "year": 2027, **vals})
        )
        action = wizard.action_export()
        self.assertEqual(action["type"], "ir.actions.act_url")
        attachment_id = int(
            re.match(r"/web/content/(\d+)\?download=true$", action["url"]).group(1)
        )
        attachment = (
            self.env["ir.attachment"]
            .with_user(user or self.user_reviewer)
            .browse(attachment_id)
        )
        self.assertEqual(
            (attachment.res_model, attachment.res_id), (wizard._name, wizard.id)
        )
        self.assertEqual(
            attachment.mimetype,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        self.attachment = attachment
        raw = attachment.raw
        return raw, openpyxl.load_workbook(io.BytesIO(raw))

    def _table(self, sheet):
        """{header: column index} and the data rows (lists of values) of a sheet."""
        header = [cell.value for cell in sheet[HEADER_ROW]]
        rows = [
            list(row)
            for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)
        ]
        return {name: i for i, name in enumerate(header) if name}, rows

    def _row(self, sheet, **match):
        cols, rows = self._table(sheet)
        found = [
            row
            for row in rows
            if all(row[cols[key]] == value for key, value in match.items())
        ]
        self.assertEqual(len(found), 1, "rows matching %s: %s" % (match, found))
        return {name: found[0][i] for name, i in cols.items()}

    def test_scorecard_sheet(self):
        raw, book = self._export()
        self.assertEqual(self.attachment.name, "satisfaction_202701-202712.xlsx")
        self.assertEqual(book.sheetnames, SHEETS)
        sheet = book["Scorecard"]
        cols, rows = self._table(sheet)
        for header in (
            "Rank",
            "Unit",
            "Ratings",
            "Answers",
            "Satisfaction Index",
            "95 % Interval Low",
            "95 % Interval High",
            "Minimum Sample",
            "Response Rate",
            "QĐ 766 Ratio",
            "SIPAS index (points, max 3.0)",
            "Total Points",
            "Target",
            "Target Met",
        ):
            self.assertIn(header, cols)
        self.assertEqual(len(rows), 3, "units A, B and C")
        a = self._row(sheet, Unit=self.unit_a.name)
        # 9 of 10 satisfied (hand-computed, see reports_common)
        self.assertEqual(a["Satisfaction Index"], 0.9)
        self.assertAlmostEqual(a["95 % Interval Low"], 0.5958, places=6)
        self.assertAlmostEqual(a["95 % Interval High"], 0.9821, places=6)
        self.assertEqual(
            (a["Ratings"], a["Answers"], a["Satisfied Answers"]), (10, 10, 9)
        )
        self.assertEqual(a["Minimum Sample"], "Enough answers")
        self.assertEqual((a["Dossiers Returned"], a["Dossiers Rated"]), (12, 10))
        self.assertAlmostEqual(a["Response Rate"], 0.8333, places=6)
        self.assertAlmostEqual(a["QĐ 766 Ratio"], 0.9167, places=6)
        self.assertEqual(a["SIPAS index (points, max 3.0)"], 2.0)
        self.assertEqual((a["Total Points"], a["Out of"], a["Rank"]), (2.0, 3.0, 1))
        self.assertEqual(
            (a["Target"], a["Gap to Target (pp)"], a["Target Met"]), (0.85, 5.0, "Yes")
        )
        b = self._row(sheet, Unit=self.unit_b.name)
        self.assertAlmostEqual(b["Satisfaction Index"], 0.6667, places=6)
        self.assertEqual(
            (b["Minimum Sample"], b["Total Points"], b["Target Met"]),
            ("Not enough answers", 0.0, "No"),
        )
        self.assertEqual(rows[0][cols["Unit"]], self.unit_a.name, "ranked first")
        # layout: frozen header rows and unit column, autofilter, percentage format
        self.assertEqual(sheet.freeze_panes, "C5")
        self.assertEqual(sheet.auto_filter.ref.split(":")[0], "A4")
        self.assertEqual(
            sheet.cell(HEADER_ROW + 1, cols["Satisfaction Index"] + 1).number_format,
            "0.00%",
        )
        # the chart of the index by unit, drawn from the Scorecard sheet
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            charts = [
                name
                for name in archive.namelist()
                if name.startswith("xl/charts/chart")
            ]
            self.assertEqual(len(charts), 1)
            chart_xml = archive.read(charts[0]).decode()
            self.assertIn("<c:barChart>", chart_xml)
            self.assertIn(
                "Scorecard!$B$5:$B$7", chart_xml, "categories: the unit names"
            )
            self.assertIn("<c:lineChart>", chart_xml, "the target line")
            sheet_rels = archive.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
            self.assertIn("drawing", sheet_rels)
        self.assertEqual(len(sheet._charts), 1)

    def test_other_sheets(self):
        _raw, book = self._export()
        a = self._row(book["Units"], Unit=self.unit_a.name)
        self.assertEqual(a["Month"].strftime("%Y-%m"), "2027-03")
        self.assertEqual(
            (a["Ratings"], a["Answers"], a["Satisfaction Index"]), (10, 10, 0.9)
        )
        self.assertAlmostEqual(a["QĐ 766 Ratio"], 0.9167, places=6)
        self.assertEqual(book["Units"].freeze_panes, "C5")

        officer = self._row(book["Officers"], Officer=self.officer_b1.name)
        self.assertEqual(officer["Unit"], self.unit_c.name)
        # B1: attitude 2, the three other officer criteria 5 -> 3 of 4
        self.assertEqual(
            (officer["Officer Answers"], officer["Satisfied Answers"]), (4, 3)
        )
        self.assertEqual(officer["Satisfaction Index"], 0.75)
        attitude = self.criteria["attitude"].name
        manner = self.criteria["manner"].name
        self.assertEqual(officer["%s (index)" % attitude], 0.0)
        self.assertEqual(officer["%s (index)" % manner], 1.0)
        self.assertEqual(len(self._table(book["Officers"])[1]), 1, "one officer rated")

        procedure = self._row(book["Procedures"], Procedure=self.procedure_simple.name)
        # A 9/10 + B 2/3 = 11 of 13 -> 84.62 %
        self.assertEqual(
            (procedure["Answers"], procedure["Satisfied Answers"]), (13, 11)
        )
        self.assertAlmostEqual(procedure["Satisfaction Index"], 0.8462, places=6)
        self.assertEqual(procedure["Procedure Code"], "SS-TEST-RPT-1")

        criteria = book["Criteria"]
        element = self._row(criteria, Questionnaire="Overall only", Level="Element")
        self.assertEqual((element["Answers"], element["Satisfied Answers"]), (13, 11))
        overall = self._row(
            criteria, Questionnaire=self.questionnaire.name, Level="Overall"
        )
        # C: 4 officer answers (3 satisfied) + the overall question (5) -> 4 of 5
        self.assertEqual(
            (
                overall["Answers"],
                overall["Satisfied Answers"],
                overall["Satisfaction Index"],
            ),
            (5, 4, 0.8),
        )
        self.assertEqual(overall["Minimum Sample"], "Enough answers")
        attitude_row = self._row(
            criteria, Questionnaire=self.questionnaire.name, Criterion=attitude
        )
        self.assertEqual(
            (attitude_row["Answers"], attitude_row["Satisfaction Index"]), (1, 0.0)
        )
        self.assertEqual(attitude_row["Minimum Sample"], "Not enough answers")

        # nothing personal: no comment, no citizen
        texts = {
            str(cell)
            for name in book.sheetnames
            for row in book[name].iter_rows(values_only=True)
            for cell in row
            if cell
        }
        self.assertFalse(
            any(SECRET_COMMENT in text or "Công dân" in text for text in texts)
        )

    def test_filters(self):
        _raw, book = self._export(
            unit_ids=[(6, 0, self.unit_b.ids)], split_by_unit=True
        )
        _cols, rows = self._table(book["Scorecard"])
        self.assertEqual(len(rows), 1)
        self.assertEqual(self._row(book["Scorecard"], Unit=self.unit_b.name)["Rank"], 1)
        procedure = self._row(book["Procedures"], Unit=self.unit_b.name)
        self.assertEqual((procedure["Answers"], procedure["Satisfied Answers"]), (3, 2))
        self.assertEqual(
            self._table(book["Officers"])[1][0][0], "No data for this period."
        )

        # a quarter without data: every sheet says so, and there is no chart
        raw, book = self._export(period_type="quarter", quarter="2")
        for name in SHEETS:
            self.assertEqual(
                self._table(book[name])[1],
                [
                    ["No data for this period."]
                    + [None] * (len(self._table(book[name])[0]) - 1)
                ],
                name,
            )
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            self.assertFalse(
                [name for name in archive.namelist() if name.startswith("xl/charts/")]
            )

        wizard = (
            self.env["satisfaction.xlsx.export"]
            .with_user(self.user_reviewer)
            .create(
                {
                    "period_type": "dates",
                    "date_from": "2027-05-01",
                    "date_to": "2027-02-01",
                }
            )
        )
        with self.assertRaises(UserError):
            wizard.action_export()

    def test_published_scorecard(self):
        """With a scorecard, the sheet shows its frozen figures, even after
        new answers."""
        card = self._scorecard(publish=True)
        self._rated(self.unit_a, 1)  # after publication: 9 of 11 live, 9 of 10 frozen
        self.env.flush_all()
        wizard = (
            self.env["satisfaction.xlsx.export"]
            .with_user(self.user_reviewer)
            .with_context(
                active_model="satisfaction.scorecard",
                active_id=card.id,
                lang="en_US",
            )
            .create({})
        )
        self.assertEqual(wizard.scorecard_id, card)
        wizard._onchange_scorecard_id()
        self.assertEqual(
            (wizard.date_from.isoformat(), wizard.date_to.isoformat()),
            ("2027-01-01", "2027-12-31"),
        )
        book = openpyxl.load_workbook(io.BytesIO(wizard._build_workbook()))
        sheet = book["Scorecard"]
        self.assertIn(card.name, sheet["A1"].value)
        _cols, rows = self._table(sheet)
        self.assertEqual(len(rows), 2, "the scorecard's units A and B")
        a = self._row(sheet, Unit=self.unit_a.name)
        self.assertEqual(
            (a["Ratings"], a["Satisfaction Index"], a["Total Points"]), (10, 0.9, 2.0)
        )
        live = self._row(book["Units"], Unit=self.unit_a.name)
        self.assertEqual((live["Ratings"], live["Satisfied Answers"]), (11, 9))

    def test_access(self):
        """Reviewers and administrators export; officers and unit leaders cannot."""
        self._export(user=self.user_manager)
        for user in (self.user_officer_a, self.user_leader_a):
            with self.assertRaises(AccessError):
                self.env["satisfaction.xlsx.export"].with_user(user).create(
                    {"year": 2027}
                )

    def test_formula_injection(self):
        """A unit name that looks like a formula is written as text."""
        self.unit_a.name = '=HYPERLINK("http://evil.example")'
        _raw, book = self._export()
        cell = next(
            row[1]
            for row in book["Scorecard"].iter_rows(min_row=HEADER_ROW + 1)
            if row[0].value == 1
        )
        self.assertEqual(cell.data_type, "s")
        self.assertEqual(cell.value, self.unit_a.name)
