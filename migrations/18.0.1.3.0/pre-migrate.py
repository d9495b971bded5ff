"""18.0.1.3.0: dossiers, rating requests and responses name the competent
agency beside the receiving unit; on existing rows it is the receiving unit.

Filled before the module loads (not after): the statistics engine's
``init`` rebuilds every statistic with the new definition when the module
loads, and must find the column filled. Plain SQL on a column the ORM then
finds already there: no trigger sees a change, no ORM recompute of millions
of rows.
"""

from odoo.tools import SQL

TABLES = ("satisfaction_dossier", "satisfaction_request", "satisfaction_response")


def migrate(cr, version):
    if not version:
        return
    for table in TABLES:
        cr.execute(
            SQL(
                "ALTER TABLE %s ADD COLUMN IF NOT EXISTS competent_unit_id integer",
                SQL.identifier(table),
            )
        )
        cr.execute(
            SQL(
                "UPDATE %s SET competent_unit_id = unit_id"
                " WHERE competent_unit_id IS NULL AND unit_id IS NOT NULL",
                SQL.identifier(table),
            )
        )
