# ruff: noqa: E501  (SQL text: long lines read better than split ones)
"""What the reports read: the consolidated rows plus the pending journal, so
that every figure is exact at any time. Only counts: the reports compute
indices, intervals and scores from them with the core."""

from odoo.tools import SQL

from .dimensions import (
    ANSWER_COUNTS,
    FINE_DIMS,
    FINE_KEY,
    PERIOD_COUNTS,
    REQUEST_COUNTS,
    ROLLUP_DIMS,
    ROLLUPS,
    UNIT_SCOPES,
    columns,
    journal_request_rows,
    journal_unit_answer_rows,
    key_match,
    month_of,
    projected,
    sums,
    with_derived,
)

__all__ = ["merged_answer_stat", "merged_period_stat", "month_of", "rollup_answer_stat"]


def merged_answer_stat(scan=False):
    """SQL of the answer statistics with their pending deltas, one row per key
    (id, ROLLUP_DIMS, answer_count, satisfied_count): consolidated rows keep
    their id, keys only in the journal get -min(delta id). Journal rows are
    matched to consolidated rows by key here, not by the triggers: that
    lookup would cost each rating about a third of its answer trigger
    (bench/README.md, "Statistics cost of one rating").

    ``scan``: for reads of many rows (grouped reads at the full grain), the
    pending deltas are grouped once and hash-joined. Otherwise each row looks
    its deltas up by index (subqueries on the journal's criterion and month,
    then the whole key): the row order of the statistics' index is kept, so a
    list of the 80 latest rows reads 80 rows, not 7 million.
    """
    if scan:
        counts = SQL(
            """
                   stat.answer_count + coalesce(pending.answer_count, 0) AS answer_count,
                   stat.satisfied_count + coalesce(pending.satisfied_count, 0) AS satisfied_count
              FROM satisfaction_answer_stat stat
         LEFT JOIN (
                    SELECT %(dims)s, sum(answer_count) AS answer_count,
                           sum(satisfied_count) AS satisfied_count
                      FROM satisfaction_answer_stat_delta
                  GROUP BY %(dims)s
                   ) pending ON %(match)s""",
            dims=columns(FINE_DIMS),
            match=key_match("pending", "stat", FINE_KEY),
        )
    else:
        # scalar subqueries, not a join: the planner keeps the index order
        # through them; answer lines always have a criterion, so the journal's
        # (criterion_id, month) index finds a key's rows
        pending = SQL(
            """FROM satisfaction_answer_stat_delta pending
                  WHERE pending.criterion_id = stat.criterion_id
                    AND %s""",
            key_match("pending", "stat", FINE_KEY),
        )
        counts = SQL(
            """
                   stat.answer_count + coalesce((SELECT sum(pending.answer_count)
                                                   %(pending)s), 0) AS answer_count,
                   stat.satisfied_count + coalesce((SELECT sum(pending.satisfied_count)
                                                      %(pending)s), 0) AS satisfied_count
              FROM satisfaction_answer_stat stat""",
            pending=pending,
        )
    merged = SQL(
        """
            SELECT stat.id, %(stat_dims)s, %(counts)s
         UNION ALL
            SELECT -min(delta.id), %(delta_dims)s,
                   sum(delta.answer_count), sum(delta.satisfied_count)
              FROM satisfaction_answer_stat_delta delta
             WHERE NOT EXISTS (SELECT 1 FROM satisfaction_answer_stat stat
                                WHERE %(match)s)
          GROUP BY %(delta_dims)s""",
        stat_dims=columns(FINE_DIMS, "stat"),
        counts=counts,
        delta_dims=columns(FINE_DIMS, "delta"),
        match=key_match("stat", "delta", FINE_KEY),
    )
    # the columns of the roll-ups: one row source for the index report
    return SQL("SELECT * FROM %s derived", with_derived(SQL("(%s)", merged), "merged"))


def rollup_answer_stat(grain):
    """SQL of the ``grain`` roll-up rows plus the pending journal rows
    (projected to the grain), for grouped reads only: a row is not a group
    here, a journal row may even be negative (a correction); sums per group
    are exact."""
    assert grain in ROLLUPS, grain
    return SQL(
        """
            SELECT id, %(dims)s, answer_count, satisfied_count
              FROM satisfaction_answer_rollup WHERE grain = %(grain)s
         UNION ALL
            SELECT -delta.id, %(projected)s, delta.answer_count, delta.satisfied_count
              FROM satisfaction_answer_stat_delta delta""",
        dims=columns(ROLLUP_DIMS),
        grain=grain,
        projected=projected(grain, "delta"),
    )


def merged_period_stat(scope, counts=PERIOD_COUNTS, assisted=False):
    """SQL of (subject_id, month, counts...) of ``scope`` with the pending deltas:
    the period journal, and for the unit scopes the counts the answer and
    request journals stand for (``journal_unit_answer_rows``,
    ``journal_request_rows``).

    ``assisted``: False, the official counts (without the answers entered by
    staff or a surveyor); True, only what those answers add; None, every
    channel."""
    if assisted is None:
        which = SQL("scope = %s", scope)
    else:
        which = SQL("scope = %s AND assisted = %s", scope, assisted)
    unit_scopes = {unit_scope.scope for unit_scope in UNIT_SCOPES}
    pending = SQL()
    if scope in unit_scopes:
        # only the journals holding some of the counts read
        journals = [
            rows
            for rows, names in (
                (journal_unit_answer_rows(), ANSWER_COUNTS),
                (journal_request_rows(), REQUEST_COUNTS),
            )
            if not set(counts).isdisjoint(names)
        ]
        pending = SQL().join(
            SQL(
                """
                    UNION ALL
                    SELECT subject_id, month, %(counts)s
                      FROM (%(rows)s) journal WHERE %(which)s""",
                counts=columns(counts),
                rows=rows,
                which=which,
            )
            for rows in journals
        )
    return SQL(
        """
            SELECT subject_id, month, %(sums)s
              FROM (
                    SELECT subject_id, month, %(counts)s
                      FROM satisfaction_period_stat WHERE %(which)s
                    UNION ALL
                    SELECT subject_id, month, %(counts)s
                      FROM satisfaction_period_stat_delta WHERE %(which)s%(pending)s
                   ) stat
          GROUP BY subject_id, month""",
        sums=sums(counts, cast=SQL("int")),
        counts=columns(counts),
        which=which,
        pending=pending,
    )
