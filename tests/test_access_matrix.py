"""Access matrix: every role x every model x create/read/write/delete.

The table below is the one of README.md, "Roles and access"; a test fails
when a model of the module is missing from it, so a new model cannot ship
without its line. Then the RPC-callable paths (search_read, read_group,
web_read_group, web_search_read, a real JSON-RPC call) and the joins an
officer could use to reach the respondent of an answer about them.
"""

import json

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import SatisfactionCommon

ROLES = ("officer", "leader", "reviewer", "manager", "portal", "public")
# model: (officer, leader, reviewer, manager); portal and public users: nothing.
# c = create, r = read, w = write, d = delete (unlink).
MATRIX = {
    "satisfaction.scale": ("r", "r", "r", "crwd"),
    "satisfaction.scale.level": ("r", "r", "r", "crwd"),
    "satisfaction.questionnaire": ("r", "r", "r", "crwd"),
    "satisfaction.element": ("r", "r", "r", "crwd"),
    "satisfaction.criterion": ("r", "r", "r", "crwd"),
    "satisfaction.procedure": ("r", "r", "r", "crwd"),
    "satisfaction.dossier": ("crw", "crw", "", "crwd"),
    "satisfaction.dossier.event": ("crw", "crw", "", "crwd"),
    "satisfaction.request": ("crw", "crw", "", "crwd"),
    "satisfaction.response": ("", "r", "r", "rd"),
    "satisfaction.response.line": ("", "r", "r", "rd"),
    "satisfaction.index.report": ("", "r", "r", "r"),
    # comment themes: the lexicon, its matches (pointing to responses), the report
    "satisfaction.comment.theme": ("", "r", "r", "crwd"),
    "satisfaction.comment.theme.match": ("", "", "", "r"),
    "satisfaction.comment.theme.report": ("", "r", "r", "r"),
    # answers with their response, read by the small-group protection only
    "satisfaction.index.respondent": ("", "", "", "r"),
    "satisfaction.binding": ("", "", "", "crwd"),
    "satisfaction.audit.log": ("", "", "r", "r"),
    "satisfaction.answer.correction": ("", "", "", "crw"),
    "satisfaction.privacy.wizard": ("", "", "", "crw"),
    "satisfaction.privacy.request": ("", "", "r", "crw"),
    "satisfaction.privacy.notice": ("r", "r", "r", "crwd"),
    "satisfaction.consent": ("", "", "r", "r"),
    "satisfaction.answer.entry": ("crwd", "crwd", "", "crwd"),
    "satisfaction.answer.entry.line": ("crwd", "crwd", "", "crwd"),
    "satisfaction.followup": ("", "rw", "", "crwd"),
    "satisfaction.quota": ("", "r", "r", "crwd"),
    "satisfaction.quota.report": ("", "r", "r", "r"),
    "satisfaction.target": ("", "r", "r", "crwd"),
    "satisfaction.cchc.rule": ("", "r", "r", "crwd"),
    "satisfaction.cchc.rule.line": ("", "r", "r", "crwd"),
    # reviewers create, compute and publish scorecards; lines and points are computed
    "satisfaction.scorecard": ("", "r", "crwd", "crwd"),
    "satisfaction.scorecard.line": ("", "r", "r", "crwd"),
    "satisfaction.scorecard.point": ("", "r", "r", "crwd"),
    "satisfaction.unit.period.report": ("", "r", "r", "r"),
    "satisfaction.trend.report": ("", "r", "r", "r"),
    "satisfaction.period.compare": ("", "crwd", "crwd", "crwd"),
    "satisfaction.period.compare.line": ("", "crwd", "crwd", "crwd"),
    "satisfaction.xlsx.export": ("", "", "crwd", "crwd"),
    "satisfaction.sms.gateway": ("", "", "", "crwd"),
    "satisfaction.kiosk": ("", "", "", "crwd"),
    # kiosk codes: hashes, written by the code only
    "satisfaction.kiosk.code": ("", "", "", "r"),
    "satisfaction.low.reason": ("r", "r", "r", "crwd"),
    # complaints and petitions: who complained is hidden by field groups
    # (tests/test_pakn.py)
    "satisfaction.pakn": ("crw", "crw", "r", "crwd"),
    "satisfaction.pakn.category": ("r", "r", "r", "crwd"),
    # the complaints about an agency's decisions, nobody named
    # (tests/test_competent_agency.py)
    "satisfaction.pakn.agency.report": ("", "r", "r", "r"),
    # verification surveys (surveyors: their own calls, tests/test_campaign.py)
    "satisfaction.campaign": ("", "", "crw", "crwd"),
    "satisfaction.campaign.stratum": ("", "", "r", "crwd"),
    "satisfaction.campaign.call": ("", "", "r", "crwd"),
    "satisfaction.campaign.answer": ("", "", "r", "crwd"),
    "satisfaction.integrity.signal": ("", "", "rw", "crwd"),
    # report statistics, written by PostgreSQL triggers only
    # (stats_engine/)
    "satisfaction.answer.stat": ("", "", "", "r"),
    "satisfaction.answer.stat.delta": ("", "", "", "r"),
    "satisfaction.answer.rollup": ("", "", "", "r"),
    "satisfaction.period.stat": ("", "", "", "r"),
    "satisfaction.period.stat.delta": ("", "", "", "r"),
    "satisfaction.request.stat": ("", "", "", "r"),
    # reviewers keep the 2025 mergers up to date (tests/test_unit_succession.py)
    "satisfaction.unit.succession": ("", "r", "crw", "crwd"),
    "satisfaction.succession.trend.report": ("", "r", "r", "r"),
    # QĐ 766 per period; the national portal (connector and its log for
    # administrators, the published figures for reviewers)
    "satisfaction.qd766.report": ("", "r", "r", "r"),
    "satisfaction.portal.connector": ("", "", "", "crwd"),
    "satisfaction.portal.sync.log": ("", "", "", "rwd"),
    "satisfaction.portal.figure": ("", "", "crwd", "crwd"),
    "satisfaction.portal.figure.import": ("", "", "crw", "crw"),
}
OPERATIONS = {"c": "create", "r": "read", "w": "write", "d": "unlink"}
CITIZEN_FIELDS = ("citizen_name", "citizen_phone", "citizen_email")


class AccessMatrixCommon(SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # record rules on one response per unit; small groups are
        # test_small_group_coverage's
        cls.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.min_group_size", "1"
        )
        cls.user_portal = mail_new_test_user(
            cls.env,
            login="ss_portal",
            groups="base.group_portal",
            name="Portal Citizen",
        )
        cls.user_public = cls.env.ref("base.public_user")
        cls.users = {
            "officer": cls.user_officer_a,
            "leader": cls.user_leader_a,
            "reviewer": cls.user_reviewer,
            "manager": cls.user_manager,
            "portal": cls.user_portal,
            "public": cls.user_public,
        }
        cls.dossier_a, cls.request_a = cls._return_dossiers(1, cls.unit_a)
        cls.dossier_b, cls.request_b = cls._return_dossiers(1, cls.unit_b)
        # officer A1 is rated low by the citizen of dossier A
        cls.response_a = cls._answer(
            cls.request_a, 2, comment="Cán bộ A1 thiếu nhiệt tình"
        )
        cls.response_b = cls._answer(cls.request_b, 5)
        cls.env.flush_all()

    def _expected(self, model, role):
        if role in ("portal", "public"):
            return ""
        return MATRIX[model][ROLES.index(role)]


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestAccessMatrix(AccessMatrixCommon):
    def test_every_model_is_in_the_matrix(self):
        models = self.env["ir.model"].search([("model", "=like", "satisfaction.%")])
        concrete = {m.model for m in models if not self.env[m.model]._abstract}
        self.assertFalse(
            concrete - set(MATRIX),
            "models missing from the access matrix (tests and README): %s"
            % sorted(concrete - set(MATRIX)),
        )
        self.assertFalse(set(MATRIX) - concrete, "matrix lists unknown models")

    @mute_logger(
        "odoo.models",
        "odoo.addons.base.models.ir_model",
        "odoo.addons.base.models.ir_rule",
    )
    def test_matrix(self):
        """Every role x model x operation, as the ORM checks it for RPC calls."""
        checked = 0
        for model in sorted(MATRIX):
            for role in ROLES:
                Model = self.env[model].with_user(self.users[role])
                expected = self._expected(model, role)
                for letter, operation in OPERATIONS.items():
                    with self.subTest(model=model, role=role, operation=operation):
                        self.assertEqual(
                            Model.has_access(operation),
                            letter in expected,
                            f"{role} {operation} {model}",
                        )
                        checked += 1
                with self.subTest(model=model, role=role, operation="search"):
                    if "r" in expected:
                        Model.search([], limit=1)  # does not raise
                    else:
                        with self.assertRaises(AccessError):
                            Model.search([], limit=1)
        self.assertEqual(checked, len(MATRIX) * len(ROLES) * 4)

    @mute_logger(
        "odoo.models",
        "odoo.addons.base.models.ir_model",
        "odoo.addons.base.models.ir_rule",
    )
    def test_denied_operations_really_fail(self):
        """Beyond has_access: real create / write / unlink calls are refused."""
        records = {
            "satisfaction.dossier": self.dossier_a,
            "satisfaction.request": self.request_a,
            "satisfaction.response": self.response_a,
            "satisfaction.response.line": self.response_a.line_ids[:1],
            "satisfaction.questionnaire": self.questionnaire,
            "satisfaction.criterion": self.criterion_overall,
            "satisfaction.scale": self.scale,
            "satisfaction.procedure": self.procedure_birth,
        }
        for model, record in records.items():
            for role in ROLES:
                expected = self._expected(model, role)
                as_user = record.with_user(self.users[role])
                with self.subTest(model=model, role=role):
                    if "w" not in expected:
                        with self.assertRaises(AccessError):
                            as_user.write({"create_uid": self.users[role].id})
                    if "d" not in expected:
                        with self.assertRaises(AccessError):
                            as_user.unlink()
                    if "r" not in expected:
                        with self.assertRaises(AccessError):
                            as_user.read(["id", "display_name"])
        self.assertTrue(self.response_a.exists())

    def test_public_and_portal_have_no_menu(self):
        root = self.env.ref("satisfaction_survey.satisfaction_menu_root")
        for role in ("portal", "public"):
            menus = (
                self.env["ir.ui.menu"]
                .with_user(self.users[role])
                .sudo()
                ._visible_menu_ids()
            )
            self.assertNotIn(root.id, menus, role)
        self.assertIn(
            root.id,
            self.env["ir.ui.menu"].with_user(self.user_officer_a)._visible_menu_ids(),
        )


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestRpcPaths(AccessMatrixCommon):
    """The methods a client calls over RPC, per role, on the sensitive models."""

    @mute_logger(
        "odoo.models",
        "odoo.addons.base.models.ir_model",
        "odoo.addons.base.models.ir_rule",
    )
    def test_officer_reaches_no_answer(self):
        officer = self.user_officer_a
        for model, group in (
            ("satisfaction.response", "date:month"),
            ("satisfaction.response.line", "officer_id"),
            ("satisfaction.index.report", "month:month"),
        ):
            Model = self.env[model].with_user(officer)
            calls = {
                "search_read": lambda M=Model: M.search_read([], ["id"]),
                "read_group": lambda M=Model, g=group: M.read_group(
                    [], ["__count"], [g]
                ),
                "web_read_group": lambda M=Model, g=group: M.web_read_group(
                    [], ["__count"], [g]
                ),
                "web_search_read": lambda M=Model: M.web_search_read([], {"id": {}}),
                "search_count": lambda M=Model: M.search_count([]),
            }
            for name, call in calls.items():
                with (
                    self.subTest(model=model, call=name),
                    self.assertRaises(AccessError),
                ):
                    call()

    @mute_logger(
        "odoo.models",
        "odoo.addons.base.models.ir_model",
        "odoo.addons.base.models.ir_rule",
    )
    def test_officer_cannot_join_to_respondent(self):
        """Officer A1 was rated 2/5 on dossier A: no domain, grouping or read
        through the request or the dossier tells them by whom."""
        officer = self.user_officer_a
        Request = self.env["satisfaction.request"].with_user(officer)
        Dossier = self.env["satisfaction.dossier"].with_user(officer)
        probes = {
            "request by comment": lambda: Request.search(
                [("response_ids.comment", "ilike", "thiếu")]
            ),
            "request with a response": lambda: Request.search(
                [("response_ids", "!=", False)]
            ),
            "request by low value": lambda: Request.search(
                [("response_ids.line_ids.value", "<=", 2)]
            ),
            "request by rated officer": lambda: Request.search(
                [("response_ids.line_ids.officer_id", "=", self.officer_a1.id)]
            ),
            "request read_group on responses": lambda: Request.read_group(
                [("response_ids.line_ids.value", "<=", 2)], ["__count"], ["unit_id"]
            ),
            "request read response_ids": lambda: self.request_a.with_user(officer).read(
                ["response_ids"]
            ),
            "request search_read response_ids": lambda: Request.search_read(
                [("id", "=", self.request_a.id)], ["response_ids"]
            ),
            "dossier by comment": lambda: Dossier.search(
                [("satisfaction_request_ids.response_ids.comment", "ilike", "thiếu")]
            ),
            "dossier by low value": lambda: Dossier.search(
                [("satisfaction_request_ids.response_ids.line_ids.value", "<=", 2)]
            ),
            "dossier read_group by value": lambda: Dossier.read_group(
                [("satisfaction_request_ids.response_ids.line_ids.value", "=", 2)],
                ["__count"],
                ["unit_id"],
            ),
            "dossier web_search_read of responses": lambda: Dossier.web_search_read(
                [("id", "=", self.dossier_a.id)],
                {"satisfaction_request_ids": {"fields": {"response_ids": {}}}},
            ),
            "request order by response": lambda: Request.search(
                [], order="response_ids"
            ),
        }
        for name, probe in probes.items():
            with self.subTest(probe=name):
                try:
                    result = probe()
                except (AccessError, ValueError):
                    continue
                self.fail(f"{name}: officer got {result!r}")
        # what they may see of their own requests: the state, not the answer
        data = self.request_a.with_user(officer).read(["state", *CITIZEN_FIELDS])[0]
        self.assertEqual(data["state"], "answered")
        for fname in ("contact_consent", "access_token", "response_ids"):
            self.assertNotIn(fname, Request.fields_get(), fname)

    @mute_logger(
        "odoo.models",
        "odoo.addons.base.models.ir_model",
        "odoo.addons.base.models.ir_rule",
    )
    def test_reviewer_never_reaches_the_citizen(self):
        reviewer = self.user_reviewer
        Response = self.env["satisfaction.response"].with_user(reviewer)
        self.assertEqual(
            Response.search([("id", "in", (self.response_a | self.response_b).ids)]),
            self.response_a | self.response_b,
        )
        for probe in (
            lambda: Response.search([("request_id.citizen_phone", "!=", False)]),
            lambda: Response.search([("request_id", "!=", False)]),
            lambda: Response.read_group([], ["__count"], ["request_id"]),
            lambda: Response.search_read([], ["request_id"]),
            lambda: Response.web_search_read(
                [], {"request_id": {"fields": {"citizen_name": {}}}}
            ),
        ):
            with self.subTest(probe=probe), self.assertRaises(AccessError):
                probe()
        self.assertNotIn("request_id", Response.fields_get())

    @mute_logger(
        "odoo.models",
        "odoo.addons.base.models.ir_model",
        "odoo.addons.base.models.ir_rule",
    )
    def test_leader_rpc_limited_to_own_unit(self):
        leader = self.user_leader_a
        Response = self.env["satisfaction.response"].with_user(leader)
        rows = Response.search_read([], ["unit_id"])
        self.assertEqual({row["unit_id"][0] for row in rows}, {self.unit_a.id})
        groups = Response.read_group([], ["__count"], ["unit_id"])
        self.assertEqual([g["unit_id"][0] for g in groups], [self.unit_a.id])
        web_groups = Response.web_read_group([], ["__count"], ["unit_id"])
        self.assertEqual(
            [g["unit_id"][0] for g in web_groups["groups"]], [self.unit_a.id]
        )
        Request = self.env["satisfaction.request"].with_user(leader)
        self.assertEqual(
            {row["unit_id"][0] for row in Request.search_read([], ["unit_id"])},
            {self.unit_a.id},
        )
        with self.assertRaises(AccessError):
            self.response_b.with_user(leader).read(["comment"])
        with self.assertRaises(AccessError):
            self.request_b.with_user(leader).read(list(CITIZEN_FIELDS))

    @mute_logger(
        "odoo.models",
        "odoo.addons.base.models.ir_model",
        "odoo.addons.base.models.ir_rule",
    )
    def test_officer_other_unit_requests(self):
        officer = self.user_officer_a
        Request = self.env["satisfaction.request"].with_user(officer)
        self.assertNotIn(self.request_b, Request.search([]))
        self.assertNotIn(
            self.unit_b.id,
            [
                g["unit_id"] and g["unit_id"][0]
                for g in Request.read_group([], ["__count"], ["unit_id"])
            ],
        )
        with self.assertRaises(AccessError):
            self.request_b.with_user(officer).read(["state"])
        with self.assertRaises(AccessError):
            self.dossier_b.with_user(officer).read(["citizen_phone"])


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestJsonRpc(HttpCase, AccessMatrixCommon):
    """The same refusals through Odoo's real JSON-RPC endpoint."""

    def _call_kw(self, model, method, args, kwargs=None):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": kwargs or {},
            },
        }
        response = self.url_open(
            "/web/dataset/call_kw/%s/%s" % (model, method),
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_json_rpc(self):
        self.authenticate("ss_officer_a", "ss_officer_a")
        with mute_logger("odoo.http"):
            for model, method, args, kwargs in (
                ("satisfaction.response", "search_read", [[]], {"fields": ["comment"]}),
                (
                    "satisfaction.response.line",
                    "read_group",
                    [[], ["value"], ["officer_id"]],
                    {},
                ),
                (
                    "satisfaction.index.report",
                    "web_read_group",
                    [[], ["answer_count:sum"], ["unit_id"]],
                    {},
                ),
                (
                    "satisfaction.request",
                    "search_read",
                    [[["response_ids.comment", "ilike", "a"]]],
                    {"fields": ["id"]},
                ),
                (
                    "satisfaction.request",
                    "read",
                    [[self.request_a.id], ["access_token"]],
                    {},
                ),
            ):
                with self.subTest(model=model, method=method):
                    result = self._call_kw(model, method, args, kwargs)
                    self.assertIn("error", result, result)
                    self.assertEqual(
                        result["error"]["data"]["name"],
                        "odoo.exceptions.AccessError",
                        result["error"],
                    )
        ok = self._call_kw(
            "satisfaction.request",
            "search_read",
            [[]],
            {"fields": ["state", "unit_id"]},
        )
        self.assertNotIn("error", ok)
        self.assertEqual({row["unit_id"][0] for row in ok["result"]}, {self.unit_a.id})

        # a reviewer reads the answers of every unit (the test's own units:
        # a database with demo data holds others)
        self.authenticate("ss_reviewer", "ss_reviewer")
        ok = self._call_kw(
            "satisfaction.response",
            "search_read",
            [[["unit_id", "in", [self.unit_a.id, self.unit_b.id]]]],
            {"fields": ["comment", "unit_id"]},
        )
        self.assertNotIn("error", ok)
        self.assertEqual(len(ok["result"]), 2)
        self.assertEqual(
            {row["unit_id"][0] for row in ok["result"]},
            {self.unit_a.id, self.unit_b.id},
        )
        with mute_logger("odoo.http"):
            refused = self._call_kw(
                "satisfaction.response", "search_read", [[]], {"fields": ["request_id"]}
            )
        self.assertEqual(
            refused["error"]["data"]["name"], "odoo.exceptions.AccessError"
        )
