import logging
import time

from odoo import api, models
from odoo.tools import SQL

from . import satisfaction_stat_sql as stat_sql

_logger = logging.getLogger(__name__)


class SatisfactionAnswerStat(models.Model):
    """Scale answers pre-aggregated at the grain of ``satisfaction.index.report``.

    One row per month × questionnaire × element × criterion × officer × unit
    × procedure × channel × company with the number of answers, of satisfied
    answers and of answers per level. The index of any group is still
    recomputed from summed counts by the core (SIPAS aggregates counts).

    This model also owns the machinery that keeps every statistic table up
    to date incrementally (``models/satisfaction_stat_sql.py``): ``init``
    installs the PostgreSQL functions and triggers and rebuilds the tables
    when they are empty but answers exist (first install on a populated
    database); ``_consolidate_stats`` (cron) folds the journals into the
    consolidated rows; ``_rebuild_stats`` recomputes everything (after a bulk
    load with triggers disabled); ``_check_stats`` compares the statistics
    with a computation from scratch.
    """

    _name = "satisfaction.answer.stat"
    _inherit = ["satisfaction.answer.stat.mixin"]
    _description = "Satisfaction Answer Statistics"
    _log_access = False

    def init(self):
        # the other statistics models are set up before this one (models/__init__.py)
        digest = stat_sql.definition_digest()
        if self._installed_definition() != digest:
            # new install, upgrade or changed definition: what the code
            # describes replaces what is installed, and the figures follow
            self._install_definition()
            self._rebuild_stats()
            self.env.cr.execute(
                SQL(
                    "COMMENT ON FUNCTION %s IS %s",
                    SQL(stat_sql.DEFINITION_HOLDER),
                    digest,
                )
            )
        elif self._stats_missing():
            self._rebuild_stats()

    @api.model
    def _installed_definition(self):
        """Digest of the statistics definition installed in the database, or None."""
        self.env.cr.execute(
            SQL(
                "SELECT obj_description(to_regprocedure(%s), 'pg_proc')",
                stat_sql.DEFINITION_HOLDER,
            )
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _drop_stat_functions(self):
        """Drop every statistics function, and with them their triggers."""
        cr = self.env.cr
        cr.execute(
            SQL(
                """SELECT p.oid::regprocedure::text
                     FROM pg_proc p
                     JOIN pg_namespace n ON n.oid = p.pronamespace
                    WHERE n.nspname = current_schema() AND p.proname LIKE %s""",
                stat_sql.FUNCTION_PREFIX.replace("_", r"\_") + "%",
            )
        )
        for (signature,) in cr.fetchall():
            # signature comes from the catalogue (regprocedure), not from input
            cr.execute(SQL("DROP FUNCTION IF EXISTS %s CASCADE", SQL(signature)))

    @api.model
    def _install_definition(self):
        """Install the keys, defaults, functions and triggers the code describes.

        Functions the code no longer has are dropped, and a key whose
        expressions changed is rebuilt: ``IF NOT EXISTS`` alone would keep
        the old one under the same name.
        """
        cr = self.env.cr
        self._drop_stat_functions()
        for index, table, key in stat_sql.KEY_INDEXES:
            cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(index)))
            cr.execute(
                SQL(
                    "CREATE UNIQUE INDEX %s ON %s (%s)",
                    SQL.identifier(index),
                    SQL.identifier(table),
                    SQL(", ".join(key)),
                )
            )
        # the index report's list order (latest months first),
        # and the journal's link to its row
        cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS satisfaction_answer_stat_order_index "
                "ON satisfaction_answer_stat (month DESC, unit_id, criterion_id)"
            )
        )
        cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS satisfaction_answer_stat_delta_stat_index "
                "ON satisfaction_answer_stat_delta (stat_id)"
            )
        )
        # the triggers write only the counts they change:
        # the others default to 0 in the database
        for table, counts in (
            ("satisfaction_answer_stat", stat_sql.FINE_COUNTS),
            ("satisfaction_answer_stat_delta", stat_sql.FINE_COUNTS),
            ("satisfaction_answer_rollup", stat_sql.FINE_COUNTS),
            ("satisfaction_period_stat", stat_sql.PERIOD_COUNTS),
            ("satisfaction_period_stat_delta", stat_sql.PERIOD_COUNTS),
        ):
            cr.execute(
                SQL(
                    "ALTER TABLE %s %s",
                    SQL.identifier(table),
                    SQL(
                        ", ".join(
                            f"ALTER COLUMN {name} SET DEFAULT 0" for name in counts
                        )
                    ),
                )
            )
        for statement in stat_sql.all_functions() + stat_sql.trigger_statements():
            cr.execute(SQL(statement))

    @api.model
    def _stats_missing(self):
        """True when answers or requests exist but no statistics
        (the module was installed on a populated database)."""
        self.env.cr.execute(
            SQL("""
            SELECT (EXISTS (SELECT 1 FROM satisfaction_response_line WHERE value > 0)
                    AND NOT EXISTS (SELECT 1 FROM satisfaction_answer_stat)
                    AND NOT EXISTS (SELECT 1 FROM satisfaction_answer_stat_delta))
                OR (EXISTS (SELECT 1 FROM satisfaction_answer_stat)
                    AND NOT EXISTS (SELECT 1 FROM satisfaction_answer_rollup))
                OR (EXISTS (SELECT 1 FROM satisfaction_request)
                    AND NOT EXISTS (SELECT 1 FROM satisfaction_request_stat))
        """)
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _rebuild_stats(self):
        """Recompute every statistic table from the raw tables, in this transaction.

        Needed after rows were written with triggers disabled (bulk loads
        with ``session_replication_role = replica``); safe beside writers:
        only the journal rows this transaction sees are replaced.
        """
        self.env.flush_all()
        started = time.monotonic()
        self.env.cr.execute(SQL("SELECT satisfaction_stat_rebuild()"))
        _logger.info(
            "Satisfaction statistics rebuilt in %.1f s", time.monotonic() - started
        )

    @api.model
    def _consolidate_stats(self):
        """Fold the pending changes into the consolidated statistics (cron).

        Returns the number of consolidated rows written. Writers only append
        to the journals, so this never conflicts with a rating being saved.
        """
        self.env.flush_all()
        self.env.cr.execute(SQL("SELECT satisfaction_stat_consolidate()"))
        moved = self.env.cr.fetchone()[0]
        if moved:
            _logger.info("Satisfaction statistics: %s consolidated rows updated", moved)
        return moved

    @api.model
    def _check_stats(self):
        """{table: rows differing from a computation from scratch}; 0 if consistent."""
        self.env.flush_all()
        result = {}
        for name, query in stat_sql.check_queries().items():
            self.env.cr.execute(SQL(query))
            result[name] = self.env.cr.fetchone()[0]
        return result
