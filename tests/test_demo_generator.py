from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged

from ..satisfaction_survey import evaluation

AUTO_SEND = "satisfaction_survey.auto_send"


def prefilled_lines(responses):
    """The answers of ``responses`` to questions pre-filled from the dossier
    (NĐ 118/2025 Điều 33.1 a), c)), each with the level its dossier derives
    now, from its dates and supplement requests: [(line, level)]."""
    result = []
    for response in responses.sudo():
        request = response.request_id
        if request.res_model != "satisfaction.dossier" or not request.res_id:
            continue  # anonymised: the dossier is no longer known
        dossier = request.env["satisfaction.dossier"].browse(request.res_id)
        facts = dossier._satisfaction_derived_facts()
        page_layout = response.questionnaire_id._page_layout()
        for line in response.line_ids:
            derive = line.criterion_id.derive_from
            if not derive:
                continue
            level = evaluation.derived_level(
                derive,
                facts.get(derive),
                page_layout.scale_values,
                page_layout.satisfied_values,
            )
            result.append((line, level))
    return result


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestDemoGenerator(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        icp = cls.env["ir.config_parameter"].sudo()
        icp.set_param(AUTO_SEND, "True")
        icp.set_param("satisfaction_survey.preferred_channel", "sms")
        cls.sms_before = cls.env["sms.sms"].sudo().search([]).ids
        cls.mail_before = cls.env["mail.mail"].sudo().search([]).ids
        cls.dossiers = cls.env["satisfaction.demo.generator"]._generate(
            dossier_count=40, seed=7
        )
        cls.requests = cls.dossiers.satisfaction_request_ids

    def test_dossiers_returned_with_one_request_each(self):
        self.assertEqual(len(self.dossiers), 40)
        self.assertEqual(set(self.dossiers.mapped("state")), {"returned"})
        self.assertTrue(all(self.dossiers.mapped("date_returned")))
        self.assertEqual(len(self.requests), 40)
        self.assertEqual(
            sorted(self.requests.mapped("res_id")), sorted(self.dossiers.ids)
        )
        for dossier in self.dossiers:
            self.assertIn(dossier.receiving_officer_id, dossier.unit_id.member_ids)

    def test_dates_spread_over_the_last_months(self):
        returned = self.dossiers.mapped("date_returned")
        now = self.env.cr.now()
        self.assertTrue(all(date <= now for date in returned))
        self.assertGreater((max(returned) - min(returned)).days, 60)
        responses = self.requests.sudo().response_ids
        self.assertGreater(
            len({date.strftime("%Y-%m") for date in responses.mapped("date")}), 2
        )

    def test_most_requests_answered_each_once(self):
        answered = self.requests.filtered(lambda r: r.state == "answered")
        self.assertGreaterEqual(len(answered), 0.6 * len(self.requests))
        self.assertLess(len(answered), len(self.requests))
        self.assertEqual(
            set((self.requests - answered).mapped("state")) - {"pending", "expired"},
            set(),
        )
        for request in self.requests.sudo():
            expected = 1 if request.state == "answered" else 0
            self.assertEqual(len(request.response_ids), expected, request.dossier_ref)
            if expected:
                response = request.response_ids
                self.assertEqual(response.unit_id, request.unit_id)
                self.assertTrue(response.line_ids.filtered("value"))
                self.assertLessEqual(response.date, self.env.cr.now())

    def test_index_report_has_several_units(self):
        units = self.dossiers.unit_id
        self.assertGreaterEqual(len(units), 3)
        self.env.flush_all()
        rows = self.env["satisfaction.index.report"].read_group(
            [("unit_id", "in", units.ids)],
            ["satisfaction_index:avg", "answer_count:sum"],
            ["unit_id"],
        )
        self.assertGreaterEqual(len(rows), 3)
        for row in rows:
            self.assertGreater(row["answer_count"], 0)
            self.assertTrue(0 <= row["satisfaction_index"] <= 100)
        channels = set(self.requests.sudo().response_ids.mapped("channel"))
        self.assertGreaterEqual(len(channels), 3)

    def test_nothing_queued_for_demo_citizens(self):
        self.env.flush_all()
        new_sms = self.env["sms.sms"].sudo().search([("id", "not in", self.sms_before)])
        new_mail = (
            self.env["mail.mail"].sudo().search([("id", "not in", self.mail_before)])
        )
        self.assertFalse(new_sms, "no SMS may be queued for fake citizens")
        emails = set(self.dossiers.filtered("citizen_email").mapped("citizen_email"))
        self.assertTrue(emails)
        self.assertFalse(
            new_mail.filtered(
                lambda m: any(email in (m.email_to or "") for email in emails)
            )
        )
        self.assertFalse(
            self.requests.filtered(lambda r: r.send_count and not r.response_ids)
        )

    def test_auto_send_parameter_restored(self):
        icp = self.env["ir.config_parameter"].sudo()
        self.assertEqual(icp.get_param(AUTO_SEND), "True")
        icp.set_param(AUTO_SEND, "1")
        self.env["satisfaction.demo.generator"]._generate(dossier_count=2, seed=1)
        self.assertEqual(icp.get_param(AUTO_SEND), "1")

    def test_reproducible_and_reuses_master_data(self):
        more = self.env["satisfaction.demo.generator"]._generate(
            dossier_count=40, seed=7
        )
        self.assertEqual(more.unit_id, self.dossiers.unit_id)
        self.assertEqual(
            more.mapped("citizen_name"), self.dossiers.mapped("citizen_name")
        )
        self.assertEqual(
            self.env["res.users"].search_count(
                [("login", "in", ("officer", "leader", "reviewer"))]
            ),
            3,
        )

    def test_demo_users_roles(self):
        officer = self.env.ref("satisfaction_survey.demo_user_officer")
        leader = self.env.ref("satisfaction_survey.demo_user_leader")
        reviewer = self.env.ref("satisfaction_survey.demo_user_reviewer")
        self.assertTrue(
            officer.has_group("satisfaction_survey.group_satisfaction_officer")
        )
        self.assertFalse(
            officer.has_group("satisfaction_survey.group_satisfaction_leader")
        )
        self.assertTrue(
            leader.has_group("satisfaction_survey.group_satisfaction_leader")
        )
        self.assertTrue(
            reviewer.has_group("satisfaction_survey.group_satisfaction_reviewer")
        )
        self.assertEqual(
            officer.employee_ids.department_id, leader.employee_ids.department_id
        )
        unit = officer.employee_ids.department_id
        own = (
            self.env["satisfaction.dossier"]
            .with_user(officer)
            .search([("id", "in", self.dossiers.ids)])
        )
        self.assertEqual(own, self.dossiers.filtered(lambda d: d.unit_id == unit))

    def test_company_is_a_vietnamese_service_centre(self):
        company = self.env.company
        self.assertTrue(
            company.name.startswith("Trung tâm Phục vụ hành chính công"), company.name
        )
        self.assertEqual(company.country_id, self.env.ref("base.vn"))
        self.assertEqual(company.currency_id.name, "VND")
        self.assertEqual(company.partner_id.tz, "Asia/Ho_Chi_Minh")
        units = self.dossiers.unit_id.mapped("name")
        for word in ("huyện", "quận", "district", "UBND"):
            self.assertFalse([name for name in units if word in name.lower()], word)
        users = self.env["res.users"].search(
            [("login", "in", ("admin", "officer", "leader", "reviewer"))]
        )
        self.assertEqual(len(users), 4)
        self.assertEqual(set(users.mapped("tz")), {"Asia/Ho_Chi_Minh"})
        if self.env["res.lang"]._lang_get("vi_VN"):
            self.assertEqual(set(users.mapped("lang")), {"vi_VN"})

    def test_last_year_published_and_this_year_computed(self):
        year = fields.Date.context_today(
            self.env.user.with_context(tz="Asia/Ho_Chi_Minh")
        ).year
        last = self.env.ref("satisfaction_survey.demo_scorecard_last_year")
        self.assertEqual((last.year, last.state), (year - 1, "published"))
        self.assertTrue(last.line_ids.unit_id & self.dossiers.unit_id)
        current = self.env["satisfaction.scorecard"].search(
            [("year", "=", year), ("period_type", "=", "year"), ("state", "=", "draft")]
        )
        self.assertTrue(current.line_ids)

    def test_default_period_covers_last_year(self):
        generator = self.env["satisfaction.demo.generator"]
        today = fields.Date.context_today(generator.with_context(tz="Asia/Ho_Chi_Minh"))
        months = generator._demo_default_months()
        self.assertGreaterEqual(months, 12)
        self.assertEqual(months, today.month + 11)

    def test_old_followups_done_recent_open(self):
        followups = self.env["satisfaction.followup"].search(
            [("request_id", "in", self.requests.ids)]
        )
        self.assertTrue(followups)
        limit = self.env.cr.now() - timedelta(days=30)
        for followup in followups:
            expected = "done" if followup.response_id.date < limit else "open"
            self.assertEqual(followup.state, expected, followup.dossier_ref)
            self.assertEqual(followup.create_date, followup.response_id.date)

    def test_published_scorecard_one_ranking_line_per_unit(self):
        last = self.env.ref("satisfaction_survey.demo_scorecard_last_year")
        self.assertEqual(last.state, "published")
        lines = self.env["satisfaction.scorecard.line"].search(
            last.action_view_ranking()["domain"]
        )
        self.assertEqual(lines, last.line_ids)
        self.assertEqual(len(lines), len(lines.unit_id), "one line per unit")
        rated_last_year = (
            self.requests.sudo()
            .response_ids.filtered(lambda r: r.date.year == last.year)
            .unit_id
        )
        self.assertTrue(rated_last_year)
        self.assertLessEqual(rated_last_year, lines.unit_id)
        ranks = lines.mapped("rank")
        self.assertEqual(min(ranks), 1)
        self.assertLessEqual(max(ranks), len(lines))
        # ties share a rank, the next one is skipped ("1, 1, 3")
        for line in lines:
            better = lines.filtered(
                lambda other, line=line: (
                    round(other.total_points, 2) > round(line.total_points, 2)
                )
            )
            self.assertEqual(line.rank, len(better) + 1, line.unit_id.name)

    def test_every_followup_has_a_responsible_user(self):
        followups = self.env["satisfaction.followup"].search(
            [("request_id", "in", self.requests.ids)]
        )
        # 40 dossiers over many months may leave no recent, open follow-up:
        # TestDemoOffice checks open ones on the full demo
        self.assertTrue(followups)
        for followup in followups:
            self.assertTrue(followup.user_id, followup.dossier_ref)
            self.assertTrue(followup.user_id.active, followup.dossier_ref)
            self.assertFalse(
                followup.user_id & followup.rated_user_ids,
                "never the officer rated: %s" % followup.dossier_ref,
            )
            if followup.state == "open":
                self.assertEqual(
                    followup.activity_ids.user_id,
                    followup.user_id,
                    followup.dossier_ref,
                )

    def test_prefilled_answers_kept_or_changed(self):
        """On the NĐ 118 evaluation most citizens keep the levels pre-filled
        from their dossier, some change one; a kept level is the dossier's."""
        self.assertTrue(
            self.dossiers.event_ids.filtered(
                lambda event: event.kind == "supplement_request"
            ),
            "some dossiers were asked for a supplement",
        )
        lines = prefilled_lines(self.requests.sudo().response_ids)
        self.assertTrue(lines, "the demo answers the NĐ 118 evaluation")
        for line, level in lines:
            self.assertTrue(level, line.criterion_id.code)
            self.assertEqual(line.derived_value, level)
            if line.answer_origin == "derived":
                self.assertEqual(line.value, level)
            else:
                self.assertNotEqual(line.value, level)
        origins = [line.answer_origin for line, _level in lines]
        self.assertIn("answered", origins)
        self.assertGreater(origins.count("derived"), origins.count("answered"))


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestDemoPrefilledAnswers(TransactionCase):
    """On a demo database: every answer marked "Kept from the Dossier" has the
    level its dossier derives, and both origins are shown."""

    def test_kept_answers_match_their_dossier(self):
        if not self.env.ref(
            "satisfaction_survey.demo_scorecard_last_year", raise_if_not_found=False
        ):
            self.skipTest("no demo data")
        nd118 = self.env.ref("satisfaction_survey.questionnaire_nd118")
        responses = (
            self.env["satisfaction.response"]
            .sudo()
            .search([("questionnaire_id", "=", nd118.id)])
        )
        lines = prefilled_lines(responses)
        kept = [
            (line, level) for line, level in lines if line.answer_origin == "derived"
        ]
        self.assertTrue(kept)
        for line, level in kept:
            self.assertEqual(
                (line.value, line.derived_value),
                (level, level),
                line.response_id.request_id.dossier_ref,
            )
        changed = [line for line, _level in lines if line.answer_origin == "answered"]
        self.assertTrue(changed, "some citizens changed a pre-filled level")
        # most keep them: a realistic share, not all or nothing
        self.assertGreater(len(kept), 0.7 * len(lines))
        self.assertLess(len(kept), len(lines))
        # c): some dossiers were asked for a supplement (a pre-fill below 4)
        self.assertTrue(
            [
                line
                for line, level in kept
                if line.criterion_id.derive_from == "supplements" and level < 4
            ]
        )
