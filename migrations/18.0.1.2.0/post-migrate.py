"""18.0.1.2.0: the statistics engine is the model ``satisfaction.stat.engine``.

The consolidation cron is ``noupdate`` data: its target is moved here.
The engine's ``init`` has already reinstalled the functions and rebuilt the
statistics (its definition digest differs).
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    cron = env.ref(
        "satisfaction_survey.ir_cron_satisfaction_stat_consolidate",
        raise_if_not_found=False,
    )
    if cron:
        cron.write(
            {
                "model_id": env["ir.model"]._get_id("satisfaction.stat.engine"),
                "code": "model._consolidate()",
            }
        )
