from datetime import datetime, time, timedelta

import pytz

from odoo import models

from ..satisfaction_survey import deadlines, periods


class ResourceCalendar(models.Model):
    """The office's working calendar, read for dossier due dates.

    Working weekdays and public holidays (the calendar's global leaves) are
    handed to the core (``deadlines.WorkingDays``), in Vietnam time, so due
    dates restarted after a supplement (NĐ 118/2025 Điều 19.5) count the
    office's own working days instead of a hard-coded list.
    """

    _inherit = "resource.calendar"

    def _satisfaction_working_days(self):
        """``deadlines.WorkingDays`` of this calendar; Monday to Friday
        without holidays for an empty recordset (a company without calendar).

        A holiday is a day with attendance that a global leave empties
        entirely; a half-day leave leaves a working day.
        """
        if not self:
            return deadlines.WorkingDays()
        self.ensure_one()
        attendances = self.attendance_ids.filtered(
            lambda a: (
                not a.resource_id
                and a.display_type != "line_section"
                and a.day_period != "lunch"
            )
        )
        weekdays = frozenset(int(a.dayofweek) for a in attendances)
        tz = pytz.timezone(periods.LOCAL_TZ)
        leaves = self.env["resource.calendar.leaves"].search(
            [
                ("resource_id", "=", False),
                ("calendar_id", "in", [False, self.id]),
                ("time_type", "=", "leave"),
            ]
        )
        holidays = set()
        for leave in leaves:
            first = periods.local_date(leave.date_from)
            last = periods.local_date(leave.date_to)
            start = tz.localize(datetime.combine(first, time.min))
            end = tz.localize(datetime.combine(last, time.max))
            worked = {
                begin.date()
                for begin, _stop, _meta in self._work_intervals_batch(
                    start, end, tz=tz
                )[False]
            }
            day = first
            while day <= last:
                if day.weekday() in weekdays and day not in worked:
                    holidays.add(day)
                day += timedelta(days=1)
        return deadlines.WorkingDays(weekdays=weekdays, holidays=frozenset(holidays))

    def _satisfaction_final_due(self, original, events, processing_days):
        """Final due moment (naive UTC, or False) of a dossier due on
        ``original`` with ``events`` (``deadlines.DueEvent``), on this calendar.

        The calendar is read only when a supplement restarts the clock.
        """
        calendar = None
        restarts = any(e.kind == deadlines.SUPPLEMENT_RECEIVED for e in events)
        if restarts and processing_days:
            calendar = self._satisfaction_working_days()
        due = deadlines.final_due(original or None, events, processing_days, calendar)
        return periods.to_utc_naive(due) if due else False
