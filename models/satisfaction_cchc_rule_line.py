from odoo import api, fields, models
from odoo.exceptions import ValidationError


def _number(value):
    """95.0 -> "95", 0.25 -> "0.25"."""
    return ("%.2f" % value).rstrip("0").rstrip(".")


class SatisfactionCchcRuleLine(models.Model):
    """One step of a threshold rule: at least ``min_value`` earns ``points``."""

    _name = "satisfaction.cchc.rule.line"
    _description = "CCHC Scoring Step"
    _order = "rule_id, min_value desc, id"

    rule_id = fields.Many2one(
        "satisfaction.cchc.rule", required=True, ondelete="cascade", index=True
    )
    min_value = fields.Float(string="From (at least)", required=True, digits=(6, 2))
    points = fields.Float(required=True, digits=(6, 2))

    _sql_constraints = [
        ("points_positive", "CHECK(points >= 0)", "Points cannot be negative."),
    ]

    @api.constrains("points", "rule_id")
    def _check_points(self):
        for line in self:
            if line.points > line.rule_id.max_points:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: a step gives %(points)s points, above the "
                        "maximum of %(max)s.",
                        rule=line.rule_id.name,
                        points=line.points,
                        max=line.rule_id.max_points,
                    )
                )

    def _describe(self):
        self.ensure_one()
        return self.env._(
            "at least %(value)s: %(points)s points",
            value=_number(self.min_value),
            points=_number(self.points),
        )

    # Steps are part of the rule: their changes are written in the rule's chatter
    # (audit).

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        for line in lines:
            line.rule_id._log_step_change(
                self.env._("Step added: %s", line._describe())
            )
        return lines

    def write(self, vals):
        before = {line.id: line._describe() for line in self}
        result = super().write(vals)
        if {"min_value", "points"} & set(vals):
            for line in self:
                line.rule_id._log_step_change(
                    self.env._(
                        "Step changed: %(before)s → %(after)s",
                        before=before[line.id],
                        after=line._describe(),
                    )
                )
        return result

    def unlink(self):
        for line in self:
            line.rule_id._log_step_change(
                self.env._("Step removed: %s", line._describe())
            )
        return super().unlink()
