from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..satisfaction_survey import unit_codes

LEADER_GROUP = "satisfaction_survey.group_satisfaction_leader"
MANAGER_GROUP = "satisfaction_survey.group_satisfaction_manager"
# One-stop units of the two-level local government (NĐ 118/2025 Điều 7, 10)
# and the agencies that decide the dossiers they receive.
UNIT_TYPES = [
    ("provincial_centre", "Provincial Public Administration Service Centre"),
    ("single_tier_centre", "Single-Tier Public Administration Service Centre"),
    ("centre_branch", "Branch of the Single-Tier Centre"),
    ("commune_centre", "Commune Public Administration Service Centre"),
    ("reception_point", "Reception Point"),
    ("competent_agency", "Competent Agency"),
    ("vertical_agency", "Vertical Agency"),
]


class HrDepartment(models.Model):
    """Units (one-stop offices) and who answers for their low ratings."""

    _name = "hr.department"
    _inherit = ["hr.department", "satisfaction.page.layout.mixin"]
    _satisfaction_page_fields = frozenset({"name"})

    satisfaction_has_leader = fields.Boolean(
        string="Has a Unit Leader",
        compute="_compute_satisfaction_has_leader",
        search="_search_satisfaction_has_leader",
        help=(
            "A unit leader follows up the unit's low ratings: the unit's manager "
            "or an employee of the unit (or of a parent unit) who is a unit "
            "leader. Without one, the administrators do."
        ),
    )
    satisfaction_unit_type = fields.Selection(
        UNIT_TYPES,
        string="One-Stop Unit Type",
        index=True,
        help=(
            "Where the unit stands in the two-level local government: a public "
            "administration service centre (provincial, single-tier with its "
            "branches, commune), a reception point, an agency competent to decide "
            "dossiers, or an agency organised vertically (police, tax, social "
            "insurance) working in the centres."
        ),
    )
    satisfaction_unit_code = fields.Char(
        string="National Unit Code",
        copy=False,
        help=(
            "The unit's electronic identifier (QĐ 20/2020/QĐ-TTg), as the national "
            "portal knows it, e.g. 000.00.15.H29. Unique within a company."
        ),
    )
    satisfaction_open_followup_count = fields.Integer(
        string="Open Follow-ups",
        compute="_compute_satisfaction_open_followup_count",
        help="Open low rating follow-ups of the unit.",
    )

    _sql_constraints = [
        (
            "satisfaction_unit_code_unique",
            "unique(company_id, satisfaction_unit_code)",
            "Another unit of the company has this national unit code.",
        ),
    ]

    # ------------------------------------------------------------
    # NATIONAL UNIT CODE
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._normalize_satisfaction_unit_code(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._normalize_satisfaction_unit_code(vals)
        return super().write(vals)

    @api.model
    def _normalize_satisfaction_unit_code(self, vals):
        if "satisfaction_unit_code" in vals:
            vals["satisfaction_unit_code"] = (
                unit_codes.normalize_unit_code(vals["satisfaction_unit_code"]) or False
            )

    @api.constrains("satisfaction_unit_code")
    def _check_satisfaction_unit_code(self):
        for department in self:
            code = department.satisfaction_unit_code
            if code and not unit_codes.is_valid_unit_code(code):
                raise ValidationError(
                    self.env._(
                        "The national unit code %(code)s of %(unit)s is not valid: "
                        "four levels separated by dots, the last a capital letter "
                        "and two digits, e.g. %(example)s.",
                        code=code,
                        unit=department.display_name,
                        example=unit_codes.UNIT_CODE_EXAMPLE,
                    )
                )

    # ------------------------------------------------------------
    # LEADERS
    # ------------------------------------------------------------

    @api.model
    def _satisfaction_leader_users(self):
        leader_group = self.env.ref(LEADER_GROUP)
        return leader_group.sudo().users.filtered(lambda u: u.active and not u.share)

    @api.model
    def _satisfaction_units_with_leader(self):
        """Ids of every unit that has a unit leader, itself or through a parent
        unit (a few queries for all units)."""
        leaders = self._satisfaction_leader_users()
        Department = self.sudo().with_context(active_test=False)
        own = set(
            Department.search([("manager_id.user_id", "in", leaders.ids)]).ids
        ) | {
            department.id
            for (department,) in self.env["hr.employee"]
            .sudo()
            ._read_group(
                [("user_id", "in", leaders.ids), ("department_id", "!=", False)],
                ["department_id"],
            )
        }
        if not own:
            return set()
        return set(Department.search([("id", "child_of", list(own))]).ids)

    def _compute_satisfaction_has_leader(self):
        covered = self._satisfaction_units_with_leader()
        for department in self:
            department.satisfaction_has_leader = department.id in covered

    def _search_satisfaction_has_leader(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        positive = (operator == "=") == bool(value)
        ids = list(self._satisfaction_units_with_leader())
        return [("id", "in" if positive else "not in", ids)]

    def _compute_satisfaction_open_followup_count(self):
        groups = (
            self.env["satisfaction.followup"]
            .sudo()
            ._read_group(
                [("unit_id", "in", self.ids), ("state", "=", "open")],
                ["unit_id"],
                ["__count"],
            )
        )
        counts = {unit.id: count for unit, count in groups}
        for department in self:
            department.satisfaction_open_followup_count = counts.get(department.id, 0)

    def _satisfaction_leader(self, exclude_users=None):
        """The leader who follows up a low rating of this unit.

        The unit's manager (hr.department.manager_id) if their user is a unit
        leader, else the first unit leader working in the unit; if there is
        none, the same search in the parent units. Users in ``exclude_users``
        (the rated officers) are skipped, so a leader never follows up a
        rating of themselves.
        """
        exclude_users = exclude_users or self.env["res.users"]
        leaders = self._satisfaction_leader_users() - exclude_users
        department = self.sudo()[:1]
        while department:
            manager_user = department.manager_id.user_id
            if manager_user in leaders:
                return manager_user
            unit_leaders = (
                self.env["hr.employee"]
                .sudo()
                .search(
                    [
                        ("department_id", "=", department.id),
                        ("user_id", "in", leaders.ids),
                    ],
                    order="id",
                )
                .user_id
            )
            if unit_leaders:
                return unit_leaders[0]
            department = department.parent_id
        return self.env["res.users"]

    def _satisfaction_owner(self, exclude_users=None):
        """Who answers for a low rating (later: a complaint) of this unit:
        ``(user, kind)``, kind "leader" or "administrator".

        The unit's leader (``_satisfaction_leader``); when the unit has none
        (or no unit is known), the module's first administrator, so that
        nothing is left without an owner.
        """
        exclude_users = exclude_users or self.env["res.users"]
        leader = self._satisfaction_leader(exclude_users) if self else None
        if leader:
            return leader, "leader"
        administrators = (
            self.env.ref(MANAGER_GROUP)
            .sudo()
            .users.filtered(lambda u: u.active and not u.share)
            - exclude_users
        ).sorted("id")
        return administrators[:1], "administrator"
