"""Write the spreadsheet JSON of the cockpit dashboards (data/files/).

    python3 scripts/build_dashboards.py

Every figure goes through the report models (satisfaction.unit.period.report,
satisfaction.index.report, satisfaction.quota.report): their record rules and
small-group protection apply to the dashboard as to the report views. Ratio
measures carry no aggregator, so that the reports recompute them from summed
counts. The sample files show the same layout with fixed figures, for a
database without answers. Run after changing the layout; tests/test_dashboards.py
checks what the files reference.
"""

import json
import pathlib

FILES = pathlib.Path(__file__).resolve().parent.parent / "data" / "files"
PERIOD_FILTER = "a8f4c2d0-5b1e-4c57-9a3e-2f7d6c1b0e01"
UNIT_FILTER = "a8f4c2d0-5b1e-4c57-9a3e-2f7d6c1b0e02"
MONTHS = 12
UNITS = 20
AGENCIES = 10
QUOTA_ROWS = 10
OFFICERS = 20
FOLLOWUPS = 10
THEMES = 8
ROW_HEIGHT = 23  # pixels: where a chart below a table starts

TITLE, HEADER, SUBTLE = 1, 2, 3
STYLES = {
    str(TITLE): {"textColor": "#01666b", "bold": True, "fontSize": 16},
    str(HEADER): {"bold": True, "textColor": "#434343", "fillColor": "#f2f2f2"},
    str(SUBTLE): {"textColor": "#666666", "italic": True},
}


def _matching(date_chain, unit_chain):
    return {
        PERIOD_FILTER: {"chain": date_chain, "type": "date", "offset": 0},
        UNIT_FILTER: {"chain": unit_chain, "type": "many2one"},
    }


def _pivot(
    pivot_id,
    name,
    model,
    measures,
    rows,
    domain=(),
    sort=None,
    dates=None,
    context=None,
):
    pivot = {
        "type": "ODOO",
        "id": str(pivot_id),
        "formulaId": str(pivot_id),
        "name": name,
        "model": model,
        "domain": list(domain),
        "context": dict(context or {}),
        # no aggregator: the report recomputes its ratios from summed counts
        "measures": [{"id": m, "fieldName": m} for m in measures],
        "columns": [],
        "rows": rows,
        "fieldMatching": _matching(dates or "month", "unit_id"),
    }
    if sort:
        measure, order = sort
        pivot["sortedColumn"] = {
            "groupId": [[], []],
            "measure": measure,
            "order": order,
        }
    return pivot


UNIT_PERIOD = "satisfaction.unit.period.report"
PIVOTS = {
    1: _pivot(
        1,
        "Year",
        UNIT_PERIOD,
        [
            "satisfaction_index",
            "target_index",
            "target_gap",
            "answer_count",
            "response_rate",
            "overdue_count",
            "index_low",
            "index_high",
        ],
        [],
    ),
    2: _pivot(
        2,
        "Index per month",
        UNIT_PERIOD,
        ["satisfaction_index", "target_index", "answer_count"],
        [{"fieldName": "month", "granularity": "month", "order": "asc"}],
        # the current month is partial: drawn like a complete one it would
        # read as a drop (or a jump) that is only the month not being over
        domain=[["is_complete_month", "=", True]],
    ),
    3: _pivot(
        3,
        "Ranking of units",
        UNIT_PERIOD,
        ["satisfaction_index", "answer_count", "overdue_count"],
        [{"fieldName": "unit_id"}],
        sort=("satisfaction_index", "desc"),
    ),
    4: _pivot(
        4,
        "Quota shortfalls",
        "satisfaction.quota.report",
        ["shortfall", "quota", "rating_count"],
        [{"fieldName": "unit_id"}],
        # ratings missing from the units' monthly quotas, in months already closed
        domain=[
            ["scope", "=", "unit"],
            ["period", "=", "month"],
            ["is_closed", "=", True],
            ["is_short", "=", True],
        ],
        sort=("shortfall", "desc"),
        dates="date",
    ),
}
# The same ranking with the dossiers counted for the agency competent to
# decide them (two-level local government): the report reads by agency, and
# the Unit filter then matches the agency.
COMPETENT_PIVOT = _pivot(
    7,
    "Ranking of competent agencies",
    UNIT_PERIOD,
    ["satisfaction_index", "answer_count", "overdue_count"],
    [{"fieldName": "unit_id"}],
    sort=("satisfaction_index", "desc"),
    context={"satisfaction_unit_role": "competent"},
)
OFFICER_PIVOT = _pivot(
    5,
    "Officers",
    "satisfaction.index.report",
    ["satisfaction_index", "answer_count"],
    [{"fieldName": "officer_id"}],
    # the official figures: without the answers entered by staff or a surveyor
    domain=[
        ["is_officer_criterion", "=", True],
        ["officer_id", "!=", False],
        ["channel_mode", "=", "self"],
    ],
    sort=("satisfaction_index", "asc"),
)
# What citizens write about: ratings per theme of their comments. The report
# hides groups below the small-group size for leaders, as the other reports.
THEME_PIVOT = _pivot(
    6,
    "Comment themes",
    "satisfaction.comment.theme.report",
    ["rating_count", "low_share", "complaint_count"],
    [{"fieldName": "theme_id"}],
    sort=("rating_count", "desc"),
)
FOLLOWUP_LIST = {
    "id": "1",
    "name": "Open follow-ups",
    "model": "satisfaction.followup",
    "columns": ["dossier_ref", "unit_id", "user_id", "create_date"],
    "domain": [["state", "=", "open"]],
    "context": {},
    "orderBy": [{"name": "create_date", "asc": True}],
    "fieldMatching": _matching("create_date", "unit_id"),
}


class Sheet:
    def __init__(self, sheet_id, name):
        self.id, self.name = sheet_id, name
        self.cells, self.styles, self.formats, self.figures = {}, {}, {}, []

    def put(self, ref, content, style=None, fmt=None):
        self.cells[ref] = {"content": content}
        if style:
            self.styles[ref] = style
        if fmt:
            self.formats[ref] = fmt

    def figure(self, fig_id, x, y, width, height, data):
        self.figures.append(
            {
                "id": fig_id,
                "x": x,
                "y": y,
                "width": width,
                "height": height,
                "tag": "chart",
                "data": data,
            }
        )

    def as_dict(self, rows, cols):
        return {
            "id": self.id,
            "name": self.name,
            "colNumber": 8,
            "rowNumber": rows,
            "rows": {},
            "cols": cols,
            "merges": [],
            "cells": self.cells,
            "styles": self.styles,
            "formats": self.formats,
            "borders": {},
            "conditionalFormats": [],
            "figures": self.figures,
            "tables": [],
            "areGridLinesVisible": False,
            "isVisible": True,
            "headerGroups": {"ROW": [], "COL": []},
            "dataValidationRules": [],
            "comments": {},
        }


# The last level of "Parent / Unit", without the generic name of the one-stop
# institution it starts with.
# (o-spreadsheet has no REPT: the spaces are written out)
SHORT_UNIT_NAME = (
    "=TRIM(SUBSTITUTE(SUBSTITUTE("
    'RIGHT(SUBSTITUTE(Dashboard!A%%d," / ","%s"),100),'
    '"Trung tâm Phục vụ hành chính công ",""),"Bộ phận Một cửa ",""))'
) % (" " * 100)


def _t(text):
    return '=_t("%s")' % text


class Layout:
    """Cells of one dashboard; ``sample`` replaces every formula by a figure."""

    def __init__(self, sample, unit):
        self.sample, self.unit = sample, unit
        self.dash = Sheet("sheet_dashboard", "Dashboard")
        self.data = Sheet("sheet_data", "Data")

    def value(self, formula, sample_value):
        return str(sample_value) if self.sample else formula

    def build(self):
        title = (
            "Citizen satisfaction of my unit"
            if self.unit
            else "Citizen satisfaction in the province"
        )
        self.dash.put("A1", _t(title), TITLE)
        self.dash.put(
            "A2",
            _t("Index = satisfied answers ÷ answers, recomputed from summed counts."),
            SUBTLE,
        )
        self._kpis()
        self._months()
        row = self._ranking(38)
        row = self._competent_ranking(row + 2)
        row = self._quotas(row + 2)
        if self.unit:
            row = self._officers(row + 2)
            row = self._followups(row + 2)
        row = self._themes(row + 2)
        return row

    def _kpis(self):
        kpis = [
            ("Satisfaction index (%)", '=PIVOT.VALUE(1,"satisfaction_index")', 86.4),
            ("Target (%)", '=PIVOT.VALUE(1,"target_index")', 85),
            ("Gap to target (pp)", '=PIVOT.VALUE(1,"target_gap")', 1.4),
            ("Answers", '=PIVOT.VALUE(1,"answer_count")', 2140),
            ("Response rate (%)", '=PIVOT.VALUE(1,"response_rate")', 71.3),
            ("Overdue dossiers", '=PIVOT.VALUE(1,"overdue_count")', 12),
            ("Quota shortfall", '=PIVOT.VALUE(4,"shortfall")', 35),
            ("Index Low (95 %)", '=PIVOT.VALUE(1,"index_low")', 84.9),
            ("Index High (95 %)", '=PIVOT.VALUE(1,"index_high")', 87.8),
        ]
        self.data.put("A1", _t("Key figures"), HEADER)
        self.data.put("B1", _t("Value"), HEADER)
        for offset, (label, formula, sample_value) in enumerate(kpis):
            row = 2 + offset
            self.data.put("A%d" % row, _t(label))
            self.data.put("B%d" % row, self.value(formula, sample_value))
        # the index is read with its 95 % interval (empty when the group is hidden)
        self.data.put(
            "C9",
            self.value(
                "=IF(AND(ISNUMBER(B9),ISNUMBER(B10)),"
                'TEXT(B9,"0.00")&" – "&TEXT(B10,"0.00"),"")',
                "84.90 – 87.80",
            ),
        )
        cards = [
            ("Satisfaction index (%)", "Data!B2", "Data!B3", "vs target"),
            ("95 % interval of the index", "Data!C9", None, None),
            ("Answers", "Data!B5", None, None),
            ("Response rate (%)", "Data!B6", None, None),
            ("Overdue dossiers", "Data!B7", None, None),
            ("Quota shortfall", "Data!B8", None, None),
        ]
        for index, (label, key, baseline, descr) in enumerate(cards):
            data = {
                "type": "scorecard",
                "title": {"text": label, "bold": True, "color": "#434343"},
                "keyValue": key,
                "background": "#EFF6FF" if index == 0 else "#FFFFFF",
                "baselineMode": "difference",
                "baselineColorUp": "#00A04A",
                "baselineColorDown": "#DC6965",
                "humanize": False,
            }
            if baseline:
                data.update(baseline=baseline, baselineDescr=descr)
            # two rows of three, wide enough for the interval and the titles
            x, y = 10 + 330 * (index % 3), 60 + 110 * (index // 3)
            self.dash.figure("cockpit_kpi_%d" % index, x, y, 320, 100, data)

    def _months(self):
        first, last = 12, 12 + MONTHS
        self.data.put("A%d" % (first - 1), _t("Month"), HEADER)
        self.data.put("B%d" % (first - 1), _t("Satisfaction index (%)"), HEADER)
        self.data.put("C%d" % (first - 1), _t("Target (%)"), HEADER)
        self.data.put("D%d" % (first - 1), _t("Answers"), HEADER)
        samples = [
            82.1,
            83.5,
            84.0,
            85.2,
            86.9,
            87.3,
            86.1,
            88.0,
            87.5,
            88.4,
            89.0,
            89.6,
        ]
        for offset in range(MONTHS):
            row, pos = first + offset, offset + 1
            self.data.put(
                "A%d" % row,
                self.value(
                    # a month without answers yet: no "#ERROR" under the line
                    '=IFERROR(PIVOT.HEADER(2,"#month:month",%d),"")' % pos,
                    "%02d/2026" % pos,
                ),
            )
            self.data.put(
                "B%d" % row,
                self.value(
                    '=PIVOT.VALUE(2,"satisfaction_index","#month:month",%d)' % pos,
                    samples[offset],
                ),
            )
            self.data.put(
                "C%d" % row,
                self.value(
                    '=PIVOT.VALUE(2,"target_index","#month:month",%d)' % pos, 85
                ),
            )
            self.data.put(
                "D%d" % row,
                self.value(
                    '=PIVOT.VALUE(2,"answer_count","#month:month",%d)' % pos,
                    150 + 5 * offset,
                ),
            )
        self.dash.figure(
            "cockpit_line_months",
            10,
            290,
            990,
            280,
            {
                "type": "line",
                "title": {
                    "text": "Satisfaction index per complete month, against "
                    "the target (the current month is left out until it ends)"
                },
                "dataSets": [
                    {"dataRange": "Data!B%d:B%d" % (first - 1, last - 1)},
                    {"dataRange": "Data!C%d:C%d" % (first - 1, last - 1)},
                ],
                "dataSetsHaveTitle": True,
                "labelRange": "Data!A%d:A%d" % (first, last - 1),
                "legendPosition": "top",
                "labelsAsText": True,
                "stacked": False,
                "aggregated": False,
                "cumulative": False,
                "fillArea": False,
            },
        )

    def _table(self, row, title, headers):
        self.dash.put("A%d" % row, _t(title), TITLE)
        for col, header in zip("ABCD", headers):
            self.dash.put("%s%d" % (col, row + 1), _t(header), HEADER)
        return row + 2

    def _ranking(self, row):
        first = self._table(
            row,
            "Ranking of units by satisfaction index",
            ["Unit", "Satisfaction index (%)", "Answers (n)", "Overdue dossiers"],
        )
        count = UNITS
        names = ["Phường %d" % (i + 1) for i in range(count)]
        # A bar's label is cut after 20 characters, and most units' names start
        # with the same institution: the chart reads the unit's own part.
        self.data.put("F%d" % (first - 1), _t("Unit"), HEADER)
        for offset in range(count):
            r, pos = first + offset, offset + 1
            self.dash.put(
                "A%d" % r,
                self.value('=PIVOT.HEADER(3,"#unit_id",%d)' % pos, names[offset]),
            )
            self.data.put("F%d" % r, self.value(SHORT_UNIT_NAME % r, names[offset]))
            for col, measure, sample_value in (
                ("B", "satisfaction_index", round(95 - 0.7 * offset, 2)),
                ("C", "answer_count", 120 - 3 * offset),
                ("D", "overdue_count", offset % 3),
            ):
                self.dash.put(
                    "%s%d" % (col, r),
                    self.value(
                        '=PIVOT.VALUE(3,"%s","#unit_id",%d)' % (measure, pos),
                        sample_value,
                    ),
                )
        self.dash.figure(
            "cockpit_bar_units",
            10,
            590,
            990,
            255,
            {
                "type": "bar",
                "title": {"text": "Units ranked by satisfaction index"},
                "dataSets": [
                    {"dataRange": "Dashboard!B%d:B%d" % (first - 1, first + count - 1)}
                ],
                "dataSetsHaveTitle": True,
                "labelRange": "Data!F%d:F%d" % (first, first + count - 1),
                "legendPosition": "none",
                "stacked": False,
                "aggregated": False,
            },
        )
        return first + count

    def _competent_ranking(self, row):
        first = self._table(
            row,
            "Ranking of competent agencies (dossiers they decided, wherever received)",
            [
                "Competent agency",
                "Satisfaction index (%)",
                "Answers (n)",
                "Overdue dossiers",
            ],
        )
        names = ["Sở %d" % (i + 1) for i in range(AGENCIES)]
        for offset in range(AGENCIES):
            r, pos = first + offset, offset + 1
            self.dash.put(
                "A%d" % r,
                self.value('=PIVOT.HEADER(7,"#unit_id",%d)' % pos, names[offset]),
            )
            for col, measure, sample_value in (
                ("B", "satisfaction_index", round(93 - 0.9 * offset, 2)),
                ("C", "answer_count", 300 - 20 * offset),
                ("D", "overdue_count", offset % 4),
            ):
                self.dash.put(
                    "%s%d" % (col, r),
                    self.value(
                        '=PIVOT.VALUE(7,"%s","#unit_id",%d)' % (measure, pos),
                        sample_value,
                    ),
                )
        return first + AGENCIES

    def _quotas(self, row):
        first = self._table(
            row, "Quota shortfalls", ["Unit", "Shortfall", "Quota", "Ratings"]
        )
        for offset in range(QUOTA_ROWS):
            r, pos = first + offset, offset + 1
            self.dash.put(
                "A%d" % r,
                self.value(
                    '=PIVOT.HEADER(4,"#unit_id",%d)' % pos,
                    "Phường %d" % (pos + 10) if pos <= 3 else "",
                ),
            )
            for col, measure, sample_value in (
                ("B", "shortfall", 15 - 5 * offset),
                ("C", "quota", 60),
                ("D", "rating_count", 45 + 5 * offset),
            ):
                self.dash.put(
                    "%s%d" % (col, r),
                    self.value(
                        '=PIVOT.VALUE(4,"%s","#unit_id",%d)' % (measure, pos),
                        sample_value if pos <= 3 else "",
                    ),
                )
        return first + QUOTA_ROWS

    def _officers(self, row):
        first = self._table(
            row,
            "Officers (lowest index first; ▼ below the target)",
            ["Officer", "Satisfaction index (%)", "Answers (n)", "Below target"],
        )
        for offset in range(OFFICERS):
            r, pos = first + offset, offset + 1
            sample_index = round(78 + 1.1 * offset, 2)
            self.dash.put(
                "A%d" % r,
                self.value(
                    '=PIVOT.HEADER(5,"#officer_id",%d)' % pos,
                    "Cán bộ %d" % pos,
                ),
            )
            self.dash.put(
                "B%d" % r,
                self.value(
                    '=PIVOT.VALUE(5,"satisfaction_index","#officer_id",%d)' % pos,
                    sample_index,
                ),
            )
            self.dash.put(
                "C%d" % r,
                self.value(
                    '=PIVOT.VALUE(5,"answer_count","#officer_id",%d)' % pos,
                    30 + offset,
                ),
            )
            self.dash.put(
                "D%d" % r,
                f"=IF(AND(ISNUMBER(B{r}),ISNUMBER(Data!B3)),"
                f'IF(B{r}<Data!B3,"▼",""),"")',
            )
        return first + OFFICERS

    def _followups(self, row):
        first = self._table(
            row,
            "Open follow-ups of low ratings (oldest first)",
            ["Dossier", "Unit", "Assigned to", "Created on"],
        )
        for offset in range(FOLLOWUPS):
            r, pos = first + offset, offset + 1
            for col, field, sample_value in (
                ("A", "dossier_ref", "HS-%04d" % pos if pos <= 3 else ""),
                ("B", "unit_id", "Phường 1" if pos <= 3 else ""),
                ("C", "user_id", "Lê Quang Vinh" if pos <= 3 else ""),
                ("D", "create_date", "0%d/03/2026" % pos if pos <= 3 else ""),
            ):
                self.dash.put(
                    "%s%d" % (col, r),
                    self.value('=ODOO.LIST(1,%d,"%s")' % (pos, field), sample_value),
                )
        return first + FOLLOWUPS

    def _themes(self, row):
        first = self._table(
            row,
            "What citizens write about (themes of comments, most mentioned first)",
            ["Theme", "Ratings mentioning", "Rated low (%)", "Criticisms"],
        )
        samples = [
            ("Thời gian chờ đợi", 42, 61.9, 30),
            ("Hướng dẫn", 35, 45.71, 21),
            ("Thái độ của cán bộ", 28, 32.14, 12),
            ("Đi lại nhiều lần", 17, 70.59, 15),
            ("Cơ sở vật chất", 12, 16.67, 5),
            ("Dịch vụ công trực tuyến", 9, 22.22, 4),
            ("Chi phí ngoài quy định", 3, 100, 3),
        ]
        for offset in range(THEMES):
            r, pos = first + offset, offset + 1
            sample = samples[offset] if offset < len(samples) else ("", "", "", "")
            self.dash.put(
                "A%d" % r,
                self.value('=PIVOT.HEADER(6,"#theme_id",%d)' % pos, sample[0]),
            )
            for col, measure, sample_value in (
                ("B", "rating_count", sample[1]),
                ("C", "low_share", sample[2]),
                ("D", "complaint_count", sample[3]),
            ):
                self.dash.put(
                    "%s%d" % (col, r),
                    self.value(
                        '=PIVOT.VALUE(6,"%s","#theme_id",%d)' % (measure, pos),
                        sample_value,
                    ),
                )
        self.dash.figure(
            "cockpit_bar_themes",
            10,
            (first + THEMES) * ROW_HEIGHT,
            990,
            280,
            {
                "type": "bar",
                "title": {"text": "Ratings mentioning each theme"},
                "dataSets": [
                    {"dataRange": "Dashboard!B%d:B%d" % (first - 1, first + THEMES - 1)}
                ],
                "dataSetsHaveTitle": True,
                "labelRange": "Dashboard!A%d:A%d" % (first, first + THEMES - 1),
                "legendPosition": "none",
                "stacked": False,
                "aggregated": False,
            },
        )
        # rows left free for the chart
        return first + THEMES + 14


def build(unit, sample):
    layout = Layout(sample, unit)
    rows = layout.build() + 5
    pivots = {} if sample else dict(PIVOTS)
    if not sample:
        pivots[6] = THEME_PIVOT
        pivots[7] = COMPETENT_PIVOT
    lists = {}
    if unit and not sample:
        pivots["5"] = OFFICER_PIVOT
        lists["1"] = FOLLOWUP_LIST
    pivots = {str(key): value for key, value in pivots.items()}
    filters = []
    if not sample:
        filters = [
            {
                "id": PERIOD_FILTER,
                "type": "date",
                "label": "Period",
                "defaultValue": "year_to_date",
                "rangeType": "relative",
            },
            {
                "id": UNIT_FILTER,
                "type": "relation",
                "label": "Unit",
                "modelName": "hr.department",
                "defaultValue": [],
                "defaultValueDisplayNames": [],
            },
        ]
    cols = {"0": {"size": 300}, "1": {"size": 170}, "2": {"size": 140}}
    cols["3"] = {"size": 140}
    return {
        "version": 21,
        "sheets": [
            layout.dash.as_dict(rows, cols),
            layout.data.as_dict(60, cols),
        ],
        "styles": STYLES,
        "formats": {},
        "borders": {},
        "revisionId": "START_REVISION",
        "uniqueFigureIds": True,
        "settings": {},
        "pivots": pivots,
        "pivotNextId": 8,
        "customTableStyles": {},
        "odooVersion": 12,
        "globalFilters": filters,
        "lists": lists,
        "listNextId": 2,
        "chartOdooMenusReferences": {},
    }


def main():
    FILES.mkdir(parents=True, exist_ok=True)
    for name, unit in (("province", False), ("unit", True)):
        for suffix, sample in (("", False), ("_sample", True)):
            path = FILES / ("satisfaction_%s%s_dashboard.json" % (name, suffix))
            text = json.dumps(build(unit, sample), ensure_ascii=False, indent=1)
            path.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
