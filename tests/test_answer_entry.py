from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from ..satisfaction_survey import periods
from .common import OFFICER, SatisfactionCommon


def vn(*args):
    """A moment in Vietnam time, as Odoo stores it (naive UTC)."""
    return periods.to_utc_naive(datetime(*args, tzinfo=periods.LOCAL_ZONE))


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
                self.assertFalse(
                    line.level_id, "the officer questionnaire pre-fills nothing"
                )
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


class AnswerEntryPrefilledCommon(SatisfactionCommon):
    use_officer_questionnaire = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.auto_send", "False"
        )
        cls.nd118 = cls.env.ref("satisfaction_survey.questionnaire_nd118")
        cls.Entry = cls.env["satisfaction.answer.entry"]
        cls.levels = {level.value: level for level in cls.nd118.scale_id.level_ids}
        cls.user_desk_a = mail_new_test_user(
            cls.env, login="ss_desk_a2", groups=OFFICER, name="Desk A"
        )
        cls.env["hr.employee"].create(
            {
                "name": "Đỗ Thị Bàn",
                "department_id": cls.unit_a.id,
                "user_id": cls.user_desk_a.id,
            }
        )

    def _form(self, request):
        return Form(
            self.Entry.with_user(self.user_desk_a).with_context(
                default_request_id=request.id
            )
        )

    def _lines_by_code(self, request):
        """Criterion code -> index of its (first) line in the wizard, whose
        lines follow the page's questions."""
        lines = {}
        for index, item in enumerate(request._question_items()):
            lines.setdefault(item["criterion"].code, index)
        return lines

    def _fill_the_rest(self, wizard_form, value=5):
        for index in range(len(wizard_form.line_ids)):
            with wizard_form.line_ids.edit(index) as line:
                if not line.level_id:
                    line.level_id = self.levels[value]

    def _response_line(self, request, code):
        return request.sudo().response_ids.line_ids.filtered(
            lambda line: line.criterion_id.code == code
        )


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestAnswerEntryPrefilled(AnswerEntryPrefilledCommon):
    """On the NĐ 118/2025 Điều 33.1 evaluation, staff see the dossier's dates
    and the answers a) and c) pre-filled from them, as on the rating page;
    each answer records whether the citizen kept or changed its level."""

    def _late_dossier_with_supplement(self):
        """Received Mon 2/11/2026, due Wed 4/11 (whole day); a supplement asked
        on 3/11 and received Thu 5/11 restarts the 1-day procedure (due Fri
        6/11); an extension to Mon 9/11; returned Tue 10/11: late."""
        dossier = self._create_dossiers(
            1,
            self.unit_a,
            date_received=vn(2026, 11, 2, 9, 0),
            date_appointment=vn(2026, 11, 4, 0, 0),
        )
        self.env["satisfaction.dossier.event"].create(
            [
                {
                    "dossier_id": dossier.id,
                    "kind": "supplement_request",
                    "date": vn(2026, 11, 3, 10, 0),
                },
                {
                    "dossier_id": dossier.id,
                    "kind": "supplement_received",
                    "date": vn(2026, 11, 5, 14, 0),
                },
                {
                    "dossier_id": dossier.id,
                    "kind": "extension",
                    "date": vn(2026, 11, 6, 10, 0),
                    "new_due": vn(2026, 11, 9, 0, 0),
                },
            ]
        )
        with freeze_time(vn(2026, 11, 10, 9, 0)):
            dossier.action_return()
        self.assertEqual(dossier.date_due, vn(2026, 11, 9, 23, 59, 59))
        self.assertTrue(dossier.is_late)
        request = self._requests_of(dossier)
        request.expiry_date = fields.Datetime.now() + timedelta(days=30)
        self.assertEqual(request.questionnaire_id, self.nd118)
        return request

    def test_prefill_shown_and_recorded_as_kept(self):
        request = self._late_dossier_with_supplement()
        wizard_form = self._form(request)
        # the dossier's dates, in Vietnam time
        self.assertEqual(wizard_form.dossier_received, "02/11/2026 09:00")
        self.assertEqual(wizard_form.dossier_due, "09/11/2026 23:59")
        self.assertEqual(wizard_form.dossier_extensions, "09/11/2026 23:59")
        self.assertEqual(wizard_form.dossier_supplements_asked, "03/11/2026 10:00")
        self.assertEqual(wizard_form.dossier_supplements_received, "05/11/2026 14:00")
        self.assertEqual(wizard_form.dossier_returned, "10/11/2026 09:00")
        self.assertEqual(wizard_form.derived_return_time, "late")
        self.assertEqual(wizard_form.derived_supplement_count, 1)
        # a) late: 2 "Dissatisfied"; c) asked once: 3; the rest is not pre-filled
        lines = self._lines_by_code(request)
        expected = request._derived_levels(request._question_items())
        self.assertEqual(sorted(expected.values()), [2, 3])
        for code, level in (("nd118_a", 2), ("nd118_c", 3)):
            with wizard_form.line_ids.edit(lines[code]) as line:
                self.assertEqual(line.level_id, self.levels[level], code)
                self.assertEqual(line.derived_level_id, self.levels[level], code)
                self.assertEqual(line.answer_origin, "derived", code)
        with wizard_form.line_ids.edit(lines["nd118_a"]) as line:
            self.assertEqual(
                line.derived_note,
                "According to your dossier, the result was returned late.",
            )
        with wizard_form.line_ids.edit(lines["nd118_b"]) as line:
            self.assertFalse(line.level_id)
            self.assertFalse(line.derived_level_id)
            line.level_id = self.levels[5]
        self._fill_the_rest(wizard_form)
        wizard_form.save().action_save()

        response = request.sudo().response_ids
        self.assertEqual(response.channel, "staff")
        self.assertEqual(response.entered_by_id, self.user_desk_a)
        for code, level in (("nd118_a", 2), ("nd118_c", 3)):
            line = self._response_line(request, code)
            self.assertEqual(
                (line.value, line.answer_origin, line.derived_value),
                (level, "derived", level),
                code,
            )
        line_b = self._response_line(request, "nd118_b")
        self.assertEqual(
            (line_b.value, line_b.answer_origin, line_b.derived_value),
            (5, "answered", 0),
        )
        # a low level kept from the dossier asks for no reason, as on the page
        self.assertFalse(response.low_score_reason)

    def test_changed_prefill_recorded_as_chosen(self):
        request = self._late_dossier_with_supplement()
        wizard_form = self._form(request)
        lines = self._lines_by_code(request)
        # the citizen says a) was fine after all
        with wizard_form.line_ids.edit(lines["nd118_a"]) as line:
            line.level_id = self.levels[4]
            self.assertEqual(line.answer_origin, "answered")
            self.assertEqual(line.derived_level_id, self.levels[2])
        self._fill_the_rest(wizard_form)
        wizard_form.save().action_save()
        line_a = self._response_line(request, "nd118_a")
        self.assertEqual(
            (line_a.value, line_a.answer_origin, line_a.derived_value),
            (4, "answered", 2),
        )
        line_c = self._response_line(request, "nd118_c")
        self.assertEqual((line_c.value, line_c.answer_origin), (3, "derived"))

    def test_served_dossier_still_refused(self):
        request = self._late_dossier_with_supplement()
        with self.assertRaisesRegex(UserError, "You served this dossier"):
            Form(
                self.Entry.with_user(self.user_officer_a).with_context(
                    default_request_id=request.id
                )
            )

    def test_other_questionnaire_shows_no_dossier_facts(self):
        self.procedure_birth.questionnaire_id = self.env.ref(
            "satisfaction_survey.questionnaire_officer"
        )
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        wizard = (
            self.Entry.with_user(self.user_desk_a)
            .with_context(default_request_id=request.id)
            .create({})
        )
        self.assertFalse(wizard.has_derived)
        self.assertFalse(wizard.line_ids.derived_level_id)
        self.assertFalse(wizard.line_ids.level_id)


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestAnswerEntryBound(AnswerEntryPrefilledCommon):
    """A dossier of a bound model (res.partner with custom date fields): the
    wizard reads its dates through the binding."""

    FIELDS = {
        "x_ss_due": "datetime",
        "x_ss_supplement_requested": "datetime",
        "x_ss_supplement_received": "datetime",
        "x_ss_returned": "datetime",
    }

    def setUp(self):
        # custom fields change the registry: reset it once the test is rolled
        # back (cleanups run last registered first)
        self.addCleanup(self.registry.reset_changes)
        self.addCleanup(self.registry.clear_all_caches)
        super().setUp()
        model = self.env["ir.model"]._get("res.partner")
        mapped = {
            name: self.env["ir.model.fields"].create(
                {
                    "model_id": model.id,
                    "name": name,
                    "field_description": name,
                    "ttype": ttype,
                }
            )
            for name, ttype in self.FIELDS.items()
        }
        fields_ = {
            f.name: f
            for f in self.env["ir.model.fields"].search([("model", "=", "res.partner")])
        }
        self.env["satisfaction.binding"].create(
            {
                "name": "Partners as dossiers",
                "model_id": model.id,
                "returned_domain": "[('ref', '=', 'RETURNED')]",
                "reference_field_id": fields_["name"].id,
                "procedure_field_id": fields_["function"].id,
                "officer_field_id": fields_["user_id"].id,
                "citizen_name_field_id": fields_["name"].id,
                "citizen_phone_field_id": fields_["phone"].id,
                "due_field_id": mapped["x_ss_due"].id,
                "supplement_requested_field_id": mapped["x_ss_supplement_requested"].id,
                "supplement_received_field_id": mapped["x_ss_supplement_received"].id,
                "date_returned_field_id": mapped["x_ss_returned"].id,
            }
        )

    def _late_partner_with_supplement(self):
        """Due Wed 3/12/2025 (whole day); a supplement asked 2/12 and received
        Fri 5/12 restarts the 1-day procedure: due Mon 8/12; returned 10/12."""
        partner = self.env["res.partner"].create(
            {
                "name": "Đỗ Thị Dân",
                "phone": self._next_phone(),
                "user_id": self.user_officer_a.id,
                "function": self.procedure_birth.code,
                "x_ss_due": vn(2025, 12, 3, 0, 0),
                "x_ss_supplement_requested": vn(2025, 12, 2, 9, 0),
                "x_ss_supplement_received": vn(2025, 12, 5, 14, 0),
                "x_ss_returned": vn(2025, 12, 10, 8, 0),
            }
        )
        partner.ref = "RETURNED"
        request = self._requests_of(partner)
        self.assertEqual(request.questionnaire_id, self.nd118)
        return request

    def test_prefill_shown_and_recorded_as_kept(self):
        request = self._late_partner_with_supplement()
        wizard_form = self._form(request)
        # what the binding maps; no reception date is mapped
        self.assertEqual(wizard_form.dossier_received, "Not recorded")
        self.assertEqual(wizard_form.dossier_due, "08/12/2025 23:59")
        self.assertEqual(wizard_form.dossier_extensions, "None on the dossier")
        self.assertEqual(wizard_form.dossier_supplements_asked, "02/12/2025 09:00")
        self.assertEqual(wizard_form.dossier_supplements_received, "05/12/2025 14:00")
        self.assertEqual(wizard_form.dossier_returned, "10/12/2025 08:00")
        self.assertEqual(wizard_form.derived_return_time, "late")
        self.assertEqual(wizard_form.derived_supplement_count, 1)
        lines = self._lines_by_code(request)
        for code, level in (("nd118_a", 2), ("nd118_c", 3)):
            with wizard_form.line_ids.edit(lines[code]) as line:
                self.assertEqual(line.level_id, self.levels[level], code)
                self.assertEqual(line.answer_origin, "derived", code)
        self._fill_the_rest(wizard_form)
        wizard_form.save().action_save()
        for code, level in (("nd118_a", 2), ("nd118_c", 3)):
            line = self._response_line(request, code)
            self.assertEqual(
                (line.value, line.answer_origin, line.derived_value),
                (level, "derived", level),
                code,
            )
