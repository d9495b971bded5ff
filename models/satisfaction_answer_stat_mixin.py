from odoo import fields, models


class SatisfactionAnswerStatMixin(models.AbstractModel):
    """The key and counts shared by the answer statistics, their journal and roll-ups.

    Plain integers rather than Many2one: these rows are written by
    PostgreSQL triggers (``stats_engine/``) and only read
    through the report models, which carry the relations.
    """

    _name = "satisfaction.answer.stat.mixin"
    _description = "Satisfaction Answer Statistics Key and Counts"

    month = fields.Date(required=True)
    questionnaire_id = fields.Integer()
    element_id = fields.Integer()
    criterion_id = fields.Integer()
    officer_id = fields.Integer()
    unit_id = fields.Integer()
    competent_unit_id = fields.Integer()
    procedure_id = fields.Integer()
    channel = fields.Char()
    company_id = fields.Integer()
    answer_count = fields.Integer(required=True, default=0)
    satisfied_count = fields.Integer(required=True, default=0)
    level1_count = fields.Integer(required=True, default=0)
    level2_count = fields.Integer(required=True, default=0)
    level3_count = fields.Integer(required=True, default=0)
    level4_count = fields.Integer(required=True, default=0)
    level5_count = fields.Integer(required=True, default=0)
