"""Counters of the public routes' rate limits, shared by every Odoo worker and host.

One row per key in an UNLOGGED table (no write-ahead log: cheap to update,
emptied by a PostgreSQL crash, never copied to replicas, which is all a rate
limiter needs). The counters of a request are checked by ONE statement (one
round trip), each atomic under concurrency: its ``INSERT ... ON CONFLICT DO
UPDATE`` takes the key's row lock and decides on the latest committed counts,
so two workers can never both take the last place. The rule (sliding-window
approximation) and the Retry-After are in ``satisfaction_survey/ratelimit.py``;
the clock is the database's, the same for every host.

The statements run on a connection of their own to the primary database,
each committed at once: a route declared ``readonly`` may run on a replica or a
read-only transaction, and a counter must hold even when the request fails
afterwards. This is the only write a GET of a public page makes, and it
touches no business data.
"""

import logging

from odoo import api, models, sql_db
from odoo.tools import SQL

from ..satisfaction_survey import ratelimit

_logger = logging.getLogger(__name__)

COUNTER_TABLE = "satisfaction_rate_limit"


def _rolled_counts(row, slot):
    """(previous, current) of counter ``row`` seen from window ``slot``.

    A row written in window ``slot`` holds both counts; one written in the
    window before holds the previous count; an older one, none.
    """
    previous = SQL(
        """CASE WHEN %(row)s.slot = %(slot)s THEN %(row)s.previous
                WHEN %(row)s.slot = %(slot)s - 1 THEN %(row)s.hits
                ELSE 0 END""",
        row=row,
        slot=slot,
    )
    current = SQL(
        "CASE WHEN %(row)s.slot = %(slot)s THEN %(row)s.hits ELSE 0 END",
        row=row,
        slot=slot,
    )
    return previous, current


class SatisfactionRateLimit(models.AbstractModel):
    _name = "satisfaction.rate.limit"
    _description = "Public Route Rate Limit Counters"

    def init(self):
        # fillfactor: room on each page for the updated row (HOT updates,
        # no index churn); the table is dropped by the uninstall hook.
        self.env.cr.execute(
            SQL(
                """CREATE UNLOGGED TABLE IF NOT EXISTS %s (
                       counter_key bytea PRIMARY KEY,
                       slot bigint NOT NULL,
                       hits integer NOT NULL,
                       previous integer NOT NULL,
                       expires_at timestamptz NOT NULL
                   ) WITH (fillfactor = 70)""",
                SQL.identifier(COUNTER_TABLE),
            )
        )

    # ------------------------------------------------------------
    # CHECK
    # ------------------------------------------------------------

    @api.model
    def _hit(self, counters, now=None):
        """Count one request against each of ``counters``; 0 when allowed.

        ``counters``: ``[(parts, (limit, window)), ...]``, e.g.
        ``(("ip", "203.0.113.7"), (60, 60))``, checked in order; the first
        refusal stops there and returns its Retry-After in seconds (the
        counters after it are not counted). ``now`` (epoch seconds) replaces
        the database clock in tests. One statement for all the counters: one
        round trip per request.
        """
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        keyed = [
            (ratelimit.counter_key(secret, window, *parts), limit, window)
            for parts, (limit, window) in counters
        ]
        if not keyed:
            return 0
        with self._counter_cursor() as cr:
            cr.execute(self._hits_query(keyed, now))
            row = cr.fetchone()
        for index, (_key, limit, window) in enumerate(keyed):
            admitted, previous, current, elapsed = row[4 * index : 4 * index + 4]
            if admitted is None:
                return ratelimit.retry_after(limit, window, previous, current, elapsed)
        return 0

    def _hit_query(self, key, limit, window, now=None):
        """The statement that counts one request against one counter."""
        return self._hits_query([(key, limit, window)], now)

    def _hits_query(self, keyed, now=None):
        """One statement counting ``keyed`` (``[(key, limit, window), ...]``)
        in order; returns, per counter, the new count (NULL: refused or not
        reached) and the previous count, the current count and the elapsed
        part of the window as they were before the statement."""
        table = SQL.identifier(COUNTER_TABLE)
        now_sql = (
            SQL("extract(epoch FROM clock_timestamp())::float8")
            if now is None
            else SQL("%s::float8", float(now))
        )
        ctes, columns, joins = [], [], []
        for index, (key, limit, window) in enumerate(keyed):
            clock = SQL.identifier("clock%s" % index)
            hit = SQL.identifier("hit%s" % index)
            seen = SQL.identifier("s%s" % index)
            previous_row, current_row = _rolled_counts(
                SQL.identifier("r"), SQL("EXCLUDED.slot")
            )
            previous_seen, current_seen = _rolled_counts(seen, SQL("%s.slot", clock))
            # counted only when the counter before it admitted the request
            reached = (
                SQL("EXISTS (SELECT 1 FROM %s)", SQL.identifier("hit%s" % (index - 1)))
                if index
                else SQL("TRUE")
            )
            # The insert of a new key admits it (limit >= 1); the update
            # admits on the row as locked, i.e. after any concurrent
            # increment. Refused: no row updated, nothing counted.
            ctes.append(
                SQL(
                    """%(clock)s AS (
                           SELECT floor(t / %(window)s)::bigint AS slot,
                                  (t - floor(t / %(window)s) * %(window)s) / %(window)s
                                  AS elapsed
                             FROM (SELECT %(now)s AS t) AS now
                       ), %(hit)s AS (
                           INSERT INTO %(table)s AS r
                                  (counter_key, slot, hits, previous, expires_at)
                           SELECT %(key)s, slot, 1, 0,
                                  to_timestamp((slot + 2) * %(window)s)
                             FROM %(clock)s
                            WHERE %(reached)s
                               ON CONFLICT (counter_key) DO UPDATE
                              SET hits = %(current_row)s + 1,
                                  previous = %(previous_row)s,
                                  slot = EXCLUDED.slot,
                                  expires_at = EXCLUDED.expires_at
                            WHERE %(previous_row)s
                                  * (1 - (SELECT elapsed FROM %(clock)s))
                                  + %(current_row)s + 1 <= %(limit)s
                           RETURNING r.hits
                       )""",
                    clock=clock,
                    hit=hit,
                    table=table,
                    key=key,
                    limit=int(limit),
                    window=int(window),
                    now=now_sql,
                    reached=reached,
                    previous_row=previous_row,
                    current_row=current_row,
                )
            )
            columns.append(
                SQL(
                    "(SELECT hits FROM %s), %s, %s, %s.elapsed",
                    hit,
                    previous_seen,
                    current_seen,
                    clock,
                )
            )
            joins.append(
                SQL(
                    "CROSS JOIN %(clock)s LEFT JOIN %(table)s AS %(seen)s"
                    " ON %(seen)s.counter_key = %(key)s",
                    clock=clock,
                    table=table,
                    seen=seen,
                    key=key,
                )
            )
        # The last SELECT reads the counts as they were before the statement,
        # for the Retry-After only.
        return SQL(
            "WITH %s %s",
            SQL(", ").join(ctes),
            SQL(
                "SELECT %s FROM (VALUES (1)) AS one %s",
                SQL(", ").join(columns),
                SQL(" ").join(joins),
            ),
        )

    def _counter_cursor(self):
        """A cursor of its own on the primary database, in autocommit.

        Each statement is a transaction of its own, committed at once (no
        BEGIN nor COMMIT: two round trips fewer per check), at PostgreSQL's
        default READ COMMITTED level rather than Odoo's REPEATABLE READ: a
        concurrent increment of the same key is waited for and counted, not
        turned into a serialization failure. The next borrower of the pooled
        connection sets its own transaction mode again.
        """
        cr = sql_db.db_connect(self.env.registry.db_name).cursor()
        cr.connection.autocommit = True
        return cr

    # ------------------------------------------------------------
    # MAINTENANCE
    # ------------------------------------------------------------

    @api.model
    def _reset(self):
        """Forget every counter (tests, or after changing the limits)."""
        with self._counter_cursor() as cr:
            cr.execute(SQL("DELETE FROM %s", SQL.identifier(COUNTER_TABLE)))

    @api.autovacuum
    def _gc_counters(self):
        """Drop the counters of keys not seen for two windows (daily)."""
        self.env.cr.execute(
            SQL(
                "DELETE FROM %s WHERE expires_at < now()",
                SQL.identifier(COUNTER_TABLE),
            )
        )
        _logger.info("Rate limits: %s idle counters purged", self.env.cr.rowcount)
