"""The cockpit as its users see it: the dashboards opened in headless Chromium
through the web client, as a reviewer (*Province*) and as a unit leader (*My
unit*), their figures read from the live spreadsheet in the page.

Once the spreadsheet has loaded its pivots, the evaluated values of the key
figures (index with its 95 % interval, answers, response rate, target, gap) and
of the ranking (table and bar chart) are read from the o-spreadsheet model of
the dashboard action, and compared with what the report models return through
``read_group`` as the same user, on the pivots' own definitions, and with the
hand-computed figures of ``ReportsCommon`` (March 2027):

* reviewer, units A and B: 11 satisfied of 13 answers -> 84.62 %, Wilson 95 %
  (z = 1.95996) 57.77 - 95.67 %, 13 of 15 dossiers rated -> 86.67 %, target
  85 % -> -0.38 pp; ranking A 90.00 % (10 answers), B 66.67 % (3).
* leader of A, no filter: their unit only, 9 of 10 -> 90.00 %, 59.58 -
  98.21 %, 10 of 12 dossiers -> 83.33 %, +5.00 pp; unit B is nowhere.

The *Period* filter (year to date by default) is cleared, since the data lie
in 2027. Chromium is required: when it is missing these tests FAIL.

Screenshots: ``SATISFACTION_SCREENSHOTS=<folder>`` saves ``cockpit_province.png``
(1440 x 900), ``cockpit_ranking.png`` (the ranking chart) and
``cockpit_unit.png``, taken as the demo users (reviewer, leader) with the
filters they land on when the demo data is installed.
"""

import json
import os

from odoo.tests import HttpCase, tagged

from .common import SatisfactionCommon
from .reports_common import ReportsCommon
from .test_browser import SCREENSHOTS_ENV, PageDriver, chromium

PREFIX = "satisfaction_survey."
DESKTOP = (1440, 900)
PERIOD_FILTER = "a8f4c2d0-5b1e-4c57-9a3e-2f7d6c1b0e01"
UNIT_FILTER = "a8f4c2d0-5b1e-4c57-9a3e-2f7d6c1b0e02"
# Data sheet: the key figures; Dashboard sheet: the ranking table, 20 rows
KEY_FIGURES = {
    "satisfaction_index": "B2",
    "target_index": "B3",
    "target_gap": "B4",
    "answer_count": "B5",
    "response_rate": "B6",
    "index_low": "B9",
    "index_high": "B10",
}
RANKING_ROWS = range(40, 60)

# Runs in the page: the spreadsheet model of the open dashboard, found in the
# Owl component tree of the web client (null until it is loaded).
FIND_MODEL = """
window.__cockpitModel = function () {
    const find = (node) => {
        const component = node.component;
        if (component && component.loader && component.state
                && "activeDashboard" in component.state) {
            return component;
        }
        for (const child of Object.values(node.children || {})) {
            const found = find(child);
            if (found) {
                return found;
            }
        }
        return null;
    };
    const root = odoo.__WOWL_DEBUG__ && odoo.__WOWL_DEBUG__.root;
    const action = root && find(root.__owl__);
    const dashboard = action && action.state.activeDashboard;
    return dashboard && dashboard.status === "Loaded" ? dashboard.model : null;
};
window.__cockpitLoaded = async function () {
    const model = window.__cockpitModel();
    const { waitForDataLoaded } = odoo.loader.modules.get("@spreadsheet/helpers/model");
    await waitForDataLoaded(model);
    return true;
};
window.__cockpitCells = function (sheetName, refs) {
    const model = window.__cockpitModel();
    const sheetId = model.getters.getSheetIdByName(sheetName);
    const result = {};
    for (const ref of refs) {
        const col = ref.charCodeAt(0) - 65;
        const row = parseInt(ref.slice(1), 10) - 1;
        const cell = model.getters.getEvaluatedCell({ sheetId, col, row });
        result[ref] = [cell.value, cell.formattedValue];
    }
    return result;
};
window.__cockpitChart = function (figureId) {
    const model = window.__cockpitModel();
    const data = model.getters.getChartRuntime(figureId).chartJsConfig.data;
    return { labels: data.labels, values: data.datasets[0].data };
};
true
"""


def _bar_label(name):
    """A unit's label under its bar: the last level of its name without the
    institution's generic name, cut after 20 characters by o-spreadsheet."""
    name = name.split(" / ")[-1]
    for prefix in ("Trung tâm Phục vụ hành chính công ", "Bộ phận Một cửa "):
        name = name.replace(prefix, "")
    name = name.strip()
    return name if len(name) <= 20 else name[:20] + "…"


class CockpitPage(PageDriver):
    """The cockpit in Chromium: the web client and its spreadsheet load slowly."""

    evaluate_timeout = 30
    wait_timeout = 60

    def open(self, xmlid):
        """Open the home action ``xmlid`` and wait for its pivots' data."""
        url = "%s/odoo/action-%s%s" % (self.test.base_url(), PREFIX, xmlid)
        self.browser.navigate_to(url, wait_stop=True)
        self.wait_for("document.readyState === 'complete' && !!window.odoo")
        self.evaluate(FIND_MODEL)
        self.wait_for("!!window.__cockpitModel()")
        self.loaded()

    def loaded(self):
        self.test.assertTrue(self.evaluate("window.__cockpitLoaded()", timeout=60))
        # the figures are drawn once the data is in
        self.wait_for(
            "document.querySelectorAll('.o_spreadsheet_dashboard_action .o-figure')"
            ".length >= 8"
        )

    def filter(self, filter_id, value=None):
        """Set a global filter of the dashboard, or clear it (``value`` None)."""
        if value is None:
            command = {"type": "CLEAR_GLOBAL_FILTER_VALUE", "id": filter_id}
        else:
            command = {"type": "SET_GLOBAL_FILTER_VALUE", "id": filter_id}
            command["value"] = value
        result = self.evaluate(
            "(function (cmd) { const {type, ...payload} = cmd;"
            " return window.__cockpitModel().dispatch(type, payload).isSuccessful; })"
            "(%s)" % json.dumps(command)
        )
        self.test.assertTrue(result, "filter refused: %s" % command)
        self.loaded()

    def cells(self, sheet, refs):
        return self.evaluate(
            "window.__cockpitCells(%s, %s)" % (json.dumps(sheet), json.dumps(refs))
        )

    def chart(self, figure_id):
        return self.evaluate("window.__cockpitChart(%s)" % json.dumps(figure_id))

    def resize(self, height):
        """A taller window: the spreadsheet scrolls inside its own grid, so a
        figure low in the sheet is brought into view this way."""
        self.browser._websocket_request(
            "Emulation.setDeviceMetricsOverride",
            params={
                "mobile": False,
                "width": DESKTOP[0],
                "height": height,
                "deviceScaleFactor": 1,
            },
        )
        self.wait_for("window.innerHeight === %d" % height)
        # the grid redraws on the next animation frames
        self.evaluate("new Promise((resolve) => setTimeout(resolve, 500))", timeout=10)


class CockpitBrowserCase(HttpCase):
    browser_size = "%sx%s" % DESKTOP

    def _cockpit(self, user):
        """Headless Chromium at a desktop size, logged in as ``user``."""
        return chromium(
            self, DESKTOP, mobile=False, login=user.login, driver=CockpitPage
        )


@tagged("post_install", "-at_install", "satisfaction_browser")
class TestCockpitBrowser(CockpitBrowserCase, ReportsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.province = cls.env.ref(
            PREFIX + "spreadsheet_dashboard_satisfaction_province"
        )
        cls.unit_dashboard = cls.env.ref(
            PREFIX + "spreadsheet_dashboard_satisfaction_unit"
        )

    def _read_pivot(self, user, dashboard, name, domain):
        """What the pivot ``name`` of ``dashboard`` reads, as ``user``."""
        data = json.loads(dashboard.spreadsheet_data)
        pivot = next(p for p in data["pivots"].values() if p["name"] == name)
        groupbys = [d["fieldName"] for d in pivot["rows"] + pivot["columns"]]
        return (
            self.env[pivot["model"]]
            .with_user(user)
            .read_group(
                pivot["domain"] + domain,
                [measure["fieldName"] for measure in pivot["measures"]],
                groupbys,
                lazy=False,
            )
        )

    def _check(self, page, user, dashboard, domain, key_figures, ranking):
        """The page's key figures and ranking equal the pivots' ``read_group``
        as ``user`` within ``domain``, and the hand-computed figures."""
        cells = page.cells("Data", list(KEY_FIGURES.values()) + ["C9"])
        shown = {name: cells[ref][0] for name, ref in KEY_FIGURES.items()}
        [year] = self._read_pivot(user, dashboard, "Year", domain)
        self.assertEqual(shown, {name: year[name] for name in KEY_FIGURES})
        for name, expected in key_figures.items():
            self.assertAlmostEqual(shown[name], expected, places=2, msg=name)
        # the interval card: "low – high", as the user's language writes numbers
        low, high = cells["B9"][1], cells["B10"][1]
        self.assertEqual(cells["C9"][0], "%s – %s" % (low, high))

        refs = ["%s%d" % (col, row) for row in RANKING_ROWS for col in "ABC"]
        table = page.cells("Dashboard", refs)
        rows = [
            tuple(table["%s%d" % (col, row)][0] for col in "ABC")
            for row in RANKING_ROWS
            if table["A%d" % row][0] not in ("", None)
        ]
        groups = self._read_pivot(user, dashboard, "Ranking of units", domain)
        groups.sort(key=lambda group: -group["satisfaction_index"])
        self.assertEqual(
            rows,
            [
                (g["unit_id"][1], g["satisfaction_index"], g["answer_count"])
                for g in groups
            ],
        )
        self.assertEqual(
            [(name, round(index, 2), n) for name, index, n in rows], ranking
        )
        chart = page.chart("cockpit_bar_units")
        bars = [
            (label, value)
            for label, value in zip(chart["labels"], chart["values"])
            if label
        ]
        self.assertEqual(bars, [(_bar_label(name), index) for name, index, _n in rows])
        return rows, [label for label, _index in bars]

    def test_reviewer_reads_the_province_figures(self):
        units = self.unit_a | self.unit_b
        with self._cockpit(self.user_reviewer) as page:
            page.open("action_satisfaction_cockpit_province")
            self.assertEqual(page.evaluate("window.innerWidth"), DESKTOP[0])
            page.filter(PERIOD_FILTER)
            page.filter(UNIT_FILTER, units.ids)
            _rows, labels = self._check(
                page,
                self.user_reviewer,
                self.province,
                [("unit_id", "in", units.ids)],
                {
                    "satisfaction_index": 84.62,
                    "index_low": 57.77,
                    "index_high": 95.67,
                    "answer_count": 13,
                    "response_rate": 86.67,
                    "target_index": 85.0,
                    "target_gap": -0.38,
                },
                [(self.unit_a.name, 90.0, 10), (self.unit_b.name, 66.67, 3)],
            )
            self.assertEqual(labels, ["phường A", "phường B"])

    def test_leader_reads_their_unit_only(self):
        with self._cockpit(self.user_leader_a) as page:
            page.open("action_satisfaction_cockpit_unit")
            page.filter(PERIOD_FILTER)
            rows, _labels = self._check(
                page,
                self.user_leader_a,
                self.unit_dashboard,
                [],
                {
                    "satisfaction_index": 90.0,
                    "index_low": 59.58,
                    "index_high": 98.21,
                    "answer_count": 10,
                    "response_rate": 83.33,
                    "target_index": 85.0,
                    "target_gap": 5.0,
                },
                [(self.unit_a.name, 90.0, 10)],
            )
            self.assertEqual(len(rows), 1)
            # unit B (66.67 % on 3 answers) is nowhere in the leader's cockpit
            everywhere = [
                value
                for sheet, last_row in (("Dashboard", 123), ("Data", 30))
                for value, _formatted in page.cells(
                    sheet,
                    ["%s%d" % (c, r) for c in "ABCD" for r in range(1, last_row + 1)],
                ).values()
            ]
            self.assertNotIn(self.unit_b.name, everywhere)
            self.assertNotIn(66.67, everywhere)


@tagged("post_install", "-at_install", "satisfaction_browser")
class TestCockpitScreenshots(CockpitBrowserCase, SatisfactionCommon):
    """The pictures of the README: the cockpits as the demo users (reviewer,
    leader) find them when they log in, the demo's figures untouched (the
    sample dashboards on a database without answers)."""

    def _vietnamese(self, users):
        """The demo users read Vietnamese; a test database may not have it."""
        if not self.env["res.lang"]._lang_get("vi_VN"):
            Lang = self.env["res.lang"]
            if not Lang._activate_lang("vi_VN"):
                Lang._create_lang("vi_VN")
            self.env["ir.module.module"]._load_module_terms(
                [
                    "base",
                    "web",
                    "spreadsheet",
                    "spreadsheet_dashboard",
                    "satisfaction_survey",
                ],
                ["vi_VN"],
                overwrite=True,
            )
        users.lang = "vi_VN"

    def test_screenshots(self):
        reviewer = (
            self.env.ref(PREFIX + "demo_user_reviewer", raise_if_not_found=False)
            or self.user_reviewer
        )
        leader = (
            self.env.ref(PREFIX + "demo_user_leader", raise_if_not_found=False)
            or self.user_leader_a
        )
        if os.environ.get(SCREENSHOTS_ENV):
            self._vietnamese(reviewer | leader)
        with self._cockpit(reviewer) as page:
            page.open("action_satisfaction_cockpit_province")
            page.screenshot("cockpit_province.png")
            chart = page.chart("cockpit_bar_units")
            self.assertTrue([label for label in chart["labels"] if label])
            page.resize(1200)
            page.screenshot(
                "cockpit_ranking.png",
                selector='.o-figure[data-id="cockpit_bar_units"]',
            )
        with self._cockpit(leader) as page:
            page.open("action_satisfaction_cockpit_unit")
            page.screenshot("cockpit_unit.png")
