from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SatisfactionCommon


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestBinding(SatisfactionCommon):
    """Bind res.partner as if it were an office's own dossier model.

    A partner is "returned" when its reference is RETURNED; the citizen is the
    partner itself (name, phone, e-mail), the officer is the salesperson
    (user_id, a res.users mapped to its employee), the procedure is matched
    from the job position text (function) against procedure codes and names.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner_model = cls.env["ir.model"]._get("res.partner")
        cls.partner_fields = {
            f.name: f
            for f in cls.env["ir.model.fields"].search([("model", "=", "res.partner")])
        }

    def _binding_vals(self, **vals):
        fields_ = self.partner_fields
        values = {
            "name": "Partners as dossiers",
            "model_id": self.partner_model.id,
            "returned_domain": "[('ref', '=', 'RETURNED')]",
            "reference_field_id": fields_["name"].id,
            "procedure_field_id": fields_["function"].id,
            "officer_field_id": fields_["user_id"].id,
            "citizen_name_field_id": fields_["name"].id,
            "citizen_phone_field_id": fields_["phone"].id,
            "citizen_email_field_id": fields_["email"].id,
        }
        values.update(vals)
        return values

    def _create_binding(self, **vals):
        return self.env["satisfaction.binding"].create(self._binding_vals(**vals))

    def _partner(self, **vals):
        values = {
            "name": "Đỗ Thị Dân",
            "phone": "0912345111",
            "email": "dan.do@example.com",
            "user_id": self.user_officer_a.id,
            "function": self.procedure_land.code,
        }
        values.update(vals)
        return self.env["res.partner"].create(values)

    def test_binding_creates_automation(self):
        binding = self._create_binding()
        self.assertTrue(binding.automation_id)
        self.assertEqual(binding.automation_id.model_id, self.partner_model)
        self.assertTrue(binding.automation_id.active)
        self.assertEqual(
            binding._field_map(),
            {
                "reference": "name",
                "procedure": "function",
                "officers": "user_id",
                "citizen_name": "name",
                "citizen_phone": "phone",
                "citizen_email": "email",
            },
        )

    def test_write_returned_creates_one_request(self):
        binding = self._create_binding()
        partner = self._partner()
        self.assertFalse(self._requests_of(partner), "not returned yet")

        partner.write({"ref": "RETURNED"})
        request = self._requests_of(partner)
        self.assertEqual(len(request), 1)
        self.assertEqual(request.res_model, "res.partner")
        self.assertEqual(request.res_id, partner.id)
        self.assertEqual(request.dossier_ref, "Đỗ Thị Dân")
        self.assertEqual(request.citizen_name, "Đỗ Thị Dân")
        self.assertEqual(request.citizen_phone, "0912345111")
        self.assertEqual(request.citizen_email, "dan.do@example.com")
        self.assertEqual(
            request.officer_ids, self.officer_a1, "the user is mapped to their employee"
        )
        self.assertEqual(
            request.unit_id, self.unit_a, "the unit is the officer's department"
        )
        self.assertEqual(
            request.procedure_id, self.procedure_land, "matched on the procedure code"
        )
        self.assertEqual(request.questionnaire_id, self.questionnaire)
        self.assertEqual(request.state, "sent")
        self.assertEqual(binding.request_count, 1)

        # writing again, returned or not, never duplicates
        partner.write({"ref": "RETURNED"})
        partner.write({"phone": "0912345222"})
        partner.write({"ref": "REOPENED"})
        partner.write({"ref": "RETURNED"})
        self.assertEqual(self._requests_of(partner), request)

    def test_procedure_matched_by_name(self):
        self._create_binding()
        partner = self._partner(function=self.procedure_birth.name, ref="RETURNED")
        self.assertEqual(self._requests_of(partner).procedure_id, self.procedure_birth)
        partner = self._partner(function="Không có thủ tục này", ref="RETURNED")
        self.assertFalse(self._requests_of(partner).procedure_id)

    def test_created_returned(self):
        self._create_binding()
        partners = self.env["res.partner"].create(
            [
                {
                    "name": "Công dân 1",
                    "ref": "RETURNED",
                    "phone": "0912000001",
                    "user_id": self.user_officer_b.id,
                },
                {"name": "Công dân 2", "ref": "RETURNED", "email": "c2@example.com"},
                {"name": "Công dân 3", "ref": "OPEN"},
            ]
        )
        requests = self._requests_of(partners)
        self.assertEqual(len(requests), 2)
        self.assertEqual(set(requests.mapped("res_id")), set(partners[:2].ids))
        first = requests.filtered(lambda r: r.res_id == partners[0].id)
        self.assertEqual(first.unit_id, self.unit_b)
        self.assertEqual(first.officer_ids, self.officer_b1)
        second = requests.filtered(lambda r: r.res_id == partners[1].id)
        self.assertFalse(second.officer_ids)
        self.assertFalse(second.unit_id)
        self.assertEqual(second.channel, "email")

    def test_backfill(self):
        old = self._partner(ref="RETURNED") | self._partner(
            name="Người cũ 2", ref="RETURNED"
        )
        self._partner(name="Chưa trả", ref="OPEN")
        binding = self._create_binding()
        self.assertFalse(
            self._requests_of(old), "the binding does not act on the past by itself"
        )
        action = binding.action_backfill()
        self.assertEqual(action["type"], "ir.actions.client")
        self.assertEqual(len(self._requests_of(old)), 2)
        # running it again creates nothing
        binding.action_backfill()
        self.assertEqual(len(self._requests_of(old)), 2)
        self.assertEqual(
            self.env["satisfaction.request"].search_count(
                [("res_model", "=", "res.partner")]
            ),
            2,
            "only returned partners get requests",
        )

    def test_deactivate(self):
        binding = self._create_binding()
        binding.active = False
        self.assertFalse(binding.automation_id.active)
        partner = self._partner()
        partner.write({"ref": "RETURNED"})
        created = self._partner(name="Khác", ref="RETURNED")
        self.assertFalse(self._requests_of(partner | created))
        binding.active = True
        self.assertTrue(binding.automation_id.active)
        partner.write({"ref": "OPEN"})
        partner.write({"ref": "RETURNED"})
        self.assertEqual(len(self._requests_of(partner)), 1)

    def test_unlink_removes_automation(self):
        binding = self._create_binding()
        automation = binding.automation_id
        binding.unlink()
        self.assertFalse(automation.exists())
        partner = self._partner(ref="RETURNED")
        self.assertFalse(self._requests_of(partner))

    def test_change_domain(self):
        binding = self._create_binding()
        binding.returned_domain = "[('ref', '=', 'DONE')]"
        partner = self._partner(ref="RETURNED")
        self.assertFalse(self._requests_of(partner))
        partner.ref = "DONE"
        self.assertEqual(len(self._requests_of(partner)), 1)

    @mute_logger("odoo.models")
    def test_invalid_domain(self):
        for domain in (
            "[('no_such_field', '=', 1)]",
            "[('ref', '=', ",
            "'not a domain'",
        ):
            with self.assertRaises(ValidationError, msg=domain) as catcher:
                self._create_binding(returned_domain=domain)
            message = str(catcher.exception)
            self.assertRegex(message, "not valid|không hợp lệ")
            self.assertIn(domain, message, "the message quotes the condition")
        binding = self._create_binding()
        with self.assertRaises(ValidationError):
            binding.returned_domain = "[('no_such_field', '=', 1)]"

    def test_field_of_another_model(self):
        employee_name = self.env["ir.model.fields"]._get("hr.employee", "name")
        with self.assertRaises(ValidationError) as catcher:
            self._create_binding(citizen_name_field_id=employee_name.id)
        self.assertIn(employee_name.field_description, str(catcher.exception))
        binding = self._create_binding()
        with self.assertRaises(ValidationError):
            binding.officer_field_id = self.env["ir.model.fields"]._get(
                "satisfaction.dossier", "officer_ids"
            )
        # changing the model leaves the old fields behind: refused too
        with self.assertRaises(ValidationError):
            binding.model_id = self.env["ir.model"]._get("satisfaction.dossier")

    def test_contact_from_partner_field(self):
        """Without citizen fields, name, phone and e-mail come from a contact field."""
        self.env["res.lang"]._activate_lang("en_US")
        company = self.env["res.partner"].create(
            {
                "name": "Công ty TNHH Dân Việt",
                "is_company": True,
                "phone": "0243 123 4567",
                "email": "lienhe@danviet.example.com",
                "lang": "en_US",
            }
        )
        self._create_binding(
            citizen_name_field_id=False,
            citizen_phone_field_id=False,
            citizen_email_field_id=False,
            partner_field_id=self.partner_fields["parent_id"].id,
        )
        partner = self.env["res.partner"].create(
            {
                "name": "Nhân viên",
                "parent_id": company.id,
                "ref": "RETURNED",
                "user_id": self.user_officer_a.id,
            }
        )
        request = self._requests_of(partner)
        self.assertEqual(request.citizen_name, "Công ty TNHH Dân Việt")
        self.assertEqual(request.citizen_phone, "0243 123 4567")
        self.assertEqual(request.citizen_email, "lienhe@danviet.example.com")
        self.assertEqual(request.lang, "en_US", "the contact's language")
        self.assertEqual(request.channel, "email", "no SMS to a landline")

    def test_employee_officer_field(self):
        """Bind the module's own dossier model another way.

        Employees as officers, and unit and procedure fields.
        """
        dossier_model = self.env["ir.model"]._get("satisfaction.dossier")
        fields_ = self.env["ir.model.fields"]
        # returned dossiers of the register already have a request: bind "ready"
        binding = self.env["satisfaction.binding"].create(
            {
                "name": "Dossiers ready",
                "model_id": dossier_model.id,
                "returned_domain": "[('state', '=', 'ready')]",
                "reference_field_id": fields_._get("satisfaction.dossier", "code").id,
                "officer_field_id": fields_._get(
                    "satisfaction.dossier", "officer_ids"
                ).id,
                "unit_field_id": fields_._get("satisfaction.dossier", "unit_id").id,
                "procedure_field_id": fields_._get(
                    "satisfaction.dossier", "procedure_id"
                ).id,
            }
        )
        self.assertTrue(binding.automation_id)
        dossier = self._create_dossiers(1, self.unit_b)
        dossier.action_ready()
        request = self._requests_of(dossier)
        self.assertEqual(len(request), 1)
        self.assertEqual(request.unit_id, self.unit_b)
        self.assertEqual(request.officer_ids, self.officer_b1)
        self.assertEqual(request.procedure_id, self.procedure_birth)
        self.assertEqual(request.dossier_ref, dossier.code)
        # the built-in rule then finds the request already there
        dossier.action_return()
        self.assertEqual(self._requests_of(dossier), request)
