#!/usr/bin/env python3
"""Two Odoo worker processes together admit the rate limit, not twice it.

    python3 bench/rate_limit_workers.py              # small: limit 10, 40 requests
    python3 bench/rate_limit_workers.py --limit 50 --requests 400 --clients 16

Creates a fresh database (``satisfaction_rl_workers_<pid>``: no demo data,
only this module), measures the cost of one check in-process, starts Odoo
with ``--workers=2 --max-cron-threads=0`` on 127.0.0.1 (free port), sets the
limits from this process (``set_param``, then the registry's cache signal)
and, with ``--clients`` concurrent clients (threads, standard library HTTP,
one connection per request, every request with a timeout):

1. IP limit ``<limit>/3600``, token limit off: ``--requests`` GETs of
   ``/r/<token>``, a different unknown token each (only the IP counts);
2. IP limit off, token limit ``<limit>/3600``: ``--requests`` GETs of one
   unknown token (unknown tokens are counted like real ones, answered 404).

Each phase must admit exactly ``--limit`` requests (any status but 429) and
refuse the others with 429, and both worker processes must have served
requests of the phase (the process ids of Odoo's request log). Then the cost
of the limiter end to end: ``--latency-requests`` sequential GETs with both
limits off, then on (never reached), in alternating blocks; median latency,
client side and server side (Odoo's request log).
Prints the figures; exits 1 when a check fails. Drops the database and
stops the server at the end (``--keep-db`` keeps the database).
"""

import argparse
import concurrent.futures
import http.client
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODULE = "satisfaction_survey"
HOST = "127.0.0.1"
WINDOW = 3600  # long: a phase never straddles the point where old hits fade
NEVER_REACHED = 10**8  # the largest limit a setting takes is 9 digits
# Odoo's request log: "<date> <time> <pid> INFO <db> werkzeug: <ip> - - [...]
# "GET /r/<token> HTTP/1.1" <status> - <queries> <SQL seconds> <other seconds>"
REQUEST_LOG_RE = re.compile(
    r'^\S+ \S+ (\d+) INFO \S+ werkzeug: .*"GET /r/([^ ?"]+) HTTP/[\d.]+" '
    r"(\d+) - (\d+) ([\d.]+) ([\d.]+)"
)


def free_port():
    """Below the ephemeral range (scripts/free_port.py says why)."""
    output = subprocess.check_output(
        [sys.executable, os.path.join(REPO_ROOT, "scripts", "free_port.py")], text=True
    )
    return int(output)


def odoo_addons_path(link_dir):
    import odoo

    odoo_addons = os.path.realpath(
        os.path.join(os.path.dirname(odoo.__file__), "..", "addons")
    )
    os.symlink(REPO_ROOT, os.path.join(link_dir, MODULE))
    return "%s,%s" % (link_dir, odoo_addons)


def get(port, path, timeout=30):
    """(status, seconds) of one GET on its own connection."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Accept-Language": "vi-VN"})
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        conn.close()


def wait_until_up(port, server, seconds=180):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("Odoo exited with code %s" % server.returncode)
        try:
            if get(port, "/web/health", timeout=5)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError("Odoo did not answer within %s s" % seconds)


def load_registry(db, addons_path, data_dir):
    """The database's registry in this process (for the settings and the timing)."""
    import odoo

    odoo.tools.config.parse_config(
        [
            "-d",
            db,
            "--addons-path",
            addons_path,
            "--data-dir",
            data_dir,
            "--log-level=warn",
        ]
    )
    return odoo.modules.registry.Registry(db)


def measure_check_cost(args, registry):
    """Milliseconds per check (two counters, as on the page), in-process."""
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        limiter = api.Environment(cr, SUPERUSER_ID, {})["satisfaction.rate.limit"]
        timings = []
        for i in range(args.check_samples):
            # as on the page: the client's address (a few), then the token (new)
            counters = [
                (("bench", "ip", i % 50), (NEVER_REACHED, WINDOW)),
                (("bench", "token", i), (NEVER_REACHED, WINDOW)),
            ]
            started = time.perf_counter()
            limiter._hit(counters)
            timings.append((time.perf_counter() - started) * 1000)
        limiter._reset()
    return timings


def run_phase(port, paths, clients):
    with concurrent.futures.ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(lambda path: get(port, path), paths))
    return Counter(status for status, _ in results)


def install(common, db):
    started = time.monotonic()
    subprocess.run(
        common
        + [
            "-i",
            MODULE,
            "--without-demo=all",
            "--stop-after-init",
            "--workers=0",
            "--log-level=warn",
        ],
        check=True,
        stdin=subprocess.DEVNULL,
    )
    print("database %s installed in %.0f s" % (db, time.monotonic() - started))


def start_server(common, args, db, log_path):
    with open(log_path, "w") as log:
        return subprocess.Popen(
            common
            + [
                "--workers=%s" % args.workers,
                "--db-filter=^%s$" % db,
                "--log-level=warn",
                "--log-handler=werkzeug:INFO",
                "--limit-time-real=120",
            ],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop_server(server):
    if server is not None and server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def settings_client(registry):
    """``limits(ip, token)``: sets both settings, then tells the workers.

    In this process rather than through XML-RPC: each RPC call checks the
    password again (a deliberately slow hash) once the settings have cleared
    the caches.
    """
    from odoo import SUPERUSER_ID, api

    def limits(ip, token):
        with registry.cursor() as cr:
            icp = api.Environment(cr, SUPERUSER_ID, {})["ir.config_parameter"]
            icp.set_param("satisfaction_survey.rate_limit_ip", ip)
            icp.set_param("satisfaction_survey.rate_limit_token", token)
        registry.signal_changes()

    return limits


def new_path():
    """``/r/<token>``: a well-formed token that matches no request."""
    return "/r/%s" % secrets.token_urlsafe(16)


def run_limit_phases(args, port, limits, failures):
    """The two phases; returns the tokens each phase used."""
    phases = {
        "ip": ("%s/%s" % (args.limit, WINDOW), "0", False),
        "token": ("0", "%s/%s" % (args.limit, WINDOW), True),
    }
    used = {}
    for name, (ip_limit, token_limit, same_token) in phases.items():
        limits(ip_limit, token_limit)
        one = new_path()
        paths = [one if same_token else new_path() for _ in range(args.requests)]
        started = time.monotonic()
        statuses = run_phase(port, paths, args.clients)
        elapsed = time.monotonic() - started
        admitted = sum(n for status, n in statuses.items() if status != 429)
        used[name] = {path.rsplit("/", 1)[-1] for path in paths}
        print(
            "%-5s limit %s/%s s: %s requests, %s clients, %s workers: "
            "%s admitted, %s refused (429), statuses %s, %.1f s"
            % (
                name,
                args.limit,
                WINDOW,
                args.requests,
                args.clients,
                args.workers,
                admitted,
                statuses.get(429, 0),
                dict(sorted(statuses.items())),
                elapsed,
            )
        )
        if admitted != args.limit:
            failures.append(
                "%s: %s admitted, expected %s" % (name, admitted, args.limit)
            )
    return used


def run_latency(args, port, limits, failures):
    """Sequential GETs, limits off and on (never reached), alternating blocks.

    Returns the tokens of each state; prints the client-side medians.
    """
    latencies, tokens = {"off": [], "on": []}, {"off": set(), "on": set()}
    statuses = {"off": Counter(), "on": Counter()}
    block = 10
    for _ in range(0, args.latency_requests, block):
        for state in ("off", "on"):
            value = "0" if state == "off" else "%s/%s" % (NEVER_REACHED, WINDOW)
            limits(value, value)
            for _ in range(block):
                path = new_path()
                tokens[state].add(path.rsplit("/", 1)[-1])
                status, seconds = get(port, path)
                statuses[state][status] += 1
                latencies[state].append(seconds * 1000)
    off, on = (statistics.median(latencies[state]) for state in ("off", "on"))
    print(
        "GET /r/<unknown token>, sequential, %s each, client side: median %.2f ms "
        "limits off, %.2f ms on (difference %.2f ms)"
        % (len(latencies["off"]), off, on, on - off)
    )
    if set(statuses["off"]) | set(statuses["on"]) != {404}:
        failures.append("latency: statuses %s, expected 404 only" % statuses)
    return tokens


def read_request_log(log_path):
    """token -> (worker pid, SQL queries, server seconds) from Odoo's request log."""
    requests = {}
    with open(log_path) as log:
        for line in log:
            match = REQUEST_LOG_RE.match(line)
            if match:
                pid, token, _status, queries, sql, other = match.groups()
                requests.setdefault(token, []).append(
                    (pid, int(queries), float(sql) + float(other))
                )
    return requests


def check_processes(requests, used, failures):
    """Both worker processes served requests of each phase."""
    for name, tokens in used.items():
        served_by = {pid for token in tokens for pid, _, _ in requests.get(token, [])}
        print("%-5s served by %s worker processes" % (name, len(served_by)))
        if len(served_by) < 2:
            failures.append("%s: served by %s process(es)" % (name, len(served_by)))


def print_server_side(requests, tokens):
    """Server-side time and queries of the latency requests, off and on."""
    medians = {}
    for state, state_tokens in tokens.items():
        rows = [row for token in state_tokens for row in requests.get(token, [])]
        medians[state] = (
            statistics.median(seconds * 1000 for _, _, seconds in rows),
            statistics.median(queries for _, queries, _ in rows),
        )
    print(
        "same requests, server side (Odoo's request log): median %.2f ms and %s "
        "queries limits off, %.2f ms and %s queries on (difference %.2f ms)"
        % (*medians["off"], *medians["on"], medians["on"][0] - medians["off"][0])
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--requests", type=int, default=40, help="per phase")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--latency-requests", type=int, default=100)
    parser.add_argument("--check-samples", type=int, default=500)
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()
    if args.requests <= args.limit or args.workers < 2 or args.clients < 2:
        sys.exit("need --requests > --limit, --workers >= 2, --clients >= 2")

    db = "satisfaction_rl_workers_%s" % os.getpid()
    tmp = tempfile.mkdtemp(prefix="rl_workers_")
    link_dir = os.path.join(tmp, "addons")
    os.mkdir(link_dir)
    addons_path = odoo_addons_path(link_dir)
    data_dir = os.path.join(tmp, "data")
    log_path = os.path.join(tmp, "odoo.log")
    port = free_port()
    common = [
        sys.executable,
        # not ``-m odoo``: that script says why
        os.path.join(REPO_ROOT, "scripts", "odoo-run.py"),
        "-d",
        db,
        "--addons-path=%s" % addons_path,
        "--data-dir=%s" % data_dir,
        "--http-interface=%s" % HOST,
        "--http-port=%s" % port,
        "--gevent-port=%s" % free_port(),
        "--max-cron-threads=0",
    ]
    server = None
    failures = []
    try:
        install(common, db)
        registry = load_registry(db, addons_path, data_dir)
        timings = measure_check_cost(args, registry)
        print(
            "one check (2 counters, own connection, autocommit), %s samples: "
            "median %.2f ms, p90 %.2f ms"
            % (
                len(timings),
                statistics.median(timings),
                statistics.quantiles(timings, n=10)[-1],
            )
        )
        server = start_server(common, args, db, log_path)
        wait_until_up(port, server)
        limits = settings_client(registry)
        # warm-up, limits off: every worker loads the registry
        limits("0", "0")
        run_phase(port, [new_path() for _ in range(4 * args.clients)], 4)
        used = run_limit_phases(args, port, limits, failures)
        latency_tokens = run_latency(args, port, limits, failures)
        stop_server(server)
        requests = read_request_log(log_path)
        check_processes(requests, used, failures)
        print_server_side(requests, latency_tokens)
    except Exception as exc:  # noqa: BLE001 - reported as a failure, cleaned up
        failures.append(repr(exc))
    finally:
        stop_server(server)
        if args.keep_db:
            print("kept database %s" % db)
        else:
            subprocess.run(["dropdb", "--if-exists", "--force", db], check=False)
        if failures and os.path.exists(log_path):
            print("Odoo log kept: %s" % log_path)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    for failure in failures:
        print("FAILED:", failure)
    print("OK" if not failures else "FAILED")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
