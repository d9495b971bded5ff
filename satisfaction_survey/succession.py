"""Unit successions: the figures of merged units carried to the unit that replaced them.

In 2025 provinces and communes were merged (NQ 202/2025/QH15 for the
provinces, one resolution of the National Assembly Standing Committee per
province for the communes, in force on 1 July 2025) and the district level
was abolished. A trend of a new unit across that date sums the raw counts of
its predecessors month by month and computes the index once from the sums
(:func:`map_counts`, then :func:`.indices.satisfaction_index`): the mean of
the predecessors' percentages would weigh a commune of 10 answers like one of
1,000.

Rules:

* a succession is an edge ``predecessor -> successor`` with an effective date;
  several predecessors may merge into one successor;
* chains are followed: A -> B, then B -> C, carries A's figures to C;
* counts cannot be split: when a predecessor is split among several
  successors, at most one of its edges ``carries`` its figures (the designated
  main successor); with none, its figures stay with it and no successor's
  trend includes them;
* a cycle, or a second carrying edge from one predecessor, is an error.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date


class SelfSuccession(ValueError):
    """A unit given as its own successor."""


class SplitFigures(ValueError):
    """A predecessor carrying its figures to more than one successor."""


class SuccessionCycle(ValueError):
    """Successions leading back to a unit already in the chain."""


class ReceivedAfterSuccession(ValueError):
    """A unit receiving a predecessor after its own succession."""


@dataclass(frozen=True)
class Succession:
    """One edge of the succession graph."""

    predecessor: Hashable
    successor: Hashable
    effective: date
    carries: bool = True


def _carrying_edges(successions: Iterable[Succession]) -> dict:
    """{predecessor: its carrying edge}; ValueError on a second one."""
    carrying = {}
    for edge in successions:
        if edge.predecessor == edge.successor:
            raise SelfSuccession(f"unit {edge.predecessor!r} cannot succeed itself")
        if not edge.carries:
            continue
        if edge.predecessor in carrying:
            raise SplitFigures(
                f"unit {edge.predecessor!r} carries its figures to more than one "
                "successor: figures cannot be split"
            )
        carrying[edge.predecessor] = edge
    return carrying


def final_successors(successions: Iterable[Succession]) -> dict:
    """{unit: the last unit its figures are carried to}, for every unit with a
    carrying edge; chains are followed to their end.

    ValueError on a cycle or on a unit carrying its figures twice.
    """
    carrying = _carrying_edges(successions)
    finals = {}
    for start in carrying:
        seen = [start]
        unit = start
        while unit in carrying:
            unit = carrying[unit].successor
            if unit in seen:
                raise SuccessionCycle(f"succession cycle through unit {unit!r}")
            seen.append(unit)
        finals[start] = unit
    return finals


def successor_since(successions: Iterable[Succession]) -> dict:
    """{successor: the earliest effective date of the edges into it}: the
    date from which it is the unit that replaced its predecessors. Months
    before it are "before the merger" in its trend."""
    since = {}
    for edge in successions:
        current = since.get(edge.successor)
        if current is None or edge.effective < current:
            since[edge.successor] = edge.effective
    return since


def check_dates(successions: Iterable[Succession]) -> None:
    """ValueError when a unit receives a predecessor after it has itself
    been carried into its own successor (an impossible chain)."""
    successions = list(successions)
    carrying = _carrying_edges(successions)
    for edge in successions:
        onward = carrying.get(edge.successor)
        if onward is not None and edge.effective > onward.effective:
            raise ReceivedAfterSuccession(
                f"unit {edge.successor!r} receives {edge.predecessor!r} on "
                f"{edge.effective} after its own succession on {onward.effective}"
            )


def map_counts(
    rows: Iterable[tuple[Hashable, Hashable, Mapping[str, int]]],
    finals: Mapping,
) -> dict:
    """Sum raw counts per (final unit, period).

    ``rows`` are ``(unit, period, {count name: int})``; ``finals`` maps a
    unit to its final successor (:func:`final_successors`), units not in it
    keep their own figures. Returns ``{(unit, period): {count name: int}}``;
    ratios are computed afterwards from these sums, once.
    """
    result = {}
    for unit, period, counts in rows:
        key = (finals.get(unit, unit), period)
        total = result.setdefault(key, {})
        for name, value in counts.items():
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"{name} must be an int, got {type(value).__name__}")
            total[name] = total.get(name, 0) + value
    return result
