"""Integrity signals: each on data that should, and should not, trigger it."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..satisfaction_survey import periods
from .common import SatisfactionCommon


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestIntegritySignals(SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        icp = cls.env["ir.config_parameter"].sudo()
        icp.set_param("satisfaction_survey.auto_send", "False")
        for name, value in (
            ("burst_count", 5),
            ("burst_minutes", 10),
            ("straight_points", 20),
            ("staff_share", 30),
            ("perfect_answers", 20),
            ("identical_comments", 3),
            ("minimum_responses", 5),
            ("office_share", 30),
            ("fast_seconds", 15),
            ("fast_share", 30),
        ):
            icp.set_param(f"satisfaction_survey.integrity_{name}", value)
        cls.Signal = cls.env["satisfaction.integrity.signal"]
        # a unit of its own for each case, so demo data or other tests never mix in
        Department = cls.env["hr.department"]
        cls.staged = Department.create({"name": "Staged unit"})
        cls.honest = Department.create({"name": "Honest unit"})
        cls.month = periods.month_start(fields.Date.context_today(cls.Signal))
        cls.noon = fields.Datetime.to_datetime(cls.month) + timedelta(hours=5)

    def _rate(
        self,
        unit,
        n,
        value,
        channel,
        minutes_apart,
        comment=None,
        shift=0,
        from_office=0,
        seconds=None,
    ):
        """``n`` ratings of ``unit``, ``minutes_apart`` minutes from each other;
        the first ``from_office`` of them sent from an office network;
        ``seconds``: seconds on the page of each (a list, cycled)."""
        __, requests = self._return_dossiers(n, unit)
        for index, request in enumerate(requests):
            overrides = None
            if isinstance(value, list):
                overrides, value_now = None, value[index % len(value)]
            else:
                value_now = value
            response = self._answer(
                request,
                value_now,
                overrides=overrides,
                comment=comment(index) if callable(comment) else comment,
                channel=channel,
            )
            values = {
                "date": self.noon + timedelta(minutes=shift + index * minutes_apart),
                "from_office_network": index < from_office,
            }
            if seconds:
                values["seconds_on_page"] = seconds[index % len(seconds)]
            response.sudo().write(values)

    def _signals(self, unit, kind):
        return self.Signal.search([("unit_id", "=", unit.id), ("kind", "=", kind)])

    def test_burst_at_the_kiosk(self):
        self._rate(self.staged, 6, 5, "kiosk", minutes_apart=1)
        self._rate(self.honest, 6, 5, "kiosk", minutes_apart=30)
        self.Signal._detect(self.month)
        burst = self._signals(self.staged, "burst")
        self.assertEqual((burst.channel, burst.count), ("kiosk", 6))
        self.assertIn("6 ratings within 10 minutes", burst.evidence)
        self.assertFalse(self._signals(self.honest, "burst"))

    def test_top_level_everywhere_far_above_the_others(self):
        self._rate(self.staged, 6, 5, "web", minutes_apart=60)
        self._rate(self.honest, 6, [4, 5, 3], "web", minutes_apart=60)
        self.Signal._detect(self.month)
        signal = self._signals(self.staged, "straight_line")
        self.assertEqual((signal.count, signal.total, signal.share), (6, 6, 100.0))
        self.assertFalse(self._signals(self.honest, "straight_line"))

    def test_share_entered_by_staff(self):
        self._rate(self.staged, 3, [4, 5], "staff", minutes_apart=60)
        self._rate(self.staged, 3, [4, 5], "web", minutes_apart=60, shift=500)
        self._rate(self.honest, 1, 4, "staff", minutes_apart=60)
        self._rate(self.honest, 5, [4, 5], "web", minutes_apart=60, shift=500)
        self.Signal._detect(self.month)
        signal = self._signals(self.staged, "staff_share")
        self.assertEqual((signal.count, signal.total, signal.share), (3, 6, 50.0))
        self.assertFalse(self._signals(self.honest, "staff_share"), "1 of 6: 16.67 %")

    def test_perfect_unit_and_officer(self):
        # officer questionnaire: 4 criteria per officer + overall, 2 officers in
        # unit A; 3 ratings all satisfied are 27 answers (≥ 20)
        self._rate(self.unit_a, 3, [4, 5], "web", minutes_apart=60)
        self._rate(self.unit_b, 3, [5, 2], "web", minutes_apart=60)
        self.Signal._detect(self.month)
        perfect = self.Signal.search(
            [
                ("kind", "=", "perfect"),
                ("unit_id", "in", (self.unit_a | self.unit_b).ids),
            ]
        )
        self.assertEqual(perfect.unit_id, self.unit_a)
        whole = perfect.filtered(lambda s: not s.officer_id)
        self.assertEqual(whole.count, 27)
        # 12 answers per officer: below the threshold of 20
        self.assertFalse(perfect.officer_id)

    def test_identical_comments(self):
        self._rate(
            self.staged,
            3,
            5,
            "web",
            minutes_apart=60,
            comment="Cán bộ  rất nhiệt tình, hài lòng!",
        )
        self._rate(
            self.honest,
            3,
            5,
            "web",
            minutes_apart=60,
            comment=lambda i: f"Ý kiến riêng số {i} của công dân",
        )
        self.Signal._detect(self.month)
        signal = self._signals(self.staged, "identical_comments")
        self.assertEqual(signal.count, 3)
        self.assertNotIn("nhiệt tình", signal.evidence, "evidence, not the text")
        self.assertFalse(self._signals(self.honest, "identical_comments"))

    def test_link_ratings_from_the_office_network(self):
        # 4 of 6 link ratings from the office: 66.67 % (threshold 30 %)
        self._rate(self.staged, 3, 5, "sms", minutes_apart=60, from_office=3)
        self._rate(self.staged, 3, 5, "qr", minutes_apart=60, shift=500, from_office=1)
        # 1 of 6 (16.67 %); its kiosk ratings are not link ratings
        self._rate(self.honest, 6, 5, "email", minutes_apart=60, from_office=1)
        self._rate(self.honest, 6, 5, "kiosk", minutes_apart=60, shift=900)
        # every link rating from the office, but too few to judge a share
        too_few = self.env["hr.department"].create({"name": "Small unit"})
        self._rate(too_few, 3, 5, "web", minutes_apart=60, from_office=3)
        self.Signal._detect(self.month)
        signal = self._signals(self.staged, "office_network")
        self.assertEqual((signal.count, signal.total, signal.share), (4, 6, 66.67))
        self.assertFalse(signal.officer_id)
        self.assertIn("4 of 6 link and QR ratings", signal.evidence)
        self.assertIn("own phones", signal.explanation)
        self.assertFalse(self._signals(self.honest, "office_network"), "16.67 %")
        self.assertFalse(self._signals(too_few, "office_network"), "3 < 5 ratings")
        answers = signal.action_view_answers()
        self.assertEqual(
            len(self.env["satisfaction.response"].search(answers["domain"])), 4
        )

    def test_office_network_per_officer(self):
        # unit A: both officers named on every rating, 5 of 5 from the office
        self._rate(self.unit_a, 5, [4, 5], "web", minutes_apart=60, from_office=5)
        self._rate(self.unit_b, 5, [4, 5], "web", minutes_apart=60, from_office=1)
        self.Signal._detect(self.month)
        signals = self.Signal.search(
            [
                ("kind", "=", "office_network"),
                ("unit_id", "in", (self.unit_a | self.unit_b).ids),
            ]
        )
        self.assertEqual(signals.unit_id, self.unit_a)
        self.assertEqual(
            signals.officer_id, self.officer_a1 | self.officer_a2, "and the unit"
        )
        self.assertEqual(len(signals), 3)
        self.assertEqual(set(signals.mapped("share")), {100.0})
        # 0 turns the signal off
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.integrity_office_share", 0
        )
        self.assertFalse(
            self.Signal._detect(self.month).filtered(
                lambda s: s.kind == "office_network"
            )
        )

    def test_kiosk_ratings_sent_too_fast(self):
        # 4 of 6 sent within 15 seconds (66.67 %); 1 of 6 (16.67 %)
        self._rate(self.staged, 6, [4, 5], "kiosk", 60, seconds=[6, 9, 14, 3, 40, 75])
        self._rate(self.honest, 6, [4, 5], "kiosk", 60, seconds=[5, 40, 75, 38, 52, 61])
        # fast, but typed in by staff: no time on a kiosk page
        self._rate(self.honest, 6, [4, 5], "staff", 60, shift=500)
        self.Signal._detect(self.month)
        signal = self._signals(self.staged, "fast")
        self.assertEqual((signal.count, signal.total, signal.share), (4, 6, 66.67))
        self.assertIn("less than 15 seconds", signal.evidence)
        self.assertFalse(self._signals(self.honest, "fast"))
        answers = signal.action_view_answers()
        self.assertEqual(
            len(self.env["satisfaction.response"].search(answers["domain"])), 4
        )

    def test_review_and_rerun(self):
        self._rate(self.staged, 6, 5, "kiosk", minutes_apart=1)
        self.Signal._detect(self.month)
        burst = self._signals(self.staged, "burst")
        burst.with_user(self.user_reviewer).write({"note": "Called the unit head."})
        burst.with_user(self.user_reviewer).action_mark_reviewed()
        self.assertEqual(burst.reviewed_by_id, self.user_reviewer)
        # found again: the same signal, still reviewed
        self.Signal._detect(self.month)
        self.assertEqual(self._signals(self.staged, "burst"), burst)
        self.assertEqual(burst.state, "reviewed")
        answers = burst.action_view_answers()
        self.assertEqual(
            len(self.env["satisfaction.response"].search(answers["domain"])), 6
        )
        for user in (self.user_officer_a, self.user_leader_a):
            with self.assertRaises(AccessError):
                burst.with_user(user).read(["evidence"])
