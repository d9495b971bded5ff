"""Per-IP and per-token rate limits of the public rating page (HTTP 429).

The counters are committed on connections of their own (as in production),
so every test starts and ends by emptying them, and uses keys of its own.
"""

import re
import threading
import uuid
from unittest.mock import patch

import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools import SQL

from ..controllers.main import SatisfactionPageMixin
from ..models.kept_connection import KEPT_CONNECTIONS
from ..models.satisfaction_rate_limit import COUNTER_TABLE
from ..satisfaction_survey.ratelimit import counter_key
from .common import SatisfactionCommon

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
# the first second of a 60-second window, far from the real clock
WINDOW_START = 60 * 30_000_000


def _counter_keys(env):
    """Every counter key, as committed (read on a connection of its own)."""
    with env["satisfaction.rate.limit"]._counter_cursor() as cr:
        cr.execute(SQL("SELECT counter_key FROM %s", SQL.identifier(COUNTER_TABLE)))
        return [bytes(key) for (key,) in cr.fetchall()]


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestRateLimit(HttpCase, SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dossiers, cls.requests = cls._return_dossiers(3, cls.unit_a)
        cls.urls = ["/r/%s" % request.sudo().access_token for request in cls.requests]

    def setUp(self):
        super().setUp()
        self.env["satisfaction.rate.limit"]._reset()
        self.addCleanup(self.env["satisfaction.rate.limit"]._reset)

    def _limits(self, ip, token):
        icp = self.env["ir.config_parameter"].sudo()
        icp.set_param("satisfaction_survey.rate_limit_ip", ip)
        icp.set_param("satisfaction_survey.rate_limit_token", token)

    def test_token_limit_then_429_other_tokens_unaffected(self):
        self._limits("1000/60", "3/60")
        for _ in range(3):
            self.assertEqual(self.url_open(self.urls[0]).status_code, 200)
        limited = self.url_open(self.urls[0])
        self.assertEqual(limited.status_code, 429)
        retry_after = int(limited.headers["Retry-After"])
        self.assertTrue(1 <= retry_after <= 60, retry_after)
        self.assertEqual(limited.headers.get("Cache-Control"), "no-store")
        self.assertNotIn('name="csrf_token"', limited.text, "no form on the 429 page")
        self.assertNotIn(self.urls[0][3:], limited.text)
        # a POST on the limited link is refused the same way, nothing recorded
        csrf = CSRF_RE.search(self.url_open(self.urls[1]).text).group(1)
        form = dict(self._build_form(self.requests[0], 5), csrf_token=csrf)
        self.assertEqual(self.url_open(self.urls[0], data=form).status_code, 429)
        self.assertFalse(
            self.env["satisfaction.response"]
            .sudo()
            .search([("request_id", "=", self.requests[0].id)])
        )
        # other links still work
        self.assertEqual(self.url_open(self.urls[1]).status_code, 200)
        self.assertEqual(self.url_open(self.urls[2]).status_code, 200)
        # after a reset (or the window), the link works again
        self.env["satisfaction.rate.limit"]._reset()
        self.assertEqual(self.url_open(self.urls[0]).status_code, 200)

    def test_ip_limit(self):
        self._limits("4/60", "0")
        statuses = [self.url_open(self.urls[i % 3]).status_code for i in range(4)]
        self.assertEqual(statuses, [200] * 4)
        for url in self.urls + ["/r/%s" % ("A" * 22)]:
            page = self.url_open(url)
            self.assertEqual(page.status_code, 429, url)
            self.assertIn("Retry-After", page.headers)

    def test_unknown_tokens_counted_and_indistinguishable(self):
        """Probing unknown tokens is limited like real ones, with the same 429 page."""
        self._limits("1000/60", "2/60")
        unknown = "/r/%s" % ("B" * 22)
        self.assertEqual(
            [self.url_open(unknown).status_code for _ in range(2)], [404, 404]
        )
        page_unknown = self.url_open(unknown)
        for _ in range(2):
            self.url_open(self.urls[2])
        page_known = self.url_open(self.urls[2])
        self.assertEqual((page_unknown.status_code, page_known.status_code), (429, 429))
        self.assertEqual(page_unknown.text, page_known.text)

    def test_disabled_and_unreadable_settings(self):
        self._limits("0", "off")
        self.assertEqual(
            {self.url_open(self.urls[0]).status_code for _ in range(25)}, {200}
        )
        self.assertEqual(_counter_keys(self.env), [], "nothing counted when disabled")
        # a typo falls back to the defaults (60/60, 20/60), never to no limit
        self._limits("sixty", "twenty")
        statuses = [self.url_open(self.urls[1]).status_code for _ in range(21)]
        self.assertEqual(statuses[:20], [200] * 20)
        self.assertEqual(statuses[20], 429)

    def test_counters_hold_no_ip_address_nor_token(self):
        self._limits("1000/60", "1000/60")
        self.assertEqual(self.url_open(self.urls[0]).status_code, 200)
        keys = _counter_keys(self.env)
        self.assertEqual(len(keys), 2, "one counter per IP address, one per token")
        token = self.urls[0][3:].encode()
        for key in keys:
            self.assertEqual(len(key), 16)
            self.assertNotIn(token[:8], key)
            self.assertNotIn(b"127.0.0.1", key)

    def test_page_served_when_the_counters_cannot_be_reached(self):
        self._limits("1000/60", "1000/60")

        def unreachable(db_name, query):
            raise psycopg2.OperationalError("connection refused")

        with (
            patch.object(KEPT_CONNECTIONS, "fetchall", unreachable),
            self.assertLogs(
                "odoo.addons.satisfaction_survey.controllers.rate_limit", "WARNING"
            ) as logs,
        ):
            self.assertEqual(self.url_open(self.urls[0]).status_code, 200)
        self.assertIn("Rate limit not checked", logs.output[0])

    def test_get_read_only_even_when_counting_post_on_primary(self):
        """The counter is written elsewhere: the GET stays read-only, no retry."""
        self._limits("1000/60", "1000/60")
        cursors = []

        def spy(render):
            def spied(controller, template, *args, **kwargs):
                from odoo.http import request

                cursors.append((template.rsplit("_", 1)[-1], request.env.cr.readonly))
                return render(controller, template, *args, **kwargs)

            return spied

        with (
            patch.object(
                SatisfactionPageMixin,
                "_satisfaction_render",
                spy(SatisfactionPageMixin._satisfaction_render),
            ),
            patch.object(
                SatisfactionPageMixin,
                "_satisfaction_render_cached",
                spy(SatisfactionPageMixin._satisfaction_render_cached),
            ),
            self.assertNoLogs("odoo.http", "WARNING"),
        ):
            page = self.url_open(self.urls[0])
            self.assertEqual(page.status_code, 200)
            csrf = CSRF_RE.search(page.text).group(1)
            form = dict(self._build_form(self.requests[0], 5), csrf_token=csrf)
            self.assertEqual(self.url_open(self.urls[0], data=form).status_code, 200)
        self.assertEqual(cursors, [("form", True), ("thanks", False)])
        self.assertEqual(len(_counter_keys(self.env)), 2, "both requests counted")


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestRateLimitCounters(TransactionCase):
    """The statement itself, with the clock given (``now``)."""

    def setUp(self):
        super().setUp()
        self.limiter = self.env["satisfaction.rate.limit"]
        self.parts = ("test", uuid.uuid4().hex)

    def _hit(self, limit, at):
        return self.limiter._hit([(self.parts, (limit, 60))], now=WINDOW_START + at)

    def test_sliding_window_across_the_boundary(self):
        # 3 requests at the end of a window, a 4th refused
        self.assertEqual([self._hit(3, 54) for _ in range(3)], [0, 0, 0])
        self.assertEqual(self._hit(3, 54), 26)  # 3 x (1 - g) <= 2 at 1/3 of the next
        # a fixed window would start again at 60: the previous 3 still weigh
        self.assertEqual(self._hit(3, 63), 17)
        # at 70 % of the window they weigh 0.9: two more fit, not three
        self.assertEqual([self._hit(3, 102) for _ in range(3)], [0, 0, 18])
        # two windows later nothing weighs any more; a full window waits for
        # the next one (at most one window)
        self.assertEqual([self._hit(3, 180) for _ in range(4)], [0, 0, 0, 60])

    def test_keys_are_independent(self):
        self.assertEqual(self._hit(1, 0), 0)
        self.assertGreater(self._hit(1, 0), 0)
        other = self.limiter._hit([(("test", uuid.uuid4().hex), (1, 60))])
        self.assertEqual(other, 0)
        # the first refusal stops the check: the second counter is not counted
        fresh = ("test", uuid.uuid4().hex)
        refused = self.limiter._hit(
            [(self.parts, (1, 60)), (fresh, (1, 60))], now=WINDOW_START
        )
        self.assertGreater(refused, 0)
        self.assertEqual(self.limiter._hit([(fresh, (1, 60))], now=WINDOW_START), 0)

    def _admitted_concurrently(self, limit, threads, attempts, count):
        """How many of ``threads`` x ``attempts`` simultaneous requests one
        counter of limit ``limit`` admits; ``count(query)`` runs the counting
        statement and returns its first column (None: refused)."""
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        key = counter_key(secret, 60, *self.parts)
        query = self.limiter._hit_query(key, limit, 60, now=WINDOW_START + 30)
        admitted, errors = [], []
        barrier = threading.Barrier(threads)

        def client():
            try:
                barrier.wait(timeout=30)
                for _ in range(attempts):
                    if count(query) is not None:
                        admitted.append(1)
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        clients = [threading.Thread(target=client) for _ in range(threads)]
        for thread in clients:
            thread.start()
        for thread in clients:
            thread.join()
        self.assertEqual(errors, [])
        return len(admitted)

    def test_concurrent_connections_admit_exactly_the_limit(self):
        def on_a_connection_each(query):
            with self.limiter._counter_cursor() as cr:
                cr.execute(query)
                return cr.fetchone()[0]

        self.assertEqual(
            self._admitted_concurrently(25, 8, 10, on_a_connection_each),
            25,
            "80 attempts, exactly the limit admitted",
        )

    def _counter_backend(self):
        """The backend of the connection the checks use."""
        [(pid,)] = KEPT_CONNECTIONS.fetchall(
            self.env.registry.db_name, SQL("SELECT pg_backend_pid()")
        )
        return pid

    def test_checks_keep_their_connection_and_plans(self):
        """Not lent by Odoo's pool, so not reset between checks: the same
        backend, the function's statements planned once for the session."""
        self.assertEqual(self._hit(3, 0), 0)
        backend = self._counter_backend()
        self.assertEqual(self._hit(3, 1), 0)
        self.assertEqual(self._counter_backend(), backend)
        with self.limiter._counter_cursor() as cr:
            cr.execute(SQL("SELECT pg_backend_pid()"))
            self.assertNotEqual(cr.fetchone()[0], backend, "a pooled one is another")

    def test_broken_connection_reopened_and_counted(self):
        self.assertEqual(self._hit(2, 0), 0)
        backend = self._counter_backend()
        with self.limiter._counter_cursor() as cr:
            # with a timeout: returns once the backend is gone
            cr.execute(SQL("SELECT pg_terminate_backend(%s, 10000)", backend))
            self.assertTrue(cr.fetchone()[0])
        # the check on the terminated connection fails, then counts on a new one
        self.assertEqual(self._hit(2, 1), 0)
        self.assertNotEqual(self._counter_backend(), backend)
        self.assertGreater(self._hit(2, 2), 0, "the earlier two were counted")

    def test_threads_share_the_connection_and_admit_exactly_the_limit(self):
        db_name = self.env.registry.db_name

        def on_the_kept_connection(query):
            [row] = KEPT_CONNECTIONS.fetchall(db_name, query)
            return row[0]

        self.assertEqual(
            self._admitted_concurrently(12, 6, 5, on_the_kept_connection),
            12,
            "30 attempts, exactly the limit admitted",
        )

    def test_idle_counters_purged(self):
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        idle = ("test", uuid.uuid4().hex)
        self.limiter._hit([(idle, (5, 60))], now=1_000_000_000)  # in 2001
        self.assertEqual(self._hit(5, 0), 0)
        # on committed data, as the daily autovacuum cron runs it (the test's
        # transaction cannot see the counters committed after it started)
        with self.limiter._counter_cursor() as cr:
            api.Environment(cr, SUPERUSER_ID, {})[self.limiter._name]._gc_counters()
        keys = _counter_keys(self.env)
        self.assertNotIn(counter_key(secret, 60, *idle), keys)
        self.assertIn(counter_key(secret, 60, *self.parts), keys, "live: kept")
