#!/usr/bin/env python3
"""Closed-loop HTTP load generator for the public rating pages (issue #5, item 7).

Standard library only (threads + http.client), so it runs wherever Odoo runs.
Each of ``--users`` virtual clients repeats one *rating flow* until the phase
ends: take a fresh token, GET the rating page (a page view), read the CSRF
token, the session cookie and every question from the form, then POST the
form with every answer filled in (a submit). Two scenarios:

  ours   GET /r/<token>                 POST /r/<token>
  core   GET /rate/<token>/5            POST /rate/<token>/submit_feedback

Odoo's HTTP workers speak HTTP/1.0, one request per connection, so every
request opens its own connection to the server (as a browser behind no proxy
would). Latency is measured from connect to the last byte of the body.

A response counts as an error when the status is not the expected one
(200), when the expected marker is missing from the body (the form for a GET,
the thank-you page for a POST), or on a timeout/connection failure.

Bounded: the phase stops starting flows after ``--duration`` seconds or when
the tokens run out, every request has a ``--timeout``, and all connections
go to the given base URL (127.0.0.1 only, checked).

    python3 bench/load/loadgen.py --base http://127.0.0.1:8190 \
        --phase ours:/tmp/b/our_tokens.txt --phase core:/tmp/b/core_tokens.txt \
        --users 16 --duration 60 --json /tmp/b/result.json

Several ``--phase`` options run one after the other in the same run, each
with the same concurrency and duration (the order can be repeated, e.g.
ours, core, ours, core). ``--server-pid`` and ``--db`` add CPU accounting:
CPU seconds used by the Odoo processes and by the PostgreSQL backends of the
database during the phase, per request, and by everything else on the machine
(the load of other users of a shared machine).
"""

import argparse
import http.client
import json
import os
import re
import sys
import threading
import time
import urllib.parse
from collections import Counter

SCENARIOS = {
    # name: (GET path, marker in GET body, marker in POST body)
    "ours": ("/r/{token}", 'name="csrf_token"', "ss-done"),
    "core": ("/rate/{token}/5", 'name="csrf_token"', "o_rating_page_thank_you"),
}
# A Vietnamese citizen's phone browser. Accept-Language matters: the core
# route is a ``website=True`` route, and Odoo's http_routing redirects (303
# to /en/...) a request whose language differs from the default language.
BROWSER_HEADERS = {
    "User-Agent": "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 "
    "(KHTML, like Gecko) "
    "Chrome/126.0 Mobile Safari/537.36 satisfaction-survey-loadgen/1",
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7",
}
COMMENT = "Bench: cán bộ hướng dẫn tận tình, thủ tục nhanh."

INPUT_RE = re.compile(r"<input\b[^>]*>", re.I | re.S)
TEXTAREA_RE = re.compile(r"<textarea\b[^>]*>", re.I | re.S)
FORM_RE = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>", re.I | re.S)
ATTR_RE = re.compile(r"([a-zA-Z_:-]+)\s*=\s*\"([^\"]*)\"", re.S)


def attrs(tag):
    return {k.lower(): v for k, v in ATTR_RE.findall(tag)}


def unescape(value):
    return (
        value.replace("&amp;", "&")
        .replace("&quot;", '"')
        .replace("&lt;", "<")
        .replace("&gt;", ">")
    )


def form_answers(body):
    """(action, fields) of the page's POST form, every question answered.

    Radios: the highest value of each group (the most satisfied answer, so no
    follow-up reason is required). Textareas: a short comment, except the
    low-score ``reason`` (only asked after a low answer). Hidden inputs as is.
    Checkboxes (contact consent) are left unchecked.
    """
    form = FORM_RE.search(body)
    action = unescape(attrs(form.group(0)).get("action", "")) if form else ""
    fields = {}
    radios = {}
    for tag in INPUT_RE.findall(body):
        a = attrs(tag)
        name, kind = a.get("name"), a.get("type", "text").lower()
        if not name:
            continue
        if kind == "hidden":
            fields[name] = unescape(a.get("value", ""))
        elif kind == "radio":
            try:
                radios.setdefault(name, []).append(int(a.get("value", "")))
            except ValueError:
                pass
    for name, values in radios.items():
        fields[name] = str(max(values))
    for tag in TEXTAREA_RE.findall(body):
        name = attrs(tag).get("name")
        if name and name != "reason":
            fields[name] = COMMENT
    return action, fields


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = {"GET": [], "POST": []}
        self.statuses = {"GET": Counter(), "POST": Counter()}
        self.errors = {"GET": Counter(), "POST": Counter()}
        self.flows = 0
        self.bytes = {"GET": 0, "POST": 0}
        self.last_done = None

    def add(self, kind, ms, status, error, size=0):
        with self.lock:
            self.bytes[kind] += size
            self.latencies[kind].append(ms)
            self.statuses[kind][str(status)] += 1
            if error:
                self.errors[kind][error] += 1
            self.last_done = time.monotonic()


def request(host, port, method, path, headers, body, timeout):
    """(status, headers, body text, elapsed ms); one connection per request."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        elapsed = (time.perf_counter() - started) * 1000
        return resp.status, resp.headers, data.decode("utf-8", "replace"), elapsed
    finally:
        conn.close()


def cookies_of(headers):
    """The Cookie header a browser sends back (session_id, frontend_lang, ...)."""
    pairs = [value.split(";", 1)[0] for value in headers.get_all("Set-Cookie") or []]
    return "; ".join(pair for pair in pairs if "=" in pair) or None


def one_flow(base, scenario, token, stats, timeout):
    host, port = base
    get_path, get_marker, post_marker = SCENARIOS[scenario]
    path = get_path.format(token=token)
    ua = dict(BROWSER_HEADERS)
    try:
        status, headers, body, ms = request(host, port, "GET", path, ua, None, timeout)
    except Exception as exc:  # noqa: BLE001 - every failure is an error figure
        stats.add("GET", timeout * 1000.0, "exc", type(exc).__name__)
        return
    error = None
    if status != 200:
        error = "status_%s" % status
    elif get_marker not in body:
        error = "no_form"
    stats.add("GET", ms, status, error, len(body.encode()))
    if error:
        return
    action, fields = form_answers(body)
    cookie = cookies_of(headers)
    post_headers = dict(ua, **{"Content-Type": "application/x-www-form-urlencoded"})
    if cookie:
        post_headers["Cookie"] = cookie
    payload = urllib.parse.urlencode(fields).encode()
    try:
        status, _headers, body, ms = request(
            host, port, "POST", action or path, post_headers, payload, timeout
        )
    except Exception as exc:  # noqa: BLE001
        stats.add("POST", timeout * 1000.0, "exc", type(exc).__name__)
        return
    error = None
    if status != 200:
        error = "status_%s" % status
    elif post_marker not in body:
        error = "no_thanks"
    stats.add("POST", ms, status, error, len(body.encode()))
    if not error:
        with stats.lock:
            stats.flows += 1


def percentile(sorted_values, p):
    """Nearest-rank percentile of a sorted list."""
    if not sorted_values:
        return None
    rank = max(1, int(-(-p * len(sorted_values) // 100)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


# ---------------------------------------------------------------- CPU accounting
CLK = os.sysconf("SC_CLK_TCK")


def _proc_times(pid):
    """(own CPU seconds, CPU seconds of the children it has waited for) of
    ``pid``, or (None, None) when it is gone. The second is how processes
    that start and end within a phase (a PostgreSQL backend per new
    connection, say) show: on their parent."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        utime, stime, cutime, cstime = (int(value) for value in fields[11:15])
    except (OSError, IndexError, ValueError):
        return None, None
    return (utime + stime) / CLK, (cutime + cstime) / CLK


def _proc_cpu(pid):
    return _proc_times(pid)[0]


def _children(pid):
    out = []
    try:
        for task in os.listdir("/proc/%d/task" % pid):
            with open("/proc/%d/task/%s/children" % (pid, task)) as f:
                out += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return out


def _tree(pid):
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        todo += _children(p)
    return pids


def _pg_backends(db):
    pids = []
    if not db:
        return pids
    needle = " %s " % db
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % entry, "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if cmd.startswith("postgres:") and needle in cmd + " ":
            pids.append(int(entry))
    return pids


def _machine_cpu():
    """(busy seconds, {irq, softirq, steal}: busy seconds of no process) of
    the machine (/proc/stat)."""
    with open("/proc/stat") as f:
        parts = [int(x) for x in f.readline().split()[1:]]
    idle = parts[3] + parts[4]  # idle + iowait
    return (sum(parts) - idle) / CLK, {
        "irq": parts[5] / CLK,
        "softirq": parts[6] / CLK,
        "steal": parts[7] / CLK,
    }


def _label(pid):
    """What a process is, for the breakdown of the CPU no group claims: a
    PostgreSQL process by its title without the client part (``postgres:
    15/main: root postgres``, ``postgres: 15/main: walwriter``), any other by
    its command name."""
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            cmd = f.read().replace(b"\0", b" ").decode("utf-8", "replace").strip()
        if cmd.startswith("postgres:"):
            return " ".join(cmd.split()[:4]).replace("[local]", "").strip()
        with open("/proc/%d/comm" % pid) as f:
            return f.read().strip()
    except OSError:
        return None


def _all_processes():
    """{pid: (label, CPU seconds, reaped children's CPU seconds)} of every process."""
    result = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            pid = int(entry)
            cpu, reaped = _proc_times(pid)
            if cpu is not None:
                result[pid] = (_label(pid), cpu, reaped)
    return result


def cpu_snapshot(server_pid, db):
    busy, parts = _machine_cpu()
    snap = {
        "machine": busy,
        "parts": parts,
        "self": _proc_cpu(os.getpid()),
        "odoo": {},
        "pg": {},
    }
    if server_pid:
        snap["odoo"] = {p: _proc_cpu(p) for p in _tree(server_pid)}
    snap["pg"] = {p: _proc_cpu(p) for p in _pg_backends(db)}
    snap["all"] = _all_processes()
    with open("/proc/loadavg") as f:
        snap["loadavg"] = f.read().split()[:3]
    return snap


def cpu_delta(before, after):
    def group(name):
        total = 0.0
        for pid, value in after[name].items():
            if value is None:
                continue
            total += value - (before[name].get(pid) or 0.0)
        return total

    odoo, pg = group("odoo"), group("pg")
    machine = after["machine"] - before["machine"]
    me = (after["self"] or 0) - (before["self"] or 0)
    # the rest, by process (those that started or ended within the phase
    # count what /proc still showed) and by the kernel's own accounts
    claimed = set(after["odoo"]) | set(after["pg"]) | {os.getpid()}
    others = Counter()
    for pid, (label, value, reaped) in after["all"].items():
        _label_before, value_before, reaped_before = before["all"].get(
            pid, (None, 0.0, 0.0)
        )
        if pid not in claimed and value > value_before:
            others[label or "?"] += value - value_before
        if reaped > reaped_before:
            others["(ended children of %s)" % (label or "?")] += reaped - reaped_before
    for part, value in after["parts"].items():
        others["(kernel: %s)" % part] += value - before["parts"][part]
    return {
        "machine_busy_s": round(machine, 2),
        "odoo_s": round(odoo, 2),
        "postgres_s": round(pg, 2),
        "loadgen_s": round(me, 2),
        "other_s": round(machine - odoo - pg - me, 2),
        "other_top": [
            [label, round(value, 2)]
            for label, value in others.most_common(8)
            if value >= 0.01
        ],
        "loadavg_before": before["loadavg"],
        "loadavg_after": after["loadavg"],
    }


# ---------------------------------------------------------------- phases
def run_phase(
    base, scenario, tokens, users, duration, timeout, server_pid=None, db=None
):
    stats = Stats()
    lock = threading.Lock()
    token_iter = iter(tokens)
    state = {"exhausted": False}
    deadline = time.monotonic() + duration

    def next_token():
        with lock:
            try:
                return next(token_iter)
            except StopIteration:
                state["exhausted"] = True
                return None

    def worker():
        while time.monotonic() < deadline:
            token = next_token()
            if token is None:
                return
            one_flow(base, scenario, token, stats, timeout)

    before = cpu_snapshot(server_pid, db)
    started = time.monotonic()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(duration + 3 * timeout + 10)
    ended = stats.last_done or time.monotonic()
    after = cpu_snapshot(server_pid, db)
    elapsed = max(ended - started, 1e-6)
    result = {
        "scenario": scenario,
        "users": users,
        "duration_s": duration,
        "elapsed_s": round(elapsed, 2),
        "flows_ok": stats.flows,
        "flows_per_s": round(stats.flows / elapsed, 2),
        "tokens_exhausted": state["exhausted"],
        "cpu": cpu_delta(before, after),
    }
    total_requests = 0
    for kind in ("GET", "POST"):
        lat = sorted(stats.latencies[kind])
        total_requests += len(lat)
        result[kind] = {
            "requests": len(lat),
            "rps": round(len(lat) / elapsed, 2),
            "p50_ms": round(percentile(lat, 50), 1) if lat else None,
            "p95_ms": round(percentile(lat, 95), 1) if lat else None,
            "p99_ms": round(percentile(lat, 99), 1) if lat else None,
            "max_ms": round(lat[-1], 1) if lat else None,
            "errors": sum(stats.errors[kind].values()),
            "mean_body_bytes": round(stats.bytes[kind] / len(lat)) if lat else None,
            "error_kinds": dict(stats.errors[kind]),
            "statuses": dict(stats.statuses[kind]),
        }
    all_lat = sorted(stats.latencies["GET"] + stats.latencies["POST"])
    result["ALL"] = {
        "requests": total_requests,
        "rps": round(total_requests / elapsed, 2),
        "p50_ms": round(percentile(all_lat, 50), 1) if all_lat else None,
        "p95_ms": round(percentile(all_lat, 95), 1) if all_lat else None,
        "p99_ms": round(percentile(all_lat, 99), 1) if all_lat else None,
        "errors": result["GET"]["errors"] + result["POST"]["errors"],
    }
    if total_requests:
        result["cpu"]["odoo_ms_per_request"] = round(
            1000 * result["cpu"]["odoo_s"] / total_requests, 1
        )
        result["cpu"]["postgres_ms_per_request"] = round(
            1000 * result["cpu"]["postgres_s"] / total_requests, 1
        )
    return result


def format_table(results):
    head = (
        "| phase | request | requests | req/s | p50 ms | p95 ms | p99 ms | max ms "
        "| errors |"
    )
    lines = [head, "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for i, r in enumerate(results, 1):
        for kind in ("GET", "POST", "ALL"):
            s = r[kind]
            lines.append(
                "| %d %s | %s | %s | %s | %s | %s | %s | %s | %s |"
                % (
                    i,
                    r["scenario"],
                    kind,
                    s["requests"],
                    s["rps"],
                    s["p50_ms"],
                    s["p95_ms"],
                    s["p99_ms"],
                    s.get("max_ms", ""),
                    s["errors"],
                )
            )
    lines.append("")
    lines.append(
        "| phase | flows ok | flows/s | Odoo CPU s | PG CPU s | loadgen CPU s "
        "| other CPU s | Odoo ms/req | PG ms/req | loadavg before -> after |"
    )
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for i, r in enumerate(results, 1):
        c = r["cpu"]
        lines.append(
            "| %d %s | %s | %s | %s | %s | %s | %s | %s | %s | %s -> %s |"
            % (
                i,
                r["scenario"],
                r["flows_ok"],
                r["flows_per_s"],
                c["odoo_s"],
                c["postgres_s"],
                c["loadgen_s"],
                c["other_s"],
                c.get("odoo_ms_per_request"),
                c.get("postgres_ms_per_request"),
                "/".join(c["loadavg_before"]),
                "/".join(c["loadavg_after"]),
            )
        )
    lines.append("")
    lines.append("| phase | the other CPU, largest first (s) |")
    lines.append("|---|---|")
    for i, r in enumerate(results, 1):
        lines.append(
            "| %d %s | %s |"
            % (
                i,
                r["scenario"],
                ", ".join(
                    "%s %s" % (label, value) for label, value in r["cpu"]["other_top"]
                ),
            )
        )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8190")
    parser.add_argument(
        "--phase",
        action="append",
        required=True,
        metavar="SCENARIO:TOKENFILE",
        help="ours:FILE or core:FILE; repeat for several phases, run in order",
    )
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument(
        "--warmup",
        type=int,
        default=8,
        help="untimed flows per scenario before the phases",
    )
    parser.add_argument(
        "--pause", type=float, default=5.0, help="seconds of rest between phases"
    )
    parser.add_argument("--server-pid", type=int)
    parser.add_argument("--db")
    parser.add_argument("--json")
    args = parser.parse_args(argv)

    url = urllib.parse.urlsplit(args.base)
    if url.hostname not in ("127.0.0.1", "localhost", "::1"):
        parser.error("the load test only targets the loopback interface")
    base = (url.hostname, url.port or 80)

    token_pools = {}
    phases = []
    for spec in args.phase:
        scenario, _, path = spec.partition(":")
        if scenario not in SCENARIOS:
            parser.error("unknown scenario %r" % scenario)
        if path not in token_pools:
            with open(path) as f:
                token_pools[path] = [t.strip() for t in f if t.strip()]
        phases.append((scenario, path))
    # one cursor per token file: a token is never used twice, across phases
    cursors = {path: 0 for path in token_pools}

    def take(path, count=None):
        pool = token_pools[path]
        start = cursors[path]
        end = len(pool) if count is None else min(len(pool), start + count)
        cursors[path] = end
        return pool[start:end]

    # warm-up: every scenario once, untimed
    # (QWeb compilation, caches, assets of each worker)
    seen = set()
    for scenario, path in phases:
        if scenario in seen or not args.warmup:
            continue
        seen.add(scenario)
        warm = run_phase(
            base,
            scenario,
            take(path, args.warmup),
            min(4, args.users),
            30,
            args.timeout,
        )
        print(
            "warm-up %s: %s flows ok, errors GET %s POST %s"
            % (
                scenario,
                warm["flows_ok"],
                warm["GET"]["error_kinds"],
                warm["POST"]["error_kinds"],
            ),
            flush=True,
        )

    results = []
    for i, (scenario, path) in enumerate(phases):
        if i:
            time.sleep(args.pause)
        remaining = take(path)
        result = run_phase(
            base,
            scenario,
            remaining,
            args.users,
            args.duration,
            args.timeout,
            args.server_pid,
            args.db,
        )
        # give back the tokens this phase did not use
        used = result["GET"]["requests"]
        cursors[path] -= len(remaining) - used
        results.append(result)
        print(
            "phase %d %s: GET %s req/s p95 %s ms err %s "
            "| POST %s req/s p95 %s ms err %s | flows %s/s%s"
            % (
                i + 1,
                scenario,
                result["GET"]["rps"],
                result["GET"]["p95_ms"],
                result["GET"]["errors"],
                result["POST"]["rps"],
                result["POST"]["p95_ms"],
                result["POST"]["errors"],
                result["flows_per_s"],
                " (TOKENS EXHAUSTED)" if result["tokens_exhausted"] else "",
            ),
            flush=True,
        )

    print()
    print(format_table(results))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(
                {
                    "base": args.base,
                    "users": args.users,
                    "duration": args.duration,
                    "phases": results,
                },
                f,
                indent=2,
            )
    return 1 if any(r["ALL"]["errors"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
