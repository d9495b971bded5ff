from odoo.tools import SQL

from .models.satisfaction_rate_limit import COUNTER_TABLE, HIT_FUNCTION


def post_init_hook(env):
    """Vietnamese is the users' language, English the public page's second one.

    Activate both (a database created with --load-language=vi_VN leaves
    en_US inactive) and load this module's Vietnamese terms.
    """
    langs = (
        env["res.lang"]
        .with_context(active_test=False)
        .search([("code", "in", ("vi_VN", "en_US"))])
    )
    langs.filtered(lambda lang: not lang.active).active = True
    if "vi_VN" in langs.mapped("code"):
        env["ir.module.module"]._load_module_terms(
            ["satisfaction_survey"], ["vi_VN"], overwrite=True
        )


def uninstall_hook(env):
    """Drop what no model's table holds: statistics functions, rate-limit
    counters and their function.

    The statistics functions (stats_engine/): their triggers go with the
    module's tables, the functions would stay. The
    counters' table (models/satisfaction_rate_limit.py) belongs to an
    abstract model, whose tables Odoo does not drop.
    """
    env.cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(COUNTER_TABLE)))
    env.cr.execute(SQL("DROP FUNCTION IF EXISTS %s", SQL.identifier(HIT_FUNCTION)))
    env["satisfaction.stat.engine"]._uninstall()
