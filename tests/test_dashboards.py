"""The cockpit in the Dashboards app: its records, what its spreadsheets
reference, who may open which dashboard, and the figures its pivots read.

The figures are checked by calling the same ``read_group`` the spreadsheet's
pivots declare (model, domain, row groupbys, measures without aggregator), as a
reviewer and as a unit leader, on the data of ``ReportsCommon`` (March 2027):
A 9 satisfied of 10 answers, 12 dossiers; B 2 of 3, 3 dossiers; target 85 %.
"""

import json
import shutil
from datetime import date, timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools import file_open

from ..satisfaction_survey import periods
from .reports_common import ReportsCommon

PREFIX = "satisfaction_survey."
PROVINCE = PREFIX + "spreadsheet_dashboard_satisfaction_province"
UNIT = PREFIX + "spreadsheet_dashboard_satisfaction_unit"
MARCH = [("month", ">=", "2027-01-01"), ("month", "<=", "2027-12-31")]


def _groupby(dimension):
    if dimension.get("granularity"):
        return "%s:%s" % (dimension["fieldName"], dimension["granularity"])
    return dimension["fieldName"]


@tagged("post_install", "-at_install")
class TestDashboards(ReportsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.province = cls.env.ref(PROVINCE)
        cls.unit_dashboard = cls.env.ref(UNIT)
        cls.snapshots = {
            dashboard: json.loads(dashboard.spreadsheet_data)
            for dashboard in cls.province | cls.unit_dashboard
        }

    def _pivot(self, dashboard, name):
        pivots = self.snapshots[dashboard]["pivots"].values()
        return next(pivot for pivot in pivots if pivot["name"] == name)

    def _read_pivot(self, user, dashboard, name, domain):
        """read_group of a pivot of ``dashboard`` as ``user``, within ``domain``."""
        pivot = self._pivot(dashboard, name)
        rows = pivot["rows"] + pivot["columns"]
        return (
            self.env[pivot["model"]]
            .with_user(user)
            .with_context(**pivot["context"])
            .read_group(
                pivot["domain"] + domain,
                [measure["fieldName"] for measure in pivot["measures"]],
                [_groupby(dimension) for dimension in rows],
                lazy=False,
            )
        )

    # ---------------------------------------------------------------- records
    def test_dashboards_in_their_group(self):
        group = self.env.ref(PREFIX + "spreadsheet_dashboard_group_satisfaction")
        self.assertEqual(group.with_context(lang="en_US").name, "Citizen satisfaction")
        if self.env["res.lang"]._lang_get("vi_VN"):
            self.assertEqual(
                group.with_context(lang="vi_VN").name, "Sự hài lòng của người dân"
            )
        self.assertEqual(
            group.dashboard_ids.sorted("sequence"), self.province | self.unit_dashboard
        )
        self.assertEqual(
            self.province.group_ids,
            self.env.ref(PREFIX + "group_satisfaction_reviewer"),
        )
        self.assertEqual(
            self.unit_dashboard.group_ids,
            self.env.ref(PREFIX + "group_satisfaction_leader"),
        )
        for dashboard in self.province | self.unit_dashboard:
            self.assertTrue(dashboard.is_published)
            self.assertEqual(
                dashboard.main_data_model_ids.model, "satisfaction.unit.period.report"
            )
            with file_open(dashboard.sample_dashboard_file_path) as sample:
                self.assertTrue(json.load(sample)["sheets"])

    def test_spreadsheets_reference_existing_fields(self):
        """Every pivot, list and global filter names a model and fields that exist;
        ratio measures have no aggregator, so the reports recompute them."""
        for dashboard, data in self.snapshots.items():
            self.assertTrue(data["pivots"], dashboard.name)
            filter_ids = {f["id"] for f in data["globalFilters"]}
            for pivot in data["pivots"].values():
                model = self.env[pivot["model"]]
                for measure in pivot["measures"]:
                    self.assertIn(measure["fieldName"], model._fields)
                    self.assertNotIn("aggregator", measure)
                for dimension in pivot["rows"] + pivot["columns"]:
                    self.assertIn(dimension["fieldName"], model._fields)
                model._where_calc(pivot["domain"])  # a valid domain
                for filter_id, matching in pivot["fieldMatching"].items():
                    self.assertIn(filter_id, filter_ids)
                    self.assertIn(matching["chain"].split(".")[0], model._fields)
            for listing in data["lists"].values():
                model = self.env[listing["model"]]
                for column in listing["columns"]:
                    self.assertIn(column, model._fields)
                model._where_calc(listing["domain"])
            for sheet in data["sheets"]:
                for figure in sheet["figures"]:
                    self.assertIn(figure["data"]["type"], ("scorecard", "line", "bar"))

    # ----------------------------------------------------------------- access
    def test_who_reads_which_dashboard(self):
        dashboards = self.province | self.unit_dashboard
        for user, expected in (
            (self.user_reviewer, self.province),
            (self.user_leader_a, self.unit_dashboard),
            (self.user_officer_a, self.env["spreadsheet.dashboard"]),
            (self.user_manager, dashboards),
        ):
            Dashboard = self.env["spreadsheet.dashboard"].with_user(user)
            self.assertEqual(
                Dashboard.search([("id", "in", dashboards.ids)]), expected, user.login
            )
        snapshot = self.province.with_user(self.user_reviewer).get_readonly_dashboard()
        self.assertEqual(
            {p["model"] for p in snapshot["snapshot"]["pivots"].values()},
            {
                "satisfaction.unit.period.report",
                "satisfaction.quota.report",
                "satisfaction.comment.theme.report",
            },
        )

    def test_cockpit_menu_opens_the_users_dashboard(self):
        action = self.env.ref(PREFIX + "action_satisfaction_cockpit")
        for user, dashboard in (
            (self.user_reviewer, self.province),
            (self.user_leader_a, self.unit_dashboard),
        ):
            result = action.with_user(user).run()
            self.assertEqual(result["tag"], "action_spreadsheet_dashboard")
            self.assertEqual(result["params"], {"dashboard_id": dashboard.id})
        for xmlid, dashboard in (
            ("action_satisfaction_cockpit_province", self.province),
            ("action_satisfaction_cockpit_unit", self.unit_dashboard),
        ):
            home = self.env.ref(PREFIX + xmlid)
            self.assertEqual(home.params, {"dashboard_id": dashboard.id})

    # ---------------------------------------------------------------- figures
    def test_province_figures_as_reviewer(self):
        units = [("unit_id", "in", (self.unit_a | self.unit_b).ids)]
        [year] = self._read_pivot(
            self.user_reviewer, self.province, "Year", MARCH + units
        )
        # 11 satisfied of 13 answers; 13 of 15 dossiers rated; target 85 %
        self.assertEqual(
            (
                year["satisfaction_index"],
                year["answer_count"],
                year["response_rate"],
                year["target_index"],
                year["target_gap"],
            ),
            (84.62, 13, 86.67, 85.0, -0.38),
        )
        months = self._read_pivot(
            self.user_reviewer, self.province, "Index per month", MARCH + units
        )
        # the month line holds complete months only: March 2027 once it is over
        this_month = periods.local_month(fields.Datetime.now())
        self.assertEqual(
            [
                (m["satisfaction_index"], m["target_index"], m["answer_count"])
                for m in months
            ],
            [(84.62, 85.0, 13)] if date(2027, 3, 1) < this_month else [],
        )
        ranking = self._read_pivot(
            self.user_reviewer, self.province, "Ranking of units", MARCH + units
        )
        self.assertEqual(
            sorted(
                (r["unit_id"][0], r["satisfaction_index"], r["answer_count"])
                for r in ranking
            ),
            sorted([(self.unit_a.id, 90.0, 10), (self.unit_b.id, 66.67, 3)]),
        )
        officers = self._read_pivot(
            self.user_reviewer,
            self.unit_dashboard,
            "Officers",
            MARCH + [("unit_id", "=", self.unit_c.id)],
        )
        self.assertEqual(
            [
                (o["officer_id"][0], o["satisfaction_index"], o["answer_count"])
                for o in officers
            ],
            [(self.officer_b1.id, 75.0, 4)],
        )

    def test_unit_figures_as_leader(self):
        """The leader's pivots read their unit only, through the report rules."""
        units = [("unit_id", "in", (self.unit_a | self.unit_b | self.unit_c).ids)]
        [year] = self._read_pivot(
            self.user_leader_a, self.unit_dashboard, "Year", MARCH + units
        )
        self.assertEqual(
            (
                year["satisfaction_index"],
                year["answer_count"],
                year["response_rate"],
                year["target_gap"],
            ),
            (90.0, 10, 83.33, 5.0),
        )
        ranking = self._read_pivot(
            self.user_leader_a, self.unit_dashboard, "Ranking of units", MARCH + units
        )
        self.assertEqual(
            [(r["unit_id"][0], r["satisfaction_index"]) for r in ranking],
            [(self.unit_a.id, 90.0)],
        )
        officers = self._read_pivot(
            self.user_leader_a, self.unit_dashboard, "Officers", MARCH + units
        )
        self.assertFalse(officers)  # B1 serves unit C
        quotas = self._read_pivot(
            self.user_leader_a, self.unit_dashboard, "Quota shortfalls", []
        )
        self.assertFalse(
            {q["unit_id"][0] for q in quotas if q["unit_id"]} - set(self.unit_a.ids)
        )
        listing = self.snapshots[self.unit_dashboard]["lists"]["1"]
        followups = (
            self.env[listing["model"]]
            .with_user(self.user_leader_a)
            .search_read(listing["domain"], listing["columns"])
        )
        self.assertFalse(
            {f["unit_id"][0] for f in followups if f["unit_id"]} - set(self.unit_a.ids)
        )

    def test_month_line_leaves_out_the_partial_month(self):
        """Ratings of a new unit last month (3 of 4 satisfied) and this month
        (1 of 3), dated from today: the month line of both dashboards draws
        last month only, index and target; the key figures of the period
        still count this month's answers (4 of 7)."""
        unit = self.env["hr.department"].create(
            {"name": "Bộ phận Một cửa phường Trăng Non"}
        )
        this_month = periods.local_month(fields.Datetime.now())
        last_month = periods.add_months(this_month, -1)
        noon = periods.local_midnight_utc(last_month) + timedelta(hours=5)
        for moment, values in ((noon, (5, 5, 4, 2)), (None, (1, 1, 5))):
            for value in values:
                _dossiers, request = self._return_dossiers(
                    1, unit, procedure_id=self.procedure_simple.id
                )
                response = self._answer(request, value)
                if moment:
                    self.env.flush_all()
                    self.env.cr.execute(
                        "UPDATE satisfaction_request SET create_date = %s "
                        "WHERE id = %s",
                        [moment, request.id],
                    )
                    response.date = moment
        self.env.flush_all()
        Target = self.env["satisfaction.target"]
        target = Target.search([("year", "=", last_month.year)]) or Target.create(
            {"year": last_month.year, "target_index": 80.0}
        )
        domain = [("unit_id", "=", unit.id)]
        Report = self.env["satisfaction.unit.period.report"].with_user(
            self.user_reviewer
        )
        rows = Report.search(domain)
        self.assertEqual(
            {(row.month, row.is_complete_month) for row in rows},
            {(last_month, True), (this_month, False)},
        )
        self.assertEqual(
            Report.search(domain + [("is_complete_month", "=", False)]).month,
            this_month,
        )
        for dashboard in self.province | self.unit_dashboard:
            months = self._read_pivot(
                self.user_reviewer, dashboard, "Index per month", domain
            )
            self.assertEqual(
                [
                    (
                        m["__range"]["month:month"]["from"],
                        m["satisfaction_index"],
                        m["target_index"],
                        m["answer_count"],
                    )
                    for m in months
                ],
                [(str(last_month), 75.0, target.target_index, 4)],
                dashboard.name,
            )
            [year] = self._read_pivot(self.user_reviewer, dashboard, "Year", domain)
            self.assertEqual(
                (year["answer_count"], year["satisfaction_index"]), (7, 57.14)
            )
        title = next(
            figure["data"]["title"]["text"]
            for figure in self.snapshots[self.province]["sheets"][0]["figures"]
            if figure["id"] == "cockpit_line_months"
        )
        self.assertIn("complete month", title)

    def test_comment_themes(self):
        """Ratings speaking of waiting in March 2027: unit A 1, 2 and 5, unit B
        2 (small-group size 3). The reviewer reads both units, the leader of A
        their unit only; the themes table reads the pivot's rows in order."""
        for value in (1, 2, 5):
            self._rated(self.unit_a, value, comment="Phải chờ rất lâu mới đến lượt")
        self._rated(self.unit_b, 2, comment="Chờ lâu quá")
        self.env.flush_all()
        waiting = self.env.ref(PREFIX + "comment_theme_waiting")
        units = [("unit_id", "in", (self.unit_a | self.unit_b).ids)]
        for user, dashboard, expected in (
            (self.user_reviewer, self.province, (4, 75.0)),
            (self.user_leader_a, self.unit_dashboard, (3, 66.67)),
        ):
            themes = self._read_pivot(user, dashboard, "Comment themes", MARCH + units)
            [row] = [r for r in themes if r["theme_id"][0] == waiting.id]
            self.assertEqual((row["rating_count"], row["low_share"]), expected)
        cells = self.snapshots[self.province]["sheets"][0]["cells"]
        headers = [
            ref
            for ref, cell in cells.items()
            if cell["content"].startswith('=PIVOT.HEADER(6,"#theme_id",')
        ]
        self.assertEqual(len(headers), 8)
        self.assertIn(
            '=PIVOT.HEADER(6,"#theme_id",1)', [cells[ref]["content"] for ref in headers]
        )


@tagged("post_install", "-at_install")
class TestDashboardsBrowser(HttpCase, ReportsCommon):
    """The real dashboards (the report data is not empty), opened in Chromium by
    the home actions: the pivots load through the web client without an error."""

    def test_users_open_their_cockpit(self):
        browsers = ("chromium", "chromium-browser", "google-chrome")
        if not any(shutil.which(name) for name in browsers):
            self.skipTest("no Chromium on this machine")
        for user, xmlid in (
            (self.user_reviewer, "action_satisfaction_cockpit_province"),
            (self.user_leader_a, "action_satisfaction_cockpit_unit"),
        ):
            self.browser_js(
                "/odoo/action-%s%s" % (PREFIX, xmlid),
                "console.log('test successful')",
                # five key figures, the month line and the unit bars drawn
                ready=(
                    "document.querySelectorAll("
                    "'.o_spreadsheet_dashboard_action .o-figure').length >= 7"
                ),
                login=user.login,
                timeout=120,
            )
