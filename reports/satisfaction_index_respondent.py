from odoo import fields, models
from odoo.tools import SQL

from ..models.satisfaction_request import CHANNELS
from ..stats_engine.dimensions import ASSISTED_CHANNELS
from .satisfaction_index_report import CHANNEL_MODES


class SatisfactionIndexRespondent(models.Model):
    """Each scale answer with the response it belongs to, under the dimension
    names of ``satisfaction.index.report``.

    A group of the index report counts its answers; how many people gave them
    (distinct responses) cannot be summed from pre-aggregated rows. The
    small-group protection counts them here, in the group's own domain, for
    the users it applies to (their own unit's figures only). Read with sudo;
    nobody browses it.
    """

    _name = "satisfaction.index.respondent"
    _description = "Satisfaction Answers by Respondent"
    _auto = False

    month = fields.Date(readonly=True)
    questionnaire_id = fields.Many2one("satisfaction.questionnaire", readonly=True)
    element_id = fields.Many2one("satisfaction.element", readonly=True)
    criterion_id = fields.Many2one("satisfaction.criterion", readonly=True)
    is_overall = fields.Boolean(string="Overall Question", readonly=True)
    is_officer_criterion = fields.Boolean(string="Officer Criterion", readonly=True)
    officer_id = fields.Many2one("hr.employee", readonly=True)
    unit_id = fields.Many2one("hr.department", string="Receiving Unit", readonly=True)
    competent_unit_id = fields.Many2one(
        "hr.department", string="Competent Agency", readonly=True
    )
    procedure_id = fields.Many2one("satisfaction.procedure", readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    channel_mode = fields.Selection(
        CHANNEL_MODES, string="Self-Service / Assisted", readonly=True
    )
    company_id = fields.Many2one("res.company", readonly=True)
    response_id = fields.Many2one("satisfaction.response", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT line.id, %(month)s AS month, response.questionnaire_id,
                   line.element_id, line.criterion_id, criterion.is_overall,
                   criterion.is_officer_criterion, line.officer_id,
                   response.unit_id, response.competent_unit_id,
                   response.procedure_id, response.channel,
                   CASE WHEN response.channel IN %(assisted)s
                        THEN 'assisted' ELSE 'self' END AS channel_mode,
                   response.company_id, line.response_id
              FROM satisfaction_response_line line
              JOIN satisfaction_response response ON response.id = line.response_id
         LEFT JOIN satisfaction_criterion criterion
                ON criterion.id = line.criterion_id
             WHERE line.value > 0
            """,
            month=self.env["satisfaction.stat.engine"]._month_of(SQL("response.date")),
            assisted=ASSISTED_CHANNELS,
        )
