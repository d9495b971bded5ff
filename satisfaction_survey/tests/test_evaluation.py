"""Pre-filled answers of the NĐ 118/2025 Điều 33.1 evaluation, worked by hand."""

from datetime import UTC, date, datetime

import pytest

from satisfaction_survey import DERIVE_RETURN_TIME, DERIVE_SUPPLEMENTS, SIPAS_5
from satisfaction_survey.evaluation import (
    FAVOURABLE,
    LATE,
    NEUTRAL,
    ON_TIME,
    UNFAVOURABLE,
    derived_level,
    fact_standing,
    moment_text,
    return_time_fact,
    standing_level,
    supplements_fact,
)

SIPAS_VALUES = (1, 2, 3, 4, 5)
SIPAS_SATISFIED = (4, 5)


def utc(*args):
    """A naive UTC datetime, as Odoo stores it."""
    return datetime(*args)


def test_return_time_at_the_day_boundary_in_vietnam_time():
    # due 10/12 typed without a time: stored 09/12 17:00 UTC = 10/12 00:00
    # Vietnam time, the whole day
    due = utc(2026, 12, 9, 17, 0)
    # returned 10/12 10:00 Vietnam time (03:00 UTC): on time, though its
    # UTC date is a day after the due's UTC date
    assert return_time_fact(due, utc(2026, 12, 10, 3, 0)) == ON_TIME
    # returned 10/12 23:59:59 Vietnam time: still on time
    assert return_time_fact(due, utc(2026, 12, 10, 16, 59, 59)) == ON_TIME
    # returned 11/12 00:30 Vietnam time (10/12 17:30 UTC, the due's UTC day
    # + 1 only): late
    assert return_time_fact(due, utc(2026, 12, 10, 17, 30)) == LATE


def test_return_time_with_a_due_hour():
    # due 10/12 16:30 Vietnam time = 09:30 UTC
    due = datetime(2026, 12, 10, 9, 30, tzinfo=UTC)
    assert return_time_fact(due, utc(2026, 12, 10, 9, 30)) == ON_TIME
    # returned 11/12 06:30 Vietnam time: late, on the same UTC date plus one
    assert return_time_fact(due, utc(2026, 12, 10, 23, 30)) == LATE


def test_return_time_unknown():
    assert return_time_fact(None, utc(2026, 12, 10, 3, 0)) is None
    assert return_time_fact(utc(2026, 12, 9, 17, 0), None) is None
    # a return known by its date only is the start of that day
    assert return_time_fact(utc(2026, 12, 9, 17, 0), date(2026, 12, 10)) == ON_TIME


def test_supplements_fact():
    assert supplements_fact(None) is None
    assert supplements_fact(0) == 0
    assert supplements_fact(2) == 2
    for bad in (-1, True, 1.0, "1"):
        with pytest.raises(ValueError):
            supplements_fact(bad)


def test_fact_standing():
    assert fact_standing(DERIVE_RETURN_TIME, ON_TIME) == FAVOURABLE
    assert fact_standing(DERIVE_RETURN_TIME, LATE) == UNFAVOURABLE
    assert fact_standing(DERIVE_RETURN_TIME, None) is None
    assert fact_standing(DERIVE_RETURN_TIME, "early") is None
    assert fact_standing(DERIVE_SUPPLEMENTS, 0) == FAVOURABLE
    assert fact_standing(DERIVE_SUPPLEMENTS, 1) == NEUTRAL
    assert fact_standing(DERIVE_SUPPLEMENTS, 2) == UNFAVOURABLE
    assert fact_standing(DERIVE_SUPPLEMENTS, 5) == UNFAVOURABLE
    assert fact_standing(DERIVE_SUPPLEMENTS, True) is None
    assert fact_standing("unknown", ON_TIME) is None


def test_levels_on_the_sipas_5_level_scale():
    values = [level.value for level in SIPAS_5.levels]
    satisfied = [level.value for level in SIPAS_5.levels if level.satisfied]
    assert sorted(values) == list(SIPAS_VALUES)
    assert sorted(satisfied) == list(SIPAS_SATISFIED)
    # favourable: 4 "Satisfied" (the lowest satisfied level), never the top
    assert standing_level(FAVOURABLE, values, satisfied) == 4
    # unfavourable: 2 "Dissatisfied", the mirror of 4
    assert standing_level(UNFAVOURABLE, values, satisfied) == 2
    # neutral: 3, the middle level
    assert standing_level(NEUTRAL, values, satisfied) == 3
    assert standing_level(None, values, satisfied) is None


def test_levels_on_other_scales():
    # 3 levels, 2 and 3 satisfied: the mirror of 2 is 2 itself, satisfied,
    # so unfavourable is the highest level that is not: 1; no neutral level
    assert standing_level(FAVOURABLE, (1, 2, 3), (2, 3)) == 2
    assert standing_level(UNFAVOURABLE, (1, 2, 3), (2, 3)) == 1
    assert standing_level(NEUTRAL, (1, 2, 3), (2, 3)) is None
    # 4 levels: no middle level
    assert standing_level(FAVOURABLE, (1, 2, 3, 4), (3, 4)) == 3
    assert standing_level(UNFAVOURABLE, (1, 2, 3, 4), (3, 4)) == 2
    assert standing_level(NEUTRAL, (1, 2, 3, 4), (3, 4)) is None
    # like / dislike
    assert standing_level(FAVOURABLE, (0, 1), (1,)) == 1
    assert standing_level(UNFAVOURABLE, (0, 1), (1,)) == 0
    # a scale where nothing or everything counts as satisfied: no pre-fill
    assert standing_level(FAVOURABLE, (1, 2, 3), ()) is None
    assert standing_level(UNFAVOURABLE, (1, 2), (1, 2)) is None


def test_derived_level():
    args = (SIPAS_VALUES, SIPAS_SATISFIED)
    assert derived_level(DERIVE_RETURN_TIME, ON_TIME, *args) == 4
    assert derived_level(DERIVE_RETURN_TIME, LATE, *args) == 2
    assert derived_level(DERIVE_RETURN_TIME, None, *args) is None
    assert derived_level(DERIVE_SUPPLEMENTS, 0, *args) == 4
    assert derived_level(DERIVE_SUPPLEMENTS, 1, *args) == 3
    assert derived_level(DERIVE_SUPPLEMENTS, 2, *args) == 2
    assert derived_level(None, ON_TIME, *args) is None
    assert derived_level(False, ON_TIME, *args) is None


def test_moment_text_in_vietnam_time():
    # 17:30 UTC is 00:30 the next day in Vietnam
    assert moment_text(utc(2026, 11, 10, 17, 30)) == "11/11/2026 00:30"
    assert moment_text(datetime(2026, 11, 10, 17, 30, tzinfo=UTC)) == "11/11/2026 00:30"
    assert moment_text(date(2026, 11, 10)) == "10/11/2026"
    assert moment_text(None) == moment_text(False) == ""
    # a due typed without a time (00:00 Vietnam time) is the whole day
    assert moment_text(utc(2026, 11, 9, 17, 0), due=True) == "10/11/2026 23:59"
    assert moment_text(date(2026, 11, 10), due=True) == "10/11/2026 23:59"
    assert moment_text(utc(2026, 11, 10, 9, 30), due=True) == "10/11/2026 16:30"
