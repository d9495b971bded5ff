from datetime import UTC, date, datetime, timedelta, timezone

from satisfaction_survey import month_start, quarter_of
from satisfaction_survey.periods import (
    LOCAL_TZ,
    LOCAL_ZONE,
    add_months,
    local_date,
    local_midnight_utc,
    local_month,
    month_bounds_utc,
    selects_whole_years,
    to_local,
    to_utc_naive,
)


def test_local_zone_is_vietnam_time():
    assert LOCAL_TZ == "Asia/Ho_Chi_Minh"
    assert LOCAL_ZONE.utcoffset(None) == timedelta(hours=7)


def test_to_local_and_back():
    local = to_local(datetime(2025, 12, 9, 17, 0))
    assert local == datetime(2025, 12, 10, 0, 0, tzinfo=LOCAL_ZONE)
    assert to_local(datetime(2025, 12, 9, 17, 0, tzinfo=UTC)) == local
    assert to_utc_naive(local) == datetime(2025, 12, 9, 17, 0)
    assert to_utc_naive(datetime(2025, 12, 9, 17, 0)) == datetime(2025, 12, 9, 17, 0)
    other = timezone(timedelta(hours=-5))
    assert to_utc_naive(datetime(2025, 1, 1, 0, 0, tzinfo=other)) == datetime(
        2025, 1, 1, 5, 0
    )


def test_local_date():
    # 17:00 UTC is midnight in Vietnam: the next day
    assert local_date(datetime(2025, 12, 9, 16, 59)) == date(2025, 12, 9)
    assert local_date(datetime(2025, 12, 9, 17, 0)) == date(2025, 12, 10)
    assert local_date(date(2025, 12, 9)) == date(2025, 12, 9)


def test_local_midnight_utc():
    assert local_midnight_utc(date(2025, 3, 1)) == datetime(2025, 2, 28, 17, 0)


def test_month_start():
    assert month_start(date(2025, 2, 28)) == date(2025, 2, 1)
    assert month_start(datetime(2025, 12, 31, 23, 59)) == date(2025, 12, 1)
    assert type(month_start(datetime(2025, 1, 5))) is date


def test_add_months():
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 1)
    assert add_months(date(2025, 12, 15), 1) == date(2026, 1, 1)
    assert add_months(date(2025, 1, 15), -1) == date(2024, 12, 1)
    assert add_months(date(2025, 3, 1), -14) == date(2024, 1, 1)
    assert add_months(datetime(2025, 5, 20, 10), 0) == date(2025, 5, 1)
    assert add_months(date(2025, 5, 20), 24) == date(2027, 5, 1)


def test_local_month_of_a_utc_datetime():
    # the evening of 31 December UTC is already January in Vietnam
    assert local_month(datetime(2025, 12, 31, 17, 0)) == date(2026, 1, 1)
    assert local_month(datetime(2025, 12, 31, 16, 59)) == date(2025, 12, 1)
    assert local_month(date(2025, 12, 31)) == date(2025, 12, 1)


def test_month_bounds_utc():
    assert month_bounds_utc(date(2025, 12, 15)) == (
        datetime(2025, 11, 30, 17, 0),
        datetime(2025, 12, 31, 17, 0),
    )
    start, end = month_bounds_utc(date(2025, 2, 1))
    assert local_month(start) == date(2025, 2, 1)
    assert local_month(end) == date(2025, 3, 1)
    assert local_month(end - timedelta(microseconds=1)) == date(2025, 2, 1)


def test_quarter_of():
    assert [quarter_of(date(2025, m, 1)) for m in range(1, 13)] == [1] * 3 + [2] * 3 + [
        3
    ] * 3 + [4] * 3


def test_selects_whole_years_of_a_year_filter():
    # what the reports' year filter writes: first to last month, or last day
    assert selects_whole_years(">=", date(2025, 1, 1))
    assert selects_whole_years("<=", date(2025, 12, 1))
    assert selects_whole_years("<=", date(2025, 12, 31))
    assert selects_whole_years("<", date(2026, 1, 1))
    assert selects_whole_years(">", date(2024, 12, 31))
    assert selects_whole_years(">=", datetime(2025, 1, 1, 0, 0))


def test_selects_whole_years_refuses_a_cut_year():
    assert not selects_whole_years(">=", date(2025, 6, 1))
    assert not selects_whole_years("<=", date(2025, 11, 30))
    assert not selects_whole_years("<", date(2025, 12, 1))
    assert not selects_whole_years(">", date(2025, 1, 1))
    assert not selects_whole_years("=", date(2025, 1, 1))
    assert not selects_whole_years("!=", date(2025, 6, 1))


def test_selects_whole_years_of_lists():
    every_month = [date(2025, month, 1) for month in range(1, 13)]
    assert selects_whole_years("in", every_month)
    assert selects_whole_years("not in", every_month)
    assert selects_whole_years("in", [])
    assert not selects_whole_years("in", every_month[:-1])
    assert not selects_whole_years("not in", [date(2025, 6, 1)])


def test_selects_whole_years_refuses_what_it_cannot_read():
    assert not selects_whole_years("like", date(2025, 1, 1))
    assert not selects_whole_years(">=", "2025-01-01")
    assert not selects_whole_years(">=", False)
    assert not selects_whole_years("in", date(2025, 1, 1))
