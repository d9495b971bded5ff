import math
import secrets
from datetime import timedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..satisfaction_survey import periods, verification

CAMPAIGN_STATES = [("draft", "Draft"), ("running", "Calling"), ("closed", "Closed")]
CAMPAIGN_KINDS = [
    ("independent", "Independent survey"),
    ("recontact", "Re-contact check"),
]
# where a rating can be given without the citizen being checked: re-asked
COUNTER_CHANNELS = ("kiosk", "qr", "staff")


class SatisfactionCampaign(models.Model):
    """An independent verification survey of the dossiers returned in a period.

    The counter figures are checked the way the SIPAS measures (methodology
    §3): a stratified random sample of returned dossiers, one stratum per
    unit, sized by Cochran with the finite-population correction for the
    campaign's margin of error, drawn reproducibly from a stored seed, and
    called by surveyors who do not belong to the unit surveyed. Closing the
    campaign freezes its figures.
    """

    _name = "satisfaction.campaign"
    _description = "Independent Verification Survey"
    _inherit = ["mail.thread"]
    _order = "date_to desc, id desc"

    name = fields.Char(required=True, tracking=True)
    kind = fields.Selection(
        CAMPAIGN_KINDS,
        default="independent",
        required=True,
        tracking=True,
        help="Independent survey: a random sample of returned dossiers answers the "
        "questionnaire. Re-contact check: a share of the ratings given at the kiosk, "
        "by QR at the counter or entered by staff is asked again whether the citizen "
        "rated, and how satisfied they were.",
    )
    recontact_share = fields.Float(
        string="Share Re-contacted (%)",
        default=10.0,
        tracking=True,
        help="Share of each unit's kiosk, QR and staff-entered ratings to ask again.",
    )
    state = fields.Selection(
        CAMPAIGN_STATES, default="draft", required=True, readonly=True, tracking=True
    )
    date_from = fields.Date(
        string="Returned From",
        required=True,
        tracking=True,
        help="First day of the period whose returned dossiers are sampled.",
    )
    date_to = fields.Date(string="Returned To", required=True, tracking=True)
    deadline = fields.Date(tracking=True, help="Calls are to be made by this day.")
    unit_ids = fields.Many2many(
        "hr.department", string="Units", required=True, tracking=True
    )
    questionnaire_id = fields.Many2one(
        "satisfaction.questionnaire",
        required=True,
        domain=[("state", "=", "published")],
        tracking=True,
        help="What the surveyors ask; its scale questions give the campaign's index.",
    )
    margin = fields.Float(
        string="Margin of Error (points)",
        default=5.0,
        required=True,
        tracking=True,
        help="Half-width of the 95 % interval wanted for each unit's index.",
    )
    max_attempts = fields.Integer(
        string="Contact Attempts", default=3, required=True, tracking=True
    )
    retry_hours = fields.Integer(
        string="Hours between Attempts", default=4, required=True
    )
    surveyor_ids = fields.Many2many(
        "res.users",
        string="Surveyors",
        domain=lambda self: [
            (
                "groups_id",
                "in",
                self.env.ref("satisfaction_survey.group_satisfaction_surveyor").ids,
            )
        ],
        tracking=True,
        help="Nobody is given the calls of the unit they belong to.",
    )
    seed = fields.Char(
        readonly=True,
        copy=False,
        help="Drawn once: the same seed and dossiers give the same sample.",
    )
    stratum_ids = fields.One2many(
        "satisfaction.campaign.stratum", "campaign_id", string="Units Surveyed"
    )
    call_ids = fields.One2many("satisfaction.campaign.call", "campaign_id")
    call_count = fields.Integer(compute="_compute_call_count")
    date_closed = fields.Datetime(readonly=True, copy=False)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, required=True
    )

    _sql_constraints = [
        (
            "margin_range",
            "CHECK(margin > 0 AND margin < 50)",
            "The margin of error is between 0 and 50 points.",
        ),
        (
            "share_range",
            "CHECK(recontact_share > 0 AND recontact_share <= 100)",
            "The share re-contacted is between 0 and 100 %.",
        ),
        (
            "attempts_positive",
            "CHECK(max_attempts > 0)",
            "At least one contact attempt.",
        ),
    ]

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for campaign in self:
            if campaign.date_from > campaign.date_to:
                raise ValidationError(_("The period ends before it starts."))

    def _compute_call_count(self):
        groups = self.env["satisfaction.campaign.call"]._read_group(
            [("campaign_id", "in", self.ids)], ["campaign_id"], ["__count"]
        )
        counts = {campaign.id: count for campaign, count in groups}
        for campaign in self:
            campaign.call_count = counts.get(campaign.id, 0)

    def _period_utc(self):
        """The period as UTC datetimes [start, end): days are Vietnam's."""
        self.ensure_one()
        return (
            periods.local_midnight_utc(self.date_from),
            periods.local_midnight_utc(self.date_to + timedelta(days=1)),
        )

    def _eligible_domain(self, unit):
        """Returned dossiers of ``unit`` in the period that can be called; for a
        re-contact check, those rated at the counter (kiosk, QR, staff)."""
        start, end = self._period_utc()
        domain = [
            ("unit_id", "=", unit.id),
            ("create_date", ">=", start),
            ("create_date", "<", end),
            ("state", "!=", "cancelled"),
            ("citizen_phone", "!=", False),
            ("company_id", "=", self.company_id.id),
        ]
        if self.kind == "recontact":
            domain.append(("response_ids.channel", "in", COUNTER_CHANNELS))
        return domain

    def _sample_sizes(self, populations):
        """{unit: size}: Cochran per unit, or the share for a re-contact check."""
        self.ensure_one()
        if self.kind == "recontact":
            return {
                unit: math.ceil(size * self.recontact_share / 100 - 1e-9)
                for unit, size in populations.items()
            }
        return verification.stratum_sample_sizes(populations, margin=self.margin / 100)

    def _surveyors_for(self, unit):
        """Surveyors who do not belong to ``unit`` (nor to a unit under it)."""
        self.ensure_one()
        return self.surveyor_ids.filtered(
            lambda user: (
                not user.sudo().employee_ids.department_id.filtered(
                    lambda dept: (
                        dept == unit or dept.parent_path.startswith(unit.parent_path)
                    )
                )
            )
        )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_draw(self):
        """Draw the sample of every unit and share its calls among the surveyors."""
        self.check_access("write")
        Request = self.env["satisfaction.request"].sudo()
        for campaign in self.sudo():
            if campaign.state != "draft":
                raise UserError(_("The sample of a campaign is drawn once."))
            for unit in campaign.unit_ids:
                if not campaign._surveyors_for(unit):
                    raise UserError(
                        _(
                            "No surveyor outside %(unit)s: add a surveyor who does "
                            "not belong to it.",
                            unit=unit.display_name,
                        )
                    )
            seed = campaign.seed or secrets.token_hex(16)
            populations = {
                unit: Request.search(campaign._eligible_domain(unit)).ids
                for unit in campaign.unit_ids
            }
            sizes = campaign._sample_sizes(
                {unit: len(ids) for unit, ids in populations.items()}
            )
            strata = []
            drawn_by_unit = {
                unit: verification.draw_sample(ids, sizes[unit], f"{seed}:{unit.id}")
                for unit, ids in populations.items()
            }
            counter_facts = campaign._counter_facts(
                [i for drawn in drawn_by_unit.values() for i in drawn]
            )
            for unit, ids in populations.items():
                drawn = drawn_by_unit[unit]
                surveyors = campaign._surveyors_for(unit)
                strata.append(
                    Command.create(
                        {
                            "unit_id": unit.id,
                            "population": len(ids),
                            "sample_size": sizes[unit],
                            "call_ids": [
                                Command.create(
                                    {
                                        "campaign_id": campaign.id,
                                        "request_id": request_id,
                                        "surveyor_id": surveyors[
                                            index % len(surveyors)
                                        ].id,
                                    }
                                    | counter_facts.get(request_id, {})
                                )
                                for index, request_id in enumerate(drawn)
                            ],
                        }
                    )
                )
            campaign.write({"seed": seed, "state": "running", "stratum_ids": strata})
        return True

    def _counter_facts(self, request_ids):
        """{request id: what a re-contact call compares with}: the counter
        rating's channel, the officers it rated and its overall answer (the
        rounded mean of its scale answers when it has no overall question)."""
        if self.kind != "recontact":
            return {}
        facts = {}
        requests = self.env["satisfaction.request"].sudo().browse(request_ids)
        for request in requests:
            response = request.response_ids[:1]
            lines = response.line_ids.filtered("value")
            overall = lines.filtered("criterion_id.is_overall")
            values = (overall or lines).mapped("value")
            facts[request.id] = {
                "counter_channel": response.channel,
                "officer_ids": [Command.set(request.officer_ids.ids)],
                "counter_value": round(sum(values) / len(values)) if values else 0,
            }
        return facts

    def action_close(self):
        """Freeze the figures: later answers or corrections change nothing."""
        self.check_access("write")
        for campaign in self.sudo():
            if campaign.state != "running":
                raise UserError(_("Only a campaign being called can be closed."))
            campaign.stratum_ids._freeze()
            open_calls = campaign.call_ids.filtered(
                lambda call: call.state in ("to_call", "retry")
            )
            open_calls.write({"state": "not_reached"})
            campaign.write({"state": "closed", "date_closed": fields.Datetime.now()})
        return True

    def action_view_calls(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "satisfaction_survey.satisfaction_campaign_call_action"
        )
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {"default_campaign_id": self.id}
        return action
