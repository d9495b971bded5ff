"""Trends across the 2025 mergers: a new unit's months before its creation are
the summed raw counts of its old units, and the break stays visible.

A one-question questionnaire, so one rating is one answer. Data:

=============  =========  ===========================  ===============
unit           month      answers                      index
=============  =========  ===========================  ===============
old commune 1  06/2025    5, 5, 5, 4, 2                4 / 5 = 80.00
old commune 2  06/2025    5, 2, 1                      1 / 3 = 33.33
new commune    07/2025    5, 5, 4                      3 / 3 = 100.00
=============  =========  ===========================  ===============

Both old communes are merged into the new commune on 1 July 2025. Its June
2025 is (4 + 1) / (5 + 3) = 5 / 8 = 62.50 %; the mean of the two
percentages, (80.00 + 33.33) / 2 = 56.67 %, would be wrong.

Chain: unit A (12/2019: 5, 5) merged into B on 1 January 2020, B (12/2019:
1, 2) into C on 1 July 2025: C's December 2019 is 2 / 4 = 50.00 %.
"""

from contextlib import contextmanager
from datetime import date, datetime

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from ..satisfaction_survey import indices, succession
from .common import LEADER, SatisfactionCommon

JUNE_2025 = datetime(2025, 6, 16, 3, 0)  # 10:00 in Hà Nội
JULY_2025 = datetime(2025, 7, 15, 3, 0)
DECEMBER_2019 = datetime(2019, 12, 16, 3, 0)
MERGER = date(2025, 7, 1)
SUMMER = [("month", ">=", date(2025, 6, 1)), ("month", "<=", date(2025, 7, 1))]


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestUnitSuccession(SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.min_group_size", "5"
        )
        questionnaire = cls._create_overall_questionnaire("ss_test_succession")
        cls.procedure_simple = cls.env["satisfaction.procedure"].create(
            {"name": "Chứng thực bản sao", "questionnaire_id": questionnaire.id}
        )
        Unit = cls.env["hr.department"]
        cls.old_1 = Unit.create({"name": "Bộ phận Một cửa UBND xã Tân Phú (cũ)"})
        cls.old_2 = Unit.create({"name": "Bộ phận Một cửa UBND xã Tân Lập (cũ)"})
        cls.new = Unit.create({"name": "Trung tâm Phục vụ hành chính công xã Tân Hòa"})
        for unit, values, when in (
            (cls.old_1, [5, 5, 5, 4, 2], JUNE_2025),
            (cls.old_2, [5, 2, 1], JUNE_2025),
            (cls.new, [5, 5, 4], JULY_2025),
        ):
            cls._rate(unit, values, when)
        Succession = cls.env["satisfaction.unit.succession"]
        cls.successions = Succession.create(
            [
                {
                    "predecessor_id": old.id,
                    "successor_id": cls.new.id,
                    "date_effective": MERGER,
                    "legal_basis": "Nghị quyết của Ủy ban Thường vụ Quốc hội về việc "
                    "sắp xếp các đơn vị hành chính cấp xã năm 2025",
                }
                for old in (cls.old_1, cls.old_2)
            ]
        )
        cls.user_leader_new = mail_new_test_user(
            cls.env, login="ss_leader_new_commune", groups=LEADER, name="Leader N"
        )
        cls.env["hr.employee"].create(
            {
                "name": "Chủ tịch UBND xã Tân Hòa",
                "department_id": cls.new.id,
                "user_id": cls.user_leader_new.id,
            }
        )
        cls.env.flush_all()

    @classmethod
    def _rate(cls, unit, values, when):
        for value in values:
            _dossiers, request = cls._return_dossiers(
                1,
                unit,
                procedure_id=cls.procedure_simple.id,
                receiving_officer_id=False,
                handling_officer_ids=[(6, 0, [])],
            )
            cls.env.flush_all()
            cls.env.cr.execute(
                "UPDATE satisfaction_request SET create_date = %s WHERE id = %s",
                [when, request.id],
            )
            request.invalidate_recordset(["create_date"])
            cls._answer(request, value).date = when

    def _trend(self, user=None):
        return self.env["satisfaction.succession.trend.report"].with_user(
            user or self.user_reviewer
        )

    @contextmanager
    def _refused(self, words):
        """A ValidationError saying ``words``, rolled back (assertRaises' savepoint)."""
        with self.assertRaises(ValidationError) as caught:
            yield
        self.assertIn(words, str(caught.exception))

    def _month(self, group):
        return group["__range"]["month:month"]["from"][:7]

    # ------------------------------------------------------------
    # FIGURES
    # ------------------------------------------------------------

    def test_new_unit_before_merger_is_index_of_summed_counts(self):
        groups = self._trend().read_group(
            [*SUMMER, ("unit_id", "=", self.new.id)],
            ["satisfaction_index", "answer_count:sum", "response_count:sum"],
            ["month:month"],
            lazy=False,
        )
        by_month = {self._month(g): g for g in groups}
        june, july = by_month["2025-06"], by_month["2025-07"]
        self.assertEqual(june["answer_count"], 8)
        self.assertEqual(june["satisfaction_index"], 62.5, "5 / 8, from the sums")
        self.assertNotEqual(
            june["satisfaction_index"],
            round(
                (indices.satisfaction_index(4, 5) + indices.satisfaction_index(1, 3))
                / 2,
                2,
            ),
            "never the mean of the old units' percentages (56.67)",
        )
        self.assertEqual(july["satisfaction_index"], 100.0)
        # the rows themselves: one per unit and month, the old units folded in
        rows = self._trend().search_read(
            [*SUMMER, ("unit_id", "in", (self.new | self.old_1 | self.old_2).ids)],
            [
                "unit_id",
                "month",
                "satisfaction_index",
                "is_before_succession",
                "phase",
                "source_unit_count",
            ],
            order="month",
        )
        self.assertEqual(
            [
                (
                    r["unit_id"][0],
                    str(r["month"]),
                    r["satisfaction_index"],
                    r["is_before_succession"],
                    r["phase"],
                    r["source_unit_count"],
                )
                for r in rows
            ],
            [
                (self.new.id, "2025-06-01", 62.5, True, "before", 2),
                (self.new.id, "2025-07-01", 100.0, False, "after", 1),
            ],
        )
        # the core gives the same figure from the same counts
        merged = succession.map_counts(
            [
                (self.old_1.id, "2025-06", {"satisfied": 4, "answers": 5}),
                (self.old_2.id, "2025-06", {"satisfied": 1, "answers": 3}),
            ],
            succession.final_successors(
                self.env["satisfaction.unit.succession"]._graph()
            ),
        )[(self.new.id, "2025-06")]
        self.assertEqual(
            indices.satisfaction_index(merged["satisfied"], merged["answers"]), 62.5
        )
        # the per-unit report still shows the old units as they were
        period = self.env["satisfaction.unit.period.report"].with_user(
            self.user_reviewer
        )
        old_rows = period.search_read(
            [("unit_id", "=", self.old_1.id), ("month", "=", date(2025, 6, 1))],
            ["satisfaction_index"],
        )
        self.assertEqual([r["satisfaction_index"] for r in old_rows], [80.0])

    def test_graph_draws_before_and_after_as_separate_lines(self):
        graph = (
            self._trend()
            .with_context(fill_temporal=True)
            .web_read_group(
                [*SUMMER, ("unit_id", "=", self.new.id)],
                ["__count", "satisfaction_index:avg"],
                ["month:month", "phase"],
                lazy=False,
            )
        )
        points = {
            (self._month(g), g["phase"]): g["satisfaction_index"]
            for g in graph["groups"]
        }
        self.assertEqual(
            points,
            {
                ("2025-06", "before"): 62.5,
                ("2025-06", "after"): None,
                ("2025-07", "before"): None,
                ("2025-07", "after"): 100.0,
            },
            "a gap, never 0, where a line has no month",
        )

    def test_chain_of_mergers(self):
        Unit = self.env["hr.department"]
        unit_a = Unit.create({"name": "UBND xã A (sáp nhập năm 2020)"})
        unit_b = Unit.create({"name": "UBND xã B (sáp nhập năm 2025)"})
        unit_c = Unit.create({"name": "Trung tâm Phục vụ hành chính công xã C"})
        self._rate(unit_a, [5, 5], DECEMBER_2019)
        self._rate(unit_b, [1, 2], DECEMBER_2019)
        self.env["satisfaction.unit.succession"].create(
            [
                {
                    "predecessor_id": unit_b.id,
                    "successor_id": unit_c.id,
                    "date_effective": MERGER,
                },
                {
                    "predecessor_id": unit_a.id,
                    "successor_id": unit_b.id,
                    "date_effective": date(2020, 1, 1),
                },
            ]
        )
        self.env.flush_all()
        rows = self._trend().search_read(
            [("unit_id", "in", (unit_a | unit_b | unit_c).ids)],
            ["unit_id", "month", "answer_count", "satisfaction_index", "phase"],
        )
        self.assertEqual(
            [
                (
                    r["unit_id"][0],
                    str(r["month"]),
                    r["answer_count"],
                    r["satisfaction_index"],
                    r["phase"],
                )
                for r in rows
            ],
            [(unit_c.id, "2019-12-01", 4, 50.0, "before")],
        )

    def test_split_old_unit_carrying_to_none_keeps_its_figures(self):
        Unit = self.env["hr.department"]
        district = Unit.create({"name": "Bộ phận Một cửa UBND huyện D (cũ)"})
        commune_p = Unit.create({"name": "Trung tâm Phục vụ hành chính công xã P"})
        self._rate(district, [5, 4, 1], JUNE_2025)
        self.env["satisfaction.unit.succession"].create(
            [
                {
                    "predecessor_id": district.id,
                    "successor_id": unit.id,
                    "date_effective": MERGER,
                    "carries_figures": False,
                }
                for unit in (commune_p, self.new)
            ]
        )
        self.env.flush_all()
        rows = self._trend().search_read(
            [
                ("unit_id", "in", (district | self.new).ids),
                ("month", "=", "2025-06-01"),
            ],
            ["unit_id", "answer_count"],
            order="unit_id",
        )
        self.assertEqual(
            sorted((r["unit_id"][0], r["answer_count"]) for r in rows),
            sorted([(district.id, 3), (self.new.id, 8)]),
            "the district's answers are in no commune's trend",
        )

    # ------------------------------------------------------------
    # SMALL GROUPS, ACCESS
    # ------------------------------------------------------------

    def test_small_groups_stay_hidden_from_the_unit_leader(self):
        trend = self._trend(self.user_leader_new)
        groups = trend.read_group(
            SUMMER,
            ["satisfaction_index", "answer_count:sum"],
            ["month:month"],
            lazy=False,
        )
        by_month = {self._month(g): g for g in groups}
        # June: 8 respondents, shown; July: 3 < 5, hidden
        self.assertEqual(by_month["2025-06"]["satisfaction_index"], 62.5)
        self.assertIs(by_month["2025-07"]["satisfaction_index"], False)
        self.assertIs(by_month["2025-07"]["answer_count"], False)
        rows = trend.search_read(SUMMER, ["month", "satisfaction_index"], order="month")
        self.assertEqual(
            [(str(r["month"]), r["satisfaction_index"]) for r in rows],
            [("2025-06-01", 62.5), ("2025-07-01", False)],
            "the leader reads their own unit only, small months blanked",
        )
        # a reviewer sees the small month
        self.assertEqual(
            self._trend().search_read(
                [("unit_id", "=", self.new.id), ("month", "=", "2025-07-01")],
                ["satisfaction_index"],
            )[0]["satisfaction_index"],
            100.0,
        )

    def test_successions_kept_by_reviewers_not_by_leaders(self):
        Succession = self.env["satisfaction.unit.succession"]
        unit_x = self.env["hr.department"].create({"name": "UBND xã X (cũ)"})
        record = Succession.with_user(self.user_reviewer).create(
            {"predecessor_id": unit_x.id, "successor_id": self.new.id}
        )
        self.assertEqual(record.date_effective, MERGER)
        with self.assertRaises(AccessError):
            Succession.with_user(self.user_leader_new).create(
                {"predecessor_id": unit_x.id, "successor_id": self.old_1.id}
            )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    def test_figures_cannot_be_split_nor_go_round(self):
        Succession = self.env["satisfaction.unit.succession"]
        other = self.env["hr.department"].create({"name": "UBND xã Y"})
        with self._refused("counts cannot be split"):
            Succession.create(
                {"predecessor_id": self.old_1.id, "successor_id": other.id}
            )
        with self._refused("cycle"):
            Succession.create(
                {"predecessor_id": self.new.id, "successor_id": self.old_1.id}
            )
        # a second successor without the figures is a split, accepted
        split = Succession.create(
            {
                "predecessor_id": self.old_1.id,
                "successor_id": other.id,
                "carries_figures": False,
            }
        )
        self.assertFalse(split.carries_figures)
        with self._refused("after the date"):
            Succession.create(
                {
                    "predecessor_id": other.id,
                    "successor_id": self.old_1.id,
                    "date_effective": date(2026, 1, 1),
                }
            )

    # ------------------------------------------------------------
    # DEMO
    # ------------------------------------------------------------

    def test_demo_trend_crosses_the_merger(self):
        """On a demo database: the commune Tân Hòa's June 2025 is the index of
        the summed counts of the communes it replaced; July is its own."""
        new = self.env.ref(
            "satisfaction_survey.demo_unit_2l_tan_hoa", raise_if_not_found=False
        )
        if not new:
            self.skipTest("no demo data")
        olds = self.env.ref("satisfaction_survey.demo_unit_2l_old_tan_phu") | (
            self.env.ref("satisfaction_survey.demo_unit_2l_old_tan_lap")
        )
        june = [("month", "=", date(2025, 6, 1))]
        old_rows = (
            self.env["satisfaction.unit.period.report"]
            .with_user(self.user_reviewer)
            .search_read(
                [*june, ("unit_id", "in", olds.ids)],
                ["unit_id", "satisfied_count", "answer_count"],
            )
        )
        self.assertEqual(len(old_rows), 2, "both old communes rated in June 2025")
        merged = succession.map_counts(
            [
                (
                    r["unit_id"][0],
                    "2025-06",
                    {"satisfied": r["satisfied_count"], "answers": r["answer_count"]},
                )
                for r in old_rows
            ],
            {old.id: new.id for old in olds},
        )[(new.id, "2025-06")]
        rows = self._trend().search_read(
            [("unit_id", "=", new.id), ("month", "in", ["2025-06-01", "2025-07-01"])],
            ["month", "phase", "satisfaction_index"],
            order="month",
        )
        self.assertEqual(
            [(str(r["month"]), r["phase"]) for r in rows],
            [("2025-06-01", "before"), ("2025-07-01", "after")],
        )
        self.assertEqual(
            rows[0]["satisfaction_index"],
            indices.satisfaction_index(merged["satisfied"], merged["answers"]),
        )
