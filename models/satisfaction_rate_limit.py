"""Counters of the public routes' rate limits, shared by every Odoo worker and host.

One row per key in an UNLOGGED table (no write-ahead log: cheap to update,
emptied by a PostgreSQL crash, never copied to replicas, which is all a rate
limiter needs). Each counter is checked by ONE statement, atomic under
concurrency: the ``INSERT ... ON CONFLICT DO UPDATE`` takes the key's row
lock and decides on the latest committed counts, so two workers can never
both take the last place. The rule (sliding-window approximation) and the
Retry-After are in ``satisfaction_survey/ratelimit.py``; the clock is the
database's, the same for every host.

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
        refusal stops there and returns its Retry-After in seconds. ``now``
        (epoch seconds) replaces the database clock in tests.
        """
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        with self._counter_cursor() as cr:
            for parts, (limit, window) in counters:
                key = ratelimit.counter_key(secret, window, *parts)
                cr.execute(self._hit_query(key, limit, window, now))
                admitted, previous, current, elapsed = cr.fetchone()
                if admitted is None:
                    return ratelimit.retry_after(
                        limit, window, previous, current, elapsed
                    )
        return 0

    def _hit_query(self, key, limit, window, now=None):
        table = SQL.identifier(COUNTER_TABLE)
        new_slot = SQL("EXCLUDED.slot")
        previous_row, current_row = _rolled_counts(SQL.identifier("r"), new_slot)
        previous_seen, current_seen = _rolled_counts(
            SQL.identifier("s"), SQL("clock.slot")
        )
        clock = (
            SQL("extract(epoch FROM clock_timestamp())::float8")
            if now is None
            else SQL("%s::float8", float(now))
        )
        # The insert of a new key admits it (limit >= 1); the update admits
        # on the row as locked, i.e. after any concurrent increment. Refused:
        # no row updated, nothing counted. The last SELECT reads the counts
        # as they were before the statement, for the Retry-After only.
        return SQL(
            """WITH clock AS (
                   SELECT floor(t / %(window)s)::bigint AS slot,
                          (t - floor(t / %(window)s) * %(window)s) / %(window)s
                          AS elapsed
                     FROM (SELECT %(clock)s AS t) AS now
               ), hit AS (
                   INSERT INTO %(table)s AS r
                          (counter_key, slot, hits, previous, expires_at)
                   SELECT %(key)s, slot, 1, 0, to_timestamp((slot + 2) * %(window)s)
                     FROM clock
                       ON CONFLICT (counter_key) DO UPDATE
                      SET hits = %(current_row)s + 1,
                          previous = %(previous_row)s,
                          slot = EXCLUDED.slot,
                          expires_at = EXCLUDED.expires_at
                    WHERE %(previous_row)s * (1 - (SELECT elapsed FROM clock))
                          + %(current_row)s + 1 <= %(limit)s
                   RETURNING r.hits
               )
               SELECT (SELECT hits FROM hit), %(previous_seen)s, %(current_seen)s,
                      clock.elapsed
                 FROM clock
                 LEFT JOIN %(table)s AS s ON s.counter_key = %(key)s""",
            table=table,
            key=key,
            limit=int(limit),
            window=int(window),
            clock=clock,
            previous_row=previous_row,
            current_row=current_row,
            previous_seen=previous_seen,
            current_seen=current_seen,
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
