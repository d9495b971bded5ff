"""Every report, export and drill-down against one small group.

Unit C (``ReportsCommon``) has one respondent who gave five answers (four
officer criteria and the overall question): more answers than the minimum
group size (3), one person. Unit D has one respondent whose comment names a
theme. Each surface the module shows or exports is listed below (``SURFACES``)
and read as the units' leader, who must see no figure of C or D, and as a
reviewer, who sees them (reviewers and administrators see small groups). The
registry test fails when a report model (``_auto = False``) or a dashboard's
data source is added without being protected or declared exempt with a
reason.
"""

import io
import json

import openpyxl
from lxml import html as lxml_html

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import file_open, mute_logger

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import LEADER
from .reports_common import MARCH_2027, ReportsCommon

MIXIN = "satisfaction.small.group.mixin"
# Report models (``_auto = False``) whose figures drawn from the answers are
# hidden below k respondents by the mixin.
PROTECTED = {
    "satisfaction.index.report",
    "satisfaction.unit.period.report",
    "satisfaction.trend.report",
    "satisfaction.comment.theme.report",
    "satisfaction.succession.trend.report",
    "satisfaction.qd766.report",
}
# Report models shown without the protection, and why.
EXEMPT = {
    "satisfaction.quota.report": (
        "how many ratings a unit or officer received against the quota: no "
        "figure drawn from the answers (no value, index or comment)"
    ),
    "satisfaction.index.respondent": (
        "administrators only, read in sudo by the protection itself to size "
        "the index report's groups"
    ),
    "satisfaction.pakn.agency.report": (
        "one complaint per row, like the complaints register: no figure drawn "
        "from the answers; who complained is not in it and its texts are redacted"
    ),
}
# Stored models read by the dashboards, other than the report models above.
DASHBOARD_SOURCES = {
    "satisfaction.followup": (
        "the leader's follow-up of one low rating: identified by purpose (the "
        "citizen is contacted when they agreed), never an aggregate"
    ),
}
DASHBOARDS = (
    "satisfaction_survey/data/files/satisfaction_province_dashboard.json",
    "satisfaction_survey/data/files/satisfaction_unit_dashboard.json",
)


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestSmallGroupCoverage(ReportsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a sub-unit of C: C's leader sees it (one employee per user)
        cls.unit_d = cls.env["hr.department"].create(
            {"name": "Tổ tiếp nhận D", "parent_id": cls.unit_c.id}
        )
        cls._rated(cls.unit_d, 1, comment="Phải chờ rất lâu, xếp hàng từ sáng")
        cls.card = cls._scorecard(
            publish=True,
            unit_ids=[Command.set((cls.unit_a | cls.unit_b | cls.unit_c).ids)],
        )
        cls.user_leader_cd = mail_new_test_user(
            cls.env,
            login="ss_leader_cd",
            groups=LEADER,
            name="Leader C and D",
            email="leader.cd@example.com",
        )
        cls.env["hr.employee"].create(
            {
                "name": "Trưởng C",
                "department_id": cls.unit_c.id,
                "user_id": cls.user_leader_cd.id,
            }
        )
        cls.small_units = cls.unit_c | cls.unit_d
        cls.env.flush_all()

    # ------------------------------------------------------------
    # SURFACES: each returns the figures of the small units it shows to
    # ``user`` (empty values are hidden figures)
    # ------------------------------------------------------------

    def _read_group(self, user, model, fields, groupby, domain=()):
        groups = (
            self.env[model]
            .with_user(user)
            .read_group(
                [("unit_id", "in", self.small_units.ids), *domain],
                fields,
                groupby,
                lazy=False,
            )
        )
        self.assertTrue(groups, model)
        names = [name.split(":")[0] for name in fields]
        return [group[name] for group in groups for name in names]

    def _index_report(self, user):
        return self._read_group(
            user,
            "satisfaction.index.report",
            ["answer_count:sum", "satisfied_count:sum", "satisfaction_index"],
            ["unit_id", "month:month"],
        ) + self._read_group(
            user,
            "satisfaction.index.report",
            ["answer_count:sum", "satisfaction_index"],
            ["officer_id", "criterion_id"],
            [("officer_id", "!=", False)],
        )

    def _index_rows(self, user):
        rows = (
            self.env["satisfaction.index.report"]
            .with_user(user)
            .search_read(
                [("unit_id", "in", self.small_units.ids)],
                ["answer_count", "satisfaction_index"],
            )
        )
        self.assertTrue(rows)
        return [
            row[name] for row in rows for name in ("answer_count", "satisfaction_index")
        ]

    def _unit_period_report(self, user):
        return self._read_group(
            user,
            "satisfaction.unit.period.report",
            ["answer_count", "satisfied_count", "satisfaction_index", "qd766_ratio"],
            ["unit_id"],
        )

    def _trend_report(self, user):
        return self._read_group(
            user,
            "satisfaction.trend.report",
            ["answer_count", "satisfied_count"],
            ["month:month"],
            [("series", "=", "index")],
        )

    def _succession_trend_report(self, user):
        return self._read_group(
            user,
            "satisfaction.succession.trend.report",
            ["answer_count", "satisfied_count"],
            ["month:month"],
        )

    def _qd766_report(self, user):
        return self._read_group(
            user,
            "satisfaction.qd766.report",
            ["qd766_group_points"],
            ["period_kind"],
            [("period_kind", "=", "month")],
        )

    def _comment_theme_report(self, user):
        return self._read_group(
            user,
            "satisfaction.comment.theme.report",
            ["rating_count", "low_count", "low_share"],
            ["theme_id"],
        )

    def _scorecard_lines(self, user):
        lines = (
            self.env["satisfaction.scorecard.line"]
            .with_user(user)
            .search_read(
                [("scorecard_id", "=", self.card.id), ("unit_id", "=", self.unit_c.id)],
                ["answer_count", "satisfaction_index", "officer_index"],
            )
        )
        self.assertTrue(lines)
        return [
            line[name]
            for line in lines
            for name in ("answer_count", "satisfaction_index", "officer_index")
        ]

    def _pdf_scorecard(self, user):
        line = self.card.line_ids.filtered(lambda line: line.unit_id == self.unit_c)
        env = self.env(user=user, context=dict(self.env.context, lang="en_US"))
        content, _kind = env["ir.actions.report"]._render_qweb_html(
            "satisfaction_survey.action_report_scorecard_line", line.ids
        )
        page = lxml_html.fromstring(content)

        def text(css):
            return [
                " ".join(node.text_content().split())
                for node in page.xpath(f"//*[hasclass('{css}')]")
            ]

        index = [value for value in text("ss-index") if value != "–"]
        months = [
            cell
            for row in page.xpath("//table[hasclass('ss-months')]/tbody/tr")
            for cell in [" ".join(row.xpath("./td")[2].text_content().split())]
            if cell != "–"
        ]
        return index + months

    def _xlsx(self, user):
        # created for the user even when their rights would refuse it: the
        # export itself must refuse what they may not see
        wizard = (
            self.env["satisfaction.xlsx.export"]
            .with_user(user)
            .sudo()
            .create({"period_type": "year", "year": 2027})
            .sudo(False)
            .with_context(lang="en_US")
        )
        try:
            raw = wizard._build_workbook()
        except AccessError:
            return []
        book = openpyxl.load_workbook(io.BytesIO(raw))
        names = {unit.name for unit in self.small_units}
        return [
            value
            for sheet in book.worksheets
            for row in sheet.iter_rows(min_row=5, values_only=True)
            if any(
                isinstance(cell, str) and any(name in cell for name in names)
                for cell in row
            )
            for value in row
            if isinstance(value, (int, float))
        ]

    def _responses(self, user):
        Response = self.env["satisfaction.response"].with_user(user)
        domain = [("unit_id", "in", self.small_units.ids)]
        responses = Response.search_read(domain, ["comment", "answer_count"])
        lines = (
            self.env["satisfaction.response.line"]
            .with_user(user)
            .search_read(
                [("response_id.unit_id", "in", self.small_units.ids)], ["value"]
            )
        )
        counts = Response.read_group(domain, ["__count"], ["unit_id"], lazy=False)
        # read by id, as a follow-up's link does: refused (stored fields) or
        # empty (computed ones, read without a query on the table)
        small = self.env["satisfaction.response"].search(domain)
        self.assertTrue(small)
        direct = []
        for model, records, names in (
            ("satisfaction.response", small, ["comment", "answer_count"]),
            ("satisfaction.response", small, ["answer_count", "line_ids"]),
            ("satisfaction.response.line", small.line_ids, ["value", "level_name"]),
            ("satisfaction.response.line", small.line_ids, ["level_name"]),
        ):
            try:
                rows = self.env[model].with_user(user).browse(records.ids).read(names)
            except AccessError:
                continue
            direct += [row[name] for row in rows for name in names]
        return (
            [response["answer_count"] for response in responses]
            + [line["value"] for line in lines]
            + [group["__count"] for group in counts]
            + direct
        )

    def _index_drill_down(self, user):
        rows = self.env["satisfaction.index.report"].search(
            [("unit_id", "=", self.unit_c.id)]
        )
        self.assertTrue(rows)
        figures = []
        for row in rows.with_user(user):
            try:
                action = row.action_open_responses()
            except AccessError:
                continue
            responses = (
                self.env["satisfaction.response"]
                .with_user(user)
                .search_read(action["domain"], ["answer_count"])
            )
            figures += [response["answer_count"] for response in responses]
        return figures

    SURFACES = {
        "satisfaction.index.report (grouped)": _index_report,
        "satisfaction.index.report (rows)": _index_rows,
        "satisfaction.index.report (drill-down to responses)": _index_drill_down,
        "satisfaction.unit.period.report": _unit_period_report,
        "satisfaction.trend.report": _trend_report,
        "satisfaction.comment.theme.report": _comment_theme_report,
        "satisfaction.succession.trend.report": _succession_trend_report,
        "satisfaction.qd766.report": _qd766_report,
        "satisfaction.scorecard.line": _scorecard_lines,
        "PDF unit scorecard": _pdf_scorecard,
        "XLSX export": _xlsx,
        "responses and answers (drill-down)": _responses,
    }

    # ------------------------------------------------------------
    # TESTS
    # ------------------------------------------------------------

    @mute_logger("odoo.models")
    def test_leader_sees_no_figure_of_a_small_group(self):
        for name, surface in self.SURFACES.items():
            with self.subTest(surface=name):
                figures = surface(self, self.user_leader_cd)
                self.assertFalse(any(figures), figures)

    def test_reviewer_sees_small_groups(self):
        for name, surface in self.SURFACES.items():
            with self.subTest(surface=name):
                self.assertTrue(any(surface(self, self.user_reviewer)))

    def test_large_groups_shown_to_their_leader(self):
        """The protection is not a blanket: unit A's ten respondents show."""
        [group] = (
            self.env["satisfaction.unit.period.report"]
            .with_user(self.user_leader_a)
            .read_group(
                [("unit_id", "=", self.unit_a.id)], ["answer_count"], ["unit_id"]
            )
        )
        self.assertEqual(group["answer_count"], 10)
        Response = self.env["satisfaction.response"].with_user(self.user_leader_a)
        self.assertEqual(
            Response.search_count(
                [("unit_id", "=", self.unit_a.id), ("date", ">=", MARCH_2027.date())]
            ),
            10,
        )

    def test_every_report_model_is_protected_or_exempt(self):
        report_models = {
            name
            for name, model in self.env.registry.items()
            if model._original_module == "satisfaction_survey"
            and not model._auto
            and not model._abstract
            and not model._transient
        }
        self.assertTrue(PROTECTED <= report_models)
        undeclared = report_models - PROTECTED - set(EXEMPT)
        self.assertFalse(
            undeclared,
            "report models without small-group protection: inherit %s or "
            "declare them exempt with a reason" % MIXIN,
        )
        mixin = self.env.registry[MIXIN]
        for name in PROTECTED | {"satisfaction.scorecard.line"}:
            with self.subTest(model=name):
                Model = self.env[name]
                self.assertIsInstance(Model, mixin)
                self.assertTrue(Model._small_group_fields)
                self.assertLessEqual(
                    set(Model._small_group_fields), set(Model._fields), name
                )
        covered = {name.split(" ")[0] for name in self.SURFACES}
        self.assertLessEqual(PROTECTED, covered, "each protected model is read above")

    def test_dashboards_read_protected_sources(self):
        sources = set()
        for path in DASHBOARDS:
            with file_open(path) as file:
                data = json.load(file)
            for kind in ("pivots", "lists"):
                sources |= {spec["model"] for spec in data.get(kind, {}).values()}
        self.assertTrue(sources)
        mixin = self.env.registry[MIXIN]
        for name in sources:
            with self.subTest(model=name):
                self.assertTrue(
                    isinstance(self.env[name], mixin)
                    or name in EXEMPT
                    or name in DASHBOARD_SOURCES,
                    "a dashboard reads %s, neither protected nor declared exempt"
                    % name,
                )

    def test_stored_statistics_not_readable_by_leaders(self):
        """The statistics tables hold raw counts per small cell: leaders and
        reviewers read them only through the protected reports."""
        for name in (
            "satisfaction.answer.stat",
            "satisfaction.answer.stat.delta",
            "satisfaction.answer.rollup",
            "satisfaction.period.stat",
            "satisfaction.period.stat.delta",
            "satisfaction.request.stat",
        ):
            with self.subTest(model=name):
                self.assertFalse(
                    self.env[name].with_user(self.user_leader_cd).has_access("read")
                )
