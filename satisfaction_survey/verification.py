"""Independent verification of counter ratings (pure functions).

Counter ratings run 90-100 % where independent household surveys find about
70 % (methodology §3, §7). An independent check draws a stratified random
sample of returned dossiers (one stratum per unit), asks the citizens by
telephone, and compares:

- sample size per stratum: Cochran with the finite-population correction
  (:func:`indices.required_sample_size`), one stratum per unit because each
  unit's figure is published on its own;
- the draw: reproducible from a stored seed (:func:`draw_sample`);
- the province's figure: the stratified estimate, each unit weighted by its
  number of returned dossiers (Cochran, *Sampling Techniques*, 3rd ed.,
  §5.3-5.5: p_st = Σ W_h p_h, V = Σ W_h² p_h (1 − p_h) / n_h · (1 − n_h/N_h));
- counter against independent: the two-proportion z-test with pooled
  variance (two-sided), and the gap in percentage points;
- re-contact: a counter rating is contradicted when the citizen says they did
  not rate, or rates two or more levels lower (:func:`recontact_mismatch`).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .indices import Z_95, _count, _part_of, required_sample_size


def stratum_sample_sizes(
    populations: Mapping, margin: float = 0.05, p: float = 0.5, z: float = Z_95
) -> dict:
    """{stratum: sample size} for a margin of error ``margin`` in every stratum."""
    sizes = {}
    for stratum, population in populations.items():
        _count("population", population)
        sizes[stratum] = (
            required_sample_size(margin, p, z, population) if population else 0
        )
    return sizes


def draw_sample(ids: Iterable[int], size: int, seed: str) -> list[int]:
    """``size`` of ``ids`` drawn at random, the same for the same ids and seed.

    The ids are sorted first, so the database's row order does not matter;
    the result is sorted too.
    """
    _count("size", size)
    population = sorted(set(ids))
    if size >= len(population):
        return population
    return sorted(random.Random(seed).sample(population, size))


@dataclass(frozen=True)
class TwoProportionTest:
    """Counter share against independent share, in percent and points."""

    first: float
    second: float
    gap: float  # first − second, percentage points
    z: float | None
    p_value: float | None

    def significant(self, alpha: float = 0.05) -> bool:
        return self.p_value is not None and self.p_value < alpha


def two_proportion_test(
    satisfied_1: int, answers_1: int, satisfied_2: int, answers_2: int
) -> TwoProportionTest | None:
    """Pooled two-proportion z-test, two-sided; None when a side has no answers."""
    for name, part, whole in (
        ("satisfied_1", satisfied_1, answers_1),
        ("satisfied_2", satisfied_2, answers_2),
    ):
        _count(name, part)
        _count(name.replace("satisfied", "answers"), whole)
        if part > whole:
            raise ValueError(f"{name} ({part}) exceeds its answers ({whole})")
    if not answers_1 or not answers_2:
        return None
    p1, p2 = satisfied_1 / answers_1, satisfied_2 / answers_2
    pooled = (satisfied_1 + satisfied_2) / (answers_1 + answers_2)
    variance = pooled * (1 - pooled) * (1 / answers_1 + 1 / answers_2)
    if variance == 0:  # both all satisfied, or both all dissatisfied
        z = p_value = None
    else:
        z = (p1 - p2) / math.sqrt(variance)
        p_value = math.erfc(abs(z) / math.sqrt(2))
    return TwoProportionTest(
        first=100 * p1, second=100 * p2, gap=100 * (p1 - p2), z=z, p_value=p_value
    )


@dataclass(frozen=True)
class StratifiedEstimate:
    """A share estimated from strata, in percent, with its 95 % interval."""

    estimate: float
    standard_error: float
    low: float
    high: float
    covered_population: int  # dossiers of the strata that have answers
    population: int


def stratified_estimate(
    strata: Iterable[tuple[int, int, int]], z: float = Z_95
) -> StratifiedEstimate | None:
    """Estimate from (population N_h, satisfied x_h, answers n_h) per stratum.

    Strata without answers cannot be estimated: the weights are taken over the
    strata that have answers, and ``covered_population`` says how much of the
    population that is. None when no stratum has answers.
    """
    rows = []
    population = 0
    for size, satisfied, answers in strata:
        _count("population", size)
        _count("satisfied", satisfied)
        _count("answers", answers)
        if satisfied > answers:
            raise ValueError(f"satisfied ({satisfied}) exceeds answers ({answers})")
        if answers > size:
            raise ValueError(f"answers ({answers}) exceed the population ({size})")
        population += size
        if answers:
            rows.append((size, satisfied, answers))
    covered = sum(size for size, __, __ in rows)
    if not covered:
        return None
    estimate = variance = 0.0
    for size, satisfied, answers in rows:
        weight = size / covered
        share = satisfied / answers
        estimate += weight * share
        variance += (
            weight * weight * share * (1 - share) / answers * (1 - answers / size)
        )
    error = math.sqrt(variance)
    return StratifiedEstimate(
        estimate=100 * estimate,
        standard_error=100 * error,
        low=100 * max(0.0, estimate - z * error),
        high=100 * min(1.0, estimate + z * error),
        covered_population=covered,
        population=population,
    )


def recontact_mismatch(
    counter_level: int, confirmed: bool, recontact_level: int | None
) -> bool:
    """True when a re-contacted citizen contradicts the counter rating: they
    say they did not rate, or rate two or more levels lower."""
    if not confirmed:
        return True
    if recontact_level is None:
        return False
    return counter_level - recontact_level >= 2


def mismatch_rate(mismatches: int, recontacted: int) -> float | None:
    """Share of the re-contacted citizens who contradict the counter, in percent."""
    return _part_of(mismatches, recontacted, "mismatches", "recontacted")
