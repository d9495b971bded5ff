"""Two-level local government: a dossier received at a commune reception
point and decided by a provincial agency is counted for each, by whichever
unit the reader groups on (NĐ 118/2025 Điều 3.7, 14.2, 20)."""

from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..wizards.satisfaction_xlsx_sheets import SHEETS
from .common import SatisfactionCommon

BY_COMPETENT_AGENCY = {"satisfaction_unit_role": "competent"}


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestTwoLevelUnits(SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Department = cls.env["hr.department"]
        cls.point = Department.create(
            {
                "name": "Điểm tiếp nhận xã Tân Phú",
                "satisfaction_unit_type": "reception_point",
                "satisfaction_unit_code": "000.31.12.H29",
            }
        )
        cls.agency = Department.create(
            {
                "name": "Sở Xây dựng",
                "satisfaction_unit_type": "competent_agency",
                "satisfaction_unit_code": "000.00.15.H29",
            }
        )
        cls.units = cls.point | cls.agency
        # received at the commune point: two decided by the provincial
        # agency (one rated dissatisfied overall), one by the point itself
        # (no competent agency given)
        cls.dossiers = cls.env["satisfaction.dossier"]
        for competent, overall in ((cls.agency, 5), (cls.agency, 2), (None, 5)):
            vals = {"competent_unit_id": competent.id} if competent else {}
            dossiers, request = cls._return_dossiers(1, cls.point, **vals)
            cls.dossiers |= dossiers
            cls._answer(request, 5, {"overall": overall})
        cls.env.flush_all()

    def _overall_index(self, groupby):
        """{unit: (answers, satisfied)} of the overall question."""
        rows = self.env["satisfaction.index.report"]._read_group(
            [
                ("is_overall", "=", True),
                "|",
                ("unit_id", "in", self.units.ids),
                ("competent_unit_id", "in", self.units.ids),
            ],
            [groupby],
            ["answer_count:sum", "satisfied_count:sum"],
        )
        return {unit: (answers, satisfied) for unit, answers, satisfied in rows}

    # ------------------------------------------------------------

    def test_dossier_request_response_carry_both_units(self):
        decided, _disliked, own = self.dossiers.sorted("id")
        self.assertEqual(decided.unit_id, self.point)
        self.assertEqual(decided.competent_unit_id, self.agency)
        self.assertEqual(own.competent_unit_id, self.point, "default: receiving unit")
        request = self._requests_of(decided)
        self.assertEqual(request.unit_id, self.point)
        self.assertEqual(request.competent_unit_id, self.agency)
        self.assertEqual(request.response_ids.unit_id, self.point)
        self.assertEqual(request.response_ids.competent_unit_id, self.agency)
        self.assertEqual(self._requests_of(own).competent_unit_id, self.point)

    def test_competent_agency_follows_the_receiving_unit_while_the_same(self):
        own = self._create_dossiers(1, self.point)
        decided = self._create_dossiers(1, self.point, competent_unit_id=self.agency.id)
        (own | decided).unit_id = self.unit_a
        self.assertEqual(own.competent_unit_id, self.unit_a)
        self.assertEqual(decided.competent_unit_id, self.agency)

    def test_index_by_receiving_unit_and_by_competent_agency(self):
        # overall answers: 5, 2, 5 at the point; 5 and 2 decided by the agency
        self.assertEqual(self._overall_index("unit_id"), {self.point: (3, 2)})
        self.assertEqual(
            self._overall_index("competent_unit_id"),
            {self.agency: (2, 1), self.point: (1, 1)},
        )
        groups = self.env["satisfaction.index.report"].read_group(
            [("is_overall", "=", True), ("competent_unit_id", "=", self.agency.id)],
            ["satisfaction_index"],
            ["competent_unit_id"],
            lazy=False,
        )
        self.assertEqual(len(groups), 1)
        self.assertAlmostEqual(groups[0]["satisfaction_index"], 50.0)

    def test_unit_period_report_by_either_unit(self):
        fields = [
            "request_count:sum",
            "answered_count:sum",
            "dissatisfied_count:sum",
            "overall_answer_count:sum",
            "overall_satisfied_count:sum",
        ]
        Report = self.env["satisfaction.unit.period.report"]
        domain = [("unit_id", "in", self.units.ids)]
        receiving = dict(
            (unit, tuple(counts))
            for unit, *counts in Report._read_group(domain, ["unit_id"], fields)
        )
        self.assertEqual(receiving, {self.point: (3, 3, 1, 3, 2)})
        competent = dict(
            (unit, tuple(counts))
            for unit, *counts in Report.with_context(**BY_COMPETENT_AGENCY)._read_group(
                domain, ["unit_id"], fields
            )
        )
        self.assertEqual(
            competent,
            {self.agency: (2, 2, 1, 2, 1), self.point: (1, 1, 0, 1, 1)},
        )

    def test_quotas_by_either_unit(self):
        def ratings(context):
            rows = (
                self.env["satisfaction.quota.report"]
                .with_context(**context)
                .search_read(
                    [
                        ("scope", "=", "unit"),
                        ("period", "=", "month"),
                        ("unit_id", "in", self.units.ids),
                    ],
                    ["unit_id", "rating_count"],
                )
            )
            return {row["unit_id"][0]: row["rating_count"] for row in rows}

        self.assertEqual(ratings({}), {self.point.id: 3})
        self.assertEqual(
            ratings(BY_COMPETENT_AGENCY), {self.agency.id: 2, self.point.id: 1}
        )

    def test_scorecard_by_competent_agency(self):
        card = self.env["satisfaction.scorecard"].create(
            {
                "period_type": "year",
                "year": date.today().year,
                "minimum_answers": 1,
                "unit_role": "competent",
                "unit_ids": [(6, 0, self.units.ids)],
            }
        )
        card.action_compute()
        lines = {line.unit_id: line for line in card.line_ids}
        self.assertEqual(lines[self.agency].request_count, 2)
        self.assertEqual(lines[self.agency].dissatisfied_count, 1)
        self.assertEqual(lines[self.point].request_count, 1)

    def test_xlsx_columns_by_either_unit(self):
        today = date.today()
        wizard = self.env["satisfaction.xlsx.export"].create(
            {
                "period_type": "year",
                "year": today.year,
                "unit_ids": [(6, 0, self.units.ids)],
                "split_by_unit": True,
                "minimum_answers": 1,
            }
        )
        first, last = wizard._month_range()
        units_sheet = next(
            sheet
            for sheet in SHEETS
            if sheet.query.groupby == ("unit_id", "month:month")
        )
        procedures = next(
            sheet for sheet in SHEETS if sheet.query.split == ("unit_id",)
        )

        def requests_by_unit(sheet):
            counts = {}
            for group in wizard._read_groups(sheet.query, first, last):
                counts.setdefault(group["unit_id"], 0)
                counts[group["unit_id"]] += group.get("request_count") or group.get(
                    "answer_count"
                )
            return counts

        self.assertEqual(requests_by_unit(units_sheet).get(self.point), 3)
        self.assertNotIn(self.agency, requests_by_unit(units_sheet))
        wizard.unit_role = "competent"
        by_agency = requests_by_unit(units_sheet)
        self.assertEqual(by_agency.get(self.agency), 2)
        self.assertEqual(by_agency.get(self.point), 1)
        # the index report's sheets: the unit column is the competent agency
        self.assertEqual(set(requests_by_unit(procedures)), {self.agency, self.point})
        self.assertTrue(wizard._build_workbook())

    def test_binding_maps_the_competent_agency(self):
        fields_ = self.env["ir.model.fields"]
        self.env["satisfaction.binding"].create(
            {
                "name": "Dossiers ready",
                "model_id": self.env["ir.model"]._get_id("satisfaction.dossier"),
                "returned_domain": "[('state', '=', 'ready')]",
                "unit_field_id": fields_._get("satisfaction.dossier", "unit_id").id,
                "competent_unit_field_id": fields_._get(
                    "satisfaction.dossier", "competent_unit_id"
                ).id,
            }
        )
        dossier = self._create_dossiers(1, self.point, competent_unit_id=self.agency.id)
        dossier.action_ready()
        request = self._requests_of(dossier)
        self.assertEqual(request.unit_id, self.point)
        self.assertEqual(request.competent_unit_id, self.agency)

    # ------------------------------------------------------------
    # unit types and codes
    # ------------------------------------------------------------

    def test_unit_code_normalised_and_validated(self):
        Department = self.env["hr.department"]
        unit = Department.create(
            {"name": "TTPVHCC xã", "satisfaction_unit_code": "  000.31.13.h29 "}
        )
        self.assertEqual(unit.satisfaction_unit_code, "000.31.13.H29")
        unit.satisfaction_unit_code = "   "
        self.assertFalse(unit.satisfaction_unit_code)
        for bad in ("H29", "000.31.13.129", "000-31-13-H29"):
            with self.assertRaises(ValidationError):
                unit.satisfaction_unit_code = bad
                unit.flush_recordset()

    def test_unit_code_unique_per_company(self):
        Department = self.env["hr.department"]
        other_company = self.env["res.company"].create({"name": "Tỉnh khác"})
        twin = Department.create(
            {
                "name": "Sở Xây dựng (tỉnh khác)",
                "company_id": other_company.id,
                "satisfaction_unit_code": self.agency.satisfaction_unit_code,
            }
        )
        self.assertTrue(twin)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                Department.create(
                    {
                        "name": "Trùng mã",
                        "company_id": self.agency.company_id.id,
                        "satisfaction_unit_code": "000.00.15.h29",
                    }
                )

    def test_unit_types_filter_and_group(self):
        Department = self.env["hr.department"]
        centres = Department.search(
            [
                ("id", "in", self.units.ids),
                ("satisfaction_unit_type", "in", ("reception_point", "commune_centre")),
            ]
        )
        self.assertEqual(centres, self.point)
        groups = dict(
            Department._read_group(
                [("id", "in", self.units.ids)], ["satisfaction_unit_type"], ["__count"]
            )
        )
        self.assertEqual(groups, {"reception_point": 1, "competent_agency": 1})
