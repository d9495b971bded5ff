from odoo import models


class SatisfactionAnswerStat(models.Model):
    """Scale answers pre-aggregated at the grain of ``satisfaction.index.report``.

    One row per month × questionnaire × element × criterion × officer × unit
    × procedure × channel × company with the number of answers, of satisfied
    answers and of answers per level. The index of any group is still
    recomputed from summed counts by the core (SIPAS aggregates counts).

    Written only by the PostgreSQL triggers of the statistics engine
    (``stats_engine/``, model ``satisfaction.stat.engine``), which also
    consolidates, rebuilds and checks it.
    """

    _name = "satisfaction.answer.stat"
    _inherit = ["satisfaction.answer.stat.mixin"]
    _description = "Satisfaction Answer Statistics"
    _log_access = False
