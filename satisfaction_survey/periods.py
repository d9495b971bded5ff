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
