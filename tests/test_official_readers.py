"""Every figure presented as a unit's or an officer's satisfaction leaves the
answers entered by staff out; the reports made for inspection show them
apart. One self-service rating (all 5: satisfied) and one entered by staff
(all 2: dissatisfied) in unit A, March 2027: officially 1 of 1 rating,
every answer satisfied (100 %); with the staff-entered one, 1 of 2 (50 %)."""

import io
import json
from datetime import date, datetime

import openpyxl

from odoo import Command
from odoo.tests import tagged

from ..wizards.satisfaction_xlsx_sheets import SHEETS
from ..wizards.satisfaction_xlsx_writer import SatisfactionXlsxWriter
from .common import SatisfactionCommon

MARCH_2027 = datetime(2027, 3, 15, 5, 0)  # 12:00 in Hà Nội
MARCH = date(2027, 3, 1)
HEADER_ROW = 4  # title, filters, note, header


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestOfficialReaders(SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        icp = cls.env["ir.config_parameter"].sudo()
        icp.set_param("satisfaction_survey.minimum_answers", "1")
        icp.set_param("satisfaction_survey.min_group_size", "1")
        cls.env["satisfaction.target"].search([]).unlink()
        cls.env["satisfaction.target"].create({"year": 2027, "target_index": 80.0})
        cls.responses = cls.env["satisfaction.response"]
        for value, channel in ((5, "web"), (2, "staff")):
            _dossiers, request = cls._return_dossiers(1, cls.unit_a)
            cls.env.flush_all()
            cls.env.cr.execute(
                "UPDATE satisfaction_request SET create_date = %s WHERE id = %s",
                [MARCH_2027, request.id],
            )
            request.invalidate_recordset(["create_date"])
            response = cls._answer(request, value, channel=channel)
            response.date = MARCH_2027
            cls.responses |= response
        cls.env.flush_all()
        cls.users = (cls.user_reviewer, cls.user_leader_a)

    def _unit_month(self, user, fields):
        [group] = (
            self.env["satisfaction.unit.period.report"]
            .with_user(user)
            .read_group(
                [("unit_id", "=", self.unit_a.id), ("month", "=", MARCH)],
                fields,
                [],
            )
        )
        return group

    def test_unit_month_report(self):
        """Official figures, and the assisted rating shown apart."""
        for user in self.users:
            with self.subTest(user=user.login):
                group = self._unit_month(
                    user,
                    [
                        "request_count",
                        "answered_count",
                        "response_count",
                        "dissatisfied_count",
                        "flagged_count",
                        "satisfaction_index",
                        "officer_index",
                        "overall_index",
                        "weighted_score",
                        "response_rate",
                        "qd766_ratio",
                        "target_gap",
                        "assisted_response_count",
                        "assisted_answer_count",
                        "assisted_satisfied_count",
                        "answer_count",
                    ],
                )
                # by hand: 2 dossiers returned, 1 rated by the citizen (all 5);
                # with the staff-entered one: 50 %, 2 rated, 1 dissatisfied
                self.assertEqual(group["request_count"], 2)
                self.assertEqual(group["answered_count"], 1)
                self.assertEqual(group["response_count"], 1)
                self.assertEqual(group["dissatisfied_count"], 0)
                self.assertEqual(group["flagged_count"], 0)
                self.assertEqual(group["satisfaction_index"], 100.0)
                self.assertEqual(group["officer_index"], 100.0)
                self.assertEqual(group["overall_index"], 100.0)
                self.assertEqual(group["weighted_score"], 100.0)
                self.assertEqual(group["response_rate"], 50.0)
                self.assertEqual(group["qd766_ratio"], 100.0)
                self.assertEqual(group["target_gap"], 20.0)
                # apart: the staff-entered rating, as many answers, none satisfied
                self.assertEqual(group["assisted_response_count"], 1)
                self.assertEqual(group["assisted_answer_count"], group["answer_count"])
                self.assertEqual(group["assisted_satisfied_count"], 0)
        Report = self.env["satisfaction.unit.period.report"].with_context(lang="en_US")
        self.assertIn(
            "not in official figures",
            Report._fields["assisted_response_count"]._description_string(Report.env),
        )

    def test_engine_reads(self):
        """The engine's official read leaves the assisted rows out; every
        channel is the sum of both."""
        engine = self.env["satisfaction.stat.engine"]
        counts = ("response_count", "answered_count", "dissatisfied_count")

        def read(assisted):
            self.env.flush_all()
            self.env.cr.execute(engine._period_source("unit", counts, assisted))
            # (the month the dossiers were returned, before they were
            # backdated, is a row of zeros)
            return {
                (unit, month): values
                for unit, month, *values in self.env.cr.fetchall()
                if unit == self.unit_a.id and any(values)
            }

        self.assertEqual(read(False), {(self.unit_a.id, MARCH): [1, 1, 0]})
        self.assertEqual(read(True), {(self.unit_a.id, MARCH): [1, 1, 1]})
        self.assertEqual(read(None), {(self.unit_a.id, MARCH): [2, 2, 1]})

    def test_trend_report(self):
        for user in self.users:
            with self.subTest(user=user.login):
                groups = (
                    self.env["satisfaction.trend.report"]
                    .with_user(user)
                    .read_group(
                        [("unit_id", "=", self.unit_a.id), ("month", "=", MARCH)],
                        ["value", "response_count"],
                        ["series"],
                        lazy=False,
                    )
                )
                by_series = {g["series"]: g for g in groups}
                self.assertEqual(by_series["index"]["value"], 100.0)
                self.assertEqual(by_series["index"]["response_count"], 1)

    def test_quota_report(self):
        Quota = self.env["satisfaction.quota"]
        Quota.create(
            {
                "scope": "unit",
                "period": "month",
                "unit_id": self.unit_a.id,
                "minimum_ratings": 2,
            }
        )
        Quota.create(
            {
                "scope": "officer",
                "period": "month",
                "officer_id": self.officer_a1.id,
                "minimum_ratings": 2,
            }
        )
        for user in self.users:
            with self.subTest(user=user.login):
                Report = self.env["satisfaction.quota.report"].with_user(user)
                unit = Report.search(
                    [
                        ("scope", "=", "unit"),
                        ("period", "=", "month"),
                        ("unit_id", "=", self.unit_a.id),
                        ("date", "=", MARCH),
                    ]
                )
                # 1 rating by the citizen of the 2 asked: 1 short (0 with staff's)
                self.assertEqual((unit.rating_count, unit.shortfall), (1, 1))
                officer = Report.search(
                    [
                        ("scope", "=", "officer"),
                        ("period", "=", "month"),
                        ("officer_id", "=", self.officer_a1.id),
                        ("date", "=", MARCH),
                    ]
                )
                self.assertEqual((officer.rating_count, officer.shortfall), (1, 1))

    def test_qd766_report(self):
        for user in self.users:
            with self.subTest(user=user.login):
                row = (
                    self.env["satisfaction.qd766.report"]
                    .with_user(user)
                    .search(
                        [
                            ("unit_id", "=", self.unit_a.id),
                            ("period_kind", "=", "month"),
                            ("date_start", "=", MARCH),
                        ]
                    )
                )
                # the staff-entered dissatisfied rating is not a complaint
                self.assertEqual(
                    (row.request_count, row.answered_count, row.complained_count),
                    (2, 1, 0),
                )

    def test_succession_trend_report(self):
        for user in self.users:
            with self.subTest(user=user.login):
                [group] = (
                    self.env["satisfaction.succession.trend.report"]
                    .with_user(user)
                    .read_group(
                        [("unit_id", "=", self.unit_a.id), ("month", "=", MARCH)],
                        ["response_count", "satisfaction_index", "qd766_ratio"],
                        [],
                    )
                )
                self.assertEqual(
                    (
                        group["response_count"],
                        group["satisfaction_index"],
                        group["qd766_ratio"],
                    ),
                    (1, 100.0, 100.0),
                )

    def test_scorecard_officer_index(self):
        card = self.env["satisfaction.scorecard"].create(
            {
                "year": 2027,
                "unit_ids": [Command.set(self.unit_a.ids)],
                "minimum_answers": 1,
            }
        )
        card.with_user(self.user_reviewer).action_compute()
        for user in self.users:
            with self.subTest(user=user.login):
                line = card.with_user(user).line_ids
                self.assertEqual(
                    (
                        line.response_count,
                        line.satisfaction_index,
                        line.officer_index,
                    ),
                    (1, 100.0, 100.0),
                )

    def _sheet(self, user, rows):
        wizard = (
            self.env["satisfaction.xlsx.export"]
            .with_user(user)
            .with_context(lang="en_US")
            .create(
                {
                    "period_type": "month",
                    "year": 2027,
                    "month": "3",
                    "unit_ids": [Command.set(self.unit_a.ids)],
                }
            )
        )
        sheet = next(sheet for sheet in SHEETS if sheet.rows == rows)
        writer = SatisfactionXlsxWriter(wizard.env)
        try:
            wizard._write_sheet(writer, sheet, *wizard._month_range())
        finally:
            raw = writer.close()
        book = openpyxl.load_workbook(io.BytesIO(raw))
        worksheet = book[book.sheetnames[0]]
        headers = [cell.value for cell in worksheet[HEADER_ROW]]
        return [
            dict(zip(headers, row, strict=False))
            for row in worksheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)
            if any(row)
        ]

    def test_xlsx_sheets(self):
        # the export is the reviewer's
        for user in self.user_reviewer:
            with self.subTest(user=user.login):
                [unit] = self._sheet(user, "_rows_units")
                self.assertEqual(
                    (unit["Ratings"], unit["Satisfaction Index"]), (1, 1.0)
                )
                officers = self._sheet(user, "_rows_officers")
                self.assertTrue(officers)
                for officer in officers:
                    self.assertEqual(officer["Satisfaction Index"], 1.0)
                [procedure] = self._sheet(user, "_rows_procedures")
                self.assertEqual(procedure["Satisfaction Index"], 1.0)
                criteria = self._sheet(user, "_rows_criteria")
                self.assertTrue(criteria)
                for criterion in criteria:
                    if criterion["Satisfaction Index"] is not None:
                        self.assertEqual(criterion["Satisfaction Index"], 1.0)

    def test_dashboard_officers(self):
        dashboard = self.env.ref(
            "satisfaction_survey.spreadsheet_dashboard_satisfaction_unit"
        )
        pivots = json.loads(dashboard.spreadsheet_data)["pivots"].values()
        pivot = next(pivot for pivot in pivots if pivot["name"] == "Officers")
        for user in self.users:
            with self.subTest(user=user.login):
                groups = (
                    self.env[pivot["model"]]
                    .with_user(user)
                    .read_group(
                        [*pivot["domain"], ("unit_id", "=", self.unit_a.id)],
                        ["satisfaction_index", "answer_count"],
                        ["officer_id"],
                        lazy=False,
                    )
                )
                self.assertTrue(groups)
                for group in groups:
                    self.assertEqual(group["satisfaction_index"], 100.0)

    def test_figures_follow_the_channel(self):
        """The staff-entered rating typed in again as the citizen's own (a
        correction of its channel): it counts, through the triggers, and
        equally after a rebuild."""
        engine = self.env["satisfaction.stat.engine"]
        self.responses.filtered(lambda r: r.channel == "staff").channel = "kiosk"
        self.env.flush_all()
        fields = ["response_count", "answered_count", "satisfaction_index"]
        expected = {
            "response_count": 2,
            "answered_count": 2,
            "satisfaction_index": 50.0,
        }
        group = self._unit_month(self.user_reviewer, fields)
        self.assertEqual({name: group[name] for name in fields}, expected)
        self.assertEqual(set(engine._check().values()), {0})
        engine._rebuild()
        self.env.invalidate_all()
        group = self._unit_month(self.user_reviewer, fields)
        self.assertEqual({name: group[name] for name in fields}, expected)
