"""Legal due moments of dossiers and overdue, in Vietnam time (pure functions).

Sources (see /work/shared/methodology.md §1):

* NĐ 118/2025/NĐ-CP Điều 19: the result is returned by the appointment on
  the receipt; an extension (khoản 6, the apology letter with a new
  appointment) moves it; a supplement request (khoản 5) stops the clock and
  the processing time runs again from the reception of the supplement.
  "Overdue" is judged against the final due moment, in Vietnam time.
* Bộ luật Dân sự 2015 (Law 91/2015/QH13) Điều 147.2-3: a period counted in
  days starts the day after the day it is counted from (the day of the event
  is not counted); Điều 148.1 and 148.6: it ends at the end of its last day,
  at 24:00.

Rules of this module (decisions, documented in README "Due dates"):

* Every moment is judged in Vietnam time (UTC+7; Vietnam has no daylight
  saving time since 1975, so a fixed offset is exact). A naive ``datetime``
  is UTC, as Odoo stores it.
* A due given as a date only, or as a datetime at exactly 00:00:00 Vietnam
  time (a date typed without a time), means the whole day: the due moment is
  the end of that day, 24:00, kept as 23:59:59 because stored datetimes have
  whole seconds.
* A supplement received restarts the clock: the new due is the end of the
  N-th working day after the day of the reception, N being the procedure's
  processing time in working days; without N the last due stands. While a
  supplement asked is not received, the clock is stopped: there is no due
  and the dossier cannot be overdue.
* Working days come from the office's calendar (working weekdays and public
  holidays), passed as :class:`WorkingDays`; by default Monday to Friday.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from .periods import LOCAL_ZONE, local_date, to_local

END_OF_DAY = time(23, 59, 59)

EXTENSION = "extension"
SUPPLEMENT_REQUEST = "supplement_request"
SUPPLEMENT_RECEIVED = "supplement_received"
EVENT_KINDS = (EXTENSION, SUPPLEMENT_REQUEST, SUPPLEMENT_RECEIVED)

MONDAY_TO_FRIDAY = frozenset(range(5))
# Years of calendar days searched for a working day before giving up: a
# calendar with no working weekday would loop for ever.
_SEARCH_LIMIT = timedelta(days=3660)


def moment_of(value: datetime | date) -> datetime:
    """``value`` as an aware moment in Vietnam time; a date is the start of
    that day (a return known by its date alone is given the benefit of the
    doubt)."""
    if isinstance(value, datetime):
        return to_local(value)
    return datetime.combine(value, time(0, 0), tzinfo=LOCAL_ZONE)


def end_of_day(day: date) -> datetime:
    """The last second of ``day`` in Vietnam time (24:00, BLDS Điều 148.6)."""
    return datetime.combine(day, END_OF_DAY, tzinfo=LOCAL_ZONE)


def due_moment(due: date | datetime | None) -> datetime | None:
    """The due moment of an appointment, aware in Vietnam time.

    A ``date``, or a datetime at 00:00:00 Vietnam time, is the whole day:
    its end, 23:59:59. ``None`` stays ``None`` (no appointment).
    """
    if due is None or due is False:
        return None
    if not isinstance(due, datetime):
        return end_of_day(due)
    local = to_local(due)
    if local.time() == time(0, 0):
        return end_of_day(local.date())
    return local


@dataclass(frozen=True)
class WorkingDays:
    """Working weekdays (0 = Monday) and public holidays of an office."""

    weekdays: frozenset[int] = MONDAY_TO_FRIDAY
    holidays: frozenset[date] = field(default_factory=frozenset)

    def is_working(self, day: date) -> bool:
        return day.weekday() in self.weekdays and day not in self.holidays

    def add(self, start: date, days: int) -> date:
        """The ``days``-th working day after ``start`` (``start`` not counted,
        BLDS Điều 147.3); ``start`` itself for 0."""
        if isinstance(days, bool) or not isinstance(days, int) or days < 0:
            raise ValueError(f"days must be a non-negative int (got {days!r})")
        if days and not self.weekdays:
            raise ValueError("the calendar has no working weekday")
        day = start
        counted = 0
        while counted < days:
            day += timedelta(days=1)
            if day - start > _SEARCH_LIMIT:
                raise ValueError("no working day found: check the holidays")
            if self.is_working(day):
                counted += 1
        return day


@dataclass(frozen=True)
class DueEvent:
    """A dated event that moves a dossier's due.

    ``kind`` is one of :data:`EVENT_KINDS`; ``moment`` is when it happened
    (the reception, for a supplement received); ``new_due`` is the new
    appointment of an extension (a date or a datetime).
    """

    kind: str
    moment: datetime | date
    new_due: date | datetime | None = None

    def __post_init__(self):
        if self.kind not in EVENT_KINDS:
            raise ValueError(f"unknown due event {self.kind!r}")
        if self.kind == EXTENSION and not self.new_due:
            raise ValueError("an extension needs its new due")


def _sort_key(event: DueEvent) -> datetime:
    return moment_of(event.moment)


def final_due(
    original: date | datetime | None,
    events: Iterable[DueEvent] = (),
    processing_days: int | None = None,
    calendar: WorkingDays | None = None,
) -> datetime | None:
    """The final due moment of a dossier (NĐ 118/2025 Điều 19), aware in
    Vietnam time, or ``None`` when nothing is due.

    Events are applied in the order they happened (ties keep the given
    order): an extension sets its new due (Điều 19.6); a supplement request
    stops the clock (Điều 19.5); a supplement received restarts it: the due
    becomes the end of the ``processing_days``-th working day after the day
    of the reception, or stays the last due when the procedure has no
    processing time. ``None`` while a supplement asked is not received.
    """
    calendar = calendar or WorkingDays()
    due = due_moment(original)
    waiting = False
    for event in sorted(events, key=_sort_key):
        if event.kind == EXTENSION:
            due = due_moment(event.new_due)
        elif event.kind == SUPPLEMENT_REQUEST:
            waiting = True
        else:
            waiting = False
            if processing_days:
                restart = local_date(event.moment)
                due = end_of_day(calendar.add(restart, processing_days))
    return None if waiting else due


def is_overdue(
    due: datetime | None,
    returned: datetime | None = None,
    as_of: datetime | None = None,
) -> bool:
    """Overdue: returned after the final due moment ``due``; or, not
    returned by ``as_of`` (e.g. the end of a reporting period), still open
    after it then. Never overdue without a due.
    """
    if due is None:
        return False
    due = moment_of(due)
    if returned and (not as_of or moment_of(returned) <= moment_of(as_of)):
        return moment_of(returned) > due
    if as_of:
        return moment_of(as_of) > due
    return False
