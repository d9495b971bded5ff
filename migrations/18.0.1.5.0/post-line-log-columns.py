"""18.0.1.5.0: answers keep no create/write user nor date (the response and
the audit log hold them). The ORM stops reading the four columns but leaves
them in the table: they go with their foreign keys, a change of the catalog
only (no rewrite of the table)."""

from odoo.tools import SQL

TABLE = "satisfaction_response_line"
COLUMNS = ("create_uid", "create_date", "write_uid", "write_date")


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        SQL(
            "ALTER TABLE %s %s",
            SQL.identifier(TABLE),
            SQL(", ").join(
                SQL("DROP COLUMN IF EXISTS %s", SQL.identifier(column))
                for column in COLUMNS
            ),
        )
    )
    # the module's record of the dropped foreign keys, read at uninstall
    cr.execute(
        SQL(
            "DELETE FROM ir_model_constraint WHERE name IN %s",
            tuple(
                "%s_%s_fkey" % (TABLE, column) for column in ("create_uid", "write_uid")
            ),
        )
    )
