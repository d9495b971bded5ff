"""Satisfaction indices and survey statistics (pure functions).

Percentages are on a 0-100 scale, rounded half-up to 2 decimals from exact
integer/fraction arithmetic, and ``None`` when there is nothing to divide by.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from .formulas import (
    QD766_RATIO,
    SHARE,
    WILSON_HIGH,
    WILSON_LOW,
    level_input,
    weighted_score_formula,
)
from .scales import SIPAS_5, Scale

Z_95 = 1.959963984540054


def _count(name: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{name} must not be negative (got {value})")
    return value


def _part_of(part: int, whole: int, part_name: str, whole_name: str) -> float | None:
    _count(part_name, part)
    _count(whole_name, whole)
    if part > whole:
        raise ValueError(f"{part_name} ({part}) exceeds {whole_name} ({whole})")
    return SHARE(part, whole)


def satisfaction_index(satisfied: int, answers: int) -> float | None:
    """SIPAS index: 100 * satisfied / answers (QĐ 2640/QĐ-BNV, 2017).

    ``satisfied`` counts "Hài lòng" + "Rất hài lòng". An element's or the
    overall index is computed from the summed raw counts (see
    :func:`aggregate_counts`), never as the mean of lower-level indices: the
    published SIPAS overall differs from the mean of its five elements.
    """
    return _part_of(satisfied, answers, "satisfied", "answers")


def aggregate_counts(pairs: Iterable[tuple[int, int]]) -> tuple[int, int]:
    """Sum ``(satisfied, answers)`` pairs into one pair."""
    total_satisfied = total_answers = 0
    for satisfied, answers in pairs:
        _count("satisfied", satisfied)
        _count("answers", answers)
        if satisfied > answers:
            raise ValueError(f"satisfied ({satisfied}) exceeds answers ({answers})")
        total_satisfied += satisfied
        total_answers += answers
    return total_satisfied, total_answers


def wilson_interval(
    successes: int, n: int, z: float = Z_95
) -> tuple[float, float] | None:
    """Wilson score interval for the share successes/n, in percent (2 decimals).

    Default ``z`` gives a 95 % interval. ``None`` when ``n == 0``.
    """
    _count("successes", successes)
    _count("n", n)
    if successes > n:
        raise ValueError(f"successes ({successes}) exceeds n ({n})")
    if not z > 0:
        raise ValueError("z must be positive")
    if n == 0:
        return None
    return WILSON_LOW(successes, n, z), WILSON_HIGH(successes, n, z)


def weighted_score(
    counts_by_value: Mapping[int, int], scale: Scale = SIPAS_5
) -> float | None:
    """Mean score with levels mapped linearly from 0 (lowest) to 100 (highest).

    On the 5-level scale this is the GOV.UK satisfaction score
    (100·VS + 75·S + 50·N + 25·D + 0·VD) / n. ``None`` when n == 0.
    """
    for value, count in counts_by_value.items():
        scale.level(value)  # ValueError for a value not on the scale
        _count(f"count for {value}", count)
    return weighted_score_formula(scale)(
        **{
            level_input(value): counts_by_value.get(value, 0)
            for value in scale.values()
        }
    )


def qd766_satisfaction_ratio(
    total_dossiers: int, dissatisfied_or_complained_or_overdue: int
) -> float | None:
    """QĐ 766/QĐ-TTg ratio: (all dossiers − dossiers rated dissatisfied,
    complained about or overdue) ÷ all dossiers, in percent.

    Unrated dossiers count as satisfied, so always show
    :func:`response_rate` beside this figure.
    """
    _count(
        "dissatisfied_or_complained_or_overdue", dissatisfied_or_complained_or_overdue
    )
    _count("total_dossiers", total_dossiers)
    if dissatisfied_or_complained_or_overdue > total_dossiers:
        raise ValueError("dissatisfied_or_complained_or_overdue exceeds total_dossiers")
    return QD766_RATIO(total_dossiers, dissatisfied_or_complained_or_overdue)


def response_rate(answered: int, requested: int) -> float | None:
    """Share of rating requests that were answered, in percent."""
    return _part_of(answered, requested, "answered", "requested")


def required_sample_size(
    margin: float = 0.05,
    p: float = 0.5,
    z: float = Z_95,
    population: int | None = None,
) -> int:
    """Cochran's sample size n0 = z²·p(1−p)/margin², with the finite
    population correction n = n0 / (1 + (n0 − 1)/N) when ``population`` is
    given; rounded up."""
    if not 0 < margin < 1:
        raise ValueError("margin must be between 0 and 1 (exclusive)")
    if not 0 <= p <= 1:
        raise ValueError("p must be between 0 and 1")
    if not z > 0:
        raise ValueError("z must be positive")
    n = z * z * p * (1 - p) / (margin * margin)
    if population is not None:
        if (
            isinstance(population, bool)
            or not isinstance(population, int)
            or population < 1
        ):
            raise ValueError("population must be a positive int")
        n = n / (1 + (n - 1) / population)
    # tolerance guards against float noise such as 100.00000000000001
    size = max(1, math.ceil(n - 1e-9))
    return min(size, population) if population is not None else size


def meets_minimum(answers: int, minimum: int) -> bool:
    """True when there are enough answers to publish a percentage;
    below it, show "not enough answers" instead."""
    return answers >= minimum
