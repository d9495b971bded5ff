from datetime import date, datetime

import pytest

from satisfaction_survey import (
    DEFAULT_GRADE_BANDS,
    DOSSIER_EVALUATION_CRITERIA,
    DOSSIER_MAX_SCORE,
    OFFICER_CRITERIA,
    OVERALL_CRITERION,
    SIPAS_ELEMENTS,
    dossier_grade,
    score_timeliness,
)


def test_sipas_catalogue_shape():
    assert [e.code for e in SIPAS_ELEMENTS] == [
        "access",
        "procedure",
        "officer",
        "result",
        "feedback",
    ]
    assert [len(e.criteria) for e in SIPAS_ELEMENTS] == [4, 5, 6, 3, 4]
    codes = [c.code for e in SIPAS_ELEMENTS for c in e.criteria]
    assert len(codes) == 22
    assert len(set(codes)) == 22
    assert codes[0] == "access_1" and codes[-1] == "feedback_4"
    assert SIPAS_ELEMENTS[1].name_vi == "Thủ tục hành chính"
    for element in SIPAS_ELEMENTS:
        for criterion in element.criteria:
            assert criterion.code.startswith(element.code + "_")
            assert criterion.name_en and criterion.name_vi


def test_officer_catalogue():
    assert OFFICER_CRITERIA.code == "officer_conduct"
    assert OFFICER_CRITERIA.name_vi == "Cán bộ tiếp nhận và trả kết quả"
    assert [c.code for c in OFFICER_CRITERIA.criteria] == [
        "attitude",
        "manner",
        "responsibility",
        "effectiveness",
    ]
    assert all(c.officer for c in OFFICER_CRITERIA.criteria)
    assert OFFICER_CRITERIA.criteria[0].name_vi == "Thái độ phục vụ"


def test_overall_criterion_not_in_other_catalogues():
    assert OVERALL_CRITERION.code == "overall"
    assert not OVERALL_CRITERION.officer
    all_codes = {
        c.code for e in (*SIPAS_ELEMENTS, OFFICER_CRITERIA) for c in e.criteria
    }
    assert OVERALL_CRITERION.code not in all_codes


def test_dossier_criteria():
    assert len(DOSSIER_EVALUATION_CRITERIA) == 9
    assert DOSSIER_MAX_SCORE == 2 * 9
    assert [c.automatic for c in DOSSIER_EVALUATION_CRITERIA] == [True, True] + [
        False
    ] * 7
    assert len({c.code for c in DOSSIER_EVALUATION_CRITERIA}) == 9


def test_score_timeliness():
    due = date(2025, 3, 10)
    assert score_timeliness(due, date(2025, 3, 7)) == 2  # early
    assert score_timeliness(due, date(2025, 3, 10)) == 1  # same day
    assert score_timeliness(due, date(2025, 3, 11)) == 0  # late
    # datetimes compare by calendar date: 23:59 on the due day is still on time
    assert (
        score_timeliness(datetime(2025, 3, 10, 8, 0), datetime(2025, 3, 10, 23, 59))
        == 1
    )
    assert score_timeliness(datetime(2025, 3, 10, 17, 0), date(2025, 3, 9)) == 2
    assert score_timeliness(date(2025, 3, 10), datetime(2025, 3, 11, 0, 1)) == 0


def test_dossier_grade_default_bands():
    # total >= threshold, highest threshold first
    assert [dossier_grade(t) for t in (18, 16, 15, 12, 11, 9, 8, 6, 5, 0)] == [
        "excellent",
        "excellent",
        "good",
        "good",
        "fair",
        "fair",
        "average",
        "average",
        "weak",
        "weak",
    ]
    assert DEFAULT_GRADE_BANDS[0] == (16, "excellent")


def test_dossier_grade_custom_bands_and_errors():
    bands = ((10, "pass"), (0, "fail"))
    assert dossier_grade(10, bands) == "pass"
    assert dossier_grade(9, bands) == "fail"
    assert dossier_grade(3, ((0, "low"), (5, "high"))) == "low"  # order-independent
    with pytest.raises(ValueError):
        dossier_grade(-1)
    with pytest.raises(ValueError):
        dossier_grade(3, ((5, "only"),))
