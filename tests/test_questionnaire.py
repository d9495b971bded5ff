from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.satisfaction_survey.satisfaction_survey import catalogues

from .common import SatisfactionCommon


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestQuestionnaire(SatisfactionCommon):
    # ------------------------------------------------------------
    # DEFAULT DATA == CORE CATALOGUE
    # ------------------------------------------------------------

    def test_sipas_questionnaire(self):
        sipas = self.questionnaire_sipas
        self.assertEqual(sipas.state, "published")
        self.assertFalse(sipas.is_default)
        self.assertEqual(sipas.scale_id, self.scale)
        elements = sipas.element_ids.sorted("sequence")
        self.assertEqual(len(elements), 6, "5 SIPAS elements + overall")
        self.assertEqual(
            elements.mapped("code"),
            [e.code for e in catalogues.SIPAS_ELEMENTS] + ["overall"],
        )
        criteria = sipas.criterion_ids
        sipas_criteria = criteria.filtered(lambda c: not c.is_overall)
        self.assertEqual(len(sipas_criteria), 22)
        self.assertEqual(sum(len(e.criteria) for e in catalogues.SIPAS_ELEMENTS), 22)
        for spec in catalogues.SIPAS_ELEMENTS:
            element = elements.filtered(lambda e, s=spec: e.code == s.code)
            self.assertEqual(element.name, spec.name_en)
            self.assertEqual(
                element.criterion_ids.sorted("sequence").mapped("code"),
                [c.code for c in spec.criteria],
                spec.code,
            )
            self.assertEqual(
                element.criterion_ids.sorted("sequence").mapped("name"),
                [c.name_en for c in spec.criteria],
            )
        self.assertFalse(criteria.filtered("is_officer_criterion"))
        overall = criteria.filtered("is_overall")
        self.assertEqual(len(overall), 1)
        self.assertEqual(overall.code, catalogues.OVERALL_CRITERION.code)
        self.assertEqual(set(criteria.mapped("question_type")), {"scale"})
        self.assertTrue(all(criteria.mapped("required")))

    def test_officer_questionnaire(self):
        questionnaire = self.questionnaire
        self.assertEqual(questionnaire.state, "published")
        self.assertTrue(questionnaire.is_default)
        self.assertEqual(
            self.env["satisfaction.questionnaire"]._get_default(), questionnaire
        )
        criteria = questionnaire.criterion_ids
        officer_criteria = criteria.filtered("is_officer_criterion").sorted("sequence")
        self.assertEqual(
            officer_criteria.mapped("code"),
            [c.code for c in catalogues.OFFICER_CRITERIA.criteria],
        )
        self.assertEqual(
            officer_criteria.mapped("name"),
            [c.name_en for c in catalogues.OFFICER_CRITERIA.criteria],
        )
        self.assertEqual(
            officer_criteria.element_id.code, catalogues.OFFICER_CRITERIA.code
        )
        self.assertEqual(len(criteria), 5)
        overall = criteria - officer_criteria
        self.assertTrue(overall.is_overall)
        self.assertFalse(overall.is_officer_criterion)
        self.assertEqual(overall.code, catalogues.OVERALL_CRITERION.code)
        self.assertEqual(overall.name, catalogues.OVERALL_CRITERION.name_en)

    def test_scale(self):
        levels = self.scale.level_ids
        self.assertEqual(sorted(levels.mapped("value")), [1, 2, 3, 4, 5])
        self.assertEqual(
            self.scale._satisfied_values(), {4, 5}, "Hài lòng + Rất hài lòng"
        )

    def test_question_items(self):
        items = self.questionnaire._question_items(self.officer_a1 | self.officer_a2)
        self.assertEqual(len(items), 9)
        self.assertEqual(
            len({item["key"] for item in items}), 9, "form keys are unique"
        )
        self.assertEqual(
            items[-1]["criterion"].id, self.criterion_overall.id, "overall comes last"
        )
        self.assertFalse(items[-1]["officer"])
        # no officer known: the officer criteria are asked once, about "the officers"
        items = self.questionnaire._question_items(self.env["hr.employee"])
        self.assertEqual(len(items), 5)
        self.assertFalse(any(item["officer"] for item in items))
        items = self.questionnaire_sipas._question_items(self.officer_a1)
        self.assertEqual(len(items), 23)

    def test_page_layout_follows_edits(self):
        """The cached page layout never shows a question, answer or setting late."""
        overall = self.criterion_overall
        self.assertEqual(self.questionnaire._page_layout().criteria[-1].id, overall.id)
        overall.name = "Overall, reworded"
        self.assertEqual(
            self.questionnaire._page_layout().criteria[-1].name, "Overall, reworded"
        )
        # the translation dialog does not go through write()
        overall.update_field_translations("name", {"vi_VN": "Tổng thể, sửa lại"})
        self.assertEqual(
            self.questionnaire.with_context(lang="vi_VN")
            ._page_layout()
            .criteria[-1]
            .name,
            "Tổng thể, sửa lại",
        )
        self.assertEqual(
            self.questionnaire.with_context(lang="en_US")
            ._page_layout()
            .criteria[-1]
            .name,
            "Overall, reworded",
            "one layout per language",
        )
        added = overall.copy({"code": "extra", "name": "Added last"})
        self.assertEqual(self.questionnaire._page_layout().criteria[-1].id, added.id)
        added.unlink()
        self.assertNotIn(
            added.id, [c.id for c in self.questionnaire._page_layout().criteria]
        )
        level = self.scale.level_ids.filtered(lambda lvl: lvl.value == 5)
        level.name = "Delighted"
        self.assertEqual(self.questionnaire._page_layout().levels[0].name, "Delighted")
        self.assertEqual(self.questionnaire._page_layout().low_values, {1, 2})
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.low_score_threshold", "4"
        )
        self.assertEqual(self.questionnaire._page_layout().low_values, {1, 2, 3})
        self.questionnaire.ask_comment = False
        self.assertFalse(self.questionnaire._page_layout().ask_comment)

    def test_sipas_questionnaire_per_procedure(self):
        self.procedure_land.questionnaire_id = self.questionnaire_sipas
        _dossiers, request = self._return_dossiers(
            1, self.unit_a, procedure_id=self.procedure_land.id
        )
        self.assertEqual(request.questionnaire_id, self.questionnaire_sipas)
        response = self._answer(request, 4)
        self.assertEqual(len(response.line_ids), 23)
        self.assertEqual(
            set(response.line_ids.element_id.mapped("code")),
            {e.code for e in catalogues.SIPAS_ELEMENTS} | {"overall"},
        )

    # ------------------------------------------------------------
    # VERSIONS
    # ------------------------------------------------------------

    def _other_scale(self):
        return self.env["satisfaction.scale"].create(
            {
                "name": "Three levels (QĐ 766)",
                "code": "ss_test_qd766",
                "level_ids": [
                    (0, 0, {"value": 1, "name": "Không hài lòng"}),
                    (0, 0, {"value": 2, "name": "Hài lòng", "is_satisfied": True}),
                    (0, 0, {"value": 3, "name": "Rất hài lòng", "is_satisfied": True}),
                ],
            }
        )

    def test_scale_change_refused_once_answered(self):
        other_scale = self._other_scale()
        # no answers yet: the scale may change
        draft = self.questionnaire.copy(
            {"version": 99, "is_default": False, "state": "draft"}
        )
        draft.scale_id = other_scale
        self.assertEqual(draft.scale_id, other_scale)

        _dossiers, request = self._return_dossiers(1, self.unit_a)
        self._answer(request)
        with self.assertRaises(UserError):
            self.questionnaire.scale_id = other_scale
        self.assertEqual(self.questionnaire.scale_id, self.scale)
        # other edits are fine
        self.questionnaire.intro = "<p>Cảm ơn Ông/Bà.</p>"

    def test_new_version(self):
        old = self.questionnaire
        old_count = old.response_count  # demo data may have answers already
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        response = self._answer(request)

        action = old.action_new_version()
        new = self.env["satisfaction.questionnaire"].browse(action["res_id"])
        self.assertEqual(action["res_model"], "satisfaction.questionnaire")
        self.assertNotEqual(new, old)
        self.assertEqual(new.code, old.code)
        self.assertEqual(new.version, old.version + 1)
        self.assertEqual(new.previous_version_id, old)
        self.assertEqual(new.scale_id, old.scale_id)
        # elements and criteria copied, not shared
        self.assertEqual(len(new.element_ids), len(old.element_ids))
        self.assertFalse(new.element_ids & old.element_ids)
        self.assertEqual(len(new.criterion_ids), len(old.criterion_ids))
        self.assertFalse(new.criterion_ids & old.criterion_ids)
        self.assertEqual(
            sorted(new.criterion_ids.mapped("code")),
            sorted(old.criterion_ids.mapped("code")),
        )
        self.assertEqual(new.criterion_ids.element_id, new.element_ids)
        self.assertEqual(
            sorted(new.criterion_ids.filtered("is_officer_criterion").mapped("code")),
            sorted(old.criterion_ids.filtered("is_officer_criterion").mapped("code")),
        )
        # the new version takes over
        self.assertTrue(new.is_default)
        self.assertFalse(old.is_default)
        self.assertEqual(old.state, "closed")
        self.assertEqual(new.state, "published")
        self.assertEqual(self.env["satisfaction.questionnaire"]._get_default(), new)
        # old answers stay with the old version
        self.assertEqual(response.questionnaire_id, old)
        self.assertEqual(response.line_ids.criterion_id.questionnaire_id, old)
        old.invalidate_recordset(["response_count"])
        self.assertEqual(old.response_count, old_count + 1)
        self.assertEqual(new.response_count, 0)
        # the new version is editable until answered
        other_scale = self._other_scale()
        new.scale_id = other_scale
        new.scale_id = self.scale
        # new requests use the new version
        _dossiers, request2 = self._return_dossiers(1, self.unit_a)
        self.assertEqual(request2.questionnaire_id, new)
        response2 = self._answer(request2)
        self.assertEqual(response2.line_ids.criterion_id.questionnaire_id, new)
        with self.assertRaises(UserError):
            new.scale_id = other_scale

        # version numbers keep increasing from the latest, even when copying an old one
        action = old.action_new_version()
        third = self.env["satisfaction.questionnaire"].browse(action["res_id"])
        self.assertEqual(third.version, new.version + 1)

    def test_new_version_of_non_default(self):
        sipas = self.questionnaire_sipas
        action = sipas.action_new_version()
        new = self.env["satisfaction.questionnaire"].browse(action["res_id"])
        self.assertFalse(new.is_default)
        self.assertTrue(
            self.questionnaire.is_default, "the default questionnaire is unchanged"
        )
        self.assertEqual(len(new.criterion_ids), 23)

    @mute_logger("odoo.sql_db")
    def test_single_default(self):
        with self.assertRaises(ValidationError):
            self.questionnaire_sipas.is_default = True
        with self.assertRaises(ValidationError):
            self.env["satisfaction.questionnaire"].create(
                {
                    "name": "Another",
                    "code": "ss_test_other",
                    "scale_id": self.scale.id,
                    "is_default": True,
                }
            )
        # moving the default: clear it first
        self.questionnaire.is_default = False
        self.questionnaire_sipas.is_default = True
        self.assertEqual(
            self.env["satisfaction.questionnaire"].search([("is_default", "=", True)]),
            self.questionnaire_sipas,
        )

    def test_publish_requires_a_scale_question(self):
        empty = self.env["satisfaction.questionnaire"].create(
            {
                "name": "Empty",
                "code": "ss_test_empty",
                "scale_id": self.scale.id,
            }
        )
        with self.assertRaises(UserError):
            empty.action_publish()
        self.assertEqual(empty.state, "draft")

    def test_close(self):
        self.questionnaire_sipas.action_close()
        self.assertEqual(self.questionnaire_sipas.state, "closed")
        self.questionnaire.action_close()
        self.assertFalse(self.questionnaire.is_default)
        self.env.ref("satisfaction_survey.questionnaire_nd118").action_close()
        self.assertFalse(self.env["satisfaction.questionnaire"]._get_default())
        # no questionnaire to use: returning a dossier says so
        dossier = self._create_dossiers(1, self.unit_a)
        with self.assertRaises(UserError):
            dossier.action_return()
