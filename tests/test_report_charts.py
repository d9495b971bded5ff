"""Charts and tables that cannot mislead: no stacked percentages, a gap for a month
without answers, the target as a reference line, the partial month left out,
the latest month first in tables, years without thousands separators.

Data (a one-question questionnaire, so one rating is one answer):

=====  =========  ==============  =====
unit   month      answers         index
=====  =========  ==============  =====
A      03/2019    5, 5            100
A      04/2019    -               -
A      05/2019    5, 1            50
B      03/2019    5               100
A      this month 5               100
=====  =========  ==============  =====
"""

import ast
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import fields
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from ..satisfaction_survey import periods
from .common import SatisfactionCommon

MARCH = datetime(2019, 3, 15, 5, 0)
MAY = datetime(2019, 5, 15, 5, 0)
SPRING = [("month", ">=", date(2019, 3, 1)), ("month", "<=", date(2019, 5, 1))]


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestReportCharts(SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        questionnaire = cls._create_overall_questionnaire("ss_test_charts")
        cls.procedure_simple = cls.env["satisfaction.procedure"].create(
            {"name": "Chứng thực bản sao", "questionnaire_id": questionnaire.id}
        )
        for unit, values, when in (
            (cls.unit_a, [5, 5], MARCH),
            (cls.unit_a, [5, 1], MAY),
            (cls.unit_b, [5], MARCH),
            (cls.unit_a, [5], None),
        ):
            for value in values:
                _dossiers, request = cls._return_dossiers(
                    1, unit, procedure_id=cls.procedure_simple.id
                )
                if when:
                    cls.env.flush_all()
                    cls.env.cr.execute(
                        "UPDATE satisfaction_request SET create_date = %s "
                        "WHERE id = %s",
                        [when, request.id],
                    )
                    request.invalidate_recordset(["create_date"])
                response = cls._answer(request, value)
                if when:
                    response.date = when
        cls.env["satisfaction.target"].search([("year", "=", 2019)]).unlink()
        cls.env["satisfaction.target"].create({"year": 2019, "target_index": 80.0})
        cls.env.flush_all()
        cls.target_2019 = 80.0

    def _month(self, group):
        """First day of a month group (its label depends on the language)."""
        return group["__range"]["month:month"]["from"][:7]

    def _module_views(self, view_type):
        ids = (
            self.env["ir.model.data"]
            .search(
                [("module", "=", "satisfaction_survey"), ("model", "=", "ir.ui.view")]
            )
            .mapped("res_id")
        )
        return (
            self.env["ir.ui.view"]
            .browse(ids)
            .filtered(lambda view: view.type == view_type)
        )

    def _filter_domain(self, model, name):
        """The domain of a filter of ``model``'s search view, as the client
        evaluates it today."""
        arch = self.env[model].get_views([(False, "search")])["views"]["search"]["arch"]
        node = etree.fromstring(arch).xpath("//filter[@name='%s']" % name)[0]
        today = fields.Date.context_today(self.env.user)
        return safe_eval(
            node.get("domain"),
            {"context_today": lambda: today, "relativedelta": relativedelta},
        )

    # ------------------------------------------------------------
    # GRAPHS
    # ------------------------------------------------------------

    def test_no_graph_is_stacked(self):
        graphs = self._module_views("graph")
        self.assertGreaterEqual(len(graphs), 4)
        for view in graphs:
            node = etree.fromstring(view.arch_db.encode())
            self.assertIn(
                node.get("stacked"), ("0", "False", "false"), "%s" % view.xml_id
            )

    def test_trend_draws_the_target_and_leaves_empty_months_empty(self):
        Trend = self.env["satisfaction.trend.report"].with_user(self.user_reviewer)
        graph = Trend.with_context(fill_temporal=True).web_read_group(
            [*SPRING, ("unit_id", "=", self.unit_a.id)],
            ["__count", "value:avg"],
            ["month:month", "series"],
            lazy=False,
        )
        points = {
            (self._month(group), group["series"]): group["value"]
            for group in graph["groups"]
        }
        self.assertEqual(len(graph["groups"]), 3 * 2, "each month, each series, once")
        self.assertEqual(points[("2019-03", "index")], 100.0)
        self.assertEqual(points[("2019-03", "target")], self.target_2019)
        self.assertEqual(points[("2019-05", "index")], 50.0)
        self.assertEqual(points[("2019-05", "target")], self.target_2019)
        # April has no answer: a gap in the index, never 0; the target goes on
        self.assertIsNone(points[("2019-04", "index")])
        self.assertEqual(points[("2019-04", "target")], self.target_2019)
        self.assertEqual(
            [key for key in points if key[1] is False], [], "no 'None' series"
        )
        # the pivot reads the same figures, newest month first
        pivot = Trend.with_context(satisfaction_latest_first=True).read_group(
            [*SPRING, ("unit_id", "=", self.unit_a.id)],
            ["value:avg"],
            ["month:month"],
            lazy=False,
        )
        self.assertEqual(
            [(self._month(g), g["value"]) for g in pivot],
            [("2019-05", 50.0), ("2019-03", 100.0)],
        )

    def test_index_graph_units_are_separate_lines_with_gaps(self):
        Index = self.env["satisfaction.index.report"].with_user(self.user_reviewer)
        graph = Index.with_context(fill_temporal=True).web_read_group(
            [*SPRING, ("unit_id", "in", (self.unit_a | self.unit_b).ids)],
            ["__count", "satisfaction_index:avg"],
            ["month:month", "unit_id"],
            lazy=False,
        )
        points = {
            (self._month(group), group["unit_id"][0]): group["satisfaction_index"]
            for group in graph["groups"]
        }
        self.assertEqual(len(graph["groups"]), 3 * 2, "each month, each unit, once")
        self.assertEqual(points[("2019-03", self.unit_a.id)], 100.0)
        self.assertEqual(points[("2019-03", self.unit_b.id)], 100.0)
        self.assertEqual(points[("2019-05", self.unit_a.id)], 50.0)
        # B has no answer in May, A none in April: empty, not 0
        self.assertIsNone(points[("2019-05", self.unit_b.id)])
        self.assertIsNone(points[("2019-04", self.unit_a.id)])

    def test_tables_latest_month_first_graphs_in_time_order(self):
        Period = self.env["satisfaction.unit.period.report"].with_user(
            self.user_reviewer
        )
        domain = [*SPRING, ("unit_id", "=", self.unit_a.id)]
        table = Period.with_context(satisfaction_latest_first=True).read_group(
            domain, ["satisfaction_index"], ["month:month"]
        )
        self.assertEqual([self._month(g) for g in table], ["2019-05", "2019-03"])
        graph = Period.with_context(
            satisfaction_latest_first=True, fill_temporal=True
        ).web_read_group(
            domain, ["satisfaction_index:avg"], ["month:month"], lazy=False
        )
        self.assertEqual(
            [self._month(g) for g in graph["groups"]],
            ["2019-03", "2019-04", "2019-05"],
        )

    # ------------------------------------------------------------
    # PARTIAL MONTH
    # ------------------------------------------------------------

    def test_partial_month_left_out_by_default(self):
        this_month = periods.month_start(fields.Date.context_today(self.env.user))
        for xml_id, model in (
            ("satisfaction_trend_report_action", "satisfaction.trend.report"),
            ("satisfaction_index_report_action", "satisfaction.index.report"),
            (
                "satisfaction_unit_period_report_action",
                "satisfaction.unit.period.report",
            ),
        ):
            action = self.env.ref("satisfaction_survey.%s" % xml_id)
            context = ast.literal_eval(action.context)
            self.assertTrue(context["search_default_filter_complete_months"], xml_id)
            Model = self.env[model].with_user(self.user_reviewer)
            unit = [("unit_id", "=", self.unit_a.id)]
            self.assertIn(
                this_month, Model.search(unit).mapped("month"), "data this month"
            )
            complete = self._filter_domain(model, "filter_complete_months")
            months = Model.search(unit + complete).mapped("month")
            self.assertNotIn(this_month, months, model)
            self.assertIn(date(2019, 3, 1), months)

    def test_every_trend_opens_on_complete_months(self):
        """Every action of the module whose graph draws months (a trend) opens
        with the current, partial month left out; the filter can be removed."""
        ids = (
            self.env["ir.model.data"]
            .search(
                [
                    ("module", "=", "satisfaction_survey"),
                    ("model", "=", "ir.actions.act_window"),
                ]
            )
            .mapped("res_id")
        )
        trends = []
        for action in self.env["ir.actions.act_window"].browse(ids):
            if "graph" not in (action.view_mode or "").split(","):
                continue
            views = self.env[action.res_model].get_views([(False, "graph")])
            graph = etree.fromstring(views["views"]["graph"]["arch"])
            if not graph.xpath("//field[@name='month'][not(@type='measure')]"):
                continue
            trends.append(action.res_model)
            context = safe_eval(action.context or "{}")
            self.assertTrue(
                context.get("search_default_filter_complete_months"), action.name
            )
            self._filter_domain(action.res_model, "filter_complete_months")
        self.assertIn("satisfaction.trend.report", trends)
        self.assertIn("satisfaction.succession.trend.report", trends)

    # ------------------------------------------------------------
    # TABLES
    # ------------------------------------------------------------

    def test_index_pivot_shows_index_and_answers(self):
        arch = self.env["satisfaction.index.report"].get_views([(False, "pivot")])[
            "views"
        ]["pivot"]["arch"]
        measures = etree.fromstring(arch).xpath("//field[@type='measure']/@name")
        self.assertEqual(measures, ["satisfaction_index", "answer_count"])

    def test_years_without_thousands_separator(self):
        for view in self._module_views("list") | self._module_views("form"):
            node = etree.fromstring(view.arch_db.encode())
            self.assertFalse(
                node.xpath("//field[contains(@options, \"'format'\")]"), view.xml_id
            )
            model = self.env[view.model]
            for field in node.xpath("//field[@name='year']"):
                if model._fields["year"].type != "integer":
                    continue
                options = safe_eval(
                    field.get("options") or "{}", {"false": False, "true": True}
                )
                self.assertIs(options.get("enable_formatting"), False, view.xml_id)

    # ------------------------------------------------------------
    # RANKING
    # ------------------------------------------------------------

    def test_ranking_opens_the_latest_scorecard_unit_by_unit(self):
        Scorecard = self.env["satisfaction.scorecard"].with_user(self.user_reviewer)
        units = self.unit_a | self.unit_b
        older = Scorecard.create({"year": 2097, "unit_ids": [(6, 0, units.ids)]})
        latest = Scorecard.create({"year": 2099, "unit_ids": [(6, 0, units.ids)]})
        (older | latest).action_compute()
        action = Scorecard.action_open_ranking()
        self.assertEqual(action["res_model"], "satisfaction.scorecard.line")
        self.assertEqual(action["context"], {"search_default_scorecard_id": latest.id})
        self.assertNotIn("group_by", str(action["context"]))
        # one bar per unit, highest index first
        arch = self.env["satisfaction.scorecard.line"].get_views([(False, "graph")])[
            "views"
        ]["graph"]["arch"]
        graph = etree.fromstring(arch)
        self.assertEqual(graph.get("order"), "desc")
        self.assertEqual(graph.xpath("//field[not(@type)]/@name"), ["unit_id"])
        # the menu opens it
        menu_action = self.env.ref(
            "satisfaction_survey.satisfaction_scorecard_line_menu"
        ).action
        self.assertEqual(
            menu_action,
            self.env.ref(
                "satisfaction_survey.satisfaction_scorecard_line_action_latest"
            ),
        )
        result = menu_action.with_user(self.user_reviewer).run()
        self.assertEqual(result["context"], {"search_default_scorecard_id": latest.id})
