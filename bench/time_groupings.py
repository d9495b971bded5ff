# ruff: noqa: F821, E501  (``env`` is provided by ``odoo shell``; SQL text)
"""Every reviewer grouping of the index report, each beside the plain SQL ``GROUP BY``; run inside ``odoo shell``.

    python3 -m odoo shell -d ss_bench --addons-path="$ADDONS_PATH" --no-http \
        < bench/time_groupings.py

after ``bench/generate_province.py``. The groupings are those the index
report's views offer (``reports/satisfaction_index_report_views.xml``): each
"Group By" of the search view alone; every pair of the dimensions (unit,
officer, procedure, element, criterion, channel, questionnaire, month), and
self-service / assisted with unit, officer, procedure and criterion (a pivot
row × column, a graph with a second group), the receiving unit with the
competent agency; and the search view's filters
(overall question, officer criteria, self-service) under the groupings they
combine with. Each is read the way the pivot and the graph read a grouping
(``read_group(..., lazy=False)`` with the index and the answers), as a
reviewer user, for a year (``BENCH_YEAR``, default 2025) and for a month
(``BENCH_MONTH``, default June of that year): one warm-up, then
``BENCH_RUNS`` (default 3) runs, median, minimum and maximum. Beside it, in
the same run, the same figures (answers and satisfied answers per group) as
ONE plain SQL ``GROUP BY`` on the raw tables (answers joined to their
responses, and to the criteria for the criterion filters),
``BENCH_SQL_RUNS`` (default ``BENCH_RUNS``) runs, median: the "× SQL"
column is the ratio of the two medians. Beside the ORM's wall time, the CPU
time of this Python process and of its PostgreSQL backend (``/proc``, when
the server runs on this machine) during the ``read_group``, medians:
steadier than wall time on a shared machine. The number of groups and the
total of answers of both must agree, or the line is marked ``MISMATCH``
and the script exits with status 1.

Prints the roll-ups' rows per grain first, then one line per grouping, then
the whole table in Markdown. Environment: ``BENCH_YEAR``, ``BENCH_MONTH``
(``YYYY-MM``), ``BENCH_RUNS``, ``BENCH_PERIODS`` (``year,month``),
``BENCH_ONLY`` (run only the groupings whose label contains one of these
comma-separated words), ``BENCH_JSON`` (also write the figures to this file).

With ``BENCH_RATINGS=N``, then: the cost of the roll-ups per rating. N
unanswered requests of the largest unit are answered through
``_record_answers`` (as the public page does), and the consolidation of their
journal (``satisfaction.stat.engine._consolidate``: the fine grain, every roll-up, the period
statistics) is timed, wall time and the CPU time of the PostgreSQL backend;
``BENCH_RUNS`` times, each rolled back, median (``BENCH_PERIODS=none``:
this only).

Nothing is kept: the bench user and the ratings are rolled back.
"""

import json
import os
import statistics
import sys
import time
from datetime import date
from itertools import combinations

from dateutil.relativedelta import relativedelta

from odoo.tools import SQL

from odoo.addons.satisfaction_survey.satisfaction_survey.periods import LOCAL_TZ
from odoo.addons.satisfaction_survey.stats_engine.dimensions import ASSISTED_CHANNELS

YEAR = int(os.environ.get("BENCH_YEAR", "2025"))
MONTH = date.fromisoformat(os.environ.get("BENCH_MONTH", f"{YEAR}-06") + "-01")
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
SQL_RUNS = int(os.environ.get("BENCH_SQL_RUNS", str(RUNS)))
PERIODS = os.environ.get("BENCH_PERIODS", "year,month").split(",")
RATINGS = int(os.environ.get("BENCH_RATINGS", "0"))
ONLY = [word for word in os.environ.get("BENCH_ONLY", "").split(",") if word]
JSON_OUT = os.environ.get("BENCH_JSON")

cr = env.cr
cr.execute("SELECT pg_backend_pid()")
BACKEND_PID = cr.fetchone()[0]
# the local month of a response, as the statistics count it (stats_engine.dimensions.month_of)
MONTH_SQL = (
    "date_trunc('month', (response.date AT TIME ZONE 'UTC')"
    " AT TIME ZONE 'Asia/Ho_Chi_Minh')::date"
)
# report field (groupby spec) -> (label, SQL expression on the raw tables)
DIMS = {
    "unit_id": ("unit", "response.unit_id"),
    "competent_unit_id": ("competent agency", "response.competent_unit_id"),
    "officer_id": ("officer", "line.officer_id"),
    "procedure_id": ("procedure", "response.procedure_id"),
    "element_id": ("element", "line.element_id"),
    "criterion_id": ("criterion", "line.criterion_id"),
    "channel": ("channel", "response.channel"),
    "channel_mode": (
        "self/assisted",
        "CASE WHEN response.channel IN %(assisted)s THEN 'assisted' ELSE 'self' END",
    ),
    "questionnaire_id": ("questionnaire", "response.questionnaire_id"),
    "month:month": ("month", MONTH_SQL),
    "month:quarter": ("quarter", f"date_trunc('quarter', {MONTH_SQL})"),
    "month:year": ("year", f"date_trunc('year', {MONTH_SQL})"),
}
# search view filter -> (report domain, SQL condition on the raw tables)
FILTERS = {
    "overall": ([("is_overall", "=", True)], "criterion.is_overall"),
    "officer criteria": (
        [("is_officer_criterion", "=", True)],
        "criterion.is_officer_criterion",
    ),
    "self-service": (
        [("channel_mode", "=", "self")],
        "response.channel NOT IN %(assisted)s",
    ),
}
PAIRED = [
    "unit_id",
    "officer_id",
    "procedure_id",
    "element_id",
    "criterion_id",
    "channel",
    "questionnaire_id",
    "month:month",
]
GROUPINGS = [((spec,), None) for spec in DIMS]
GROUPINGS += [(pair, None) for pair in combinations(PAIRED, 2)]
GROUPINGS += [
    (("channel_mode", spec), None)
    for spec in ("unit_id", "officer_id", "procedure_id", "criterion_id")
]
GROUPINGS += [(("unit_id", "competent_unit_id"), None)]
GROUPINGS += [
    ((spec,), "overall")
    for spec in (
        "unit_id",
        "competent_unit_id",
        "officer_id",
        "procedure_id",
        "channel",
        "month:month",
    )
]
GROUPINGS += [
    ((spec,), "officer criteria") for spec in ("officer_id", "procedure_id", "unit_id")
]
GROUPINGS += [
    ((spec,), "self-service") for spec in ("procedure_id", "officer_id", "criterion_id")
]


def label_of(groupby, filter_name):
    text = " × ".join(DIMS[spec][0] for spec in groupby)
    return f"{text} [{filter_name}]" if filter_name else text


def local_to_utc_bounds(first, end):
    return SQL(
        "response.date >= (%s::timestamp AT TIME ZONE %s) AT TIME ZONE 'UTC'"
        " AND response.date < (%s::timestamp AT TIME ZONE %s) AT TIME ZONE 'UTC'",
        first,
        LOCAL_TZ,
        end,
        LOCAL_TZ,
    )


def plain_sql(groupby, filter_name, first, end):
    """ONE GROUP BY on the raw tables: answers and satisfied answers per group."""
    keys = SQL(", ").join(
        SQL(DIMS[spec][1], assisted=ASSISTED_CHANNELS)
        if "%(assisted)s" in DIMS[spec][1]
        else SQL(DIMS[spec][1])
        for spec in groupby
    )
    conditions = [SQL("line.value > 0"), local_to_utc_bounds(first, end)]
    join = SQL("")
    if filter_name:
        condition = FILTERS[filter_name][1]
        conditions.append(
            SQL(condition, assisted=ASSISTED_CHANNELS)
            if "%(assisted)s" in condition
            else SQL(condition)
        )
        if "criterion." in condition:
            join = SQL(
                "JOIN satisfaction_criterion criterion ON criterion.id = line.criterion_id"
            )
    return SQL(
        """
        SELECT %s, count(*) AS answers, count(*) FILTER (WHERE line.is_satisfied) AS satisfied
          FROM satisfaction_response_line line
          JOIN satisfaction_response response ON response.id = line.response_id
          %s
         WHERE %s
      GROUP BY %s""",
        keys,
        join,
        SQL(" AND ").join(conditions),
        keys,
    )


def backend_cpu():
    """CPU seconds used so far by this cursor's PostgreSQL backend (None when
    the server is not on this machine)."""
    try:
        with open(f"/proc/{BACKEND_PID}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def measure(func, warm_up, runs=RUNS, cpu=None):
    """Wall times of ``runs`` calls (after one more when ``warm_up``); the CPU
    time of this process and of the PostgreSQL backend in each call are
    appended to ``cpu`` when given."""
    if warm_up:
        func()
    durations, result = [], None
    for _i in range(runs):
        env.invalidate_all()
        started, started_cpu = time.perf_counter(), time.process_time()
        started_backend = backend_cpu()
        result = func()
        durations.append(time.perf_counter() - started)
        if cpu is not None:
            ended_backend = backend_cpu()
            cpu.append(
                (
                    time.process_time() - started_cpu,
                    None
                    if started_backend is None or ended_backend is None
                    else ended_backend - started_backend,
                )
            )
    return durations, result


# ----------------------------------------------------------------------
# Data set, roll-ups, reviewer
# ----------------------------------------------------------------------
cr.execute("SELECT count(*) FROM satisfaction_response_line")
n_lines = cr.fetchone()[0]
cr.execute("SELECT count(*) FROM satisfaction_answer_stat")
n_fine = cr.fetchone()[0]
cr.execute(
    "SELECT grain, count(*) FROM satisfaction_answer_rollup GROUP BY grain ORDER BY 2"
)
rollup_rows = dict(cr.fetchall())
cr.execute(
    "SELECT pg_size_pretty(pg_total_relation_size('satisfaction_answer_rollup')),"
    " pg_size_pretty(pg_total_relation_size('satisfaction_answer_stat'))"
)
rollup_size, fine_size = cr.fetchone()
print(
    f"Database {cr.dbname}: {n_lines:,} answer lines; full grain {n_fine:,} rows ({fine_size}); "
    f"roll-ups ({rollup_size}): "
    + ", ".join(f"{grain} {rows:,}" for grain, rows in rollup_rows.items()),
    flush=True,
)

reviewer = (
    env["res.users"]
    .with_context(no_reset_password=True)
    .create(
        {
            "name": "Bench Reviewer (groupings)",
            "login": "bench_groupings_%s" % int(time.time()),
            "groups_id": [
                (
                    6,
                    0,
                    [
                        env.ref("base.group_user").id,
                        env.ref("satisfaction_survey.group_satisfaction_reviewer").id,
                    ],
                )
            ],
        }
    )
)
Index = env(user=reviewer)["satisfaction.index.report"]
MEASURES = ["satisfaction_index:avg", "answer_count:sum"]

period_bounds = {
    "year": (str(YEAR), date(YEAR, 1, 1), date(YEAR + 1, 1, 1)),
    "month": (MONTH.strftime("%Y-%m"), MONTH, MONTH + relativedelta(months=1)),
}
results = []
failed = False
print(
    f"Seconds: ORM median of {RUNS} after a warm-up, SQL median of {SQL_RUNS}:",
    flush=True,
)
for period in PERIODS:
    if period not in period_bounds:  # e.g. "none": the consolidation only
        continue
    period_label, first, end = period_bounds[period]
    # the report's date filter on a year or month: months from first to the last one
    period_domain = [
        ("month", ">=", first),
        ("month", "<=", end - relativedelta(months=1)),
    ]
    for groupby, filter_name in GROUPINGS:
        label = label_of(groupby, filter_name)
        if ONLY and not any(word in label for word in ONLY):
            continue
        domain = period_domain + (FILTERS[filter_name][0] if filter_name else [])
        grain = (
            Index._stat_grain(domain, list(groupby), ["answer_count:sum"], [], None)
            or "full"
        )
        orm_cpu = []
        orm_times, groups = measure(
            lambda domain=domain, groupby=groupby: Index.read_group(
                domain, MEASURES, list(groupby), lazy=False
            ),
            warm_up=True,
            cpu=orm_cpu,
        )
        query = plain_sql(groupby, filter_name, first, end)

        def run_sql(query=query):
            cr.execute(query)
            return cr.fetchall()

        sql_times, sql_rows = measure(run_sql, warm_up=False, runs=SQL_RUNS)
        orm_answers = sum(int(group["answer_count"] or 0) for group in groups)
        sql_answers = sum(row[-2] for row in sql_rows)
        same = len(groups) == len(sql_rows) and orm_answers == sql_answers
        failed |= not same
        row = {
            "grouping": label,
            "period": period,
            "period_label": period_label,
            "grain": grain,
            "orm_median": statistics.median(orm_times),
            "orm_min": min(orm_times),
            "orm_max": max(orm_times),
            "orm_cpu_median": statistics.median(python for python, _pg in orm_cpu),
            "orm_pg_cpu_median": (
                statistics.median(pg for _python, pg in orm_cpu)
                if all(pg is not None for _python, pg in orm_cpu)
                else None
            ),
            "sql_median": statistics.median(sql_times),
            "groups": len(groups),
            "answers": orm_answers,
            "same_as_sql": same,
        }
        row["ratio"] = row["orm_median"] / row["sql_median"]
        results.append(row)
        print(
            f"  {period_label:<7} {label:<36} {grain:<20} ORM {row['orm_median']:7.3f}"
            f" [{row['orm_min']:.3f}-{row['orm_max']:.3f}] (CPU: Python {row['orm_cpu_median']:.3f},"
            f" PostgreSQL {row['orm_pg_cpu_median'] or 0:.2f})"
            f"  SQL {row['sql_median']:7.3f}"
            f"  × SQL {row['ratio']:5.2f}  groups {len(groups):>7,}"
            + (
                ""
                if same
                else f"  MISMATCH (SQL {len(sql_rows):,} groups, {sql_answers:,} answers; ORM {orm_answers:,})"
            ),
            flush=True,
        )

print(
    "\n| Grouping | Period | Read from | ORM `read_group` (s), median [min-max] | CPU (s): Python, PostgreSQL | plain SQL `GROUP BY` (s) | × SQL | groups |"
)
print("|---|---|---|---:|---:|---:|---:|---:|")
for row in results:
    print(
        f"| {row['grouping']} | {row['period_label']} | {row['grain']} |"
        f" {row['orm_median']:.3f} [{row['orm_min']:.3f}-{row['orm_max']:.3f}] |"
        f" {row['orm_cpu_median']:.3f}, {row['orm_pg_cpu_median'] or 0:.2f} |"
        f" {row['sql_median']:.3f} | {row['ratio']:.2f} | {row['groups']:,} |"
    )
slow = [row for row in results if row["orm_median"] >= 1.0]
print(
    f"\n{len(results)} groupings; slowest {max((r['orm_median'] for r in results), default=0):.3f} s; "
    f"{len(slow)} at 1 s or more"
    + (
        ": " + "; ".join(f"{r['grouping']} ({r['period_label']})" for r in slow)
        if slow
        else ""
    )
)

# ----------------------------------------------------------------------
# Cost per rating: the consolidation folds the journal into every grain
# ----------------------------------------------------------------------
consolidation = None
if RATINGS:
    cr.rollback()
    env.invalidate_all()
    cr.execute(
        """
        SELECT request.id FROM satisfaction_request request
         WHERE NOT EXISTS (SELECT 1 FROM satisfaction_response r WHERE r.request_id = request.id)
           AND request.unit_id = (SELECT unit_id FROM satisfaction_request GROUP BY 1 ORDER BY count(*) DESC LIMIT 1)
      ORDER BY request.id DESC LIMIT %s
    """,
        [RATINGS],
    )
    request_ids = [row[0] for row in cr.fetchall()]
    overall_ids = set(
        env["satisfaction.criterion"].search([("is_overall", "=", True)]).ids
    )
    cr.execute("SELECT pg_backend_pid()")
    backend_stat = "/proc/%d/stat" % cr.fetchone()[0]

    def backend_cpu():
        """CPU seconds of this cursor's PostgreSQL backend (same machine):
        steadier than wall time on a shared machine."""
        with open(backend_stat, encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    timings, cpu_times, journal_rows, written = [], [], 0, 0
    for _i in range(RUNS):
        for request in env["satisfaction.request"].browse(request_ids):
            form = {
                item["key"]: "5" if item["criterion"].id in overall_ids else "4"
                for item in request._question_items()
                if item["criterion"].question_type == "scale"
            }
            request._record_answers(form, channel="sms")
        env.flush_all()
        cr.execute("SELECT count(*) FROM satisfaction_answer_stat_delta")
        journal_rows = cr.fetchone()[0]
        started, cpu_started = time.perf_counter(), backend_cpu()
        written = env["satisfaction.stat.engine"]._consolidate()
        timings.append(time.perf_counter() - started)
        cpu_times.append(backend_cpu() - cpu_started)
        cr.rollback()
        env.invalidate_all()
    consolidation = {
        "ratings": len(request_ids),
        "journal_rows": journal_rows,
        "rows_written": written,
        "median_s": statistics.median(timings),
        "min_s": min(timings),
        "max_s": max(timings),
        "backend_cpu_median_s": statistics.median(cpu_times),
    }
    print(
        "Consolidation of the journal of %(ratings)s ratings (%(journal_rows)s answer journal rows):"
        " %(median_s).3f s median [%(min_s).3f-%(max_s).3f], PostgreSQL backend CPU"
        " %(backend_cpu_median_s).3f s median, %(rows_written)s rows written"
        % consolidation,
        flush=True,
    )

if JSON_OUT:
    with open(JSON_OUT, "w", encoding="utf-8") as handle:
        json.dump(
            {
                "database": cr.dbname,
                "answer_lines": n_lines,
                "fine_rows": n_fine,
                "rollup_rows": rollup_rows,
                "runs": RUNS,
                "results": results,
                "consolidation": consolidation,
            },
            handle,
            indent=1,
            ensure_ascii=False,
        )
cr.rollback()
if failed:
    print("MISMATCH between the report and the plain SQL GROUP BY", flush=True)
    sys.exit(1)
