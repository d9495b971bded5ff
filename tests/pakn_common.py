"""Complaints and petitions (PAKN) shared by the tests: a complaint maker
and the QĐ 766 worked example of May 2026 (hand-computed in
``TestPakn.test_scorecard_52_53_54_hand_computed``), built once for the
scorecard, the QĐ 766 report, the portal figures and the migration tests."""

from datetime import datetime

from ..satisfaction_survey import periods
from .common import SatisfactionCommon


def vn(*args):
    """A Vietnam wall-clock time as Odoo stores it (naive UTC)."""
    return periods.to_utc_naive(datetime(*args, tzinfo=periods.LOCAL_ZONE))


class PaknCommon(SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Pakn = cls.env["satisfaction.pakn"]
        cls.category = cls.env.ref("satisfaction_survey.pakn_category_officer")

    @classmethod
    def _pakn(cls, unit=None, **vals):
        values = {
            "unit_id": (unit or cls.unit_a).id,
            "subject": "Cán bộ hướng dẫn chưa rõ",
            "description": "Tôi phải đi lại ba lần.",
            "category_id": cls.category.id,
        }
        values.update(vals)
        return cls.Pakn.create(values)


class Qd766ReportCommon(PaknCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.procedure_overall = cls.env["satisfaction.procedure"].create(
            {
                "name": "Chứng thực bản sao (báo cáo 766)",
                "questionnaire_id": cls._create_overall_questionnaire(
                    "ss_test_qd766_report"
                ).id,
            }
        )
        cls.Report = cls.env["satisfaction.qd766.report"]

    def _build_may(self):
        """The example of ``TestPakn.test_scorecard_52_53_54_hand_computed``.

        PAKN of unit A: P1 received 04/05, answered on time, liked; P2 05/05,
        on time, disliked; P3 06/05, answered late; P4 07/05, on time, raised
        again; P5 received 20/04, answered 04/05 on time; P6 received 28/05,
        unanswered (due in June, overdue today). Dossiers returned in May: D1
        rated 5 with P1, D2 rated 1 with P2, D3 rated 5, D4 unrated with P4.
        """
        dossiers, requests = self._return_dossiers(
            4, self.unit_a, procedure_id=self.procedure_overall.id
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE satisfaction_request SET create_date = %s WHERE id IN %s",
            [vn(2026, 5, 15, 10, 0), tuple(requests.ids)],
        )
        requests.invalidate_recordset(["create_date"])
        by_dossier = {r.res_id: r for r in requests}
        d1, d2, d3, d4 = dossiers
        self._answer(by_dossier[d1.id], 5)
        self._answer(by_dossier[d2.id], 1)
        self._answer(by_dossier[d3.id], 5)

        def answered(pakn, when, late=False, rating=False, reraised=False):
            pakn.write(
                {
                    "state": "answered",
                    "answer": "Đã trả lời.",
                    "date_answered": when,
                    "answered_late": late,
                    "rating": rating,
                    "date_reraised": vn(2026, 5, 20, 9, 0) if reraised else False,
                }
            )

        answered(
            self._pakn(date_received=vn(2026, 5, 4, 9, 0), dossier_id=d1.id),
            vn(2026, 5, 8, 9, 0),
            rating="like",
        )
        answered(
            self._pakn(date_received=vn(2026, 5, 5, 9, 0), dossier_code=d2.code),
            vn(2026, 5, 12, 9, 0),
            rating="dislike",
        )
        answered(
            self._pakn(date_received=vn(2026, 5, 6, 9, 0)),
            vn(2026, 5, 29, 9, 0),
            late=True,
        )
        answered(
            self._pakn(date_received=vn(2026, 5, 7, 9, 0), dossier_code=d4.code),
            vn(2026, 5, 10, 9, 0),
            reraised=True,
        )
        answered(self._pakn(date_received=vn(2026, 4, 20, 9, 0)), vn(2026, 5, 4, 9, 0))
        self._pakn(date_received=vn(2026, 5, 28, 9, 0))
        self.env.flush_all()

    def _row(self, kind, name, unit=None):
        row = self.Report.search(
            [
                ("period_kind", "=", kind),
                ("period_name", "=", name),
                ("unit_id", "=", (unit or self.unit_a).id),
            ]
        )
        self.assertEqual(len(row), 1, "one row per unit, period type and period")
        return row
