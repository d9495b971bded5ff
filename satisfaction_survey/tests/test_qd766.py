"""QĐ 766/QĐ-TTg satisfaction group, worked by hand (methodology.md §2)."""

import pytest

from satisfaction_survey.qd766 import (
    GROUP_MAX_POINTS,
    Indicator,
    dossier_satisfaction,
    group_points,
    pakn_on_time,
    pakn_satisfaction,
)


def test_no_pakn_gives_full_points():
    assert pakn_on_time(0, 0) == Indicator("5.2", None, 6.0)
    assert pakn_satisfaction(0, 0) == Indicator("5.3", None, 6.0)


def test_pakn_on_time():
    # 9 of 12 PAKN handled on time: 75 % -> 6 × 0.75 = 4.5
    assert pakn_on_time(9, 12) == Indicator("5.2", 75.0, 4.5)
    # 2 of 3: 66.67 %, 6 × 2/3 = 4 exactly (points from the exact ratio)
    assert pakn_on_time(2, 3) == Indicator("5.2", 66.67, 4.0)
    assert pakn_on_time(0, 5) == Indicator("5.2", 0.0, 0.0)
    with pytest.raises(ValueError):
        pakn_on_time(6, 5)


def test_pakn_satisfaction():
    # 10 PAKN first received; 3 rated dissatisfied, raised again or overdue:
    # (10 − 3) / 10 = 70 % -> 6 × 0.7 = 4.2
    assert pakn_satisfaction(10, 3) == Indicator("5.3", 70.0, 4.2)
    # 7 PAKN, 1 flagged: 6/7 = 85.71 %, 6 × 6/7 = 5.142857 -> 5.14
    assert pakn_satisfaction(7, 1) == Indicator("5.3", 85.71, 5.14)
    with pytest.raises(ValueError):
        pakn_satisfaction(2, 3)
    with pytest.raises(TypeError):
        pakn_satisfaction(2.0, 1)


def test_no_dossiers_scores_zero():
    result = dossier_satisfaction(0, 0, 0)
    assert (result.ratio, result.points) == (None, 0.0)


def test_late_and_disliked_dossier_counts_twice():
    # 200 dossiers, 10 overdue, 8 with a PAKN or a dislike, one dossier in
    # both: overdue 5 %, disliked 4 %, R = 100 − (5 + 4) = 91 % (not 100 −
    # 17/200 = 91.5 %); 6 × 91/90 = 6.07 -> capped at 6
    result = dossier_satisfaction(200, 10, 8)
    assert (result.overdue_rate, result.complained_rate) == (5.0, 4.0)
    assert (result.ratio, result.points) == (91.0, 6.0)
    # 100 dossiers, 6 overdue and 6 disliked (the same 6): R = 88 %,
    # 6 × 88/90 = 5.8667 -> 5.87
    result = dossier_satisfaction(100, 6, 6)
    assert (result.ratio, result.points) == (88.0, 5.87)


def test_all_unrated_dossiers_count_as_satisfied():
    # 50 dossiers, none rated, none late: R = 100 %, 6 points, and the
    # response rate of 0 % says why
    result = dossier_satisfaction(50, 0, 0, rated=0)
    assert (result.ratio, result.points, result.response_rate) == (100.0, 6.0, 0.0)
    assert dossier_satisfaction(50, 0, 0).response_rate is None
    with pytest.raises(ValueError):
        dossier_satisfaction(50, 0, 0, rated=51)


def test_ninety_percent_and_above_is_full_points():
    # R = 90 % exactly: 6 × 90/90 = 6
    assert dossier_satisfaction(10, 1, 0).points == 6.0
    # R = 100 %: 6 × 100/90 = 6.67, capped at 6
    assert dossier_satisfaction(10, 0, 0).points == 6.0
    # R = 80 %: 6 × 80/90 = 5.33
    assert dossier_satisfaction(10, 1, 1).points == 5.33
    # just below: R = 89.5 %, 6 × 89.5/90 = 5.9667 -> 5.97
    assert dossier_satisfaction(200, 21, 0).points == 5.97


def test_negative_r_floors_points_at_zero():
    # 10 dossiers, 7 overdue, 6 disliked: R = 100 − (70 + 60) = −30 %;
    # R is kept, the points stop at 0
    result = dossier_satisfaction(10, 7, 6)
    assert (result.ratio, result.points) == (-30.0, 0.0)
    # R = 0 %: 0 points
    assert dossier_satisfaction(10, 5, 5).points == 0.0
    with pytest.raises(ValueError):
        dossier_satisfaction(10, 11, 0)


def test_group_total():
    # 6 (no PAKN) + 4.2 + 5.87 = 16.07 of 18
    total = group_points(
        [pakn_on_time(0, 0), pakn_satisfaction(10, 3), dossier_satisfaction(100, 6, 6)]
    )
    assert total == 16.07
    best = [pakn_on_time(0, 0), pakn_satisfaction(0, 0), dossier_satisfaction(5, 0, 0)]
    assert group_points(best) == GROUP_MAX_POINTS
    with pytest.raises(ValueError):
        group_points([pakn_on_time(0, 0), pakn_on_time(1, 1)])


def test_pakn_helpers_match_the_indicators():
    from satisfaction_survey import qd766

    assert qd766.pakn_on_time_ratio(3, 4) == 75.0
    assert qd766.pakn_on_time_points(3, 4) == 4.5
    assert qd766.pakn_on_time_ratio(0, 0) is None
    assert qd766.pakn_on_time_points(0, 0) == 6.0
    assert qd766.pakn_satisfaction_ratio(4, 1) == 75.0
    assert qd766.pakn_satisfaction_points(3, 2) == 2.0
