import math
from fractions import Fraction

import pytest

from satisfaction_survey import formulas, indices, scoring
from satisfaction_survey.formulas import (
    CHANGE_PP,
    FORMULAS,
    QD766_RATIO,
    SHARE,
    TARGET_FOR_YEAR,
    WEIGHTED_SCORE_SIPAS5,
    WILSON_HIGH,
    WILSON_LOW,
    Const,
    Input,
    Null,
    case,
    eq,
    evaluate,
    greatest,
    least,
    round2,
    sqrt,
)
from satisfaction_survey.scales import QD766_3

Z = indices.Z_95


def _wilson_by_hand(successes, n, z=Z):
    """The Wilson interval written out in floats (the textbook form)."""
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    return 100 * max(0.0, centre - half), 100 * min(1.0, centre + half)


def test_operators_and_nulls():
    a, b = Input("a"), Input("b")
    assert evaluate(a + b * 2 - 1, {"a": 1, "b": 3}) == 6.0
    assert evaluate(a / b, {"a": 1, "b": 0}) is None  # division by 0: no value
    assert evaluate(a + b, {"a": 1, "b": None}) is None
    # greatest/least skip a missing value, like PostgreSQL's
    assert evaluate(greatest(0, a), {"a": None}) == 0.0
    assert evaluate(least(1, a), {"a": 3}) == 1.0
    assert evaluate(sqrt(a), {"a": 2}) == pytest.approx(math.sqrt(2))
    assert evaluate(case((eq(a, 0), Null()), default=Const(5)), {"a": 0}) is None
    # a comparison with a missing value does not hold (SQL)
    assert evaluate(case((eq(a, 0), Null()), default=Const(5)), {"a": None}) == 5.0
    with pytest.raises(ValueError):
        evaluate(a, {})


def test_round2_half_away_from_zero_on_exact_values():
    x = Input("x")
    assert evaluate(round2(x), {"x": Fraction(12345, 1000)}) == 12.35
    assert evaluate(round2(x), {"x": Fraction(-12345, 1000)}) == -12.35
    # a float input is its decimal: 0.125 stays 0.125, 1.005 is 1.005 (not 1.00499…)
    assert evaluate(round2(x), {"x": 1.005}) == 1.01
    assert evaluate(round2(x), {"x": 0.125}) == 0.13


def test_share():
    assert SHARE(2, 3) == 66.67
    assert SHARE(1, 8) == 12.5
    assert SHARE(1, 1) == 100.0
    assert SHARE(0, 1) == 0.0
    assert SHARE(0, 0) is None
    # the SIPAS 2023 overall figure from raw counts
    assert SHARE(8266, 10000) == 82.66


def test_qd766_ratio():
    assert QD766_RATIO(10, 3) == 70.0
    assert QD766_RATIO(3, 1) == 66.67
    assert QD766_RATIO(0, 0) is None


@pytest.mark.parametrize("n", [1, 2, 3, 7, 10, 29, 30, 100, 997, 10000])
def test_wilson_matches_the_textbook_form(n):
    for successes in sorted({0, 1, n // 3, n // 2, n - 1, n}):
        low, high = _wilson_by_hand(successes, n)
        assert WILSON_LOW(successes, n, Z) == pytest.approx(low, abs=0.005 + 1e-9)
        assert WILSON_HIGH(successes, n, Z) == pytest.approx(high, abs=0.005 + 1e-9)
        assert indices.wilson_interval(successes, n) == (
            WILSON_LOW(successes, n, Z),
            WILSON_HIGH(successes, n, Z),
        )


def test_wilson_edges():
    assert WILSON_LOW(0, 0, Z) is None and WILSON_HIGH(0, 0, Z) is None
    # p = 0: the low bound is 0 exactly, p = 1: the high bound is 100
    assert WILSON_LOW(0, 10, Z) == 0.0
    assert WILSON_HIGH(10, 10, Z) == 100.0
    assert (WILSON_LOW(0, 1, Z), WILSON_HIGH(0, 1, Z)) == (0.0, 79.35)
    assert (WILSON_LOW(1, 1, Z), WILSON_HIGH(1, 1, Z)) == (20.65, 100.0)
    assert (WILSON_LOW(8, 10, Z), WILSON_HIGH(8, 10, Z)) == (49.02, 94.33)


def test_weighted_score():
    # (100·VS + 75·S + 50·N + 25·D + 0·VD) / n
    assert WEIGHTED_SCORE_SIPAS5(1, 0, 0, 1, 2) == 68.75
    assert WEIGHTED_SCORE_SIPAS5(1, 1, 1, 1, 1) == 50.0
    assert WEIGHTED_SCORE_SIPAS5(0, 0, 0, 0, 1) == 100.0
    assert WEIGHTED_SCORE_SIPAS5(1, 0, 0, 0, 0) == 0.0
    assert WEIGHTED_SCORE_SIPAS5(0, 0, 0, 0, 0) is None
    assert WEIGHTED_SCORE_SIPAS5(0, 2, 0, 0, 1) == 50.0
    assert scoring.sipas5_weighted_score(0, 1, 0, 0, 2) == 75.0
    three = formulas.weighted_score_formula(QD766_3)
    assert three(level1_count=1, level2_count=1, level3_count=2) == 62.5


def test_target_for_year():
    assert TARGET_FOR_YEAR(2027, 2025, 90, 2030, 95) == 92.0
    assert TARGET_FOR_YEAR(2026, 2025, 90, 2030, 95) == 91.0
    assert TARGET_FOR_YEAR(2025, 2025, 90.125, 2030, 95) == 90.125  # its own
    assert TARGET_FOR_YEAR(2031, 2030, 95, None, None) == 95.0  # the last holds
    assert TARGET_FOR_YEAR(2024, None, None, 2025, 90) is None
    assert TARGET_FOR_YEAR(2026, 2025, 90, 2028, 91) == 90.33


def test_change_pp():
    assert CHANGE_PP(82.66, 83.94) == 1.28
    assert CHANGE_PP(83.94, 82.66) == -1.28
    assert CHANGE_PP(90, 90.005) == 0.01
    assert CHANGE_PP(90.005, 90) == -0.01
    assert CHANGE_PP(None, 80) is None and CHANGE_PP(80, None) is None


def test_core_functions_evaluate_the_formulas():
    assert indices.satisfaction_index(2, 3) == SHARE(2, 3)
    assert indices.response_rate(0, 0) is None
    assert indices.qd766_satisfaction_ratio(3, 1) == QD766_RATIO(3, 1)
    assert indices.weighted_score({5: 2, 4: 1, 1: 1}) == 68.75
    assert scoring.target_for_year(2027, {2025: 90.0, 2030: 95.0}) == 92.0
    assert scoring.change_pp(82.66, 83.94) == 1.28


def test_every_formula_is_a_tree_of_known_nodes():
    def walk(tree):
        if isinstance(tree, formulas.Op):
            assert tree.kind in formulas.OPS
            for arg in tree.args:
                walk(arg)
        elif isinstance(tree, formulas.Case):
            for test, value in tree.whens:
                assert test.kind in formulas.TESTS
                walk(value)
            walk(tree.default)
        else:
            assert isinstance(tree, (Input, Const, Null))

    for formula in FORMULAS:
        walk(formula.tree)
        assert len(set(formula.inputs)) == len(formula.inputs)


def test_only_the_wilson_bounds_need_a_square_root():
    approximate = {f.name for f in FORMULAS if not formulas.is_exact(f.tree)}
    assert approximate == {"wilson_low", "wilson_high"}
