from datetime import date, timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..satisfaction_survey import qd766 as qd766_group
from ..satisfaction_survey import scoring
from ..satisfaction_survey.periods import LOCAL_TZ
from .satisfaction_period_stat import UNIT_ROLE_CONTEXT, UNIT_ROLES

PERIOD_TYPES = [("year", "Whole Year"), ("quarter", "Quarter"), ("months", "Months")]
QUARTERS = [("1", "Q1"), ("2", "Q2"), ("3", "Q3"), ("4", "Q4")]


class SatisfactionScorecard(models.Model):
    """CCHC satisfaction scorecard of all units for a year (or part of one).

    ``action_compute`` reads the units' summed counts for the period in one
    grouped query on ``satisfaction.unit.period.report``, turns them into
    figures and points with the pure core (``scoring``) and the active
    ``satisfaction.cchc.rule`` records, ranks the units and compares them
    with the year's target. A published scorecard is frozen: its lines keep
    the figures and points of the day it was computed, whatever later
    changes to the rules or the answers.
    """

    _name = "satisfaction.scorecard"
    _description = "CCHC Satisfaction Scorecard"
    _inherit = ["mail.thread"]
    _order = "year desc, date_from desc, id desc"

    name = fields.Char(compute="_compute_name", store=True, readonly=False)
    year = fields.Integer(
        required=True,
        default=lambda self: fields.Date.context_today(self).year,
        tracking=True,
    )
    period_type = fields.Selection(
        PERIOD_TYPES, string="Period", required=True, default="year", tracking=True
    )
    quarter = fields.Selection(QUARTERS, default="1", tracking=True)
    month_from = fields.Integer(string="From Month", default=1, tracking=True)
    month_to = fields.Integer(string="To Month", default=12, tracking=True)
    date_from = fields.Date(compute="_compute_dates", store=True, string="Start")
    date_to = fields.Date(compute="_compute_dates", store=True, string="End")
    unit_ids = fields.Many2many(
        "hr.department",
        string="Units",
        help=(
            "Units to score; empty: every unit with dossiers or ratings in the "
            "period. A listed unit without any is scored too (0 points, 'no answers')."
        ),
    )
    unit_role = fields.Selection(
        UNIT_ROLES,
        string="Units Scored",
        required=True,
        default="receiving",
        tracking=True,
        help="Score the units that received the dossiers (the centres and "
        "reception points), or the agencies competent to decide them.",
    )
    minimum_answers = fields.Integer(
        string="Minimum Ratings",
        default=lambda self: self.env["satisfaction.index.report"]._minimum_answers(),
        tracking=True,
        help=(
            "Below this number of ratings a unit's index is marked 'not enough "
            "answers' and cannot meet the target."
        ),
    )
    state = fields.Selection(
        [("draft", "Draft"), ("published", "Published")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    line_ids = fields.One2many(
        "satisfaction.scorecard.line", "scorecard_id", string="Unit Scores", copy=False
    )
    line_count = fields.Integer(compute="_compute_line_count")
    target_index = fields.Float(
        string="Target (%)", digits=(5, 2), readonly=True, copy=False
    )
    date_computed = fields.Datetime(string="Computed On", readonly=True, copy=False)
    date_published = fields.Datetime(
        string="Published On", readonly=True, copy=False, tracking=True
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, required=True
    )

    _sql_constraints = [
        (
            "year_range",
            "CHECK(year >= 1900 AND year <= 2100)",
            "The year must be between 1900 and 2100.",
        ),
    ]

    # ------------------------------------------------------------
    # COMPUTES / CONSTRAINTS
    # ------------------------------------------------------------

    @api.depends("year", "period_type", "quarter", "month_from", "month_to")
    def _compute_name(self):
        for card in self:
            if card.period_type == "quarter":
                period = "Q%s/%s" % (card.quarter, card.year)
            elif card.period_type == "months":
                period = "%02d-%02d/%s" % (
                    card.month_from or 1,
                    card.month_to or 12,
                    card.year,
                )
            else:
                period = str(card.year)
            card.name = self.env._("CCHC satisfaction scorecard %s", period)

    @api.depends("year", "period_type", "quarter", "month_from", "month_to")
    def _compute_dates(self):
        for card in self:
            first, last = card._period_months()
            if not card.year or not 1 <= first <= last <= 12:
                card.date_from = card.date_to = False
                continue
            card.date_from = date(card.year, first, 1)
            # the last day of the period: month rows are first days, so month <= date_to
            # selects them
            after = (
                date(card.year + 1, 1, 1)
                if last == 12
                else date(card.year, last + 1, 1)
            )
            card.date_to = after - timedelta(days=1)

    def _period_months(self):
        self.ensure_one()
        if self.period_type == "quarter":
            quarter = int(self.quarter or 1)
            return 3 * quarter - 2, 3 * quarter
        if self.period_type == "months":
            return self.month_from, self.month_to
        return 1, 12

    @api.depends("line_ids")
    def _compute_line_count(self):
        for card in self:
            card.line_count = len(card.line_ids)

    @api.constrains("period_type", "month_from", "month_to", "quarter")
    def _check_period(self):
        for card in self:
            if (
                card.period_type == "months"
                and not 1 <= card.month_from <= card.month_to <= 12
            ):
                raise ValidationError(
                    self.env._(
                        "Months run from 1 to 12, the first one before the last one."
                    )
                )
            if card.period_type == "quarter" and not card.quarter:
                raise ValidationError(self.env._("Choose the quarter."))

    def write(self, vals):
        frozen = set(vals) - {"state", "date_published", "message_main_attachment_id"}
        if frozen and any(card.state == "published" for card in self):
            raise UserError(
                self.env._(
                    "A published scorecard cannot be changed: set it back to draft "
                    "first."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_published(self):
        if any(card.state == "published" for card in self):
            raise UserError(self.env._("A published scorecard cannot be deleted."))

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_compute(self):
        """Fill the lines: one grouped query for all units, then the core.

        Whoever may change the scorecard (a reviewer, an administrator) may
        compute it; the lines are read-only for everyone, so they are written
        as superuser once that right is checked.
        """
        self.check_access("write")
        rules = self.env["satisfaction.cchc.rule"].search([])
        Target = self.env["satisfaction.target"]
        for card in self:
            Report = self.env["satisfaction.unit.period.report"].with_context(
                **{UNIT_ROLE_CONTEXT: card.unit_role}
            )
            if card.state != "draft":
                raise UserError(self.env._("Only a draft scorecard can be computed."))
            domain = [
                ("month", ">=", card.date_from),
                ("month", "<=", card.date_to),
                ("unit_id", "!=", False),
            ]
            if card.unit_ids:
                domain.append(("unit_id", "in", card.unit_ids.ids))
            counts_by_unit = Report._unit_counts(domain)
            for unit in card.unit_ids:
                counts_by_unit.setdefault(unit, {})
            card._add_pakn_counts(counts_by_unit)
            target = Target._target_for_year(card.year)
            card_sudo = card.sudo()
            card_sudo.line_ids.unlink()
            card_sudo.write(
                {
                    "line_ids": [
                        Command.create(vals)
                        for vals in card._prepare_lines(counts_by_unit, rules, target)
                    ],
                    "target_index": target if target is not None else False,
                    "date_computed": fields.Datetime.now(),
                }
            )
        return True

    def _add_pakn_counts(self, counts_by_unit):
        """Add the QĐ 766 5.2 and 5.3 counts of complaints and petitions, and
        5.4's dossiers with a PAKN not rated dissatisfied, to the units'
        counts; a unit with PAKN only is scored too."""
        self.ensure_one()
        # read by competent agency, a PAKN about a dossier counts for the
        # agency that decided it (QĐ 766 5.2, 5.3, 5.4)
        Pakn = (
            self.env["satisfaction.pakn"]
            .sudo()
            .with_company(self.company_id)
            .with_context(**{UNIT_ROLE_CONTEXT: self.unit_role})
        )
        unit_ids = self.unit_ids.ids or None
        pakn = Pakn._qd766_counts(self.date_from, self.date_to, unit_ids)
        complained = Pakn._qd766_complained_dossiers(
            self.date_from, self.date_to, unit_ids
        )
        by_id = {unit.id: unit for unit in counts_by_unit}
        Unit = self.env["hr.department"]
        for unit_id, values in pakn.items():
            unit = by_id.get(unit_id) or Unit.browse(unit_id)
            counts_by_unit.setdefault(unit, {}).update(values)
        for unit, counts in counts_by_unit.items():
            counts["pakn_dossier_count"] = complained.get(unit.id, 0)

    def _prepare_lines(self, counts_by_unit, rules, target):
        """Line values of each unit, ranked by total points (ties share a rank)."""
        self.ensure_one()
        vals_list = []
        for unit, counts in counts_by_unit.items():
            vals_list.append(self._prepare_line(unit, counts, rules, target))
        ranks = scoring.rank_competition(
            {i: vals["total_points"] for i, vals in enumerate(vals_list)}
        )
        for i, vals in enumerate(vals_list):
            vals["rank"] = ranks[i]
        return vals_list

    def _prepare_line(self, unit, counts, rules, target):
        def num(value):
            return value if value is not None else False

        count = {
            name: counts.get(name, 0)
            for name in (
                "request_count",
                "answered_count",
                "response_count",
                "answer_count",
                "satisfied_count",
                "dissatisfied_count",
                "overdue_count",
                "flagged_count",
            )
        }
        figure = scoring.aggregate_index(
            [(count["satisfied_count"], count["answer_count"])],
            self.minimum_answers,
            sample=count["response_count"],
        )
        qd766 = scoring.qd766_figure(
            count["request_count"],
            count["answered_count"],
            dissatisfied=count["dissatisfied_count"],
            overdue=count["overdue_count"],
            flagged=count["flagged_count"],
        )
        pakn = {
            name: counts.get(name, 0)
            for name in (
                "pakn_count",
                "pakn_on_time_count",
                "pakn_first_count",
                "pakn_flagged_count",
            )
        }
        # dossiers with a PAKN or rated dissatisfied, each once
        complained = min(
            count["dissatisfied_count"] + counts.get("pakn_dossier_count", 0),
            count["request_count"],
        )
        indicator_52 = qd766_group.pakn_on_time(
            pakn["pakn_on_time_count"], pakn["pakn_count"]
        )
        indicator_53 = qd766_group.pakn_satisfaction(
            pakn["pakn_first_count"], pakn["pakn_flagged_count"]
        )
        indicator_54 = qd766_group.dossier_satisfaction(
            count["request_count"], count["overdue_count"], complained
        )
        points = []
        for rule in rules:
            scored = rule._score(counts)
            points.append(
                Command.create(
                    {
                        "rule_id": rule.id,
                        "sequence": rule.sequence,
                        "name": rule.name,
                        "component": rule.component,
                        "value": num(scored.value),
                        "has_value": scored.value is not None,
                        "sample": scored.sample,
                        "minimum_answers": rule.minimum_answers,
                        "points": scored.points,
                        "max_points": rule.max_points,
                        "flag": scored.flag or "scored",
                    }
                )
            )
        total = sum(command[2]["points"] for command in points)
        meets = bool(figure.enough and target is not None and figure.index >= target)
        return {
            **count,
            "unit_id": unit.id,
            "satisfaction_index": num(figure.index),
            "index_low": num(figure.low),
            "index_high": num(figure.high),
            "enough_answers": figure.enough,
            "officer_index": num(scoring.component_value("officer_index", counts)[0]),
            "overall_index": num(scoring.component_value("overall_index", counts)[0]),
            "weighted_score": num(scoring.component_value("weighted_score", counts)[0]),
            "response_rate": num(qd766.response_rate),
            "qd766_ratio": num(qd766.ratio),
            "qd766_54_ratio": num(indicator_54.ratio),
            "qd766_54_points": indicator_54.points,
            **pakn,
            "complained_count": complained,
            "qd766_52_ratio": num(indicator_52.ratio),
            "qd766_52_points": indicator_52.points,
            "qd766_53_ratio": num(indicator_53.ratio),
            "qd766_53_points": indicator_53.points,
            "qd766_group_points": qd766_group.group_points(
                [indicator_52, indicator_53, indicator_54]
            ),
            "point_ids": points,
            "total_points": total,
            "max_points": sum(rules.mapped("max_points")),
            "target_index": num(target),
            "meets_target": meets,
            "target_gap": num(scoring.change_pp(target, figure.index)),
        }

    def action_publish(self):
        self.check_access("write")
        if any(not card.line_ids for card in self):
            raise UserError(self.env._("Compute the scorecard before publishing it."))
        self.filtered(lambda card: card.state == "draft").write(
            {"state": "published", "date_published": fields.Datetime.now()}
        )
        return True

    def action_draft(self):
        self.check_access("write")
        self.write({"state": "draft", "date_published": False})
        return True

    @api.model
    def _cron_compute_current_year(self):
        """Monthly: compute the current year's draft scorecard (Vietnam's date),
        so that the ranking is never empty."""
        today = fields.Date.context_today(self.with_context(tz=LOCAL_TZ))
        return self._compute_year_draft(today.year)

    @api.model
    def _compute_year_draft(self, year):
        """Compute the whole-year draft scorecard of ``year`` for the current
        company, reusing it when it exists; nothing once the year's scorecard is
        published (the Department of Home Affairs' decision, kept frozen).
        """
        cards = self.search(
            [
                ("year", "=", year),
                ("period_type", "=", "year"),
                ("company_id", "=", self.env.company.id),
            ],
            order="id",
        )
        if any(card.state == "published" for card in cards):
            return self.browse()
        card = cards[:1] or self.create({"year": year, "period_type": "year"})
        card.action_compute()
        return card

    @api.model
    def action_open_ranking(self):
        """The ranking of the latest scorecard the user may read (menu Ranking of
        Units); the filter on it can be removed to see every scorecard."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "satisfaction_survey.satisfaction_scorecard_line_action"
        )
        card = self.search([], order="date_to desc, date_from, id desc", limit=1)
        if card:
            action["context"] = {"search_default_scorecard_id": card.id}
        return action

    def action_view_ranking(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "satisfaction_survey.satisfaction_scorecard_line_action"
        )
        action["domain"] = [("scorecard_id", "=", self.id)]
        action["context"] = {"default_scorecard_id": self.id}
        action["display_name"] = self.name
        return action
