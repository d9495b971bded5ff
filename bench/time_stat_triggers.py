# ruff: noqa: F821, E501  (``env`` is provided by ``odoo shell``; SQL text)
"""The statistics cost of one rating; run inside ``odoo shell``.

    python3 -m odoo shell -d DB --addons-path="$ADDONS_PATH" --no-http \
        < bench/time_stat_triggers.py

on a database made by ``bench/generate_province.py`` (or with demo data).
``BENCH_RATINGS`` (default 50) unanswered requests of the largest unit are
answered through ``_record_answers`` + flush, as the public page does (one
in five with a dissatisfied overall answer, which refreshes the request's
dossier counts), in ``BENCH_ROUNDS`` (default 6) rounds. Each round saves
the same ratings twice, once with the statistics triggers and once with
them disabled (``ALTER TABLE ... DISABLE TRIGGER USER``), in alternating
order, each pass rolled back to a savepoint. The machine is shared: the
figures are medians per rating, and the ratio with / without per round.

``BENCH_DISCARD`` (default 1): each rating is saved after ``DISCARD PLANS``,
as on a served request: Odoo's connection pool resets a connection when it
lends it (psycopg2's ``reset``: ``DISCARD ALL``), so every statement of the
triggers, and of the foreign-key checks, is analysed and planned again at
each request. ``0``: the plans are kept from one rating to the next, as in a
session of its own (a cron, an import).

Beside the wall time, the PostgreSQL time spent in the engine's functions
(``pg_stat_xact_user_functions``, ``track_functions = 'pl'`` for the pass)
and the journal rows written per rating. Nothing is kept. ``BENCH_JSON``:
write the figures to this file as JSON too.
"""

import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.environ.get("BENCH_DIR", "bench"))
from shell_common import (  # noqa: E402  (found through BENCH_DIR)
    backend_cpu,
    rating_forms,
    set_stat_triggers,
    unanswered_requests,
)

RATINGS = int(os.environ.get("BENCH_RATINGS", "50"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "6"))
JSON_OUT = os.environ.get("BENCH_JSON")
DISCARD = os.environ.get("BENCH_DISCARD", "1") == "1"
JOURNALS = (
    "satisfaction_answer_stat_delta",
    "satisfaction_period_stat_delta",
    "satisfaction_request_stat_delta",
)

cr = env.cr
cr.rollback()
request_ids = unanswered_requests(cr, RATINGS)
forms = rating_forms(env, request_ids)


def journal_rows():
    total = 0
    for table in JOURNALS:
        cr.execute(f'SELECT count(*) FROM "{table}"')  # noqa: SQL102  (constant names)
        total += cr.fetchone()[0]
    return total


def engine_time():
    """{function: (calls, self ms)} of the engine's functions in this transaction."""
    cr.execute(
        "SELECT funcname, calls, self_time FROM pg_stat_xact_user_functions"
        " WHERE funcname LIKE 'satisfaction_stat_%%'"
    )
    return {name: (calls, self_time) for name, calls, self_time in cr.fetchall()}


cr.execute("SELECT pg_backend_pid()")
BACKEND = cr.fetchone()[0]


def save_ratings(disable_triggers):
    """Per rating: wall seconds; the pass's engine ms, journal rows and
    backend CPU seconds."""
    cr.execute("SAVEPOINT bench_pass")
    cr.execute("SET LOCAL track_functions = 'pl'")
    if disable_triggers:
        set_stat_triggers(cr, False)
    rows_before, engine_before = journal_rows(), engine_time()
    durations = []
    cpu_before = backend_cpu(BACKEND)
    for request in env["satisfaction.request"].browse(request_ids):
        if DISCARD:
            cr.execute("DISCARD PLANS")
        started = time.perf_counter()
        request._record_answers(forms[request.id], channel="sms")
        env.flush_all()
        durations.append(time.perf_counter() - started)
    cpu = backend_cpu(BACKEND) - cpu_before
    engine_after = engine_time()
    functions = {
        name: (
            calls - engine_before.get(name, (0, 0))[0],
            self_time - engine_before.get(name, (0, 0))[1],
        )
        for name, (calls, self_time) in engine_after.items()
    }
    engine = sum(self_time for _calls, self_time in functions.values())
    rows = journal_rows() - rows_before
    cr.execute("ROLLBACK TO SAVEPOINT bench_pass")
    env.invalidate_all()
    env.registry.clear_cache()
    return durations, engine, rows, functions, cpu


save_ratings(False)  # warm-up: plans, caches, buffers
save_ratings(True)
rounds = []
per_function = {}
for round_index in range(ROUNDS):
    order = (False, True) if round_index % 2 == 0 else (True, False)
    passes = {disabled: save_ratings(disabled) for disabled in order}
    with_t, engine, rows, functions, _cpu = passes[False]
    without_t = passes[True][0]
    cpu_with, cpu_without = passes[False][4], passes[True][4]
    for name, (calls, self_time) in functions.items():
        per_function.setdefault(name, []).append(
            (calls / len(request_ids), self_time / len(request_ids))
        )
    rounds.append(
        {
            "with_ms": statistics.median(with_t) * 1000,
            "without_ms": statistics.median(without_t) * 1000,
            "backend_cpu_with_ms": cpu_with * 1000 / len(request_ids),
            "backend_cpu_without_ms": cpu_without * 1000 / len(request_ids),
            "engine_ms_per_rating": engine / len(request_ids),
            "journal_rows_per_rating": rows / len(request_ids),
        }
    )
    item = rounds[-1]
    item["ratio"] = item["with_ms"] / item["without_ms"]
    item["extra_ms"] = item["with_ms"] - item["without_ms"]
    print(
        "round %d: %.2f ms with, %.2f ms without (x%.2f, +%.2f ms); PostgreSQL CPU %.2f / %.2f ms; "
        "engine functions %.2f ms, %.1f journal rows per rating"
        % (
            round_index + 1,
            item["with_ms"],
            item["without_ms"],
            item["ratio"],
            item["extra_ms"],
            item["backend_cpu_with_ms"],
            item["backend_cpu_without_ms"],
            item["engine_ms_per_rating"],
            item["journal_rows_per_rating"],
        ),
        flush=True,
    )

summary = {key: statistics.median(item[key] for item in rounds) for key in rounds[0]}
summary["ratings"] = len(request_ids)
summary["rounds"] = ROUNDS
summary["discard_plans"] = DISCARD
print(
    "plans discarded before each rating: %(discard_plans)s; "
    "median of %(rounds)d rounds x %(ratings)d ratings: %(with_ms).2f ms with the triggers, "
    "%(without_ms).2f ms without (ratio %(ratio).2f, +%(extra_ms).2f ms); PostgreSQL backend CPU "
    "%(backend_cpu_with_ms).2f ms with, %(backend_cpu_without_ms).2f ms without; engine functions "
    "%(engine_ms_per_rating).2f ms per rating; %(journal_rows_per_rating).1f journal rows per rating"
    % summary
)
summary["functions"] = {}
for name, values in sorted(per_function.items()):
    calls = statistics.median(value[0] for value in values)
    self_ms = statistics.median(value[1] for value in values)
    summary["functions"][name] = {
        "calls_per_rating": calls,
        "self_ms_per_rating": self_ms,
    }
    print("  %-45s %5.2f calls %6.3f ms self per rating" % (name, calls, self_ms))
if JSON_OUT:
    with open(JSON_OUT, "w", encoding="utf-8") as out:
        json.dump({"rounds": rounds, "summary": summary}, out, indent=2)
cr.rollback()
