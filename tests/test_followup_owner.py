"""Nobody is left without an owner: a low rating of a unit without a leader goes
to an administrator and says so; administrators list the units without a
leader; the dossier's officer picker offers the unit's officers first; the
rating stat button opens the request itself."""

import ast

from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import LEADER, SatisfactionCommon

MANAGER_GROUP = "satisfaction_survey.group_satisfaction_manager"


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestFollowupOwner(SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Department = cls.env["hr.department"]
        Employee = cls.env["hr.employee"]
        cls.unit_c = Department.create({"name": "Bộ phận Một cửa xã C"})
        cls.officer_c1 = Employee.create(
            {"name": "Đỗ Văn C1", "department_id": cls.unit_c.id}
        )
        cls.sub_unit_a = Department.create(
            {"name": "Tổ tiếp nhận A", "parent_id": cls.unit_a.id}
        )

    def _low_rating(self, unit, receiving):
        _dossiers, request = self._return_dossiers(
            1,
            unit,
            receiving_officer_id=receiving.id,
            handling_officer_ids=[(6, 0, [])],
        )
        self._answer(request, 5, overrides={"overall": 1}, channel="staff")
        return self.env["satisfaction.followup"].search(
            [("request_id", "=", request.id)]
        )

    def test_unit_without_leader_goes_to_an_administrator(self):
        followup = self._low_rating(self.unit_c, self.officer_c1)
        administrators = self.env.ref(MANAGER_GROUP).users
        self.assertIn(followup.user_id, administrators)
        self.assertEqual(followup.assigned_as, "administrator")
        self.assertEqual(followup.activity_ids.user_id, followup.user_id)
        self.assertIn("no leader", str(followup.activity_ids.note))
        # the administrator sees it and can filter on it
        Followup = self.env["satisfaction.followup"].with_user(self.user_manager)
        self.assertIn(
            followup, Followup.search([("assigned_as", "=", "administrator")])
        )

    def test_unit_manager_in_hr_who_is_a_leader_owns_it(self):
        user_head = mail_new_test_user(
            self.env, login="ss_head_c", groups=LEADER, name="Head C"
        )
        self.unit_c.manager_id = self.env["hr.employee"].create(
            {"name": "Trưởng bộ phận C", "user_id": user_head.id}
        )
        followup = self._low_rating(self.unit_c, self.officer_c1)
        self.assertEqual(followup.user_id, user_head)
        self.assertEqual(followup.assigned_as, "leader")
        self.assertEqual(followup.activity_ids.user_id, user_head)

    def test_units_without_leader_list(self):
        Department = self.env["hr.department"].with_user(self.user_manager)
        mine = self.unit_a | self.unit_b | self.unit_c | self.sub_unit_a
        without = Department.search(
            [("satisfaction_has_leader", "=", False), ("id", "in", mine.ids)]
        )
        # A has a leader among its employees, and its sub-unit through A
        self.assertEqual(without, self.unit_b | self.unit_c)
        self.assertEqual(
            Department.search(
                [("satisfaction_has_leader", "=", True), ("id", "in", mine.ids)]
            ),
            self.unit_a | self.sub_unit_a,
        )
        self.assertEqual(
            mine.with_user(self.user_manager).mapped("satisfaction_has_leader"),
            [True, False, False, True],
        )
        self._low_rating(self.unit_c, self.officer_c1)
        self.assertEqual(self.unit_c.satisfaction_open_followup_count, 1)
        # the administrators' menu lists them
        action = self.env.ref(
            "satisfaction_survey.hr_department_action_satisfaction_no_leader"
        )
        domain = ast.literal_eval(action.domain)
        self.assertEqual(Department.search(domain + [("id", "in", mine.ids)]), without)
        menu = self.env.ref(
            "satisfaction_survey.hr_department_menu_satisfaction_no_leader"
        )
        self.assertEqual(menu.action, action)
        self.assertIn(self.env.ref(MANAGER_GROUP), menu.parent_id.groups_id)

    def test_officer_picker_offers_the_unit_first(self):
        arch = self.env["satisfaction.dossier"].get_views([(False, "form")])["views"][
            "form"
        ]["arch"]
        node = etree.fromstring(arch).xpath("//field[@name='handling_officer_ids']")[0]
        domain = node.get("domain")
        self.assertIn("('department_id', 'child_of', unit_id)", domain)
        self.assertIn("show_all_officers", domain)
        self.assertTrue(
            etree.fromstring(arch).xpath("//field[@name='show_all_officers']")
        )
        self.assertFalse(
            self.env["satisfaction.dossier"]._fields["show_all_officers"].store
        )
        # the domain as the client evaluates it: the unit, or everyone
        for show_all, unit_id, expected in (
            (False, self.unit_a.id, [("department_id", "child_of", self.unit_a.id)]),
            (True, self.unit_a.id, []),
            (False, False, []),
        ):
            self.assertEqual(
                safe_eval(domain, {"show_all_officers": show_all, "unit_id": unit_id}),
                expected,
            )

    def test_rating_button_opens_the_request(self):
        dossiers, requests = self._return_dossiers(2, self.unit_a)
        action = (
            dossiers[0].with_user(self.user_officer_a).action_view_rating_requests()
        )
        self.assertEqual(
            action["res_id"], requests.filtered(lambda r: r.res_id == dossiers[0].id).id
        )
        self.assertEqual(action["views"], [(False, "form")])
        action = dossiers.with_user(self.user_officer_a).action_view_rating_requests()
        self.assertFalse(action.get("res_id"))
        self.assertEqual(
            self.env["satisfaction.request"].search(action["domain"]), requests
        )
