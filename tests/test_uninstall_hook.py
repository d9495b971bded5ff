from odoo.tests import TransactionCase, tagged
from odoo.tools.sql import table_kind

from ..hooks import uninstall_hook
from ..models.satisfaction_rate_limit import COUNTER_TABLE, HIT_FUNCTION


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestUninstallHook(TransactionCase):
    # DDL is transactional in PostgreSQL: the test's rollback restores everything.

    def _stat_function_count(self):
        self.env.cr.execute(
            "SELECT count(*) FROM pg_proc WHERE proname LIKE %s",
            [r"satisfaction\_stat\_%"],
        )
        return self.env.cr.fetchone()[0]

    def _function_count(self, name):
        self.env.cr.execute("SELECT count(*) FROM pg_proc WHERE proname = %s", [name])
        return self.env.cr.fetchone()[0]

    def test_drops_statistics_functions(self):
        self.assertGreater(
            self._stat_function_count(), 0, "installed by the statistics models"
        )
        own_tables = ("satisfaction_request_stat_delta", "satisfaction_stat_inbox")
        for table in own_tables:
            self.assertTrue(table_kind(self.env.cr, table), "the engine's own table")
        uninstall_hook(self.env)
        self.assertEqual(self._stat_function_count(), 0)
        for table in own_tables:
            self.assertIsNone(table_kind(self.env.cr, table))

    def test_drops_rate_limit_counters(self):
        self.assertTrue(table_kind(self.env.cr, COUNTER_TABLE), "created by init()")
        self.env.cr.execute(
            "SELECT relpersistence FROM pg_class WHERE relname = %s", [COUNTER_TABLE]
        )
        self.assertEqual(self.env.cr.fetchone()[0], "u", "UNLOGGED")
        self.assertEqual(self._function_count(HIT_FUNCTION), 1, "created by init()")
        uninstall_hook(self.env)
        self.assertIsNone(table_kind(self.env.cr, COUNTER_TABLE))
        self.assertEqual(self._function_count(HIT_FUNCTION), 0)
