"""Closing the loop: a low answer asks why and opens a follow-up for the leader."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import LEADER, SatisfactionCommon
from .test_public_page import CSRF_RE


class LowScoreCommon(SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.low_score_threshold", "3"
        )
        cls.Followup = cls.env["satisfaction.followup"]

    @classmethod
    def _followups(cls, requests):
        return cls.Followup.sudo().search([("request_id", "in", requests.ids)])


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestLowScore(LowScoreCommon):
    def test_low_values_follow_threshold_and_scale(self):
        self.assertEqual(self.Followup._low_values(self.scale), {1, 2})
        # the 3-level scale of QĐ 766: 2 means "satisfied", so only 1 is low
        self.assertEqual(
            self.Followup._low_values(
                self.env.ref("satisfaction_survey.scale_qd766_3")
            ),
            {1},
        )
        icp = self.env["ir.config_parameter"].sudo()
        icp.set_param("satisfaction_survey.low_score_threshold", "4")
        self.assertEqual(self.Followup._low_values(self.scale), {1, 2, 3})
        icp.set_param("satisfaction_survey.low_score_threshold", "1")
        self.assertEqual(self.Followup._low_values(self.scale), set())
        icp.set_param("satisfaction_survey.low_score_threshold", "not a number")
        self.assertEqual(self.Followup._low_values(self.scale), {1, 2})

    def test_settings_expose_threshold(self):
        settings = self.env["res.config.settings"].create(
            {"satisfaction_low_score_threshold": 4}
        )
        settings.execute()
        self.assertEqual(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("satisfaction_survey.low_score_threshold"),
            "4",
        )

    def test_page_requires_reason_after_low_answer(self):
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        form = self._build_form(
            request, 5, overrides={("attitude", self.officer_a2): 2}
        )
        response, errors = request.sudo()._record_answers(form, require_reason=True)
        self.assertEqual(errors, {"reason": "required"})
        self.assertFalse(response)
        self.assertEqual(request.state, "sent")
        self.assertFalse(self._followups(request))
        # blank is missing too
        form["reason"] = "   \n "
        self.assertEqual(
            request.sudo()._record_answers(form, require_reason=True)[1],
            {"reason": "required"},
        )
        form["reason"] = "x" * 2001
        self.assertEqual(
            request.sudo()._record_answers(form, require_reason=True)[1],
            {"reason": "too_long"},
        )

        form["reason"] = "Cán bộ A2 yêu cầu bổ sung giấy tờ ba lần."
        response, errors = request.sudo()._record_answers(form, require_reason=True)
        self.assertFalse(errors)
        self.assertEqual(response.low_score_reason, form["reason"])
        self.assertFalse(request.sudo().contact_consent)
        self.assertFalse(request.sudo().contact_consent_date)

        followup = self._followups(request)
        self.assertEqual(len(followup), 1)
        self.assertEqual(followup.response_id, response)
        self.assertEqual(followup.dossier_ref, request.dossier_ref)
        self.assertEqual(followup.unit_id, self.unit_a)
        self.assertEqual(followup.reason, form["reason"])
        self.assertFalse(followup.contact_allowed)
        self.assertEqual(followup.state, "open")
        self.assertEqual(followup.low_line_ids.mapped("value"), [2])
        self.assertEqual(followup.low_line_ids.officer_id, self.officer_a2)
        self.assertIn(self.officer_a2.name, followup.low_criteria)
        self.assertNotIn(self.officer_a1.name, followup.low_criteria)
        # the leader of unit A follows it up, through an activity
        self.assertEqual(followup.user_id, self.user_leader_a)
        activity = followup.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_leader_a)
        self.assertIn(request.dossier_ref, activity.summary)
        # nothing was posted on the dossier or the request the officers read
        dossier = self.env["satisfaction.dossier"].browse(request.res_id)
        self.assertFalse(dossier.activity_ids)
        self.assertFalse(
            self.env["mail.message"]
            .sudo()
            .search_count(
                [
                    ("model", "=", "satisfaction.request"),
                    ("res_id", "=", request.id),
                    ("message_type", "!=", "notification"),
                ]
            )
        )

    def test_consent_is_recorded(self):
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        form = self._build_form(request, 1, comment="Chờ quá lâu")
        form.update(reason="Chờ hai tiếng", contact_consent="1")
        response, errors = request.sudo()._record_answers(form, require_reason=True)
        self.assertFalse(errors)
        self.assertTrue(request.sudo().contact_consent)
        self.assertTrue(request.sudo().contact_consent_date)
        followup = self._followups(request)
        self.assertTrue(followup.contact_allowed)
        self.assertEqual(
            len(followup.low_line_ids), len(response.line_ids.filtered("value"))
        )

    def test_good_answers_open_nothing_and_ignore_reason(self):
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        form = self._build_form(request, 3, overrides={"overall": 4})
        form.update(reason="nothing wrong", contact_consent="1")
        response, errors = request.sudo()._record_answers(form, require_reason=True)
        self.assertFalse(errors)
        self.assertFalse(response.low_score_reason)
        self.assertFalse(request.sudo().contact_consent)
        self.assertFalse(self._followups(request))

    def test_staff_entry_opens_followup_without_reason(self):
        """Back-office channels ask for no reason; the loop is closed all the same."""
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        response = self._answer(request, 5, overrides={"overall": 1}, channel="staff")
        followup = self._followups(request)
        self.assertEqual(followup.response_id, response)
        self.assertFalse(followup.reason)
        self.assertEqual(followup.low_line_ids.criterion_id, self.criterion_overall)

    def test_request_without_unit_still_records_the_answer(self):
        """A bound dossier model may have no unit: an administrator follows it up."""
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        # neither a receiving unit nor a competent agency mapped
        request.sudo().write({"unit_id": False, "competent_unit_id": False})
        form = dict(self._build_form(request, 1), reason="Không rõ quầy nào")
        response, errors = request.sudo()._record_answers(form, require_reason=True)
        self.assertFalse(errors)
        followup = self._followups(request)
        self.assertEqual(followup.response_id, response)
        self.assertFalse(followup.unit_id)
        # nobody leads "no unit": an administrator owns it, and it says so
        self.assertIn(
            followup.user_id,
            self.env.ref("satisfaction_survey.group_satisfaction_manager").users,
        )
        self.assertEqual(followup.assigned_as, "administrator")
        self.assertEqual(followup.activity_ids.user_id, followup.user_id)
        self.assertFalse(
            self.Followup.with_user(self.user_leader_a).search(
                [("id", "=", followup.id)]
            )
        )
        self.assertTrue(
            self.Followup.with_user(self.user_manager).search(
                [("id", "=", followup.id)]
            )
        )

    def test_leader_search_manager_parent_and_never_the_rated_officer(self):
        Employee = self.env["hr.employee"]
        # the unit's manager, when a unit leader, comes first
        user_boss = mail_new_test_user(
            self.env, login="ss_boss_a", groups=LEADER, name="Boss A"
        )
        boss = Employee.create(
            {
                "name": "Trưởng bộ phận A",
                "department_id": self.unit_a.id,
                "user_id": user_boss.id,
            }
        )
        self.unit_a.manager_id = boss
        self.assertEqual(self.Followup._find_leader(self.unit_a), user_boss)
        # ... unless they were rated: then the next leader of the unit
        self.assertEqual(
            self.Followup._find_leader(self.unit_a, exclude_users=user_boss),
            self.user_leader_a,
        )
        # a sub-unit without its own leader: the parent unit's leaders
        sub_unit = self.env["hr.department"].create(
            {"name": "Tổ tiếp nhận", "parent_id": self.unit_a.id}
        )
        self.assertEqual(self.Followup._find_leader(sub_unit), user_boss)
        # a manager who is a mere officer is skipped
        self.unit_b.manager_id = self.officer_b1
        self.assertFalse(self.Followup._find_leader(self.unit_b))

        # a leader who served at the counter neither gets nor sees a follow-up on them
        user_leader_officer = mail_new_test_user(
            self.env, login="ss_leader_a2", groups=LEADER, name="Leader A2"
        )
        self.officer_a2.user_id = user_leader_officer
        self.unit_a.manager_id = False
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        self._answer(
            request, 5, overrides={("attitude", self.officer_a2): 1}, channel="staff"
        )
        followup = self._followups(request)
        self.assertEqual(followup.user_id, self.user_leader_a)
        self.assertIn(user_leader_officer, followup.rated_user_ids)
        self.assertFalse(
            self.Followup.with_user(user_leader_officer).search(
                [("id", "=", followup.id)]
            )
        )
        self.assertTrue(
            self.Followup.with_user(self.user_leader_a).search(
                [("id", "=", followup.id)]
            )
        )

    def test_officers_never_see_followups_reasons_or_consent(self):
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        form = self._build_form(request, 1)
        form.update(reason="Thái độ không tốt", contact_consent="1")
        request.sudo()._record_answers(form, require_reason=True)
        followup = self._followups(request)
        officer_env = self.env(user=self.user_officer_a)
        with self.assertRaises(AccessError):
            officer_env["satisfaction.followup"].search([])
        with self.assertRaises(AccessError):
            followup.with_user(self.user_officer_a).read(["reason"])
        with self.assertRaises(AccessError):
            officer_env["satisfaction.response"].search([])
        # the officer still reads the request of their unit, but not the consent
        officer_request = request.with_user(self.user_officer_a)
        officer_request.read(["state", "dossier_ref"])
        with self.assertRaises(AccessError):
            officer_request.read(["contact_consent"])
        # nor the leader's activity
        self.assertFalse(
            officer_env["mail.activity"].search(
                [("res_model", "=", "satisfaction.followup")]
            )
        )
        # the leader of the unit does, the leader of another unit does not
        leader_followup = followup.with_user(self.user_leader_a)
        self.assertEqual(leader_followup.reason, "Thái độ không tốt")
        self.assertTrue(leader_followup.request_id.contact_consent)
        user_leader_b = mail_new_test_user(
            self.env, login="ss_leader_b", groups=LEADER, name="Leader B"
        )
        self.env["hr.employee"].create(
            {
                "name": "Lãnh đạo B",
                "department_id": self.unit_b.id,
                "user_id": user_leader_b.id,
            }
        )
        self.assertFalse(self.Followup.with_user(user_leader_b).search([]))

    # ------------------------------------------------------------
    # THE LEADER'S SIDE
    # ------------------------------------------------------------

    def _low_followup(self, consent, **dossier_vals):
        _dossiers, request = self._return_dossiers(1, self.unit_a, **dossier_vals)
        form = self._build_form(request, 2)
        form.update(reason="Hẹn trả sai ngày", contact_consent="1" if consent else "")
        request.sudo()._record_answers(form, require_reason=True)
        return request, self._followups(request).with_user(self.user_leader_a)

    def test_reply_only_with_consent(self):
        _request, followup = self._low_followup(consent=False)
        followup.reply_sent = "Xin lỗi Ông/Bà."
        with self.assertRaises(UserError):
            followup.action_send_reply()
        self.assertFalse(followup.date_reply_sent)

    def test_reply_by_sms_and_by_email(self):
        request, followup = self._low_followup(consent=True)
        with self.assertRaises(UserError):
            followup.action_send_reply()  # nothing written yet
        followup.reply_sent = (
            "Bộ phận đã kiểm tra và xin lỗi Ông/Bà về việc hẹn sai ngày."
        )
        followup.action_send_reply()
        self.assertEqual(followup.reply_channel, "sms")
        self.assertEqual(followup.reply_state, "outgoing", "queued, not sent yet")
        self.assertFalse(followup.date_reply_sent)
        with self.assertRaises(UserError):
            followup.action_send_reply()  # not twice
        sms = self.env["sms.sms"].sudo().search([("body", "=", followup.reply_sent)])
        self.assertEqual(len(sms), 1)
        self.assertEqual(sms.number, "+84" + request.sudo().citizen_phone[1:])
        self.assertIn(followup.reply_sent, followup.message_ids[:1].body)

        request, followup = self._low_followup(
            consent=True, citizen_phone=False, citizen_email="cong.dan@example.com"
        )
        followup.reply_sent = "Cảm ơn góp ý."
        followup.action_send_reply()
        self.assertEqual(followup.reply_channel, "email")
        mail = (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("email_to", "=", "cong.dan@example.com"),
                    "|",
                    ("subject", "ilike", "About your rating"),
                    ("subject", "ilike", "Về đánh giá của Ông/Bà"),
                ]
            )
        )
        self.assertEqual(len(mail), 1)
        self.assertIn("Cảm ơn góp ý.", str(mail.body_html))
        self.assertIn(request.dossier_ref, mail.subject)

        _request, followup = self._low_followup(
            consent=True, citizen_phone="0243825000"
        )  # a landline
        followup.reply_sent = "Cảm ơn."
        with self.assertRaises(UserError):
            followup.action_send_reply()

    def test_done_records_what_was_done(self):
        _request, followup = self._low_followup(consent=False)
        with self.assertRaises(UserError):
            followup.action_done()
        followup.action_taken = "Đã nhắc nhở cán bộ; bổ sung lịch hẹn trên phiếu."
        followup.action_done()
        self.assertEqual(followup.state, "done")
        self.assertTrue(followup.date_done)
        self.assertFalse(followup.activity_ids, "the leader's activity is done")
        self.assertTrue(
            followup.message_ids.filtered(
                lambda m: "Đã nhắc nhở cán bộ" in str(m.body)
            ),
            "the activity feedback is kept in the chatter",
        )


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestLowScorePage(HttpCase, LowScoreCommon):
    def _post(self, url, form):
        page = self.url_open(url + "?lang=en")
        csrf = CSRF_RE.search(page.text).group(1)
        return self.url_open(
            url, data=dict(form, csrf_token=csrf, lang="en"), allow_redirects=False
        )

    def test_public_page_asks_reason_and_consent(self):
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        url = "/r/%s" % request.sudo().access_token
        html = self.url_open(url + "?lang=en").text
        scale_items = [
            i
            for i in request._question_items()
            if i["criterion"].question_type == "scale"
        ]
        # a reason box under each question, shown by CSS once a low answer of
        # that question is ticked
        for item in scale_items:
            self.assertIn('<label for="reason_%s">' % item["key"], html)
            self.assertIn('name="reason_%s"' % item["key"], html)
        self.assertIn('name="contact_consent"', html)
        self.assertEqual(html.count('class="ss-low-input"'), 2 * len(scale_items))

        form = self._build_form(request, 4, overrides={"overall": 1})
        result = self._post(url, form)
        self.assertEqual(result.status_code, 400)
        self.assertIn("Please tell us why you are not satisfied.", result.text)
        self.assertIn('id="reason_error"', result.text)
        self.assertIn("ss-low-shown", result.text)
        self.assertFalse(self._followups(request))

        form.update(reason="Phải chờ <b>rất</b> lâu", contact_consent="1")
        result = self._post(url, form)
        self.assertEqual(result.status_code, 200)
        self.assertIn("Thank you for your rating!", result.text)
        self.assertIn("contact you, as you agreed", result.text)
        followup = self._followups(request)
        self.assertEqual(followup.reason, "Phải chờ <b>rất</b> lâu")
        self.assertTrue(followup.contact_allowed)
        self.assertEqual(followup.response_id.channel, "sms")
