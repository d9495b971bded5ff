from odoo import api, fields, models
from odoo.exceptions import ValidationError

QUOTA_SCOPES = [("unit", "Unit"), ("officer", "Officer")]
QUOTA_PERIODS = [("month", "Month"), ("year", "Year")]


class SatisfactionQuota(models.Model):
    """Minimum number of ratings a unit or an officer should receive per period.

    A quota without unit and officer is the default of its scope and period.
    Overrides: a unit quota for one unit; an officer quota for one officer, or
    for all officers of one unit. The most specific active quota applies
    (officer, then unit, then default); it is resolved in SQL by
    ``satisfaction.quota.report``. Defaults shipped as data follow a ward's
    published quotas (25 / 20 a month, 250 / 100 a year, see
    /work/shared/methodology.md §4) and stay editable.
    """

    _name = "satisfaction.quota"
    _description = "Rating Quota"
    _inherit = ["mail.thread"]
    _order = "scope, period, officer_id nulls first, unit_id nulls first, id"

    active = fields.Boolean(default=True, tracking=True)
    scope = fields.Selection(QUOTA_SCOPES, required=True, default="unit", tracking=True)
    period = fields.Selection(
        QUOTA_PERIODS, required=True, default="month", tracking=True
    )
    minimum_ratings = fields.Integer(
        required=True,
        tracking=True,
        help=(
            "Ratings to receive in each period. For an officer, a rating is a "
            "response that rates them on at least one officer criterion."
        ),
    )
    unit_id = fields.Many2one(
        "hr.department",
        index=True,
        tracking=True,
        help=(
            "Empty: applies to every unit (or, for officer quotas, to the officers of "
            "every unit)."
        ),
    )
    officer_id = fields.Many2one(
        "hr.employee",
        index=True,
        tracking=True,
        help=(
            "Officer quotas only. Empty: applies to every officer (of the unit, if "
            "set)."
        ),
    )
    note = fields.Text(tracking=True)

    @api.depends(
        "scope", "period", "minimum_ratings", "unit_id.name", "officer_id.name"
    )
    def _compute_display_name(self):
        scopes = dict(self._fields["scope"]._description_selection(self.env))
        periods = dict(self._fields["period"]._description_selection(self.env))
        for quota in self:
            if quota.officer_id:
                target = quota.officer_id.name
            elif quota.unit_id and quota.scope == "officer":
                target = self.env._("officers of %(unit)s", unit=quota.unit_id.name)
            else:
                target = quota.unit_id.name or self.env._("default")
            quota.display_name = "%s / %s: %s (%s)" % (
                scopes.get(quota.scope, ""),
                periods.get(quota.period, ""),
                quota.minimum_ratings or 0,
                target,
            )

    @api.constrains("minimum_ratings")
    def _check_minimum(self):
        if any(quota.minimum_ratings < 0 for quota in self):
            raise ValidationError(self.env._("A quota cannot be negative."))

    @api.constrains("scope", "officer_id")
    def _check_officer_scope(self):
        if any(quota.scope == "unit" and quota.officer_id for quota in self):
            raise ValidationError(self.env._("A unit quota cannot name an officer."))

    @api.constrains("active", "scope", "period", "unit_id", "officer_id")
    def _check_unique(self):
        for quota in self.filtered("active"):
            duplicate = self.search_count(
                [
                    ("id", "!=", quota.id),
                    ("scope", "=", quota.scope),
                    ("period", "=", quota.period),
                    ("unit_id", "=", quota.unit_id.id),
                    ("officer_id", "=", quota.officer_id.id),
                ],
                limit=1,
            )
            if duplicate:
                raise ValidationError(
                    self.env._(
                        "There is already an active quota for %(quota)s: edit it "
                        "instead of adding another.",
                        quota=quota.display_name,
                    )
                )

    @api.onchange("scope")
    def _onchange_scope(self):
        if self.scope == "unit":
            self.officer_id = False
