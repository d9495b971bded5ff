"""The citizen evaluation of NĐ 118/2025/NĐ-CP Điều 33.1, default questionnaire
of a new install: answers a) and c) pre-filled from the dossier, kept or
corrected on the rating page, and recorded as such."""

import re
from datetime import datetime, timedelta

from freezegun import freeze_time
from lxml import html as lxml_html

from odoo import fields
from odoo.tests import HttpCase, tagged

from ..satisfaction_survey import catalogues
from .common import SatisfactionCommon

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')

# due 10/11/2026 typed without a time: 00:00 Vietnam time, the whole day
DUE = datetime(2026, 11, 9, 17, 0)
# 10/11 10:00 Vietnam time: on time (its UTC date is after the due's)
RETURNED_ON_TIME = datetime(2026, 11, 10, 3, 0)
# 11/11 00:30 Vietnam time: late (its UTC date is the due day's)
RETURNED_LATE = datetime(2026, 11, 10, 17, 30)


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestNd118Evaluation(HttpCase, SatisfactionCommon):
    use_officer_questionnaire = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.nd118 = cls.env.ref("satisfaction_survey.questionnaire_nd118")
        # the full page, with its pre-filled answers (the demo opens it quick)
        cls.nd118.quick_mode = False
        cls.nd118_criteria = {c.code: c for c in cls.nd118.criterion_ids}

    # ------------------------------------------------------------
    # HELPERS
    # ------------------------------------------------------------

    def _returned_at(self, moment, **vals):
        dossier = self._create_dossiers(
            1,
            self.unit_a,
            date_received=DUE - timedelta(days=3),
            date_appointment=DUE,
            **vals,
        )
        with freeze_time(moment):
            dossier.action_return()
        self.assertEqual(dossier.date_returned, moment)
        request = self._requests_of(dossier)
        # open for a month from now, whatever the frozen return
        request.expiry_date = fields.Datetime.now() + timedelta(days=30)
        return dossier, request

    def _key(self, request, code):
        return next(
            item["key"]
            for item in request._question_items()
            if item["criterion"].code == code
        )

    def _page(self, request):
        page = self.url_open("/r/%s?lang=en" % request.sudo().access_token)
        self.assertEqual(page.status_code, 200)
        return page.text

    def _checked(self, html, key):
        tree = lxml_html.fromstring(html)
        return tree.xpath("//input[@name=$key and @checked]/@value", key=key)

    def _submit(self, request, html, form):
        data = dict(form, lang="en_US", csrf_token=CSRF_RE.search(html).group(1))
        page = self.url_open(
            "/r/%s" % request.sudo().access_token, data=data, allow_redirects=False
        )
        self.assertEqual(page.status_code, 200, page.text[:2000])
        return request.sudo().response_ids

    # ------------------------------------------------------------
    # DATA
    # ------------------------------------------------------------

    def test_default_questionnaire_of_a_new_install(self):
        Questionnaire = self.env["satisfaction.questionnaire"]
        self.assertTrue(self.nd118.is_default)
        self.assertEqual(self.nd118.state, "published")
        self.assertEqual(Questionnaire._get_default(), self.nd118)
        self.assertEqual(self.nd118.legal_basis, catalogues.ND118_LEGAL_BASIS)
        criteria = self.nd118.criterion_ids  # in page order
        self.assertEqual(
            criteria.mapped("code"),
            [c.code for c in catalogues.ND118_CRITERIA] + ["overall"],
        )
        for spec in catalogues.ND118_CRITERIA:
            criterion = self.nd118_criteria[spec.code]
            self.assertEqual(criterion.name, spec.name_en)
            self.assertEqual(criterion.derive_from or None, spec.derive)
            self.assertEqual(criterion.is_officer_criterion, spec.officer)
            self.assertEqual(criterion.question_type, "scale")
            # the decree's exact wording in Vietnamese (i18n/vi.po)
            self.assertEqual(
                criterion.with_context(lang="vi_VN").name, spec.name_vi, spec.code
            )
        # point i): the comment box
        self.assertTrue(self.nd118.ask_comment)
        self.assertEqual(
            self.nd118.with_context(lang="vi_VN").comment_label,
            "%s (không bắt buộc)" % catalogues.ND118_POINT_I.name_vi,
        )
        self.assertTrue(self.nd118_criteria["overall"].is_overall)
        # the alternatives stay published, each with its source
        officer = self.questionnaire
        sipas = self.questionnaire_sipas
        self.assertEqual((officer | sipas).mapped("state"), ["published"] * 2)
        self.assertFalse(officer.is_default or sipas.is_default)
        self.assertIn("2640/QĐ-BNV", sipas.legal_basis)
        self.assertIn("Provincial practice", officer.legal_basis)

    def test_new_request_uses_the_default(self):
        _dossier, request = self._returned_at(RETURNED_ON_TIME)
        self.assertEqual(request.questionnaire_id, self.nd118)

    # ------------------------------------------------------------
    # POINT a): ON TIME / LATE, IN VIETNAM TIME
    # ------------------------------------------------------------

    def test_on_time_prefilled_and_kept(self):
        dossier, request = self._returned_at(RETURNED_ON_TIME)
        self.assertFalse(dossier.is_late)
        self.assertEqual(request.derived_return_time, "on_time")
        key = self._key(request, "nd118_a")
        html = self._page(request)
        # 4 "Satisfied" pre-filled, with what the dossier says
        self.assertEqual(self._checked(html, key), ["4"])
        self.assertIn("the result was returned on time", html)
        # c): no supplement asked, pre-filled as well
        self.assertEqual(self._checked(html, self._key(request, "nd118_c")), ["4"])
        self.assertIn("you were not asked to supplement it", html)
        # questions the dossier knows nothing of are not pre-filled
        self.assertEqual(self._checked(html, self._key(request, "nd118_b")), [])
        form = self._build_form(request, value_by_default=5, overrides={key: 4})
        response = self._submit(request, html, form)
        self.assertEqual(len(response), 1)
        line = response.line_ids.filtered(
            lambda line: line.criterion_id.code == "nd118_a"
        )
        self.assertEqual(line.value, 4)
        self.assertEqual(line.answer_origin, "derived")
        self.assertEqual(line.derived_value, 4)
        self.assertTrue(line.is_satisfied)
        # c) was pre-filled 4 and answered 5: corrected
        line_c = response.line_ids.filtered(
            lambda line: line.criterion_id.code == "nd118_c"
        )
        self.assertEqual(
            (line_c.value, line_c.answer_origin, line_c.derived_value),
            (5, "answered", 4),
        )
        # no pre-fill: answered, nothing derived
        line_b = response.line_ids.filtered(
            lambda line: line.criterion_id.code == "nd118_b"
        )
        self.assertEqual((line_b.answer_origin, line_b.derived_value), ("answered", 0))

    def test_late_prefilled_and_corrected(self):
        dossier, request = self._returned_at(RETURNED_LATE)
        self.assertTrue(dossier.is_late)
        self.assertEqual(request.derived_return_time, "late")
        key = self._key(request, "nd118_a")
        html = self._page(request)
        # 2 "Dissatisfied" pre-filled
        self.assertEqual(self._checked(html, key), ["2"])
        self.assertIn("the result was returned late", html)
        # the citizen disagrees: 4
        form = self._build_form(request, value_by_default=5, overrides={key: 4})
        response = self._submit(request, html, form)
        line = response.line_ids.filtered(
            lambda line: line.criterion_id.code == "nd118_a"
        )
        self.assertEqual(line.value, 4)
        self.assertEqual(line.answer_origin, "answered")
        self.assertEqual(line.derived_value, 2, "the pre-filled level is kept")

    def test_late_kept_asks_no_reason(self):
        """A late return kept as pre-filled (a low level) needs no reason: the
        dossier gives it. Chosen by the citizen, the same level does."""
        _dossier, request = self._returned_at(RETURNED_LATE)
        key = self._key(request, "nd118_a")
        form = self._build_form(request, value_by_default=5, overrides={key: 2})
        response, errors = request.sudo()._record_answers(
            dict(form), require_reason=True, prefilled=True
        )
        self.assertFalse(errors)
        self.assertFalse(response.low_score_reason)
        line = response.line_ids.filtered(
            lambda line: line.criterion_id.code == "nd118_a"
        )
        self.assertEqual((line.value, line.answer_origin), (2, "derived"))
        self.assertFalse(line.is_satisfied)
        # entered by staff, nothing was shown pre-filled: answered, reason asked
        _dossier, other = self._returned_at(RETURNED_LATE)
        form = self._build_form(other, value_by_default=5, overrides={"nd118_a": 2})
        response, errors = other.sudo()._record_answers(dict(form), require_reason=True)
        self.assertEqual(errors, {"reason": "required"})

    # ------------------------------------------------------------
    # POINT c): SUPPLEMENT REQUESTS
    # ------------------------------------------------------------

    def test_supplement_requests_prefill_point_c(self):
        dossier = self._create_dossiers(1, self.unit_a)
        self.env["satisfaction.dossier.event"].create(
            [
                {
                    "dossier_id": dossier.id,
                    "kind": "supplement_request",
                    "date": fields.Datetime.now() - timedelta(days=2),
                },
                {
                    "dossier_id": dossier.id,
                    "kind": "supplement_received",
                    "date": fields.Datetime.now() - timedelta(days=1),
                },
            ]
        )
        dossier.action_return()
        request = self._requests_of(dossier)
        self.assertTrue(request.derived_supplements_known)
        self.assertEqual(request.derived_supplement_count, 1)
        levels = request._derived_levels(request._question_items())
        # one supplement request, what the decree allows: neutral, 3
        self.assertEqual(levels[self._key(request, "nd118_c")], 3)
        notes = request._derived_notes(request._question_items())
        self.assertEqual(
            notes[self._key(request, "nd118_c")],
            "According to your dossier, you were asked once to supplement it.",
        )

    def test_officer_questionnaire_prefills_nothing(self):
        self.procedure_birth.questionnaire_id = self.questionnaire
        _dossier, request = self._returned_at(RETURNED_LATE)
        self.assertEqual(request.questionnaire_id, self.questionnaire)
        self.assertEqual(request.derived_return_time, "late")
        self.assertEqual(request._derived_levels(request._question_items()), {})

    # ------------------------------------------------------------
    # FIGURES
    # ------------------------------------------------------------

    def test_indices_count_the_prefilled_answers(self):
        """a) kept as pre-filled: on time counts satisfied (4), late does not
        (2); the index of a) is then the share returned on time."""
        for moment in (RETURNED_ON_TIME, RETURNED_LATE):
            _dossier, request = self._returned_at(moment)
            form = self._build_form(request, value_by_default=5)
            form.update(
                {
                    key: str(level)
                    for key, level in request._derived_levels(
                        request._question_items()
                    ).items()
                }
            )
            _response, errors = request.sudo()._record_answers(
                form, require_reason=True, prefilled=True
            )
            self.assertFalse(errors)
        rows = self.env["satisfaction.index.report"].search(
            [
                ("unit_id", "=", self.unit_a.id),
                ("criterion_id", "=", self.nd118_criteria["nd118_a"].id),
            ]
        )
        self.assertEqual(
            (
                sum(rows.mapped("answer_count")),
                sum(rows.mapped("satisfied_count")),
            ),
            (2, 1),
        )
        overall = self.env["satisfaction.index.report"].search(
            [
                ("unit_id", "=", self.unit_a.id),
                ("criterion_id", "=", self.nd118_criteria["overall"].id),
            ]
        )
        self.assertEqual(sum(overall.mapped("satisfied_count")), 2)
