from odoo import api, fields, models


class SatisfactionCampaignAnswer(models.Model):
    """One answer a citizen gave a surveyor, on the campaign's questionnaire.

    Kept apart from the counter responses: a dossier already rated at the
    counter is asked again, and the two figures are compared, never mixed.
    """

    _name = "satisfaction.campaign.answer"
    _description = "Answer Given to a Surveyor"
    _order = "call_id, sequence, id"

    call_id = fields.Many2one(
        "satisfaction.campaign.call", required=True, ondelete="cascade", index=True
    )
    stratum_id = fields.Many2one(related="call_id.stratum_id", store=True, index=True)
    sequence = fields.Integer()
    criterion_id = fields.Many2one(
        "satisfaction.criterion", required=True, readonly=True, ondelete="restrict"
    )
    question = fields.Char(related="criterion_id.name")
    scale_id = fields.Many2one(related="call_id.campaign_id.questionnaire_id.scale_id")
    level_id = fields.Many2one(
        "satisfaction.scale.level",
        string="Answer",
        domain="[('scale_id', '=', scale_id)]",
        ondelete="restrict",
    )
    value = fields.Integer(compute="_compute_level", store=True)
    is_satisfied = fields.Boolean(compute="_compute_level", store=True)

    @api.depends("level_id")
    def _compute_level(self):
        for answer in self:
            answer.value = answer.level_id.value
            answer.is_satisfied = answer.level_id.is_satisfied
