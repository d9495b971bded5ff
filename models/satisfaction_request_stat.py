from odoo import fields, models


class SatisfactionRequestStat(models.Model):
    """What each rating request contributes to the dossier counts, kept by triggers.

    One row per ``satisfaction.request``: the receiving unit, the competent
    agency and the local month it was created (the dossier was returned),
    whether it was answered, rated dissatisfied (overall question answered
    but not satisfied) or overdue, and the units and month of its response.
    When a request, its response, its overall answer or its dossier changes,
    the trigger compares the new row with this one and journals the
    difference per unit and month.
    See ``stats_engine/``.
    """

    _name = "satisfaction.request.stat"
    _description = "Satisfaction Statistics per Rating Request"
    _log_access = False

    request_id = fields.Integer(required=True)
    unit_id = fields.Integer()
    competent_unit_id = fields.Integer()
    month = fields.Date()
    answered = fields.Boolean()
    dissatisfied = fields.Boolean()
    late = fields.Boolean()
    # its response was entered by staff or a surveyor
    assisted = fields.Boolean()
    response_unit_id = fields.Integer()
    response_competent_unit_id = fields.Integer()
    response_month = fields.Date()

    _sql_constraints = [
        (
            "request_unique",
            "unique(request_id)",
            "One statistics row per rating request.",
        ),
    ]
