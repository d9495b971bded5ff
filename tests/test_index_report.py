from datetime import date, datetime
from unittest import mock

from odoo.tests import tagged

from odoo.addons.satisfaction_survey.models import satisfaction_ratio_report_mixin
from odoo.addons.satisfaction_survey.models.satisfaction_ratio_report_mixin import (
    format_plain_groups,
)
from odoo.addons.satisfaction_survey.reports import satisfaction_index_report
from odoo.addons.satisfaction_survey.satisfaction_survey import indices

from .common import SatisfactionCommon


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestIndexReport(SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["satisfaction.index.report"]

    def _answered(self, unit, value=5, date_utc=None, channel=None, **answer_kw):
        _dossiers, request = self._return_dossiers(1, unit)
        response = self._answer(request, value, channel=channel, **answer_kw)
        if date_utc:
            response.date = date_utc
        return response

    def _rows(self, *extra):
        return self.Report.search(
            [("unit_id", "in", (self.unit_a | self.unit_b).ids), *extra]
        )

    def test_month_in_local_time(self):
        # 18:00 UTC on 31 January is 01:00 on 1 February in Hà Nội
        self._answered(self.unit_a, 5, date_utc=datetime(2026, 1, 31, 18, 0))
        # 16:59 UTC on 31 January is still January (23:59 local)
        self._answered(self.unit_a, 2, date_utc=datetime(2026, 1, 31, 16, 59))
        # 17:00 UTC on 30 April is 1 May local
        self._answered(self.unit_a, 5, date_utc=datetime(2026, 4, 30, 17, 0))
        overall = self._rows(("criterion_id", "=", self.criterion_overall.id))
        by_month = {
            row.month: (row.satisfied_count, row.answer_count) for row in overall
        }
        self.assertEqual(
            by_month,
            {
                date(2026, 1, 1): (0, 1),
                date(2026, 2, 1): (1, 1),
                date(2026, 5, 1): (1, 1),
            },
        )
        groups = self.Report.read_group(
            [
                ("criterion_id", "=", self.criterion_overall.id),
                ("unit_id", "=", self.unit_a.id),
            ],
            ["answer_count:sum", "satisfaction_index"],
            ["month:month"],
        )
        self.assertEqual(len(groups), 3)
        feb = self._rows(("month", "=", date(2026, 2, 1)))
        self.assertEqual(len(feb), 9, "every answer of that response falls in February")

    def test_channel_filter(self):
        self._answered(self.unit_a, 5, channel="qr")
        self._answered(self.unit_a, 5, channel="qr")
        self._answered(self.unit_a, 1, channel="kiosk")
        self._answered(self.unit_a, 3)  # through the request's channel: sms
        overall = [("criterion_id", "=", self.criterion_overall.id)]
        self.assertEqual(
            set(self._rows(*overall).mapped("channel")), {"qr", "kiosk", "sms"}
        )
        qr = self._rows(*overall, ("channel", "=", "qr"))
        self.assertEqual(
            (qr.answer_count, qr.satisfied_count, qr.satisfaction_index), (2, 2, 100.0)
        )
        kiosk = self._rows(*overall, ("channel", "=", "kiosk"))
        self.assertEqual((kiosk.answer_count, kiosk.satisfied_count), (1, 0))
        groups = {
            g["channel"]: g
            for g in self.Report.read_group(
                [*overall, ("unit_id", "=", self.unit_a.id)],
                ["answer_count:sum", "satisfaction_index"],
                ["channel"],
            )
        }
        self.assertEqual(groups["qr"]["satisfaction_index"], 100.0)
        self.assertEqual(groups["kiosk"]["satisfaction_index"], 0.0)
        self.assertEqual(groups["sms"]["answer_count"], 1)
        [total] = self.Report.read_group(
            [
                *overall,
                ("unit_id", "=", self.unit_a.id),
                ("channel", "in", ("qr", "kiosk")),
            ],
            ["satisfaction_index"],
            [],
        )
        self.assertEqual(total["satisfaction_index"], indices.satisfaction_index(2, 3))

    def test_officer_columns(self):
        self._answered(self.unit_a, 4)
        rows = self._rows()
        officer_rows = rows.filtered("is_officer_criterion")
        self.assertEqual(len(officer_rows), 8)
        self.assertTrue(
            all(officer_rows.mapped("officer_id")), "officer criteria carry the officer"
        )
        self.assertEqual(officer_rows.officer_id, self.officer_a1 | self.officer_a2)
        self.assertFalse(officer_rows.filtered("is_overall"))
        overall_rows = rows.filtered("is_overall")
        self.assertEqual(len(overall_rows), 1)
        self.assertFalse(
            overall_rows.officer_id, "the overall question rates no officer"
        )
        self.assertFalse(overall_rows.is_officer_criterion)
        self.assertEqual(overall_rows.element_id, self.criterion_overall.element_id)
        self.assertEqual(rows.questionnaire_id, self.questionnaire)

    def test_text_answers_not_counted(self):
        """Free-text questions never enter the index."""
        element = self.questionnaire.element_ids.filtered(lambda e: e.code == "overall")
        text_question = self.env["satisfaction.criterion"].create(
            {
                "element_id": element.id,
                "code": "ss_test_text",
                "name": "Góp ý thêm",
                "question_type": "text",
                "required": False,
                "sequence": 99,
            }
        )
        self._answered(self.unit_a, 5, overrides={"ss_test_text": "Rất tốt"})
        response = self.env["satisfaction.response"].search(
            [("unit_id", "=", self.unit_a.id)]
        )
        self.assertEqual(
            response.line_ids.filtered(
                lambda line: line.criterion_id == text_question
            ).text_value,
            "Rất tốt",
        )
        rows = self._rows()
        self.assertNotIn(text_question, rows.criterion_id)
        self.assertEqual(sum(rows.mapped("answer_count")), 9)

    def test_group_by_element_and_procedure(self):
        self._answered(self.unit_a, 5)
        _dossiers, request = self._return_dossiers(
            1, self.unit_b, procedure_id=self.procedure_land.id
        )
        self._answer(request, 1, overrides={"overall": 4})
        groups = {
            g["procedure_id"][0]: g
            for g in self.Report.read_group(
                [("unit_id", "in", (self.unit_a | self.unit_b).ids)],
                ["answer_count:sum", "satisfied_count:sum", "satisfaction_index"],
                ["procedure_id"],
            )
        }
        self.assertEqual(groups[self.procedure_birth.id]["satisfaction_index"], 100.0)
        # unit B: 4 officer answers at 1, overall at 4 -> 1/5
        self.assertEqual(groups[self.procedure_land.id]["answer_count"], 5)
        self.assertEqual(groups[self.procedure_land.id]["satisfaction_index"], 20.0)
        by_element = {
            g["element_id"][0]: g
            for g in self.Report.read_group(
                [("unit_id", "in", (self.unit_a | self.unit_b).ids)],
                ["satisfaction_index"],
                ["element_id"],
            )
        }
        officer_element = self.criteria["attitude"].element_id
        # A: 8/8, B: 0/4
        self.assertEqual(
            by_element[officer_element.id]["satisfaction_index"],
            indices.satisfaction_index(8, 12),
        )
        self.assertEqual(
            by_element[self.criterion_overall.element_id.id]["satisfaction_index"],
            100.0,
        )

    def test_lazy_multi_groupby(self):
        self._answered(self.unit_a, 5)
        self._answered(self.unit_b, 2)
        groups = self.Report.read_group(
            [("unit_id", "in", (self.unit_a | self.unit_b).ids)],
            ["satisfaction_index"],
            ["unit_id", "officer_id"],
            lazy=False,
        )
        for group in groups:
            self.assertEqual(
                group["satisfaction_index"],
                indices.satisfaction_index(
                    int(group["satisfied_count"]), int(group["answer_count"])
                ),
            )
        self.assertEqual(
            {(g["unit_id"][0], g["officer_id"] and g["officer_id"][0]) for g in groups},
            {
                (self.unit_a.id, self.officer_a1.id),
                (self.unit_a.id, self.officer_a2.id),
                (self.unit_a.id, False),
                (self.unit_b.id, self.officer_b1.id),
                (self.unit_b.id, False),
            },
        )

    def test_empty_group(self):
        [total] = self.Report.read_group(
            [("unit_id", "=", self.unit_a.id)], ["satisfaction_index"], []
        )
        self.assertFalse(total["satisfaction_index"], "no answers: no index, not 0 %")
        self.assertIsNot(total["satisfaction_index"], 0.0)

    def _read_both_ways(self, model, module, domain, fields, groupby, lazy):
        """read_group and web_read_group formatted by ``format_plain_groups`` and
        by Odoo alone, which must be equal; the former, and whether
        ``format_plain_groups`` formatted it."""
        done = []

        def spy(*args):
            done.append(format_plain_groups(*args))
            return done[-1]

        def read():
            return (
                model.read_group(domain, fields, groupby, lazy=lazy),
                model.web_read_group(domain, fields, groupby, lazy=lazy),
            )

        with mock.patch.object(module, "format_plain_groups", spy):
            ours = read()
        with mock.patch.object(module, "format_plain_groups", lambda *args: False):
            odoo_s = read()
        self.assertTrue(odoo_s[0], f"{model._name} {groupby}: no group")
        self.assertEqual(ours, odoo_s, f"{model._name} {groupby} lazy={lazy}")
        return ours[0], any(done)

    def test_group_labels_and_drill_down_domains(self):
        """Groups of many2one, selection and boolean fields are labelled and
        get their drill-down domain as Odoo's own formatting does (names,
        domains, pivot and graph reads); each group's domain selects exactly
        its answers."""
        for channel in ("kiosk", "staff", "sms"):
            self._answered(self.unit_a, 5, channel=channel)
        _dossiers, request = self._return_dossiers(
            1, self.unit_b, procedure_id=self.procedure_land.id
        )
        self._answer(request, 2, overrides={"overall": 4})
        units = [("unit_id", "in", (self.unit_a | self.unit_b).ids)]
        fields = ["satisfaction_index", "index_low", "answer_count:sum"]
        for domain in (units, []):
            for groupby, plain in (
                (["unit_id", "procedure_id"], True),
                (["officer_id", "procedure_id"], True),
                (["channel_mode", "unit_id"], True),
                (["is_overall"], True),
                (["month:month", "unit_id"], False),
            ):
                for lazy in (False, True):
                    groups, formatted = self._read_both_ways(
                        self.Report,
                        satisfaction_index_report,
                        domain,
                        fields,
                        groupby,
                        lazy,
                    )
                    self.assertEqual(formatted, plain, groupby)
                    if domain and not lazy:
                        self._check_drill_down(groups, groupby)
        # the reports whose ratios are recomputed by the mixin
        periods = self.env["satisfaction.unit.period.report"]
        for groupby, plain in (
            (["unit_id"], True),
            (["unit_id", "month:month"], False),
        ):
            _groups, formatted = self._read_both_ways(
                periods,
                satisfaction_ratio_report_mixin,
                units,
                ["satisfaction_index", "target_gap", "answer_count:sum"],
                groupby,
                False,
            )
            self.assertEqual(formatted, plain, groupby)

    def _check_drill_down(self, groups, groupby):
        officers = [group for group in groups if "officer_id" in group]
        if officers:  # the overall question rates no officer: a group without one
            self.assertIn(False, [group["officer_id"] for group in officers])
        for group in groups:
            [inside] = self.Report.read_group(
                group["__domain"], ["answer_count:sum"], []
            )
            self.assertEqual(inside["answer_count"], group["answer_count"])
            self.assertTrue(self.Report.search_count(group["__domain"]))
            for spec in groupby:
                if ":" not in spec:
                    value = group[spec]
                    value = value[0] if isinstance(value, tuple) else value
                    self.assertIn((spec, "=", value), group["__domain"])
