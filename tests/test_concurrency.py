"""Concurrency: real simultaneous transactions, not one test transaction.

Odoo's TransactionCase runs a test in one transaction, and HttpCase serves
its HTTP requests with that same cursor, one at a time. These tests
therefore commit their data with separate cursors (``registry.cursor()``
outside test mode) and delete it afterwards:

* two browsers submit the same link at the same moment (HttpCase with
  ``registry_test_mode = False``: the test server handles each request in
  its own thread and transaction; a barrier makes both pass the "not yet
  answered" check before either inserts): one response, one "thank you",
  one "already answered", no error;
* two transactions create the rating request of the same returned dossier:
  one request, one SMS;
* two runs of the reminder cron overlap: the second one is rolled back by
  PostgreSQL (concurrent update), so no reminder goes out twice.

``bench/concurrent_submit.py`` fires many simultaneous submits at a running
server, for a check outside the test framework.
"""

import logging
import re
import threading
import uuid
from datetime import timedelta
from unittest.mock import patch

import psycopg2
import requests

from odoo import SUPERUSER_ID, api, fields
from odoo.modules.registry import DummyRLock, Registry
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools import mute_logger

from ..stats_engine import engine as engine_module

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')

_logger = logging.getLogger(__name__)


SMS_IAP = "satisfaction_survey.sms_iap"


class CommittedDataMixin:
    """Create and delete committed records with cursors of their own."""

    def _in_new_transaction(self, func):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            return func(env)

    def _setup_committed_unit(self):
        tag = uuid.uuid4().hex[:8]

        def create(env):
            # the SMS needs a provider chosen in the settings (never reached here)
            icp = env["ir.config_parameter"]
            previous_sms_iap = icp.get_param(SMS_IAP)
            icp.set_param(SMS_IAP, "True")
            unit = env["hr.department"].create({"name": f"SS concurrency {tag}"})
            procedure = env["satisfaction.procedure"].create(
                {"name": f"SS concurrency {tag}", "code": f"SS-C-{tag}"}
            )
            return unit.id, procedure.id, previous_sms_iap

        self.unit_id, self.procedure_id, self.previous_sms_iap = (
            self._in_new_transaction(create)
        )
        self.addCleanup(self._delete_committed)

    def _delete_committed(self):
        def delete(env):
            requests_ = env["satisfaction.request"].search(
                [("unit_id", "=", self.unit_id)]
            )
            env["sms.sms"].search([("number", "in", [self.phone_e164])]).unlink()
            env["satisfaction.response"].search(
                [("request_id", "in", requests_.ids)]
            ).unlink()
            requests_.unlink()
            env["satisfaction.dossier"].search(
                [("unit_id", "=", self.unit_id)]
            ).unlink()
            env["satisfaction.procedure"].browse(self.procedure_id).unlink()
            env["hr.department"].browse(self.unit_id).unlink()
            env["ir.config_parameter"].set_param(SMS_IAP, self.previous_sms_iap)

        self._in_new_transaction(delete)

    phone = "0968 111 222"
    phone_e164 = "+84968111222"


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestConcurrentSubmit(CommittedDataMixin, HttpCase):
    registry_test_mode = False  # real cursors: the server runs both requests at once

    def setUp(self):
        super().setUp()
        # The test runner holds the registry lock while tests run; in test mode
        # HttpCase swaps it for a dummy so that request threads can open the
        # (already loaded) registry. Same here, without test mode's shared cursor.
        lock_patcher = patch.object(Registry, "_lock", DummyRLock())
        lock_patcher.start()
        self.addCleanup(lock_patcher.stop)
        self._setup_committed_unit()

        def create(env):
            request = env["satisfaction.request"].create(
                {
                    "res_model": "satisfaction.dossier",
                    "res_id": 1_900_000_000 + int(uuid.uuid4().int % 100_000_000),
                    "dossier_ref": "SS-CONCURRENT",
                    "unit_id": self.unit_id,
                    "procedure_id": self.procedure_id,
                    "questionnaire_id": env.ref(
                        "satisfaction_survey.questionnaire_officer"
                    ).id,
                    "citizen_phone": self.phone,
                }
            )
            keys = [
                item["key"]
                for item in request._question_items()
                if item["criterion"].question_type == "scale"
            ]
            return request.id, request.access_token, keys

        self.request_id, self.token, self.keys = self._in_new_transaction(create)

    def test_two_simultaneous_submits_leave_one_response(self):
        url = "%s/r/%s" % (self.base_url(), self.token)
        sessions = [requests.Session(), requests.Session()]
        forms = []
        for session, value in zip(sessions, ("5", "4")):
            page = session.get(url, timeout=30)
            self.assertEqual(page.status_code, 200)
            csrf = CSRF_RE.search(page.text).group(1)
            forms.append(
                {"csrf_token": csrf, "lang": "en_US", **dict.fromkeys(self.keys, value)}
            )

        # Both server threads pass the "not answered yet" check, then both insert.
        barrier = threading.Barrier(2, timeout=15)
        Request = self.registry["satisfaction.request"]
        original = Request._record_answers
        arrived = []

        def record_answers(request_self, *args, **kwargs):
            arrived.append(threading.current_thread().name)
            try:
                barrier.wait()
            except threading.BrokenBarrierError:
                # The other submit did not arrive in time: go on alone (the
                # assertions below report it); just leave a trace in the log.
                _logger.info(
                    "%s: barrier broken, submit not simultaneous",
                    threading.current_thread().name,
                )
            return original(request_self, *args, **kwargs)

        results = [None, None]

        def submit(index):
            results[index] = sessions[index].post(url, data=forms[index], timeout=60)

        with (
            patch.object(Request, "_record_answers", record_answers),
            mute_logger("odoo.sql_db"),
        ):
            threads = [threading.Thread(target=submit, args=(i,)) for i in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(90)
        self.assertEqual(
            len(arrived), 2, "both submits reached the insert at the same time"
        )
        statuses = sorted(result.status_code for result in results)
        self.assertEqual(statuses, [200, 200], [r.text[:300] for r in results])
        texts = [result.text for result in results]
        self.assertEqual(
            sum("Thank you for your rating!" in text for text in texts), 1, texts
        )
        self.assertEqual(
            sum("This rating has already been sent" in text for text in texts), 1, texts
        )

        def check(env):
            responses = env["satisfaction.response"].search(
                [("request_id", "=", self.request_id)]
            )
            return (
                len(responses),
                set(responses.line_ids.mapped("value")),
                env["satisfaction.request"].browse(self.request_id).state,
            )

        count, values, state = self._in_new_transaction(check)
        self.assertEqual(count, 1)
        self.assertEqual(len(values), 1, "the answers of one submit only, never a mix")
        self.assertEqual(state, "answered")

    def test_submit_counted_on_the_kept_connection(self):
        """Outside tests, a submit's rating waits in the inbox until its
        transaction commits, then the kept connection counts it, before the
        page is returned: the next reader sees it counted."""
        url = "%s/r/%s" % (self.base_url(), self.token)
        session = requests.Session()
        page = session.get(url, timeout=30)
        csrf = CSRF_RE.search(page.text).group(1)
        drains = []

        def drain(db_name, interval):
            # the submit's own transaction is committed: the rating is seen
            with self.registry.cursor() as cr:
                cr.execute(
                    "SELECT count(*) FROM satisfaction_stat_inbox i"
                    "  JOIN satisfaction_response r ON r.id = i.response_id"
                    " WHERE r.request_id = %s",
                    [self.request_id],
                )
                drains.append((db_name, cr.fetchone()[0]))
            # this process may have drained less than a second ago
            original_drain(db_name, 0)

        original_drain = engine_module.drain_on_kept_connection
        with (
            patch.object(engine_module, "drain_at_once", lambda: False),
            patch.object(engine_module, "drain_on_kept_connection", drain),
        ):
            result = session.post(
                url,
                data={
                    "csrf_token": csrf,
                    "lang": "en_US",
                    **dict.fromkeys(self.keys, "5"),
                },
                timeout=60,
            )
        self.assertIn("Thank you for your rating!", result.text)
        self.assertEqual(drains, [(self.registry.db_name, 1)])

        def counted(env):
            env.cr.execute(
                "SELECT count(*) FROM satisfaction_stat_inbox i"
                "  JOIN satisfaction_response r ON r.id = i.response_id"
                " WHERE r.request_id = %s",
                [self.request_id],
            )
            pending = env.cr.fetchone()[0]
            env.cr.execute(
                "SELECT answered FROM satisfaction_request_stat WHERE request_id = %s",
                [self.request_id],
            )
            return pending, env.cr.fetchone()[0]

        self.assertEqual(self._in_new_transaction(counted), (0, True))


class _ErrorCapture(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestConcurrentTransactions(CommittedDataMixin, TransactionCase):
    """Two overlapping transactions on committed data (not the test cursor)."""

    def setUp(self):
        super().setUp()
        self._setup_committed_unit()

    def _create_dossier(self, state="ready"):
        def create(env):
            env["ir.config_parameter"].get_param("satisfaction_survey.auto_send")
            return (
                env["satisfaction.dossier"]
                .create(
                    {
                        "procedure_id": self.procedure_id,
                        "unit_id": self.unit_id,
                        "citizen_name": "Công dân đồng thời",
                        "citizen_phone": self.phone,
                        "state": state,
                    }
                )
                .id
            )

        return self._in_new_transaction(create)

    def _count(self, dossier_id):
        def count(env):
            requests_ = env["satisfaction.request"].search(
                [
                    ("res_model", "=", "satisfaction.dossier"),
                    ("res_id", "=", dossier_id),
                ]
            )
            sms = env["sms.sms"].search([("number", "=", self.phone_e164)])
            return len(requests_), len(sms)

        return self._in_new_transaction(count)

    def test_return_trigger_idempotent_under_concurrency(self):
        """Transaction 1 creates the request of dossier A while transaction 2
        creates those of A and B: A once, B once, one SMS each, no error log."""
        dossier_a = self._create_dossier()
        dossier_b = self._create_dossier()
        field_map = self.env["satisfaction.dossier"]._satisfaction_field_map
        handler = _ErrorCapture()
        logging.getLogger("odoo.sql_db").addHandler(handler)
        try:
            with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
                env1 = api.Environment(cr1, SUPERUSER_ID, {})
                env2 = api.Environment(cr2, SUPERUSER_ID, {})
                # transaction 2 starts: its snapshot predates transaction 1's commit
                cr2.execute("SELECT 1")
                created1 = env1["satisfaction.request"]._ensure_for_sources(
                    env1["satisfaction.dossier"].browse(dossier_a), field_map
                )
                self.assertEqual(len(created1), 1)
                cr1.commit()
                created2 = env2["satisfaction.request"]._ensure_for_sources(
                    env2["satisfaction.dossier"].browse([dossier_a, dossier_b]),
                    field_map,
                )
                self.assertEqual(
                    created2.mapped("res_id"),
                    [dossier_b],
                    "A was created by the other transaction: skipped",
                )
                cr2.commit()
        finally:
            logging.getLogger("odoo.sql_db").removeHandler(handler)
        self.assertEqual(self._count(dossier_a)[0], 1)
        self.assertEqual(
            self._count(dossier_b), (1, 2), "one request each, one SMS each"
        )
        self.assertFalse(
            handler.records, "the refused insert (with contact data) is not logged"
        )

    def test_two_returns_at_once(self):
        """Two officers click "Return" on the same dossier at the same moment."""
        dossier_id = self._create_dossier()
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            env1 = api.Environment(cr1, SUPERUSER_ID, {})
            env2 = api.Environment(cr2, SUPERUSER_ID, {})
            cr2.execute("SELECT 1")
            env1["satisfaction.dossier"].browse(dossier_id).action_return()
            cr1.commit()
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(psycopg2.errors.SerializationFailure),
            ):
                env2["satisfaction.dossier"].browse(dossier_id).action_return()
                env2.flush_all()
            cr2.rollback()  # Odoo retries the request: the dossier is returned already
            env2.invalidate_all()
            env2["satisfaction.dossier"].browse(dossier_id).action_return()
            cr2.commit()
        self.assertEqual(self._count(dossier_id), (1, 1))

    def test_reminder_cron_never_sends_twice(self):
        def create(env):
            request = env["satisfaction.request"].create(
                {
                    "res_model": "satisfaction.dossier",
                    "res_id": 1_800_000_000 + int(uuid.uuid4().int % 100_000_000),
                    "dossier_ref": "SS-REMIND",
                    "unit_id": self.unit_id,
                    "questionnaire_id": env.ref(
                        "satisfaction_survey.questionnaire_officer"
                    ).id,
                    "citizen_phone": self.phone,
                    "state": "sent",
                    "channel": "sms",
                    "date_sent": fields.Datetime.now() - timedelta(days=10),
                    "expiry_date": fields.Datetime.now() + timedelta(days=10),
                }
            )
            env["ir.config_parameter"].set_param(
                "satisfaction_survey.reminder_max", "2"
            )
            env["ir.config_parameter"].set_param(
                "satisfaction_survey.reminder_delay_days", "3"
            )
            return request.id

        request_id = self._in_new_transaction(create)
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            env1 = api.Environment(cr1, SUPERUSER_ID, {})
            env2 = api.Environment(cr2, SUPERUSER_ID, {})
            cr2.execute("SELECT 1")
            self.assertEqual(env1["satisfaction.request"]._cron_send_reminders(), 1)
            cr1.commit()
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(psycopg2.errors.SerializationFailure),
            ):
                env2["satisfaction.request"]._cron_send_reminders()
                env2.flush_all()
            cr2.rollback()
            # the next run sees the reminder: nothing to send before the delay
            env2.invalidate_all()
            self.assertEqual(env2["satisfaction.request"]._cron_send_reminders(), 0)
            cr2.commit()

        def check(env):
            request = env["satisfaction.request"].browse(request_id)
            return request.reminder_count, env["sms.sms"].search_count(
                [("number", "=", self.phone_e164)]
            )

        self.assertEqual(
            self._in_new_transaction(check), (1, 1), "one reminder, one SMS"
        )
