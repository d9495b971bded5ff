from datetime import date

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..satisfaction_survey import periods, scoring


class SatisfactionPeriodCompare(models.TransientModel):
    """Compare the units' satisfaction index over two periods, side by side.

    Periods are counted in whole months (the grain of
    ``satisfaction.unit.period.report``): a period runs from the month of its
    start date to the month of its end date, inclusive. Reads the report
    with the user's rights, so a unit leader compares their own units only.
    """

    _name = "satisfaction.period.compare"
    _description = "Compare Two Periods"

    date_from_a = fields.Date(
        string="Period A From",
        required=True,
        default=lambda self: self._default_dates()[0],
    )
    date_to_a = fields.Date(
        string="Period A To",
        required=True,
        default=lambda self: self._default_dates()[1],
    )
    date_from_b = fields.Date(
        string="Period B From",
        required=True,
        default=lambda self: self._default_dates()[2],
    )
    date_to_b = fields.Date(
        string="Period B To",
        required=True,
        default=lambda self: self._default_dates()[3],
    )
    unit_ids = fields.Many2many(
        "hr.department", string="Units", help="Empty: every unit with answers."
    )
    minimum_answers = fields.Integer(
        string="Minimum Ratings",
        default=lambda self: self.env["satisfaction.index.report"]._minimum_answers(),
    )
    line_ids = fields.One2many(
        "satisfaction.period.compare.line", "wizard_id", string="Results"
    )

    @api.model
    def _default_dates(self):
        """Period B: this year up to today; period A: the same months a year earlier."""
        today = fields.Date.context_today(self)
        start_b = date(today.year, 1, 1)
        last_year = today.year - 1
        end_a = date(
            last_year,
            today.month,
            28 if today.month == 2 and today.day > 28 else today.day,
        )
        return date(last_year, 1, 1), end_a, start_b, today

    def _domain(self, date_from, date_to):
        domain = [
            ("month", ">=", periods.month_start(date_from)),
            ("month", "<=", periods.month_start(date_to)),
            ("unit_id", "!=", False),
        ]
        if self.unit_ids:
            domain.append(("unit_id", "in", self.unit_ids.ids))
        return domain

    def action_compare(self):
        """Fill the lines (one grouped query per period) and show them."""
        self.ensure_one()
        if self.date_from_a > self.date_to_a or self.date_from_b > self.date_to_b:
            raise UserError(self.env._("A period must start before it ends."))
        Report = self.env["satisfaction.unit.period.report"]
        counts_a = Report._unit_counts(self._domain(self.date_from_a, self.date_to_a))
        counts_b = Report._unit_counts(self._domain(self.date_from_b, self.date_to_b))
        units = self.env["hr.department"].union(*counts_a, *counts_b) | self.unit_ids
        lines = []
        for unit in units.sorted(lambda u: (u.complete_name or u.name or "", u.id)):
            lines.append(
                Command.create(
                    self._prepare_line(
                        unit, counts_a.get(unit, {}), counts_b.get(unit, {})
                    )
                )
            )
        self.line_ids = [Command.clear(), *lines]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "Compare %(a_from)s–%(a_to)s with %(b_from)s–%(b_to)s",
                a_from=self.date_from_a.strftime("%m/%Y"),
                a_to=self.date_to_a.strftime("%m/%Y"),
                b_from=self.date_from_b.strftime("%m/%Y"),
                b_to=self.date_to_b.strftime("%m/%Y"),
            ),
            "res_model": "satisfaction.period.compare.line",
            "views": [(False, "list")],
            "domain": [("wizard_id", "=", self.id)],
            "context": {"create": False, "edit": False, "delete": False},
        }

    def _prepare_line(self, unit, counts_a, counts_b):
        def figure(counts):
            return scoring.aggregate_index(
                [(counts.get("satisfied_count", 0), counts.get("answer_count", 0))],
                self.minimum_answers,
                sample=counts.get("response_count", 0),
            )

        def num(value):
            return value if value is not None else False

        a, b = figure(counts_a), figure(counts_b)
        change = scoring.change_pp(a.index, b.index)
        return {
            "unit_id": unit.id,
            "response_count_a": counts_a.get("response_count", 0),
            "answer_count_a": a.answers,
            "index_a": num(a.index),
            "low_a": num(a.low),
            "high_a": num(a.high),
            "enough_a": a.enough,
            "response_count_b": counts_b.get("response_count", 0),
            "answer_count_b": b.answers,
            "index_b": num(b.index),
            "low_b": num(b.low),
            "high_b": num(b.high),
            "enough_b": b.enough,
            "change": num(change),
            "has_change": change is not None,
        }
