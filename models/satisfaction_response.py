from odoo import api, fields, models
from odoo.tools.sql import drop_index

from .satisfaction_request import CHANNELS, MANAGER_GROUP


class SatisfactionResponse(models.Model):
    """A citizen's answers to one rating request.

    Holds no contact data: the respondent stays anonymous to whoever reads
    answers, and the link back to the request is visible to unit leaders only.
    """

    _name = "satisfaction.response"
    _description = "Satisfaction Response"
    _order = "date desc, id desc"
    _rec_name = "date"

    # indexed by the unique constraint below (one response per request)
    request_id = fields.Many2one(
        "satisfaction.request",
        required=True,
        ondelete="restrict",
        readonly=True,
        groups=MANAGER_GROUP,
    )
    questionnaire_id = fields.Many2one(
        "satisfaction.questionnaire", required=True, readonly=True, index=True
    )
    questionnaire_version = fields.Integer(
        related="questionnaire_id.version", string="Version"
    )
    channel = fields.Selection(
        CHANNELS, required=True, default="web", readonly=True, index=True
    )
    date = fields.Datetime(
        default=fields.Datetime.now, required=True, readonly=True, index=True
    )
    unit_id = fields.Many2one(
        "hr.department", string="Receiving Unit", readonly=True, index=True
    )
    competent_unit_id = fields.Many2one(
        "hr.department",
        string="Competent Agency",
        compute="_compute_competent_unit_id",
        store=True,
        precompute=True,
        index=True,
    )
    procedure_id = fields.Many2one("satisfaction.procedure", readonly=True, index=True)
    comment = fields.Text(readonly=True)
    low_score_reason = fields.Text(
        string="Reason for a Low Rating",
        readonly=True,
        help=(
            "Asked on the rating page when an answer is below the low-score threshold."
        ),
    )
    low_reason_ids = fields.Many2many(
        "satisfaction.low.reason",
        string="Reasons Ticked",
        readonly=True,
        help="Predefined reasons the citizen ticked after a low rating.",
    )
    line_ids = fields.One2many(
        "satisfaction.response.line", "response_id", string="Answers", readonly=True
    )
    # Metadata for the integrity signals; nothing about the citizen.
    kiosk_id = fields.Many2one(
        "satisfaction.kiosk",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        groups="satisfaction_survey.group_satisfaction_reviewer",
        help="Kiosk device that recorded the rating.",
    )
    seconds_on_page = fields.Integer(
        string="Seconds on the Page",
        readonly=True,
        groups="satisfaction_survey.group_satisfaction_reviewer",
        help="Time between the questionnaire being shown and sent (kiosk).",
    )
    # whether the address matched, never the address itself
    from_office_network = fields.Boolean(
        readonly=True,
        groups="satisfaction_survey.group_satisfaction_reviewer",
        help="Sent through the rating link or the receipt's QR code from one of "
        "the office networks listed in Settings.",
    )
    entered_by_id = fields.Many2one(
        "res.users",
        readonly=True,
        help=(
            "Officer or surveyor who entered answers given on paper, by phone or in "
            "an interview."
        ),
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, required=True
    )
    # A quick answer holds the overall question's line only; the citizen may
    # add the other questions' lines later through the same link, once.
    is_quick = fields.Boolean(
        string="Quick Answer",
        readonly=True,
        help="Sent from the quick page: the overall question first, the other "
        "questions answered afterwards or not at all. The indices count each "
        "answer line of its own criterion.",
    )
    details_date = fields.Datetime(
        string="Details Answered On",
        readonly=True,
        help="When the other questions of a quick answer were answered.",
    )
    satisfied_count = fields.Integer(compute="_compute_counts")
    answer_count = fields.Integer(compute="_compute_counts")

    _sql_constraints = [
        # A database guarantee, not only a Python check: two simultaneous submits leave
        # one response.
        (
            "request_unique",
            "unique(request_id)",
            "This rating request has already been answered.",
        ),
    ]

    def init(self):
        # A plain index on request_id would duplicate the unique constraint's
        # and slow every insert; Odoo never drops an index by itself.
        drop_index(self.env.cr, "satisfaction_response__request_id_index", self._table)

    @api.depends("unit_id")
    def _compute_competent_unit_id(self):
        # the request's at the time of the answer: a response keeps its figures
        for response in self:
            if not response.competent_unit_id:
                response.competent_unit_id = (
                    response.sudo().request_id.competent_unit_id or response.unit_id
                )

    @api.depends("line_ids.is_satisfied", "line_ids.value")
    def _compute_counts(self):
        for response in self:
            scale_lines = response.line_ids.filtered("value")
            response.answer_count = len(scale_lines)
            response.satisfied_count = len(scale_lines.filtered("is_satisfied"))
