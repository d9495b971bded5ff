from odoo.tests import TransactionCase, tagged

from ..hooks import uninstall_hook
from ..models import satisfaction_stat_sql as stat_sql


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestUninstallHook(TransactionCase):
    def _stat_function_count(self):
        self.env.cr.execute(
            "SELECT count(*) FROM pg_proc WHERE proname LIKE %s",
            [stat_sql.FUNCTION_PREFIX.replace("_", r"\_") + "%"],
        )
        return self.env.cr.fetchone()[0]

    def test_drops_statistics_functions(self):
        # DDL is transactional in PostgreSQL: the test's rollback restores them.
        self.assertGreater(
            self._stat_function_count(), 0, "installed by the statistics models"
        )
        uninstall_hook(self.env)
        self.assertEqual(self._stat_function_count(), 0)
