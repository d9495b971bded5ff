"""The portal's published 766 figures: CSV and XLSX import, beside the
module's own figures for the same unit and month."""

import base64
import io
from datetime import datetime

import openpyxl

from odoo.exceptions import UserError
from odoo.tests import tagged

from .pakn_common import Qd766ReportCommon

HEADER = "Mã đơn vị,Tháng,Điểm 5.2,Điểm 5.3,Điểm 5.4,Tổng số hồ sơ,Tổng số PAKN\n"


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestPortalFigures(Qd766ReportCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.unit_a.satisfaction_unit_code = "000.00.12.H12"
        cls.Figure = cls.env["satisfaction.portal.figure"]

    def _import(self, content, filename="dvcqg.csv", skip=False):
        wizard = self.env["satisfaction.portal.figure.import"].create(
            {
                "file": base64.b64encode(content),
                "filename": filename,
                "skip_bad_lines": skip,
            }
        )
        wizard.action_import()
        return wizard

    def _figures(self, unit=None):
        return self.Figure.search([("unit_id", "=", (unit or self.unit_a).id)])

    def test_csv_side_by_side_with_causes(self):
        self._build_may()
        self._import((HEADER + "000.00.12.H12,05/2026,5,1.2,3.33,6,6\n").encode())
        figure = self._figures()
        self.assertEqual(len(figure), 1)
        self.assertEqual(str(figure.month), "2026-05-01")
        self.assertEqual(
            (figure.own_points_52, figure.own_points_53, figure.own_points_54),
            (5.0, 1.2, 1.67),
            "the module's own figures of May (hand-computed in TestQd766Report)",
        )
        self.assertEqual((figure.diff_points_52, figure.diff_points_53), (0.0, 0.0))
        self.assertEqual(figure.diff_points_54, 1.66)
        self.assertEqual((figure.dossier_count, figure.own_dossier_count), (6, 4))
        self.assertIn("Dossiers: 6 on the portal, 4 here", figure.likely_causes)
        self.assertIn("Response rate 75.0 %", figure.likely_causes)
        self.assertNotIn("Complaints and petitions", figure.likely_causes, "6 and 6")
        # a new file replaces the unit's month
        self._import((HEADER + "000.00.12.H12,2026-05,6,6,6,,\n").encode())
        figure = self._figures()
        self.assertEqual((len(figure), figure.points_54), (1, 6.0))
        self.assertFalse(figure.dossier_count)
        self.assertNotIn("Dossiers:", figure.likely_causes, "not given by the file")

    def test_bad_lines_import_nothing_or_are_skipped(self):
        content = (
            HEADER
            + "000.00.12.H12,05/2026,5,1.2,3.33,6,6\n"
            + "999.99.99.H99,05/2026,5,1,1,,\n"
            + "000.00.12.H12,06/2026,cinq,1,1,,\n"
            + "000.00.12.H12,07/2026,5,1,9,,\n"
        ).encode()
        with self.assertRaises(UserError) as caught:
            self._import(content)
        message = str(caught.exception)
        for expected in ("Line 3", "unknown unit 999.99.99.H99", "Line 4", "Line 5"):
            self.assertIn(expected, message)
        self.assertNotIn("Line 2", message)
        self.assertFalse(self._figures(), "nothing half-imported")
        wizard = self._import(content, skip=True)
        self.assertEqual(len(self._figures()), 1)
        self.assertIn("1 lines imported", wizard.result)
        self.assertIn("Line 3", wizard.result)
        self.assertIn("Line 5", wizard.result)

    def test_xlsx_by_unit_name(self):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["Báo cáo Bộ chỉ số 766, nhóm 5"])
        sheet.append(["Đơn vị", "Tháng", "Tỷ lệ 5.4", "Điểm 5.4"])
        sheet.append([self.unit_b.name, datetime(2026, 3, 1), 95.5, 6])
        buffer = io.BytesIO()
        book.save(buffer)
        self._import(buffer.getvalue(), filename="766.xlsx")
        figure = self._figures(self.unit_b)
        self.assertEqual(len(figure), 1)
        self.assertEqual((figure.ratio_54, figure.points_54), (95.5, 6.0))
        self.assertEqual(str(figure.month), "2026-03-01")
        self.assertEqual(figure.own_points_54, 0.0, "no dossier here")
        self.assertEqual(figure.diff_points_54, 6.0)
        self.assertFalse(figure.diff_points_52, "5.2 not given by the file")
        self.assertIn("no dossier nor complaint", figure.likely_causes)

    def test_unreadable_files(self):
        with self.assertRaises(UserError):
            self._import(b"PK\x03\x04 not really a workbook", filename="x.xlsx")
        with self.assertRaises(UserError):
            self._import(b"a;b\n1;2\n", filename="x.csv")
        with self.assertRaises(UserError):
            self._import(b"\xff\xfe\x00bad", filename="x.csv")
