"""Register of citizens' personal data requests: due dates on the working
calendar, identity check, data officer's activities and reminders, overdue
filter, audit without personal data, access per role."""

from datetime import date, datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..satisfaction_survey import periods
from .common import SatisfactionCommon

NAME = "Vũ Thị Yêu Cầu"
PHONE = "0987 111 222"


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestPrivacyRegister(SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Register = cls.env["satisfaction.privacy.request"]
        icp = cls.env["ir.config_parameter"].sudo()
        icp.set_param("satisfaction_survey.privacy_officer_id", cls.user_manager.id)
        icp.set_param("satisfaction_survey.privacy_working_days", "True")
        # the company's calendar: Monday-Friday, 2 September 2026 a holiday
        cls.calendar = cls.env["resource.calendar"].create(
            {"name": "Giờ hành chính", "tz": periods.LOCAL_TZ}
        )
        cls.env.company.resource_calendar_id = cls.calendar
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Quốc khánh",
                "calendar_id": False,
                "date_from": datetime(2026, 9, 1, 17, 0),  # 2 Sept 00:00 local
                "date_to": datetime(2026, 9, 2, 16, 59),
            }
        )

    def _create(self, **vals):
        values = {
            "kind": "erase",
            "channel": "counter",
            "requester_name": NAME,
            "requester_phone": PHONE,
            "details": "Xoá số điện thoại %s" % PHONE,
        }
        values.update(vals)
        return self.Register.with_user(self.user_manager).create(values)

    def test_due_dates_on_the_working_calendar(self):
        # received Friday 28 August 2026, 15:00 local
        received = datetime(2026, 8, 28, 8, 0)
        register = self._create(date_received=received)
        # 2 working days from Monday 31 Aug: 31 Aug, 1 Sept -> 1 Sept
        self.assertEqual(register.date_reply_due, date(2026, 9, 1))
        # 20 working days, 2 Sept skipped: 31/8-1/9 (2), 3/9-4/9 (4), 7-11/9 (9),
        # 14-18/9 (14), 21-25/9 (19), 28/9 (20)
        self.assertEqual(register.date_due, date(2026, 9, 28))
        register.kind = "see"  # 10 working days
        self.assertEqual(register.date_due, date(2026, 9, 14))
        # calendar days when the setting is off: 10 days from 29 August
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.privacy_working_days", "False"
        )
        register = self._create(date_received=received, kind="see")
        self.assertEqual(register.date_due, date(2026, 9, 7))
        # periods are settings
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.privacy_days_see", "5"
        )
        register = self._create(date_received=received, kind="see")
        self.assertEqual(register.date_due, date(2026, 9, 2))

    def test_data_officer_activity_and_reminders(self):
        register = self._create()
        self.assertEqual(register.user_id, self.user_manager)
        activity = register.activity_ids
        self.assertEqual(activity.user_id, self.user_manager)
        self.assertEqual(activity.date_deadline, register.date_reply_due)
        self.assertNotIn(NAME, activity.summary or "")
        # due soon: one reminder, not repeated
        register.date_received = fields.Datetime.now() - timedelta(days=30)
        self.assertTrue(register.is_overdue)
        self.assertEqual(self.Register._cron_remind(), 1)
        self.assertEqual(self.Register._cron_remind(), 0)
        self.assertEqual(len(register.activity_ids), 2)
        # a closed request is not reminded
        done = self._create(answer="Đã xoá")
        done.date_received = fields.Datetime.now() - timedelta(days=30)
        done.action_done()
        self.assertFalse(done.is_overdue)
        self.assertFalse(done.activity_ids)

    def test_overdue_filter(self):
        late = self._create()
        late.date_received = fields.Datetime.now() - timedelta(days=40)
        recent = self._create()
        overdue = self.Register.search([("is_overdue", "=", True)])
        self.assertIn(late, overdue)
        self.assertNotIn(recent, overdue)
        self.assertIn(recent, self.Register.search([("is_overdue", "=", False)]))
        action = self.env.ref(
            "satisfaction_survey.satisfaction_privacy_request_action_overdue"
        )
        self.assertEqual(action.domain, "[('is_overdue', '=', True)]")
        for user in (self.user_reviewer, self.user_manager):
            self.assertIn(
                late,
                self.Register.with_user(user).search([("is_overdue", "=", True)]),
            )

    def test_identity_check_before_the_wizard(self):
        register = self._create()
        with self.assertRaises(UserError):
            register.action_open_wizard()
        with self.assertRaises(UserError):
            register.action_check_identity()  # how, first
        register.identity_method = "vneid"
        register.action_check_identity()
        self.assertEqual(register.identity_checked_by_id, self.user_manager)
        self.assertEqual(register.state, "in_progress")
        action = register.action_open_wizard()
        self.assertEqual(action["context"]["default_phone"], PHONE)
        with self.assertRaises(UserError):
            register.action_done()  # no answer written
        register.answer = "Không có dữ liệu"
        register.action_done()
        self.assertEqual(register.state, "done")

    def test_audit_without_personal_data(self):
        register = self._create()
        register.write({"requester_email": "yeu.cau@example.com"})
        register.identity_method = "id_card"
        register.action_check_identity()
        logs = self.env["satisfaction.audit.log"].search(
            [("res_model", "=", register._name), ("res_id", "=", register.id)]
        )
        self.assertGreaterEqual(len(logs), 3)
        logged = " ".join(
            (log.res_name or "")
            + (log.field_name or "")
            + (log.old_value or "")
            + (log.new_value or "")
            + (log.reason or "")
            for log in logs
        )
        for private in (NAME, PHONE, "yeu.cau@example.com"):
            self.assertNotIn(private, logged)
        self.assertIn("requester data", logs.mapped("field_name"))

    @mute_logger(
        "odoo.models",
        "odoo.addons.base.models.ir_model",
        "odoo.addons.base.models.ir_rule",
    )
    def test_roles(self):
        register = self._create()
        # reviewers read the register, never the requester's data
        as_reviewer = register.with_user(self.user_reviewer)
        self.assertEqual(
            as_reviewer.read(["kind", "date_due", "state"])[0]["kind"], "erase"
        )
        for fname in ("requester_name", "requester_phone", "details", "answer"):
            with self.assertRaises(AccessError, msg=fname):
                as_reviewer.read([fname])
        with self.assertRaises(AccessError):
            as_reviewer.write({"state": "done"})
        with self.assertRaises(AccessError):
            self.Register.with_user(self.user_reviewer).create({"kind": "see"})
        # officers and leaders: nothing
        for user in (self.user_officer_a, self.user_leader_a):
            with self.assertRaises(AccessError):
                self.Register.with_user(user).search([])
            with self.assertRaises(AccessError):
                self.env["satisfaction.consent"].with_user(user).search([])
        # the consent records: reviewers read them without the dossier
        consent_fields = (
            self.env["satisfaction.consent"].with_user(self.user_reviewer).fields_get()
        )
        self.assertNotIn("dossier_ref", consent_fields)
        self.assertNotIn("request_id", consent_fields)
        # nobody deletes a register entry
        with self.assertRaises(AccessError):
            register.unlink()
