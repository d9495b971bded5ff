"""Worked examples, by hand, for the independent-verification statistics."""

import math

import pytest

from satisfaction_survey.verification import (
    draw_sample,
    mismatch_rate,
    recontact_mismatch,
    stratified_estimate,
    stratum_sample_sizes,
    two_proportion_test,
)


def test_stratum_sizes_cochran_with_finite_population():
    # n0 = 1.96² · 0.25 / 0.05² = 384.15
    # N = 1000: 384.15 / (1 + 383.15/1000) = 277.7 → 278
    # N = 200: 384.15 / (1 + 383.15/200) = 131.7 → 132; N = 0: nothing to draw
    assert stratum_sample_sizes({"a": 1000, "b": 200, "c": 0}) == {
        "a": 278,
        "b": 132,
        "c": 0,
    }
    # ±10 points: n0 = 96.04; N = 1000: 96.04 / (1 + 95.04/1000) = 87.7 → 88
    assert stratum_sample_sizes({"a": 1000}, margin=0.10) == {"a": 88}
    # a tiny unit is surveyed whole
    assert stratum_sample_sizes({"a": 3}) == {"a": 3}


def test_draw_is_reproducible_and_order_free():
    ids = list(range(1, 501))
    first = draw_sample(ids, 20, seed="campaign-7:unit-3")
    assert len(first) == 20 and len(set(first)) == 20
    assert set(first) <= set(ids)
    assert draw_sample(reversed(ids), 20, seed="campaign-7:unit-3") == first
    assert draw_sample(ids, 20, seed="campaign-8:unit-3") != first
    assert draw_sample([5, 3, 3], 10, seed="x") == [3, 5]  # fewer than asked: all


def test_two_proportion_by_hand():
    # counter 90/100, independent 70/100: pooled 0.8,
    # se = sqrt(0.8 · 0.2 · (1/100 + 1/100)) = 0.056569, z = 0.2 / 0.056569 = 3.5355,
    # p = erfc(3.5355 / √2) = 0.000407
    test = two_proportion_test(90, 100, 70, 100)
    assert test.first == pytest.approx(90.0)
    assert test.second == pytest.approx(70.0)
    assert test.gap == pytest.approx(20.0)
    assert test.z == pytest.approx(3.5355, abs=1e-4)
    assert test.p_value == pytest.approx(0.000407, abs=1e-6)
    assert test.significant()
    # 80/100 against 76/100: z = 0.04 / sqrt(0.78 · 0.22 · 0.02) = 0.04 / 0.058583
    # = 0.6828, p = erfc(0.6828 / √2) = 0.4947
    close = two_proportion_test(80, 100, 76, 100)
    assert close.z == pytest.approx(0.6828, abs=1e-4)
    assert close.p_value == pytest.approx(0.4947, abs=1e-4)
    assert not close.significant()


def test_two_proportion_edge_cases():
    assert two_proportion_test(5, 5, 0, 0) is None  # no independent answers
    same = two_proportion_test(10, 10, 20, 20)  # both 100 %: no variance
    assert same.gap == 0 and same.z is None and not same.significant()
    with pytest.raises(ValueError):
        two_proportion_test(11, 10, 1, 2)


def test_stratified_estimate_by_hand():
    # A: N 1000, 90/100; B: N 3000, 60/100. W = 0.25, 0.75
    # p = 0.25 · 0.9 + 0.75 · 0.6 = 0.675
    # V = 0.0625 · 0.09/100 · 0.9 + 0.5625 · 0.24/100 · (1 − 100/3000)
    #   = 0.000050625 + 0.001305 = 0.001355625; se = 0.036819
    # 95 %: 0.675 ± 1.96 · 0.036819 = 0.60284 .. 0.74716
    result = stratified_estimate([(1000, 90, 100), (3000, 60, 100)])
    assert result.estimate == pytest.approx(67.5)
    assert result.standard_error == pytest.approx(100 * math.sqrt(0.001355625))
    assert result.low == pytest.approx(60.284, abs=1e-3)
    assert result.high == pytest.approx(74.716, abs=1e-3)
    assert (result.covered_population, result.population) == (4000, 4000)
    # the unweighted pool (150/200 = 75 %) would overstate the province
    assert result.estimate < 75


def test_stratified_estimate_without_answers_in_a_stratum():
    result = stratified_estimate([(1000, 90, 100), (500, 0, 0)])
    assert result.estimate == pytest.approx(90.0)
    assert (result.covered_population, result.population) == (1000, 1500)
    assert stratified_estimate([(10, 0, 0)]) is None
    whole = stratified_estimate([(50, 40, 50)])  # everyone asked: no sampling error
    assert whole.standard_error == 0 and whole.low == whole.high == 80.0
    with pytest.raises(ValueError):
        stratified_estimate([(10, 1, 11)])


def test_recontact_mismatch():
    assert recontact_mismatch(5, confirmed=False, recontact_level=None)
    assert recontact_mismatch(5, confirmed=True, recontact_level=3)
    assert not recontact_mismatch(5, confirmed=True, recontact_level=4)
    assert not recontact_mismatch(3, confirmed=True, recontact_level=5)
    assert not recontact_mismatch(5, confirmed=True, recontact_level=None)


def test_mismatch_rate():
    assert mismatch_rate(3, 12) == 25.0
    assert mismatch_rate(0, 0) is None
