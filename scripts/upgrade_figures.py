"""Every index, unit period, quota, trend, respondent and scorecard figure, as JSON.

Run inside ``odoo shell`` (``env`` is given), with FIGURES_OUT naming the
output file: ``scripts/test-upgrade.sh`` takes it before and after an upgrade
and compares. Only models and fields of every release since 18.0.1.0.0 are
read, and nothing is kept (the scorecards are computed, read and rolled
back). FIGURES_REBUILD=1 first recomputes the statistics from the raw tables
(rolled back too): the figures a fresh computation gives.
"""

# ruff: noqa: F821  (env is given by odoo shell)
import json
import os


def _key(value):
    if isinstance(value, tuple | list) and len(value) == 2:
        return value[0]  # many2one (id, name)
    return value


def _groups(model, fields, groupby):
    rows = env[model].read_group([], fields, groupby, lazy=False, orderby="")
    result = {}
    for row in rows:
        key = "|".join(str(_key(row.get(name))) for name in groupby)
        result[key] = {
            name.split(":")[0]: row.get(name.split(":")[0]) for name in fields
        }
    return result


if os.environ.get("FIGURES_REBUILD") == "1":
    if "satisfaction.stat.engine" in env:
        env["satisfaction.stat.engine"]._rebuild()
    else:
        env["satisfaction.answer.stat"]._rebuild_stats()
figures = {}
index_fields = ["answer_count", "satisfied_count", "satisfaction_index"]
for groupby in (
    ["unit_id", "month:month"],
    ["officer_id", "month:month"],
    ["procedure_id", "criterion_id"],
    ["officer_id", "criterion_id"],
    ["criterion_id", "channel"],
    ["element_id", "channel"],
    ["questionnaire_id"],
    ["questionnaire_id", "unit_id", "procedure_id", "channel", "month:month"],
):
    figures["index " + ",".join(groupby)] = _groups(
        "satisfaction.index.report", index_fields, groupby
    )
figures["unit period"] = _groups(
    "satisfaction.unit.period.report",
    [
        "request_count",
        "answered_count",
        "dissatisfied_count",
        "overdue_count",
        "response_count",
        "answer_count",
        "satisfied_count",
        "satisfaction_index",
        "officer_index",
    ],
    ["unit_id", "month:month"],
)
# reports added after the first release: read when the database has them
if "satisfaction.trend.report" in env:
    figures["trend"] = _groups(
        "satisfaction.trend.report",
        ["response_count", "answer_count", "satisfied_count", "value"],
        ["series", "unit_id", "month:month"],
    )
if "satisfaction.index.respondent" in env:
    figures["respondents"] = _groups(
        "satisfaction.index.respondent",
        ["response_id:count_distinct"],
        ["unit_id", "criterion_id", "month:month"],
    )
figures["quota"] = {
    "|".join(
        str(_key(row[name]))
        for name in ("scope", "period", "date", "unit_id", "officer_id")
    ): {name: row[name] for name in ("rating_count", "quota", "shortfall")}
    for row in env["satisfaction.quota.report"].search_read(
        [],
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
    )
}
# years with answers, consolidated or still in the journal
env.cr.execute(
    "SELECT extract(year FROM month)::int FROM satisfaction_answer_stat"
    " UNION SELECT extract(year FROM month)::int FROM satisfaction_answer_stat_delta"
)
scorecards = {}
for (year,) in env.cr.fetchall():
    card = env["satisfaction.scorecard"].create({"year": year, "period_type": "year"})
    card.action_compute()
    for line in card.line_ids:
        scorecards[f"{year}|{line.unit_id.id}"] = {
            name: line[name]
            for name in (
                "request_count",
                "answered_count",
                "response_count",
                "answer_count",
                "satisfied_count",
                "satisfaction_index",
                "officer_index",
                "response_rate",
                "overdue_count",
                "total_points",
                "rank",
            )
        }
figures["scorecard"] = scorecards
env.cr.rollback()
with open(os.environ["FIGURES_OUT"], "w", encoding="utf-8") as out:
    json.dump(figures, out, indent=1, sort_keys=True, default=str)
print("figures written:", {name: len(rows) for name, rows in figures.items()})
