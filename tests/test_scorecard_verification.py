"""Counter vs independent on the scorecard lines and in the XLSX Scorecard sheet."""

import io
from datetime import date, datetime

import openpyxl

from odoo import Command
from odoo.tests import tagged

from ..wizards.satisfaction_xlsx_sheets import SCORECARD
from ..wizards.satisfaction_xlsx_writer import SatisfactionXlsxWriter
from .reports_common import ReportsCommon

HEADER_ROW = 4


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestScorecardVerification(ReportsCommon):
    @classmethod
    def _campaign(
        cls, date_from, date_to, state="closed", kind="independent", **figures
    ):
        campaign = (
            cls.env["satisfaction.campaign"]
            .sudo()
            .create(
                {
                    "name": "Khảo sát độc lập %s" % date_from,
                    "kind": kind,
                    "date_from": date_from,
                    "date_to": date_to,
                    "unit_ids": [Command.set(cls.unit_a.ids)],
                    "questionnaire_id": cls.questionnaire_overall.id,
                }
            )
        )
        campaign.write({"state": state, "date_closed": datetime(2027, 12, 20)})
        cls.env["satisfaction.campaign.stratum"].sudo().create(
            {
                "campaign_id": campaign.id,
                "unit_id": cls.unit_a.id,
                "frozen": True,
                **figures,
            }
        )
        return campaign

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # by hand: counter 96 of 100 satisfied, independent 70 of 100
        # gap 26 points, p < 0.0001: flagged
        cls.figures = {
            "counter_index": 96.0,
            "independent_index": 70.0,
            "independent_low": 60.41,
            "independent_high": 78.06,
            "gap": 26.0,
            "p_value": 0.0,
            "counter_above": True,
        }
        cls.older = cls._campaign(
            date(2027, 1, 1), date(2027, 3, 31), **dict(cls.figures, gap=5.0)
        )
        cls.latest = cls._campaign(date(2027, 7, 1), date(2027, 9, 30), **cls.figures)
        # neither an open campaign, nor another year's, nor a re-contact check
        cls._campaign(date(2027, 10, 1), date(2027, 12, 31), state="running", gap=1.0)
        cls._campaign(date(2028, 1, 1), date(2028, 3, 31), gap=2.0)
        cls._campaign(date(2027, 10, 1), date(2027, 11, 30), kind="recontact", gap=3.0)

    def test_scorecard_line_shows_latest_closed_survey_of_its_period(self):
        card = self._scorecard()
        line_a = card.line_ids.filtered(lambda line: line.unit_id == self.unit_a)
        line_b = card.line_ids.filtered(lambda line: line.unit_id == self.unit_b)
        self.assertEqual(line_a.campaign_id, self.latest)
        self.assertEqual(line_a.campaign_counter_index, 96.0)
        self.assertEqual(line_a.campaign_independent_index, 70.0)
        self.assertEqual(line_a.campaign_independent_low, 60.41)
        self.assertEqual(line_a.campaign_independent_high, 78.06)
        self.assertEqual(line_a.campaign_gap, 26.0)
        self.assertTrue(line_a.campaign_counter_above)
        self.assertFalse(line_b.campaign_id, "no survey of unit B")
        self.assertFalse(line_b.campaign_counter_above)
        # a first-quarter scorecard takes the first-quarter survey
        q1 = self._scorecard(period_type="quarter", quarter="1")
        line_q1 = q1.line_ids.filtered(lambda line: line.unit_id == self.unit_a)
        self.assertEqual(line_q1.campaign_id, self.older)
        self.assertEqual(line_q1.campaign_gap, 5.0)

    def _sheet(self, wizard):
        writer = SatisfactionXlsxWriter(wizard.env)
        try:
            wizard._write_sheet(writer, SCORECARD, *wizard._month_range())
        finally:
            raw = writer.close()
        book = openpyxl.load_workbook(io.BytesIO(raw))
        sheet = book[book.sheetnames[0]]
        headers = [cell.value for cell in sheet[HEADER_ROW]]
        rows = {
            row[headers.index("Unit")]: dict(zip(headers, row, strict=True))
            for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)
            if row[headers.index("Unit")]
        }
        return rows

    def test_xlsx_scorecard_columns_live_and_frozen(self):
        card = self._scorecard(publish=True)
        live = (
            self.env["satisfaction.xlsx.export"]
            .with_user(self.user_reviewer)
            .with_context(lang="en_US")
            .create({"period_type": "year", "year": 2027})
        )
        frozen = (
            self.env["satisfaction.xlsx.export"]
            .with_user(self.user_reviewer)
            .with_context(lang="en_US")
            .create({"period_type": "year", "year": 2027, "scorecard_id": card.id})
        )
        frozen._onchange_scorecard_id()
        for wizard in (live, frozen):
            rows = self._sheet(wizard)
            row_a = next(row for name, row in rows.items() if self.unit_a.name in name)
            row_b = next(row for name, row in rows.items() if self.unit_b.name in name)
            self.assertAlmostEqual(row_a["Counter Index (survey period)"], 0.96)
            self.assertAlmostEqual(row_a["Independent Index"], 0.70)
            self.assertAlmostEqual(row_a["Independent Low (95 %)"], 0.6041)
            self.assertAlmostEqual(row_a["Independent High (95 %)"], 0.7806)
            self.assertEqual(row_a["Counter − Independent (pp)"], 26.0)
            self.assertEqual(row_a["Counter Significantly Above"], "Yes")
            # no survey: empty cells, not 0 nor "No"
            for header in (
                "Independent Index",
                "Counter − Independent (pp)",
                "Counter Significantly Above",
            ):
                self.assertIsNone(row_b[header], header)
