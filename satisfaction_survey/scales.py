"""Answer scales used by the official satisfaction surveys.

* ``SIPAS_5``: the 5-level scale of the Ministry of Home Affairs' SIPAS
  questionnaire (QĐ 2640/QĐ-BNV, 2017); "satisfied" = Hài lòng + Rất hài
  lòng.
* ``QD766_3``: the 3-level per-dossier scale of QĐ 766/QĐ-TTg;
  "satisfied" = Hài lòng + Rất hài lòng.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Level:
    """One answer level of a scale."""

    value: int
    code: str
    label_en: str
    label_vi: str
    satisfied: bool


@dataclass(frozen=True)
class Scale:
    """An ordered answer scale (levels sorted by ascending ``value``)."""

    code: str
    name_en: str
    name_vi: str
    levels: tuple[Level, ...]

    def __post_init__(self) -> None:
        values = [lvl.value for lvl in self.levels]
        if len(values) < 2:
            raise ValueError(f"scale {self.code!r} needs at least two levels")
        if values != sorted(set(values)):
            raise ValueError(
                f"scale {self.code!r}: level values must be unique and ascending"
            )

    def values(self) -> tuple[int, ...]:
        """All level values, ascending."""
        return tuple(lvl.value for lvl in self.levels)

    def satisfied_values(self) -> tuple[int, ...]:
        """Values that count as "satisfied" in the index numerator."""
        return tuple(lvl.value for lvl in self.levels if lvl.satisfied)

    def level(self, value: int) -> Level:
        """Return the level for ``value``; ValueError if it is not on this scale."""
        for lvl in self.levels:
            if lvl.value == value and not isinstance(value, bool):
                return lvl
        raise ValueError(
            f"{value!r} is not a level of scale {self.code!r} "
            f"(expected one of {self.values()})"
        )

    def is_satisfied(self, value: int) -> bool:
        """True when ``value`` counts as satisfied; ValueError if unknown."""
        return self.level(value).satisfied


SIPAS_5 = Scale(
    code="sipas5",
    name_en="SIPAS 5-level satisfaction scale",
    name_vi="Thang đo hài lòng 5 mức (SIPAS)",
    levels=(
        Level(1, "very_dissatisfied", "Very dissatisfied", "Rất không hài lòng", False),
        Level(2, "dissatisfied", "Dissatisfied", "Không hài lòng", False),
        Level(3, "neutral", "Neutral", "Bình thường", False),
        Level(4, "satisfied", "Satisfied", "Hài lòng", True),
        Level(5, "very_satisfied", "Very satisfied", "Rất hài lòng", True),
    ),
)

QD766_3 = Scale(
    code="qd766_3",
    name_en="QĐ 766/QĐ-TTg 3-level dossier rating",
    name_vi="Thang đánh giá 3 mức (QĐ 766/QĐ-TTg)",
    levels=(
        Level(1, "dissatisfied", "Dissatisfied", "Không hài lòng", False),
        Level(2, "satisfied", "Satisfied", "Hài lòng", True),
        Level(3, "very_satisfied", "Very satisfied", "Rất hài lòng", True),
    ),
)

SCALES: dict[str, Scale] = {s.code: s for s in (SIPAS_5, QD766_3)}
