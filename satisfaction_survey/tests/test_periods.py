from datetime import date, datetime

import pytest

from satisfaction_survey import month_range, month_start, quarter_of


def test_month_start():
    assert month_start(date(2025, 2, 28)) == date(2025, 2, 1)
    assert month_start(datetime(2025, 12, 31, 23, 59)) == date(2025, 12, 1)
    assert type(month_start(datetime(2025, 1, 5))) is date


def test_quarter_of():
    assert [quarter_of(date(2025, m, 1)) for m in range(1, 13)] == [1] * 3 + [2] * 3 + [
        3
    ] * 3 + [4] * 3


def test_month_range():
    assert month_range(2025, 1) == (date(2025, 1, 1), date(2025, 2, 1))
    assert month_range(2024, 12) == (date(2024, 12, 1), date(2025, 1, 1))
    with pytest.raises(ValueError):
        month_range(2025, 13)
