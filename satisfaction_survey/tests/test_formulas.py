import itertools
import math
import random
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


# ----------------------------------------------------------------------
# The compiled evaluator gives exactly the tree's values
# ----------------------------------------------------------------------


_COMPILED = {}


def _same(formula, *args):
    """The compiled function, the memoised call and the tree agree exactly."""
    expected = evaluate(formula.tree, dict(zip(formula.inputs, args)))
    if formula.name not in _COMPILED:
        _COMPILED[formula.name] = formulas.compile_formula(formula)
    compiled = _COMPILED[formula.name](*args)
    assert repr(compiled) == repr(expected), (formula.name, args)
    assert repr(formula(*args)) == repr(expected), (formula.name, args)
    return expected


def _count_pairs(seed, small, random_pairs):
    """Every (part, whole) with whole <= small, then random ones up to 10^6."""
    pairs = [(part, whole) for whole in range(small + 1) for part in range(whole + 1)]
    rng = random.Random(seed)
    for _i in range(random_pairs):
        whole = rng.choice((rng.randint(1, 1000), rng.randint(1, 10**6)))
        part = rng.choice((0, 1, whole - 1, whole, rng.randint(0, whole)))
        pairs.append((max(part, 0), whole))
    return pairs


def test_compiled_shares_are_the_tree_values():
    for part, whole in _count_pairs(1, 200, 5000):
        _same(SHARE, part, whole)
        _same(QD766_RATIO, whole, part)
    # what the tree does with missing values and a float input
    for args in ((None, 3), (3, None), (None, None), (1.5, 4), (Fraction(1, 3), 1)):
        _same(SHARE, *args)


def test_compiled_wilson_bounds_are_the_tree_values():
    seen = set()
    for successes, n in _count_pairs(2, 80, 3000):
        low = _same(WILSON_LOW, successes, n, Z)
        high = _same(WILSON_HIGH, successes, n, Z)
        seen.add((low, high))
    assert len(seen) > 4000  # the cases are not all the same values
    for z in (1.0, 1.644853626951472, 2.5758293035489, 3):
        for successes, n in ((0, 1), (1, 3), (7, 9), (50, 100), (999, 1000)):
            _same(WILSON_LOW, successes, n, z)
            _same(WILSON_HIGH, successes, n, z)
    _same(WILSON_LOW, 0, 0, Z)
    _same(WILSON_HIGH, 3, None, Z)


def test_compiled_scores_targets_and_changes_are_the_tree_values():
    rng = random.Random(3)
    three = formulas.weighted_score_formula(QD766_3)
    for _i in range(3000):
        counts = [
            rng.choice((0, 0, 1, rng.randint(0, 50), rng.randint(0, 5000)))
            for _ in range(5)
        ]
        _same(WEIGHTED_SCORE_SIPAS5, *counts)
        _same(three, *counts[:3])
        year, prev_year = (
            rng.randint(2020, 2035),
            rng.choice((None, rng.randint(2018, 2030))),
        )
        next_year = rng.choice((None, rng.randint(2025, 2040)))
        prev_target = rng.choice(
            (None, rng.randint(700, 1000) / 10, rng.randint(70000, 100000) / 1000)
        )
        next_target = rng.choice((None, rng.randint(700, 1000) / 10))
        _same(TARGET_FOR_YEAR, year, prev_year, prev_target, next_year, next_target)
        _same(TARGET_FOR_YEAR, year, year, prev_target, next_year, next_target)
        before = rng.choice(
            (None, rng.randint(0, 10000) / 100, rng.randint(0, 100000) / 1000)
        )
        after = rng.choice(
            (None, rng.randint(0, 10000) / 100, rng.randint(0, 100000) / 1000)
        )
        _same(CHANGE_PP, before, after)


def test_compiled_trees_keep_the_tree_rules():
    a, b, c = Input("a"), Input("b"), Input("c")
    tree = case(
        (formulas.either(formulas.is_null(a), eq(b, 0)), Null()),
        (eq(a, b), greatest(c, a / b, Null())),
        default=round2(least(sqrt(a * a + b), c, a - b) / (a - c)),
    )
    formula = formulas.Formula("test_rules", ("a", "b", "c"), tree)
    values = (None, 0, 1, 2, 3, Fraction(1, 3), 0.1, 2.5)
    for args in itertools.product(values, repeat=3):
        try:
            expected = evaluate(tree, dict(zip(formula.inputs, args)))
        except ValueError as error:  # a square root of a negative number
            with pytest.raises(ValueError, match=str(error)):
                formulas.compile_formula(formula)(*args)
            continue
        assert repr(formula(*args)) == repr(expected), args
    # a missing input fails as in the tree, only where the tree needs it
    partial = formulas.Formula("test_partial", ("a",), case((eq(a, 0), b), default=a))
    assert partial(1) == evaluate(partial.tree, {"a": 1}) == 1.0
    with pytest.raises(ValueError, match="no value for input 'b'"):
        partial(0)
    with pytest.raises(ValueError, match="no value for input 'b'"):
        evaluate(partial.tree, {"a": 0})


def test_compiled_code_is_generated_from_the_tree():
    # the compiled function computes each shared subtree (p = successes / n) once
    source = formulas.compile_formula(WILSON_LOW).source
    assert source.count("/ t") < sum(
        1
        for n in formulas.nodes(WILSON_LOW.tree)
        if isinstance(n, formulas.Op) and n.kind == "div"
    )
    # a changed tree is a changed function: nothing is written by hand
    changed = formulas.Formula(
        "share_up", SHARE.inputs, round2(1000 * Input("part") / Input("whole"))
    )
    assert changed(1, 3) == 333.33


def test_compiled_unrounded_values_are_the_tree_floats():
    """Without round2 every bit of the float shows: the same rationals, the
    same correctly rounded square roots and results."""
    a, b, c, d = (Input(name) for name in "abcd")
    tree = sqrt(a / b + c / (d * d)) * c / (1 + a / (d * 3)) - greatest(0, a / b - c)
    formula = formulas.Formula("test_unrounded", ("a", "b", "c", "d"), tree)
    rng = random.Random(4)
    for _i in range(3000):
        args = [
            rng.choice(
                (
                    rng.randint(1, 10**6),
                    rng.randint(1, 10**30),
                    Fraction(rng.randint(1, 10**20), rng.randint(1, 10**20)),
                    rng.random() * 100,
                    Z,
                )
            )
            for _name in "abcd"
        ]
        _same(formula, *args)
