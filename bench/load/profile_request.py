# ruff: noqa: F821  (``env`` is provided by ``odoo shell``)
"""cProfile of the rating flows, in-process, on a prepared bench database.

    PROFILE_TOKENS_DIR=.build/bench_load/<run> PROFILE_FLOWS=40 \
        python3 -m odoo shell -d DB --addons-path=... --no-http \
        < bench/load/profile_request.py

Runs ``PROFILE_FLOWS`` page view + submit flows of each scenario (our
``/r/<token>``, core ``/rate/<token>``) through Odoo's WSGI application
(``odoo.http.root``, the same code path as a worker, without the socket),
after a few untimed warm-up flows, each request under cProfile. Prints per
scenario and method the wall time per request and the top functions by
own time and by cumulative time (``PROFILE_CALLERS=name,name``: and who
calls them; ``PROFILE_FOCUS=regex``: cumulative time of the matching
functions). ``PROFILE_TIMED=N`` first runs N flows of each scenario one
request at a time, ours and core alternating, timed without the profiler,
and reports the SQL statements of those requests (count and time; the time
of an INSERT includes its triggers), and the time PostgreSQL spent in each
trigger function of the module during those requests, per submit
(``track_functions`` switched on for the bench database during the timing;
needs a superuser, skipped otherwise).
Uses the last still unanswered tokens of the token files.
"""

import cProfile
import importlib.util
import io
import os
import pstats
import statistics
import time

from werkzeug.test import Client

import odoo.http
import odoo.sql_db
from odoo.tools import SQL as Sql

# the load generator's form filling (stdin has no __file__: path from the
# environment, else next to the installed addon)
LOADGEN = os.environ.get("LOADGEN_PATH") or os.path.join(
    os.path.dirname(odoo.addons.satisfaction_survey.__file__), "bench/load/loadgen.py"
)
spec = importlib.util.spec_from_file_location("loadgen", LOADGEN)
loadgen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(loadgen)

DIR = os.environ["PROFILE_TOKENS_DIR"]
FLOWS = int(os.environ.get("PROFILE_FLOWS", "40"))
TIMED = int(os.environ.get("PROFILE_TIMED", "0"))  # serial timing flows, 0: none
SQL_TOP = int(os.environ.get("PROFILE_SQL_TOP", "12"))
WARM = 5
TOP = int(os.environ.get("PROFILE_TOP", "25"))
# comma-separated function names whose callers are printed too
CALLERS = [name for name in os.environ.get("PROFILE_CALLERS", "").split(",") if name]
# regular expression: the cumulative times of the matching functions only
FOCUS = os.environ.get(
    "PROFILE_FOCUS",
    r"controllers/main\.py|controllers/rate_limit\.py|satisfaction_[a-z_]+\.py|hr_employee\.py:\d+\(fetch|"
    r"mail_thread\.py:\d+\((rating_apply|message_post|_track_finalize|_message_log_batch)|"
    r"ir_qweb\.py:\d+\(_render\)|sql_db\.py:\d+\((execute|flush|commit)\)|http\.py:\d+\(_serve_db",
)
SCENARIOS = {"ours": "our_tokens.txt", "core": "core_tokens.txt"}


def tokens(name, count):
    """The last ``count`` tokens of the file that are still unanswered."""
    with open(os.path.join(DIR, SCENARIOS[name])) as f:
        pool = [t.strip() for t in f if t.strip()]
    if name == "ours":
        open_ = (
            env["satisfaction.request"]
            .sudo()
            .search([("access_token", "in", pool), ("state", "=", "pending")])
            .mapped("access_token")
        )
    else:
        open_ = (
            env["rating.rating"]
            .sudo()
            .search([("access_token", "in", pool), ("consumed", "=", False)])
            .mapped("access_token")
        )
    open_ = set(open_)
    pool = [t for t in pool if t in open_]
    assert len(pool) >= count, "not enough unanswered %s tokens left" % name
    return pool[-count:]


# SQL statements per request during the serial timing: (scenario, method) ->
# statement (first characters, whitespace collapsed) -> [count, total ms].
SQL = {"bucket": None, "stats": {}}
_execute = odoo.sql_db.Cursor.execute


def _timed_execute(self, query, params=None, log_exceptions=True):
    bucket = SQL["bucket"]
    if bucket is None:
        return _execute(self, query, params, log_exceptions)
    t0 = time.perf_counter()
    try:
        return _execute(self, query, params, log_exceptions)
    finally:
        key = " ".join(str(getattr(query, "code", query)).split())[:100]
        entry = SQL["stats"].setdefault(bucket, {}).setdefault(key, [0, 0.0])
        entry[0] += 1
        entry[1] += 1000 * (time.perf_counter() - t0)


odoo.sql_db.Cursor.execute = _timed_execute


def flow(scenario, token, profiles, timings=None):
    client = Client(odoo.http.root, use_cookies=True)
    get_path, get_marker, post_marker = loadgen.SCENARIOS[scenario]
    path = get_path.format(token=token)
    headers = dict(loadgen.BROWSER_HEADERS)
    t0 = time.perf_counter()
    SQL["bucket"] = (scenario, "GET") if timings is not None else None
    if profiles is not None:
        profiles["GET"][0].enable()
    resp = client.get(path, headers=headers)
    body = resp.get_data(as_text=True)
    if profiles is not None:
        profiles["GET"][0].disable()
        profiles["GET"][1].append(time.perf_counter() - t0)
    if timings is not None:
        timings[scenario, "GET"].append(1000 * (time.perf_counter() - t0))
    assert resp.status_code == 200 and get_marker in body, (
        scenario,
        "GET",
        resp.status_code,
    )
    action, fields = loadgen.form_answers(body)
    t0 = time.perf_counter()
    SQL["bucket"] = (scenario, "POST") if timings is not None else None
    if profiles is not None:
        profiles["POST"][0].enable()
    resp = client.post(action or path, data=fields, headers=headers)
    body = resp.get_data(as_text=True)
    if profiles is not None:
        profiles["POST"][0].disable()
        profiles["POST"][1].append(time.perf_counter() - t0)
    if timings is not None:
        timings[scenario, "POST"].append(1000 * (time.perf_counter() - t0))
    SQL["bucket"] = None
    assert resp.status_code == 200 and post_marker in body, (
        scenario,
        "POST",
        resp.status_code,
    )


pools = {scenario: tokens(scenario, FLOWS + WARM + TIMED) for scenario in SCENARIOS}
env.cr.rollback()  # the shell's own cursor holds no lock during the run
for scenario in SCENARIOS:
    for token in pools[scenario][:WARM]:
        flow(scenario, token, None)


def function_times():
    """{function: (calls, total ms, self ms)} of the module's SQL functions."""
    env.cr.execute(
        "SELECT pg_stat_clear_snapshot(); SELECT funcname, calls, total_time,"
        " self_time FROM pg_stat_user_functions WHERE funcname LIKE %s",
        ["satisfaction%"],
    )
    rows = {name: (calls, total, own) for name, calls, total, own in env.cr.fetchall()}
    env.cr.rollback()
    return rows


def track_functions(on):
    """Switch ``track_functions`` for new connections to the bench database."""
    try:
        env.cr.execute(
            Sql(
                "ALTER DATABASE %s SET track_functions = 'all'"
                if on
                else "ALTER DATABASE %s RESET track_functions",
                Sql.identifier(env.cr.dbname),
            )
        )
        env.cr.commit()
    except Exception as exc:  # noqa: BLE001 - optional: needs a superuser
        env.cr.rollback()
        print("track_functions not switched (%s): no trigger times" % exc)
        return False
    # idle pooled connections take the setting when reopened (the shell's
    # own connection, in use, is kept)
    for pool in (odoo.sql_db._Pool, odoo.sql_db._Pool_readonly):
        for i, (cnx, used, _last) in reversed(
            list(enumerate(pool._connections if pool else []))
        ):
            if not used:
                cnx.close()
                pool._connections.pop(i)
    return True


if TIMED:
    # one request at a time, ours and core alternating: a comparison that
    # machine-load drift affects equally (no profiler overhead)
    timings = {(s, m): [] for s in SCENARIOS for m in ("GET", "POST")}
    tracking = track_functions(True)
    before = function_times() if tracking else {}
    for i in range(TIMED):
        for scenario in SCENARIOS:
            flow(scenario, pools[scenario][WARM + i], None, timings)
    if tracking:
        time.sleep(12)  # idle backends report their function statistics
        after = function_times()
        track_functions(False)
    print(
        "Serial timing, %d flows per scenario, alternating (wall ms per request):"
        % TIMED
    )
    print("| scenario | method | median | mean | p90 |")
    print("|---|---|---:|---:|---:|")
    for (scenario, method), values in timings.items():
        values.sort()
        print(
            "| %s | %s | %.1f | %.1f | %.1f |"
            % (
                scenario,
                method,
                statistics.median(values),
                statistics.mean(values),
                values[int(0.9 * (len(values) - 1))],
            )
        )
    print("\nSQL per request during the serial timing (top statements by time):")
    for (scenario, method), statements in SQL["stats"].items():
        count = sum(c for c, _ms in statements.values()) / TIMED
        total = sum(ms for _c, ms in statements.values()) / TIMED
        print(
            "\n%s %s: %.1f queries, %.1f ms of SQL per request"
            % (scenario, method, count, total)
        )
        print("| queries/req | ms/req | statement |")
        print("|---:|---:|---|")
        top = sorted(statements.items(), key=lambda kv: -kv[1][1])[:SQL_TOP]
        for statement, (c, ms) in top:
            print("| %.1f | %.2f | `%s` |" % (c / TIMED, ms / TIMED, statement))
    if tracking:
        print(
            "\nPostgreSQL functions of the module (triggers) per submit of ours,"
            " %d submits (both routes ran; only ours fires them):" % TIMED
        )
        print("| function | calls/submit | total ms/submit | self ms/submit |")
        print("|---|---:|---:|---:|")
        for name in sorted(after):
            calls, total, own = after[name]
            c0, t0_, s0 = before.get(name, (0, 0.0, 0.0))
            if calls - c0:
                print(
                    "| %s | %.1f | %.2f | %.2f |"
                    % (
                        name,
                        (calls - c0) / TIMED,
                        (total - t0_) / TIMED,
                        (own - s0) / TIMED,
                    )
                )
for scenario in SCENARIOS:
    pool = pools[scenario][WARM + TIMED :]
    profiles = {"GET": (cProfile.Profile(), []), "POST": (cProfile.Profile(), [])}
    for token in pool:
        flow(scenario, token, profiles)
    for method, (prof, times) in profiles.items():
        times.sort()
        print("\n" + "=" * 100)
        print(
            "%s %s: %d requests, wall ms/request mean %.1f, median %.1f"
            " (under cProfile)"
            % (
                scenario,
                method,
                len(times),
                1000 * sum(times) / len(times),
                1000 * times[len(times) // 2],
            )
        )
        for sort in ("tottime", "cumulative"):
            out = io.StringIO()
            stats = pstats.Stats(prof, stream=out).strip_dirs().sort_stats(sort)
            stats.print_stats(TOP)
            text = out.getvalue()
            print("-- by %s" % sort)
            print(text[text.find("   ncalls") :].rstrip())
        if FOCUS:
            out = io.StringIO()
            stats = pstats.Stats(prof, stream=out).sort_stats("cumulative")
            stats.print_stats(FOCUS)
            text = out.getvalue()
            print("-- focus (cumulative; per request: divide by %d)" % len(times))
            print(text[text.find("   ncalls") :].rstrip())
        for name in CALLERS:
            out = io.StringIO()
            stats = pstats.Stats(prof, stream=out).strip_dirs().sort_stats("cumulative")
            stats.print_callers(name)
            print("-- callers of %s" % name)
            print(out.getvalue().split("was called by...", 1)[-1].rstrip())
