#!/usr/bin/env python3
"""Which server ran what: the phases of bench/replica.sh against a running Odoo.

Odoo serves one database from a PRIMARY (``--db_host/--db_port``) and a
streaming REPLICA (``--db_replica_host/--db_replica_port``), both on
127.0.0.1 with ``pg_stat_statements``. Four phases, each counted on both
servers from ``pg_stat_statements`` (reset before the phase; only the bench
database, not the statements of this script):

1. views: ``--views`` links opened one at a time (GET only), to show what a
   page view costs on each server;
2. load: ``bench/load/loadgen.py``'s rating flows (GET /r/<token>, then POST
   the answers), ``--users`` clients for ``--duration`` seconds;
3. report: a reviewer logged in through JSON-RPC reads the satisfaction index
   as the backend views do (``read_group`` of the pivot, ``web_read_group``
   of the graph, ``web_search_read`` of the list), plus the public results
   page;
4. lag: replay paused on the replica; a citizen opens a link, answers (POST),
   then opens the link again. Without the cookie the POST set, the replica
   still shows the form (the lag is real); with it (a browser), the page says
   "already answered". Replay resumed, then every browser sees "answered".

Fails (exit 1) on any error of the load or the reads, on a submit stored
anywhere but on the primary, on page views or report reads that did not run
on the replica, and on a lagging page that shows the form to the browser that
answered. Standard library and psycopg2 only (Odoo's Python).
"""

import argparse
import http.cookiejar
import importlib.util
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import psycopg2

MARK = "/* replica-bench */ "
# (label, regular expression on the lower-cased statement), first match wins
CATEGORIES = [
    ("transactions (BEGIN)", r"^\s*begin\b"),
    ("INSERT INTO satisfaction_response", r"^\s*insert into \"satisfaction_response\""),
    (
        "rating-page reads (satisfaction_request)",
        r"^\s*select\b.*\"satisfaction_request\"",
    ),
    (
        "index report reads (answer statistics)",
        r"^\s*(with|select)\b.*satisfaction_answer_stat",
    ),
    ("rate-limit counters (own connection)", r"satisfaction_rate_limit"),
    ("registry/cache signaling", r"_signaling"),
]
ANSWERED_TEXT = "This rating has already been sent"


def load_loadgen():
    path = os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "load", "loadgen.py"
    )
    spec = importlib.util.spec_from_file_location("loadgen", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Server:
    """Monitoring connections to one PostgreSQL server (autocommit)."""

    def __init__(self, name, port, db):
        self.name = name
        self.admin = psycopg2.connect(host="127.0.0.1", port=port, dbname="postgres")
        self.admin.autocommit = True
        self.bench = psycopg2.connect(host="127.0.0.1", port=port, dbname=db)
        self.bench.autocommit = True
        self.dbid = self.one("SELECT oid FROM pg_database WHERE datname = %s", (db,))

    def one(self, query, args=(), conn=None):
        with (conn or self.admin).cursor() as cr:
            cr.execute(MARK + query, args)
            row = cr.fetchone()
            return row[0] if row else None

    def reset(self):
        self.one("SELECT pg_stat_statements_reset() IS NULL")

    def statements(self):
        with self.admin.cursor() as cr:
            cr.execute(
                MARK + "SELECT query, calls, rows FROM pg_stat_statements"
                " WHERE dbid = %s AND query NOT LIKE %s",
                (self.dbid, "%replica-bench%"),
            )
            return cr.fetchall()


def count(statements):
    """{category: calls} of pg_stat_statements rows, plus every statement."""
    counts = {label: 0 for label, _regex in CATEGORIES}
    counts["all statements"] = 0
    for query, calls, _rows in statements:
        text = " ".join(query.lower().split())
        counts["all statements"] += calls
        for label, regex in CATEGORIES:
            if re.search(regex, text):
                counts[label] += calls
                break
    return counts


TOP = {}  # phase title -> {server: [(calls, statement), ...]}, for the JSON report


def measure(servers, phase, title=None):
    """Reset, run ``phase()``, return (its result, {server: counts})."""
    for server in servers:
        server.reset()
    result = phase()
    counts = {}
    for server in servers:
        statements = server.statements()
        counts[server.name] = count(statements)
        TOP.setdefault(title or phase.__name__, {})[server.name] = [
            (calls, " ".join(query.split())[:200])
            for query, calls, _rows in sorted(statements, key=lambda row: -row[1])[:40]
        ]
    return result, counts


def table(title, counts, servers):
    lines = [
        "",
        "### %s" % title,
        "",
        "| statements | %s |" % " | ".join(s.name for s in servers),
        "| --- | %s |" % " | ".join("---:" for _s in servers),
    ]
    labels = ["all statements"] + [label for label, _regex in CATEGORIES]
    for label in labels:
        lines.append(
            "| %s | %s |"
            % (label, " | ".join(f"{counts[s.name][label]:,}" for s in servers))
        )
    return "\n".join(lines)


# ---------------------------------------------------------------- HTTP


class Browser:
    """One browser: a cookie jar (paths honoured), one connection per request."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar)
        )

    def open(self, path, data=None, json_body=None, headers=None):
        headers = dict(headers or {})
        body = None
        if json_body is not None:
            body = json.dumps(json_body).encode()
            headers["Content-Type"] = "application/json"
        elif data is not None:
            body = urllib.parse.urlencode(data).encode()
        req = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            with self.opener.open(req, timeout=60) as resp:
                return resp.status, resp.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def call_kw(self, model, method, args, kwargs):
        status, body = self.open(
            "/web/dataset/call_kw/%s/%s" % (model, method),
            json_body={
                "jsonrpc": "2.0",
                "method": "call",
                "id": 1,
                "params": {
                    "model": model,
                    "method": method,
                    "args": args,
                    "kwargs": kwargs,
                },
            },
        )
        answer = json.loads(body) if status == 200 else {"error": status}
        if "error" in answer:
            raise RuntimeError("%s.%s: %s" % (model, method, answer["error"]))
        return answer["result"]


def page_views(base, tokens):
    """GET each link once (a citizen opening the SMS link), one at a time."""

    def phase():
        seen = {"form": 0, "other": 0}
        for token in tokens:
            status, body = Browser(base).open("/r/%s" % token)
            ok = status == 200 and 'action="/r/%s"' % token in body
            seen["form" if ok else "other"] += 1
        return seen

    return phase


def report_reads(base, db, login, password, rounds):
    """A reviewer's index report reads, as the backend's pivot, graph and list."""
    reviewer = Browser(base)
    status, body = reviewer.open(
        "/web/session/authenticate",
        json_body={
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {"db": db, "login": login, "password": password},
        },
    )
    if status != 200 or "error" in json.loads(body):
        raise RuntimeError("login failed: %s %s" % (status, body[:300]))
    model = "satisfaction.index.report"
    context = {"lang": "en_US", "tz": "Asia/Ho_Chi_Minh"}

    def phase():
        done = {
            "read_group": 0,
            "web_read_group": 0,
            "web_search_read": 0,
            "results_page": 0,
        }
        for _ in range(rounds):
            # the pivot view calls read_group, the graph web_read_group, the
            # list web_search_read
            pivot = reviewer.call_kw(
                model,
                "read_group",
                [],
                {
                    "domain": [],
                    "groupby": ["unit_id", "month:month"],
                    "lazy": False,
                    "fields": ["satisfaction_index:avg", "answer_count:sum"],
                    "context": context,
                },
            )
            graph = reviewer.call_kw(
                model,
                "web_read_group",
                [],
                {
                    "domain": [],
                    "groupby": ["month:month"],
                    "lazy": True,
                    "fields": ["satisfaction_index:avg"],
                    "context": context,
                },
            )
            listed = reviewer.call_kw(
                model,
                "web_search_read",
                [],
                {
                    "domain": [],
                    "limit": 80,
                    "context": context,
                    "specification": {
                        "month": {},
                        "unit_id": {"fields": {"display_name": {}}},
                        "criterion_id": {"fields": {"display_name": {}}},
                        "answer_count": {},
                        "satisfied_count": {},
                        "satisfaction_index": {},
                        "reliability": {},
                    },
                },
            )
            if not (pivot and graph["groups"] and listed["records"]):
                raise RuntimeError("the index report read nothing")
            done["read_group"] += 1
            done["web_read_group"] += 1
            done["web_search_read"] += 1
            status, _body = Browser(base).open("/satisfaction/results?lang=en")
            if status != 200:
                raise RuntimeError("results page: HTTP %s" % status)
            done["results_page"] += 1
        return done

    return phase


# ---------------------------------------------------------------- lag


def lag_check(base, token, primary, replica, loadgen):
    """What a citizen sees on a lagging replica, just after answering."""
    path = "/r/%s?lang=en" % token
    form_action = 'action="/r/%s"' % token

    def phase():
        seen = {}
        citizen = Browser(base)
        status, body = citizen.open(path)
        if status != 200 or form_action not in body:
            raise RuntimeError("the link does not show its form (%s)" % status)
        replica.one("SELECT pg_wal_replay_pause()")
        for _ in range(100):
            if replica.one("SELECT pg_get_wal_replay_pause_state()") == "paused":
                break
            time.sleep(0.1)
        seen["replay"] = replica.one("SELECT pg_get_wal_replay_pause_state()")
        _action, fields = loadgen.form_answers(body)
        status, body = citizen.open("/r/%s" % token, data=fields)
        seen["POST"] = status, 'id="ss_thanks"' in body
        seen["cookie"] = sorted(
            "%s path=%s httponly=%s"
            % (c.name, c.path, c.has_nonstandard_attr("HttpOnly"))
            for c in citizen.jar
            if c.name == "ss_answered"
        )
        query = "SELECT state FROM satisfaction_request WHERE access_token = %s"
        seen["state on primary"] = primary.one(query, (token,), conn=primary.bench)
        seen["state on replica"] = replica.one(query, (token,), conn=replica.bench)
        status, body = Browser(base).open(path)  # another browser, no cookie
        seen["GET without the cookie"] = (
            status,
            "form"
            if form_action in body
            else "answered"
            if ANSWERED_TEXT in body
            else "?",
        )
        status, body = citizen.open(path)  # the browser that answered
        seen["GET by the browser that answered"] = (
            status,
            "form"
            if form_action in body
            else "answered"
            if ANSWERED_TEXT in body
            else "?",
        )
        replica.one("SELECT pg_wal_replay_resume()")
        wait_replayed(primary, replica, timeout=30)
        status, body = Browser(base).open(path)
        seen["GET without the cookie, replay resumed"] = (
            status,
            "form"
            if form_action in body
            else "answered"
            if ANSWERED_TEXT in body
            else "?",
        )
        return seen

    return phase


def wait_replayed(primary, replica, timeout=120):
    # The insert position, not pg_current_wal_lsn() (the write position):
    # the primary commits asynchronously (synchronous_commit = off), so a
    # commit acknowledged to the client may still sit in the WAL buffers.
    target = primary.one("SELECT pg_current_wal_insert_lsn()::text")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if replica.one("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (target,)):
            return
        time.sleep(0.2)
    raise RuntimeError("the replica did not catch up within %s s" % timeout)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--primary-port", type=int, required=True)
    parser.add_argument("--replica-port", type=int, required=True)
    parser.add_argument(
        "--tokens", required=True, help="our_tokens.txt of prepare_data.py"
    )
    parser.add_argument("--users", type=int, default=4)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--report-rounds", type=int, default=10)
    parser.add_argument("--views", type=int, default=20, help="page views alone")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    url = urllib.parse.urlsplit(args.base)
    if url.hostname not in ("127.0.0.1", "localhost", "::1"):
        parser.error("the bench only targets the loopback interface")
    loadgen = load_loadgen()
    with open(args.tokens) as f:
        tokens = [t.strip() for t in f if t.strip()]
    lag_token, tokens = tokens[-1], tokens[:-1]

    primary = Server("primary", args.primary_port, args.db)
    replica = Server("replica", args.replica_port, args.db)
    servers = [primary, replica]
    if not replica.one("SELECT pg_is_in_recovery()") or primary.one(
        "SELECT pg_is_in_recovery()"
    ):
        raise SystemExit(
            "port %s must be the primary, %s its replica"
            % (args.primary_port, args.replica_port)
        )
    streaming = primary.one(
        "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'"
    )
    print("replication: %s streaming replica(s) of the primary" % streaming)
    wait_replayed(primary, replica)

    failures = []
    report = {}

    view_tokens, tokens = tokens[-args.views :], tokens[: -args.views]
    views, view_counts = measure(servers, page_views(args.base, view_tokens), "views")
    print("page views: %s" % views)
    print(
        table("Page views only (GET /r/<token>, one at a time)", view_counts, servers)
    )
    per_view = {
        s.name: round(view_counts[s.name]["all statements"] / max(1, views["form"]), 1)
        for s in servers
    }
    print("statements per page view: %s" % per_view)
    if views["form"] != len(view_tokens):
        failures.append("page views: %s" % views)
    if view_counts["primary"]["rating-page reads (satisfaction_request)"]:
        failures.append("page views read the rating request on the primary")

    load, load_counts = measure(
        servers,
        lambda: loadgen.run_phase(
            (url.hostname, url.port), "ours", tokens, args.users, args.duration, 30.0
        ),
        "load",
    )
    wait_replayed(primary, replica)
    print(
        "load: %s clients, %.1f s: GET %s (errors %s), POST %s (errors %s), flows ok %s"
        % (
            args.users,
            load["elapsed_s"],
            load["GET"]["requests"],
            load["GET"]["errors"],
            load["POST"]["requests"],
            load["POST"]["errors"],
            load["flows_ok"],
        )
    )
    print(
        table("Load: rating flows (GET page view + POST submit)", load_counts, servers)
    )
    if load["ALL"]["errors"] or not load["flows_ok"]:
        failures.append(
            "load errors: %s %s"
            % (load["GET"]["error_kinds"], load["POST"]["error_kinds"])
        )
    inserts = {
        s.name: load_counts[s.name]["INSERT INTO satisfaction_response"]
        for s in servers
    }
    if inserts["replica"] or inserts["primary"] != load["flows_ok"]:
        failures.append(
            "submits stored %s, expected %s on the primary only"
            % (inserts, load["flows_ok"])
        )
    if (
        load_counts["replica"]["rating-page reads (satisfaction_request)"]
        < load["GET"]["requests"]
    ):
        failures.append("page views did not read the replica")

    reads, report_counts = measure(
        servers,
        report_reads(args.base, args.db, args.login, args.password, args.report_rounds),
        "report",
    )
    print()
    print("report reads: %s" % reads)
    print(
        table(
            "Reviewer report reads (JSON-RPC) and the public results page",
            report_counts,
            servers,
        )
    )
    stat = "index report reads (answer statistics)"
    if report_counts["primary"][stat] or not report_counts["replica"][stat]:
        failures.append(
            "index report reads not on the replica only: primary %s, replica %s"
            % (report_counts["primary"][stat], report_counts["replica"][stat])
        )

    lag, lag_counts = measure(
        servers, lag_check(args.base, lag_token, primary, replica, loadgen), "lag"
    )
    print()
    print("lag check (replay paused on the replica):")
    for key, value in lag.items():
        print("  %s: %s" % (key, value))
    print(table("Lag check: view, submit, view again", lag_counts, servers))
    if lag["GET by the browser that answered"] != (200, "answered"):
        failures.append(
            "the browser that answered saw %s"
            % (lag["GET by the browser that answered"],)
        )
    if lag["GET without the cookie, replay resumed"] != (200, "answered"):
        failures.append(
            "after replay: %s" % (lag["GET without the cookie, replay resumed"],)
        )
    if lag["state on replica"] == "answered":
        failures.append("the replica was not lagging: the check proved nothing")

    report.update(
        load=load,
        load_counts=load_counts,
        reads=reads,
        report_counts=report_counts,
        lag=lag,
        lag_counts=lag_counts,
        failures=failures,
        top_statements=TOP,
    )
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2, default=str)
    print()
    if failures:
        for failure in failures:
            print("FAILED: %s" % failure)
        return 1
    print("replica bench: ok (0 errors)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
