"""QĐ 766/QĐ-TTg (2022), satisfaction group: indicators 5.2, 5.3, 5.4 (pure).

The real-time index of service to citizens is computed on the national
portal (Cổng DVCQG) from the dossiers provinces synchronise and from the
portal's own complaints and suggestions (phản ánh, kiến nghị: PAKN) and
like/dislike ratings. Its satisfaction group weighs 18 of 100 points: 5.1
(PAKN by category) is tracked with 0 points, 5.2, 5.3 and 5.4 give 6 points
each. Source: /work/shared/methodology.md §2 (a reconstruction of the
portal's reporting formulas, checked against its API in Oct 2026).

Ratios are percentages (0-100) rounded half-up to 2 decimals, ``None`` when
there is nothing to divide by; points are computed from the exact ratios and
rounded half-up to 2 decimals.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from .indices import _count

MAX_POINTS = 6
GROUP_MAX_POINTS = 18
# 5.4 gives full points from R = 90 %.
FULL_POINTS_AT = Fraction(90)
PAKN_DEADLINE_WORKING_DAYS = 15


def _part(name: str, value: int, whole_name: str, whole: int) -> int:
    _count(name, value)
    if value > whole:
        raise ValueError(f"{name} ({value}) exceeds {whole_name} ({whole})")
    return value


def _round2(value: Fraction) -> float:
    """Half away from zero, 2 decimals (R of 5.4 may be negative)."""
    magnitude = math.floor(abs(value) * 100 + Fraction(1, 2)) / 100
    return magnitude if value >= 0 else -magnitude


@dataclass(frozen=True)
class Indicator:
    """One indicator: its ratio (%) and points out of :data:`MAX_POINTS`.

    ``ratio`` is ``None`` when there was nothing to count (no PAKN, no
    dossier); the points then follow the indicator's rule for that case.
    """

    code: str
    ratio: float | None
    points: float


def _ratio_points(code: str, part: int, whole: int) -> Indicator:
    """6 × part ÷ whole; 6 points and no ratio when ``whole`` is 0."""
    if whole == 0:
        return Indicator(code, None, float(MAX_POINTS))
    share = Fraction(part, whole)
    return Indicator(code, _round2(100 * share), _round2(MAX_POINTS * share))


def pakn_on_time(on_time: int, pakn: int) -> Indicator:
    """5.2 PAKN handled on time: 6 × on time ÷ PAKN; 6 when there is no PAKN.

    ``pakn`` counts the PAKN received or handled in the period; ``on_time``
    those handled on time or still within their time (the deadline is
    :data:`PAKN_DEADLINE_WORKING_DAYS` working days).
    """
    _count("pakn", pakn)
    _part("on_time", on_time, "pakn", pakn)
    return _ratio_points("5.2", on_time, pakn)


def pakn_satisfaction(first_received: int, flagged: int) -> Indicator:
    """5.3 satisfaction with PAKN handling: 6 × (PAKN − flagged) ÷ PAKN first
    received in the period; 6 when there is no PAKN.

    ``flagged`` counts the distinct PAKN rated dissatisfied (more dislikes
    than likes), raised again, or overdue: a PAKN in several of these sets
    counts once.
    """
    _count("first_received", first_received)
    _part("flagged", flagged, "first_received", first_received)
    return _ratio_points("5.3", first_received - flagged, first_received)


@dataclass(frozen=True)
class DossierSatisfaction(Indicator):
    """5.4 with its parts: R is ``ratio``; the two rates are added."""

    overdue_rate: float | None = None
    complained_rate: float | None = None
    response_rate: float | None = None


def dossier_satisfaction(
    dossiers: int,
    overdue: int,
    complained_or_disliked: int,
    rated: int | None = None,
) -> DossierSatisfaction:
    """5.4 satisfaction in receiving and handling dossiers.

    R = 100 % − (overdue-dossier rate + rate of dossiers with a PAKN or a
    "dislike"); the two rates are added, so a dossier both late and disliked
    lowers R twice. Points = min(6, 6 × R ÷ 90 %): full points from R = 90 %.
    Decision of this module: when the two rates add up to more than 100 %,
    R is negative and kept as computed (it says how far off the unit is),
    but the points stop at 0. No dossier: no R and 0 points. There is no
    minimum number of ratings and an unrated dossier counts as satisfied:
    give ``rated`` (dossiers rated) to get the response rate to show beside.
    """
    _count("dossiers", dossiers)
    _part("overdue", overdue, "dossiers", dossiers)
    _part("complained_or_disliked", complained_or_disliked, "dossiers", dossiers)
    if rated is not None:
        _part("rated", rated, "dossiers", dossiers)
    if dossiers == 0:
        return DossierSatisfaction("5.4", None, 0.0)
    overdue_rate = Fraction(100 * overdue, dossiers)
    complained_rate = Fraction(100 * complained_or_disliked, dossiers)
    r = 100 - (overdue_rate + complained_rate)
    points = min(
        Fraction(MAX_POINTS), max(Fraction(0), MAX_POINTS * r / FULL_POINTS_AT)
    )
    return DossierSatisfaction(
        "5.4",
        _round2(r),
        _round2(points),
        overdue_rate=_round2(overdue_rate),
        complained_rate=_round2(complained_rate),
        response_rate=None
        if rated is None
        else _round2(Fraction(100 * rated, dossiers)),
    )


def group_points(indicators: Iterable[Indicator]) -> float:
    """Points of the satisfaction group: the sum of 5.2, 5.3 and 5.4, out of
    :data:`GROUP_MAX_POINTS` (5.1 gives none)."""
    codes = []
    total = Fraction(0)
    for indicator in indicators:
        if indicator.code in codes:
            raise ValueError(f"indicator {indicator.code} given twice")
        codes.append(indicator.code)
        total += Fraction(str(indicator.points))
    return _round2(total)


def dossier_satisfaction_r(dossiers: int, overdue: int, disliked: int) -> float | None:
    """R of 5.4 alone (for reports that recompute it from summed counts)."""
    return dossier_satisfaction(dossiers, overdue, disliked).ratio


def dossier_satisfaction_points(dossiers: int, overdue: int, disliked: int) -> float:
    """Points of 5.4 alone, out of :data:`MAX_POINTS`."""
    return dossier_satisfaction(dossiers, overdue, disliked).points


def pakn_on_time_ratio(on_time: int, pakn: int) -> float | None:
    """Ratio of 5.2 alone (for reports that recompute it from summed counts)."""
    return pakn_on_time(on_time, pakn).ratio


def pakn_on_time_points(on_time: int, pakn: int) -> float:
    """Points of 5.2 alone, out of :data:`MAX_POINTS`."""
    return pakn_on_time(on_time, pakn).points


def pakn_satisfaction_ratio(first_received: int, flagged: int) -> float | None:
    """Ratio of 5.3 alone (for reports that recompute it from summed counts)."""
    return pakn_satisfaction(first_received, flagged).ratio


def pakn_satisfaction_points(first_received: int, flagged: int) -> float:
    """Points of 5.3 alone, out of :data:`MAX_POINTS`."""
    return pakn_satisfaction(first_received, flagged).points
