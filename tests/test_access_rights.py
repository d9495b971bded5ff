from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SatisfactionCommon

CITIZEN_FIELDS = ("citizen_name", "citizen_phone", "citizen_email")


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestAccessRights(SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # record rules on one response per unit; small groups are
        # test_small_group_coverage's
        cls.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.min_group_size", "1"
        )
        cls.dossier_a, cls.request_a = cls._return_dossiers(1, cls.unit_a)
        cls.dossier_b, cls.request_b = cls._return_dossiers(1, cls.unit_b)
        cls.response_a = cls._answer(cls.request_a, 5, comment="Tốt")
        cls.response_b = cls._answer(cls.request_b, 2)
        # a returned but unanswered dossier per unit
        cls.dossier_a2, cls.request_a2 = cls._return_dossiers(1, cls.unit_a)
        cls.dossier_b2, cls.request_b2 = cls._return_dossiers(1, cls.unit_b)
        cls.env.flush_all()

    def _as(self, user, records):
        records = records.with_user(user)
        records.invalidate_model()
        return records

    def _assert_no_model_access(self, user, model, operations=("read",)):
        Model = self.env[model].with_user(user)
        for operation in operations:
            self.assertFalse(
                Model.has_access(operation),
                f"{user.login} must not have {operation} access on {model}",
            )
        if "read" in operations:
            with self.assertRaises(AccessError):
                Model.search([], limit=1)

    # ------------------------------------------------------------
    # OFFICER
    # ------------------------------------------------------------

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_officer_dossiers(self):
        Dossier = self.env["satisfaction.dossier"].with_user(self.user_officer_a)
        found = Dossier.search(
            [("id", "in", (self.dossier_a | self.dossier_b | self.dossier_a2).ids)]
        )
        self.assertEqual(found, self.dossier_a | self.dossier_a2)
        self.assertEqual(
            self._as(self.user_officer_a, self.dossier_a).citizen_name,
            self.dossier_a.citizen_name,
        )
        with self.assertRaises(AccessError):
            self._as(self.user_officer_a, self.dossier_b).read(["citizen_name"])
        with self.assertRaises(AccessError):
            self._as(self.user_officer_a, self.dossier_b).write(
                {"citizen_phone": "0912000000"}
            )

        # creates in their unit, with their unit and themselves as defaults
        dossier = Dossier.create(
            {
                "procedure_id": self.procedure_birth.id,
                "citizen_name": "Hoàng Thị C",
                "citizen_phone": "0912777888",
            }
        )
        self.assertEqual(dossier.unit_id, self.unit_a)
        self.assertEqual(dossier.receiving_officer_id, self.officer_a1)
        dossier.write({"handling_officer_ids": [(4, self.officer_a2.id)]})
        dossier.action_process()
        dossier.action_ready()
        dossier.action_return()
        request = self._requests_of(dossier)
        self.assertEqual(len(request), 1, "an officer's return creates the request")
        self.assertEqual(request.officer_ids, self.officer_a1 | self.officer_a2)
        # ... but not in another unit
        with self.assertRaises(AccessError):
            Dossier.create(
                {
                    "procedure_id": self.procedure_birth.id,
                    "unit_id": self.unit_b.id,
                    "citizen_name": "X",
                }
            )
        # officers cannot delete dossiers
        with self.assertRaises(AccessError):
            self._as(self.user_officer_a, dossier).unlink()

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_officer_requests(self):
        Request = self.env["satisfaction.request"].with_user(self.user_officer_a)
        all_requests = (
            self.request_a | self.request_b | self.request_a2 | self.request_b2
        )
        self.assertEqual(
            Request.search([("id", "in", all_requests.ids)]),
            self.request_a | self.request_a2,
        )
        request = self._as(self.user_officer_a, self.request_a2)
        data = request.read(["dossier_ref", "state", *CITIZEN_FIELDS])[0]
        self.assertEqual(data["citizen_phone"], self.request_a2.citizen_phone)
        request.write({"citizen_phone": "0912555666"})
        self.assertEqual(self.request_a2.citizen_phone, "0912555666")
        with self.assertRaises(AccessError):
            self._as(self.user_officer_a, self.request_b).read(["dossier_ref"])
        with self.assertRaises(AccessError):
            self._as(self.user_officer_a, self.request_b2).write(
                {"citizen_phone": "0912555666"}
            )
        with self.assertRaises(AccessError):
            self._as(self.user_officer_a, self.request_a2).unlink()

        # secret fields
        for fname in ("access_token", "rating_url", "response_ids"):
            with self.assertRaises(AccessError, msg=fname):
                self._as(self.user_officer_a, self.request_a).read([fname])
        self.assertNotIn("access_token", Request.fields_get())
        # search on the token is refused too (no guessing through filters)
        with self.assertRaises(AccessError):
            Request.search([("access_token", "=", self.request_a.access_token)])

    @mute_logger(
        "odoo.addons.base.models.ir_rule",
        "odoo.models",
        "odoo.addons.base.models.ir_model",
    )
    def test_officer_creates_request(self):
        dossier = self._create_dossiers(1, self.unit_a)
        Request = self.env["satisfaction.request"].with_user(self.user_officer_a)
        request = Request.create(
            {
                "res_model": dossier._name,
                "res_id": dossier.id,
                "dossier_ref": dossier.code,
                "unit_id": self.unit_a.id,
                "questionnaire_id": self.questionnaire.id,
                "citizen_name": "Công dân",
            }
        )
        self.assertEqual(request.sudo().unit_id, self.unit_a)
        self.assertGreaterEqual(
            len(request.sudo().access_token), 22, "the token is set even by an officer"
        )
        other = self._create_dossiers(1, self.unit_b)
        with self.assertRaises(AccessError):
            Request.create(
                {
                    "res_model": other._name,
                    "res_id": other.id,
                    "dossier_ref": other.code,
                    "unit_id": self.unit_b.id,
                    "questionnaire_id": self.questionnaire.id,
                }
            )

    @mute_logger(
        "odoo.addons.base.models.ir_rule",
        "odoo.models",
        "odoo.addons.base.models.ir_model",
    )
    def test_officer_sees_no_answers(self):
        for model in (
            "satisfaction.response",
            "satisfaction.response.line",
            "satisfaction.index.report",
        ):
            self._assert_no_model_access(self.user_officer_a, model)
            with self.assertRaises(AccessError):
                self._as(
                    self.user_officer_a, self.env[model].sudo().search([], limit=1)
                ).read()
        with self.assertRaises(AccessError):
            self._as(self.user_officer_a, self.response_a).read(["comment"])

    # ------------------------------------------------------------
    # LEADER
    # ------------------------------------------------------------

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_leader(self):
        Response = self.env["satisfaction.response"].with_user(self.user_leader_a)
        both = self.response_a | self.response_b
        self.assertEqual(Response.search([("id", "in", both.ids)]), self.response_a)
        data = self._as(self.user_leader_a, self.response_a).read(
            ["comment", "line_ids"]
        )[0]
        # A leader may be rated too: no way back from an answer to the respondent.
        with self.assertRaises(AccessError):
            self._as(self.user_leader_a, self.response_a).read(["request_id"])
        self.assertEqual(data["comment"], "Tốt")
        self.assertEqual(len(data["line_ids"]), 9)
        with self.assertRaises(AccessError):
            self._as(self.user_leader_a, self.response_b).read(["comment"])

        Line = self.env["satisfaction.response.line"].with_user(self.user_leader_a)
        lines = Line.search([("response_id", "in", both.ids)])
        self.assertEqual(lines, self.response_a.line_ids)
        with self.assertRaises(AccessError):
            self._as(self.user_leader_a, self.response_b.line_ids[:1]).read(["value"])

        Report = self.env["satisfaction.index.report"].with_user(self.user_leader_a)
        rows = Report.search([("unit_id", "in", (self.unit_a | self.unit_b).ids)])
        self.assertTrue(rows)
        self.assertEqual(rows.unit_id, self.unit_a)
        groups = Report.read_group(
            [], ["answer_count:sum", "satisfaction_index"], ["unit_id"]
        )
        self.assertEqual(
            [g["unit_id"][0] for g in groups if g["unit_id"]], [self.unit_a.id]
        )

        # leaders do the officer's job in their unit
        Request = self.env["satisfaction.request"].with_user(self.user_leader_a)
        self.assertEqual(
            Request.search([("id", "in", (self.request_a | self.request_b).ids)]),
            self.request_a,
        )
        for operation in ("create", "write", "unlink"):
            self.assertFalse(Response.has_access(operation), operation)
            self.assertFalse(Report.has_access(operation), operation)

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_sub_unit(self):
        """A leader of a unit sees its sub-units (child_of)."""
        sub_unit = self.env["hr.department"].create(
            {"name": "Tổ tiếp nhận A", "parent_id": self.unit_a.id}
        )
        _dossier, request = self._return_dossiers(
            1, sub_unit, receiving_officer_id=self.officer_a2.id
        )
        response = self._answer(request)
        Response = self.env["satisfaction.response"].with_user(self.user_leader_a)
        self.assertIn(response, Response.search([]))
        self.assertNotIn(self.response_b, Response.search([]))

    # ------------------------------------------------------------
    # REVIEWER
    # ------------------------------------------------------------

    @mute_logger(
        "odoo.addons.base.models.ir_rule",
        "odoo.models",
        "odoo.addons.base.models.ir_model",
    )
    def test_reviewer(self):
        Response = self.env["satisfaction.response"].with_user(self.user_reviewer)
        both = self.response_a | self.response_b
        self.assertEqual(Response.search([("id", "in", both.ids)]), both)
        data = self._as(self.user_reviewer, both).read(
            ["comment", "unit_id", "line_ids", "channel"]
        )
        self.assertEqual(len(data), 2)
        Line = self.env["satisfaction.response.line"].with_user(self.user_reviewer)
        self.assertEqual(Line.search([("response_id", "in", both.ids)]), both.line_ids)
        Report = self.env["satisfaction.index.report"].with_user(self.user_reviewer)
        rows = Report.search([("unit_id", "in", (self.unit_a | self.unit_b).ids)])
        self.assertEqual(rows.unit_id, self.unit_a | self.unit_b)

        # anonymous: no way back to the request or the citizen
        with self.assertRaises(AccessError):
            self._as(self.user_reviewer, self.response_a).read(["request_id"])
        self._assert_no_model_access(self.user_reviewer, "satisfaction.dossier")
        self._assert_no_model_access(self.user_reviewer, "satisfaction.request")
        with self.assertRaises(AccessError):
            self._as(self.user_reviewer, self.request_a).read(list(CITIZEN_FIELDS))

        # read-only everywhere
        for model in (
            "satisfaction.response",
            "satisfaction.response.line",
            "satisfaction.index.report",
            "satisfaction.questionnaire",
            "satisfaction.criterion",
            "satisfaction.element",
            "satisfaction.procedure",
            "satisfaction.scale",
            "satisfaction.dossier",
            "satisfaction.request",
            "satisfaction.binding",
        ):
            Model = self.env[model].with_user(self.user_reviewer)
            for operation in ("create", "write", "unlink"):
                self.assertFalse(
                    Model.has_access(operation), f"reviewer can {operation} {model}"
                )
        with self.assertRaises(AccessError):
            self._as(self.user_reviewer, self.questionnaire).write({"name": "Changed"})
        with self.assertRaises(AccessError):
            self._as(self.user_reviewer, self.procedure_birth).write(
                {"name": "Changed"}
            )
        with self.assertRaises(AccessError):
            self.env["satisfaction.dossier"].with_user(self.user_reviewer).create(
                {
                    "procedure_id": self.procedure_birth.id,
                    "unit_id": self.unit_a.id,
                    "citizen_name": "X",
                }
            )

    # ------------------------------------------------------------
    # MANAGER
    # ------------------------------------------------------------

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_manager(self):
        for model, records in (
            ("satisfaction.dossier", self.dossier_a | self.dossier_b),
            ("satisfaction.request", self.request_a | self.request_b),
            ("satisfaction.response", self.response_a | self.response_b),
            (
                "satisfaction.response.line",
                (self.response_a | self.response_b).line_ids,
            ),
        ):
            Model = self.env[model].with_user(self.user_manager)
            self.assertEqual(Model.search([("id", "in", records.ids)]), records, model)
        data = self._as(self.user_manager, self.request_a).read(
            ["access_token", "rating_url", *CITIZEN_FIELDS]
        )[0]
        self.assertEqual(data["access_token"], self.request_a.access_token)
        self._as(self.user_manager, self.dossier_b).write(
            {"citizen_phone": "0912123123"}
        )
        rows = (
            self.env["satisfaction.index.report"]
            .with_user(self.user_manager)
            .search([("unit_id", "in", (self.unit_a | self.unit_b).ids)])
        )
        self.assertEqual(rows.unit_id, self.unit_a | self.unit_b)
        self.assertTrue(
            self.env["satisfaction.binding"]
            .with_user(self.user_manager)
            .has_access("create")
        )
        self._as(self.user_manager, self.response_b).unlink()
        self.assertFalse(self.response_b.exists())

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_only_manager_deletes_responses(self):
        for user in (
            self.user_officer_a,
            self.user_leader_a,
            self.user_officer_b,
            self.user_reviewer,
        ):
            with self.assertRaises(AccessError, msg=user.login):
                self._as(user, self.response_a).unlink()
            with self.assertRaises(AccessError, msg=user.login):
                self._as(user, self.response_a.line_ids[:1]).unlink()
            with self.assertRaises(AccessError, msg=user.login):
                self._as(user, self.response_a).write({"comment": "edited"})
        self.assertTrue(self.response_a.exists())
        self.assertTrue(
            self.env["satisfaction.response"]
            .with_user(self.user_manager)
            .has_access("unlink")
        )
        # nobody edits answers, not even the manager
        self.assertFalse(
            self.env["satisfaction.response"]
            .with_user(self.user_manager)
            .has_access("write")
        )
        self.assertFalse(
            self.env["satisfaction.response.line"]
            .with_user(self.user_manager)
            .has_access("write")
        )

    # ------------------------------------------------------------
    # ANONYMITY BY DESIGN
    # ------------------------------------------------------------

    def test_responses_hold_no_citizen_data(self):
        for model in (
            "satisfaction.response",
            "satisfaction.response.line",
            "satisfaction.index.report",
        ):
            fields_ = self.env[model]._fields
            leaks = [
                name
                for name in fields_
                if name.startswith("citizen") or "phone" in name or "email" in name
            ]
            self.assertFalse(leaks, f"{model} exposes {leaks}")
        request_field = self.env["satisfaction.response"]._fields["request_id"]
        self.assertEqual(
            request_field.groups, "satisfaction_survey.group_satisfaction_manager"
        )
        for fname in CITIZEN_FIELDS:
            self.assertEqual(
                self.env["satisfaction.request"]._fields[fname].groups,
                "satisfaction_survey.group_satisfaction_officer",
            )
