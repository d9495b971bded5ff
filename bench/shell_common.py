"""What the ``odoo shell`` bench scripts share: switching the statistics
triggers, the ratings they save, a PostgreSQL backend's CPU.

The scripts are piped into ``odoo shell`` from the repository root and
import this file from ``bench/`` (``BENCH_DIR`` otherwise).
"""

import os

# the tables whose user triggers are the statistics'
STAT_TABLES = (
    "satisfaction_response_line",
    "satisfaction_response",
    "satisfaction_request",
    "hr_employee_satisfaction_request_rel",
    "satisfaction_dossier",
    "satisfaction_criterion",
)

TICK = os.sysconf("SC_CLK_TCK")


def set_stat_triggers(cr, enabled):
    """Enable or disable the statistics triggers (in ``cr``'s transaction)."""
    for table in STAT_TABLES:
        cr.execute(
            'ALTER TABLE "%s" %s TRIGGER USER'  # noqa: SQL102  (constant names)
            % (table, "ENABLE" if enabled else "DISABLE")
        )


def unanswered_requests(cr, limit):
    """Ids of ``limit`` unanswered requests of the unit with the most, newest first."""
    cr.execute(
        """
        SELECT request.id FROM satisfaction_request request
         WHERE NOT EXISTS (SELECT 1 FROM satisfaction_response r
                            WHERE r.request_id = request.id)
           AND request.unit_id = (SELECT unit_id FROM satisfaction_request
                                   GROUP BY 1 ORDER BY count(*) DESC LIMIT 1)
      ORDER BY request.id DESC LIMIT %s
        """,
        [limit],
    )
    return [row[0] for row in cr.fetchall()]


def rating_forms(env, request_ids):
    """{request id: its page's form}: every scale question at 4, the overall
    one at 5, or at 2 (dissatisfied) for one request in five."""
    overall_ids = set(
        env["satisfaction.criterion"].search([("is_overall", "=", True)]).ids
    )
    forms = {}
    for index, request in enumerate(env["satisfaction.request"].browse(request_ids)):
        low = index % 5 == 4
        forms[request.id] = {
            item["key"]: ("2" if low else "5")
            if item["criterion"].id in overall_ids
            else "4"
            for item in request._question_items()
            if item["criterion"].question_type == "scale"
        }
    return forms


def backend_cpu(pid):
    """CPU seconds used so far by the PostgreSQL backend ``pid`` (on this
    machine): steadier than wall time on a shared machine."""
    with open("/proc/%d/stat" % pid, encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK
