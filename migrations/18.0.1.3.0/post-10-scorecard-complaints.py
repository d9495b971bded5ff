"""18.0.1.3.0: scorecard lines computed before the scorecard counted
complaints and petitions (PAKN) get their PAKN counts, 5.2, 5.3, the 5.4
computed with them and the QĐ 766 group's points; their other figures are
kept (a published scorecard stays as published)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["satisfaction.scorecard.line"]._fill_missing_pakn_counts()
