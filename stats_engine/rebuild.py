# ruff: noqa: E501  (SQL text: long lines read better than split ones)
"""The statistics from scratch, and the folding of the journals.

``satisfaction_stat_rebuild()`` recomputes every table from the raw ones
(after a bulk load with triggers disabled, or a changed definition);
``satisfaction_stat_rebuild_periods()`` only what depends on the criteria's
*overall* and *officer* flags; ``satisfaction_stat_consolidate()`` (a cron
every few minutes) folds the journals into the consolidated tables and the
roll-ups. They delete only the journal rows their snapshot sees, so they
are safe beside writers. ``check_queries`` compares the incremental
statistics with a computation from scratch (tests, bench).
"""

from odoo.tools import SQL

from .dimensions import (
    FINE_COUNTS,
    FINE_DIMS,
    FINE_KEY,
    INBOX,
    LEVEL_COUNTS,
    LEVELS,
    PERIOD_COUNTS,
    PERIOD_DIMS,
    PERIOD_KEY,
    REQUEST_JOURNAL,
    REQUEST_STATE,
    ROLLUP_DIMS,
    ROLLUP_KEY,
    ROLLUPS,
    UNIT_SCOPES,
    columns,
    is_assisted,
    journal_unit_rows,
    key_list,
    month_of,
    nonzero_sums,
    period_rows,
    projected,
    rollup_selects,
    sums,
    unit_answer_rows,
    unit_request_rows,
    with_derived,
)
from .triggers import LINE_FIELDS, plpgsql, request_units, response_units

CONSOLIDATE = SQL.identifier("satisfaction_stat_consolidate")
REBUILD_PERIODS = SQL.identifier("satisfaction_stat_rebuild_periods")


def fresh_fine_select():
    """SQL: the answer statistics computed from the raw tables (one GROUP BY),
    as (FINE_DIMS, FINE_COUNTS)."""
    # the dimensions in FINE_DIMS order: of the line (l) or of the response (r)
    dims = [
        month_of(SQL("r.date"))
        if name == "month"
        else SQL.identifier("l" if name in LINE_FIELDS else "r", name)
        for name in FINE_DIMS
    ]
    return SQL(
        """
        SELECT %(named)s,
               count(*) AS answer_count,
               count(*) FILTER (WHERE l.is_satisfied) AS satisfied_count,
               %(levels)s
          FROM satisfaction_response_line l
          JOIN satisfaction_response r ON r.id = l.response_id
         WHERE l.value > 0
      GROUP BY %(dims)s""",
        named=SQL(", ").join(
            SQL("%s AS %s", dim, SQL.identifier(name))
            for dim, name in zip(dims, FINE_DIMS, strict=True)
        ),
        dims=SQL(", ").join(dims),
        levels=SQL(", ").join(
            SQL(
                "count(*) FILTER (WHERE l.value = %s) AS %s",
                level,
                SQL.identifier(name),
            )
            for level, name in zip(LEVELS, LEVEL_COUNTS, strict=True)
        ),
    )


def fresh_request_select():
    """SQL: every request's state row (REQUEST_STATE), from the raw tables
    with hash joins."""
    return SQL(
        """
        SELECT request.id AS request_id, %(units)s, %(month)s AS month,
               response.id IS NOT NULL AS answered,
               dissatisfied.response_id IS NOT NULL AS dissatisfied,
               coalesce(dossier.is_late, request.is_late, false) AS late,
               %(assisted)s AS assisted,
               %(response_units)s, %(response_month)s AS response_month
          FROM satisfaction_request request
     LEFT JOIN satisfaction_response response ON response.request_id = request.id
     LEFT JOIN (
                SELECT DISTINCT line.response_id
                  FROM satisfaction_response_line line
                  JOIN satisfaction_criterion criterion
                    ON criterion.id = line.criterion_id AND criterion.is_overall
                 WHERE line.value > 0 AND NOT line.is_satisfied
               ) dissatisfied ON dissatisfied.response_id = response.id
     LEFT JOIN satisfaction_dossier dossier
            ON request.res_model = 'satisfaction.dossier' AND dossier.id = request.res_id""",
        units=request_units(),
        response_units=response_units(),
        month=month_of(SQL("request.create_date")),
        response_month=month_of(SQL("response.date")),
        assisted=is_assisted(SQL("response.channel")),
    )


REQUEST_STAT = SQL("satisfaction_request_stat")
ANSWER_STAT = SQL("satisfaction_answer_stat")


def fresh_period_select(request_state=REQUEST_STAT, answer_stat=None):
    """SQL: the period statistics from the request states, the answer
    statistics and the raw answers of officer criteria.

    ``answer_stat``: {scope of UNIT_SCOPES: SQL of answer statistics rows
    holding its unit column, the criterion and ``assisted``}; the fine rows
    when not given."""
    answer_stat = answer_stat or {}

    branches = []
    for unit_scope in UNIT_SCOPES:
        branches += [
            unit_request_rows(unit_scope, request_state),
            unit_answer_rows(
                unit_scope,
                answer_stat.get(unit_scope.scope, with_derived(ANSWER_STAT)),
            ),
        ]
    branches += [
        period_rows(
            "officer",
            SQL("p.officer_id"),
            month_of(SQL("r.date")),
            is_assisted(SQL("r.channel")),
            SQL(
                """(SELECT DISTINCT line.response_id, line.officer_id
                     FROM satisfaction_response_line line
                     JOIN satisfaction_criterion criterion
                       ON criterion.id = line.criterion_id AND criterion.is_officer_criterion
                    WHERE line.officer_id IS NOT NULL) p
                  JOIN satisfaction_response r ON r.id = p.response_id"""
            ),
            {"response_count": SQL("1")},
        ),
        period_rows(
            "officer",
            SQL("rel.hr_employee_id"),
            SQL("state.month"),
            SQL("false"),
            SQL(
                """hr_employee_satisfaction_request_rel rel
                  JOIN %s state ON state.request_id = rel.satisfaction_request_id
                 WHERE state.month IS NOT NULL""",
                request_state,
            ),
            {"request_count": SQL("1")},
        ),
    ]
    return SQL(
        """
        SELECT scope, subject_id, month, assisted, %s
          FROM (%s) contributions
      GROUP BY scope, subject_id, month, assisted
        HAVING %s""",
        sums(PERIOD_COUNTS, cast=SQL("int")),
        SQL(" UNION ALL ").join(branches),
        nonzero_sums(PERIOD_COUNTS),
    )


# rare, bulk operations: sorts and hashes in memory rather than on disk
BULK_SETTINGS = SQL("SET work_mem = '256MB'")


def rebuild_functions():
    """``satisfaction_stat_rebuild()`` (everything) and
    ``satisfaction_stat_rebuild_periods()`` (what depends on the criteria's
    flags: the per-request rows and the period statistics, from the roll-up
    holding each unit scope's column, the criterion and ``assisted``,
    ``UnitScope.grain``; a criterion's flags changing calls it)."""
    answers = SQL(
        """
    -- DELETE, not TRUNCATE: journal rows of transactions this snapshot does not see stay;
    -- the ratings of the inbox it sees are counted from the raw tables below
    DELETE FROM %(inbox)s;
    DELETE FROM satisfaction_answer_stat_delta;
    DELETE FROM satisfaction_answer_stat;
    INSERT INTO satisfaction_answer_stat (%(dims)s, %(counts)s) %(fresh)s;
    DELETE FROM satisfaction_answer_rollup;
    INSERT INTO satisfaction_answer_rollup (grain, %(rollup_dims)s, %(counts)s) %(rollups)s;
    PERFORM %(rebuild_periods)s();""",
        dims=columns(FINE_DIMS),
        rollup_dims=columns(ROLLUP_DIMS),
        counts=columns(FINE_COUNTS),
        fresh=fresh_fine_select(),
        rollups=rollup_selects(SQL("satisfaction_answer_stat")),
        rebuild_periods=REBUILD_PERIODS,
        inbox=INBOX,
    )
    periods = SQL(
        """
    -- the roll-ups hold every answer once the journal is folded in
    PERFORM %(consolidate)s();
    DELETE FROM satisfaction_request_stat;
    INSERT INTO satisfaction_request_stat (%(state)s) %(fresh_requests)s;
    DELETE FROM satisfaction_period_stat_delta;
    DELETE FROM %(request_journal)s;
    DELETE FROM satisfaction_period_stat;
    INSERT INTO satisfaction_period_stat (%(period_dims)s, %(counts)s) %(fresh_periods)s;""",
        consolidate=CONSOLIDATE,
        request_journal=REQUEST_JOURNAL,
        state=columns(REQUEST_STATE),
        fresh_requests=fresh_request_select(),
        period_dims=columns(PERIOD_DIMS),
        counts=columns(PERIOD_COUNTS),
        fresh_periods=fresh_period_select(
            answer_stat={
                unit_scope.scope: SQL(
                    "(SELECT * FROM satisfaction_answer_rollup WHERE grain = %s)",
                    unit_scope.grain,
                )
                for unit_scope in UNIT_SCOPES
            }
        ),
    )
    return [
        plpgsql(
            "satisfaction_stat_rebuild_periods",
            periods,
            declare=SQL(),
            returns=SQL("void"),
            result=SQL(),
            settings=BULK_SETTINGS,
        ),
        plpgsql(
            "satisfaction_stat_rebuild",
            answers,
            declare=SQL(),
            returns=SQL("void"),
            result=SQL(),
            settings=BULK_SETTINGS,
        ),
    ]


def _add_excluded(table, names):
    """``a = table.a + EXCLUDED.a, ...`` (ON CONFLICT DO UPDATE)."""
    return SQL(", ").join(
        SQL(
            "%s = %s + EXCLUDED.%s",
            SQL.identifier(name),
            SQL.identifier(table, name),
            SQL.identifier(name),
        )
        for name in names
    )


def consolidate_function():
    """``satisfaction_stat_consolidate()``: move the journals into the
    consolidated tables; returns the number of rows written."""
    body = SQL(
        """
    -- the ratings still in the inbox first, so that the figures are whole
    PERFORM satisfaction_stat_drain();
    -- one statement: the journal rows moved are exactly those added to the
    -- fine, coarse and period tables (the answer and request journals hold
    -- unit scopes' period counts too: journal_unit_rows)
    WITH moved AS (DELETE FROM satisfaction_answer_stat_delta RETURNING *),
    moved_period AS (DELETE FROM satisfaction_period_stat_delta RETURNING *),
    moved_requests AS (DELETE FROM %(request_journal)s RETURNING *),
    fine AS (
        INSERT INTO satisfaction_answer_stat (%(dims)s, %(counts)s)
        SELECT %(dims)s, %(fine_sums)s FROM moved GROUP BY %(dims)s
        ON CONFLICT (%(fine_key)s) DO UPDATE SET %(fine_update)s
        RETURNING 1
    ),
    rollup AS (
        INSERT INTO satisfaction_answer_rollup (grain, %(rollup_dims)s, %(counts)s)
        %(rollups)s
        ON CONFLICT (%(rollup_key)s) DO UPDATE SET %(rollup_update)s
        RETURNING 1
    ),
    period AS (
        INSERT INTO satisfaction_period_stat (%(period_dims)s, %(period_counts)s)
        SELECT %(period_dims)s, %(period_sums)s
          FROM (SELECT %(period_dims)s, %(period_counts)s FROM moved_period
                UNION ALL %(unit_answers)s) changes
      GROUP BY %(period_dims)s
        HAVING %(period_nonzero)s
        ON CONFLICT (%(period_key)s) DO UPDATE SET %(period_update)s
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM fine) + (SELECT count(*) FROM rollup)
           + (SELECT count(*) FROM period) INTO moved_rows;""",
        dims=columns(FINE_DIMS),
        rollup_dims=columns(ROLLUP_DIMS),
        counts=columns(FINE_COUNTS),
        fine_sums=sums(FINE_COUNTS),
        fine_key=key_list(FINE_KEY),
        fine_update=_add_excluded("satisfaction_answer_stat", FINE_COUNTS),
        rollups=rollup_selects(SQL("moved")),
        rollup_key=key_list(ROLLUP_KEY),
        rollup_update=_add_excluded("satisfaction_answer_rollup", FINE_COUNTS),
        period_dims=columns(PERIOD_DIMS),
        period_counts=columns(PERIOD_COUNTS),
        period_sums=sums(PERIOD_COUNTS),
        request_journal=REQUEST_JOURNAL,
        unit_answers=journal_unit_rows(SQL("moved"), SQL("moved_requests")),
        period_nonzero=nonzero_sums(PERIOD_COUNTS),
        period_key=key_list(PERIOD_KEY),
        period_update=_add_excluded("satisfaction_period_stat", PERIOD_COUNTS),
    )
    return plpgsql(
        "satisfaction_stat_consolidate",
        body,
        declare=SQL("moved_rows integer;"),
        returns=SQL("integer"),
        result=SQL("RETURN moved_rows;"),
    )


def functions():
    return [consolidate_function(), *rebuild_functions()]


# ----------------------------------------------------------------------
# Check: the incremental statistics against a computation from scratch
# ----------------------------------------------------------------------


def _differences(left, right):
    """SQL: the number of rows in one of ``left``, ``right`` and not the other."""
    return SQL(
        """
        SELECT count(*) FROM (
            (SELECT * FROM (%(left)s) a EXCEPT ALL SELECT * FROM (%(right)s) b)
            UNION ALL
            (SELECT * FROM (%(right)s) b EXCEPT ALL SELECT * FROM (%(left)s) a)
        ) differences""",
        left=left,
        right=right,
    )


def _merged(dims, counts, consolidated, journal, cast=None):
    """SQL: consolidated rows plus journal rows (both SQL of dims and counts),
    summed per key, without the keys whose counts add up to 0."""
    return SQL(
        """
        SELECT %(dims)s, %(sums)s
          FROM (%(consolidated)s UNION ALL %(journal)s) s
      GROUP BY %(dims)s
        HAVING %(nonzero)s""",
        dims=columns(dims),
        sums=sums(counts, cast=cast) if cast else sums(counts),
        consolidated=consolidated,
        journal=journal,
        nonzero=nonzero_sums(counts),
    )


def check_queries():
    """{table: SQL counting the rows where the statistics differ from scratch}."""
    fine_merged = _merged(
        FINE_DIMS,
        FINE_COUNTS,
        SQL(
            "SELECT %s, %s FROM satisfaction_answer_stat",
            columns(FINE_DIMS),
            columns(FINE_COUNTS),
        ),
        SQL(
            "SELECT %s, %s FROM satisfaction_answer_stat_delta",
            columns(FINE_DIMS),
            columns(FINE_COUNTS),
        ),
    )
    rollup_merged = _merged(
        ("grain", *ROLLUP_DIMS),
        FINE_COUNTS,
        SQL(
            "SELECT grain, %s, %s FROM satisfaction_answer_rollup",
            columns(ROLLUP_DIMS),
            columns(FINE_COUNTS),
        ),
        SQL(" UNION ALL ").join(
            SQL(
                "SELECT %s, %s, %s FROM satisfaction_answer_stat_delta",
                grain,
                projected(grain),
                columns(FINE_COUNTS),
            )
            for grain in ROLLUPS
        ),
    )
    period_merged = _merged(
        PERIOD_DIMS,
        PERIOD_COUNTS,
        SQL(
            "SELECT %s, %s FROM satisfaction_period_stat",
            columns(PERIOD_DIMS),
            columns(PERIOD_COUNTS),
        ),
        SQL(
            "SELECT %s, %s FROM satisfaction_period_stat_delta UNION ALL %s",
            columns(PERIOD_DIMS),
            columns(PERIOD_COUNTS),
            journal_unit_rows(),
        ),
        cast=SQL("int"),
    )
    fresh_fine = fresh_fine_select()
    return {
        "answer_rollup": _differences(
            rollup_selects(SQL("(%s)", fresh_fine)), rollup_merged
        ),
        "answer_stat": _differences(fresh_fine, fine_merged),
        "request_stat": _differences(
            SQL(
                "SELECT %s FROM (%s) r", columns(REQUEST_STATE), fresh_request_select()
            ),
            SQL("SELECT %s FROM satisfaction_request_stat", columns(REQUEST_STATE)),
        ),
        "period_stat": _differences(
            SQL(
                """WITH fresh_requests AS (%s), fresh_answers AS (%s) %s""",
                fresh_request_select(),
                fresh_fine,
                fresh_period_select(
                    SQL("fresh_requests"),
                    {
                        unit_scope.scope: with_derived(SQL("fresh_answers"))
                        for unit_scope in UNIT_SCOPES
                    },
                ),
            ),
            period_merged,
        ),
    }
