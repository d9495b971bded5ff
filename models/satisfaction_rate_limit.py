"""Counters of the public routes' rate limits, shared by every Odoo worker and host.

One row per key in an UNLOGGED table (no write-ahead log: cheap to update,
emptied by a PostgreSQL crash, never copied to replicas, which is all a rate
limiter needs). The counters of a request are checked by ONE call of a
PL/pgSQL function (one round trip), each atomic under concurrency: its
``INSERT ... ON CONFLICT DO UPDATE`` takes the key's row lock and decides on
the latest committed counts, so two workers can never both take the last
place. A function of small statements rather than one statement of common
table expressions: every request plans it anew (Odoo's pool resets a
connection with ``DISCARD ALL`` when it lends it), and the small statements
plan in a third of the time (bench/README.md, "Rate limits across worker
processes"). The rule
(sliding-window approximation) and the Retry-After are in
``satisfaction_survey/ratelimit.py``; the clock is the database's, the same
for every host.

The statements run on a connection of their own to the primary database,
each committed at once: a route declared ``readonly`` may run on a replica or a
read-only transaction, and a counter must hold even when the request fails
afterwards. This is the only write a GET of a public page makes, and it
touches no business data. That connection is kept open by each process and
never lent by Odoo's pool (``kept_connection.py``): a pooled one is reset
with ``DISCARD ALL`` at each borrow, which cost a round trip and planning
the function again at every request.
"""

import logging

from odoo import api, models, sql_db
from odoo.tools import SQL

from ..satisfaction_survey import ratelimit
from .kept_connection import KEPT_CONNECTIONS

_logger = logging.getLogger(__name__)

COUNTER_TABLE = "satisfaction_rate_limit"
HIT_FUNCTION = "satisfaction_rate_limit_hit"


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


_PREVIOUS_ROW, _CURRENT_ROW = _rolled_counts(SQL("r"), SQL("EXCLUDED.slot"))
_PREVIOUS_SEEN, _CURRENT_SEEN = _rolled_counts(SQL("s"), SQL("window_slot"))
# ``hit(keys, limits, windows, now)``: counts one request against each key in
# order, one row per key counted: (admitted, previous, current, elapsed).
# ``admitted`` is the new count, NULL when refused; the first refusal ends
# the rows, and only for it are ``previous`` and ``current`` (the counts of
# the previous and current windows before the request) and ``elapsed`` (the
# part of the current window gone) read, for the Retry-After.
HIT_BODY = SQL(
    """
DECLARE
    t float8 := coalesce(now_epoch, extract(epoch FROM clock_timestamp()));
    i integer;
    window_slot bigint;
BEGIN
    FOR i IN 1 .. coalesce(cardinality(keys), 0) LOOP
        window_slot := floor(t / windows[i])::bigint;
        elapsed := (t - window_slot * windows[i]) / windows[i];
        admitted := NULL;
        previous := NULL;
        current := NULL;
        -- a new key is admitted (a limit is at least 1); an existing one on
        -- its row as locked, i.e. after any concurrent increment. Refused:
        -- nothing updated, nothing counted.
        INSERT INTO %(table)s AS r (counter_key, slot, hits, previous, expires_at)
        VALUES (keys[i], window_slot, 1, 0,
                to_timestamp((window_slot + 2) * windows[i]))
            ON CONFLICT (counter_key) DO UPDATE
           SET hits = %(current_row)s + 1,
               previous = %(previous_row)s,
               slot = EXCLUDED.slot,
               expires_at = EXCLUDED.expires_at
         WHERE %(previous_row)s * (1 - elapsed) + %(current_row)s + 1 <= limits[i]
        RETURNING r.hits INTO admitted;
        IF admitted IS NULL THEN
            SELECT %(previous_seen)s, %(current_seen)s
              INTO previous, current
              FROM %(table)s s WHERE s.counter_key = keys[i];
            RETURN NEXT;
            RETURN;
        END IF;
        RETURN NEXT;
    END LOOP;
END""",
    table=SQL.identifier(COUNTER_TABLE),
    previous_row=_PREVIOUS_ROW,
    current_row=_CURRENT_ROW,
    previous_seen=_PREVIOUS_SEEN,
    current_seen=_CURRENT_SEEN,
)


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
        self.env.cr.execute(
            SQL(
                """CREATE OR REPLACE FUNCTION %s(
                       keys bytea[], limits integer[], windows integer[],
                       now_epoch float8 DEFAULT NULL
                   ) RETURNS TABLE (
                       admitted integer, previous integer, current integer,
                       elapsed float8
                   ) LANGUAGE plpgsql AS $body$%s$body$""",
                SQL.identifier(HIT_FUNCTION),
                HIT_BODY,
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
        the database clock in tests. One call for all the counters: one
        round trip per request.
        """
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        keyed = [
            (ratelimit.counter_key(secret, window, *parts), limit, window)
            for parts, (limit, window) in counters
        ]
        if not keyed:
            return 0
        rows = KEPT_CONNECTIONS.fetchall(
            self.env.registry.db_name, self._hits_query(keyed, now)
        )
        for (_key, limit, window), row in zip(keyed, rows, strict=False):
            admitted, previous, current, elapsed = row
            if admitted is None:
                return ratelimit.retry_after(limit, window, previous, current, elapsed)
        return 0

    def _hit_query(self, key, limit, window, now=None):
        """The statement that counts one request against one counter."""
        return self._hits_query([(key, limit, window)], now)

    def _hits_query(self, keyed, now=None):
        """The statement counting ``keyed`` (``[(key, limit, window), ...]``)
        in order: the rows of ``HIT_FUNCTION``, the first column the new
        count (NULL: refused)."""
        return SQL(
            "SELECT * FROM %s(%s::bytea[], %s::integer[], %s::integer[], %s::float8)",
            SQL.identifier(HIT_FUNCTION),
            [key for key, _limit, _window in keyed],
            [int(limit) for _key, limit, _window in keyed],
            [int(window) for _key, _limit, window in keyed],
            None if now is None else float(now),
        )

    def _counter_cursor(self):
        """A cursor of its own on the primary database, in autocommit, from
        Odoo's pool (maintenance and tests; the checks use the kept
        connection of ``KEPT_CONNECTIONS``, in the same mode).

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
