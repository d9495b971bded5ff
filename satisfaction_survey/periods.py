"""The local time zone, and the calendar helpers of reporting periods.

Odoo stores datetimes as naive UTC; days and months are Vietnam's. Vietnam
keeps UTC+7 all year (no daylight saving time since 1975), so the local
time is a fixed offset and needs no time zone database.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

# for PostgreSQL (AT TIME ZONE) and Odoo's ``tz`` context
LOCAL_TZ = "Asia/Ho_Chi_Minh"
# for Python: the same time zone
LOCAL_ZONE = timezone(timedelta(hours=7), "ICT")


def to_local(moment: datetime) -> datetime:
    """``moment`` as an aware datetime in local time (naive means UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL_ZONE)


def to_utc_naive(moment: datetime) -> datetime:
    """``moment`` (naive means UTC) as a naive UTC datetime, the way Odoo
    stores datetimes."""
    return to_local(moment).astimezone(UTC).replace(tzinfo=None)


def local_date(moment: datetime | date) -> date:
    """The local calendar day of ``moment`` (a date is its own day)."""
    if isinstance(moment, datetime):
        return to_local(moment).date()
    return moment


def local_midnight_utc(day: date) -> datetime:
    """The start of the local ``day``, as a naive UTC datetime."""
    return to_utc_naive(datetime.combine(day, time.min, tzinfo=LOCAL_ZONE))


def month_start(d: date | datetime) -> date:
    """First day of the month containing ``d`` (its own calendar: a naive
    datetime is not converted; see ``local_month``)."""
    return date(d.year, d.month, 1)


def add_months(d: date | datetime, months: int) -> date:
    """First day of the month ``months`` months after (or, negative, before)
    the month of ``d``."""
    index = d.year * 12 + d.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def local_month(moment: datetime | date) -> date:
    """First day of the local month of ``moment`` (naive datetimes are UTC)."""
    return month_start(local_date(moment))


def month_bounds_utc(month: date) -> tuple[datetime, datetime]:
    """The local month of ``month`` as naive UTC datetimes ``[start, end)``."""
    first = month_start(month)
    return local_midnight_utc(first), local_midnight_utc(add_months(first, 1))


def quarter_of(d: date | datetime) -> int:
    """Calendar quarter (1-4) of ``d``."""
    return (d.month - 1) // 3 + 1


# Operators of a comparison between a month and one value, or a list of them.
_MONTH_COMPARISONS = {
    "=": lambda month, value: month == value,
    "!=": lambda month, value: month != value,
    "<": lambda month, value: month < value,
    "<=": lambda month, value: month <= value,
    ">": lambda month, value: month > value,
    ">=": lambda month, value: month >= value,
    "in": lambda month, values: month in values,
    "not in": lambda month, values: month not in values,
}


def selects_whole_years(operator: str, value) -> bool:
    """Whether the months (first days, ``date``) for which ``month <operator>
    value`` holds are whole calendar years: the same answer for the twelve
    months of every year. Then the comparison gives the same answer on the
    first day of a year standing for its twelve months.

    ``value``: a ``date`` (or ``datetime``: its day), or a list of them for
    ``in``/``not in``; anything else, or another operator: ``False``.
    """
    compare = _MONTH_COMPARISONS.get(operator)
    if compare is None:
        return False
    values = value if operator in ("in", "not in") else [value]
    if not isinstance(values, list | tuple | set | frozenset):
        return False
    days = []
    for item in values:
        if isinstance(item, datetime):
            item = item.date()
        if not isinstance(item, date):
            return False
        days.append(item)
    operand = set(days) if operator in ("in", "not in") else (days[0] if days else None)
    if operand is None:
        return False
    # only the years of the values can be cut in two
    return all(
        len({compare(date(year, month, 1), operand) for month in range(1, 13)}) == 1
        for year in {day.year for day in days}
    )
