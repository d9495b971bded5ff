"""Calendar helpers for monthly / quarterly reporting periods."""

from __future__ import annotations

from datetime import date, datetime


def month_start(d: date | datetime) -> date:
    """First day of the month containing ``d``."""
    return date(d.year, d.month, 1)


def quarter_of(d: date | datetime) -> int:
    """Calendar quarter (1-4) of ``d``."""
    return (d.month - 1) // 3 + 1


def month_range(year: int, month: int) -> tuple[date, date]:
    """``(first day of the month, first day of the next month)``: a half-open range."""
    start = date(year, month, 1)  # ValueError for an invalid month
    end = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return start, end
