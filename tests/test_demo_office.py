"""On a database with demo data: the office the demo shows works as a real one
(a quick rating page, a published ranking of one line per unit, a responsible
user for every follow-up). Skipped without demo data; the generator's own
tests (test_demo_generator.py) check the same on the data they generate."""

from lxml import html as lxml_html

from odoo.tests import HttpCase, tagged

from ..satisfaction_survey import layout

MODULE = "satisfaction_survey"


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestDemoOffice(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scorecard = cls.env.ref(
            MODULE + ".demo_scorecard_last_year", raise_if_not_found=False
        )
        icp = cls.env["ir.config_parameter"].sudo()
        # the public routes' rate limiter commits outside the test transaction
        icp.set_param("satisfaction_survey.rate_limit_ip", "0")
        icp.set_param("satisfaction_survey.rate_limit_token", "0")

    def setUp(self):
        super().setUp()
        if not self.scorecard:
            self.skipTest("no demo data")

    def test_demo_questionnaire_opens_on_the_overall_question(self):
        nd118 = self.env.ref(MODULE + ".questionnaire_nd118")
        self.assertTrue(nd118.quick_mode)
        self.assertEqual(self.env["satisfaction.questionnaire"]._get_default(), nd118)
        self.assertFalse(
            self.env.ref(MODULE + ".questionnaire_sipas").quick_mode,
            "a survey whose every question counts stays whole",
        )
        officer = self.env.ref(MODULE + ".demo_employee_officer_03")
        dossier = self.env["satisfaction.dossier"].create(
            {
                "procedure_id": self.env.ref(MODULE + ".demo_procedure_birth").id,
                "unit_id": officer.department_id.id,
                "citizen_name": "Công dân thử",
                "citizen_phone": "0912999001",
                "receiving_officer_id": officer.id,
                "handling_officer_ids": [(6, 0, officer.ids)],
            }
        )
        dossier.action_return()
        request = dossier.satisfaction_request_ids
        self.assertEqual(request.questionnaire_id, nd118)
        page = self.url_open("/r/%s" % request.sudo().access_token)
        self.assertEqual(page.status_code, 200, page.text[:500])
        tree = lxml_html.fromstring(page.content)
        overall = layout.question_key(
            self.env.ref(MODULE + ".questionnaire_nd118_criterion_overall").id
        )
        self.assertEqual(
            {radio.get("name") for radio in tree.xpath("//input[@type='radio']")},
            {overall},
            "the overall question alone",
        )
        self.assertEqual(tree.xpath("//input[@name='mode']/@value"), ["quick"])
        self.assertEqual(len(tree.xpath("//form[@id='ss_form_quick']//button")), 1)
        # every other question one tap away, on the same link
        self.assertTrue(tree.xpath("//p[@id='ss_full_link']/a/@href"))

    def test_demo_published_scorecard_one_ranking_line_per_unit(self):
        self.assertEqual(self.scorecard.state, "published")
        lines = self.scorecard.line_ids
        self.assertTrue(lines)
        self.assertEqual(len(lines), len(lines.unit_id), "one line per unit")
        demo_units = self.env["hr.department"].browse(
            self.env.ref(MODULE + ".demo_unit_%s" % key).id
            for key in ("hoa_hiep_nam", "hoa_khanh_bac", "hoa_bac")
        )
        self.assertLessEqual(demo_units, lines.unit_id)
        self.assertEqual(min(lines.mapped("rank")), 1)
        # the public page ranks the same units, each once
        page = self.url_open(
            "/satisfaction/results?year=%s&lang=en" % self.scorecard.year
        )
        self.assertEqual(page.status_code, 200)
        tree = lxml_html.fromstring(page.content)
        section = [
            card
            for card in tree.xpath("//section[hasclass('ss-scorecard')]")
            if " ".join(card.xpath("string(.//h2)").split())
            == "Year %s" % self.scorecard.year
        ]
        self.assertEqual(len(section), 1)
        units = [
            " ".join(th.text_content().split())
            for th in section[0].xpath(".//tbody/tr/th")
        ]
        self.assertEqual(len(units), len(set(units)))
        self.assertEqual(
            sorted(units),
            sorted(unit.complete_name or unit.name for unit in lines.unit_id),
        )

    def test_demo_followups_have_a_responsible_user(self):
        followups = self.env["satisfaction.followup"].search([])
        self.assertTrue(followups.filtered(lambda f: f.state == "open"))
        self.assertTrue(followups.filtered(lambda f: f.state == "done"))
        self.assertFalse(
            followups.filtered(lambda f: not f.user_id).mapped("dossier_ref"),
            "a follow-up without a responsible user",
        )
        self.assertFalse(
            followups.filtered(lambda f: f.user_id & f.rated_user_ids),
            "never the officer rated",
        )
