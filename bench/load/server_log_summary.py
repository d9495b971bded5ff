#!/usr/bin/env python3
"""Server-side view of a load run: SQL queries and time per request, from Odoo's log.

With ``--log-level=info`` Odoo logs one ``werkzeug`` line per request, ending
with three figures: SQL query count, SQL time (s) and the remaining (Python)
time (s). This script groups them by route and method:

    python3 bench/load/server_log_summary.py .build/bench_load/<run>/odoo.log

Tokens are in the logged URLs; they are dropped here, only aggregates are
printed.
"""

import re
import statistics
import sys

LINE_RE = re.compile(
    r'"(GET|POST) (\S+) HTTP/[\d.]+" (\d{3}) \S+ (\d+) ([\d.]+) ([\d.]+)'
)
ROUTES = [
    (re.compile(r"^/r/[^/?]+"), "ours /r/<token>"),
    (re.compile(r"^/rate/[^/]+/submit_feedback"), "core /rate/<token>/submit_feedback"),
    (re.compile(r"^/rate/[^/]+/\d"), "core /rate/<token>/<rate>"),
]


def route_of(path):
    for pattern, name in ROUTES:
        if pattern.match(path):
            return name
    return None


def main(path):
    groups = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = LINE_RE.search(line)
            if not m:
                continue
            method, url, status, queries, sql_s, other_s = m.groups()
            route = route_of(url)
            if not route:
                continue
            g = groups.setdefault(
                (route, method), {"n": 0, "q": [], "sql": [], "py": [], "status": {}}
            )
            g["n"] += 1
            g["q"].append(int(queries))
            g["sql"].append(float(sql_s) * 1000)
            g["py"].append(float(other_s) * 1000)
            g["status"][status] = g["status"].get(status, 0) + 1
    print(
        "| route | method | requests | SQL queries/req (mean) | SQL ms/req (mean) "
        "| Python ms/req (mean) | server ms p50 | statuses |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---|")
    for (route, method), g in sorted(groups.items()):
        total = sorted(s + p for s, p in zip(g["sql"], g["py"]))
        print(
            "| %s | %s | %d | %.1f | %.1f | %.1f | %.1f | %s |"
            % (
                route,
                method,
                g["n"],
                statistics.mean(g["q"]),
                statistics.mean(g["sql"]),
                statistics.mean(g["py"]),
                statistics.median(total),
                ", ".join("%s: %d" % kv for kv in sorted(g["status"].items())),
            )
        )


if __name__ == "__main__":
    main(sys.argv[1])
