"""Audit: questionnaire, scoring rule and quota changes, and answer corrections,
are recorded (who, when, before, after) and visible to reviewers."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SatisfactionCommon


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestAudit(SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dossier, cls.request = cls._return_dossiers(1, cls.unit_a)
        cls.response = cls._answer(cls.request, 2)
        cls.line = cls.response.line_ids.filtered(
            lambda line: line.criterion_id == cls.criterion_overall
        )
        cls.level_4 = cls.scale.level_ids.filtered(lambda level: level.value == 4)

    def _correct(self, user, **vals):
        wizard = (
            self.env["satisfaction.answer.correction"]
            .with_user(user)
            .create({"line_id": self.line.id, "reason": "Phiếu giấy nhập sai", **vals})
        )
        return wizard.action_apply()

    # ------------------------------------------------------------
    # ANSWER CORRECTIONS
    # ------------------------------------------------------------

    def test_manager_corrects_an_answer_with_a_trail(self):
        self.assertFalse(self.line.is_satisfied)
        self._correct(self.user_manager, new_level_id=self.level_4.id)
        self.assertEqual(self.line.value, 4)
        self.assertTrue(self.line.is_satisfied, "the index follows the correction")
        log = self.env["satisfaction.audit.log"].search(
            [
                ("res_model", "=", "satisfaction.response.line"),
                ("res_id", "=", self.line.id),
            ]
        )
        self.assertEqual(len(log), 1)
        self.assertEqual(log.user_id, self.user_manager)
        self.assertEqual(log.field_name, "value")
        self.assertIn("(2)", log.old_value)
        self.assertIn("(4)", log.new_value)
        self.assertEqual(log.reason, "Phiếu giấy nhập sai")
        self.assertTrue(log.date)
        # reviewers read the trail; leaders and officers do not
        reviewer_logs = (
            self.env["satisfaction.audit.log"].with_user(self.user_reviewer).search([])
        )
        self.assertIn(log, reviewer_logs)
        self.assertEqual(
            log.with_user(self.user_reviewer).read(["new_value"])[0]["new_value"],
            log.new_value,
        )
        with mute_logger("odoo.models", "odoo.addons.base.models.ir_model"):
            for user in (self.user_leader_a, self.user_officer_a):
                with self.assertRaises(AccessError):
                    self.env["satisfaction.audit.log"].with_user(user).search([])

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_model")
    def test_only_managers_correct(self):
        for user in (self.user_leader_a, self.user_reviewer, self.user_officer_a):
            with self.assertRaises(AccessError, msg=user.login):
                self._correct(user, new_level_id=self.level_4.id)
            with self.assertRaises(AccessError, msg=user.login):
                self.line.with_user(user).write({"value": 4})
        with self.assertRaises(AccessError):
            self.line.with_user(self.user_manager).write({"value": 4})
        self.assertEqual(self.line.value, 2)
        self.assertFalse(self.env["satisfaction.audit.log"].search([]))

    def test_invalid_corrections(self):
        with self.assertRaises(UserError):
            self._correct(self.user_manager)  # no new answer
        level_2 = self.scale.level_ids.filtered(lambda level: level.value == 2)
        with self.assertRaises(UserError):
            self._correct(self.user_manager, new_level_id=level_2.id)  # same
        other_scale = self.env.ref(
            "satisfaction_survey.scale_qd766_3", raise_if_not_found=False
        )
        if other_scale:
            with self.assertRaises(UserError):
                self._correct(
                    self.user_manager, new_level_id=other_scale.level_ids[:1].id
                )
        self.assertEqual(self.line.value, 2)

    def test_audit_log_is_append_only(self):
        self._correct(self.user_manager, new_level_id=self.level_4.id)
        log = self.env["satisfaction.audit.log"].search([], limit=1)
        with self.assertRaises(UserError):
            log.write({"new_value": "5"})
        with self.assertRaises(UserError):
            log.unlink()
        with (
            mute_logger("odoo.models", "odoo.addons.base.models.ir_model"),
            self.assertRaises(AccessError),
        ):
            self.env["satisfaction.audit.log"].with_user(self.user_manager).create(
                {"res_model": "x", "res_id": 1, "reason": "forged"}
            )

    # ------------------------------------------------------------
    # QUESTIONNAIRES, SCORING RULES, QUOTAS
    # ------------------------------------------------------------

    def test_criterion_changes_posted_on_questionnaire(self):
        questionnaire = self.questionnaire
        criterion = self.criterion_overall
        old_name = criterion.name
        messages_before = questionnaire.message_ids
        criterion.with_user(self.user_manager).write(
            {"name": "Mức độ hài lòng chung?", "required": False}
        )
        new = questionnaire.message_ids - messages_before
        self.assertEqual(len(new), 1)
        self.assertEqual(new.author_id, self.user_manager.partner_id)
        self.assertIn(old_name, new.body)
        self.assertIn("Mức độ hài lòng chung?", new.body)
        self.assertIn("→", new.body)

        element = criterion.element_id
        added = (
            self.env["satisfaction.criterion"]
            .with_user(self.user_manager)
            .create(
                {"element_id": element.id, "code": "ss_audit", "name": "Câu hỏi mới"}
            )
        )
        self.assertIn("Câu hỏi mới", questionnaire.message_ids[0].body)
        added.with_user(self.user_manager).unlink()
        self.assertIn("Câu hỏi mới", questionnaire.message_ids[0].body)
        self.assertIn("deleted", questionnaire.message_ids[0].body)
        element.with_user(self.user_manager).write({"name": "Cán bộ, công chức"})
        self.assertIn("Cán bộ, công chức", questionnaire.message_ids[0].body)

        # reviewers read the questionnaire's history
        as_reviewer = questionnaire.with_user(self.user_reviewer)
        bodies = " ".join(as_reviewer.message_ids.mapped("body"))
        self.assertIn("Mức độ hài lòng chung?", bodies)

    def test_markup_in_names_is_escaped(self):
        self.criterion_overall.write({"name": "<b>x</b>"})
        self.assertIn("&lt;b&gt;x&lt;/b&gt;", self.questionnaire.message_ids[0].body)

    def test_questionnaire_fields_tracked(self):
        questionnaire = self.questionnaire
        questionnaire.with_user(self.user_manager).write(
            {"comment_label": "Góp ý khác", "ask_comment": False}
        )
        self.env.cr.flush()  # tracking is written by the precommit hooks
        tracking = questionnaire.message_ids[0].sudo().tracking_value_ids
        self.assertEqual(
            set(tracking.field_id.mapped("name")), {"comment_label", "ask_comment"}
        )
        # what the reviewer's chatter shows
        shown = tracking._filter_has_field_access(self.env(user=self.user_reviewer))
        self.assertEqual(shown, tracking)

    def test_rules_quotas_targets_tracked_and_readable_by_reviewers(self):
        for model in (
            "satisfaction.cchc.rule",
            "satisfaction.quota",
            "satisfaction.target",
            "satisfaction.questionnaire",
        ):
            Model = self.env[model]
            with self.subTest(model=model):
                self.assertTrue(
                    hasattr(Model, "message_post"), f"{model} has a chatter"
                )
                tracked = [
                    name
                    for name, field in Model._fields.items()
                    if getattr(field, "tracking", False)
                ]
                self.assertTrue(tracked, f"{model} tracks its fields")
                self.assertTrue(Model.with_user(self.user_reviewer).has_access("read"))
        quota = self.env["satisfaction.quota"].search([], limit=1)
        if quota:
            quota.with_user(self.user_manager).write(
                {"minimum_ratings": quota.minimum_ratings + 7}
            )
            self.env.cr.flush()
            message = quota.with_user(self.user_reviewer).message_ids[:1]
            self.assertEqual(message.author_id, self.user_manager.partner_id)
            shown = message.sudo().tracking_value_ids._filter_has_field_access(
                self.env(user=self.user_reviewer)
            )
            self.assertEqual(shown.field_id.name, "minimum_ratings")
            self.assertEqual(
                shown._tracking_value_format()[0]["newValue"]["value"],
                quota.minimum_ratings,
            )
