import pytest

from satisfaction_survey import QD766_3, SCALES, SIPAS_5


def test_sipas5_levels():
    assert SIPAS_5.code == "sipas5"
    assert SIPAS_5.values() == (1, 2, 3, 4, 5)
    assert [lvl.code for lvl in SIPAS_5.levels] == [
        "very_dissatisfied",
        "dissatisfied",
        "neutral",
        "satisfied",
        "very_satisfied",
    ]
    assert SIPAS_5.level(1).label_vi == "Rất không hài lòng"
    assert SIPAS_5.level(3).label_vi == "Bình thường"
    assert SIPAS_5.level(5).label_en == "Very satisfied"
    assert [SIPAS_5.is_satisfied(v) for v in SIPAS_5.values()] == [
        False,
        False,
        False,
        True,
        True,
    ]
    assert SIPAS_5.satisfied_values() == (4, 5)


def test_qd766_levels():
    assert QD766_3.code == "qd766_3"
    assert QD766_3.values() == (1, 2, 3)
    assert [lvl.label_vi for lvl in QD766_3.levels] == [
        "Không hài lòng",
        "Hài lòng",
        "Rất hài lòng",
    ]
    assert [QD766_3.is_satisfied(v) for v in (1, 2, 3)] == [False, True, True]


def test_registry():
    assert SCALES == {"sipas5": SIPAS_5, "qd766_3": QD766_3}


@pytest.mark.parametrize("bad", [0, 6, -1, "4", None, True])
def test_unknown_value_raises_value_error(bad):
    with pytest.raises(ValueError, match="not a level of scale 'sipas5'"):
        SIPAS_5.level(bad)
    with pytest.raises(ValueError):
        SIPAS_5.is_satisfied(bad)


def test_frozen():
    with pytest.raises(AttributeError):
        SIPAS_5.code = "x"
