"""18.0.1.1.0: overdue is judged in Vietnam time against the final due moment.

Dossiers returned before the upgrade were judged on UTC dates against their
appointment. Their final due moment (new stored field) and overdue flag are
recomputed with the rule in force; the statistics triggers carry the change
into the overdue counts. Bound models' requests have no lateness recorded
before this version and stay "not late".
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    Dossier = env["satisfaction.dossier"].with_context(active_test=False)
    dossiers = Dossier.search([])
    env.add_to_compute(Dossier._fields["date_due"], dossiers)
    env.add_to_compute(Dossier._fields["is_late"], dossiers)
    env.flush_all()
    _logger.info(
        "satisfaction_survey: due moment and overdue flag recomputed for %s dossiers",
        len(dossiers),
    )
