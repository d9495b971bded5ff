"""Keys, indexes and defaults of the statistics tables (the tables themselves
are Odoo models), and the engine's own tables: the request journal and the
inbox."""

from odoo.tools import SQL

from .dimensions import (
    FINE_COUNTS,
    FINE_KEY,
    INBOX,
    PERIOD_COUNTS,
    PERIOD_KEY,
    REQUEST_JOURNAL,
    REQUEST_STATE,
    ROLLUP_KEY,
    columns,
    key_list,
)

# Unique NULL-safe keys (an expression index serves ON CONFLICT and lookups):
# (index, table, key dimensions)
KEY_INDEXES = (
    ("satisfaction_answer_stat_key_index", "satisfaction_answer_stat", FINE_KEY),
    ("satisfaction_answer_rollup_key_index", "satisfaction_answer_rollup", ROLLUP_KEY),
    ("satisfaction_period_stat_key_index", "satisfaction_period_stat", PERIOD_KEY),
)

# The triggers write only the counts they change: the others default to 0.
COUNT_DEFAULTS = (
    ("satisfaction_answer_stat", FINE_COUNTS),
    ("satisfaction_answer_stat_delta", FINE_COUNTS),
    ("satisfaction_answer_rollup", FINE_COUNTS),
    ("satisfaction_period_stat", PERIOD_COUNTS),
    ("satisfaction_period_stat_delta", PERIOD_COUNTS),
)


def key_index_statements():
    """Drop and create each key: ``IF NOT EXISTS`` alone would keep an older
    key under the same name."""
    statements = []
    for index, table, key in KEY_INDEXES:
        statements.append(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(index)))
        statements.append(
            SQL(
                "CREATE UNIQUE INDEX %s ON %s (%s)",
                SQL.identifier(index),
                SQL.identifier(table),
                key_list(key),
            )
        )
    return statements


def other_index_statements():
    return [
        # the index report's list order (latest months first)
        SQL(
            "CREATE INDEX IF NOT EXISTS satisfaction_answer_stat_order_index"
            " ON satisfaction_answer_stat (month DESC, unit_id, criterion_id)"
        ),
        # a consolidated row's pending journal rows (merged reads of lists)
        SQL(
            "CREATE INDEX IF NOT EXISTS satisfaction_answer_stat_delta_key_index"
            " ON satisfaction_answer_stat_delta (criterion_id, month)"
        ),
    ]


# Dimensions written with a default (an officer's request count is never assisted).
DIMENSION_DEFAULTS = (
    ("satisfaction_period_stat", "assisted", SQL("false")),
    ("satisfaction_period_stat_delta", "assisted", SQL("false")),
)


def default_statements():
    counts = [
        SQL(
            "ALTER TABLE %s %s",
            SQL.identifier(table),
            SQL(", ").join(
                SQL("ALTER COLUMN %s SET DEFAULT 0", SQL.identifier(name))
                for name in names
            ),
        )
        for table, names in COUNT_DEFAULTS
    ]
    dimensions = [
        SQL(
            "ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s",
            SQL.identifier(table),
            SQL.identifier(name),
            default,
        )
        for table, name, default in DIMENSION_DEFAULTS
    ]
    return counts + dimensions


def request_journal_statements():
    """The request journal: the columns of ``satisfaction_request_stat``'s
    state and a sign. No Odoo model: only the engine writes and reads it
    (the reports see what it stands for). Dropped and created again with
    the definition: the rebuild that follows an install empties every
    journal anyway."""
    return [
        SQL("DROP TABLE IF EXISTS %s", REQUEST_JOURNAL),
        SQL(
            "CREATE TABLE %s AS SELECT 0 AS sign, %s FROM satisfaction_request_stat"
            " WITH NO DATA",
            REQUEST_JOURNAL,
            columns(REQUEST_STATE),
        ),
        SQL("ALTER TABLE %s ALTER COLUMN sign SET NOT NULL", REQUEST_JOURNAL),
    ]


def inbox_statements():
    """The inbox of ratings counted after their commit (``triggers.to_inbox``):
    a response's or an answer's id. Dropped and created again with the
    definition, like the request journal: the rebuild that follows counts
    every rating from the raw tables."""
    return [
        SQL("DROP TABLE IF EXISTS %s", INBOX),
        SQL("CREATE TABLE %s (response_id integer, line_id integer)", INBOX),
    ]


def statements():
    return (
        key_index_statements()
        + other_index_statements()
        + default_statements()
        + request_journal_statements()
        + inbox_statements()
    )
