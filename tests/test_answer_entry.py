from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import OFFICER, SatisfactionCommon


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestAnswerEntry(SatisfactionCommon):
    """Officers and surveyors type in answers given by phone, interview or paper."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.auto_send", "False"
        )
        cls.Entry = cls.env["satisfaction.answer.entry"]
        cls.levels = {level.value: level for level in cls.scale.level_ids}
        # a colleague of unit A who serves none of the test's dossiers
        cls.user_desk_a = mail_new_test_user(
            cls.env, login="ss_desk_a", groups=OFFICER, name="Desk A"
        )
        cls.env["hr.employee"].create(
            {
                "name": "Đỗ Thị Bàn",
                "department_id": cls.unit_a.id,
                "user_id": cls.user_desk_a.id,
            }
        )

    def setUp(self):
        super().setUp()
        _dossiers, self.request = self._return_dossiers(1, self.unit_a)

    def _wizard_form(self, user, request=None):
        return Form(
            self.Entry.with_user(user).with_context(
                default_request_id=(request or self.request).id
            )
        )

    def _response(self, request=None):
        return (request or self.request).sudo().response_ids

    # ------------------------------------------------------------

    def test_officer_enters_phone_answers(self):
        items = self.request._question_items()
        wizard_form = self._wizard_form(self.user_desk_a)
        self.assertEqual(
            len(wizard_form.line_ids), len(items), "one line per question and officer"
        )
        self.assertEqual(wizard_form.channel, "staff")
        wizard_form.method = "phone"
        wizard_form.note = "Called at 10:15"
        values = {}
        for index in range(len(wizard_form.line_ids)):
            with wizard_form.line_ids.edit(index) as line:
                self.assertFalse(line.level_id, "nothing is pre-filled")
                value = 4 if index % 2 else 2
                line.level_id = self.levels[value]
                values[line.key] = value
        wizard = wizard_form.save()
        wizard.action_save()

        response = self._response()
        self.assertEqual(len(response), 1)
        self.assertEqual(response.channel, "staff")
        self.assertEqual(response.entered_by_id, self.user_desk_a)
        self.assertEqual(self.request.state, "answered")
        self.assertEqual(len(response.line_ids), len(items))
        by_key = {
            (line.criterion_id.id, line.officer_id.id): line.value
            for line in response.line_ids
        }
        for item in items:
            key = (
                item["criterion"].id,
                item["officer"].id if item["officer"] else False,
            )
            self.assertEqual(by_key[key], values[item["key"]])
        # who and how, on the request's history
        # English or Vietnamese, whichever the database speaks
        note = self.request.message_ids.filtered(
            lambda m: (
                "Answers entered by" in (m.body or "")
                or "Câu trả lời do" in (m.body or "")
            )
        )
        self.assertEqual(len(note), 1)
        self.assertIn("Desk A", note.body)
        self.assertRegex(note.body, "Phone call|Gọi điện thoại")
        self.assertIn("Called at 10:15", note.body)

    def test_surveyor_paper_form_seen_by_leader(self):
        # one response: below any minimum group size, which would leave it out
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.min_group_size", "1"
        )
        wizard_form = self._wizard_form(self.user_desk_a)
        wizard_form.channel = "surveyor"
        wizard_form.method = "paper"
        for index in range(len(wizard_form.line_ids)):
            with wizard_form.line_ids.edit(index) as line:
                line.level_id = self.levels[5]
        wizard_form.save().action_save()

        response = (
            self.env["satisfaction.response"]
            .with_user(self.user_leader_a)
            .search(
                [
                    ("procedure_id", "=", self.procedure_birth.id),
                    ("unit_id", "=", self.unit_a.id),
                ]
            )
        )
        self.assertEqual(len(response), 1)
        self.assertEqual(response.channel, "surveyor")
        self.assertEqual(
            response.entered_by_id.name,
            "Desk A",
            "the leader sees who entered the answers",
        )
        with self.assertRaises(AccessError):
            self.env["satisfaction.response"].with_user(self.user_desk_a).browse(
                response.id
            ).read(["channel"])
        # never a self-service answer: the index separates the channel
        self.env.flush_all()
        rows = (
            self.env["satisfaction.index.report"]
            .sudo()
            .search(
                [
                    ("unit_id", "=", self.unit_a.id),
                    ("procedure_id", "=", self.procedure_birth.id),
                ]
            )
        )
        self.assertTrue(rows)
        self.assertEqual(set(rows.mapped("channel")), {"surveyor"})
        if "channel_mode" in rows._fields:
            self.assertEqual(set(rows.mapped("channel_mode")), {"assisted"})

    def test_channels_are_staff_or_surveyor_only(self):
        self.assertEqual(
            [value for value, _label in self.Entry._fields["channel"].selection],
            ["staff", "surveyor"],
        )
        wizard = (
            self.Entry.with_user(self.user_desk_a)
            .with_context(default_request_id=self.request.id)
            .create({})
        )
        wizard.line_ids.level_id = self.levels[5]
        self.env.cr.execute(
            "UPDATE satisfaction_answer_entry SET channel = 'web' WHERE id = %s",
            [wizard.id],
        )
        wizard.invalidate_recordset(["channel"])
        with self.assertRaises(UserError):
            wizard.action_save()
        self.assertFalse(self._response())

    def test_required_answers_are_checked(self):
        wizard = (
            self.Entry.with_user(self.user_desk_a)
            .with_context(default_request_id=self.request.id)
            .create({})
        )
        self.assertTrue(wizard.line_ids)
        self.assertFalse(
            wizard.line_ids.level_id, "no default level: staff cannot rate by default"
        )
        wizard.line_ids[:-1].level_id = self.levels[5]
        with self.assertRaisesRegex(UserError, wizard.line_ids[-1].question):
            wizard.action_save()
        self.assertFalse(self._response())
        self.assertNotEqual(self.request.state, "answered")

    def test_other_unit_cannot_enter(self):
        with self.assertRaises(AccessError):
            self._wizard_form(self.user_officer_b)
        with self.assertRaises(AccessError):
            self.Entry.with_user(self.user_officer_b).create(
                {"request_id": self.request.id}
            ).action_save()
        self.assertFalse(self._response())

    def test_closed_requests(self):
        self._answer(self.request)
        with self.assertRaises(UserError):
            self._wizard_form(self.user_desk_a)
        _dossiers, expired = self._return_dossiers(1, self.unit_a)
        expired.expiry_date = fields.Datetime.now() - timedelta(days=1)
        with self.assertRaises(UserError):
            self._wizard_form(self.user_desk_a, expired)
        _dossiers, cancelled = self._return_dossiers(1, self.unit_a)
        cancelled.action_cancel()
        with self.assertRaises(UserError):
            self._wizard_form(self.user_desk_a, cancelled)

    def test_citizen_answers_still_self_service(self):
        """The public page is untouched: no entered_by, its own channel."""
        response = self._answer(self.request)
        self.assertFalse(response.entered_by_id)
        self.assertNotIn(response.channel, ("staff", "surveyor"))

    def test_nobody_enters_answers_about_their_own_service(self):
        """The officers who received or handled a dossier cannot enter its
        answers, and neither can they open the form for it."""
        self.assertIn(self.officer_a1, self.request.officer_ids)
        with self.assertRaisesRegex(UserError, "You served this dossier"):
            self._wizard_form(self.user_officer_a)
        entry = self.Entry.with_user(self.user_desk_a).create(
            {"request_id": self.request.id}
        )
        with self.assertRaisesRegex(UserError, "You served this dossier"):
            entry.with_user(self.user_officer_a).action_save()
        self.assertFalse(self._response())
        # a colleague who did not serve it may
        self._wizard_form(self.user_desk_a)
