"""CCHC scoring schemes: indices with their trust figures, and points (pure functions).

Builds on :mod:`.indices` (the formulas themselves) and adds what a scorer
needs beside a percentage: the count behind it, a 95 % Wilson interval, a
"not enough answers" flag, the conversion of a figure into CCHC points by a
configurable rule, the ranking of units and the yearly targets.

Sources (see /work/shared/methodology.md):

* SIPAS: QĐ 2640/QĐ-BNV (2017), the questionnaire and its index (Ministry
  of Home Affairs); QĐ 1001/QĐ-BNV (2023) is the ministry's household-survey
  method, not a counter questionnaire.
* QĐ 766/QĐ-TTg (2022): real-time index of service to citizens, group
  "satisfaction" (18 of 100 points).
* GOV.UK satisfaction score (100·VS + 75·S + 50·N + 25·D + 0·VD) / n.
* CCHC / PAR Index scoring rules and targets (≥ 90 % in 2025, ≥ 95 % in
  2030): provincial decisions; they differ per province, so the rules are
  data passed to these functions, never constants.

Percentages are on a 0-100 scale with 2 decimals; ``None`` means "nothing to
divide by" and is never turned into 0 silently: points computed from ``None``
are 0 **and flagged**.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from . import qd766
from .formulas import CHANGE_PP, TARGET_FOR_YEAR
from .indices import (
    aggregate_counts,
    meets_minimum,
    qd766_satisfaction_ratio,
    response_rate,
    satisfaction_index,
    weighted_score,
    wilson_interval,
)
from .scales import SIPAS_5

# ----------------------------------------------------------------------
# Index figures
# ----------------------------------------------------------------------


@dataclass(frozen=True)
class IndexFigure:
    """A share with what a reader needs to trust it.

    ``index``, ``low`` and ``high`` are ``None`` when there is no answer;
    ``enough`` is False below the minimum number of answers (or of
    respondents, see :func:`aggregate_index`).
    """

    answers: int
    satisfied: int
    index: float | None
    low: float | None
    high: float | None
    enough: bool


def aggregate_index(
    rows: Iterable[tuple[int, int]], minimum: int = 0, sample: int | None = None
) -> IndexFigure:
    """SIPAS index of summed raw counts, with its 95 % Wilson interval.

    Source: QĐ 2640/QĐ-BNV (2017): the index is the share of
    "Hài lòng" + "Rất hài lòng"; an element's and the overall figure are
    computed from the raw counts of their criteria, never as a mean of
    indices (2023: elements 83.00 / 83.02 / 83.12 / 83.03 / 82.27, overall
    82.66). ``rows`` are ``(satisfied, answers)`` pairs.

    ``enough`` compares ``sample`` with ``minimum``; ``sample`` defaults to
    the number of answers. Pass the number of respondents when one
    respondent answers several criteria (a quota of "30 ratings" means 30
    citizens, not 30 answer lines). The Wilson interval treats answers as
    independent: with several criteria per respondent it is too narrow, so
    read it as a lower bound on the uncertainty.
    """
    satisfied, answers = aggregate_counts(rows)
    interval = wilson_interval(satisfied, answers)
    low, high = interval if interval else (None, None)
    if minimum < 0:
        raise ValueError("minimum must not be negative")
    counted = answers if sample is None else sample
    return IndexFigure(
        answers=answers,
        satisfied=satisfied,
        index=satisfaction_index(satisfied, answers),
        low=low,
        high=high,
        enough=answers > 0 and meets_minimum(counted, minimum),
    )


@dataclass(frozen=True)
class SipasIndices:
    """SIPAS figures per criterion, per element and overall."""

    criteria: dict
    elements: dict
    overall: IndexFigure


def sipas_indices(
    rows: Iterable[tuple[object, object, int, int]], minimum: int = 0
) -> SipasIndices:
    """SIPAS index per criterion, per element and overall, from raw counts.

    Source: QĐ 2640/QĐ-BNV (see :func:`aggregate_index`).
    ``rows`` are ``(criterion, element, satisfied, answers)``; several rows
    of one criterion are summed. A criterion nobody answered (skipped) keeps
    a figure with ``index None`` and adds nothing to its element or to the
    overall figure: a skipped question is not a dissatisfied answer.
    """
    by_criterion: dict = {}
    element_of: dict = {}
    for criterion, element, satisfied, answers in rows:
        by_criterion.setdefault(criterion, []).append((satisfied, answers))
        element_of[criterion] = element
    criteria = {
        key: aggregate_index(pairs, minimum) for key, pairs in by_criterion.items()
    }
    by_element: dict = {}
    for key, figure in criteria.items():
        by_element.setdefault(element_of[key], []).append(
            (figure.satisfied, figure.answers)
        )
    elements = {
        key: aggregate_index(pairs, minimum) for key, pairs in by_element.items()
    }
    overall = aggregate_index(
        ((f.satisfied, f.answers) for f in criteria.values()), minimum
    )
    return SipasIndices(criteria=criteria, elements=elements, overall=overall)


def wilson_low(successes: int, n: int) -> float | None:
    """Lower bound of the 95 % Wilson interval (:func:`.indices.wilson_interval`)."""
    interval = wilson_interval(successes, n)
    return interval[0] if interval else None


def wilson_high(successes: int, n: int) -> float | None:
    """Upper bound of the 95 % Wilson interval (:func:`.indices.wilson_interval`)."""
    interval = wilson_interval(successes, n)
    return interval[1] if interval else None


# ----------------------------------------------------------------------
# QĐ 766/QĐ-TTg
# ----------------------------------------------------------------------


@dataclass(frozen=True)
class Qd766Figure:
    """The QĐ 766 dossier ratio with the response rate that qualifies it."""

    dossiers: int
    rated: int
    flagged: int
    ratio: float | None
    response_rate: float | None


def qd766_figure(
    dossiers: int,
    rated: int,
    dissatisfied: int = 0,
    complained: int = 0,
    overdue: int = 0,
    flagged: int | None = None,
) -> Qd766Figure:
    """QĐ 766/QĐ-TTg satisfaction ratio of dossiers, with the response rate.

    Source: QĐ 766/QĐ-TTg (2022), group "satisfaction": (all dossiers −
    dossiers rated dissatisfied, complained about or overdue) ÷ all
    dossiers. Unrated dossiers count as satisfied, so a unit nobody rated
    scores 100 %: the response rate (``rated`` ÷ ``dossiers``) is returned
    beside the ratio and must be shown with it.

    ``flagged`` is the number of *distinct* dossiers that are dissatisfied,
    complained about or overdue. Give it when a dossier can be in more than
    one of the three sets (late *and* rated dissatisfied); without it the
    three counts are taken as disjoint and summed.
    """
    if flagged is None:
        flagged = dissatisfied + complained + overdue
    elif flagged > dissatisfied + complained + overdue or flagged < max(
        dissatisfied, complained, overdue
    ):
        raise ValueError(
            "flagged must lie between the largest of the three counts and their sum"
        )
    return Qd766Figure(
        dossiers=dossiers,
        rated=rated,
        flagged=flagged,
        ratio=qd766_satisfaction_ratio(dossiers, flagged),
        response_rate=response_rate(rated, dossiers),
    )


def sipas5_weighted_score(
    very_dissatisfied: int,
    dissatisfied: int,
    neutral: int,
    satisfied: int,
    very_satisfied: int,
) -> float | None:
    """GOV.UK satisfaction score on the SIPAS 5-level scale from level counts.

    Source: GOV.UK service-performance guidance,
    (100·VS + 75·S + 50·N + 25·D + 0·VD) / n, offered for comparison only.
    Delegates to :func:`.indices.weighted_score`; ``None`` when n == 0.
    """
    return weighted_score(
        {
            1: very_dissatisfied,
            2: dissatisfied,
            3: neutral,
            4: satisfied,
            5: very_satisfied,
        },
        SIPAS_5,
    )


# ----------------------------------------------------------------------
# Recomputing ratios of grouped report rows
# ----------------------------------------------------------------------

# A ratio of a report row: (function of the summed counts, count field names).
RatioSpec = tuple[Callable[..., float | None], tuple[str, ...]]


def recompute_ratios(row: dict, specs: Mapping[str, RatioSpec]) -> dict:
    """Set each ratio of a grouped report ``row`` from its summed counts.

    Source: the SIPAS rule of aggregating counts, never indices
    (QĐ 2640/QĐ-BNV): a group's ratio is recomputed from its summed counts,
    whatever the grouping. ``specs`` maps a ratio name to ``(function, count
    names)``; the function receives the counts as ints in that order.
    Sums of counts come back from SQL as floats or ``None``: both are
    accepted. Modifies and returns ``row``.
    """
    for name, (function, count_names) in specs.items():
        counts = [int(row.get(count) or 0) for count in count_names]
        row[name] = function(*counts)
    return row


# ----------------------------------------------------------------------
# CCHC points
# ----------------------------------------------------------------------


def _round2(value: Fraction) -> float:
    """Round half-up to 2 decimals (same rule as :mod:`.indices`)."""
    return math.floor(value * 100 + Fraction(1, 2)) / 100


def points_threshold(
    value: float | None, steps: Iterable[tuple[float, float]]
) -> float:
    """Points of a threshold (step) rule; 0 for ``None``.

    Source: the point tables of provincial CCHC scoring decisions, e.g.
    "≥ 95 %: 2 points; ≥ 90 %: 1.5; ≥ 80 %: 1" (values differ per province:
    the steps are data). ``steps`` are ``(min_value, points)``; they are
    tried from the highest ``min_value`` down and the first one the value
    reaches wins; below every step the value scores 0.
    """
    if value is None:
        return 0.0
    for min_value, points in sorted(steps, key=lambda step: step[0], reverse=True):
        if value >= min_value:
            return float(points)
    return 0.0


def points_linear(
    value: float | None, lo: float, hi: float, max_points: float
) -> float:
    """Points of a linear rule; 0 for ``None``.

    Source: the proportional scales of provincial CCHC scoring decisions
    ("points in proportion to the rate between lo and hi"). 0 below ``lo``,
    ``max_points`` at or above ``hi``, linear in between, rounded half-up to
    2 decimals.
    """
    if not hi > lo:
        raise ValueError("hi must be greater than lo")
    if max_points < 0:
        raise ValueError("max_points must not be negative")
    if value is None or value <= lo:
        return 0.0
    if value >= hi:
        return float(max_points)
    share = (Fraction(str(value)) - Fraction(str(lo))) / (
        Fraction(str(hi)) - Fraction(str(lo))
    )
    return _round2(share * Fraction(str(max_points)))


# Flags of a scored component.
FLAG_NO_ANSWERS = "no_answers"
FLAG_NOT_ENOUGH = "not_enough_answers"


@dataclass(frozen=True)
class ComponentScore:
    """Points of one scoring rule for one unit and period.

    ``flag`` is ``None`` when the figure was scored, else why it scored 0:
    ``"no_answers"`` (nothing to compute the figure from) or
    ``"not_enough_answers"`` (fewer than the rule's minimum).
    """

    value: float | None
    sample: int
    points: float
    flag: str | None


def score_component(
    value: float | None,
    sample: int,
    minimum: int,
    method: str,
    max_points: float,
    steps: Sequence[tuple[float, float]] = (),
    lo: float | None = None,
    hi: float | None = None,
) -> ComponentScore:
    """Points of one rule, 0 and flagged when there are too few answers.

    Source: provincial CCHC scoring decisions; the minimum follows the
    survey practice of publishing no percentage below a minimum number of
    ratings (methodology §4-5). ``method`` is ``"threshold"`` (``steps``,
    capped at ``max_points``) or ``"linear"`` (``lo``, ``hi``).
    """
    if method not in ("threshold", "linear"):
        raise ValueError(f"unknown scoring method {method!r}")
    if value is None:
        return ComponentScore(value, sample, 0.0, FLAG_NO_ANSWERS)
    if not meets_minimum(sample, minimum):
        return ComponentScore(value, sample, 0.0, FLAG_NOT_ENOUGH)
    if method == "threshold":
        points = min(points_threshold(value, steps), float(max_points))
    else:
        if lo is None or hi is None:
            raise ValueError("a linear rule needs lo and hi")
        points = points_linear(value, lo, hi, max_points)
    return ComponentScore(value, sample, points, None)


# Components a rule can score: name -> (value from counts, sample from counts).
# Count names are those of the unit period report (satisfaction.unit.period.report).
COMPONENTS: dict[str, tuple[Callable[[Mapping[str, int]], float | None], str]] = {
    "sipas_index": (
        lambda c: satisfaction_index(c["satisfied_count"], c["answer_count"]),
        "response_count",
    ),
    "officer_index": (
        lambda c: satisfaction_index(
            c["officer_satisfied_count"], c["officer_answer_count"]
        ),
        "response_count",
    ),
    "overall_index": (
        lambda c: satisfaction_index(
            c["overall_satisfied_count"], c["overall_answer_count"]
        ),
        "overall_answer_count",
    ),
    "qd766_ratio": (
        lambda c: qd766_satisfaction_ratio(c["request_count"], c["flagged_count"]),
        "answered_count",
    ),
    # QĐ 766 indicator 5.4 (R); a "dislike" is a dossier whose overall
    # answer is at a level not marked satisfied
    "qd766_54": (
        lambda c: (
            qd766.dossier_satisfaction(
                c["request_count"], c["overdue_count"], c["dissatisfied_count"]
            ).ratio
        ),
        "request_count",
    ),
    "response_rate": (
        lambda c: response_rate(c["answered_count"], c["request_count"]),
        "request_count",
    ),
    "weighted_score": (
        lambda c: sipas5_weighted_score(
            c["level1_count"],
            c["level2_count"],
            c["level3_count"],
            c["level4_count"],
            c["level5_count"],
        ),
        "response_count",
    ),
}


def component_value(
    component: str, counts: Mapping[str, int]
) -> tuple[float | None, int]:
    """``(value, sample)`` of a scoring component from a unit's summed counts.

    Sources per component: SIPAS index over all scale answers, over the
    officer criteria and over the overall question (QĐ 2640/QĐ-BNV); the
    QĐ 766/QĐ-TTg dossier ratio; the response rate; the GOV.UK weighted
    score. The sample compared with a rule's minimum is the number of
    ratings (respondents) for the answer-based figures, of ratings for the
    QĐ 766 ratio (which is 100 % when nobody rated) and of dossiers for the
    response rate. Missing counts are 0.
    """
    try:
        value_of, sample_name = COMPONENTS[component]
    except KeyError:
        raise ValueError(f"unknown scoring component {component!r}") from None
    full = _CountDict(counts)
    return value_of(full), full[sample_name]


class _CountDict(dict):
    """Counts where a missing name is 0 (and a SQL float sum an int)."""

    def __init__(self, counts: Mapping[str, int]):
        super().__init__({key: int(value or 0) for key, value in counts.items()})

    def __missing__(self, key: str) -> int:
        return 0


# ----------------------------------------------------------------------
# Ranking and targets
# ----------------------------------------------------------------------


def rank_competition(scores: Mapping[object, float]) -> dict:
    """Rank keys by score, highest first; ties share a rank ("1, 1, 3").

    Source: standard competition ranking, as used in the published yearly
    CCHC rankings where units with equal points share a place and the next
    place is skipped. Scores are compared after rounding to 2 decimals so
    float noise does not break a tie.
    """
    ordered = sorted(scores.items(), key=lambda item: -round(item[1], 2))
    ranks: dict = {}
    previous = None
    rank = 0
    for position, (key, score) in enumerate(ordered, start=1):
        rounded = round(score, 2)
        if rounded != previous:
            rank = position
            previous = rounded
        ranks[key] = rank
    return ranks


def target_for_year(year: int, targets: Mapping[int, float]) -> float | None:
    """Target index of ``year`` from the yearly targets that are set.

    Source: provincial CCHC plans (≥ 90 % by 2025, ≥ 95 % by 2030). A year
    with its own target uses it; a year between two set years is
    interpolated linearly (2027 between 90 % in 2025 and 95 % in 2030 is
    92 %), rounded half-up to 2 decimals; after the last set year the last
    target holds; before the first there is no target (``None``).
    """
    before = [y for y in targets if y <= year]
    after = [y for y in targets if y > year]
    prev_year = max(before) if before else None
    next_year = min(after) if after else None
    return TARGET_FOR_YEAR(
        year=year,
        prev_year=prev_year,
        prev_target=targets[prev_year] if before else None,
        next_year=next_year,
        next_target=targets[next_year] if after else None,
    )


def change_pp(before: float | None, after: float | None) -> float | None:
    """Change between two percentages in percentage points (after − before).

    Source: plain difference, as published year-on-year comparisons of the
    SIPAS index do (83.94 % in 2024 against 82.66 % in 2023: +1.28 pp).
    ``None`` when either side has no figure.
    """
    return CHANGE_PP(before, after)
