import math

import pytest

from satisfaction_survey import (
    QD766_3,
    aggregate_counts,
    meets_minimum,
    qd766_satisfaction_ratio,
    required_sample_size,
    response_rate,
    satisfaction_index,
    weighted_score,
    wilson_interval,
)


def test_satisfaction_index():
    assert satisfaction_index(83, 100) == 83.0
    assert satisfaction_index(0, 0) is None
    assert satisfaction_index(0, 7) == 0.0
    assert satisfaction_index(7, 7) == 100.0
    assert satisfaction_index(1, 3) == 33.33
    assert satisfaction_index(2, 3) == 66.67
    # 1/800 = 0.125 % exactly: half-up gives 0.13 (float round() would give 0.12)
    assert satisfaction_index(1, 800) == 0.13


@pytest.mark.parametrize("args", [(-1, 5), (1, -5), (6, 5), (1, 0)])
def test_satisfaction_index_rejects_bad_counts(args):
    with pytest.raises(ValueError):
        satisfaction_index(*args)


def test_overall_from_counts_not_mean_of_elements():
    elements = [(9, 10), (1, 2)]  # 90 % and 50 %: mean would be 70 %
    satisfied, answers = aggregate_counts(elements)
    assert (satisfied, answers) == (10, 12)
    assert satisfaction_index(satisfied, answers) == 83.33  # 10/12
    assert aggregate_counts([]) == (0, 0)
    with pytest.raises(ValueError):
        aggregate_counts([(3, 2)])


def test_wilson_8_of_10():
    # Hand computation, z = 1.96, p = 0.8, n = 10:
    #   denom  = 1 + z²/n            = 1 + 3.8415/10          = 1.38415
    #   centre = (p + z²/2n) / denom = (0.8 + 0.192073)/1.38415 = 0.716738
    #   half   = z·sqrt(p(1-p)/n + z²/4n²) / denom
    #          = 1.96·sqrt(0.016 + 0.0096037)/1.38415 = 0.226581
    #   -> (0.490157, 0.943319) -> (49.02 %, 94.33 %)
    assert wilson_interval(8, 10) == pytest.approx((49.02, 94.33), abs=0.005)
    z = 1.959963984540054
    denom = 1 + z * z / 10
    centre = (0.8 + z * z / 20) / denom
    half = z * math.sqrt(0.8 * 0.2 / 10 + z * z / 400) / denom
    assert wilson_interval(8, 10) == (
        round(100 * (centre - half), 2),
        round(100 * (centre + half), 2),
    )


def test_wilson_edges():
    assert wilson_interval(0, 0) is None
    low, high = wilson_interval(0, 10)
    assert low == 0.0 and 0 < high < 35  # 0/10 -> (0, 27.75)
    assert wilson_interval(0, 10) == (0.0, 27.75)
    assert wilson_interval(10, 10) == (72.25, 100.0)
    with pytest.raises(ValueError):
        wilson_interval(11, 10)


def test_weighted_score():
    assert weighted_score({5: 1, 4: 1, 3: 1, 2: 1, 1: 1}) == 50.0
    assert weighted_score({5: 3}) == 100.0
    assert weighted_score({1: 3}) == 0.0
    # GOV.UK: (100·2 + 75·1 + 0·1) / 4 = 68.75
    assert weighted_score({5: 2, 4: 1, 1: 1}) == 68.75
    assert weighted_score({}) is None
    assert weighted_score({5: 0, 4: 0}) is None
    # 3-level scale: 0 / 50 / 100 -> (0 + 50 + 100·2) / 4 = 62.5
    assert weighted_score({1: 1, 2: 1, 3: 2}, scale=QD766_3) == 62.5
    with pytest.raises(ValueError):
        weighted_score({6: 1})
    with pytest.raises(ValueError):
        weighted_score({4: -1})


def test_qd766_ratio_and_response_rate():
    # 200 dossiers, 6 rated dissatisfied / complained about / overdue -> 194/200
    assert qd766_satisfaction_ratio(200, 6) == 97.0
    assert qd766_satisfaction_ratio(0, 0) is None
    assert qd766_satisfaction_ratio(3, 0) == 100.0  # unrated count as satisfied
    with pytest.raises(ValueError):
        qd766_satisfaction_ratio(3, 4)
    assert response_rate(40, 200) == 20.0
    assert response_rate(0, 0) is None
    assert response_rate(1, 3) == 33.33


def test_required_sample_size():
    # n0 = 1.96² · 0.25 / 0.05² = 384.15 -> 385
    assert required_sample_size() == 385
    # 384.15 / (1 + 383.15/1000) = 277.75 -> 278
    assert required_sample_size(population=1000) == 278
    # 1.96² · 0.25 / 0.1² = 96.04 -> 97
    assert required_sample_size(margin=0.1) == 97
    # z = 2 gives exactly 100 (float noise must not round it up to 101)
    assert required_sample_size(margin=0.1, z=2.0) == 100
    assert required_sample_size(population=10) <= 10
    with pytest.raises(ValueError):
        required_sample_size(margin=0)
    with pytest.raises(ValueError):
        required_sample_size(population=0)


def test_meets_minimum():
    assert meets_minimum(25, 25)
    assert not meets_minimum(24, 25)
    assert meets_minimum(0, 0)
