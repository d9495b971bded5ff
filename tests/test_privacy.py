"""Personal data (Law 91/2025/QH15, Decree 356/2025) and small-group protection."""

import base64
import csv
import importlib.util
import io
import json
import logging
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger
from odoo.tools.misc import file_path
from odoo.tools.sql import column_exists

from .common import SatisfactionCommon

PHONE = "0912 345 678"
EMAIL = "Citizen.Private@Example.com"
NAME = "Đặng Thị Riêng Tư"
COMMENT = (
    "Gọi lại cho tôi 0987654321 hoặc tu.dang@example.vn, CCCD 001099012345. Cán bộ tốt."
)


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.messages = []

    def emit(self, record):
        try:
            self.messages.append(record.getMessage())
        except Exception:  # noqa: BLE001
            self.messages.append(str(record.msg))


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestPersonalData(SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # requests already past retention (demo data) are anonymised first:
        # the cron's counts below are this class's own requests
        cls.env["satisfaction.request"]._cron_anonymise()
        cls.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.retention_days", "365"
        )
        (cls.old_dossier, cls.old_request) = cls._return_dossiers(
            1, cls.unit_a, citizen_name=NAME, citizen_phone=PHONE, citizen_email=EMAIL
        )
        # a low rating, with the reason asked on the page
        form = cls._build_form(
            cls.old_request, 4, overrides={"overall": 2}, comment=COMMENT
        )
        form["reason"] = "Gọi 0987654321 giúp tôi"
        cls.old_response, errors = cls.old_request.sudo()._record_answers(form)
        assert not errors, errors
        (cls.new_dossier, cls.new_request) = cls._return_dossiers(
            1,
            cls.unit_a,
            citizen_name=NAME,
            citizen_phone="+84912345678",
            citizen_email=EMAIL.lower(),
        )
        cls.new_response = cls._answer(cls.new_request, 5, comment=COMMENT)
        (cls.open_dossier, cls.open_request) = cls._return_dossiers(
            1, cls.unit_a, citizen_name="Khác"
        )
        (cls.other_dossier, cls.other_request) = cls._return_dossiers(
            1, cls.unit_b, citizen_name="Người Khác", citizen_phone="0912000999"
        )
        cls.env.flush_all()
        old = fields.Datetime.now() - timedelta(days=400)
        cls.env.cr.execute(
            "UPDATE satisfaction_request SET create_date = %s WHERE id IN %s",
            (old, tuple((cls.old_request | cls.open_request).ids)),
        )
        # the open one stays open: its link is still valid
        cls.open_request.sudo().expiry_date = fields.Datetime.now() + timedelta(days=5)
        cls.env.invalidate_all()

    def _index_rows(self):
        self.env.flush_all()
        return self.env["satisfaction.index.report"]._read_group(
            [("unit_id", "=", self.unit_a.id)],
            ["criterion_id"],
            ["answer_count:sum", "satisfied_count:sum"],
        )

    # ------------------------------------------------------------
    # RETENTION
    # ------------------------------------------------------------

    def test_purpose_notice_on_the_page(self):
        arch = self.env.ref("satisfaction_survey.public_page_form").arch_db
        self.assertIn("satisfaction_survey.public_page_privacy_once", arch)
        once = self.env.ref("satisfaction_survey.public_page_privacy_once").arch_db
        self.assertIn("satisfaction_survey.public_page_privacy_short", once)
        short = self.env.ref("satisfaction_survey.public_page_privacy_short").arch_db
        self.assertIn("Your contact data is used only for this rating.", short)

    def test_cron_anonymises_after_retention_keeps_scores(self):
        self.assertTrue(
            self.env.ref(
                "satisfaction_survey.ir_cron_satisfaction_request_anonymise"
            ).active
        )
        index_before = self._index_rows()
        values_before = self.old_response.line_ids.mapped("value")
        sms = (
            self.env["sms.sms"]
            .sudo()
            .search([("satisfaction_request_id", "=", self.old_request.id)])
        )
        self.assertTrue(sms, "the request was sent by SMS")

        count = self.env["satisfaction.request"]._cron_anonymise()
        self.assertEqual(count, 1)
        old = self.old_request.sudo()
        for fname in ("citizen_name", "citizen_phone", "citizen_email"):
            self.assertFalse(old[fname], fname)
        self.assertTrue(old.anonymised)
        self.assertTrue(old.anonymised_date)
        self.assertEqual(
            self.old_response.comment,
            "Gọi lại cho tôi [phone] hoặc [email], CCCD [id]. Cán bộ tốt.",
        )
        self.assertEqual(self.old_response.line_ids.mapped("value"), values_before)
        self.assertEqual(self.old_response.low_score_reason, "Gọi [phone] giúp tôi")
        followups = self.env["satisfaction.followup"].search(
            [("response_id", "=", self.old_response.id)]
        )
        self.assertTrue(followups, "a low rating opens a follow-up")
        self.assertEqual(followups.mapped("reason"), ["Gọi [phone] giúp tôi"])
        self.assertEqual(self._index_rows(), index_before, "the indices do not change")
        self.assertFalse(sms.exists(), "queued SMS carrying the number are dropped")

        # recent, open and other requests are untouched
        self.assertEqual(self.new_request.sudo().citizen_name, NAME)
        self.assertEqual(self.new_response.comment, COMMENT)
        self.assertEqual(self.open_request.sudo().citizen_name, "Khác")
        self.assertFalse(self.open_request.anonymised)
        # idempotent
        self.assertEqual(self.env["satisfaction.request"]._cron_anonymise(), 0)

        # once the open link is past its expiry, it goes too
        self.open_request.sudo().expiry_date = fields.Datetime.now() - timedelta(days=1)
        self.assertEqual(self.env["satisfaction.request"]._cron_anonymise(), 1)
        self.assertFalse(self.open_request.sudo().citizen_name)

    def test_answers_keep_no_author_nor_time_of_their_own(self):
        """The response says when and who typed them; an upgrade from a
        version that kept them per answer drops the four columns."""
        lines = self.new_response.line_ids
        self.assertTrue(lines)
        self.assertTrue(self.new_response.create_date)
        for column in ("create_uid", "create_date", "write_uid", "write_date"):
            self.assertNotIn(column, lines._fields)
            self.assertFalse(column_exists(self.env.cr, lines._table, column), column)
        cr = self.env.cr
        cr.execute(
            SQL(
                """ALTER TABLE satisfaction_response_line
                   ADD COLUMN create_uid integer REFERENCES res_users (id),
                   ADD COLUMN create_date timestamp,
                   ADD COLUMN write_uid integer REFERENCES res_users (id),
                   ADD COLUMN write_date timestamp"""
            )
        )
        spec = importlib.util.spec_from_file_location(
            "post_line_log_columns",
            file_path(
                "satisfaction_survey/migrations/18.0.1.5.0/post-line-log-columns.py"
            ),
        )
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(cr, "18.0.1.4.0")
        for column in ("create_uid", "create_date", "write_uid", "write_date"):
            self.assertFalse(column_exists(cr, lines._table, column), column)
        values = lines.mapped("value")
        lines.invalidate_recordset()
        self.assertEqual(lines.mapped("value"), values, "the answers are kept")

    def test_retention_setting(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.retention_days", "10000"
        )
        self.assertEqual(self.env["satisfaction.request"]._cron_anonymise(), 0)
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.retention_days", "not a number"
        )
        with mute_logger(
            "odoo.addons.satisfaction_survey.models.satisfaction_request_privacy"
        ):
            self.assertEqual(self.env["satisfaction.request"]._retention_days(), 365)
        settings = self.env["res.config.settings"].create(
            {"satisfaction_retention_days": 30}
        )
        settings.execute()
        self.assertEqual(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("satisfaction_survey.retention_days"),
            "30",
        )

    # ------------------------------------------------------------
    # EXPORT / ERASE
    # ------------------------------------------------------------

    def _register(self, kind="copy"):
        """A register entry whose requester's identity was checked."""
        register = (
            self.env["satisfaction.privacy.request"]
            .with_user(self.user_manager)
            .create(
                {
                    "kind": kind,
                    "requester_name": NAME,
                    "requester_phone": PHONE,
                    "identity_method": "id_card",
                    "identity_reference": "CCCD, 4 số cuối 2345",
                }
            )
        )
        register.action_check_identity()
        return register

    def _wizard(self, user=None, register=None, **vals):
        Wizard = self.env["satisfaction.privacy.wizard"].with_user(
            user or self.user_manager
        )
        register = register or self._register()
        return Wizard.create(dict(vals, privacy_request_id=register.id))

    def test_find_by_phone_or_email_any_spelling(self):
        both = self.old_request | self.new_request
        self.assertEqual(self._wizard(phone="+84 912.345.678").request_ids, both)
        self.assertEqual(self._wizard(phone="0912345678").request_ids, both)
        self.assertEqual(
            self._wizard(email="citizen.private@EXAMPLE.com").request_ids, both
        )
        self.assertEqual(
            self._wizard(phone="0912 000 999").request_ids, self.other_request
        )
        self.assertFalse(self._wizard(phone="0912").request_ids)
        self.assertFalse(self._wizard(email="nobody@example.com").request_ids)

    def _download(self, wizard, action):
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn(
            f"/web/content/satisfaction.privacy.wizard/{wizard.id}/export_file/",
            action["url"],
        )
        return base64.b64decode(wizard.export_file)

    def test_export_json_and_csv(self):
        wizard = self._wizard(phone=PHONE)
        data = json.loads(self._download(wizard, wizard.action_export()))
        self.assertEqual(len(data["requests"]), 2)
        exported = {r["dossier"]: r for r in data["requests"]}
        old = exported[self.old_request.dossier_ref]
        self.assertEqual(old["citizen_name"], NAME)
        self.assertEqual(old["citizen_phone"], PHONE)
        self.assertEqual(old["state"], "answered")
        self.assertEqual(len(old["responses"]), 1)
        self.assertEqual(old["responses"][0]["comment"], COMMENT)
        self.assertEqual(
            sorted(a["value"] for a in old["responses"][0]["answers"]),
            sorted(self.old_response.line_ids.mapped("value")),
        )
        self.assertNotIn("Người Khác", json.dumps(data, ensure_ascii=False))

        wizard.file_format = "csv"
        content = self._download(wizard, wizard.action_export()).decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(content)))
        self.assertEqual(
            len(rows), len(self.old_response.line_ids) + len(self.new_response.line_ids)
        )
        self.assertEqual({row["citizen_name"] for row in rows}, {NAME})

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_model")
    def test_only_managers(self):
        register = self._register()
        for user in (self.user_officer_a, self.user_leader_a, self.user_reviewer):
            with self.assertRaises(AccessError, msg=user.login):
                self._wizard(user=user, register=register, phone=PHONE)
        with self.assertRaises(UserError):
            self._wizard().action_export()

    def test_identity_checked_before_export_or_erase(self):
        register = self.env["satisfaction.privacy.request"].create(
            {"kind": "erase", "requester_phone": PHONE}
        )
        wizard = self.env["satisfaction.privacy.wizard"].create(
            {"privacy_request_id": register.id, "phone": PHONE}
        )
        for action in (wizard.action_export, wizard.action_erase):
            with self.assertRaises(UserError):
                action()
        with self.assertRaises(UserError):
            register.action_open_wizard()
        self.assertFalse(self.old_request.sudo().anonymised)

    def test_erase(self):
        register = self._register("erase")
        wizard = self._wizard(email=EMAIL, register=register)
        action = wizard.action_erase()
        self.assertEqual(action["params"]["type"], "success")
        for request in (self.old_request, self.new_request):
            request = request.sudo()
            self.assertTrue(request.anonymised)
            self.assertFalse(
                request.citizen_email or request.citizen_phone or request.citizen_name
            )
        self.assertNotIn("0987654321", self.new_response.comment)
        self.assertEqual(
            self.new_response.line_ids.mapped("value"),
            [5] * len(self.new_response.line_ids),
        )
        self.assertEqual(self.other_request.sudo().citizen_name, "Người Khác")
        self.assertFalse(self._wizard(email=EMAIL).request_ids, "nothing left to find")
        # the audit log has the erasure, on the register entry, with a count:
        # no reference to the rating requests, no personal data
        self.assertFalse(
            self.env["satisfaction.audit.log"].search(
                [
                    ("res_model", "=", "satisfaction.request"),
                    ("res_id", "in", (self.old_request | self.new_request).ids),
                ]
            )
        )
        logs = self.env["satisfaction.audit.log"].search(
            [
                ("res_model", "=", "satisfaction.privacy.request"),
                ("res_id", "=", register.id),
                ("field_name", "=", "erase"),
            ]
        )
        self.assertEqual(len(logs), 1)
        self.assertEqual(logs.user_id, self.user_manager)
        self.assertEqual(logs.new_value, "2 rating request(s) anonymised")
        self.assertEqual(register.result_count, 2)
        all_logs = self.env["satisfaction.audit.log"].search(
            [
                ("res_model", "=", "satisfaction.privacy.request"),
                ("res_id", "=", register.id),
            ]
        )
        logged = " ".join(
            all_logs.mapped("old_value")
            + all_logs.mapped("new_value")
            + all_logs.mapped("reason")
            + all_logs.mapped("res_name")
        ).lower()
        for private in (EMAIL.lower(), NAME.lower(), PHONE, "2345"):
            self.assertNotIn(private, logged)

    # ------------------------------------------------------------
    # LOGS
    # ------------------------------------------------------------

    def test_no_personal_data_in_logs(self):
        """Return, send, answer, remind, anonymise and erase: no name, phone or
        e-mail of the citizen in any log record of the whole flow."""
        handler = _Capture()
        root = logging.getLogger()
        root.addHandler(handler)
        name, phone, email = (
            "Lương Văn Nhật Ký",
            "0977 123 456",
            "nhat.ky.private@example.com",
        )
        try:
            dossiers, request = self._return_dossiers(
                1,
                self.unit_a,
                citizen_name=name,
                citizen_phone=phone,
                citizen_email=email,
            )
            request.sudo().action_send()
            self._answer(request, 1, comment="Liên hệ tôi: %s, %s" % (phone, email))
            self.env["satisfaction.request"]._cron_expire()
            self.env["satisfaction.request"]._cron_send_reminders()
            self.env["satisfaction.request"]._cron_anonymise()
            self._wizard(phone=phone, register=self._register("erase")).action_erase()
            self.env.flush_all()
        finally:
            root.removeHandler(handler)
        logged = "\n".join(handler.messages)
        self.assertTrue(handler.messages, "the capture works")
        for private in (name, phone, phone.replace(" ", ""), "977123456", email):
            self.assertNotIn(private, logged)

    def test_logger_calls_take_no_personal_fields(self):
        """Static check of the module's own _logger calls."""
        import pathlib
        import re

        root = pathlib.Path(__file__).resolve().parent.parent
        offending = []
        for path in root.rglob("*.py"):
            parts = path.relative_to(root).parts
            # .build/, and .venv/ where the bootstrap installs Odoo's requirements
            if "tests" in parts or any(part.startswith(".") for part in parts):
                continue
            for number, line in enumerate(
                path.read_text(encoding="utf-8").splitlines(), 1
            ):
                if "_logger." in line and re.search(
                    r"citizen_|\.phone|\.email|partner\.name|\.mobile", line
                ):
                    offending.append(
                        f"{path.relative_to(root)}:{number}: {line.strip()}"
                    )
        self.assertFalse(offending, offending)


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestSmallGroups(SatisfactionCommon):
    """Aggregates over fewer than k answers are hidden from leaders (k = 5)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.min_group_size", "5"
        )
        # unit A: 6 responses, officer A1 and A2 rated in each; unit B: 2 responses
        _dossiers, requests_a = cls._return_dossiers(6, cls.unit_a)
        for request in requests_a:
            cls._answer(request, 4)
        _dossiers, requests_b = cls._return_dossiers(2, cls.unit_b)
        for request in requests_b:
            cls._answer(request, 2)
        # a leader of unit B
        cls.user_leader_b = cls.env["res.users"].create(
            {
                "name": "Leader B",
                "login": "ss_leader_b",
                "groups_id": [
                    (
                        6,
                        0,
                        [
                            cls.env.ref(
                                "satisfaction_survey.group_satisfaction_leader"
                            ).id
                        ],
                    )
                ],
            }
        )
        cls.env["hr.employee"].create(
            {
                "name": "Trưởng B",
                "department_id": cls.unit_b.id,
                "user_id": cls.user_leader_b.id,
            }
        )
        cls.env.flush_all()
        cls.overall = cls.criterion_overall

    def _report(self, user):
        return self.env["satisfaction.index.report"].with_user(user)

    def _overall_by_unit(self, user):
        groups = self._report(user).read_group(
            [("criterion_id", "=", self.overall.id)],
            ["answer_count:sum", "satisfied_count:sum", "satisfaction_index"],
            ["unit_id"],
        )
        return {g["unit_id"][0]: g for g in groups}

    def test_leader_sees_large_groups_only(self):
        groups = self._overall_by_unit(self.user_leader_a)
        self.assertEqual(groups[self.unit_a.id]["answer_count"], 6)
        self.assertEqual(groups[self.unit_a.id]["satisfaction_index"], 100.0)

        groups_b = self._overall_by_unit(self.user_leader_b)
        group = groups_b[self.unit_b.id]
        for fname in ("answer_count", "satisfied_count", "satisfaction_index"):
            self.assertFalse(group[fname], fname)
        self.assertEqual(group["unit_id_count"], 0)

        # reviewers and administrators see everything
        for user in (self.user_reviewer, self.user_manager):
            group = self._overall_by_unit(user)[self.unit_b.id]
            self.assertEqual(group["answer_count"], 2)
            self.assertEqual(group["satisfaction_index"], 0.0)

    def test_one_respondent_with_many_answers_stays_hidden(self):
        """Small groups count people, not answers: one citizen of the land
        procedure gave 9 answers (4 criteria x 2 officers + overall), more than
        k = 5, and is still one respondent; the procedure's figures stay hidden
        from the leader, whatever the grouping."""
        __, requests = self._return_dossiers(
            1, self.unit_a, procedure_id=self.procedure_land.id
        )
        self._answer(requests, 2)
        self.env.flush_all()
        report = self._report(self.user_leader_a)
        for groupby in (["procedure_id"], ["procedure_id", "month:month"]):
            groups = report.read_group(
                [("unit_id", "=", self.unit_a.id)],
                ["answer_count:sum", "satisfaction_index"],
                groupby,
                lazy=False,
            )
            by_procedure = {g["procedure_id"][0]: g for g in groups}
            land = by_procedure[self.procedure_land.id]
            self.assertFalse(land["answer_count"], groupby)
            self.assertFalse(land["satisfaction_index"], groupby)
            self.assertEqual(land["__count"], 0)
            # six citizens of the birth registration: shown
            self.assertEqual(by_procedure[self.procedure_birth.id]["answer_count"], 54)
        # the reviewer sees the nine answers
        reviewer_groups = self._report(self.user_reviewer).read_group(
            [("procedure_id", "=", self.procedure_land.id)],
            ["answer_count:sum"],
            ["procedure_id"],
        )
        self.assertEqual(reviewer_groups[0]["answer_count"], 9)

    def test_unit_reports_hide_a_month_of_few_respondents(self):
        """Unit B has 2 respondents: its unit/month figures, scorecard line and
        trend are hidden from its leader, not from the reviewer; unit A's 6 show."""
        leader_b = self.user_leader_b
        Period = self.env["satisfaction.unit.period.report"]
        fields_ = ["satisfaction_index", "answer_count", "response_count"]
        for user, unit, hidden in (
            (leader_b, self.unit_b, True),
            (self.user_leader_a, self.unit_a, False),
            (self.user_reviewer, self.unit_b, False),
        ):
            with self.subTest(user=user.login, unit=unit.name):
                group = Period.with_user(user).read_group(
                    [("unit_id", "=", unit.id)], fields_, ["unit_id"]
                )[0]
                rows = Period.with_user(user).search_read(
                    [("unit_id", "=", unit.id)], fields_
                )
                for values in [group, *rows]:
                    self.assertEqual(not values["answer_count"], hidden)
                    self.assertEqual(
                        values["satisfaction_index"] is False, hidden, values
                    )
                    self.assertTrue(values["response_count"], "ratings still counted")
        trend = self.env["satisfaction.trend.report"].with_user(leader_b)
        index_groups = trend.read_group(
            [("unit_id", "=", self.unit_b.id), ("series", "=", "index")],
            ["value"],
            ["month:month"],
        )
        self.assertTrue(index_groups)
        self.assertFalse(any(g["value"] for g in index_groups))
        with self.assertRaises(AccessError):
            Period.with_user(leader_b).search([("satisfaction_index", "<", 50)])

    def test_leader_officer_breakdown_hidden_below_k(self):
        """6 answers per officer of unit A: shown; one month x one channel row:
        hidden.
        """
        report = self._report(self.user_leader_a)
        by_officer = report.read_group(
            [("criterion_id.is_officer_criterion", "=", True)],
            ["answer_count:sum", "satisfaction_index"],
            ["officer_id"],
            lazy=False,
        )
        self.assertEqual(
            {g["answer_count"] for g in by_officer}, {24}, "4 criteria x 6 answers"
        )
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.min_group_size", "25"
        )
        by_officer = report.read_group(
            [("criterion_id.is_officer_criterion", "=", True)],
            ["answer_count:sum", "satisfaction_index"],
            ["officer_id"],
            lazy=False,
        )
        self.assertTrue(by_officer)
        for group in by_officer:
            self.assertFalse(group["answer_count"])
            self.assertFalse(group["satisfaction_index"])
            self.assertEqual(group["__count"], 0)

    def test_rows_read_and_web_read_group(self):
        report = self._report(self.user_leader_b)
        rows = report.search_read(
            [], ["answer_count", "satisfaction_index", "criterion_id"]
        )
        self.assertTrue(rows)
        self.assertTrue(all(row["answer_count"] is False for row in rows))
        web = report.web_read_group([], ["answer_count:sum"], ["criterion_id"])
        self.assertTrue(web["groups"])
        self.assertTrue(all(not g["answer_count"] for g in web["groups"]))
        # without the measure in the request, the group size still decides
        plain = report.read_group([], ["__count"], ["criterion_id"], lazy=False)
        self.assertTrue(all(g["__count"] == 0 for g in plain))
        self.assertNotIn("ss_group_size", plain[0])
        # the reviewer gets the figures
        rows = self._report(self.user_reviewer).search_read(
            [("unit_id", "=", self.unit_b.id)], ["answer_count"]
        )
        self.assertTrue(all(row["answer_count"] for row in rows))

    @mute_logger("odoo.models")
    def test_no_probing_by_domain_or_order(self):
        report = self._report(self.user_leader_b)
        for domain in (
            [("answer_count", "=", 2)],
            [("satisfaction_index", "<", 50)],
            ["|", ("id", "=", 0), ("satisfied_count", ">", 0)],
        ):
            with self.subTest(domain=domain), self.assertRaises(AccessError):
                report.search(domain)
        with self.assertRaises(AccessError):
            report.read_group([("answer_count", ">", 1)], ["__count"], ["unit_id"])
        # sorting on a measure is ignored, not refused
        self.assertEqual(
            report.search([], order="answer_count desc"), report.search([])
        )
        # reviewers may filter
        self.assertTrue(
            self._report(self.user_reviewer).search([("answer_count", ">=", 1)])
        )

    def test_internal_read_group_unaffected_and_k_one_disables(self):
        rows = (
            self.env["satisfaction.index.report"]
            .with_user(self.user_leader_b)
            ._read_group([], [], ["answer_count:sum"])
        )
        self.assertEqual(
            rows[0][0], 2 * 5, "2 answers x (4 officer criteria + overall)"
        )
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.min_group_size", "1"
        )
        group = self._overall_by_unit(self.user_leader_b)[self.unit_b.id]
        self.assertEqual(group["answer_count"], 2)
