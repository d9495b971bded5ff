"""Every report reads the same figures from the incremental statistics as
from statistics rebuilt from the raw tables.

The data spans two months, two units, two procedures, self-service and
assisted channels (entered by staff or a surveyor), officer criteria,
dissatisfied answers, an overdue dossier, and dossiers decided by a
competent agency other than the unit that received them. Each report is read
through the ORM (grouped reads and row reads), the statistics are rebuilt,
and the reports are read again: nothing may change, whether the journal was
consolidated first or not.
"""

from datetime import datetime

from odoo import Command
from odoo.tests import tagged

from .common import SatisfactionCommon

JANUARY = datetime(2027, 1, 14, 5, 0)  # 12:00 in Hà Nội
FEBRUARY = datetime(2027, 2, 28, 18, 0)  # 1 March 01:00 in Hà Nội: March locally
INDEX_GROUPBYS = (
    ["unit_id", "month:month"],
    ["procedure_id", "criterion_id"],
    ["officer_id", "criterion_id"],
    ["element_id"],
    ["channel"],
    ["channel_mode", "element_id"],
    ["is_overall", "unit_id"],
    ["is_officer_criterion", "officer_id"],
    ["questionnaire_id", "unit_id", "procedure_id", "channel", "month:month"],
    ["criterion_id", "officer_id", "unit_id", "procedure_id", "channel"],
    ["competent_unit_id", "month:month"],
    ["unit_id", "competent_unit_id", "criterion_id"],
)
BY_COMPETENT_AGENCY = {"satisfaction_unit_role": "competent"}
UNIT_PERIOD_FIELDS = (
    "request_count",
    "answered_count",
    "dissatisfied_count",
    "overdue_count",
    "flagged_count",
    "response_count",
    "answer_count",
    "satisfied_count",
    "officer_answer_count",
    "officer_satisfied_count",
    "overall_answer_count",
    "overall_satisfied_count",
    "level1_count",
    "level2_count",
    "level3_count",
    "level4_count",
    "level5_count",
    "satisfaction_index",
    "index_low",
    "index_high",
    "officer_index",
    "overall_index",
    "response_rate",
    "qd766_ratio",
    "weighted_score",
    "target_index",
    "target_gap",
    "assisted_response_count",
    "assisted_answer_count",
    "assisted_satisfied_count",
)
SCORECARD_FIELDS = (
    "request_count",
    "answered_count",
    "response_count",
    "answer_count",
    "satisfied_count",
    "dissatisfied_count",
    "overdue_count",
    "flagged_count",
    "satisfaction_index",
    "index_low",
    "index_high",
    "officer_index",
    "overall_index",
    "weighted_score",
    "response_rate",
    "qd766_ratio",
    "qd766_54_ratio",
    "qd766_54_points",
    "total_points",
    "rank",
)


def _plain(value):
    """A comparable value: records by ids, the rest as read."""
    if hasattr(value, "_name"):
        return tuple(value.ids)
    if isinstance(value, tuple | list) and len(value) == 2:
        return value[0]
    return value


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestReportFiguresRebuild(SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["satisfaction.target"].search([]).unlink()
        cls.env["satisfaction.target"].create({"year": 2027, "target_index": 85.0})
        # the land dossiers are decided by the department of natural resources
        cls.agency = cls.env["hr.department"].create(
            {
                "name": "Sở Nông nghiệp và Môi trường",
                "satisfaction_unit_type": "competent_agency",
            }
        )
        cls.units = cls.unit_a | cls.unit_b | cls.agency
        # (unit, procedure, date, channel, default value, overrides); None: unanswered
        plan = [
            (cls.unit_a, cls.procedure_birth, JANUARY, "sms", 5, None),
            (cls.unit_a, cls.procedure_birth, JANUARY, "sms", 4, {"attitude": 2}),
            (cls.unit_a, cls.procedure_land, JANUARY, "kiosk", 2, {"overall": 1}),
            (cls.unit_a, cls.procedure_land, FEBRUARY, "kiosk", 5, {"overall": 3}),
            (cls.unit_a, cls.procedure_birth, FEBRUARY, "sms", 3, None),
            (cls.unit_a, cls.procedure_birth, FEBRUARY, None, None, None),
            (cls.unit_b, cls.procedure_birth, JANUARY, "kiosk", 5, None),
            (cls.unit_b, cls.procedure_land, FEBRUARY, "sms", 1, {"overall": 2}),
            (cls.unit_b, cls.procedure_land, FEBRUARY, "kiosk", 4, None),
            (cls.unit_b, cls.procedure_land, JANUARY, None, None, None),
            # entered by staff or a surveyor: apart from the official figures
            (cls.unit_a, cls.procedure_land, FEBRUARY, "staff", 2, {"overall": 1}),
            (cls.unit_b, cls.procedure_birth, JANUARY, "surveyor", 5, None),
        ]
        for unit, procedure, when, channel, value, overrides in plan:
            dossiers, requests = cls._return_dossiers(
                1,
                unit,
                procedure_id=procedure.id,
                competent_unit_id=(
                    cls.agency.id if procedure == cls.procedure_land else unit.id
                ),
            )
            cls.env.flush_all()
            cls.env.cr.execute(
                "UPDATE satisfaction_request SET create_date = %s WHERE id IN %s",
                [when, tuple(requests.ids)],
            )
            requests.invalidate_recordset(["create_date"])
            if value is not None:
                response = cls._answer(requests, value, overrides, channel=channel)
                response.sudo().date = when
        # one dossier returned past its appointment: overdue
        late = cls.env["satisfaction.dossier"].browse(
            cls._requests_of_unit(cls.unit_a)[2].res_id
        )
        late.date_appointment = datetime(2020, 1, 1)
        # an officer named on a request of unit B without answers of their own
        cls._requests_of_unit(cls.unit_b)[-1].officer_ids = [
            Command.link(cls.officer_a2.id)
        ]
        cls.env.flush_all()

    @classmethod
    def _requests_of_unit(cls, unit):
        return (
            cls.env["satisfaction.request"]
            .sudo()
            .search([("unit_id", "=", unit.id)], order="id")
        )

    # ------------------------------------------------------------
    # figures of every report
    # ------------------------------------------------------------

    def _grouped(self, model, groupby, aggregates, domain=None):
        rows = self.env[model]._read_group(
            domain or [("unit_id", "in", self.units.ids)], groupby, aggregates
        )
        return sorted((tuple(_plain(v) for v in row) for row in rows), key=repr)

    def _read_group(self, model, fields, groupby, context=None):
        rows = (
            self.env[model]
            .with_context(**(context or {}))
            .read_group(
                [("unit_id", "in", self.units.ids)], fields, groupby, lazy=False
            )
        )
        return sorted(
            (
                tuple(_plain(row.get(name)) for name in groupby)
                + tuple(row.get(name.split(":")[0]) for name in fields)
                for row in rows
            ),
            key=repr,
        )

    def _rows(self, model, fields, context=None):
        rows = (
            self.env[model]
            .with_context(**(context or {}))
            .search_read([("unit_id", "in", self.units.ids)], fields)
        )
        return sorted(
            (tuple(_plain(row[name]) for name in fields) for row in rows), key=repr
        )

    def _scorecard_lines(self, unit_role="receiving"):
        card = self.env["satisfaction.scorecard"].create(
            {
                "year": 2027,
                "period_type": "year",
                "minimum_answers": 1,
                "unit_role": unit_role,
                "unit_ids": [Command.set(self.units.ids)],
            }
        )
        card.action_compute()
        return sorted(
            (line.unit_id.id, *(line[name] for name in SCORECARD_FIELDS))
            for line in card.line_ids
        )

    def _figures(self):
        self.env.flush_all()
        self.env.invalidate_all()
        # sums only: how many rows hold them depends on the journal
        index_counts = ["answer_count:sum", "satisfied_count:sum"]
        figures = {
            "index " + ",".join(groupby): self._grouped(
                "satisfaction.index.report", groupby, index_counts
            )
            for groupby in INDEX_GROUPBYS
        }
        for groupby in INDEX_GROUPBYS[:3]:
            figures["index read_group " + ",".join(groupby)] = self._read_group(
                "satisfaction.index.report",
                ["answer_count", "satisfied_count", "satisfaction_index", "index_low"],
                groupby,
            )
        figures["index rows"] = self._rows(
            "satisfaction.index.report",
            [
                "month",
                "questionnaire_id",
                "element_id",
                "criterion_id",
                "officer_id",
                "unit_id",
                "procedure_id",
                "channel",
                "company_id",
                "answer_count",
                "satisfied_count",
                "satisfaction_index",
                "index_low",
                "index_high",
                "enough_answers",
                "channel_mode",
            ],
        )
        figures["respondents"] = self._grouped(
            "satisfaction.index.respondent",
            ["unit_id", "criterion_id", "month:month"],
            ["response_id:count_distinct", "__count"],
        )
        figures["unit period rows"] = self._rows(
            "satisfaction.unit.period.report",
            ["unit_id", "month", *UNIT_PERIOD_FIELDS],
        )
        figures["unit period by unit"] = self._read_group(
            "satisfaction.unit.period.report",
            ["request_count", "answered_count", "satisfaction_index", "officer_index"],
            ["unit_id"],
        )
        figures["unit period rows by competent agency"] = self._rows(
            "satisfaction.unit.period.report",
            ["unit_id", "month", *UNIT_PERIOD_FIELDS],
            BY_COMPETENT_AGENCY,
        )
        figures["unit period by competent agency"] = self._read_group(
            "satisfaction.unit.period.report",
            ["request_count", "answered_count", "satisfaction_index", "officer_index"],
            ["unit_id"],
            BY_COMPETENT_AGENCY,
        )
        figures["quota by competent agency"] = self._rows(
            "satisfaction.quota.report",
            ["scope", "period", "date", "unit_id", "rating_count", "shortfall"],
            BY_COMPETENT_AGENCY,
        )
        figures["quota"] = sorted(
            (
                tuple(_plain(row[name]) for name in row if name != "id")
                for row in self.env["satisfaction.quota.report"].search_read(
                    [
                        "|",
                        ("unit_id", "in", self.units.ids),
                        ("officer_id.department_id", "in", self.units.ids),
                    ],
                    [
                        "scope",
                        "period",
                        "date",
                        "unit_id",
                        "officer_id",
                        "quota_id",
                        "rating_count",
                        "quota",
                        "shortfall",
                        "is_short",
                    ],
                )
            ),
            key=repr,
        )
        figures["trend"] = self._rows(
            "satisfaction.trend.report",
            [
                "series",
                "month",
                "unit_id",
                "response_count",
                "answer_count",
                "satisfied_count",
                "value",
                "target_index",
            ],
        )
        figures["trend by month"] = self._read_group(
            "satisfaction.trend.report", ["value"], ["series", "month:month"]
        )
        figures["scorecard"] = self._scorecard_lines()
        figures["scorecard by competent agency"] = self._scorecard_lines("competent")
        return figures

    def _rebuild(self):
        self.env["satisfaction.stat.engine"]._rebuild()

    def _consolidate(self):
        self.env["satisfaction.stat.engine"]._consolidate()

    def assertSameFigures(self, before, after):
        self.assertEqual(before.keys(), after.keys())
        for name, rows in before.items():
            self.assertEqual(rows, after[name], name)

    # ------------------------------------------------------------

    def test_data_covers_every_report(self):
        figures = self._figures()
        for name, rows in figures.items():
            self.assertTrue(rows, f"{name}: no figures to compare")
        months = {row[1] for row in figures["index unit_id,month:month"]}
        self.assertEqual(len(months), 2)
        period = {
            row[0]: row
            for row in self._grouped_totals("satisfaction.unit.period.report")
        }
        self.assertGreater(period[self.unit_a.id][1], 0, "dissatisfied dossiers")
        self.assertGreater(period[self.unit_a.id][2], 0, "overdue dossiers")
        self.assertGreater(period[self.unit_a.id][3], 0, "officer answers")
        [[assisted]] = self.env["satisfaction.unit.period.report"]._read_group(
            [("unit_id", "in", self.units.ids)], [], ["assisted_response_count:sum"]
        )
        self.assertEqual(assisted, 2, "ratings entered by staff or a surveyor")
        agencies = {row[0] for row in figures["index competent_unit_id,month:month"]}
        self.assertEqual(
            agencies, {(self.unit_a.id,), (self.unit_b.id,), (self.agency.id,)}
        )
        self.assertIn(
            self.agency.id,
            {row[0] for row in figures["unit period rows by competent agency"]},
        )

    def _grouped_totals(self, model):
        return [
            (unit.id, *counts)
            for unit, *counts in self.env[model]._read_group(
                [("unit_id", "in", self.units.ids)],
                ["unit_id"],
                [
                    "dissatisfied_count:sum",
                    "overdue_count:sum",
                    "officer_answer_count:sum",
                ],
            )
        ]

    def test_rebuild_keeps_every_figure(self):
        """Pending journal rows, then a rebuild from the raw tables."""
        before = self._figures()
        self._rebuild()
        self.assertSameFigures(before, self._figures())

    def test_consolidate_then_rebuild_keeps_every_figure(self):
        """The journal folded in, then a rebuild from the raw tables."""
        before = self._figures()
        self._consolidate()
        consolidated = self._figures()
        self.assertSameFigures(before, consolidated)
        self._rebuild()
        self.assertSameFigures(consolidated, self._figures())
