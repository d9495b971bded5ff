"""The sheets of the XLSX workbook, declared: what each reads and shows.

A sheet says which report its rows come from (``Query``: model, groupby,
aggregates, extra domain, whether the questionnaire filter applies), which
wizard method turns the aggregated groups into rows (``rows``), and its
columns (``Column``: translatable header, the row key or a small accessor,
kind, width). ``SatisfactionXlsxWriter`` writes any sheet the same way:
title, filters, note, header, rows, autofilter, frozen panes and formats by
kind. A new column is one ``Column`` entry here.

Rows are dicts; a column reads ``row[key]``, a field of a record in the row
(``"procedure_id.code"``) or ``value(row)``. The figures of an index are
under ``FIGURE_KEYS`` (the scorecard lines' names), whatever the sheet.
"""

import dataclasses
from collections.abc import Callable
from typing import Any

from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# Column kinds: how a value is written (and formatted).
TEXT, INT, PCT, NUM, MONTH, BOOL = "text", "int", "pct", "num", "month", "bool"
# Row key: write the row in bold (element and overall rows of the Criteria sheet).
BOLD = "bold"

YES_NO = (_lt("Yes"), _lt("No"))
RELIABILITY = (_lt("Enough answers"), _lt("Not enough answers"))


@dataclasses.dataclass(frozen=True)
class Column:
    """One column: ``header`` (lazy, translated when written), the value
    (``row[key]``, ``row[key][name]`` for a key ``"key.name"``, or
    ``value(row)``), its kind and width.

    ``labels``: (when true, when false) written instead of the value, never
    empty. ``empty``: written when the value is missing. ``frozen``: part of
    the leading columns kept in view. ``when``: a boolean field of the wizard
    that must be set for the column to exist. ``each``: one column per item
    the rows bring under that name (``(item key, header args)``, the header
    is a template), reading ``row[key][item key]`` or ``default``.
    """

    header: Any
    key: str = ""
    kind: str = TEXT
    width: int = 10
    value: Callable | None = None
    labels: tuple | None = None
    empty: Any = None
    frozen: bool = False
    when: str = ""
    each: str = ""
    default: Any = None
    header_args: Any = ()

    def get(self, row):
        if self.value:
            return self.value(row)
        key, _dot, name = self.key.partition(".")
        value = row.get(key)
        return value[name] if name else value

    def expand(self, items):
        """The concrete columns of a declared one: one per item for ``each``."""
        if not self.each:
            return [self]
        return [
            dataclasses.replace(
                self,
                each="",
                header_args=args,
                value=lambda row, item=item: row[self.key].get(item, self.default),
            )
            for item, args in items.get(self.each, ())
        ]


@dataclasses.dataclass(frozen=True)
class Query:
    """Grouped read of a report model, through its ``_read_group``.

    ``aggregates`` may hold ``COUNTS``: every integer ``*_count`` field of the
    model, summed. ``split``: groupby put first when the wizard splits by
    unit. ``questionnaire``: the wizard's questionnaire filter applies.
    ``unless``: a wizard field that, when set, makes the read useless (the
    rows come from elsewhere).
    """

    model: str
    groupby: tuple
    aggregates: tuple = ("answer_count:sum", "satisfied_count:sum")
    domain: tuple = ()
    split: tuple = ()
    questionnaire: bool = False
    unless: str = ""

    def groupby_for(self, wizard):
        return [*(self.split if wizard.split_by_unit else ()), *self.groupby]


COUNTS = "*_count:sum"


@dataclasses.dataclass(frozen=True)
class Chart:
    """Column chart of ``value`` by ``category`` below the table, with
    ``line`` drawn as a line when a row has it."""

    title: Any
    category: str
    value: str
    line: str = ""


@dataclasses.dataclass(frozen=True)
class Sheet:
    """A worksheet. ``title``: lazy text, or a method name of the wizard that
    returns it. ``rows``: the wizard method ``(sheet, groups, first month,
    last month)`` turning the query's groups (dicts keyed by field name) into
    ``(rows, items)``: the rows in order, and the items of ``each`` columns."""

    name: Any
    title: Any
    query: Query
    rows: str
    columns: tuple
    note: Any = None
    chart: Chart | None = None

    def columns_for(self, wizard, items):
        return [
            concrete
            for column in self.columns
            if not column.when or wizard[column.when]
            for concrete in column.expand(items)
        ]


def unit_name(row):
    unit = row["unit_id"]
    return unit.complete_name or unit.name


# Row keys of a ``scoring.IndexFigure``'s values (the scorecard lines' names).
FIGURE_KEYS = {
    "answer_count": "answers",
    "satisfied_count": "satisfied",
    "satisfaction_index": "index",
    "index_low": "low",
    "index_high": "high",
    "enough_answers": "enough",
}


def index_columns(answers=None):
    """Answers, satisfied answers, index, its interval and whether the
    minimum sample is reached."""
    return (
        Column(answers or _lt("Answers"), "answer_count", INT, 10),
        Column(_lt("Satisfied Answers"), "satisfied_count", INT, 11),
        Column(_lt("Satisfaction Index"), "satisfaction_index", PCT, 12),
        Column(_lt("95 % Interval Low"), "index_low", PCT, 11),
        Column(_lt("95 % Interval High"), "index_high", PCT, 11),
        Column(_lt("Minimum Sample"), "enough_answers", TEXT, 16, labels=RELIABILITY),
    )


UNIT = Column(_lt("Unit"), "unit_id", TEXT, 34, value=unit_name, frozen=True)
SPLIT_UNIT = dataclasses.replace(UNIT, width=30, when="split_by_unit")
RATINGS = Column(_lt("Ratings"), "response_count", INT, 10)
TARGET = Column(_lt("Target"), "target_index", PCT, 10)
TARGET_GAP = Column(_lt("Gap to Target (pp)"), "target_gap", NUM, 11)
# A unit's figures, on the Scorecard and Units sheets.
UNIT_FIGURES = (
    *index_columns(),
    Column(_lt("Officer Index"), "officer_index", PCT, 11),
    Column(_lt("Overall Question Index"), "overall_index", PCT, 12),
    Column(_lt("Weighted Score (GOV.UK)"), "weighted_score", NUM, 12),
    Column(_lt("Dossiers Returned"), "request_count", INT, 11),
    Column(_lt("Dossiers Rated"), "answered_count", INT, 10),
    Column(_lt("Response Rate"), "response_rate", PCT, 11),
    Column(_lt("Dissatisfied or Overdue"), "flagged_count", INT, 12),
    Column(_lt("QĐ 766 Ratio"), "qd766_ratio", PCT, 11),
)
# Counter vs independent: the unit's latest closed verification survey
# overlapping the period (scorecard line fields of the same names).
VERIFICATION_FIGURES = (
    "campaign_counter_index",
    "campaign_independent_index",
    "campaign_independent_low",
    "campaign_independent_high",
    "campaign_gap",
    "campaign_p_value",
)
VERIFICATION_COLUMNS = (
    Column(_lt("Counter Index (survey period)"), "campaign_counter_index", PCT, 12),
    Column(_lt("Independent Index"), "campaign_independent_index", PCT, 12),
    Column(_lt("Independent Low (95 %)"), "campaign_independent_low", PCT, 11),
    Column(_lt("Independent High (95 %)"), "campaign_independent_high", PCT, 11),
    Column(_lt("Counter − Independent (pp)"), "campaign_gap", NUM, 12),
    Column(_lt("Gap p-value"), "campaign_p_value", NUM, 9),
    Column(_lt("Counter Significantly Above"), "campaign_flag", TEXT, 12),
)
UNIT_REPORT = "satisfaction.unit.period.report"
INDEX_REPORT = "satisfaction.index.report"
# The index report counts every channel (it shows the assisted answers
# apart); an exported figure is an official one: self-service answers only.
OFFICIAL = ("channel_mode", "=", "self")
THEME_REPORT = "satisfaction.comment.theme.report"

SCORECARD = Sheet(
    name=_lt("Scorecard"),
    title="_scorecard_title",
    note=_lt(
        "Index: share of 'Satisfied' and 'Very satisfied' answers (SIPAS), "
        "with its 95 % Wilson interval. QĐ 766 ratio: unrated dossiers count "
        "as satisfied, read it with the response rate."
    ),
    query=Query(UNIT_REPORT, ("unit_id",), (COUNTS,), unless="scorecard_id"),
    rows="_rows_scorecard",
    columns=(
        Column(_lt("Rank"), "rank", INT, 7, frozen=True),
        UNIT,
        RATINGS,
        *UNIT_FIGURES,
        Column(
            _lt("%(rule)s (points, max %(max)s)"),
            "points",
            NUM,
            14,
            each="rules",
            default=0.0,
        ),
        Column(_lt("Total Points"), "total_points", NUM, 10),
        Column(_lt("Out of"), "max_points", NUM, 8),
        TARGET,
        TARGET_GAP,
        Column(_lt("Target Met"), "meets_target", BOOL, 9, labels=YES_NO),
        *VERIFICATION_COLUMNS,
    ),
    chart=Chart(
        _lt("Satisfaction index by unit"),
        category="unit_id",
        value="satisfaction_index",
        line="target_index",
    ),
)
SHEETS = (
    SCORECARD,
    Sheet(
        name=_lt("Units"),
        title=_lt("Satisfaction per unit and month"),
        note=_lt(
            "Ratings and answers by the month of the answer; dossiers by the "
            "month they were returned."
        ),
        query=Query(
            UNIT_REPORT, ("unit_id", "month:month"), (COUNTS, "target_index:max")
        ),
        rows="_rows_units",
        columns=(
            UNIT,
            Column(_lt("Month"), "month", MONTH, 9, frozen=True),
            RATINGS,
            *UNIT_FIGURES,
            TARGET,
            TARGET_GAP,
        ),
    ),
    Sheet(
        name=_lt("Officers"),
        title=_lt("Officers per month, on the officer criteria"),
        note=_lt(
            "An officer is counted in each unit where they were rated. "
            "The minimum sample is checked on the officer's answers."
        ),
        query=Query(
            INDEX_REPORT,
            ("officer_id", "unit_id", "month:month", "criterion_id"),
            domain=(
                ("is_officer_criterion", "=", True),
                ("officer_id", "!=", False),
                OFFICIAL,
            ),
            questionnaire=True,
        ),
        rows="_rows_officers",
        columns=(
            Column(_lt("Officer"), "officer_id.name", TEXT, 28, frozen=True),
            dataclasses.replace(UNIT, width=30, frozen=False),
            Column(_lt("Month"), "month", MONTH, 9),
            *index_columns(_lt("Officer Answers")),
            Column(_lt("%s (index)"), "criteria", PCT, 14, each="criteria"),
        ),
    ),
    Sheet(
        name=_lt("Procedures"),
        title=_lt("Satisfaction per administrative procedure"),
        query=Query(
            INDEX_REPORT,
            ("procedure_id",),
            domain=(OFFICIAL,),
            split=("unit_id",),
            questionnaire=True,
        ),
        rows="_rows_procedures",
        columns=(
            SPLIT_UNIT,
            Column(_lt("Procedure Code"), "procedure_id.code", TEXT, 14, frozen=True),
            Column(
                _lt("Procedure"),
                "procedure_id.name",
                TEXT,
                40,
                empty=_lt("(no procedure)"),
                frozen=True,
            ),
            Column(_lt("Field"), "procedure_id.field_name", TEXT, 16),
            *index_columns(),
        ),
    ),
    Sheet(
        name=_lt("Criteria"),
        title=_lt("Satisfaction per element and criterion (SIPAS)"),
        note=_lt(
            "Element and overall figures are computed from the summed answers "
            "of their criteria, never as a mean of indices."
        ),
        query=Query(
            INDEX_REPORT,
            ("questionnaire_id", "element_id", "criterion_id"),
            domain=(OFFICIAL,),
            split=("unit_id",),
            questionnaire=True,
        ),
        rows="_rows_criteria",
        columns=(
            SPLIT_UNIT,
            Column(_lt("Questionnaire"), "questionnaire", TEXT, 24, frozen=True),
            Column(_lt("Level"), "level", TEXT, 10, frozen=True),
            Column(_lt("Element"), "element", TEXT, 30, frozen=True),
            Column(_lt("Criterion"), "criterion", TEXT, 50),
            *index_columns(),
        ),
    ),
    Sheet(
        name=_lt("Themes"),
        title=_lt("What citizens write about: themes of comments"),
        note=_lt(
            "Ratings whose comment or low-score reason speaks of the theme; a "
            "rating may speak of several themes. Groups of fewer ratings than the "
            "minimum group size are left empty, examples included."
        ),
        query=Query(
            THEME_REPORT,
            ("theme_id",),
            (
                "rating_count:sum",
                "complaint_count:sum",
                "praise_count:sum",
                "low_count:sum",
            ),
            split=("unit_id",),
        ),
        rows="_rows_themes",
        columns=(
            SPLIT_UNIT,
            Column(_lt("Theme"), "theme_id.name", TEXT, 28, frozen=True),
            Column(_lt("Ratings Mentioning"), "rating_count", INT, 12),
            Column(_lt("Criticisms"), "complaint_count", INT, 11),
            Column(_lt("Praise"), "praise_count", INT, 10),
            Column(_lt("Rated Low"), "low_count", INT, 10),
            Column(_lt("Rated Low (%)"), "low_share", PCT, 11),
            Column(_lt("Examples"), "examples", TEXT, 70),
        ),
    ),
)
