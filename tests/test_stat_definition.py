"""The statistics installer brings an existing database to the code's definition."""

from odoo.tests import tagged

from .common import SatisfactionCommon


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestStatDefinition(SatisfactionCommon):
    def _figures(self):
        report = self.env["satisfaction.index.report"]
        groups = report._read_group(
            [("unit_id", "in", (self.unit_a | self.unit_b).ids)],
            ["unit_id", "criterion_id"],
            ["answer_count:sum", "satisfied_count:sum"],
        )
        return sorted((u.id, c.id, n, s) for u, c, n, s in groups)

    def _index_columns(self, index):
        self.env.cr.execute("SELECT pg_get_indexdef(to_regclass(%s))", [index])
        return self.env.cr.fetchone()[0]

    def _answer_both_units(self):
        for unit, value in ((self.unit_a, 5), (self.unit_b, 2)):
            __, requests = self._return_dossiers(2, unit)
            for request in requests:
                self._answer(request, value)

    def test_installed_definition_is_the_codes(self):
        self.assertEqual(
            self.env["satisfaction.stat.engine"]._installed_definition(),
            self.env["satisfaction.stat.engine"]._definition_digest(),
        )

    def test_changed_definition_is_reinstalled_and_rebuilt(self):
        """An older key, a stale function and lost rows are all brought back,
        and the figures come out the same."""
        Stat = self.env["satisfaction.stat.engine"]
        self._answer_both_units()
        self.env.flush_all()
        before = self._figures()
        self.assertTrue(before)
        expected_key = self._index_columns("satisfaction_answer_stat_key_index")
        cr = self.env.cr
        # what an older release could have left: another key under the same
        # name, a function the code no longer has, rows the triggers missed
        cr.execute("DROP INDEX satisfaction_answer_stat_key_index")
        cr.execute(
            "CREATE UNIQUE INDEX satisfaction_answer_stat_key_index"
            " ON satisfaction_answer_stat (id, month)"
        )
        cr.execute(
            "CREATE FUNCTION satisfaction_stat_obsolete() RETURNS int"
            " LANGUAGE sql AS 'SELECT 1'"
        )
        cr.execute("COMMENT ON FUNCTION satisfaction_stat_rebuild() IS 'older'")
        cr.execute("DELETE FROM satisfaction_answer_stat_delta")
        cr.execute("DELETE FROM satisfaction_answer_stat")
        self.env.invalidate_all()
        self.assertNotEqual(self._figures(), before)

        Stat.init()

        self.assertEqual(Stat._installed_definition(), Stat._definition_digest())
        self.assertEqual(
            self._index_columns("satisfaction_answer_stat_key_index"), expected_key
        )
        cr.execute("SELECT to_regproc('satisfaction_stat_obsolete')")
        self.assertIsNone(cr.fetchone()[0])
        self.env.invalidate_all()
        self.assertEqual(self._figures(), before)
        self.assertEqual(set(Stat._check().values()), {0})

    def test_same_definition_keeps_the_rows(self):
        """Updating the module with an unchanged definition rebuilds nothing."""
        Stat = self.env["satisfaction.stat.engine"]
        self._answer_both_units()
        self.env.flush_all()
        Stat._consolidate()
        cr = self.env.cr
        cr.execute("SELECT min(id) FROM satisfaction_answer_stat")
        first_id = cr.fetchone()[0]
        Stat.init()
        cr.execute("SELECT min(id) FROM satisfaction_answer_stat")
        self.assertEqual(cr.fetchone()[0], first_id)
