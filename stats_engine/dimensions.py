"""What the statistics count, and along which dimensions: the one description
from which every column list, key, projection and roll-up of the engine is
generated.

Tables (their Odoo models are in ``models/``):

``satisfaction_answer_stat``
    scale answers counted per fine key (``FINE_DIMENSIONS``): answers,
    satisfied answers, answers per level (``FINE_COUNTS``);
``satisfaction_answer_rollup``
    the same counts at the coarser grains of ``ROLLUPS``, for grouped reads;
``satisfaction_period_stat``
    counts per unit and month (scope ``unit``: the receiving unit; scope
    ``competent``: the competent agency, ``UNIT_SCOPES``) and per officer and
    month (scope ``officer``): ``PERIOD_COUNTS``; the rows with ``assisted``
    hold what the answers entered by staff or a surveyor
    (``ASSISTED_CHANNELS``) add, so that the official figures are the rows
    without it (``DOSSIER_PARTS``);
``satisfaction_request_stat``
    one row per rating request (``REQUEST_STATE``): what it contributes to
    the dossier counts, the "before" state of a change;
``satisfaction_answer_stat_delta``, ``satisfaction_period_stat_delta``,
``satisfaction_request_stat_delta``
    the journals of signed changes the triggers append. A change of answers
    is journaled once, in the answer journal, and a change of a request's
    row as the old row (sign -1) and the new one (sign +1) in the request
    journal (a table of the engine, ``schema.py``): the unit scopes' period
    statistics they stand for are derived where the journals are read or
    folded (``journal_unit_answer_rows``, ``journal_request_rows``), not
    written by the triggers, which keeps a rating's statements few and
    cheap to plan.

Adding a roll-up grain is one entry in ``ROLLUPS``: the table key, the
consolidation, the rebuild, the check and the index report's choice of
grain all follow.
"""

from collections.abc import Callable
from typing import NamedTuple

from odoo.tools import SQL

# Vietnam has a single time zone; months are counted in local time.
from ..satisfaction_survey.periods import LOCAL_TZ

# Answers given with someone else's help (typed in by an officer or a
# surveyor): kept and shown apart, left out of the official figures. Every
# other channel is self-service.
ASSISTED_CHANNELS = ("staff", "surveyor")


def is_assisted(channel):
    """SQL: the response channel ``channel`` (SQL) is an assisted one (never NULL)."""
    return SQL("coalesce(%s IN %s, false)", channel, ASSISTED_CHANNELS)


# Every engine function is named with it (the uninstall drops them by it).
FUNCTION_PREFIX = "satisfaction_stat_"


class Dimension(NamedTuple):
    name: str
    # column type, for the NULL a coarser grain puts in its place
    sql_type: SQL
    # what NULL stands for in a unique key (None: never NULL)
    null_key: SQL | None


FINE_DIMENSIONS = (
    Dimension("month", SQL("date"), None),
    Dimension("questionnaire_id", SQL("integer"), SQL("0")),
    Dimension("element_id", SQL("integer"), SQL("0")),
    Dimension("criterion_id", SQL("integer"), SQL("0")),
    Dimension("officer_id", SQL("integer"), SQL("0")),
    # the receiving centre or point, and the agency competent to decide
    Dimension("unit_id", SQL("integer"), SQL("0")),
    Dimension("competent_unit_id", SQL("integer"), SQL("0")),
    Dimension("procedure_id", SQL("integer"), SQL("0")),
    Dimension("channel", SQL("varchar"), SQL("''")),
    Dimension("company_id", SQL("integer"), SQL("0")),
)
FINE_DIMS = tuple(dimension.name for dimension in FINE_DIMENSIONS)


class DerivedDimension(NamedTuple):
    """A roll-up dimension computed from a fine one: far fewer values than
    its source, so a grain can keep it where the source would multiply its
    rows. A grain keeping the source keeps it too (it adds no row there)."""

    dimension: Dimension
    source: str
    # SQL of the value from the source column (SQL)
    expression: Callable[[SQL], SQL]


# The official figures are the self-service answers (ASSISTED_CHANNELS):
# the official readers group and filter by this, never by the channel.
DERIVED_DIMENSIONS = (
    DerivedDimension(
        Dimension("assisted", SQL("boolean"), SQL("false")),
        "channel",
        is_assisted,
    ),
)
DERIVED = {derived.dimension.name: derived for derived in DERIVED_DIMENSIONS}
# the columns of the roll-ups (the fine ones, then the derived ones)
ROLLUP_DIMENSIONS = (
    *FINE_DIMENSIONS,
    *(derived.dimension for derived in DERIVED_DIMENSIONS),
)
ROLLUP_DIMS = tuple(dimension.name for dimension in ROLLUP_DIMENSIONS)

# A grain listing YEAR keeps ``month`` as the first day of its year: each
# row sums twelve months, read only by queries that take whole years
# (``periods.selects_whole_years``) and group by year at most.
YEAR = "year"

# Roll-up grains: the dimensions each keeps (the others are NULL), smallest
# first: the index report reads the first grain that holds every field of a
# query. Rows on the province data set (24 months): unit 137 K, officer
# 253 K, procedure_criterion 137 K, officer_channel 145 K,
# officer_procedure_year 284 K, channel 469 K, procedure 502 K,
# officer_procedure 755 K (fine: 7.1 M); bench/README.md, "Reviewer
# groupings at province scale", says why these.
ROLLUPS = {
    # also what the period statistics read (UNIT_SCOPES), and the official
    # (self-service) figures per unit, element and criterion
    "unit": (
        "month",
        "questionnaire_id",
        "element_id",
        "criterion_id",
        "unit_id",
        "company_id",
        "assisted",
    ),
    # a dossier is received by one unit and decided by another (NĐ 118/2025
    # Điều 3.7, 14.2): the pairs are few, the grain is about the unit's size
    "competent_unit": (
        "month",
        "questionnaire_id",
        "element_id",
        "criterion_id",
        "unit_id",
        "competent_unit_id",
        "company_id",
        "assisted",
    ),
    # with the official officer figures (XLSX Officers sheet, dashboards)
    "officer": (
        "month",
        "questionnaire_id",
        "element_id",
        "criterion_id",
        "officer_id",
        "unit_id",
        "company_id",
        "assisted",
    ),
    "procedure_criterion": (
        "month",
        "questionnaire_id",
        "element_id",
        "criterion_id",
        "procedure_id",
        "company_id",
    ),
    "officer_channel": (
        "month",
        "questionnaire_id",
        "officer_id",
        "unit_id",
        "channel",
        "company_id",
    ),
    # officer x procedure for a year (86 K groups): 3 times fewer rows than
    # the monthly grain holds for a year; also unit x procedure for a year
    "officer_procedure_year": (
        YEAR,
        "questionnaire_id",
        "officer_id",
        "unit_id",
        "procedure_id",
        "company_id",
    ),
    "channel": (
        "month",
        "questionnaire_id",
        "element_id",
        "criterion_id",
        "unit_id",
        "channel",
        "company_id",
    ),
    "procedure": (
        "month",
        "questionnaire_id",
        "unit_id",
        "procedure_id",
        "channel",
        "company_id",
    ),
    "officer_procedure": (
        "month",
        "questionnaire_id",
        "officer_id",
        "unit_id",
        "procedure_id",
        "company_id",
    ),
}

# Levels of the 5-level scale counted one by one (the weighted score needs them).
LEVELS = (1, 2, 3, 4, 5)
LEVEL_COUNTS = (
    "level1_count",
    "level2_count",
    "level3_count",
    "level4_count",
    "level5_count",
)
FINE_COUNTS = ("answer_count", "satisfied_count", *LEVEL_COUNTS)

# Per unit and month: dossiers by the month their request was created ...
DOSSIER_COUNTS = (
    "request_count",
    "answered_count",
    "dissatisfied_count",
    "overdue_count",
    "flagged_count",
)
# ... then ratings and answers by the month of the response.
ANSWER_COUNTS = (
    "answer_count",
    "satisfied_count",
    "officer_answer_count",
    "officer_satisfied_count",
    "overall_answer_count",
    "overall_satisfied_count",
    *LEVEL_COUNTS,
)
REQUEST_COUNTS = (*DOSSIER_COUNTS, "response_count")
PERIOD_COUNTS = (*REQUEST_COUNTS, *ANSWER_COUNTS)
PERIOD_DIMENSIONS = (
    Dimension("scope", SQL("varchar"), None),
    Dimension("subject_id", SQL("integer"), SQL("0")),
    Dimension("month", SQL("date"), None),
    # counts added by assisted answers (see ASSISTED_CHANNELS)
    Dimension("assisted", SQL("boolean"), None),
)
PERIOD_DIMS = tuple(dimension.name for dimension in PERIOD_DIMENSIONS)


class UnitScope(NamedTuple):
    """Units the period statistics count dossiers and answers by."""

    # satisfaction_period_stat.scope
    scope: str
    # the column of the request and of the response naming the unit
    column: str
    # the answer roll-up grain that keeps that column, the criterion and
    # ``assisted`` (what the period statistics read)
    grain: str

    @property
    def response_column(self):
        """The request state's column for the unit of the response."""
        return "response_" + self.column


# By the receiving unit (scope "unit") and by the competent agency.
UNIT_SCOPES = (
    UnitScope("unit", "unit_id", "unit"),
    UnitScope("competent", "competent_unit_id", "competent_unit"),
)

REQUEST_STATE = (
    "request_id",
    *(unit_scope.column for unit_scope in UNIT_SCOPES),
    "month",
    "answered",
    "dissatisfied",
    "late",
    # the response was entered by staff or a surveyor
    "assisted",
    *(unit_scope.response_column for unit_scope in UNIT_SCOPES),
    "response_month",
)

# A request's dossier counts (REQUEST_STATE names), split by ``assisted``:
# the official row counts the dossier as returned and overdue, and as rated
# (dissatisfied) only when rated by the citizen; the assisted row adds what
# an assisted rating adds, so that the two rows sum to the counts of every
# channel.
DOSSIER_PARTS = {
    False: {
        "request_count": SQL("TRUE"),
        "answered_count": SQL("(answered AND NOT assisted)"),
        "dissatisfied_count": SQL("(dissatisfied AND NOT assisted)"),
        "overdue_count": SQL("late"),
        "flagged_count": SQL("((dissatisfied AND NOT assisted) OR late)"),
    },
    True: {
        "answered_count": SQL("(answered AND assisted)"),
        "dissatisfied_count": SQL("(dissatisfied AND assisted)"),
        "flagged_count": SQL("(dissatisfied AND assisted AND NOT late)"),
    },
}


# ----------------------------------------------------------------------
# SQL generated from the description above
# ----------------------------------------------------------------------


def columns(names, alias=None):
    """``a, b`` or ``alias.a, alias.b``."""
    return SQL(", ").join(
        SQL.identifier(*filter(None, (alias, name))) for name in names
    )


def sums(names, alias=None, cast=None):
    """``sum(a), sum(b)``; with ``cast`` (an SQL type) ``sum(a)::cast``, named ``a``."""
    if cast is None:
        return SQL(", ").join(
            SQL("sum(%s)", SQL.identifier(*filter(None, (alias, name))))
            for name in names
        )
    return SQL(", ").join(
        SQL(
            "sum(%s)::%s AS %s",
            SQL.identifier(*filter(None, (alias, name))),
            cast,
            SQL.identifier(name),
        )
        for name in names
    )


def nonzero(expressions):
    """SQL: at least one of the counts ``expressions`` (SQL) is not 0."""
    expressions = list(expressions)
    return SQL(
        "(%s) <> (%s)",
        SQL(", ").join(expressions),
        SQL(", ").join(SQL("0") for _expression in expressions),
    )


def nonzero_columns(names, alias=None):
    return nonzero(SQL.identifier(*filter(None, (alias, name))) for name in names)


def nonzero_sums(names):
    return nonzero(SQL("sum(%s)", SQL.identifier(name)) for name in names)


def key_expressions(dimensions, alias=None, parenthesised=False):
    """The NULL-safe key of ``dimensions``: ``coalesce(unit_id, 0)`` for those
    that may be NULL. ``parenthesised``: as an index or ON CONFLICT lists them."""
    keys = []
    for dimension in dimensions:
        column = SQL.identifier(*filter(None, (alias, dimension.name)))
        if dimension.null_key is None:
            keys.append(column)
        elif parenthesised:
            keys.append(SQL("(coalesce(%s, %s))", column, dimension.null_key))
        else:
            keys.append(SQL("coalesce(%s, %s)", column, dimension.null_key))
    return keys


def key_list(dimensions):
    """``(month, (coalesce(questionnaire_id, 0)), ...)`` for an index or ON CONFLICT."""
    return SQL(", ").join(key_expressions(dimensions, parenthesised=True))


def key_match(left, right, dimensions):
    """SQL: rows ``left`` and ``right`` have the same NULL-safe key."""
    return SQL(" AND ").join(
        SQL("%s = %s", a, b)
        for a, b in zip(
            key_expressions(dimensions, left),
            key_expressions(dimensions, right),
            strict=True,
        )
    )


FINE_KEY = FINE_DIMENSIONS
ROLLUP_KEY = (Dimension("grain", SQL("varchar"), None), *ROLLUP_DIMENSIONS)
PERIOD_KEY = PERIOD_DIMENSIONS


def kept(grain, name):
    """Whether roll-up ``grain`` keeps dimension ``name`` (``month`` kept by
    year too)."""
    dims = ROLLUPS[grain]
    if name == "month" and YEAR in dims:
        return True
    return name in dims or (name in DERIVED and DERIVED[name].source in dims)


def _kept_expressions(grain, alias):
    """{name: SQL of its value in fine rows ``alias``} of what ``grain`` keeps."""
    expressions = {}
    for name in ROLLUP_DIMS:
        if not kept(grain, name):
            continue
        if name in DERIVED:
            source = SQL.identifier(*filter(None, (alias, DERIVED[name].source)))
            expressions[name] = DERIVED[name].expression(source)
        elif name == "month" and YEAR in ROLLUPS[grain]:
            expressions[name] = SQL(
                "date_trunc('year', %s)::date",
                SQL.identifier(*filter(None, (alias, name))),
            )
        else:
            expressions[name] = SQL.identifier(*filter(None, (alias, name)))
    return expressions


def projected(grain, alias=None):
    """The roll-up dimensions (ROLLUP_DIMS) of fine rows ``alias`` as
    ``grain`` keeps them (NULL for the others)."""
    expressions = _kept_expressions(grain, alias)
    return SQL(", ").join(
        expressions.get(dimension.name, SQL("NULL::%s", dimension.sql_type))
        for dimension in ROLLUP_DIMENSIONS
    )


def with_derived(source, alias="f"):
    """SQL: the fine rows ``source`` (SQL) with the derived dimensions, as
    the roll-ups have them."""
    return SQL(
        "(SELECT %s.*, %s FROM %s %s)",
        SQL.identifier(alias),
        SQL(", ").join(
            SQL(
                "%s AS %s",
                derived.expression(SQL.identifier(alias, derived.source)),
                SQL.identifier(derived.dimension.name),
            )
            for derived in DERIVED_DIMENSIONS
        ),
        source,
        SQL.identifier(alias),
    )


def rollup_select(grain, source, alias="s"):
    """SQL: rows of ``grain`` summed from fine rows ``source`` (SQL), as
    (grain, roll-up dimensions, fine counts)."""
    return SQL(
        "SELECT %s, %s, %s FROM %s %s GROUP BY %s",
        grain,
        projected(grain, alias),
        sums(FINE_COUNTS, alias),
        source,
        SQL.identifier(alias),
        SQL(", ").join(_kept_expressions(grain, alias).values()),
    )


def rollup_selects(source, alias="s"):
    """Every grain of ``source`` (SQL of fine rows), one UNION ALL."""
    return SQL(" UNION ALL ").join(
        rollup_select(grain, source, alias) for grain in ROLLUPS
    )


def month_of(column):
    """SQL of the first day of the local month of the UTC timestamp ``column`` (SQL)."""
    return SQL(
        "date_trunc('month', (%s AT TIME ZONE 'UTC') AT TIME ZONE %s)::date",
        column,
        LOCAL_TZ,
    )


def period_rows(scope, subject, month, assisted, source, values):
    """SQL: rows of period statistics (PERIOD_DIMS, PERIOD_COUNTS) from
    ``source`` (SQL): every count from ``values`` ({count: SQL}), 0 for the
    others."""
    return SQL(
        "SELECT %s AS scope, %s AS subject_id, %s AS month, %s AS assisted, %s FROM %s",
        scope,
        subject,
        month,
        assisted,
        SQL(", ").join(
            SQL("%s AS %s", values.get(name, SQL("0")), SQL.identifier(name))
            for name in PERIOD_COUNTS
        ),
        source,
    )


def unit_answer_rows(unit_scope, answer_stat):
    """SQL: the answer counts of the period statistics of ``unit_scope``
    (PERIOD_DIMS, PERIOD_COUNTS), one row per row of ``answer_stat`` (SQL of
    answer statistics rows holding the unit column, the criterion, the
    questionnaire and ``assisted``: fine rows, a roll-up or the journal).
    The officer and overall counts read the criterion's flags now (a flag
    changing rebuilds the period statistics); the level counts are those of
    the 5-level SIPAS scale only (the weighted score is defined on it)."""

    def when(flag, count):
        return SQL(
            "CASE WHEN %s THEN %s ELSE 0 END",
            SQL.identifier("criterion", flag),
            SQL.identifier("s", count),
        )

    return period_rows(
        unit_scope.scope,
        SQL.identifier("s", unit_scope.column),
        SQL("s.month"),
        SQL("s.assisted"),
        SQL(
            """%s s
                  JOIN satisfaction_criterion criterion ON criterion.id = s.criterion_id
                  JOIN satisfaction_questionnaire questionnaire
                    ON questionnaire.id = s.questionnaire_id
                  JOIN satisfaction_scale scale ON scale.id = questionnaire.scale_id""",
            answer_stat,
        ),
        {
            "answer_count": SQL("s.answer_count"),
            "satisfied_count": SQL("s.satisfied_count"),
            "officer_answer_count": when("is_officer_criterion", "answer_count"),
            "officer_satisfied_count": when("is_officer_criterion", "satisfied_count"),
            "overall_answer_count": when("is_overall", "answer_count"),
            "overall_satisfied_count": when("is_overall", "satisfied_count"),
            **{
                name: SQL(
                    "CASE WHEN scale.code = 'sipas5' THEN %s ELSE 0 END",
                    SQL.identifier("s", name),
                )
                for name in LEVEL_COUNTS
            },
        },
    )


# The answer triggers journal the answers only: the answer counts of the
# unit scopes' period statistics follow from that journal (read with it,
# folded with it), so a rating writes no period journal row for them.
ANSWER_JOURNAL = SQL("satisfaction_answer_stat_delta")


def journal_unit_answer_rows(journal=ANSWER_JOURNAL):
    """SQL: the period statistics rows (PERIOD_DIMS, PERIOD_COUNTS) the answer
    journal rows ``journal`` (SQL) stand for, every unit scope."""
    return SQL(" UNION ALL ").join(
        unit_answer_rows(unit_scope, with_derived(journal))
        for unit_scope in UNIT_SCOPES
    )


# A request's row changing is journaled as two rows of its state: what they
# stand for in the unit scopes' period statistics is derived where the
# journal is read or folded.
REQUEST_JOURNAL = SQL("satisfaction_request_stat_delta")

# The ratings saved by a public page: the responses and answers whose
# statistics are counted once their transaction has committed, on a kept
# connection (``triggers.drain_function``). A transaction sets
# DEFERRED_SETTING locally to 'on' to have its new responses and answers
# put there.
INBOX = SQL("satisfaction_stat_inbox")
DEFERRED_SETTING = "satisfaction.stat_deferred"


def unit_request_rows(unit_scope, request_state, sign=None):
    """SQL: the dossier counts and ratings of the period statistics of
    ``unit_scope`` (PERIOD_DIMS, PERIOD_COUNTS) that the request state rows
    ``request_state`` (SQL, REQUEST_STATE) stand for: the dossiers by the
    request's unit and month (the official part, and the assisted part of
    the assisted answers), the rating by the response's. ``sign``: SQL of
    the rows' sign (a journal's), or None."""

    def signed(value):
        return SQL("%s * %s", sign, value) if sign else value

    branches = [
        period_rows(
            unit_scope.scope,
            SQL.identifier(unit_scope.column),
            SQL("month"),
            SQL("%s", assisted),
            SQL(
                "%s WHERE month IS NOT NULL%s",
                request_state,
                SQL(" AND assisted") if assisted else SQL(),
            ),
            {
                name: signed(SQL("%s::int", expression))
                for name, expression in part.items()
            },
        )
        for assisted, part in DOSSIER_PARTS.items()
    ]
    branches.append(
        period_rows(
            unit_scope.scope,
            SQL.identifier(unit_scope.response_column),
            SQL("response_month"),
            SQL("assisted"),
            SQL("%s WHERE response_month IS NOT NULL", request_state),
            {"response_count": signed(SQL("1"))},
        )
    )
    return SQL(" UNION ALL ").join(branches)


def journal_request_rows(journal=REQUEST_JOURNAL):
    """SQL: the period statistics rows (PERIOD_DIMS, PERIOD_COUNTS) the
    request journal rows ``journal`` (SQL) stand for, every unit scope."""
    return SQL(" UNION ALL ").join(
        unit_request_rows(unit_scope, journal, SQL("sign"))
        for unit_scope in UNIT_SCOPES
    )


def journal_unit_rows(answers=ANSWER_JOURNAL, requests=REQUEST_JOURNAL):
    """SQL: the unit scopes' period statistics rows (PERIOD_DIMS,
    PERIOD_COUNTS) that the answer and request journals stand for."""
    return SQL(
        "%s UNION ALL %s",
        journal_unit_answer_rows(answers),
        journal_request_rows(requests),
    )
