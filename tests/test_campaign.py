"""Independent verification surveys: sample, surveyors, calls and figures."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from ..satisfaction_survey.indices import required_sample_size
from .common import REVIEWER, SatisfactionCommon

SURVEYOR = "satisfaction_survey.group_satisfaction_surveyor"


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestCampaign(SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.auto_send", "False"
        )
        # a surveyor who works in unit A, and one from outside every unit
        cls.surveyor_a = mail_new_test_user(
            cls.env, login="ss_surveyor_a", groups=SURVEYOR, name="Surveyor in A"
        )
        cls.env["hr.employee"].create(
            {
                "name": "Vũ Văn Khảo Sát",
                "department_id": cls.unit_a.id,
                "user_id": cls.surveyor_a.id,
            }
        )
        cls.surveyor_out = mail_new_test_user(
            cls.env, login="ss_surveyor_out", groups=SURVEYOR, name="Outside Surveyor"
        )
        cls.levels = {level.value: level for level in cls.scale.level_ids}
        cls.dossiers_a, cls.requests_a = cls._return_dossiers(30, cls.unit_a)
        cls.no_phone_a, cls.requests_no_phone = cls._return_dossiers(
            5, cls.unit_a, citizen_phone=False, citizen_email="a@example.com"
        )
        cls.dossiers_b, cls.requests_b = cls._return_dossiers(12, cls.unit_b)

    def _campaign(self, surveyors=None, user=None, **values):
        today = fields.Date.context_today(self.env["satisfaction.campaign"])
        return (
            self.env["satisfaction.campaign"]
            .with_user(user or self.user_reviewer)
            .create(
                {
                    "name": "Kiểm tra độc lập",
                    "date_from": today - timedelta(days=1),
                    "date_to": today + timedelta(days=1),
                    "unit_ids": [(6, 0, (self.unit_a | self.unit_b).ids)],
                    "questionnaire_id": self.questionnaire.id,
                    "margin": 10.0,
                    "surveyor_ids": [
                        (6, 0, (surveyors or self.surveyor_a | self.surveyor_out).ids)
                    ],
                }
                | values
            )
        )

    def _stratum(self, campaign, unit):
        return campaign.stratum_ids.filtered(lambda s: s.unit_id == unit)

    def _answer_call(self, call, value):
        call = call.with_user(call.surveyor_id)
        call.action_prepare_answers()
        for answer in call.answer_ids:
            answer.level_id = self.levels[value]
        call.action_answered()

    # ------------------------------------------------------------

    def test_sample_per_unit_reproducible_and_without_unreachable_citizens(self):
        campaign = self._campaign()
        campaign.action_draw()
        self.assertEqual(campaign.state, "running")
        self.assertTrue(campaign.seed)
        stratum_a = self._stratum(campaign, self.unit_a)
        stratum_b = self._stratum(campaign, self.unit_b)
        # citizens without a number cannot be called: not in the population
        self.assertEqual(stratum_a.population, 30)
        self.assertEqual(stratum_b.population, 12)
        # Cochran with the finite-population correction, ±10 points at 95 %:
        # N = 30: 96.04 / (1 + 95.04 / 30) = 23.05 → 24; N = 12: 10.7 → 11
        self.assertEqual(stratum_a.sample_size, 24)
        self.assertEqual(
            stratum_a.sample_size, required_sample_size(0.10, population=30)
        )
        self.assertEqual(stratum_b.sample_size, 11)
        calls_a = stratum_a.call_ids.sudo()
        self.assertEqual(len(calls_a), 24)
        self.assertLessEqual(set(calls_a.request_id.ids), set(self.requests_a.ids))
        self.assertFalse(set(calls_a.request_id.ids) & set(self.requests_no_phone.ids))
        self.assertEqual(len(set(calls_a.request_id.ids)), 24)

        again = self._campaign(seed=campaign.seed)
        again.action_draw()
        self.assertEqual(
            self._stratum(again, self.unit_a).call_ids.sudo().request_id,
            calls_a.request_id,
            "the same seed draws the same dossiers",
        )
        other = self._campaign()
        other.action_draw()
        self.assertNotEqual(
            self._stratum(other, self.unit_a).call_ids.sudo().request_id,
            calls_a.request_id,
        )
        with self.assertRaises(UserError):
            campaign.action_draw()

    def test_no_surveyor_calls_their_own_unit(self):
        campaign = self._campaign()
        campaign.action_draw()
        calls = campaign.call_ids
        self.assertEqual(
            calls.filtered(lambda c: c.unit_id == self.unit_a).surveyor_id,
            self.surveyor_out,
        )
        self.assertEqual(
            calls.filtered(lambda c: c.unit_id == self.unit_b).surveyor_id,
            self.surveyor_a | self.surveyor_out,
            "the calls of unit B are shared",
        )
        only_insider = self._campaign(surveyors=self.surveyor_a)
        with self.assertRaisesRegex(UserError, "No surveyor outside"):
            only_insider.action_draw()
        self.assertEqual(only_insider.state, "draft")
        self.assertFalse(only_insider.call_ids)

    def test_call_workflow_and_contact_shown_to_the_caller_only(self):
        campaign = self._campaign(max_attempts=3)
        campaign.action_draw()
        call = campaign.call_ids.filtered(lambda c: c.unit_id == self.unit_a)[0]
        mine = call.with_user(self.surveyor_out)
        request = call.sudo().request_id
        self.assertEqual(mine.citizen_phone, request.citizen_phone)
        self.assertEqual(mine.citizen_name, request.citizen_name)
        # nobody else reads the number: not the reviewer, not another surveyor
        self.assertFalse(call.with_user(self.user_reviewer).citizen_phone)
        with self.assertRaises(AccessError):
            call.with_user(self.surveyor_a).read(["citizen_phone"])
        with self.assertRaises(AccessError):
            call.with_user(self.surveyor_a).action_refused()
        self.assertFalse(call._fields["citizen_phone"].exportable)

        mine.action_no_answer()
        self.assertEqual((call.state, call.attempt_count), ("retry", 1))
        self.assertGreater(call.next_attempt, fields.Datetime.now())
        mine.action_no_answer()
        mine.action_no_answer()
        self.assertEqual((call.state, call.attempt_count), ("unreachable", 3))
        self.assertFalse(mine.citizen_phone, "a closed call hides the number")
        with self.assertRaisesRegex(UserError, "closed"):
            mine.action_refused()

        second = campaign.call_ids.filtered(
            lambda c: c.unit_id == self.unit_a and c.state == "to_call"
        )[0].with_user(self.surveyor_out)
        second.action_prepare_answers()
        with self.assertRaisesRegex(UserError, "every question"):
            second.action_answered()
        self._answer_call(second, 4)
        self.assertEqual(second.state, "answered")
        stratum = self._stratum(campaign, self.unit_a)
        self.assertEqual(stratum.answered_count, 1)
        self.assertEqual(stratum.answer_count, len(second.answer_ids))
        self.assertEqual(stratum.independent_index, 100.0)

    def test_counter_against_independent_flags_the_staged_unit(self):
        # unit A rates everything "very satisfied" at the counter; unit B is honest
        for request in self.requests_a:
            self._answer(request, 5)
        for index, request in enumerate(self.requests_b):
            self._answer(request, 4 if index % 4 else 2)
        campaign = self._campaign()
        campaign.action_draw()
        for call in campaign.call_ids:
            if call.unit_id == self.unit_a:
                self._answer_call(call, 5 if call.id % 2 else 2)
            else:
                self._answer_call(call, 4 if call.id % 4 else 2)
        stratum_a = self._stratum(campaign, self.unit_a)
        stratum_b = self._stratum(campaign, self.unit_b)
        self.assertEqual(stratum_a.counter_index, 100.0)
        self.assertLess(stratum_a.independent_index, 70.0)
        self.assertGreater(stratum_a.gap, 30.0)
        self.assertLess(stratum_a.p_value, 0.05)
        self.assertTrue(stratum_a.counter_above)
        self.assertFalse(stratum_b.counter_above)
        self.assertEqual(stratum_a.response_rate, 100.0)

    def test_closing_freezes_the_figures(self):
        campaign = self._campaign()
        campaign.action_draw()
        calls_a = campaign.call_ids.filtered(lambda c: c.unit_id == self.unit_a)
        self._answer_call(calls_a[0], 5)
        campaign.action_close()
        self.assertEqual(campaign.state, "closed")
        stratum = self._stratum(campaign, self.unit_a)
        frozen = (stratum.counter_index, stratum.independent_index, stratum.gap)
        self.assertTrue(stratum.frozen)
        self.assertEqual(set((calls_a - calls_a[0]).mapped("state")), {"not_reached"})
        # counter ratings given after the close change nothing
        for request in self.requests_a[:10]:
            self._answer(request, 1)
        stratum._refresh_figures()
        self.assertEqual(
            (stratum.counter_index, stratum.independent_index, stratum.gap), frozen
        )
        with self.assertRaises(AccessError):
            calls_a[0].answer_ids[0].with_user(
                self.surveyor_out
            ).level_id = self.levels[1]

    def test_who_does_what(self):
        campaign = self._campaign()
        for user in (self.user_officer_a, self.user_leader_a):
            with self.assertRaises(AccessError):
                self.env["satisfaction.campaign"].with_user(user).search([])
        with self.assertRaises(AccessError):
            self._campaign(user=self.surveyor_out)
        reviewer = mail_new_test_user(
            self.env, login="ss_reviewer_2", groups=REVIEWER, name="Reviewer 2"
        )
        self.assertEqual(
            self.env["satisfaction.campaign"]
            .with_user(reviewer)
            .search([("id", "=", campaign.id)]),
            campaign,
        )
        campaign.action_draw()
        self.assertEqual(
            self.env["satisfaction.campaign.call"]
            .with_user(self.surveyor_a)
            .search([("campaign_id", "=", campaign.id)])
            .surveyor_id,
            self.surveyor_a,
            "a surveyor sees their own calls only",
        )

    def test_recontact_check_counts_contradicted_counter_ratings(self):
        """A share of the kiosk, QR and staff ratings is asked again; a citizen
        who did not rate, or rates two levels lower, contradicts the counter."""
        # unit B: 10 ratings at the kiosk (all "very satisfied"), 2 by e-mail link
        for request in self.requests_b[:10]:
            self._answer(request, 5, channel="kiosk")
        for request in self.requests_b[10:]:
            self._answer(request, 5, channel="email")
        campaign = self._campaign(
            kind="recontact",
            recontact_share=50.0,
            unit_ids=[(6, 0, self.unit_b.ids)],
        )
        campaign.action_draw()
        stratum = self._stratum(campaign, self.unit_b)
        self.assertEqual(stratum.population, 10, "only the counter channels")
        self.assertEqual(stratum.sample_size, 5)
        calls = campaign.call_ids.sudo()
        self.assertEqual(set(calls.mapped("counter_channel")), {"kiosk"})
        self.assertEqual(set(calls.mapped("counter_value")), {5})
        self.assertEqual(calls.officer_ids, self.officer_b1)

        answers = [("no", None), ("yes", 3), ("yes", 4), ("yes", 5), ("yes", 2)]
        for call, (confirmed, value) in zip(calls, answers):
            call = call.with_user(call.surveyor_id)
            if confirmed == "yes":
                with self.assertRaisesRegex(UserError, "how satisfied"):
                    call.write({"confirmed": "yes"})
                    call.action_answered()
                call.recontact_level_id = self.levels[value]
            else:
                call.confirmed = "no"
            call.action_answered()
        self.assertEqual(calls.mapped("mismatch"), [True, True, False, False, True])
        self.assertEqual(stratum.mismatch_count, 3)
        self.assertEqual(stratum.mismatch_rate, 60.0)
        # counted per officer for the reviewer
        groups = (
            self.env["satisfaction.campaign.call"]
            .with_user(self.user_reviewer)
            ._read_group(
                [("campaign_id", "=", campaign.id), ("mismatch", "=", True)],
                ["officer_ids"],
                ["__count"],
            )
        )
        self.assertEqual(groups, [(self.officer_b1, 3)])
