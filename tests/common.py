"""Shared fixtures of the satisfaction_survey test suite.

Modelled on odoo/addons/survey/tests/common.py: one class-level setup with two
units, their officers, a user per role, procedures and the default officer
questionnaire, plus small builders for dossiers and answers.

Sending is not mocked here: requests are only *queued* (sms.sms / mail.mail
records, never handed to a gateway inside a transaction). Tests about sending
use Odoo's SMSCase / MailCase mocks (see test_sending.py) or the fake HTTP
provider of test_sms_gateway.py.
"""

from odoo import Command
from odoo.tests import TransactionCase

from odoo.addons.mail.tests.common import mail_new_test_user

BASE_URL = "http://satisfaction.example.com"
OFFICER = "satisfaction_survey.group_satisfaction_officer"
LEADER = "satisfaction_survey.group_satisfaction_leader"
REVIEWER = "satisfaction_survey.group_satisfaction_reviewer"
MANAGER = "satisfaction_survey.group_satisfaction_manager"


class SatisfactionCommon(TransactionCase):
    # make the officer questionnaire the default during the class
    use_officer_questionnaire = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        icp = cls.env["ir.config_parameter"].sudo()
        icp.set_param("web.base.url", BASE_URL)
        icp.set_param("web.base.url.freeze", True)
        icp.set_param("satisfaction_survey.validity_days", "30")
        icp.set_param("satisfaction_survey.auto_send", "True")
        icp.set_param("satisfaction_survey.preferred_channel", "sms")
        # An SMS provider chosen by the administrator, else no SMS is queued at
        # all. Odoo's IAP is never reached: the queue is not run, or mocked.
        icp.set_param("satisfaction_survey.sms_iap", "True")
        # The public routes' rate limiter commits its counters outside the
        # test transaction: off in tests, except in test_rate_limit.py.
        icp.set_param("satisfaction_survey.rate_limit_ip", "0")
        icp.set_param("satisfaction_survey.rate_limit_token", "0")

        cls.company = cls.env.company

        # ---- units (hr.department) ---------------------------------
        cls.unit_a = cls.env["hr.department"].create(
            {"name": "Bộ phận Một cửa phường A"}
        )
        cls.unit_b = cls.env["hr.department"].create(
            {"name": "Bộ phận Một cửa phường B"}
        )

        # ---- users, one per role ------------------------------------
        cls.user_officer_a = mail_new_test_user(
            cls.env,
            login="ss_officer_a",
            groups=OFFICER,
            name="Officer A",
            email="officer.a@example.com",
        )
        cls.user_leader_a = mail_new_test_user(
            cls.env,
            login="ss_leader_a",
            groups=LEADER,
            name="Leader A",
            email="leader.a@example.com",
        )
        cls.user_officer_b = mail_new_test_user(
            cls.env,
            login="ss_officer_b",
            groups=OFFICER,
            name="Officer B",
            email="officer.b@example.com",
        )
        cls.user_reviewer = mail_new_test_user(
            cls.env,
            login="ss_reviewer",
            groups=REVIEWER,
            name="Reviewer",
            email="reviewer@example.com",
        )
        cls.user_manager = mail_new_test_user(
            cls.env,
            login="ss_manager",
            groups=MANAGER,
            name="Manager",
            email="manager@example.com",
        )

        # ---- officers (hr.employee) ---------------------------------
        Employee = cls.env["hr.employee"]
        cls.officer_a1 = Employee.create(
            {
                "name": "Nguyễn Văn A1",
                "department_id": cls.unit_a.id,
                "user_id": cls.user_officer_a.id,
            }
        )
        cls.officer_a2 = Employee.create(
            {"name": "Trần Thị A2", "department_id": cls.unit_a.id}
        )
        cls.leader_a_employee = Employee.create(
            {
                "name": "Lê Văn Trưởng",
                "department_id": cls.unit_a.id,
                "user_id": cls.user_leader_a.id,
            }
        )
        cls.officer_b1 = Employee.create(
            {
                "name": "Phạm Văn B1",
                "department_id": cls.unit_b.id,
                "user_id": cls.user_officer_b.id,
            }
        )

        # ---- procedures and questionnaire ---------------------------
        cls.questionnaire = cls.env.ref("satisfaction_survey.questionnaire_officer")
        if cls.use_officer_questionnaire:
            # the tests are written on the officer questionnaire; a new
            # install's default is the NĐ 118 evaluation (TestNd118Evaluation)
            Questionnaire = cls.env["satisfaction.questionnaire"]
            (
                Questionnaire.search([("is_default", "=", True)]) - cls.questionnaire
            ).write({"is_default": False})
            cls.questionnaire.is_default = True
        cls.questionnaire_sipas = cls.env.ref("satisfaction_survey.questionnaire_sipas")
        cls.scale = cls.env.ref("satisfaction_survey.scale_sipas5")
        Procedure = cls.env["satisfaction.procedure"]
        cls.procedure_birth = Procedure.create(
            {
                "name": "Đăng ký khai sinh",
                "code": "SS-TEST-1.001193",
                "field_name": "Hộ tịch",
                "processing_days": 1,
            }
        )
        cls.procedure_land = Procedure.create(
            {
                "name": "Đăng ký biến động đất đai",
                "code": "SS-TEST-1.004227",
                "field_name": "Đất đai",
                "processing_days": 10,
            }
        )
        cls.criteria = {c.code: c for c in cls.questionnaire.criterion_ids}
        cls.criterion_overall = cls.criteria["overall"]
        cls._phone_seq = 0

    def setUp(self):
        super().setUp()
        # As MailCase does: post the tracking messages of the class setup now
        # (they wait for a precommit otherwise), so a test sees only its own.
        self.env.flush_all()
        self.cr.flush()

    # ------------------------------------------------------------
    # BUILDERS
    # ------------------------------------------------------------

    @classmethod
    def _create_overall_questionnaire(cls, code, ask_comment=False):
        """A published questionnaire of one overall question: a rating is one answer."""
        questionnaire = cls.env["satisfaction.questionnaire"].create(
            {
                "name": "Overall only",
                "code": code,
                "scale_id": cls.scale.id,
                "ask_comment": ask_comment,
                "element_ids": [
                    Command.create(
                        {
                            "code": "overall",
                            "name": "Overall",
                            "criterion_ids": [
                                Command.create(
                                    {
                                        "code": "overall",
                                        "name": "Overall",
                                        "is_overall": True,
                                    }
                                )
                            ],
                        }
                    )
                ],
            }
        )
        questionnaire.action_publish()
        return questionnaire

    @classmethod
    def _next_phone(cls):
        cls._phone_seq += 1
        return "0912%06d" % cls._phone_seq

    @classmethod
    def _default_officers(cls, unit):
        if unit == cls.unit_a:
            return cls.officer_a1, cls.officer_a2
        if unit == cls.unit_b:
            return cls.officer_b1, cls.env["hr.employee"]
        return cls.env["hr.employee"], cls.env["hr.employee"]

    @classmethod
    def _create_dossiers(cls, n, unit, env=None, **vals):
        """Create ``n`` dossiers of ``unit`` (received, not returned yet).

        Defaults: the birth registration procedure, a citizen with a valid
        mobile number, the unit's officers (A1 receives and A2 handles in
        unit A; B1 alone in unit B). ``vals`` override the defaults for all.
        """
        receiving, handling = cls._default_officers(unit)
        vals_list = []
        for i in range(n):
            values = {
                "procedure_id": cls.procedure_birth.id,
                "unit_id": unit.id,
                "citizen_name": "Công dân %s" % (i + 1),
                "citizen_phone": cls._next_phone(),
                "citizen_email": False,
                "receiving_officer_id": receiving.id,
                "handling_officer_ids": [(6, 0, handling.ids)],
            }
            values.update(vals)
            vals_list.append(values)
        return (env or cls.env)["satisfaction.dossier"].create(vals_list)

    @classmethod
    def _return_dossiers(cls, n, unit, **vals):
        """Create and return ``n`` dossiers; returns (dossiers, their requests)."""
        dossiers = cls._create_dossiers(n, unit, **vals)
        dossiers.action_return()
        return dossiers, cls._requests_of(dossiers)

    @classmethod
    def _requests_of(cls, records):
        return (
            cls.env["satisfaction.request"]
            .sudo()
            .search([("res_model", "=", records._name), ("res_id", "in", records.ids)])
        )

    @classmethod
    def _build_form(cls, request, value_by_default=5, overrides=None, comment=None):
        """The public form of ``request`` filled with ``value_by_default``.

        ``overrides`` maps a form key, a criterion code (all its officers) or
        a (criterion code, employee) pair to a value (None: leave empty).
        """
        overrides = overrides or {}
        form = {}
        for item in request._question_items():
            criterion, officer = item["criterion"], item["officer"]
            if criterion.question_type == "text":
                value = overrides.get(item["key"], overrides.get(criterion.code))
            else:
                value = value_by_default
                for key in (
                    criterion.code,
                    (criterion.code, officer) if officer else None,
                    item["key"],
                ):
                    if key is not None and key in overrides:
                        value = overrides[key]
            if value is not None:
                form[item["key"]] = str(value)
        if comment is not None:
            form["comment"] = comment
        return form

    @classmethod
    def _answer(
        cls, request, value_by_default=5, overrides=None, comment=None, channel=None
    ):
        """Answer ``request`` as the citizen would on the public page."""
        form = cls._build_form(request, value_by_default, overrides, comment)
        response, errors = request.sudo()._record_answers(form, channel=channel)
        assert not errors, "unexpected form errors: %s" % errors
        return response

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _count_queries(self, func):
        """Number of SQL queries run by ``func()``, including the final flush
        and the precommit hooks (tracking messages)."""
        self.cr.flush()
        self.env.invalidate_all()
        count0 = self.cr.sql_log_count
        func()
        self.cr.flush()
        return self.cr.sql_log_count - count0
