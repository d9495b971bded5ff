# ruff: noqa: F821, E501  (``env`` is provided by ``odoo shell``; SQL text)
"""Time the reviewer views on the province data set (issue #3, item 6); run inside ``odoo shell``.

    python3 -m odoo shell -d ss_bench --addons-path="$ADDONS_PATH" --no-http \
        < bench/time_views.py

after ``bench/generate_province.py``. Each view is called the way the web
client calls it (``read_group`` of the pivot / graph / list, the scorecard's
``action_compute``, the XLSX wizard's workbook), as a reviewer user (Sở Nội
vụ; the scorecard as an administrator, the only role that computes one),
once to warm the caches, then ``BENCH_RUNS`` times (default 5): the median,
minimum and maximum are printed. Beside them, the same aggregation as the
pivot written as ONE plain SQL ``GROUP BY unit, month`` on the raw tables
(answers joined to responses), the baseline of the ratio column.

The XLSX export of a province-year is timed once more with ``tracemalloc``
(peak of Python allocations during the export) and the process' peak RSS
(``resource.getrusage``) before and after it.

Then the write path: ``BENCH_WRITES`` (default 200) unanswered requests of
the largest unit are answered through ``_record_answers`` (as the public
page does), once with the statistics triggers and once with them disabled
(``ALTER TABLE ... DISABLE TRIGGER USER`` inside the transaction), each run
rolled back; the journal written by the first run is consolidated and timed.

Nothing is kept: the bench user, the scorecards, the wizards and the ratings
are rolled back. Environment: ``BENCH_YEAR`` (default 2025, the complete
year of the generated data), ``BENCH_RUNS``, ``BENCH_JSON`` (write the figures
to this file as JSON too).
"""

import json
import os
import resource
import statistics
import sys
import time
import tracemalloc
from datetime import date

sys.path.insert(0, os.environ.get("BENCH_DIR", "bench"))
from shell_common import set_stat_triggers  # noqa: E402  (found through BENCH_DIR)

YEAR = int(os.environ.get("BENCH_YEAR", "2025"))
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
JSON_OUT = os.environ.get("BENCH_JSON")

cr = env.cr
results = []


def timed(label, func, runs=RUNS, note=""):
    func()  # warm-up: caches, plans, buffers
    durations, size = [], None
    for _i in range(runs):
        env.invalidate_all()
        started = time.perf_counter()
        size = func()
        durations.append(time.perf_counter() - started)
    row = {
        "label": label,
        "median": statistics.median(durations),
        "min": min(durations),
        "max": max(durations),
        "rows": size,
        "note": note,
    }
    results.append(row)
    print(
        f"  {label:<66} {row['median']:8.3f} s  (min {row['min']:.3f}, max {row['max']:.3f}, rows {size})",
        flush=True,
    )
    return row


def sql_rows(query, params=None):
    cr.execute(query, params or [])
    return len(cr.fetchall())


# ----------------------------------------------------------------------
# Data set and users
# ----------------------------------------------------------------------
counts = {}
for table in (
    "hr_department",
    "hr_employee",
    "satisfaction_dossier",
    "satisfaction_request",
    "satisfaction_response",
    "satisfaction_response_line",
):
    cr.execute(f'SELECT count(*) FROM "{table}"')
    counts[table] = cr.fetchone()[0]
for table in (
    "satisfaction_answer_stat",
    "satisfaction_answer_stat_delta",
    "satisfaction_period_stat",
    "satisfaction_period_stat_delta",
    "satisfaction_request_stat",
    "satisfaction_request_stat_delta",
):
    cr.execute("SELECT to_regclass(%s)", [table])
    if cr.fetchone()[0]:
        cr.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cr.fetchone()[0]
cr.execute("SELECT version()")
pg_version = cr.fetchone()[0].split(" on ")[0]
cr.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
db_size = cr.fetchone()[0]
print(
    f"Database {cr.dbname} ({db_size}, {pg_version}): "
    + ", ".join(f"{k} {v:,}" for k, v in counts.items())
)

reviewer = (
    env["res.users"]
    .with_context(no_reset_password=True)
    .create(
        {
            "name": "Bench Reviewer (Sở Nội vụ)",
            "login": "bench_reviewer_%s" % int(time.time()),
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
renv = env(user=reviewer)
first, last = date(YEAR, 1, 1), date(YEAR, 12, 1)
year_domain = [("month", ">=", first), ("month", "<=", last)]
Index = renv["satisfaction.index.report"]
Period = renv["satisfaction.unit.period.report"]
Quota = renv["satisfaction.quota.report"]
print(f"Timings (median of {RUNS} after a warm-up), year {YEAR}:")

# ----------------------------------------------------------------------
# Baseline: one plain SQL GROUP BY on the raw tables
# ----------------------------------------------------------------------
BASELINE = """
    SELECT response.unit_id,
           date_trunc('month', (response.date AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS month,
           count(*) AS answers, count(*) FILTER (WHERE line.is_satisfied) AS satisfied
      FROM satisfaction_response_line line
      JOIN satisfaction_response response ON response.id = line.response_id
     WHERE line.value > 0 {where}
  GROUP BY 1, 2
"""
year_where = (
    "AND response.date >= (%s::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') AT TIME ZONE 'UTC' "
    "AND response.date < (%s::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') AT TIME ZONE 'UTC'"
)
baseline_all = timed(
    "SQL baseline: GROUP BY unit, month on raw tables (all months)",
    lambda: sql_rows(BASELINE.format(where="")),
)
baseline_year = timed(
    f"SQL baseline: GROUP BY unit, month on raw tables ({YEAR})",
    lambda: sql_rows(
        BASELINE.format(where=year_where), [date(YEAR, 1, 1), date(YEAR + 1, 1, 1)]
    ),
)
baseline_all["baseline"] = baseline_year["baseline"] = True

# ----------------------------------------------------------------------
# Index report (pivot, graph)
# ----------------------------------------------------------------------
PIVOT_MEASURES = [
    "satisfaction_index:avg",
    "index_low:avg",
    "index_high:avg",
    "answer_count:sum",
]


def pivot(domain):
    """What the pivot view asks: the total, the row and column headers, and the cells."""
    rows = 0
    for groupby in ([], ["unit_id"], ["month:month"], ["unit_id", "month:month"]):
        rows += len(Index.read_group(domain, PIVOT_MEASURES, groupby, lazy=False))
    return rows


timed("Index report: pivot unit × month, default view (all months)", lambda: pivot([]))
timed(
    "Index report: read_group unit × month (all months)",
    lambda: len(
        Index.read_group(
            [],
            ["satisfaction_index:avg", "answer_count:sum"],
            ["unit_id", "month:month"],
            lazy=False,
        )
    ),
).update(compare="all")
timed(f"Index report: pivot unit × month, {YEAR}", lambda: pivot(year_domain))
timed(
    f"Index report: read_group unit × month ({YEAR})",
    lambda: len(
        Index.read_group(
            year_domain,
            ["satisfaction_index:avg", "answer_count:sum"],
            ["unit_id", "month:month"],
            lazy=False,
        )
    ),
).update(compare="year")
timed(
    f"Index report: graph by officer ({YEAR}, officer criteria)",
    lambda: len(
        Index.read_group(
            year_domain + [("is_officer_criterion", "=", True)],
            ["satisfaction_index:avg"],
            ["officer_id"],
            lazy=False,
        )
    ),
)
timed(
    f"Index report: pivot procedure × channel ({YEAR})",
    lambda: len(
        Index.read_group(
            year_domain,
            ["satisfaction_index:avg", "answer_count:sum"],
            ["procedure_id", "channel"],
            lazy=False,
        )
    ),
)
timed(
    f"Index report: element × criterion, self-service vs assisted ({YEAR})",
    lambda: len(
        Index.read_group(
            year_domain,
            ["satisfaction_index:avg", "answer_count:sum"],
            ["element_id", "criterion_id", "channel_mode"],
            lazy=False,
        )
    ),
)
timed(
    "Index report: list, first 80 rows",
    lambda: len(
        Index.search_read(
            [],
            [
                "month",
                "unit_id",
                "criterion_id",
                "answer_count",
                "satisfaction_index",
                "index_low",
                "index_high",
            ],
            limit=80,
        )
    ),
)

# ----------------------------------------------------------------------
# Unit period report (trend, ranking), scorecard, comparison, quotas
# ----------------------------------------------------------------------
timed(
    "Unit period report: trend graph by month (all months)",
    lambda: len(
        Period.read_group([], ["satisfaction_index:avg"], ["month:month"], lazy=False)
    ),
)
timed(
    f"Unit period report: pivot unit × month ({YEAR}), ratios + target gap",
    lambda: len(
        Period.read_group(
            year_domain,
            [
                "satisfaction_index:avg",
                "response_rate:avg",
                "qd766_ratio:avg",
                "target_gap:avg",
                "response_count:sum",
            ],
            ["unit_id", "month:month"],
            lazy=False,
        )
    ),
)
timed(
    f"Ranking: units by satisfaction index ({YEAR})",
    lambda: len(
        Period.read_group(
            year_domain,
            ["satisfaction_index:avg", "response_count:sum"],
            ["unit_id"],
            orderby="satisfaction_index desc",
            lazy=False,
        )
    ),
)

card = env["satisfaction.scorecard"].create({"year": YEAR, "period_type": "year"})
timed(
    f"Scorecard: action_compute, year {YEAR} (all units)",
    lambda: (card.action_compute(), env.flush_all(), len(card.line_ids))[-1],
)
timed(
    "Scorecard: ranking list (lines by rank)",
    lambda: len(
        renv["satisfaction.scorecard.line"].search_read(
            [("scorecard_id", "=", card.id)],
            ["rank", "unit_id", "total_points", "satisfaction_index"],
            order="rank",
        )
    ),
)
compare = renv["satisfaction.period.compare"].create(
    {
        "date_from_a": date(YEAR - 1, 1, 1),
        "date_to_a": date(YEAR - 1, 12, 31),
        "date_from_b": date(YEAR, 1, 1),
        "date_to_b": date(YEAR, 12, 31),
    }
)
timed(
    f"Period comparison: {YEAR - 1} vs {YEAR}",
    lambda: (compare.action_compare(), len(compare.line_ids))[-1],
)
quota_domain = [
    ("scope", "=", "unit"),
    ("period", "=", "month"),
    ("date", ">=", first),
    ("date", "<=", last),
]
timed(
    f"Quota report: pivot unit × month ({YEAR})",
    lambda: len(
        Quota.read_group(
            quota_domain,
            ["rating_count:sum", "quota:sum", "shortfall:sum"],
            ["unit_id", "date:month"],
            lazy=False,
        )
    ),
)
timed(
    "Quota report: who is short, list (first 80)",
    lambda: len(
        Quota.search_read(
            [("is_short", "=", True)],
            [
                "scope",
                "period",
                "date",
                "unit_id",
                "officer_id",
                "rating_count",
                "quota",
                "shortfall",
            ],
            limit=80,
        )
    ),
)
timed(
    f"Quota report: officers × month ({YEAR})",
    lambda: len(
        Quota.read_group(
            [
                ("scope", "=", "officer"),
                ("period", "=", "month"),
                ("date", ">=", first),
                ("date", "<=", last),
            ],
            ["rating_count:sum", "shortfall:sum"],
            ["officer_id", "date:month"],
            lazy=False,
        )
    ),
)

# a grouping no roll-up holds: the full grain (7 million rows), scanned once
timed(
    f"Index report: procedure × criterion ({YEAR}), full grain",
    lambda: len(
        Index.read_group(
            year_domain,
            ["satisfaction_index:avg", "answer_count:sum"],
            ["procedure_id", "criterion_id"],
            lazy=False,
        )
    ),
)

# ----------------------------------------------------------------------
# XLSX export of a province-year
# ----------------------------------------------------------------------
if "satisfaction.xlsx.export" in env:
    wizard = renv["satisfaction.xlsx.export"].create(
        {"period_type": "year", "year": YEAR}
    )
    xlsx = timed(
        f"XLSX export: province-year {YEAR} (5 sheets)",
        lambda: len(wizard._build_workbook()),
        runs=3,
    )
    xlsx["note"] = "rows = bytes"
    env.invalidate_all()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    started = time.perf_counter()
    size = len(wizard._build_workbook())
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    memory = {
        "seconds_traced": elapsed,
        "bytes": size,
        "tracemalloc_peak_mb": peak / 2**20,
        "ru_maxrss_before_mb": rss_before / 1024,
        "ru_maxrss_after_mb": rss_after / 1024,
    }
    print(
        "  XLSX memory: tracemalloc peak %.1f MB; process peak RSS %.0f MB before, %.0f MB after; %s bytes"
        % (
            memory["tracemalloc_peak_mb"],
            memory["ru_maxrss_before_mb"],
            memory["ru_maxrss_after_mb"],
            size,
        )
    )
else:
    memory = None
    print("  XLSX export: wizard satisfaction.xlsx.export not installed")

# ----------------------------------------------------------------------
# Write path: a rating saved with and without the statistics triggers
# ----------------------------------------------------------------------
WRITES = int(os.environ.get("BENCH_WRITES", "200"))
write_path = None
cr.execute("SELECT to_regclass('satisfaction_answer_stat_delta')")
if cr.fetchone()[0] and WRITES:
    cr.rollback()  # the reads above are done (bench user, scorecard, wizards dropped); each run is rolled back
    env.invalidate_all()
    cr.execute(
        """
        SELECT request.id FROM satisfaction_request request
         WHERE NOT EXISTS (SELECT 1 FROM satisfaction_response r WHERE r.request_id = request.id)
           AND request.unit_id = (SELECT unit_id FROM satisfaction_request GROUP BY 1 ORDER BY count(*) DESC LIMIT 1)
      ORDER BY request.id DESC LIMIT %s
    """,
        [WRITES],
    )
    request_ids = [row[0] for row in cr.fetchall()]

    # the page layout's criteria are plain values, without the overall flag
    overall_ids = set(
        env["satisfaction.criterion"].search([("is_overall", "=", True)]).ids
    )

    def save_ratings(disable_triggers):
        if disable_triggers:
            set_stat_triggers(cr, False)
        durations = []
        for request in env["satisfaction.request"].browse(request_ids):
            form = {
                item["key"]: "5" if item["criterion"].id in overall_ids else "4"
                for item in request._question_items()
                if item["criterion"].question_type == "scale"
            }
            started = time.perf_counter()
            request._record_answers(form, channel="sms")
            env.flush_all()
            durations.append(time.perf_counter() - started)
        return durations

    with_triggers = save_ratings(False)
    env.flush_all()
    cr.execute("SELECT count(*) FROM satisfaction_answer_stat_delta")
    journal_rows = cr.fetchone()[0]
    cr.execute("SELECT count(*) FROM satisfaction_period_stat_delta")
    journal_rows += cr.fetchone()[0]
    cr.execute("SELECT count(*) FROM satisfaction_request_stat_delta")
    journal_rows += cr.fetchone()[0]
    started = time.perf_counter()
    consolidated = env["satisfaction.stat.engine"]._consolidate()
    consolidation = time.perf_counter() - started
    cr.rollback()
    env.invalidate_all()
    without_triggers = save_ratings(True)
    cr.rollback()
    env.invalidate_all()
    write_path = {
        "ratings": len(request_ids),
        "with_triggers_ms": statistics.median(with_triggers) * 1000,
        "without_triggers_ms": statistics.median(without_triggers) * 1000,
        "journal_rows": journal_rows,
        "consolidation_s": consolidation,
        "consolidated_rows": consolidated,
    }
    print(
        "  Rating saved (_record_answers + flush), median of %(ratings)s: %(with_triggers_ms).1f ms with the "
        "statistics triggers, %(without_triggers_ms).1f ms without; %(journal_rows)s journal rows, "
        "consolidated in %(consolidation_s).2f s (%(consolidated_rows)s rows)"
        % write_path
    )

# ----------------------------------------------------------------------
# Table
# ----------------------------------------------------------------------
print()
print("| View | Median (s) | Min | Max | Rows | × SQL baseline |")
print("|---|---:|---:|---:|---:|---:|")
for row in results:
    base = (
        baseline_year
        if ("(%s)" % YEAR) in row["label"] or str(YEAR) in row["label"]
        else baseline_all
    )
    ratio = "" if row.get("baseline") else "%.2f" % (row["median"] / base["median"])
    print(
        f"| {row['label']} | {row['median']:.3f} | {row['min']:.3f} | {row['max']:.3f} | {row['rows']} | {ratio} |"
    )

if JSON_OUT:
    with open(JSON_OUT, "w", encoding="utf-8") as out:
        json.dump(
            {
                "counts": counts,
                "db_size": db_size,
                "postgresql": pg_version,
                "year": YEAR,
                "runs": RUNS,
                "results": results,
                "xlsx_memory": memory,
                "write_path": write_path,
            },
            out,
            indent=2,
            default=str,
        )
cr.rollback()
