from datetime import date

import pytest

from satisfaction_survey.indices import satisfaction_index
from satisfaction_survey.succession import (
    ReceivedAfterSuccession,
    SelfSuccession,
    SplitFigures,
    Succession,
    SuccessionCycle,
    check_dates,
    final_successors,
    map_counts,
    successor_since,
)

JULY_2025 = date(2025, 7, 1)


def test_two_communes_merged_sum_counts_never_average_percentages():
    # June 2025: commune A 9 satisfied of 10 answers (90 %), commune B 30 of 60
    # (50 %). New commune N from 1 July 2025. N's June = (9 + 30) / (10 + 60)
    # = 39 / 70 = 55.714... -> 55.71 %, not the mean (90 + 50) / 2 = 70 %.
    edges = [Succession("A", "N", JULY_2025), Succession("B", "N", JULY_2025)]
    finals = final_successors(edges)
    assert finals == {"A": "N", "B": "N"}
    rows = [
        ("A", "2025-06", {"satisfied": 9, "answers": 10}),
        ("B", "2025-06", {"satisfied": 30, "answers": 60}),
        ("N", "2025-07", {"satisfied": 50, "answers": 60}),
        ("X", "2025-06", {"satisfied": 1, "answers": 2}),
    ]
    merged = map_counts(rows, finals)
    assert merged == {
        ("N", "2025-06"): {"satisfied": 39, "answers": 70},
        ("N", "2025-07"): {"satisfied": 50, "answers": 60},
        ("X", "2025-06"): {"satisfied": 1, "answers": 2},
    }
    june = merged[("N", "2025-06")]
    assert satisfaction_index(june["satisfied"], june["answers"]) == 55.71
    assert (satisfaction_index(9, 10) + satisfaction_index(30, 60)) / 2 == 70.0
    assert successor_since(edges) == {"N": JULY_2025}


def test_chain_is_followed_to_its_end():
    # A merged into B in 2020 (an earlier arrangement), B into C in 2025.
    edges = [
        Succession("B", "C", JULY_2025),
        Succession("A", "B", date(2020, 1, 1)),
    ]
    assert final_successors(edges) == {"A": "C", "B": "C"}
    check_dates(edges)
    merged = map_counts(
        [
            ("A", "2019-12", {"satisfied": 3, "answers": 4}),
            ("B", "2019-12", {"satisfied": 1, "answers": 4}),
            ("B", "2024-12", {"satisfied": 5, "answers": 5}),
        ],
        final_successors(edges),
    )
    # 2019-12: (3 + 1) / (4 + 4) = 50 %
    assert merged == {
        ("C", "2019-12"): {"satisfied": 4, "answers": 8},
        ("C", "2024-12"): {"satisfied": 5, "answers": 5},
    }
    assert successor_since(edges) == {"B": date(2020, 1, 1), "C": JULY_2025}


def test_split_predecessor_goes_to_its_main_successor_only():
    # District D split into communes P and Q; P is the designated main successor.
    edges = [
        Succession("D", "P", JULY_2025, carries=True),
        Succession("D", "Q", JULY_2025, carries=False),
    ]
    assert final_successors(edges) == {"D": "P"}
    merged = map_counts([("D", "2025-06", {"answers": 8})], final_successors(edges))
    assert merged == {("P", "2025-06"): {"answers": 8}}
    # Q still starts on 1 July 2025
    assert successor_since(edges)["Q"] == JULY_2025


def test_split_without_main_successor_keeps_its_figures():
    edges = [
        Succession("D", "P", JULY_2025, carries=False),
        Succession("D", "Q", JULY_2025, carries=False),
    ]
    assert final_successors(edges) == {}
    merged = map_counts([("D", "2025-06", {"answers": 8})], final_successors(edges))
    assert merged == {("D", "2025-06"): {"answers": 8}}


def test_figures_cannot_be_split_between_two_successors():
    with pytest.raises(SplitFigures):
        final_successors(
            [Succession("D", "P", JULY_2025), Succession("D", "Q", JULY_2025)]
        )


def test_cycle_and_self_succession_rejected():
    with pytest.raises(SuccessionCycle):
        final_successors(
            [
                Succession("A", "B", JULY_2025),
                Succession("B", "C", JULY_2025),
                Succession("C", "A", JULY_2025),
            ]
        )
    with pytest.raises(SelfSuccession):
        final_successors([Succession("A", "A", JULY_2025)])


def test_unit_cannot_receive_after_its_own_succession():
    with pytest.raises(ReceivedAfterSuccession):
        check_dates(
            [
                Succession("B", "C", date(2020, 1, 1)),
                Succession("A", "B", JULY_2025),
            ]
        )


def test_counts_must_be_integers():
    with pytest.raises(TypeError):
        map_counts([("A", "2025-06", {"answers": 1.5})], {})
    with pytest.raises(TypeError):
        map_counts([("A", "2025-06", {"answers": True})], {})
