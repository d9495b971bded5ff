"""Two-level local government: what reads by the competent agency beyond the
statistics engine: the trend report, the cockpit, the printed scorecard, the
public results page, the unit leaders' record rules (and their migration)
and the QĐ 766 complaints (PAKN) of a scorecard read by competent agency.

Data (``CompetentAgencyCommon``, on top of ``ReportsCommon``, March 2027,
one question, so one rating is one answer; threshold 5, small groups 3):

=========================  ===============  =====================
received at                decided by       overall answers
=========================  ===============  =====================
P (commune reception pt.)  G (provincial)   5, 5, 5, 4, 2
P                          P itself         5
A                          G                1
A                          A itself         ReportsCommon: 5,5,5,5,5,4,4,4,4,2
B                          B itself         ReportsCommon: 5, 5, 1
=========================  ===============  =====================

By receiving unit: P 5 of 6 = 83.33 %, A 9 of 11 = 81.82 %, B 2 of 3.
By competent agency: G 4 of 6 (5,5,5,4 of 5,5,5,4,2,1) = 66.67 %,
Wilson 95 % 30.00 – 90.32 %, 6 dossiers all rated (100 %), 2 dissatisfied
(the 2 and the 1): QĐ 766 ratio 4/6 = 66.67 %; A 9 of 10 = 90.00 %;
P 1 of 1 (one rating: below every threshold); B 2 of 3.
"""

import importlib.util
import json
from datetime import date

from lxml import html as lxml_html

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import file_path

from .pakn_common import PaknCommon, vn
from .reports_common import ReportsCommon
from .test_dashboards import MARCH, PROVINCE, UNIT, _groupby

BY_COMPETENT_AGENCY = {"satisfaction_unit_role": "competent"}
LEADER = "satisfaction_survey.group_satisfaction_leader"
MIGRATION = "satisfaction_survey/migrations/18.0.1.4.0/post-competent-agency-rules.py"
MIGRATION_THEMES = "satisfaction_survey/migrations/18.0.1.4.0/post-agency-rest.py"


class CompetentAgencyCommon(ReportsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Department = cls.env["hr.department"]
        cls.point = Department.create(
            {
                "name": "Điểm tiếp nhận xã Tân Phú",
                "satisfaction_unit_type": "reception_point",
            }
        )
        cls.agency = Department.create(
            {"name": "Sở Xây dựng", "satisfaction_unit_type": "competent_agency"}
        )
        cls.other_unit = Department.create({"name": "Sở Tư pháp"})
        cls.units = cls.unit_a | cls.unit_b | cls.agency | cls.point
        cls.agency_requests = cls.env["satisfaction.request"]
        for value in (5, 5, 5, 4, 2):
            cls.agency_requests |= cls._rated_for(cls.point, value, cls.agency)
        cls.point_request = cls._rated_for(cls.point, 5)
        cls.agency_requests |= cls._rated_for(cls.unit_a, 1, cls.agency)
        cls.user_leader_agency = new_test_user(
            cls.env, login="ss_leader_agency", groups=LEADER, name="Leader G"
        )
        cls.leader_agency_employee = cls.env["hr.employee"].create(
            {
                "name": "Đỗ Văn Giám Đốc",
                "department_id": cls.agency.id,
                "user_id": cls.user_leader_agency.id,
            }
        )
        cls.user_leader_other = new_test_user(
            cls.env, login="ss_leader_other", groups=LEADER, name="Leader X"
        )
        cls.env["hr.employee"].create(
            {
                "name": "Vũ Thị Khác",
                "department_id": cls.other_unit.id,
                "user_id": cls.user_leader_other.id,
            }
        )
        cls.env.flush_all()

    @classmethod
    def _rated_for(cls, unit, value, competent=None, **vals):
        """A dossier received by ``unit``, decided by ``competent`` (default:
        ``unit``), returned and rated ``value`` in March 2027; its request."""
        if competent:
            vals["competent_unit_id"] = competent.id
        _dossiers, requests = cls._return_dossiers(
            1, unit, procedure_id=cls.procedure_simple.id, **vals
        )
        cls._dated(requests)
        cls._dated_response(cls._answer(requests, value))
        return requests

    @classmethod
    def _competent_card(cls, publish=True):
        return cls._scorecard(
            publish=publish,
            unit_role="competent",
            unit_ids=[Command.set(cls.units.ids)],
        )

    def _text(self, node):
        return " ".join(node.text_content().split())


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestCompetentAgencyReports(CompetentAgencyCommon):
    def test_trend_by_either_unit(self):
        def trend(context):
            Trend = (
                self.env["satisfaction.trend.report"]
                .with_user(self.user_reviewer)
                .with_context(**context)
            )
            groups = Trend.read_group(
                MARCH + [("unit_id", "in", self.units.ids), ("series", "=", "index")],
                ["value", "answer_count"],
                ["unit_id"],
                lazy=False,
            )
            return {g["unit_id"][0]: (g["value"], g["answer_count"]) for g in groups}

        receiving = trend({})
        self.assertEqual(receiving[self.point.id], (83.33, 6))
        self.assertEqual(receiving[self.unit_a.id], (81.82, 11))
        self.assertNotIn(self.agency.id, receiving)
        competent = trend(BY_COMPETENT_AGENCY)
        self.assertEqual(competent[self.agency.id], (66.67, 6))
        self.assertEqual(competent[self.unit_a.id], (90.0, 10))
        self.assertEqual(competent[self.point.id], (100.0, 1))

    def test_trend_by_competent_agency_for_its_leader(self):
        """The agency's leader reads their agency's line; its one-rating
        months would be hidden, G's six ratings are shown."""
        Trend = (
            self.env["satisfaction.trend.report"]
            .with_user(self.user_leader_agency)
            .with_context(**BY_COMPETENT_AGENCY)
        )
        groups = Trend.read_group(
            MARCH + [("series", "=", "index")], ["value"], ["unit_id"], lazy=False
        )
        self.assertEqual(
            [(g["unit_id"][0], g["value"]) for g in groups], [(self.agency.id, 66.67)]
        )

    def test_dashboard_ranking_of_competent_agencies(self):
        def read(user, dashboard, domain):
            data = self.env.ref(dashboard).spreadsheet_data
            pivot = next(
                pivot
                for pivot in json.loads(data)["pivots"].values()
                if pivot["name"] == "Ranking of competent agencies"
            )
            self.assertEqual(pivot["context"], BY_COMPETENT_AGENCY)
            return {
                row["unit_id"][0]: (row["satisfaction_index"], row["answer_count"])
                for row in self.env[pivot["model"]]
                .with_user(user)
                .with_context(**pivot["context"])
                .read_group(
                    pivot["domain"] + domain,
                    [m["fieldName"] for m in pivot["measures"]],
                    [_groupby(d) for d in pivot["rows"]],
                    lazy=False,
                )
            }

        units = [("unit_id", "in", self.units.ids)]
        self.assertEqual(
            read(self.user_reviewer, PROVINCE, MARCH + units),
            {
                self.agency.id: (66.67, 6),
                self.unit_a.id: (90.0, 10),
                self.unit_b.id: (66.67, 3),
                self.point.id: (100.0, 1),
            },
        )
        # the agency's leader: their agency, through the report's rule
        self.assertEqual(
            read(self.user_leader_agency, UNIT, MARCH + units),
            {self.agency.id: (66.67, 6)},
        )
        self.assertEqual(read(self.user_leader_other, UNIT, MARCH + units), {})

    def test_pdf_scorecard_says_which_units(self):
        card = self._competent_card(publish=False)
        line = card.line_ids.filtered(lambda line: line.unit_id == self.agency)
        env = self.env(
            user=self.user_reviewer, context=dict(self.env.context, lang="en_US")
        )
        content, _kind = env["ir.actions.report"]._render_qweb_html(
            "satisfaction_survey.action_report_scorecard_line", line.ids
        )
        page = lxml_html.fromstring(content)
        self.assertIn(
            "Scored as the competent agency",
            self._text(page.xpath("//*[hasclass('ss-role')]")[0]),
        )
        self.assertEqual(
            self._text(page.xpath("//*[hasclass('ss-index')]")[0]), "66.67 %"
        )
        # its month is read by agency too: 6 ratings, 4 satisfied
        months = page.xpath("//table[hasclass('ss-months')]/tbody/tr")
        self.assertEqual(
            [self._text(row.xpath("td")[0]) for row in months], ["03/2027"]
        )
        self.assertIn("66.67", self._text(months[0]))
        receiving = self._scorecard(unit_ids=[Command.set(self.point.ids)]).line_ids
        content, _kind = env["ir.actions.report"]._render_qweb_html(
            "satisfaction_survey.action_report_scorecard_line", receiving.ids
        )
        page = lxml_html.fromstring(content)
        self.assertIn(
            "Scored as the receiving unit",
            self._text(page.xpath("//*[hasclass('ss-role')]")[0]),
        )

    def test_scorecard_by_agency_hand_computed(self):
        card = self._competent_card(publish=False)
        line = card.line_ids.filtered(lambda line: line.unit_id == self.agency)
        self.assertEqual(
            (
                line.request_count,
                line.answered_count,
                line.response_count,
                line.satisfaction_index,
                line.index_low,
                line.index_high,
                line.qd766_ratio,
            ),
            (6, 6, 6, 66.67, 30.0, 90.32, 66.67),
        )

    def test_staff_entered_answers_leave_the_agency_figures(self):
        """An answer typed in by staff is left out of the official figures of
        the agency that decided the dossier, not of the receiving unit's."""
        _dossiers, requests = self._return_dossiers(
            1,
            self.point,
            procedure_id=self.procedure_simple.id,
            competent_unit_id=self.agency.id,
        )
        self._dated(requests)
        self._dated_response(self._answer(requests, 1, channel="staff"))
        self.env.flush_all()
        card = self._competent_card(publish=False)
        line = card.line_ids.filtered(lambda line: line.unit_id == self.agency)
        # 7 dossiers returned, still 6 rated and 4 of 6 satisfied
        self.assertEqual(
            (line.request_count, line.response_count, line.satisfaction_index),
            (7, 6, 66.67),
        )


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestCompetentAgencyCommentThemes(CompetentAgencyCommon):
    """Comment themes read by competent agency (hand-computed).

    The six dossiers decided by G get a comment speaking of waiting ("Phải
    chờ rất lâu"): the five received at P (5, 5, 5, 4, 2) and the one
    received at A (1), which also speaks of attitude ("cán bộ cáu gắt").
    Rated low: below 3 on this scale (the 2 and the 1).

    By receiving unit: P waiting 5 ratings, 1 low (20 %); A waiting 1, 1 low
    and attitude 1, 1 low. By competent agency: G waiting 6 ratings, 2 low
    (33.33 %); G attitude 1 (a small group for G's leader); P and A nothing.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for request in cls.agency_requests:
            response = request.sudo().response_ids
            comment = "Phải chờ rất lâu"
            if request.unit_id == cls.unit_a:
                comment += ", cán bộ cáu gắt. Gọi tôi 0912345678"
            response.comment = comment
        cls.env.flush_all()
        cls.waiting = cls.env.ref("satisfaction_survey.comment_theme_waiting")
        cls.attitude = cls.env.ref("satisfaction_survey.comment_theme_attitude")

    def _rows(self, user, context=None):
        rows = (
            self.env["satisfaction.comment.theme.report"]
            .with_user(user)
            .with_context(**(context or {}))
            .search_read(
                [
                    ("unit_id", "in", self.units.ids),
                    ("month", "=", "2027-03-01"),
                    ("theme_id", "in", (self.waiting | self.attitude).ids),
                ],
                [
                    "unit_id",
                    "theme_id",
                    "rating_count",
                    "low_count",
                    "low_share",
                    "example_comments",
                ],
            )
        )
        names = {self.point.id: "P", self.unit_a.id: "A", self.agency.id: "G"}
        themes = {self.waiting.id: "waiting", self.attitude.id: "attitude"}
        return {
            (names[row["unit_id"][0]], themes[row["theme_id"][0]]): row for row in rows
        }

    def _counts(self, rows):
        return {
            key: (row["rating_count"], row["low_count"], row["low_share"])
            for key, row in rows.items()
        }

    def test_by_receiving_unit(self):
        rows = self._rows(self.user_reviewer)
        self.assertEqual(
            self._counts(rows),
            {
                ("P", "waiting"): (5, 1, 20.0),
                ("A", "waiting"): (1, 1, 100.0),
                ("A", "attitude"): (1, 1, 100.0),
            },
        )

    def test_by_competent_agency(self):
        rows = self._rows(self.user_reviewer, BY_COMPETENT_AGENCY)
        self.assertEqual(
            self._counts(rows),
            {("G", "waiting"): (6, 2, 33.33), ("G", "attitude"): (1, 1, 100.0)},
        )
        examples = rows[("G", "waiting")]["example_comments"]
        self.assertTrue(examples)
        self.assertNotIn("0912", examples)
        [group] = (
            self.env["satisfaction.comment.theme.report"]
            .with_user(self.user_reviewer)
            .with_context(**BY_COMPETENT_AGENCY)
            .read_group(
                [("unit_id", "=", self.agency.id), ("month", "=", "2027-03-01")],
                ["rating_count:sum", "low_count:sum", "low_share"],
                ["unit_id"],
            )
        )
        # 7 mentions, 3 low: 42.86 %, not the mean of 33.33 and 100
        self.assertEqual(
            (group["rating_count"], group["low_count"], group["low_share"]),
            (7, 3, 42.86),
        )

    def test_agency_leader_reads_by_agency_small_groups_hidden(self):
        self.assertFalse(
            self._rows(self.user_leader_agency), "by receiving unit: not G's"
        )
        rows = self._rows(self.user_leader_agency, BY_COMPETENT_AGENCY)
        self.assertEqual(set(rows), {("G", "waiting"), ("G", "attitude")})
        self.assertEqual(rows[("G", "waiting")]["rating_count"], 6)
        self.assertTrue(rows[("G", "waiting")]["example_comments"])
        attitude = rows[("G", "attitude")]  # one rating < 3
        for name in ("rating_count", "low_count", "low_share", "example_comments"):
            self.assertFalse(attitude[name], name)
        # A's leader reads the rating received at A by receiving unit only
        # (a group of one: hidden), and nothing of G by agency
        self.assertFalse(
            self._rows(self.user_leader_a, BY_COMPETENT_AGENCY), "G is not A's"
        )
        self.assertFalse(self._rows(self.user_leader_other, BY_COMPETENT_AGENCY))

    def test_upgrade_fills_the_agency_of_found_themes(self):
        Match = self.env["satisfaction.comment.theme.match"]
        matches = Match.search(
            [("response_id", "in", self.agency_requests.sudo().response_ids.ids)]
        )
        self.assertEqual(len(matches), 7)
        self.assertEqual(matches.competent_unit_id, self.agency)
        self.env.cr.execute(
            "UPDATE satisfaction_comment_theme_match SET competent_unit_id = NULL"
            " WHERE id IN %s",
            [tuple(matches.ids)],
        )
        spec = importlib.util.spec_from_file_location(
            "post_agency_rest", file_path(MIGRATION_THEMES)
        )
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(self.env.cr, "18.0.1.3.0")
        matches.invalidate_recordset()
        self.assertEqual(matches.competent_unit_id, self.agency)


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestCompetentAgencyResults(HttpCase, CompetentAgencyCommon):
    def _page(self):
        response = self.url_open("/satisfaction/results?year=2027&lang=en")
        self.assertEqual(response.status_code, 200)
        return lxml_html.fromstring(response.content)

    def test_published_by_competent_agency(self):
        self._competent_card()
        doc = self._page()
        [section] = doc.xpath("//section[hasclass('ss-scorecard')]")
        self.assertEqual(
            self._text(section.xpath(".//thead//th")[0]), "Competent agency"
        )
        rows = {
            self._text(row.xpath("th")[0]): row for row in section.xpath(".//tbody/tr")
        }
        self.assertIn("66.67 % 30.00 – 90.32 %", self._text(rows[self.agency.name]))
        self.assertIn("100.00 %", self._text(rows[self.agency.name]), "response rate")
        self.assertEqual(
            self._text(rows[self.point.name].xpath("td")[0]), "Not enough answers"
        )
        [monthly] = doc.xpath("//section[hasclass('ss-monthly')]")
        self.assertEqual(
            self._text(monthly.xpath(".//thead//th")[0]), "Competent agency"
        )
        cells = {
            self._text(row.xpath("th")[0]): [self._text(td) for td in row.xpath("td")]
            for row in monthly.xpath(".//tbody/tr")
        }
        self.assertEqual(cells[self.agency.name][2], "66.67")
        self.assertEqual(cells[self.unit_a.name][2], "90.00")
        self.assertEqual(cells[self.point.name][2], "n.e.")

    def test_both_roles_published(self):
        self._competent_card()
        self._scorecard(
            publish=True,
            unit_ids=[Command.set((self.unit_a | self.unit_b | self.point).ids)],
        )
        doc = self._page()
        monthly = doc.xpath("//section[hasclass('ss-monthly')]")
        self.assertEqual(
            [self._text(section.xpath(".//thead//th")[0]) for section in monthly],
            ["Receiving unit", "Competent agency"],
        )
        receiving = {
            self._text(row.xpath("th")[0]): [self._text(td) for td in row.xpath("td")]
            for row in monthly[0].xpath(".//tbody/tr")
        }
        self.assertEqual(receiving[self.point.name][2], "83.33")
        self.assertEqual(receiving[self.unit_a.name][2], "81.82")
        self.assertNotIn(self.agency.name, receiving)


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestCompetentAgencyAccess(CompetentAgencyCommon):
    def _visible(self, user, model, records):
        return self.env[model].with_user(user).search([("id", "in", records.ids)])

    def test_agency_leader_reads_what_their_agency_decided(self):
        requests = self.agency_requests | self.point_request
        responses = requests.sudo().response_ids
        self.assertEqual(
            self._visible(self.user_leader_agency, "satisfaction.request", requests),
            self.agency_requests,
        )
        # the answers of the dossiers received at P (5 people); the one
        # received at A is a group of one for this reader: left out
        from_point = self.agency_requests.filtered(
            lambda r: r.unit_id == self.point
        ).sudo()
        self.assertEqual(
            self._visible(self.user_leader_agency, "satisfaction.response", responses),
            from_point.response_ids,
        )
        lines = responses.line_ids
        self.assertEqual(
            self._visible(self.user_leader_agency, "satisfaction.response.line", lines),
            from_point.response_ids.line_ids,
        )
        dossiers = self.env["satisfaction.dossier"].browse(requests.mapped("res_id"))
        self.assertEqual(
            len(
                self._visible(self.user_leader_agency, "satisfaction.dossier", dossiers)
            ),
            6,
        )
        # reading, not acting: receipts, answers and replies stay with the
        # receiving unit
        with self.assertRaises(AccessError):
            self.agency_requests[:1].with_user(self.user_leader_agency).check_access(
                "write"
            )
        # the leader of an unrelated unit sees none of it
        for model, records in (
            ("satisfaction.request", requests),
            ("satisfaction.response", responses),
            ("satisfaction.response.line", lines),
            ("satisfaction.dossier", dossiers),
        ):
            self.assertFalse(self._visible(self.user_leader_other, model, records))

    def test_agency_leader_index_small_groups_hidden(self):
        Index = self.env["satisfaction.index.report"]
        domain = MARCH + [("is_overall", "=", True)]
        groups = Index.with_user(self.user_leader_agency).read_group(
            domain, ["answer_count", "satisfaction_index"], ["unit_id"], lazy=False
        )
        by_unit = {g["unit_id"][0]: g for g in groups}
        # received at P: 5 answers of 5 people, shown; at A: one person, hidden
        self.assertEqual(set(by_unit), {self.point.id, self.unit_a.id})
        self.assertEqual(by_unit[self.point.id]["satisfaction_index"], 80.0)
        self.assertFalse(by_unit[self.unit_a.id]["satisfaction_index"])
        [agency] = Index.with_user(self.user_leader_agency).read_group(
            domain,
            ["answer_count", "satisfaction_index"],
            ["competent_unit_id"],
            lazy=False,
        )
        self.assertEqual(
            (agency["competent_unit_id"][0], agency["satisfaction_index"]),
            (self.agency.id, 66.67),
        )
        self.assertFalse(
            Index.with_user(self.user_leader_other).read_group(
                domain, ["answer_count"], ["unit_id"], lazy=False
            )
        )

    def test_agency_leader_scorecard_and_unit_report(self):
        card = self._competent_card()
        self.assertEqual(
            card.line_ids.with_user(self.user_leader_agency)
            .search([("scorecard_id", "=", card.id)])
            .unit_id,
            self.agency,
        )
        Period = (
            self.env["satisfaction.unit.period.report"]
            .with_user(self.user_leader_agency)
            .with_context(**BY_COMPETENT_AGENCY)
        )
        self.assertEqual(Period.search(MARCH).unit_id, self.agency)
        self.assertFalse(
            self.env["satisfaction.unit.period.report"]
            .with_user(self.user_leader_agency)
            .search(MARCH),
            "by receiving unit the agency received nothing",
        )

    def test_followups_receiving_leader_owns_agency_leader_reads(self):
        """A low rating of a dossier received at A and decided by G: A's
        leader follows it up and answers the citizen; G's leader reads it,
        unless it rates them; an unrelated leader never sees it."""
        Followup = self.env["satisfaction.followup"]
        low = self.agency_requests.filtered(lambda r: r.unit_id == self.unit_a)
        followup = Followup.search([("request_id", "=", low.id)])
        self.assertEqual(
            (followup.unit_id, followup.competent_unit_id, followup.user_id),
            (self.unit_a, self.agency, self.user_leader_a),
        )
        self.assertEqual(
            self._visible(self.user_leader_agency, "satisfaction.followup", followup),
            followup,
        )
        with self.assertRaises(AccessError):
            followup.with_user(self.user_leader_agency).check_access("write")
        followup.with_user(self.user_leader_a).check_access("write")
        self.assertFalse(
            self._visible(self.user_leader_other, "satisfaction.followup", followup)
        )
        # a rating of the agency's leader (who handled the dossier): never theirs
        about_them = self._rated_for(
            self.point,
            1,
            self.agency,
            handling_officer_ids=[Command.set(self.leader_agency_employee.ids)],
        )
        followup = Followup.search([("request_id", "=", about_them.id)])
        self.assertTrue(followup)
        self.assertFalse(
            self._visible(self.user_leader_agency, "satisfaction.followup", followup)
        )


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestCompetentAgencyRulesMigration(CompetentAgencyCommon):
    def _migration(self):
        spec = importlib.util.spec_from_file_location(
            "post_competent_agency_rules", file_path(MIGRATION)
        )
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    def test_upgrade_rewrites_the_noupdate_rules(self):
        rule = self.env.ref("satisfaction_survey.satisfaction_response_rule_leader")
        shipped = rule.domain_force
        self.assertIn("competent_unit_id", shipped)
        # as an upgraded database has them
        rule.domain_force = (
            "[('unit_id', 'child_of', user.employee_ids.department_id.ids)]"
        )
        low = self.agency_requests.filtered(lambda r: r.unit_id == self.unit_a)
        followup = self.env["satisfaction.followup"].search(
            [("request_id", "=", low.id)]
        )
        followup.competent_unit_id = False
        responses = self.agency_requests.sudo().response_ids
        self.assertFalse(
            self._visible_responses(responses), "the old rule: the receiving unit only"
        )
        self._migration().migrate(self.env.cr, "18.0.1.3.0")
        self.env.invalidate_all()
        self.assertEqual(rule.domain_force, shipped)
        self.assertEqual(
            self._visible_responses(responses),
            responses.filtered(lambda r: r.unit_id == self.point),
            "the dossiers received at P; the one received at A is a group of one",
        )
        self.assertEqual(followup.competent_unit_id, self.agency)

    def _visible_responses(self, responses):
        return (
            self.env["satisfaction.response"]
            .with_user(self.user_leader_agency)
            .search([("id", "in", responses.ids)])
        )


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestCompetentAgencyPakn(PaknCommon):
    """QĐ 766 5.2-5.4 of May 2026 read by receiving unit and by competent
    agency (hand-computed).

    Dossiers received at the commune point P, returned in May: D1 decided by
    the provincial agency G, rated 5, complaint Q1 about it (filed at P,
    answered on time, liked); D2 by G, rated 1; D4 by G, rated 5; D3 decided
    by P, rated 5, complaint Q2 about it (by its code, answered late). Q3 of
    P is about no dossier (answered on time).

    By receiving unit, P: 5.2 Q1, Q3 on time of 3: 66.67 %, 4.0 points; 5.3
    Q2 late of 3 first received: 66.67 %, 4.0; 5.4 4 dossiers, D1, D2, D3
    with a PAKN or a dislike: R = 25 %, 6 × 25 ÷ 90 = 1.67. G: nothing.
    By competent agency, G: 5.2 Q1 of 1: 100 %, 6.0; 5.3 100 %, 6.0; 5.4 3
    dossiers, D1 (PAKN) and D2 (dislike): R = 33.33 %, 6 × 33.33 ÷ 90 =
    2.22; group 14.22. P: 5.2 Q3 of Q2, Q3: 50 %, 3.0; 5.3 50 %, 3.0; 5.4
    D3 of 1: R = 0, 0 points; group 6.0.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Department = cls.env["hr.department"]
        cls.point = Department.create(
            {
                "name": "Điểm tiếp nhận xã Tân Phú",
                "satisfaction_unit_type": "reception_point",
            }
        )
        cls.agency = Department.create(
            {"name": "Sở Xây dựng", "satisfaction_unit_type": "competent_agency"}
        )
        cls.procedure_overall = cls.env["satisfaction.procedure"].create(
            {
                "name": "Cấp phép xây dựng",
                "questionnaire_id": cls._create_overall_questionnaire(
                    "ss_test_competent_pakn"
                ).id,
            }
        )
        dossiers = cls.env["satisfaction.dossier"]
        requests = cls.env["satisfaction.request"]
        for competent, value in (
            (cls.agency, 5),
            (cls.agency, 1),
            (cls.point, 5),
            (cls.agency, 5),
        ):
            dossier, request = cls._return_dossiers(
                1,
                cls.point,
                procedure_id=cls.procedure_overall.id,
                competent_unit_id=competent.id,
            )
            dossiers |= dossier
            requests |= request
            cls._answer(request, value)
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE satisfaction_request SET create_date = %s WHERE id IN %s",
            [vn(2026, 5, 15, 10, 0), tuple(requests.ids)],
        )
        requests.invalidate_recordset(["create_date"])
        d1, _d2, d3, _d4 = dossiers

        def answered(pakn, when, late=False, rating=False):
            pakn.write(
                {
                    "state": "answered",
                    "answer": "Đã trả lời.",
                    "date_answered": when,
                    "answered_late": late,
                    "rating": rating,
                }
            )

        answered(
            cls._pakn(cls.point, date_received=vn(2026, 5, 5, 9, 0), dossier_id=d1.id),
            vn(2026, 5, 8, 9, 0),
            rating="like",
        )
        answered(
            cls._pakn(
                cls.point, date_received=vn(2026, 5, 6, 9, 0), dossier_code=d3.code
            ),
            vn(2026, 5, 29, 9, 0),
            late=True,
        )
        answered(
            cls._pakn(cls.point, date_received=vn(2026, 5, 4, 9, 0)),
            vn(2026, 5, 8, 9, 0),
        )
        cls.env.flush_all()

    def _lines(self, role):
        card = self.env["satisfaction.scorecard"].create(
            {
                "year": 2026,
                "period_type": "months",
                "month_from": 5,
                "month_to": 5,
                "unit_role": role,
                "unit_ids": [Command.set((self.point | self.agency).ids)],
            }
        )
        card.action_compute()
        return {line.unit_id: line for line in card.line_ids}

    def _figures(self, line):
        return (
            line.pakn_count,
            line.pakn_on_time_count,
            line.qd766_52_points,
            line.pakn_first_count,
            line.pakn_flagged_count,
            line.qd766_53_points,
            line.request_count,
            line.complained_count,
            line.qd766_54_ratio,
            line.qd766_54_points,
            line.qd766_group_points,
        )

    def test_scorecard_by_receiving_unit(self):
        lines = self._lines("receiving")
        self.assertEqual(
            self._figures(lines[self.point]),
            (3, 2, 4.0, 3, 1, 4.0, 4, 3, 25.0, 1.67, 9.67),
        )
        self.assertEqual(lines[self.agency].pakn_count, 0)
        self.assertEqual(lines[self.agency].request_count, 0)

    def test_scorecard_by_competent_agency(self):
        lines = self._lines("competent")
        self.assertEqual(
            self._figures(lines[self.agency]),
            (1, 1, 6.0, 1, 0, 6.0, 3, 2, 33.33, 2.22, 14.22),
        )
        self.assertEqual(
            self._figures(lines[self.point]),
            (2, 1, 3.0, 2, 1, 3.0, 1, 1, 0.0, 0.0, 6.0),
        )

    def test_qd766_report_by_competent_agency(self):
        Report = self.env["satisfaction.qd766.report"]

        def may(unit, context):
            row = Report.with_context(**context).search(
                [
                    ("period_kind", "=", "month"),
                    ("period_name", "=", "2026-05"),
                    ("unit_id", "=", unit.id),
                ]
            )
            return [
                (
                    r.pakn_count,
                    r.pakn_on_time_count,
                    r.request_count,
                    r.complained_count,
                    r.qd766_54_points,
                )
                for r in row
            ]

        self.assertEqual(may(self.point, {}), [(3, 2, 4, 3, 1.67)])
        self.assertEqual(may(self.agency, {}), [])
        self.assertEqual(may(self.agency, BY_COMPETENT_AGENCY), [(1, 1, 3, 2, 2.22)])
        self.assertEqual(may(self.point, BY_COMPETENT_AGENCY), [(2, 1, 1, 1, 0.0)])

    def test_agency_leader_reads_complaints_about_its_decisions(self):
        """G's leader reads Q1 (about D1, decided by G, filed at P), without
        who complained; not Q2 (D3, decided by P) nor Q3 (no dossier); never
        the complaint itself, nor handles it. Officers of G read nothing."""
        pakns = self.Pakn.search([("unit_id", "=", self.point.id)])
        q1, q2 = (
            pakns.filtered(lambda p, day=day: p.date_received == vn(2026, 5, day, 9, 0))
            for day in (5, 6)
        )
        q1.description = "Gọi lại cho tôi: 0912345678, chị Lan."
        leader = new_test_user(self.env, login="ss_pakn_leader_g", groups=LEADER)
        officer = new_test_user(
            self.env,
            login="ss_pakn_officer_g",
            groups="satisfaction_survey.group_satisfaction_officer",
        )
        for user in (leader, officer):
            self.env["hr.employee"].create(
                {"name": user.name, "department_id": self.agency.id, "user_id": user.id}
            )
        Report = self.env["satisfaction.pakn.agency.report"]
        rows = Report.with_user(leader).search([("id", "in", pakns.ids)])
        self.assertEqual(rows.ids, q1.ids)
        self.assertEqual(
            (rows.competent_unit_id, rows.unit_id, rows.rating),
            (self.agency, self.point, "like"),
        )
        self.assertNotIn("0912345678", rows.description)
        self.assertIn("[phone]", rows.description)
        for name in ("contact_name", "contact_phone", "dossier_id", "dossier_code"):
            self.assertNotIn(name, Report._fields, "nothing tells who complained")
        # reviewers read every agency's: Q1 for G, Q2 for P
        every = Report.with_user(self.user_reviewer).search([("id", "in", pakns.ids)])
        self.assertEqual(
            {row.id: row.competent_unit_id for row in every},
            {q1.id: self.agency, q2.id: self.point},
        )
        # the complaint itself stays with the unit that received it
        self.assertFalse(self.Pakn.with_user(leader).search([("id", "in", pakns.ids)]))
        with self.assertRaises(AccessError):
            Report.with_user(officer).search([])

    def test_portal_monthly_figures_by_either_role(self):
        """The connector sends May 2026 by receiving unit (default) or, when
        set, by competent agency; each role's month once per unit."""
        self.point.satisfaction_unit_code = "000.00.31.H48"
        self.agency.satisfaction_unit_code = "000.01.00.H48"
        connector = self.env["satisfaction.portal.connector"].create(
            {
                "name": "Cổng DVCQG (test theo cơ quan)",
                "provider": "dry_run",
                "send_evaluations": False,
                "sequence": -100,
            }
        )
        self.assertEqual(connector.aggregate_unit_role, "receiving")
        Log = self.env["satisfaction.portal.sync.log"]
        may = date(2026, 5, 1)

        def queued():
            connector._queue_monthly_aggregates(may)
            logs = Log.search(
                [
                    ("connector_id", "=", connector.id),
                    ("unit_id", "in", (self.point | self.agency).ids),
                ]
            )
            return {
                (log.unit_id, log.unit_role): (
                    (payload := json.loads(log.payload))["MaDonVi"],
                    payload["VaiTroDonVi"],
                    payload["TongSoHoSo"],
                    payload["SoHoSoPAKNHoacKhongHaiLong"],
                    payload["TongSoPAKN"],
                    payload["SoPAKNDungHan"],
                    payload["Diem54"],
                )
                for log in logs
            }

        receiving = {
            (self.point, "receiving"): ("000.00.31.H48", "receiving", 4, 3, 3, 2, 1.67),
        }
        self.assertEqual(queued(), receiving)
        connector.aggregate_unit_role = "competent"
        both = {
            **receiving,
            (self.agency, "competent"): (
                "000.01.00.H48",
                "competent",
                3,
                2,
                1,
                1,
                2.22,
            ),
            (self.point, "competent"): ("000.00.31.H48", "competent", 1, 1, 2, 1, 0.0),
        }
        self.assertEqual(queued(), both)
        self.assertEqual(queued(), both, "once per unit, month and role")
