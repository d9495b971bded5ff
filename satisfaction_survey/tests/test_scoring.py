"""Scoring schemes: worked examples computed by hand (z = 1.96 for Wilson)."""

import pytest

from satisfaction_survey import scoring
from satisfaction_survey.scoring import (
    FLAG_NO_ANSWERS,
    FLAG_NOT_ENOUGH,
    aggregate_index,
    change_pp,
    component_value,
    points_linear,
    points_threshold,
    qd766_figure,
    rank_competition,
    recompute_ratios,
    score_component,
    sipas5_weighted_score,
    sipas_indices,
    target_for_year,
)

# ----------------------------------------------------------------------
# SIPAS index figures
# ----------------------------------------------------------------------


def test_aggregate_index_9_of_10():
    # p = 0.9, n = 10, z² = 3.8415
    #   denom  = 1 + 3.8415/10                        = 1.38415
    #   centre = (0.9 + 0.192073) / 1.38415           = 0.788984
    #   half   = 1.96·sqrt(0.009 + 0.0096037)/1.38415 = 0.193140
    #   -> (0.595844, 0.982124) -> (59.58 %, 98.21 %)
    figure = aggregate_index([(4, 5), (5, 5)], minimum=10)
    assert figure.answers == 10 and figure.satisfied == 9
    assert figure.index == 90.0
    assert (figure.low, figure.high) == (59.58, 98.21)
    assert figure.enough is True
    assert aggregate_index([(9, 10)], minimum=11).enough is False


def test_aggregate_index_sample_is_respondents():
    # 2 respondents x 9 answers = 18 answers: enough answers, not enough people
    figure = aggregate_index([(18, 18)], minimum=10, sample=2)
    assert figure.index == 100.0 and figure.enough is False
    assert aggregate_index([(18, 18)], minimum=2, sample=2).enough is True


def test_aggregate_index_no_answers():
    figure = aggregate_index([], minimum=0)
    assert figure == scoring.IndexFigure(0, 0, None, None, None, False)
    # a row of zeros is the same as nothing
    assert aggregate_index([(0, 0)]).index is None


def test_aggregate_index_one_answer():
    # p = 1, n = 1: denom = 4.8415, centre = 2.92073/4.8415 = 0.603269,
    # half = 1.96·sqrt(3.8415/4)/4.8415 = 0.396731 -> (20.65 %, 100 %)
    figure = aggregate_index([(1, 1)], minimum=1)
    assert (figure.index, figure.low, figure.high, figure.enough) == (
        100.0,
        20.65,
        100.0,
        True,
    )
    # the 0/1 mirror: (0 %, 79.35 %)
    assert aggregate_index([(0, 1)]).high == 79.35


def test_aggregate_index_rejects_bad_counts():
    with pytest.raises(ValueError):
        aggregate_index([(3, 2)])
    with pytest.raises(ValueError):
        aggregate_index([(1, 2)], minimum=-1)


def test_sipas_indices_from_counts_and_skipped_criterion():
    rows = [
        # criterion, element, satisfied, answers
        ("a1", "access", 9, 10),
        ("a2", "access", 1, 2),
        ("o1", "officer", 3, 4),
        ("o2", "officer", 0, 0),  # skipped by everybody
        ("o1", "officer", 1, 1),  # a second row of o1 is summed
    ]
    result = sipas_indices(rows, minimum=5)
    # access: (9 + 1) / (10 + 2) = 10/12 = 83.33 % (the mean of 90 and 50 would be 70)
    assert result.elements["access"].index == 83.33
    # o1: (3 + 1) / (4 + 1) = 80 %; o2 skipped: no index, not counted as dissatisfied
    assert result.criteria["o1"].index == 80.0
    assert result.criteria["o2"].index is None
    assert result.criteria["o2"].enough is False
    assert result.elements["officer"].index == 80.0
    # overall: (10 + 4) / (12 + 5) = 14/17 = 82.35 %
    assert (result.overall.satisfied, result.overall.answers) == (14, 17)
    assert result.overall.index == 82.35
    assert result.criteria["a2"].enough is False  # 2 < 5


# ----------------------------------------------------------------------
# QĐ 766 and the weighted score
# ----------------------------------------------------------------------


def test_qd766_figure():
    # 40 dossiers, 10 rated, 2 rated dissatisfied, 1 complained, 3 overdue (disjoint):
    # (40 - 6) / 40 = 85 %, response rate 10/40 = 25 %
    figure = qd766_figure(40, 10, dissatisfied=2, complained=1, overdue=3)
    assert (figure.flagged, figure.ratio, figure.response_rate) == (6, 85.0, 25.0)
    # one overdue dossier was also rated dissatisfied: 5 distinct -> 35/40 = 87.5 %
    assert qd766_figure(40, 10, 2, 1, 3, flagged=5).ratio == 87.5
    with pytest.raises(ValueError):
        qd766_figure(40, 10, 2, 1, 3, flagged=7)  # more than the sum
    with pytest.raises(ValueError):
        qd766_figure(40, 10, 2, 1, 3, flagged=2)  # fewer than the overdue alone


def test_qd766_all_unrated_is_100_with_response_rate_0():
    figure = qd766_figure(25, 0, overdue=0)
    assert figure.ratio == 100.0
    assert figure.response_rate == 0.0


def test_qd766_no_dossiers():
    figure = qd766_figure(0, 0)
    assert figure.ratio is None and figure.response_rate is None


def test_sipas5_weighted_score():
    # (100·2 + 75·1 + 50·0 + 25·0 + 0·1) / 4 = 275/4 = 68.75
    assert sipas5_weighted_score(1, 0, 0, 1, 2) == 68.75
    assert sipas5_weighted_score(0, 0, 0, 0, 0) is None
    # one neutral answer: 50
    assert sipas5_weighted_score(0, 0, 1, 0, 0) == 50.0


def test_recompute_ratios_from_sql_sums():
    row = {
        "satisfied_count": 9.0,
        "answer_count": 10.0,
        "answered": None,
        "requested": 4.0,
    }
    specs = {
        "index": (scoring.satisfaction_index, ("satisfied_count", "answer_count")),
        "low": (scoring.wilson_low, ("satisfied_count", "answer_count")),
        "high": (scoring.wilson_high, ("satisfied_count", "answer_count")),
        "rate": (scoring.response_rate, ("answered", "requested")),
    }
    recompute_ratios(row, specs)
    assert (row["index"], row["low"], row["high"], row["rate"]) == (
        90.0,
        59.58,
        98.21,
        0.0,
    )
    empty = recompute_ratios({}, specs)
    assert empty["index"] is None and empty["low"] is None and empty["rate"] is None


# ----------------------------------------------------------------------
# Points
# ----------------------------------------------------------------------

STEPS = [(80, 1.0), (95, 2.0), (90, 1.5)]  # unsorted on purpose


def test_points_threshold():
    assert points_threshold(96.0, STEPS) == 2.0
    assert points_threshold(95.0, STEPS) == 2.0  # "at least" includes the edge
    assert points_threshold(94.99, STEPS) == 1.5
    assert points_threshold(90.0, STEPS) == 1.5
    assert points_threshold(85.0, STEPS) == 1.0
    assert points_threshold(79.99, STEPS) == 0.0
    assert points_threshold(None, STEPS) == 0.0
    assert points_threshold(50.0, []) == 0.0


def test_points_linear():
    # lo 80, hi 100, max 2: 87.5 -> (7.5/20)·2 = 0.75
    assert points_linear(87.5, 80, 100, 2) == 0.75
    # 83.33 -> (3.33/20)·2 = 0.333 -> 0.33
    assert points_linear(83.33, 80, 100, 2) == 0.33
    # 80.25 -> 0.25/20·2 = 0.025 -> half-up 0.03
    assert points_linear(80.25, 80, 100, 2) == 0.03
    assert points_linear(79.0, 80, 100, 2) == 0.0
    assert points_linear(80.0, 80, 100, 2) == 0.0
    assert points_linear(100.0, 80, 100, 2) == 2.0
    assert points_linear(100.0, 80, 95, 2) == 2.0  # above hi: capped
    assert points_linear(None, 80, 100, 2) == 0.0
    with pytest.raises(ValueError):
        points_linear(90, 100, 80, 2)


def test_score_component_flags():
    scored = score_component(92.0, 40, 30, "threshold", 2.0, steps=STEPS)
    assert (scored.points, scored.flag) == (1.5, None)
    short = score_component(100.0, 29, 30, "threshold", 2.0, steps=STEPS)
    assert (short.points, short.flag, short.value) == (0.0, FLAG_NOT_ENOUGH, 100.0)
    nothing = score_component(None, 0, 0, "linear", 2.0, lo=80, hi=100)
    assert (nothing.points, nothing.flag) == (0.0, FLAG_NO_ANSWERS)
    linear = score_component(90.0, 30, 30, "linear", 4.0, lo=80, hi=100)
    assert (linear.points, linear.flag) == (2.0, None)  # 10/20 · 4
    # a step worth more than the rule's maximum is capped
    assert score_component(99.0, 1, 0, "threshold", 1.0, steps=STEPS).points == 1.0
    with pytest.raises(ValueError):
        score_component(90.0, 30, 30, "linear", 4.0)
    with pytest.raises(ValueError):
        score_component(90.0, 30, 30, "median", 4.0)


def test_component_values():
    counts = {
        "request_count": 20.0,  # SQL sums arrive as floats
        "answered_count": 10,
        "response_count": 10,
        "flagged_count": 3,
        "answer_count": 90,
        "satisfied_count": 81,
        "officer_answer_count": 80,
        "officer_satisfied_count": 72,
        "overall_answer_count": 10,
        "overall_satisfied_count": 9,
        "level1_count": 0,
        "level2_count": 4,
        "level3_count": 5,
        "level4_count": 31,
        "level5_count": 50,
    }
    assert component_value("sipas_index", counts) == (90.0, 10)  # 81/90
    assert component_value("officer_index", counts) == (90.0, 10)  # 72/80
    assert component_value("overall_index", counts) == (90.0, 10)  # 9/10
    assert component_value("qd766_ratio", counts) == (85.0, 10)  # (20-3)/20
    assert component_value("response_rate", counts) == (50.0, 20)  # 10/20
    # (100·50 + 75·31 + 50·5 + 25·4) / 90 = (5000 + 2325 + 250 + 100)/90 = 85.28
    assert component_value("weighted_score", counts) == (85.28, 10)
    # nothing at all: no figure, sample 0; QĐ 766 with no dossiers has no ratio
    assert component_value("sipas_index", {}) == (None, 0)
    assert component_value("qd766_ratio", {}) == (None, 0)
    # all unrated: the QĐ 766 ratio is 100 % but its sample (ratings) is 0
    assert component_value("qd766_ratio", {"request_count": 5}) == (100.0, 0)
    with pytest.raises(ValueError):
        component_value("happiness", counts)


def test_qd766_54_component_and_the_portals_rule():
    """QĐ 766 5.4 as a rule: linear from 0 at R = 0 % to 6 points at R = 90 %,
    no minimum: the portal's min(6, 6 × R ÷ 90 %)."""
    # 20 dossiers, 2 overdue, 3 disliked (one of them overdue too: counted twice)
    # R = 100 − (2/20 + 3/20) = 100 − (10 + 15) = 75 %; points = 6 × 75 / 90 = 5.0
    counts = {"request_count": 20.0, "overdue_count": 2, "dissatisfied_count": 3}
    assert component_value("qd766_54", counts) == (75.0, 20)
    rule = {"method": "linear", "lo": 0.0, "hi": 90.0, "max_points": 6, "minimum": 0}

    def points(counts):
        value, sample = component_value("qd766_54", counts)
        return score_component(value, sample, **rule).points

    assert points(counts) == 5.0
    # R = 95 %: the ceiling; R = 60 %: 4 points; all unrated and on time: 6
    assert points({"request_count": 20, "overdue_count": 1}) == 6.0
    assert (
        points({"request_count": 10, "overdue_count": 2, "dissatisfied_count": 2})
        == 4.0
    )
    assert points({"request_count": 7}) == 6.0
    # more late and disliked than dossiers: R below 0, no points; no dossiers: none
    assert component_value(
        "qd766_54", {"request_count": 2, "overdue_count": 2, "dissatisfied_count": 2}
    ) == (-100.0, 2)
    assert (
        points({"request_count": 2, "overdue_count": 2, "dissatisfied_count": 2}) == 0
    )
    assert component_value("qd766_54", {}) == (None, 0)


# ----------------------------------------------------------------------
# Ranking, targets, change
# ----------------------------------------------------------------------


def test_rank_competition_ties():
    ranks = rank_competition({"A": 3.5, "B": 2.0, "C": 3.5, "D": 0.0, "E": 2.0})
    assert ranks == {"A": 1, "C": 1, "B": 3, "E": 3, "D": 5}
    # float noise does not break a tie
    assert rank_competition({"x": 0.1 + 0.2, "y": 0.3}) == {"x": 1, "y": 1}
    assert rank_competition({}) == {}


def test_target_for_year():
    targets = {2025: 90.0, 2030: 95.0}
    assert target_for_year(2025, targets) == 90.0
    assert target_for_year(2030, targets) == 95.0
    # 2027: 90 + (95 - 90)·2/5 = 92
    assert target_for_year(2027, targets) == 92.0
    assert target_for_year(2026, targets) == 91.0
    assert target_for_year(2031, targets) == 95.0  # last target holds
    assert target_for_year(2024, targets) is None
    # an explicit year wins over the interpolation
    assert target_for_year(2027, {**targets, 2027: 93.5}) == 93.5
    # 2028 between 93.5 (2027) and 95 (2030): 93.5 + 1.5/3 = 94
    assert target_for_year(2028, {**targets, 2027: 93.5}) == 94.0
    assert target_for_year(2025, {}) is None


def test_change_pp():
    # SIPAS 2023 -> 2024: 82.66 -> 83.94 = +1.28 pp
    assert change_pp(82.66, 83.94) == 1.28
    assert change_pp(83.94, 82.66) == -1.28
    assert change_pp(None, 90.0) is None
    assert change_pp(90.0, None) is None
    assert change_pp(90.0, 90.0) == 0.0
