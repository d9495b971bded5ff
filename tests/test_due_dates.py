from datetime import date, datetime

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ..satisfaction_survey import deadlines, periods
from .common import SatisfactionCommon


def vn(*args):
    """A moment in Vietnam time, as Odoo stores it (naive UTC)."""
    return periods.to_utc_naive(datetime(*args, tzinfo=periods.LOCAL_ZONE))


class DueDatesCommon(SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # An office calendar in Vietnam time, Monday to Friday, with Monday
        # 8 December 2025 off as a public holiday (a made-up one).
        cls.calendar = cls.env["resource.calendar"].create(
            {"name": "Một cửa (giờ hành chính)", "tz": periods.LOCAL_TZ}
        )
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Nghỉ lễ",
                "calendar_id": cls.calendar.id,
                "date_from": vn(2025, 12, 8, 0, 0, 0),
                "date_to": vn(2025, 12, 8, 23, 59, 59),
            }
        )
        cls.company.resource_calendar_id = cls.calendar

    def _overdue_count(self, unit):
        report = self.env["satisfaction.unit.period.report"].sudo()
        return (
            report._unit_counts([("unit_id", "=", unit.id)])
            .get(unit, {})
            .get("overdue_count", 0)
        )


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestDossierDueDates(DueDatesCommon):
    """The built-in register judges lateness in Vietnam time (NĐ 118 Điều 19)."""

    def _dossier(self, due, **vals):
        return self._create_dossiers(1, self.unit_a, date_appointment=due, **vals)

    def _return(self, dossier, moment):
        dossier.write({"state": "returned", "date_returned": moment})
        return dossier

    def test_due_typed_without_a_time_is_the_whole_day(self):
        # due 10/12 00:00 VN (9/12 17:00 UTC), returned 10/12 10:00 VN
        dossier = self._dossier(vn(2025, 12, 10, 0, 0))
        self.assertEqual(dossier.date_due, vn(2025, 12, 10, 23, 59, 59))
        self._return(dossier, vn(2025, 12, 10, 10, 0))
        self.assertFalse(dossier.is_late)

    def test_due_with_a_time_in_vietnam_time(self):
        # due 10/12 16:30 VN, returned 11/12 06:30 VN: the same UTC date
        dossier = self._dossier(vn(2025, 12, 10, 16, 30))
        self._return(dossier, vn(2025, 12, 11, 6, 30))
        self.assertEqual(dossier.date_returned.date(), dossier.date_due.date())
        self.assertTrue(dossier.is_late)

    def test_day_boundary(self):
        on_time = self._return(
            self._dossier(vn(2025, 12, 10)), vn(2025, 12, 10, 23, 59)
        )
        late = self._return(self._dossier(vn(2025, 12, 10)), vn(2025, 12, 11, 0, 1))
        self.assertFalse(on_time.is_late)
        self.assertTrue(late.is_late)

    def test_extension_moves_the_due(self):
        dossier = self._dossier(vn(2025, 12, 10))
        dossier.event_ids = [
            Command.create(
                {
                    "kind": "extension",
                    "date": vn(2025, 12, 10, 15, 0),
                    "new_due": vn(2025, 12, 15),
                    "reason": "Chờ xác minh",
                }
            )
        ]
        self.assertEqual(dossier.date_due, vn(2025, 12, 15, 23, 59, 59))
        self._return(dossier, vn(2025, 12, 12, 9, 0))
        self.assertFalse(dossier.is_late)
        dossier.date_returned = vn(2025, 12, 16, 9, 0)
        self.assertTrue(dossier.is_late)
        with self.assertRaises(ValidationError):
            dossier.event_ids = [
                Command.create({"kind": "extension", "date": vn(2025, 12, 11)})
            ]

    def test_supplement_restarts_on_the_office_calendar(self):
        # birth registration: 1 working day. Asked Tue 2/12, received Fri 5/12
        # 14:00: the next working day is Tue 9/12 (Mon 8/12 is a holiday).
        dossier = self._dossier(vn(2025, 12, 3))
        dossier.event_ids = [
            Command.create({"kind": "supplement_request", "date": vn(2025, 12, 2, 9)}),
        ]
        self.assertFalse(dossier.date_due, "the clock stops while waiting")
        dossier.event_ids = [
            Command.create(
                {"kind": "supplement_received", "date": vn(2025, 12, 5, 14)}
            ),
        ]
        self.assertEqual(dossier.date_due, vn(2025, 12, 9, 23, 59, 59))
        self._return(dossier, vn(2025, 12, 9, 16, 0))
        self.assertFalse(dossier.is_late)

    def test_late_dossier_reaches_the_statistics(self):
        before = self._overdue_count(self.unit_a)
        dossier = self._dossier(vn(2025, 12, 10, 16, 30))
        self._return(dossier, vn(2025, 12, 11, 6, 30))
        self.assertTrue(dossier.is_late)
        self.assertEqual(self._overdue_count(self.unit_a), before + 1)
        # an extension granted afterwards (a correction) takes it back out
        dossier.event_ids = [
            Command.create(
                {
                    "kind": "extension",
                    "date": vn(2025, 12, 10, 9),
                    "new_due": vn(2025, 12, 12),
                }
            )
        ]
        self.assertFalse(dossier.is_late)
        self.assertEqual(self._overdue_count(self.unit_a), before)

    def test_officer_records_events_of_own_unit_only(self):
        dossier = self._dossier(vn(2025, 12, 10))
        other = self._create_dossiers(1, self.unit_b, date_appointment=vn(2025, 12, 10))
        self.env["satisfaction.dossier.event"].create(
            {
                "dossier_id": other.id,
                "kind": "supplement_request",
                "date": vn(2025, 12, 2),
            }
        )
        Event = self.env["satisfaction.dossier.event"].with_user(self.user_officer_a)
        Event.create(
            {
                "dossier_id": dossier.id,
                "kind": "supplement_request",
                "date": vn(2025, 12, 2),
            }
        )
        self.assertFalse(dossier.date_due)
        self.assertFalse(Event.search([("dossier_id", "=", other.id)]))


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestWorkingCalendar(DueDatesCommon):
    def test_weekdays_and_holidays_from_the_calendar(self):
        days = self.calendar._satisfaction_working_days()
        self.assertEqual(days.weekdays, frozenset(range(5)))
        self.assertIn(date(2025, 12, 8), days.holidays)
        # a half-day leave leaves a working day
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Nửa ngày",
                "calendar_id": self.calendar.id,
                "date_from": vn(2025, 12, 9, 8, 0),
                "date_to": vn(2025, 12, 9, 12, 0),
            }
        )
        days = self.calendar._satisfaction_working_days()
        self.assertNotIn(date(2025, 12, 9), days.holidays)
        # no calendar: Monday to Friday
        none = self.env["resource.calendar"]._satisfaction_working_days()
        self.assertEqual(none, deadlines.WorkingDays())

    def test_saturday_office(self):
        self.calendar.attendance_ids = [
            Command.create(
                {
                    "name": "Sáng thứ Bảy",
                    "dayofweek": "5",
                    "hour_from": 7.5,
                    "hour_to": 11.5,
                    "day_period": "morning",
                }
            )
        ]
        days = self.calendar._satisfaction_working_days()
        self.assertEqual(days.weekdays, frozenset(range(6)))


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestBoundDueDates(DueDatesCommon):
    """A bound model (res.partner with custom date fields) is judged like the
    register once its binding maps the due fields."""

    FIELDS = {
        "x_ss_due": "datetime",
        "x_ss_due_extended": "date",
        "x_ss_supplement_requested": "datetime",
        "x_ss_supplement_received": "datetime",
        "x_ss_returned": "datetime",
    }

    def setUp(self):
        # custom fields change the registry: reset it once the test is rolled
        # back (cleanups run last registered first)
        self.addCleanup(self.registry.reset_changes)
        self.addCleanup(self.registry.clear_all_caches)
        super().setUp()
        model = self.env["ir.model"]._get("res.partner")
        self.mapped = {
            name: self.env["ir.model.fields"].create(
                {
                    "model_id": model.id,
                    "name": name,
                    "field_description": name,
                    "ttype": ttype,
                }
            )
            for name, ttype in self.FIELDS.items()
        }
        fields_ = {
            f.name: f
            for f in self.env["ir.model.fields"].search([("model", "=", "res.partner")])
        }
        self.binding = self.env["satisfaction.binding"].create(
            {
                "name": "Partners as dossiers",
                "model_id": model.id,
                "returned_domain": "[('ref', '=', 'RETURNED')]",
                "reference_field_id": fields_["name"].id,
                "procedure_field_id": fields_["function"].id,
                "officer_field_id": fields_["user_id"].id,
                "citizen_name_field_id": fields_["name"].id,
                "citizen_phone_field_id": fields_["phone"].id,
                "due_field_id": self.mapped["x_ss_due"].id,
                "due_extended_field_id": self.mapped["x_ss_due_extended"].id,
                "supplement_requested_field_id": self.mapped[
                    "x_ss_supplement_requested"
                ].id,
                "supplement_received_field_id": self.mapped[
                    "x_ss_supplement_received"
                ].id,
                "date_returned_field_id": self.mapped["x_ss_returned"].id,
            }
        )

    def _returned_partner(self, **vals):
        partner = self.env["res.partner"].create(
            {
                "name": "Đỗ Thị Dân",
                "phone": self._next_phone(),
                "user_id": self.user_officer_a.id,
                "function": self.procedure_birth.code,
                **vals,
            }
        )
        partner.ref = "RETURNED"
        return self._requests_of(partner)

    def test_day_boundary_examples(self):
        whole_day = self._returned_partner(
            x_ss_due=vn(2025, 12, 10, 0, 0), x_ss_returned=vn(2025, 12, 10, 10, 0)
        )
        with_time = self._returned_partner(
            x_ss_due=vn(2025, 12, 10, 16, 30), x_ss_returned=vn(2025, 12, 11, 6, 30)
        )
        midnight_past = self._returned_partner(
            x_ss_due=vn(2025, 12, 10), x_ss_returned=vn(2025, 12, 11, 0, 1)
        )
        self.assertFalse(whole_day.is_late)
        self.assertTrue(with_time.is_late)
        self.assertTrue(midnight_past.is_late)

    def test_extension_and_supplement(self):
        extended = self._returned_partner(
            x_ss_due=vn(2025, 12, 10),
            x_ss_due_extended=date(2025, 12, 15),
            x_ss_returned=vn(2025, 12, 15, 16, 0),
        )
        self.assertFalse(extended.is_late)
        # received Fri 5/12, 1 working day, Mon 8/12 off: due Tue 9/12
        restarted = self._returned_partner(
            x_ss_due=vn(2025, 12, 3),
            x_ss_supplement_requested=vn(2025, 12, 2, 9),
            x_ss_supplement_received=vn(2025, 12, 5, 14),
            x_ss_returned=vn(2025, 12, 9, 16, 0),
        )
        self.assertFalse(restarted.is_late)
        late = self._returned_partner(
            x_ss_due=vn(2025, 12, 3),
            x_ss_supplement_requested=vn(2025, 12, 2, 9),
            x_ss_supplement_received=vn(2025, 12, 5, 14),
            x_ss_returned=vn(2025, 12, 10, 8, 0),
        )
        self.assertTrue(late.is_late)

    def test_without_due_mapping_never_late(self):
        self.binding.due_field_id = False
        self.binding.due_extended_field_id = False
        request = self._returned_partner(
            x_ss_due=vn(2020, 1, 1, 9), x_ss_returned=vn(2025, 12, 1, 9)
        )
        self.assertFalse(request.is_late)

    def test_bound_lateness_reaches_the_statistics(self):
        before = self._overdue_count(self.unit_a)
        request = self._returned_partner(
            x_ss_due=vn(2025, 12, 10, 16, 30), x_ss_returned=vn(2025, 12, 11, 6, 30)
        )
        self.assertTrue(request.is_late)
        self.assertEqual(request.unit_id, self.unit_a)
        self.assertEqual(self._overdue_count(self.unit_a), before + 1)

    def test_bound_facts_prefill_the_nd118_evaluation(self):
        """What the bound record says of NĐ 118 Điều 33.1 a) and c) is kept on
        the request, for the rating page to pre-fill."""
        on_time = self._returned_partner(
            x_ss_due=vn(2025, 12, 10, 0, 0), x_ss_returned=vn(2025, 12, 10, 23, 59)
        )
        self.assertEqual(on_time.derived_return_time, "on_time")
        self.assertTrue(on_time.derived_supplements_known)
        self.assertEqual(on_time.derived_supplement_count, 0)
        late = self._returned_partner(
            x_ss_due=vn(2025, 12, 3),
            x_ss_supplement_requested=vn(2025, 12, 2, 9),
            x_ss_supplement_received=vn(2025, 12, 5, 14),
            x_ss_returned=vn(2025, 12, 10, 8, 0),
        )
        self.assertEqual(late.derived_return_time, "late")
        self.assertEqual(late.derived_supplement_count, 1)
        # nothing mapped: nothing known, nothing pre-filled
        self.binding.write(
            {
                "due_field_id": False,
                "due_extended_field_id": False,
                "supplement_requested_field_id": False,
            }
        )
        unknown = self._returned_partner(
            x_ss_due=vn(2025, 12, 3), x_ss_returned=vn(2025, 12, 10, 8, 0)
        )
        self.assertFalse(unknown.derived_return_time)
        self.assertFalse(unknown.derived_supplements_known)
