import hashlib
import json
import logging
import threading
import time
from contextlib import contextmanager
from functools import partial

import psycopg2

from odoo import api, models
from odoo.modules import module
from odoo.tools import SQL

from ..models.kept_connection import KEPT_CONNECTIONS
from . import dimensions, reads, rebuild, schema, triggers

_logger = logging.getLogger(__name__)

DRAIN = SQL("SELECT satisfaction_stat_drain()")
# On the kept connection, each drain is a transaction of its own, committed
# without waiting for the disk: a crash that loses it loses the deletion of
# its inbox rows with it, and the next drain counts them.
DRAIN_ASYNC = SQL(
    "SELECT set_config('synchronous_commit', 'off', true), satisfaction_stat_drain()"
)
DEFER = SQL("SELECT set_config(%s, 'on', true)", dimensions.DEFERRED_SETTING)
UNDEFER = SQL("SELECT set_config(%s, 'off', true)", dimensions.DEFERRED_SETTING)


# Seconds between two drains by one process (the setting of DRAIN_INTERVAL_KEY)
DRAIN_INTERVAL = 1.0
DRAIN_INTERVAL_KEY = "satisfaction_survey.stat_drain_interval"


class DrainClock:
    """When each database's inbox was last drained by this process."""

    def __init__(self):
        self._lock = threading.Lock()
        self._last = {}

    def due(self, db_name, interval):
        """True, and the drain counted as done now, when the last one was
        ``interval`` seconds ago or more."""
        now = time.monotonic()
        with self._lock:
            last = self._last.get(db_name)
            if last is not None and now - last < interval:
                return False
            self._last[db_name] = now
            return True


DRAIN_CLOCK = DrainClock()


def drain_on_kept_connection(db_name, interval=0):
    """Count the inbox's ratings on ``db_name``'s kept connection (after a
    deferred transaction's commit), unless this process drained it less
    than ``interval`` seconds ago: under load, one drain then counts the
    ratings of every process since the last one, which costs a fraction of
    a drain per rating. A rating left in the inbox, by the interval or by a
    failure, is counted by the next drain (the next rating of any process,
    any other change of responses or answers, the cron every minute)."""
    if not DRAIN_CLOCK.due(db_name, interval):
        return
    try:
        KEPT_CONNECTIONS.fetchall(db_name, DRAIN_ASYNC)
    except psycopg2.Error:
        _logger.warning(
            "Satisfaction statistics: the inbox is left to the next drain",
            exc_info=True,
        )


def drain_at_once():
    """True during tests: a test never commits, and reads its figures in its
    own transaction, so the inbox is drained there."""
    return bool(module.current_test)


# The installed definition's digest is the comment of this function: it
# lives and dies with the functions it describes.
DEFINITION_HOLDER = SQL("satisfaction_stat_rebuild()")


def definition_statements():
    """Every statement installing the engine: keys, indexes, defaults,
    functions, triggers (in this order)."""
    return [
        *schema.statements(),
        *triggers.functions(),
        *rebuild.functions(),
        *triggers.trigger_statements(),
    ]


def definition_digest():
    """Digest of everything the stored statistics depend on (the text and
    parameters of every statement): a database whose installed digest
    differs has its statistics reinstalled and rebuilt."""
    payload = json.dumps(
        [
            [statement.code, [repr(p) for p in statement.params]]
            for statement in definition_statements()
        ],
        ensure_ascii=False,
    )
    return (
        "satisfaction statistics definition "
        + hashlib.sha256(payload.encode()).hexdigest()
    )


class SatisfactionStatEngine(models.AbstractModel):
    """The statistics behind the reports, kept up to date by PostgreSQL.

    Owns the SQL of ``stats_engine/``: ``init`` installs the keys, functions
    and triggers when the installed definition differs from the code's, and
    rebuilds the figures then (or when tables are empty while answers
    exist); the reports read their sources from here. The statistics tables
    are models of ``models/``, set up before this one (this package is
    loaded after ``models``).
    """

    _name = "satisfaction.stat.engine"
    _description = "Satisfaction Statistics Engine"

    def init(self):
        digest = definition_digest()
        if self._installed_definition() != digest:
            # new install, upgrade or changed definition: what the code
            # describes replaces what is installed, and the figures follow
            self._install_definition()
            self._rebuild()
            self.env.cr.execute(
                SQL("COMMENT ON FUNCTION %s IS %s", DEFINITION_HOLDER, digest)
            )
        elif self._stats_missing():
            self._rebuild()

    # ------------------------------------------------------------
    # INSTALLATION
    # ------------------------------------------------------------

    @api.model
    def _installed_definition(self):
        """Digest of the statistics definition installed in the database, or None."""
        self.env.cr.execute(
            SQL(
                "SELECT obj_description(to_regprocedure(%s), 'pg_proc')",
                DEFINITION_HOLDER.code,
            )
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _definition_digest(self):
        return definition_digest()

    @api.model
    def _uninstall(self):
        """Drop every engine function, and with them their triggers, and the
        engine's own tables."""
        cr = self.env.cr
        cr.execute(SQL("DROP TABLE IF EXISTS %s", dimensions.REQUEST_JOURNAL))
        cr.execute(SQL("DROP TABLE IF EXISTS %s", dimensions.INBOX))
        cr.execute(
            SQL(
                """SELECT p.oid::regprocedure::text
                     FROM pg_proc p
                     JOIN pg_namespace n ON n.oid = p.pronamespace
                    WHERE n.nspname = current_schema() AND p.proname LIKE %s""",
                dimensions.FUNCTION_PREFIX.replace("_", r"\_") + "%",
            )
        )
        for (signature,) in cr.fetchall():
            # the signature comes from the catalogue (regprocedure), not from input
            cr.execute(SQL("DROP FUNCTION IF EXISTS %s CASCADE", SQL(signature)))

    @api.model
    def _install_definition(self):
        """Install the keys, defaults, functions and triggers the code
        describes; functions the code does not define are dropped."""
        self._uninstall()
        for statement in definition_statements():
            self.env.cr.execute(statement)

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

    # ------------------------------------------------------------
    # MAINTENANCE
    # ------------------------------------------------------------

    @api.model
    def _rebuild(self):
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
    def _rebuild_periods(self):
        """Recompute what depends on the criteria's flags (per-request rows,
        period statistics)."""
        self.env.flush_all()
        self.env.cr.execute(SQL("SELECT satisfaction_stat_rebuild_periods()"))

    @api.model
    def _consolidate(self):
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
    def _drain(self):
        """Count the ratings of the inbox in this transaction (and the cron
        every minute); returns how many inbox rows were taken."""
        self.env.flush_all()
        self.env.cr.execute(DRAIN)
        return self.env.cr.fetchone()[0]

    @contextmanager
    def _deferred(self):
        """Responses and answers created inside are counted after the
        commit, on a kept connection (``drain_on_kept_connection``): a
        served request plans every statement anew, the kept connection keeps
        its plans, and one drain counts every rating waiting. Until then
        they wait in the inbox, and the figures miss them: a drain follows
        the commit, at most one per process every
        ``satisfaction_survey.stat_drain_interval`` seconds (default 1; 0:
        after every rating), and a cron drains what is left every minute.
        Only the creation of new responses with their answers belongs
        inside: every other change drains the inbox first.

        Use it inside a savepoint (or a transaction rolled back on error):
        an exception leaves the setting to the rollback.

        During tests, the inbox is drained at once in this transaction: a
        test never commits, and its figures are read in its transaction.
        """
        cr = self.env.cr
        self.env.flush_all()
        cr.execute(DEFER)
        yield
        self.env.flush_all()
        cr.execute(UNDEFER)
        if drain_at_once():
            self._drain()
        else:
            interval = self.env["satisfaction.settings"]._get_float(
                DRAIN_INTERVAL_KEY, DRAIN_INTERVAL, minimum=0, maximum=3600
            )
            cr.postcommit.add(
                partial(drain_on_kept_connection, self.env.registry.db_name, interval)
            )

    @api.model
    def _check(self):
        """{table: rows differing from a computation from scratch}; 0 if consistent."""
        self._drain()
        result = {}
        for name, query in rebuild.check_queries().items():
            self.env.cr.execute(query)
            result[name] = self.env.cr.fetchone()[0]
        return result

    # ------------------------------------------------------------
    # WHAT THE REPORTS READ (counts only)
    # ------------------------------------------------------------

    @api.model
    def _rollup_grains(self):
        """{grain: the fine dimensions it keeps}, smallest first."""
        return dict(dimensions.ROLLUPS)

    @api.model
    def _answer_source(self, grain=None):
        """SQL of answer statistics rows (id, fine dimensions, answer_count,
        satisfied_count) with the pending journal.

        ``grain``: a roll-up grain (rows are not groups then, only their sums
        are: grouped reads only); ``"full"`` or ``"scan"``: every fine key,
        the journal grouped once; otherwise every fine key, each looking its
        pending deltas up by index (lists of the latest rows).
        """
        if grain in dimensions.ROLLUPS:
            return reads.rollup_answer_stat(grain)
        return reads.merged_answer_stat(scan=grain in ("full", "scan"))

    @api.model
    def _period_source(self, scope, counts=dimensions.PERIOD_COUNTS, assisted=False):
        """SQL of (subject_id, month, counts...) of ``scope`` (``unit``,
        ``competent`` or ``officer``) with the pending journal.

        By default the official counts: without the answers entered by staff
        or a surveyor (``dimensions.ASSISTED_CHANNELS``). ``assisted=True``:
        only what those answers add (shown apart); ``None``: every channel.
        """
        return reads.merged_period_stat(scope, counts, assisted)

    @api.model
    def _period_counts(self):
        """Names of every count of the period statistics."""
        return dimensions.PERIOD_COUNTS

    @api.model
    def _month_of(self, column):
        """SQL: the first day of the local month of the UTC timestamp ``column``."""
        return dimensions.month_of(column)
