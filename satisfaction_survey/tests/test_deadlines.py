from datetime import UTC, date, datetime, timedelta

import pytest

from satisfaction_survey.deadlines import (
    EXTENSION,
    SUPPLEMENT_RECEIVED,
    SUPPLEMENT_REQUEST,
    DueEvent,
    WorkingDays,
    due_moment,
    final_due,
    is_overdue,
    moment_of,
)
from satisfaction_survey.periods import LOCAL_ZONE, to_local, to_utc_naive


def vn(*args):
    """A moment in Vietnam time."""
    return datetime(*args, tzinfo=LOCAL_ZONE)


def utc(*args):
    """A naive UTC datetime, as Odoo stores it."""
    return datetime(*args)


def late(original, returned, events=(), days=None, calendar=None):
    return is_overdue(final_due(original, events, days, calendar), returned)


def test_vietnam_time_conversions():
    # 17:00 UTC on 9 Dec is midnight on 10 Dec in Vietnam
    assert to_local(utc(2025, 12, 9, 17, 0)) == vn(2025, 12, 10, 0, 0)
    assert to_utc_naive(vn(2025, 12, 10, 0, 0)) == utc(2025, 12, 9, 17, 0)
    aware_utc = datetime(2025, 12, 9, 17, 0, tzinfo=UTC)
    assert to_local(aware_utc) == vn(2025, 12, 10)


def test_due_typed_without_a_time_is_the_whole_day():
    # due 10/12 00:00 VN (stored 09/12 17:00 UTC), returned 10/12 10:00 VN:
    # on time (UTC dates would say 10/12 > 09/12: late)
    due = utc(2025, 12, 9, 17, 0)
    assert due_moment(due) == vn(2025, 12, 10, 23, 59, 59)
    assert not late(due, utc(2025, 12, 10, 3, 0))
    assert late(due, vn(2025, 12, 11, 0, 0, 0))
    # a date field means the same
    assert due_moment(date(2025, 12, 10)) == vn(2025, 12, 10, 23, 59, 59)
    assert not late(date(2025, 12, 10), vn(2025, 12, 10, 23, 59, 59))


def test_due_with_a_time_judged_in_vietnam_time():
    # due 10/12 16:30 VN, returned 11/12 06:30 VN: late by 14 hours, although
    # both are on 10/12 in UTC
    due = utc(2025, 12, 10, 9, 30)
    returned = utc(2025, 12, 10, 23, 30)
    assert due.date() == returned.date()
    assert late(due, returned)
    assert not late(due, vn(2025, 12, 10, 16, 30))
    assert late(due, vn(2025, 12, 10, 16, 30, 1))


def test_day_boundary_2359_and_0001():
    due = date(2025, 12, 10)
    assert not late(due, vn(2025, 12, 10, 23, 59))
    assert late(due, vn(2025, 12, 11, 0, 1))
    # 00:01 VN on 11/12 is still 10/12 in UTC: the UTC date alone misses it
    assert to_utc_naive(vn(2025, 12, 11, 0, 1)).date() == date(2025, 12, 10)


def test_return_known_by_its_date_only():
    assert moment_of(date(2025, 12, 10)) == vn(2025, 12, 10, 0, 0)
    # returned "on 10/12": on time for a due at 10/12 16:30, late for 9/12
    assert not is_overdue(vn(2025, 12, 10, 16, 30), date(2025, 12, 10))
    assert is_overdue(due_moment(date(2025, 12, 9)), date(2025, 12, 10))


def test_no_due_is_never_late():
    assert final_due(None) is None
    assert not is_overdue(None, vn(2030, 1, 1))
    assert not is_overdue(None, as_of=vn(2030, 1, 1))


def test_open_dossier_overdue_at_period_end():
    due = final_due(date(2025, 12, 10))
    assert not is_overdue(due)  # not returned, no date to judge at
    assert not is_overdue(due, as_of=vn(2025, 12, 10, 23, 59, 59))
    assert is_overdue(due, as_of=vn(2025, 12, 31, 23, 59, 59))
    # returned after the period's end: judged open at the period's end
    assert is_overdue(due, vn(2026, 1, 2), as_of=vn(2025, 12, 31, 23, 59, 59))
    # returned on time, before the period's end
    assert not is_overdue(due, vn(2025, 12, 9), as_of=vn(2025, 12, 31))


def test_extension_moves_the_due():
    events = [DueEvent(EXTENSION, vn(2025, 12, 9, 15), date(2025, 12, 15))]
    assert final_due(date(2025, 12, 10), events) == vn(2025, 12, 15, 23, 59, 59)
    assert not late(date(2025, 12, 10), vn(2025, 12, 12, 9), events)
    assert late(date(2025, 12, 10), vn(2025, 12, 16, 9), events)
    # the last extension wins, in the order they happened
    events.insert(0, DueEvent(EXTENSION, vn(2025, 12, 14), vn(2025, 12, 18, 16, 30)))
    assert final_due(date(2025, 12, 10), events) == vn(2025, 12, 18, 16, 30)
    with pytest.raises(ValueError):
        DueEvent(EXTENSION, vn(2025, 12, 9))


def test_supplement_restarts_the_clock_on_working_days():
    # received Mon 1/12, 3 working days: due Thu 4/12. A supplement asked on
    # Tue 2/12 and received Fri 5/12 14:00 VN restarts 3 working days from
    # the next day: Mon 8, Tue 9, Wed 10 -> due Wed 10/12 24:00.
    events = [
        DueEvent(SUPPLEMENT_REQUEST, vn(2025, 12, 2, 9)),
        DueEvent(SUPPLEMENT_RECEIVED, vn(2025, 12, 5, 14)),
    ]
    due = final_due(date(2025, 12, 4), events, processing_days=3)
    assert due == vn(2025, 12, 10, 23, 59, 59)
    assert not is_overdue(due, vn(2025, 12, 10, 16))
    assert is_overdue(due, vn(2025, 12, 11, 8))
    # while the supplement is awaited, the clock is stopped
    assert final_due(date(2025, 12, 4), events[:1], processing_days=3) is None
    # without a processing time, the last due stands
    assert final_due(date(2025, 12, 4), events) == vn(2025, 12, 4, 23, 59, 59)


def test_supplement_reception_date_in_vietnam_time():
    # received 5/12 23:30 VN = 5/12 16:30 UTC; and 6/12 00:30 VN = 5/12 17:30
    # UTC, a Saturday in Vietnam: the next working day is Mon 8/12
    friday = [DueEvent(SUPPLEMENT_RECEIVED, utc(2025, 12, 5, 16, 30))]
    saturday = [DueEvent(SUPPLEMENT_RECEIVED, utc(2025, 12, 5, 17, 30))]
    assert final_due(None, friday, 1) == vn(2025, 12, 8, 23, 59, 59)
    assert final_due(None, saturday, 1) == vn(2025, 12, 8, 23, 59, 59)
    assert final_due(None, saturday, 2) == vn(2025, 12, 9, 23, 59, 59)


def test_events_in_the_order_they_happened():
    extension = DueEvent(EXTENSION, vn(2025, 12, 12), date(2025, 12, 20))
    received = DueEvent(SUPPLEMENT_RECEIVED, vn(2025, 12, 5, 14))
    # an extension after the restart wins, a restart after the extension wins
    assert final_due(None, [extension, received], 3) == vn(2025, 12, 20, 23, 59, 59)
    later = DueEvent(SUPPLEMENT_RECEIVED, vn(2025, 12, 15, 8))
    assert final_due(None, [later, extension], 3) == vn(2025, 12, 18, 23, 59, 59)


def test_working_days_with_holidays_and_saturdays():
    # 2 September (National Day) 2025 is a Tuesday; 1 September was also off
    holidays = WorkingDays(holidays=frozenset({date(2025, 9, 1), date(2025, 9, 2)}))
    assert holidays.add(date(2025, 8, 29), 1) == date(2025, 9, 3)
    assert holidays.add(date(2025, 8, 29), 3) == date(2025, 9, 5)
    assert holidays.add(date(2025, 8, 29), 0) == date(2025, 8, 29)
    saturday_mornings = WorkingDays(weekdays=frozenset(range(6)))
    assert saturday_mornings.add(date(2025, 12, 5), 1) == date(2025, 12, 6)
    assert WorkingDays().add(date(2025, 12, 5), 1) == date(2025, 12, 8)
    with pytest.raises(ValueError):
        WorkingDays().add(date(2025, 12, 5), -1)
    with pytest.raises(ValueError):
        WorkingDays(weekdays=frozenset()).add(date(2025, 12, 5), 1)
    every_day_off = WorkingDays(
        holidays=frozenset(date(2025, 1, 1) + timedelta(days=i) for i in range(4000))
    )
    with pytest.raises(ValueError):
        every_day_off.add(date(2025, 1, 1), 1)
    # the restart follows the calendar it is given
    received = [DueEvent(SUPPLEMENT_RECEIVED, vn(2025, 8, 29, 10))]
    assert final_due(None, received, 1, holidays) == vn(2025, 9, 3, 23, 59, 59)


def test_unknown_event_kind():
    with pytest.raises(ValueError):
        DueEvent("postponed", vn(2025, 12, 1))
