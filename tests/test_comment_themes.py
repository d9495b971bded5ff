"""Comment themes: the lexicon, the stored matches and the report by role.

Ratings of one overall question, all in March 2027 (Vietnam time), small-group
size 3:

- unit A: value 1, comment "Phải chờ rất lâu, cán bộ cáu gắt. Gọi tôi <phone>",
  reason "Chờ 3 tiếng...": waiting (complaint), attitude (complaint);
- unit A: 2, "cho lau qua, xep hang tu sang": waiting (complaint);
- unit A: 5, "Không phải chờ lâu, cán bộ nhiệt tình": waiting, attitude (praise);
- unit A: 4, "Tốt": no theme;
- unit A: 2, reason only "Phải bồi dưỡng cho cán bộ mới xong": informal fees;
- unit B: 5, "Cán bộ rất nhiệt tình": attitude (praise).
"""

from datetime import datetime

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..satisfaction_survey.themes import DEFAULT_LEXICON
from .common import SatisfactionCommon

MARCH_2027 = datetime(2027, 3, 15, 5, 0)  # 12:00 in Hà Nội
PHONE = "0912345678"
SECRET_REASON = "Chờ 3 tiếng, lý do riêng XYZZY"


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestCommentThemes(SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.min_group_size", "3"
        )
        questionnaire = cls._create_overall_questionnaire(
            "ss_test_themes", ask_comment=True
        )
        cls.procedure_themes = cls.env["satisfaction.procedure"].create(
            {
                "name": "Chứng thực bản sao",
                "code": "SS-TEST-THEMES-1",
                "questionnaire_id": questionnaire.id,
            }
        )
        cls.theme = {
            code: cls.env.ref(f"satisfaction_survey.comment_theme_{code}")
            for code in DEFAULT_LEXICON
        }
        cls.r1 = cls._rated(
            cls.unit_a,
            1,
            f"Phải chờ rất lâu, cán bộ cáu gắt. Gọi tôi {PHONE}",
            SECRET_REASON,
        )
        cls.r2 = cls._rated(cls.unit_a, 2, "cho lau qua, xep hang tu sang")
        cls.r3 = cls._rated(cls.unit_a, 5, "Không phải chờ lâu, cán bộ nhiệt tình")
        cls.r4 = cls._rated(cls.unit_a, 4, "Tốt")
        cls.r5 = cls._rated(cls.unit_a, 2, None, "Phải bồi dưỡng cho cán bộ mới xong")
        cls.r6 = cls._rated(cls.unit_b, 5, "Cán bộ rất nhiệt tình")
        cls.env.flush_all()

    @classmethod
    def _rated(cls, unit, value, comment=None, reason=None):
        _dossiers, request = cls._return_dossiers(
            1, unit, procedure_id=cls.procedure_themes.id
        )
        form = cls._build_form(request, value, comment=comment)
        if reason:
            form["reason"] = reason
        response, errors = request.sudo()._record_answers(form)
        assert not errors, errors
        response.date = MARCH_2027
        return response

    def _report(self, user=None):
        Report = self.env["satisfaction.comment.theme.report"]
        return Report.with_user(user) if user else Report

    def _rows(self, user=None):
        """{(unit code, theme code): row} of our units in March 2027."""
        codes = {self.unit_a.id: "A", self.unit_b.id: "B"}
        themes = {theme.id: code for code, theme in self.theme.items()}
        rows = self._report(user).search_read(
            [
                ("unit_id", "in", (self.unit_a | self.unit_b).ids),
                ("month", "=", "2027-03-01"),
            ],
            [
                "unit_id",
                "theme_id",
                "rating_count",
                "complaint_count",
                "praise_count",
                "low_count",
                "low_share",
                "example_comments",
            ],
        )
        return {
            (codes[row["unit_id"][0]], themes.get(row["theme_id"][0])): row
            for row in rows
        }

    # ------------------------------------------------------------
    # the lexicon
    # ------------------------------------------------------------

    def test_shipped_themes_hold_the_core_lexicon(self):
        for code, theme in self.theme.items():
            self.assertEqual(
                theme.keywords.splitlines(), list(DEFAULT_LEXICON[code]), code
            )
            self.assertEqual(theme.keyword_count, len(DEFAULT_LEXICON[code]))

    def test_matches_point_to_themes_with_their_tone(self):
        Match = self.env["satisfaction.comment.theme.match"]
        matches = Match.search([("response_id", "=", self.r1.id)])
        self.assertEqual(
            matches.theme_id, self.theme["waiting"] | self.theme["attitude"]
        )
        waiting = matches.filtered(lambda m: m.theme_id == self.theme["waiting"])
        self.assertTrue(waiting.is_complaint and waiting.is_low)
        self.assertTrue(waiting.in_comment and waiting.in_reason)
        self.assertEqual(waiting.month.isoformat(), "2027-03-01")
        self.assertIn("chờ ... lâu", waiting.phrases)
        praise = Match.search([("response_id", "=", self.r3.id)])
        self.assertTrue(all(m.is_praise and not m.is_complaint for m in praise))
        self.assertFalse(Match.search([("response_id", "=", self.r4.id)]))

    # ------------------------------------------------------------
    # the report's figures
    # ------------------------------------------------------------

    def test_counts_per_unit_month_and_theme(self):
        rows = self._rows(self.user_reviewer)
        self.assertEqual(
            set(rows),
            {
                ("A", "waiting"),
                ("A", "attitude"),
                ("A", "informal_fees"),
                ("B", "attitude"),
            },
        )
        waiting = rows[("A", "waiting")]
        self.assertEqual(
            (
                waiting["rating_count"],
                waiting["complaint_count"],
                waiting["praise_count"],
                waiting["low_count"],
                waiting["low_share"],
            ),
            (3, 2, 1, 2, 66.67),
        )
        attitude = rows[("A", "attitude")]
        self.assertEqual((attitude["rating_count"], attitude["low_share"]), (2, 50.0))
        self.assertEqual(rows[("A", "informal_fees")]["low_count"], 1)
        self.assertEqual(rows[("B", "attitude")]["praise_count"], 1)

    def test_group_share_is_recomputed_from_counts(self):
        [group] = self._report(self.user_reviewer).read_group(
            [("unit_id", "=", self.unit_a.id), ("month", "=", "2027-03-01")],
            ["rating_count:sum", "low_count:sum", "low_share"],
            ["unit_id"],
        )
        # 6 mentions (3 + 2 + 1), 4 rated low: 66.67 %, not the mean of the rows
        self.assertEqual((group["rating_count"], group["low_count"]), (6, 4))
        self.assertEqual(group["low_share"], 66.67)

    def test_examples_are_redacted(self):
        rows = self._rows(self.user_reviewer)
        examples = rows[("A", "waiting")]["example_comments"]
        self.assertIn("cáu gắt", examples)
        self.assertIn("[phone]", examples)
        self.assertNotIn(PHONE, examples)
        # reviewers also read low-score reasons
        self.assertIn("bồi dưỡng", rows[("A", "informal_fees")]["example_comments"])

    # ------------------------------------------------------------
    # small groups and roles
    # ------------------------------------------------------------

    def test_leader_sees_own_unit_and_large_groups_only(self):
        rows = self._rows(self.user_leader_a)
        self.assertEqual(
            set(rows), {("A", "waiting"), ("A", "attitude"), ("A", "informal_fees")}
        )
        self.assertEqual(rows[("A", "waiting")]["rating_count"], 3)
        self.assertIn("[phone]", rows[("A", "waiting")]["example_comments"])
        for theme in ("attitude", "informal_fees"):  # 2 and 1 ratings < 3
            row = rows[("A", theme)]
            for name in ("rating_count", "low_count", "low_share", "example_comments"):
                self.assertFalse(row[name], f"{theme} {name}")

    def test_leader_never_reads_low_score_reasons(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.min_group_size", "1"
        )
        # a reviewer reads them first, in the same transaction
        reviewer_rows = self._rows(self.user_reviewer)
        examples = reviewer_rows[("A", "informal_fees")]["example_comments"]
        self.assertIn("bồi dưỡng", examples)
        rows = self._rows(self.user_leader_a)
        self.assertEqual(rows[("A", "informal_fees")]["rating_count"], 1)
        self.assertFalse(rows[("A", "informal_fees")]["example_comments"])
        for row in rows.values():
            self.assertNotIn("XYZZY", row["example_comments"] or "")
            self.assertNotIn("bồi dưỡng", row["example_comments"] or "")

    def test_groups_are_sized_by_distinct_ratings(self):
        """Unit A: 6 mentions but 4 ratings; with k = 5 the group is hidden."""
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.min_group_size", "5"
        )
        domain = [("month", "=", "2027-03-01")]
        [group] = self._report(self.user_leader_a).read_group(
            domain, ["rating_count:sum", "low_share"], ["unit_id"]
        )
        self.assertFalse(group["rating_count"])
        self.assertFalse(group["low_share"])
        [group] = [
            g
            for g in self._report(self.user_reviewer).read_group(
                domain, ["rating_count:sum"], ["unit_id"]
            )
            if g["unit_id"][0] == self.unit_a.id
        ]
        self.assertEqual(group["rating_count"], 6)

    def test_leader_groups_by_theme(self):
        groups = self._report(self.user_leader_a).read_group(
            [("month", "=", "2027-03-01")], ["rating_count:sum"], ["theme_id"]
        )
        counts = {g["theme_id"][0]: g["rating_count"] for g in groups}
        self.assertEqual(counts[self.theme["waiting"].id], 3)
        self.assertFalse(counts[self.theme["attitude"].id])

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_model")
    def test_leader_cannot_probe_hidden_counts(self):
        with self.assertRaises(AccessError):
            self._report(self.user_leader_a).search([("rating_count", "=", 2)])
        with self.assertRaises(AccessError):
            self.env["satisfaction.comment.theme.match"].with_user(
                self.user_leader_a
            ).search([])

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_model")
    def test_officer_sees_nothing(self):
        officer = self.user_officer_a
        for call in (
            lambda: self._report(officer).search_read([], ["theme_id"]),
            lambda: self._report(officer).read_group([], ["__count"], ["theme_id"]),
            lambda: (
                self.env["satisfaction.comment.theme"].with_user(officer).search([])
            ),
        ):
            with self.assertRaises(AccessError):
                call()

    def test_rows_name_no_rating(self):
        fields = self._report(self.user_leader_a).fields_get()
        for name in ("response_id", "request_id", "officer_id", "comment"):
            self.assertNotIn(name, fields)

    # ------------------------------------------------------------
    # the matches follow the responses and the lexicon
    # ------------------------------------------------------------

    def test_changed_comment_is_read_again(self):
        self.r6.sudo().comment = "Tốt"
        self.assertNotIn(("B", "attitude"), self._rows(self.user_reviewer))

    def test_corrected_answer_changes_the_low_count(self):
        self.r3.line_ids.sudo().value = 1
        rows = self._rows(self.user_reviewer)
        self.assertEqual(rows[("A", "waiting")]["low_count"], 3)

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_model")
    def test_lexicon_changes(self):
        with self.assertRaises(AccessError):
            self.theme["waiting"].with_user(self.user_reviewer).write(
                {"keywords": "xếp hàng"}
            )
        manager = self.user_manager
        self.theme["informal_fees"].with_user(manager).active = False
        self.assertNotIn(("A", "informal_fees"), self._rows(self.user_reviewer))
        self.theme["waiting"].with_user(manager).keywords = "xếp hàng"
        self.assertEqual(
            self._rows(self.user_reviewer)[("A", "waiting")]["rating_count"], 1
        )
        kind = (
            self.env["satisfaction.comment.theme"]
            .with_user(manager)
            .create(
                {
                    "name": "Praise",
                    "code": "ss_test_praise",
                    "keywords": "+tốt\n+nhiệt tình",
                }
            )
        )
        rows = self.env["satisfaction.comment.theme.report"].search_read(
            [("theme_id", "=", kind.id), ("month", "=", "2027-03-01")],
            ["unit_id", "rating_count", "praise_count"],
        )
        by_unit = {row["unit_id"][0]: row for row in rows}
        self.assertEqual(by_unit[self.unit_a.id]["rating_count"], 2)  # r3, r4
        self.assertEqual(by_unit[self.unit_b.id]["praise_count"], 1)

    def test_rebuild_gives_the_same_figures(self):
        before = self._rows(self.user_reviewer)
        self.env["satisfaction.comment.theme.match"]._cron_rebuild()
        self.assertEqual(
            {
                key: row["rating_count"]
                for key, row in self._rows(self.user_reviewer).items()
            },
            {key: row["rating_count"] for key, row in before.items()},
        )
