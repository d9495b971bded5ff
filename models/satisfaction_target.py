from odoo import api, fields, models

from ..satisfaction_survey import scoring


class SatisfactionTarget(models.Model):
    """The satisfaction index a province aims at for a year (CCHC plan).

    Defaults shipped as data: 90 % in 2025 and 95 % in 2030 (a province's
    plan, see /work/shared/methodology.md §4). A year without its own row
    is interpolated between the set years (``scoring.target_for_year``, and
    the same rule in SQL in ``satisfaction.unit.period.report``); add a row
    to override it.
    """

    _name = "satisfaction.target"
    _description = "Satisfaction Target"
    _inherit = ["mail.thread"]
    _order = "year"
    _rec_name = "year"

    year = fields.Integer(required=True, tracking=True)
    target_index = fields.Float(
        string="Target Index (%)",
        required=True,
        digits=(5, 2),
        tracking=True,
        help=(
            "Minimum satisfaction index (share of 'Satisfied' and 'Very satisfied' "
            "answers) aimed at for the year."
        ),
    )
    note = fields.Text(
        tracking=True,
        help="Source of the target, e.g. the provincial plan's reference.",
    )

    _sql_constraints = [
        ("year_unique", "unique(year)", "A year has only one target."),
        (
            "target_range",
            "CHECK(target_index >= 0 AND target_index <= 100)",
            "A target is between 0 and 100 %.",
        ),
        (
            "year_range",
            "CHECK(year >= 1900 AND year <= 2100)",
            "The year must be between 1900 and 2100.",
        ),
    ]

    @api.depends("year", "target_index")
    def _compute_display_name(self):
        for target in self:
            target.display_name = "%s: %.2f %%" % (target.year, target.target_index)

    @api.model
    def _target_for_year(self, year):
        """The target of ``year`` (interpolated between set years), or None."""
        targets = {t.year: t.target_index for t in self.sudo().search([])}
        return scoring.target_for_year(year, targets)
