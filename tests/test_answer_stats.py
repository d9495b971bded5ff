"""Pre-aggregated statistics behind the reports.

The reports read small tables that PostgreSQL triggers keep up to date
incrementally (stats_engine/). These tests change answers
through every path (the rating flow, the correction wizard, ORM writes and
deletes, cascades, plain SQL) and check after each change that:

* the statistics equal a computation from scratch (``_check`` of the engine), and
* the reports equal figures computed here, independently, from the answer
  records themselves (``_expected_*``: a Python GROUP BY over the ORM);

and that consolidation and rebuild change nothing a report shows.
"""

import threading
import uuid
from collections import Counter
from datetime import date, datetime
from functools import partial
from unittest.mock import patch

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import DummyRLock, Registry
from odoo.tests import TransactionCase, tagged

from ..satisfaction_survey.periods import local_month
from ..stats_engine import engine as engine_module
from ..stats_engine.dimensions import ASSISTED_CHANNELS
from .common import SatisfactionCommon

CONSISTENT = {"answer_stat": 0, "answer_rollup": 0, "request_stat": 0, "period_stat": 0}
MAY = datetime(2025, 5, 12, 3, 0)  # 10:00 in Vietnam
JUNE_LOCAL = datetime(2025, 5, 31, 18, 0)  # 01:00 on 1 June in Vietnam


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestAnswerStats(SatisfactionCommon):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Stat = cls.env["satisfaction.stat.engine"]
        cls.Index = cls.env["satisfaction.index.report"]
        cls.Period = cls.env["satisfaction.unit.period.report"]
        cls.Quota = cls.env["satisfaction.quota.report"]
        cls.units = cls.unit_a | cls.unit_b
        # unit A: two responses (all 5; all 2 but the overall question at 4);
        # unit B: one (all 4)
        _dossiers, requests = cls._return_dossiers(2, cls.unit_a)
        cls.response_a1 = cls._answer(requests[0], 5, channel="sms")
        cls.response_a2 = cls._answer(
            requests[1], 2, overrides={"overall": 4}, channel="staff"
        )
        _dossiers, requests = cls._return_dossiers(
            1, cls.unit_b, procedure_id=cls.procedure_land.id
        )
        cls.response_b = cls._answer(requests, 4, channel="kiosk")
        (cls.response_a1 | cls.response_a2 | cls.response_b).write({"date": MAY})
        # unit B: one request never answered
        cls._return_dossiers(1, cls.unit_b)

    # ------------------------------------------------------------
    # ORACLES: the same figures from the answer records, in Python
    # ------------------------------------------------------------

    def _expected_index(self):
        """Key -> (answers, satisfied) from the answer lines; the key is (month,
        unit, criterion, officer, procedure, channel)."""
        lines = self.env["satisfaction.response.line"].search(
            [
                ("response_id.unit_id", "in", self.units.ids),
                ("value", ">", 0),
            ]
        )
        answers, satisfied = Counter(), Counter()
        for line in lines:
            response = line.response_id
            key = (
                local_month(response.date),
                response.unit_id.id,
                line.criterion_id.id,
                line.officer_id.id,
                response.procedure_id.id,
                response.channel,
            )
            answers[key] += 1
            satisfied[key] += line.is_satisfied
        return {key: (answers[key], satisfied[key]) for key in answers}

    def _index_rows(self):
        rows = self.Index.search([("unit_id", "in", self.units.ids)])
        result = {}
        for row in rows:
            key = (
                row.month,
                row.unit_id.id,
                row.criterion_id.id,
                row.officer_id.id,
                row.procedure_id.id,
                row.channel,
            )
            self.assertNotIn(key, result, "one report row per key")
            result[key] = (row.answer_count, row.satisfied_count)
        return result

    def _expected_units(self):
        """{(unit, month): counts} of the dossier and rating counts,
        from the requests and responses: the official ones, without the
        ratings entered by staff or a surveyor."""
        expected = {}

        def bump(unit, month, **counts):
            row = expected.setdefault((unit, month), Counter())
            row.update(counts)

        requests = (
            self.env["satisfaction.request"]
            .sudo()
            .search([("unit_id", "in", self.units.ids)])
        )
        for request in requests:
            response = request.response_ids[:1].filtered(
                lambda response: response.channel not in ASSISTED_CHANNELS
            )
            overall = response.line_ids.filtered(
                lambda line: line.criterion_id.is_overall and line.value
            )
            dissatisfied = bool(overall.filtered(lambda line: not line.is_satisfied))
            dossier = self.env[request.res_model].browse(request.res_id)
            late = bool(
                request.res_model == "satisfaction.dossier"
                and dossier.exists()
                and dossier.is_late
            )
            bump(
                request.unit_id.id,
                local_month(request.create_date),
                request_count=1,
                answered_count=int(bool(response)),
                dissatisfied_count=int(dissatisfied),
                overdue_count=int(late),
                flagged_count=int(dissatisfied or late),
            )
        responses = self.env["satisfaction.response"].search(
            [
                ("unit_id", "in", self.units.ids),
                ("channel", "not in", ASSISTED_CHANNELS),
            ]
        )
        for response in responses:
            scale = response.line_ids.filtered("value")
            bump(
                response.unit_id.id,
                local_month(response.date),
                response_count=1,
                answer_count=len(scale),
                satisfied_count=len(scale.filtered("is_satisfied")),
                overall_answer_count=len(scale.filtered("criterion_id.is_overall")),
            )
        return {
            key: {name: value for name, value in counts.items() if value}
            for key, counts in expected.items()
        }

    def _unit_rows(self):
        names = (
            "request_count",
            "answered_count",
            "dissatisfied_count",
            "overdue_count",
            "flagged_count",
            "response_count",
            "answer_count",
            "satisfied_count",
            "overall_answer_count",
        )
        rows = self.Period.search([("unit_id", "in", self.units.ids)])
        # a month of assisted answers only is a row of no official count
        return {
            (row.unit_id.id, row.month): {
                name: row[name] for name in names if row[name]
            }
            for row in rows
            if any(row[name] for name in names)
        }

    def _officer_ratings(self):
        rows = self.Quota.search(
            [
                ("scope", "=", "officer"),
                ("period", "=", "month"),
                ("unit_id", "in", self.units.ids),
            ]
        )
        return {
            (row.officer_id.id, row.date): row.rating_count
            for row in rows
            if row.rating_count
        }

    def assertStatsRight(self):
        """Statistics = from scratch, and reports = the oracles."""
        self.assertEqual(self.Stat._check(), CONSISTENT)
        # report rows keep their ids: drop the values read before the change
        self.env.invalidate_all()
        self.assertEqual(self._index_rows(), self._expected_index())
        self.assertEqual(self._unit_rows(), self._expected_units())

    def _journal_size(self):
        self.env.flush_all()
        self.env.cr.execute("SELECT count(*) FROM satisfaction_answer_stat_delta")
        return self.env.cr.fetchone()[0]

    # ------------------------------------------------------------
    # TESTS
    # ------------------------------------------------------------

    def test_worked_example(self):
        """Unit A, May 2025: 2 responses of 9 answers (A1, A2 × 4 criteria, overall)."""
        self.assertStatsRight()
        [unit_a] = self.Period.read_group(
            [("unit_id", "=", self.unit_a.id), ("month", "=", date(2025, 5, 1))],
            [
                "response_count:sum",
                "answer_count:sum",
                "satisfied_count:sum",
                "dissatisfied_count:sum",
                "overall_answer_count:sum",
                "satisfaction_index",
                "assisted_response_count:sum",
                "assisted_answer_count:sum",
                "assisted_satisfied_count:sum",
            ],
            [],
        )
        # response 1 (SMS): 9 × 5, satisfied; response 2, entered by staff,
        # apart: 8 × 2 + overall 4 -> 1 of 9 (10 of 18 if it counted)
        self.assertEqual(
            (
                unit_a["response_count"],
                unit_a["answer_count"],
                unit_a["satisfied_count"],
                unit_a["dissatisfied_count"],
                unit_a["overall_answer_count"],
            ),
            (1, 9, 9, 0, 1),
        )
        self.assertEqual(unit_a["satisfaction_index"], 100.0)
        self.assertEqual(
            (
                unit_a["assisted_response_count"],
                unit_a["assisted_answer_count"],
                unit_a["assisted_satisfied_count"],
            ),
            (1, 9, 1),
        )
        # the officer A1 is rated by the SMS response (4 answers): 1 rating, not
        # 4; the staff-entered one is not an official rating
        self.assertEqual(
            self._officer_ratings()[(self.officer_a1.id, date(2025, 5, 1))], 1
        )

    def test_rating_appends_to_the_journal(self):
        """A new rating never updates a consolidated row: it only appends deltas."""
        self.Stat._consolidate()
        self.assertEqual(self._journal_size(), 0)
        self.env.cr.execute(
            "SELECT count(*), sum(answer_count) FROM satisfaction_answer_stat"
        )
        consolidated = self.env.cr.fetchone()
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        self._answer(request, 3)
        self.assertGreater(self._journal_size(), 0)
        self.env.cr.execute(
            "SELECT count(*), sum(answer_count) FROM satisfaction_answer_stat"
        )
        self.assertEqual(self.env.cr.fetchone(), consolidated)
        self.assertStatsRight()

    def test_rating_journals_its_answers_once(self):
        """A rating's answers are journaled once, in the answer journal: the
        answer counts per unit and per competent agency are read from it
        right after the rating, and the consolidation folds it into them
        without changing a figure."""

        def competent_answers():
            self.env.flush_all()
            self.env.cr.execute(
                self.Stat._period_source("competent", ("answer_count",), None)
            )
            return {
                (subject, month): count
                for subject, month, count in self.env.cr.fetchall()
                if count
            }

        self.Stat._consolidate()
        competent_before = competent_answers()
        _dossiers, request = self._return_dossiers(1, self.unit_a)
        response = self._answer(request, 3, channel="sms")
        answers = len(response.line_ids.filtered("value"))
        self.assertTrue(answers)
        self.env.cr.execute(
            """
            SELECT count(*) FROM satisfaction_period_stat_delta
             WHERE scope IN ('unit', 'competent')
               AND (answer_count, satisfied_count, overall_answer_count) <> (0, 0, 0)
        """
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        self.assertStatsRight()
        competent_after = competent_answers()
        self.assertEqual(
            sum(competent_after.values()) - sum(competent_before.values()), answers
        )
        units_after = self._unit_rows()
        self.assertGreater(self.Stat._consolidate(), 0)
        self.assertEqual(self._journal_size(), 0)
        self.env.invalidate_all()
        self.assertEqual(self._unit_rows(), units_after)
        self.assertEqual(competent_answers(), competent_after)
        self.assertStatsRight()

    def test_correction(self):
        """The correction wizard turns A1's 'very satisfied' on the first criterion
        into 'very dissatisfied'."""
        line = self.response_a1.line_ids.filtered(
            lambda answer: (
                answer.officer_id == self.officer_a1
                and answer.criterion_id.is_officer_criterion
            )
        )[:1]
        level = self.scale.level_ids.filtered(lambda lvl: lvl.value == 1)
        wizard = (
            self.env["satisfaction.answer.correction"]
            .with_user(self.user_manager)
            .create(
                {
                    "line_id": line.id,
                    "new_level_id": level.id,
                    "reason": "Typed in wrongly from the paper form",
                }
            )
        )
        wizard.action_apply()
        self.assertStatsRight()
        [row] = self.Index.search(
            [
                ("unit_id", "=", self.unit_a.id),
                ("criterion_id", "=", line.criterion_id.id),
                ("officer_id", "=", self.officer_a1.id),
                ("channel", "=", "sms"),
            ]
        )
        self.assertEqual((row.answer_count, row.satisfied_count), (1, 0))

    def test_overall_correction_flags_the_dossier(self):
        """The overall answer corrected to 'dissatisfied' flags the dossier (QĐ 766)."""
        overall = self.response_b.line_ids.filtered("criterion_id.is_overall")
        overall.sudo().value = 2
        self.assertStatsRight()
        [unit_b] = self.Period.read_group(
            [("unit_id", "=", self.unit_b.id)],
            ["dissatisfied_count:sum", "flagged_count:sum"],
            [],
        )
        self.assertEqual(
            (unit_b["dissatisfied_count"], unit_b["flagged_count"]), (1, 1)
        )
        overall.sudo().value = 5
        self.assertStatsRight()

    def test_deletes(self):
        """An answer deleted, then a whole response (its answers go by cascade)."""
        self.response_a2.line_ids[:3].sudo().unlink()
        self.assertStatsRight()
        # all of A1's lines go: A1 is no longer rated by that response
        self.response_a1.line_ids.filtered(
            lambda answer: answer.officer_id == self.officer_a1
        ).sudo().unlink()
        self.assertStatsRight()
        may = date(2025, 5, 1)
        # A1 is left rated by the staff-entered response only: not officially
        self.assertNotIn((self.officer_a1.id, may), self._officer_ratings())
        self.assertEqual(self._officer_ratings()[(self.officer_a2.id, may)], 1)
        self.response_a1.sudo().unlink()
        self.assertStatsRight()
        self.assertNotIn((self.officer_a2.id, may), self._officer_ratings())
        self.response_a2.sudo().unlink()
        self.assertStatsRight()
        self.assertNotIn((self.officer_a1.id, may), self._officer_ratings())
        self.assertNotIn((self.unit_a.id, may), self._unit_rows())

    def test_response_moves(self):
        """A response re-dated into the next local month and moved to another unit."""
        self.response_a1.sudo().write({"date": JUNE_LOCAL})
        self.assertStatsRight()
        self.assertIn((self.unit_a.id, date(2025, 6, 1)), self._unit_rows())
        self.response_a1.sudo().write({"unit_id": self.unit_b.id})
        self.assertStatsRight()

    def test_request_write_journals_only_what_the_statistics_read(self):
        """A request's state, sending or reminder written: no statistics work
        (its trigger fires on the columns the statistics read only); moved to
        another unit: its old and new rows are journaled, and the figures
        follow before and after the consolidation."""
        request = self.response_b.sudo().request_id

        def journaled():
            self.env.flush_all()
            self.env.cr.execute(
                "SELECT sign FROM satisfaction_request_stat_delta"
                " WHERE request_id = %s ORDER BY sign",
                [request.id],
            )
            return [sign for (sign,) in self.env.cr.fetchall()]

        self.Stat._consolidate()
        self.assertEqual(journaled(), [])
        request.write({"state": "sent", "reminder_count": request.reminder_count + 1})
        self.assertEqual(journaled(), [], "nothing the statistics read changed")
        request.unit_id = self.unit_a
        self.assertEqual(journaled(), [-1, 1])
        self.assertStatsRight()
        self.Stat._consolidate()
        self.assertEqual(journaled(), [])
        self.assertStatsRight()

    def test_rating_changes_its_request_state_in_place(self):
        """A rating moves its request's state row from unanswered to
        answered, and a dissatisfied overall answer sets its flag: one old
        and one new row journaled for each, no refresh; a row not in the
        state the rating expects is computed again from the tables."""
        _dossiers, requests = self._return_dossiers(3, self.unit_b)
        self.Stat._consolidate()
        # count the engine's function calls in this transaction (superuser)
        self.env.cr.execute("SET LOCAL track_functions = 'pl'")

        def refreshes():
            self.env.flush_all()
            self.env.cr.execute(
                "SELECT coalesce(sum(calls), 0) FROM pg_stat_xact_user_functions"
                " WHERE funcname = 'satisfaction_stat_refresh_requests'"
            )
            return self.env.cr.fetchone()[0]

        def journaled(request):
            self.env.flush_all()
            self.env.cr.execute(
                "SELECT sign, answered, dissatisfied"
                "  FROM satisfaction_request_stat_delta"
                " WHERE request_id = %s ORDER BY sign, answered, dissatisfied",
                [request.id],
            )
            return self.env.cr.fetchall()

        self._answer(requests[0], 5)
        self.assertEqual(journaled(requests[0]), [(-1, False, False), (1, True, False)])
        self.assertStatsRight()
        self._answer(requests[1], 5, overrides={"overall": 1})
        self.assertEqual(
            journaled(requests[1]),
            [(-1, False, False), (-1, True, False), (1, True, False), (1, True, True)],
        )
        self.assertEqual(refreshes(), 0)
        self.assertStatsRight()
        # a state row that is not the unanswered one (here, marked answered
        # already): the rating computes it again from the tables
        self.env.cr.execute(
            "UPDATE satisfaction_request_stat SET answered = TRUE"
            " WHERE request_id = %s",
            [requests[2].id],
        )
        self._answer(requests[2], 5)
        self.assertEqual(refreshes(), 1)
        self.assertEqual(self.Stat._check()["request_stat"], 0)
        self.assertEqual(journaled(requests[2]), [(-1, True, False), (1, True, False)])

    def _inbox(self):
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT count(response_id), count(line_id) FROM satisfaction_stat_inbox"
        )
        return self.env.cr.fetchone()

    def _rate_deferred(self, *ratings):
        """Ratings saved as a public page saves them (``_deferred``), the
        drain left to the commit; returns the responses."""
        responses = self.env["satisfaction.response"]
        with (
            patch.object(engine_module, "drain_at_once", lambda: False),
            self.env.cr.savepoint(),
            self.Stat._deferred(),
        ):
            for request, value, overrides in ratings:
                responses |= self._answer(request, value, overrides=overrides)
        drains = [
            func.args
            for func in self.env.cr.postcommit._funcs
            if isinstance(func, partial)
            and func.func is engine_module.drain_on_kept_connection
        ]
        self.assertEqual(
            [args[0] for args in drains],
            [self.env.registry.db_name],
            "the drain on the kept connection follows the commit",
        )
        self.drain_interval = drains[0][1]
        # a test transaction never commits: the callback would not run
        self.env.cr.postcommit.clear()
        return responses

    def test_public_rating_counted_after_commit(self):
        """A rating saved by a public page waits in the inbox, untouched by
        the statistics, until the drain; the drain counts it as the
        triggers count any other rating (the same journal rows)."""
        _dossiers, requests = self._return_dossiers(2, self.unit_b)
        self.Stat._consolidate()
        self.env.cr.execute("SET LOCAL track_functions = 'pl'")
        responses = self._rate_deferred(
            (requests[0], 5, {"overall": 1}), (requests[1], 4, None)
        )
        self.assertEqual(self._inbox(), (2, len(responses.line_ids)))
        self.assertEqual(self._journal_size(), 0)
        self.env.cr.execute(
            "SELECT answered FROM satisfaction_request_stat WHERE request_id = %s",
            [requests[0].id],
        )
        self.assertEqual(self.env.cr.fetchone(), (False,))
        self.assertEqual(self.Stat._drain(), 2 + len(responses.line_ids))
        self.assertEqual(self._inbox(), (0, 0))
        self.assertEqual(self._journal_size(), len(responses.line_ids))
        self.env.cr.execute(
            "SELECT sign, answered, dissatisfied"
            "  FROM satisfaction_request_stat_delta"
            " WHERE request_id = %s ORDER BY sign, answered, dissatisfied",
            [requests[0].id],
        )
        self.assertEqual(
            self.env.cr.fetchall(),
            [(-1, False, False), (-1, True, False), (1, True, False), (1, True, True)],
        )
        self.env.cr.execute(
            "SELECT coalesce(sum(calls), 0) FROM pg_stat_xact_user_functions"
            " WHERE funcname = 'satisfaction_stat_refresh_requests'"
        )
        self.assertEqual(self.env.cr.fetchone(), (0,))
        self.assertStatsRight()
        self.assertEqual(self.Stat._drain(), 0)

    def test_changes_count_the_inbox_first(self):
        """Any other change of responses or answers, the consolidation and
        the rebuild take the inbox's ratings into account first."""
        _dossiers, requests = self._return_dossiers(4, self.unit_b)
        response = self._rate_deferred((requests[0], 5, None))
        self.assertEqual(self._inbox()[0], 1)
        # a correction of the pending rating itself
        response.line_ids.filtered("criterion_id.is_overall").sudo().value = 2
        self.assertEqual(self._inbox(), (0, 0))
        self.assertStatsRight()
        # another rating, entered by staff (not deferred)
        self._rate_deferred((requests[1], 4, None))
        self._answer(requests[2], 3)
        self.assertEqual(self._inbox(), (0, 0))
        self.assertStatsRight()
        self._rate_deferred((requests[3], 2, None))
        self.Stat._consolidate()
        self.assertEqual(self._inbox(), (0, 0))
        self.assertEqual(self._journal_size(), 0)
        self.assertStatsRight()

    def test_kept_connection_drains_at_most_once_per_interval(self):
        """One process drains at most once per interval (the setting), so
        that under load one drain counts many ratings; 0 drains after every
        rating. Each database has its own clock."""
        calls = []
        db_name = self.env.registry.db_name
        with (
            patch.object(engine_module, "DRAIN_CLOCK", engine_module.DrainClock()),
            patch.object(
                engine_module.KEPT_CONNECTIONS,
                "fetchall",
                lambda db, query: calls.append((db, query.code)),
            ),
        ):
            engine_module.drain_on_kept_connection(db_name, 60)
            engine_module.drain_on_kept_connection(db_name, 60)
            engine_module.drain_on_kept_connection("another_db", 60)
            self.assertEqual([db for db, _query in calls], [db_name, "another_db"])
            self.assertIn("satisfaction_stat_drain()", calls[0][1])
            engine_module.drain_on_kept_connection(db_name, 0)
            engine_module.drain_on_kept_connection(db_name, 0)
        self.assertEqual(len(calls), 4)
        # the interval comes from the settings
        _dossiers, requests = self._return_dossiers(2, self.unit_b)
        self._rate_deferred((requests[0], 5, None))
        self.assertEqual(self.drain_interval, engine_module.DRAIN_INTERVAL)
        self.env["ir.config_parameter"].sudo().set_param(
            engine_module.DRAIN_INTERVAL_KEY, "0"
        )
        self._rate_deferred((requests[1], 5, None))
        self.assertEqual(self.drain_interval, 0)

    def test_cron_counts_what_the_processes_left(self):
        """A rating a process left in the inbox (the drain interval, a failed
        drain) is counted by the cron of every minute."""
        cron = self.env.ref("satisfaction_survey.ir_cron_satisfaction_stat_drain")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "minutes"))
        _dossiers, requests = self._return_dossiers(1, self.unit_b)
        self._rate_deferred((requests[0], 4, None))
        self.assertEqual(self._inbox()[0], 1)
        cron.ir_actions_server_id.run()
        self.assertEqual(self._inbox(), (0, 0))
        self.assertStatsRight()

    def test_rebuild_counts_the_inbox_once(self):
        _dossiers, requests = self._return_dossiers(1, self.unit_b)
        self._rate_deferred((requests[0], 5, None))
        self.Stat._rebuild()
        self.assertEqual(self._inbox(), (0, 0))
        self.assertStatsRight()

    def test_dossier_and_request_changes(self):
        """A dossier found late, a request moved to another unit, an officer taken
        off a request, requests deleted."""
        dossier = self.env["satisfaction.dossier"].browse(
            self.response_a2.sudo().request_id.res_id
        )
        dossier.date_appointment = datetime(2020, 1, 1)
        self.assertTrue(dossier.is_late)
        self.assertStatsRight()
        request = self.response_b.sudo().request_id
        request.unit_id = self.unit_a
        self.assertStatsRight()
        request.officer_ids = [(3, self.officer_b1.id)]
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT sum(request_count) FROM (
                SELECT request_count FROM satisfaction_period_stat
                 WHERE scope = 'officer' AND subject_id = %s
                UNION ALL
                SELECT request_count FROM satisfaction_period_stat_delta
                 WHERE scope = 'officer' AND subject_id = %s
            ) s
        """,
            [self.officer_b1.id, self.officer_b1.id],
        )
        self.assertEqual(
            self.env.cr.fetchone()[0], 1, "B1 is left on the unanswered request only"
        )
        self.assertEqual(self.Stat._check(), CONSISTENT)
        # requests deleted with their officers (a cascade, after the request is gone)
        self.response_b.sudo().unlink()
        unanswered = (
            self.env["satisfaction.request"]
            .sudo()
            .search([("unit_id", "=", self.unit_b.id), ("response_ids", "=", False)])
        )
        (request | unanswered).unlink()
        self.assertStatsRight()
        self.assertNotIn(
            self.officer_b1.id, [key[0] for key in self._officer_ratings()]
        )

    def test_plain_sql_is_counted(self):
        """Rows written by SQL (an integration, a migration) are counted too:
        the triggers are in PostgreSQL."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            INSERT INTO satisfaction_response_line
                   (response_id, criterion_id, element_id, value, is_satisfied)
            SELECT %s, id, element_id, 1, false
              FROM satisfaction_criterion WHERE id = %s
        """,
            [self.response_b.id, self.criterion_overall.id],
        )
        self.env.invalidate_all()
        self.assertStatsRight()

    def test_request_backdated_by_sql(self):
        """A request's creation date set by SQL (as an import or the demo data
        does): its dossier counts and its officers' request counts move."""
        request = self.response_a1.sudo().request_id
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE satisfaction_request SET create_date = %s WHERE id = %s",
            [datetime(2025, 3, 10, 3, 0), request.id],
        )
        self.env.invalidate_all()
        self.assertStatsRight()
        self.assertEqual(
            self._unit_rows()[(self.unit_a.id, date(2025, 3, 1))]["request_count"], 1
        )

    def test_criterion_flag_change_rebuilds(self):
        """An answered criterion made the overall question: the counts that depend on
        it are recomputed."""
        criterion = self.criteria["attitude"]
        criterion.is_overall = True
        self.assertStatsRight()
        [unit_a] = self.Period.read_group(
            [("unit_id", "=", self.unit_a.id)], ["overall_answer_count:sum"], []
        )
        # per response: the overall question + attitude for A1 and A2 (the
        # staff-entered response apart: 3, not 6)
        self.assertEqual(unit_a["overall_answer_count"], 3)

    def test_consolidation_changes_no_figure(self):
        def groups(fields, groupby):
            # __count counts report rows: roll-up and journal rows, not answers
            return [
                {key: value for key, value in group.items() if key != "__count"}
                for group in self.Index.read_group(
                    [("unit_id", "in", self.units.ids)], fields, groupby, lazy=False
                )
            ]

        def figures():
            return (
                self._index_rows(),
                self._unit_rows(),
                self._officer_ratings(),
                groups(
                    ["satisfaction_index", "answer_count"], ["unit_id", "month:month"]
                ),
                groups(["satisfaction_index"], ["procedure_id", "channel_mode"]),
            )

        before = figures()
        self.assertGreater(self._journal_size(), 0)
        self.assertGreater(self.Stat._consolidate(), 0)
        self.assertEqual(self._journal_size(), 0)
        self.assertEqual(figures(), before)
        self.assertEqual(self.Stat._consolidate(), 0, "nothing left to consolidate")
        self.assertStatsRight()

    def test_rebuild_is_idempotent(self):
        def content():
            self.env.cr.execute("""
                SELECT month, questionnaire_id, element_id, criterion_id, officer_id,
                       unit_id, procedure_id, channel, answer_count, satisfied_count,
                       level1_count, level5_count
                  FROM satisfaction_answer_stat ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
            """)
            answers = self.env.cr.fetchall()
            self.env.cr.execute(
                "SELECT * FROM satisfaction_request_stat ORDER BY request_id"
            )
            requests = [row[1:] for row in self.env.cr.fetchall()]  # without the row id
            return answers, requests

        reports = (self._index_rows(), self._unit_rows(), self._officer_ratings())
        self.Stat._rebuild()
        self.assertEqual(self._journal_size(), 0)
        first = content()
        self.Stat._rebuild()
        self.assertEqual(content(), first)
        self.assertEqual(
            (self._index_rows(), self._unit_rows(), self._officer_ratings()), reports
        )
        self.assertStatsRight()

    def test_roll_ups_agree_with_the_full_grain(self):
        """Grouped reads use the smallest roll-up holding their fields: same figures."""
        units = [("unit_id", "in", self.units.ids)]
        procedures = [
            ("procedure_id", "in", (self.procedure_birth | self.procedure_land).ids)
        ]
        officers = [
            (
                "officer_id",
                "in",
                (self.officer_a1 | self.officer_a2 | self.officer_b1).ids,
            )
        ]
        cases = [
            (["unit_id", "month:month"], units, "unit"),
            (["officer_id"], units + [("is_officer_criterion", "=", True)], "officer"),
            # the official figures (self-service) need no channel: the
            # grains read by the official readers keep ``assisted``
            (["channel_mode", "element_id"], units, "unit"),
            (
                ["questionnaire_id", "element_id", "criterion_id"],
                units + [("channel_mode", "=", "self")],
                "unit",
            ),
            (
                ["unit_id", "competent_unit_id", "criterion_id", "channel_mode"],
                units,
                "competent_unit",
            ),
            (
                ["officer_id", "unit_id", "month:month", "criterion_id"],
                officers
                + [
                    ("is_officer_criterion", "=", True),
                    ("channel_mode", "=", "self"),
                ],
                "officer",
            ),
            (["channel", "element_id"], units, "channel"),
            (["procedure_id", "channel"], units, "procedure"),
            (["procedure_id", "criterion_id"], procedures, "procedure_criterion"),
            (
                ["procedure_id"],
                procedures + [("is_overall", "=", True)],
                "procedure_criterion",
            ),
            (["officer_id", "channel_mode"], officers, "officer"),
            (["officer_id", "channel"], officers, "officer_channel"),
            # no condition on the month: every year, whole
            (["officer_id", "procedure_id"], officers, "officer_procedure_year"),
            (
                ["officer_id", "procedure_id"],
                officers + [("month", "=", date(2025, 5, 1))],
                "officer_procedure",
            ),
            # no roll-up keeps the unit with the procedure and the criterion
            (["procedure_id", "criterion_id"], units, None),
        ]
        for groupby, domain, grain in cases:
            with self.subTest(groupby=groupby, grain=grain):
                aggregates = ["answer_count:sum", "satisfied_count:sum"]
                self.assertEqual(
                    self.Index._stat_grain(domain, groupby, aggregates, [], None),
                    grain,
                )
                fast = self.Index.read_group(
                    domain,
                    ["satisfaction_index", "answer_count"],
                    groupby,
                    lazy=False,
                )
                full = self.Index.with_context(
                    satisfaction_stat_grain="full"
                ).read_group(
                    domain,
                    ["satisfaction_index", "answer_count"],
                    groupby,
                    lazy=False,
                )
                strip = [
                    {k: v for k, v in group.items() if k not in ("__count", "__domain")}
                    for group in fast
                ]
                self.assertEqual(
                    strip,
                    [
                        {
                            k: v
                            for k, v in group.items()
                            if k not in ("__count", "__domain")
                        }
                        for group in full
                    ],
                )
                self.assertTrue(fast)
        # a leader's record rule (the units received or decided) needs both
        # units: the competent_unit roll-up, not the full grain
        leader_index = self.Index.with_user(self.user_leader_a)
        self.assertEqual(
            leader_index._stat_grain(
                [], ["month:month"], ["answer_count:sum"], [], None
            ),
            "competent_unit",
        )

    def test_year_roll_up_reads_whole_years_only(self):
        """The roll-up summing each year answers the queries of whole years,
        with the figures of the monthly rows; a query that cuts a year or
        groups by month reads the monthly rows. A response given at 01:00 on
        1 January in Vietnam (the evening before in UTC) counts in the new
        year, and one moved into the previous year leaves this year's sums."""
        self.response_a1.sudo().write({"date": datetime(2024, 12, 31, 18, 0)})
        self.response_b.sudo().write({"date": datetime(2024, 12, 31, 16, 0)})
        officers = [
            (
                "officer_id",
                "in",
                (self.officer_a1 | self.officer_a2 | self.officer_b1).ids,
            )
        ]
        year_2025 = [("month", ">=", "2025-01-01"), ("month", "<=", "2025-12-31")]
        year_grain = "officer_procedure_year"
        cases = [
            (["officer_id", "procedure_id"], officers + year_2025, year_grain),
            (["procedure_id", "month:year"], officers, year_grain),
            (
                ["officer_id", "procedure_id"],
                officers
                + ["!", ("month", "in", [date(2024, m, 1) for m in range(1, 13)])],
                year_grain,
            ),
            (
                ["officer_id", "procedure_id"],
                officers
                + [("month", ">=", "2025-01-01"), ("month", "<", "2025-06-01")],
                "officer_procedure",
            ),
            (["procedure_id", "month:quarter"], officers, "officer_procedure"),
            (["officer_id", "month:month"], year_2025, "officer"),
        ]
        for groupby, domain, grain in cases:
            with self.subTest(groupby=groupby, domain=domain):
                self.assertEqual(
                    self.Index._stat_grain(
                        domain, groupby, ["answer_count:sum"], [], None
                    ),
                    grain,
                )
                fields_ = ["satisfaction_index", "answer_count", "satisfied_count"]
                fast = self.Index.read_group(domain, fields_, groupby, lazy=False)
                full = self.Index.with_context(
                    satisfaction_stat_grain="full"
                ).read_group(domain, fields_, groupby, lazy=False)
                self.assertTrue(full)
                self.assertEqual(
                    [
                        {k: v for k, v in group.items() if k != "__count"}
                        for group in fast
                    ],
                    [
                        {k: v for k, v in group.items() if k != "__count"}
                        for group in full
                    ],
                )
        by_year = self.Index.read_group(
            officers, ["answer_count"], ["month:year"], lazy=False
        )
        self.assertEqual(
            {group["month:year"]: group["answer_count"] for group in by_year},
            {
                # response A1 (01:00 on 1 January, local) and A2; response B
                # (23:00 on 31 December, local)
                "2025": self._line_count(self.response_a1 | self.response_a2),
                "2024": self._line_count(self.response_b),
            },
        )
        self.assertStatsRight()

    def _line_count(self, responses):
        """Scale answers of ``responses`` naming officer A1, A2 or B1."""
        officers = self.officer_a1 | self.officer_a2 | self.officer_b1
        return self.env["satisfaction.response.line"].search_count(
            [
                ("response_id", "in", responses.ids),
                ("value", ">", 0),
                ("officer_id", "in", officers.ids),
            ]
        )


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestAnswerStatsConcurrency(TransactionCase):
    """Ratings of one unit, procedure, channel and officer saved at the same
    moment by separate transactions (committed data, not the test cursor).

    They all change the same statistics keys. Had the triggers updated a
    shared counter row, the second transaction would wait for the first one's
    lock and, under Odoo's REPEATABLE READ, fail once it commits; here each
    one only appends to the journal, so all of them reach the barrier (every
    statistic written, nothing committed yet) and commit.
    """

    CLIENTS = 4

    def _in_new_transaction(self, func):
        with self.registry.cursor() as cr:
            return func(api.Environment(cr, SUPERUSER_ID, {}))

    def setUp(self):
        super().setUp()
        # The test runner holds the registry lock, which a new Environment takes
        # (see test_concurrency.py): the rating threads could not start without this.
        lock_patcher = patch.object(Registry, "_lock", DummyRLock())
        lock_patcher.start()
        self.addCleanup(lock_patcher.stop)
        tag = uuid.uuid4().hex[:8]

        def create(env):
            unit = env["hr.department"].create({"name": f"SS stats concurrency {tag}"})
            officer = env["hr.employee"].create(
                {"name": f"SS stats officer {tag}", "department_id": unit.id}
            )
            procedure = env["satisfaction.procedure"].create(
                {"name": f"SS stats {tag}", "code": f"SS-S-{tag}"}
            )
            base = 1_800_000_000 + uuid.uuid4().int % 100_000_000
            requests = env["satisfaction.request"].create(
                [
                    {
                        "res_model": "satisfaction.dossier",
                        "res_id": base + i,
                        "dossier_ref": f"SS-STATS-{tag}-{i}",
                        "unit_id": unit.id,
                        "procedure_id": procedure.id,
                        "officer_ids": [(6, 0, officer.ids)],
                        "questionnaire_id": env.ref(
                            "satisfaction_survey.questionnaire_officer"
                        ).id,
                    }
                    for i in range(self.CLIENTS)
                ]
            )
            return unit.id, officer.id, procedure.id, requests.ids

        self.unit_id, self.officer_id, self.procedure_id, self.request_ids = (
            self._in_new_transaction(create)
        )
        self.addCleanup(self._delete_committed)

    def _delete_committed(self):
        def delete(env):
            env["satisfaction.response"].search(
                [("request_id", "in", self.request_ids)]
            ).unlink()
            env["satisfaction.request"].browse(self.request_ids).unlink()
            env["hr.employee"].browse(self.officer_id).unlink()
            env["satisfaction.procedure"].browse(self.procedure_id).unlink()
            env["hr.department"].browse(self.unit_id).unlink()

        self._in_new_transaction(delete)

    def test_simultaneous_ratings_of_one_unit(self):
        barrier = threading.Barrier(self.CLIENTS, timeout=20)
        errors = []

        def rate(request_id):
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    request = env["satisfaction.request"].browse(request_id)
                    form = {
                        item["key"]: "5"
                        for item in request._question_items()
                        if item["criterion"].question_type == "scale"
                    }
                    _response, form_errors = request._record_answers(
                        form, channel="kiosk"
                    )
                    env.flush_all()  # the triggers have run
                    barrier.wait()
                    errors.extend(form_errors.values())
            except Exception as error:  # noqa: BLE001  (reported by the assertion below)
                errors.append(repr(error))

        threads = [
            threading.Thread(target=rate, args=(request_id,))
            for request_id in self.request_ids
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        self.assertFalse(
            any(thread.is_alive() for thread in threads),
            "a rating transaction is blocked",
        )
        self.assertEqual(errors, [])

        def figures(env):
            [unit] = env["satisfaction.unit.period.report"].read_group(
                [("unit_id", "=", self.unit_id)],
                ["response_count:sum", "answer_count:sum"],
                [],
            )
            [officer] = env["satisfaction.quota.report"].read_group(
                [("officer_id", "=", self.officer_id), ("period", "=", "month")],
                ["rating_count:sum"],
                [],
            )
            return env["satisfaction.stat.engine"]._check(), unit, officer

        check, unit, officer = self._in_new_transaction(figures)
        self.assertEqual(check, CONSISTENT)
        # 4 officer criteria for the one officer + the overall question, per rating
        self.assertEqual(
            (unit["response_count"], unit["answer_count"]),
            (self.CLIENTS, 5 * self.CLIENTS),
        )
        self.assertEqual(officer["rating_count"], self.CLIENTS)
