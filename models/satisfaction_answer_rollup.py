from odoo import api, fields, models


class SatisfactionAnswerRollup(models.Model):
    """Coarser roll-ups of ``satisfaction.answer.stat``, for grouped reads.

    At the full grain a province has about 7 million rows of answer counts
    (10 million answers): barely fewer than answers. Pivots and graphs
    mostly group by unit, month, element and criterion, so each *grain*
    keeps a subset of the dimensions (the others are NULL) and is 9 to 100
    times smaller (``stats_engine/dimensions.py``, ``ROLLUPS``); the index
    report reads the smallest grain that holds every field a query uses.
    Rebuilt from the answer statistics, updated from the same journal by
    ``satisfaction.stat.engine._consolidate``.
    """

    _name = "satisfaction.answer.rollup"
    _inherit = ["satisfaction.answer.stat.mixin"]
    _description = "Satisfaction Answer Statistics Roll-up"
    _log_access = False

    grain = fields.Selection(selection="_selection_grain", required=True)
    # kept where the official (self-service) figures are read without the channel
    assisted = fields.Boolean(
        string="Assisted (not in official figures)", readonly=True
    )

    @api.model
    def _selection_grain(self):
        return [
            (grain, grain)
            for grain in self.env["satisfaction.stat.engine"]._rollup_grains()
        ]
