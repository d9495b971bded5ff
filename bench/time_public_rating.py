# ruff: noqa: F821, E501  (``env`` is provided by ``odoo shell``; SQL text)
"""The statistics cost of a public page's rating, committed as served; run
inside ``odoo shell``.

    python3 -m odoo shell -d DB --addons-path="$ADDONS_PATH" --no-http \
        < bench/time_public_rating.py

on a **copy** of a database made by ``bench/generate_province.py``
(``createdb -T``): the ratings are committed. ``BENCH_RATINGS`` (default 50)
unanswered requests of the largest unit per pass, ``BENCH_ROUNDS``
(default 4) rounds of three passes over new requests each, in rotating
order:

* ``none``: the statistics triggers disabled (``DISABLE TRIGGER USER``,
  committed for the pass): the rest of a rating;
* ``inline``: the triggers count each rating in its own transaction;
* ``deferred``: as the public page saves it (``satisfaction.stat.engine
  ._deferred``): the triggers put the rating in the inbox, and after the
  commit the process's kept connection counts what the inbox holds
  (``satisfaction_stat_drain``), at most once every
  ``BENCH_DRAIN_INTERVAL`` seconds (the setting
  ``satisfaction_survey.stat_drain_interval``, kept in the database; 0:
  after every rating); what is left at the end of the pass is drained
  then, counted in the pass.

Each rating: ``DISCARD PLANS`` first, as on a served request (Odoo's pool
resets a connection with ``DISCARD ALL`` when it lends it), then
``_record_answers`` (one in five with a dissatisfied overall answer) and a
commit. Measured: the CPU of the PostgreSQL backends (this cursor's and the
kept connection's, from ``/proc``: the same machine), the self time of the
engine's functions on every backend (``pg_stat_user_functions``, steadier
but without what runs outside them: the statements switching the deferral,
the commits), and the wall time per rating. The statistics cost of a rating is a pass's CPU minus the ``none``
pass's of the same round. The ratings of the ``none`` pass are counted at
the end by a rebuild, and the engine's check must find the statistics
consistent. ``BENCH_JSON``: the figures as JSON too.
"""

import json
import os
import statistics
import sys
import time

from odoo.tools import SQL

sys.path.insert(0, os.environ.get("BENCH_DIR", "bench"))
from shell_common import (  # noqa: E402  (found through BENCH_DIR)
    backend_cpu,
    rating_forms,
    set_stat_triggers,
    unanswered_requests,
)

from odoo.addons.satisfaction_survey.models.kept_connection import KEPT_CONNECTIONS
from odoo.addons.satisfaction_survey.stats_engine.engine import (
    DRAIN_INTERVAL_KEY,
    drain_on_kept_connection,
)

RATINGS = int(os.environ.get("BENCH_RATINGS", "50"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "4"))
JSON_OUT = os.environ.get("BENCH_JSON")
# seconds between two drains of the process (the setting); default: the setting's
DRAIN_INTERVAL = os.environ.get("BENCH_DRAIN_INTERVAL")
PASSES = ("none", "inline", "deferred")

cr = env.cr
engine = env["satisfaction.stat.engine"]
db_name = env.registry.db_name
cr.rollback()
if DRAIN_INTERVAL is not None:
    env["ir.config_parameter"].set_param(DRAIN_INTERVAL_KEY, DRAIN_INTERVAL)
    cr.commit()
request_ids = unanswered_requests(cr, RATINGS * ROUNDS * len(PASSES))
if len(request_ids) < RATINGS * ROUNDS * len(PASSES):
    raise SystemExit(
        "%d unanswered requests in the largest unit, %d needed"
        % (len(request_ids), RATINGS * ROUNDS * len(PASSES))
    )
forms = rating_forms(env, request_ids)
cr.rollback()

cr.execute("SELECT pg_backend_pid()")
OWN = cr.fetchone()[0]
[(KEPT,)] = KEPT_CONNECTIONS.fetchall(db_name, SQL("SELECT pg_backend_pid()"))


# the engine's functions, self time, on every backend (the cumulative view)
cr.execute("SET track_functions = 'pl'")
cr.commit()
KEPT_CONNECTIONS.fetchall(
    db_name, SQL("SELECT set_config('track_functions', 'pl', false)")
)


def engine_functions():
    # each backend flushes its counts when it goes idle next
    cr.execute("SELECT pg_stat_force_next_flush()")
    cr.commit()
    KEPT_CONNECTIONS.fetchall(db_name, SQL("SELECT pg_stat_force_next_flush()"))
    time.sleep(0.2)
    cr.execute(
        "SELECT funcname, calls, self_time FROM pg_stat_user_functions"
        " WHERE funcname LIKE 'satisfaction_stat_%%'"
    )
    rows = {name: (calls, self_time) for name, calls, self_time in cr.fetchall()}
    cr.commit()
    return rows


def set_triggers(enabled):
    set_stat_triggers(cr, enabled)
    cr.commit()


def save_ratings(mode, ids):
    """(wall seconds per rating, this backend's CPU s, the kept one's CPU s)."""
    if mode == "none":
        set_triggers(False)
    durations = []
    functions_before = engine_functions()
    own_before, kept_before = backend_cpu(OWN), backend_cpu(KEPT)
    try:
        for request in env["satisfaction.request"].browse(ids):
            cr.execute("DISCARD PLANS")
            started = time.perf_counter()
            if mode == "deferred":
                with cr.savepoint(), engine._deferred():
                    request._record_answers(forms[request.id], channel="sms")
            else:
                request._record_answers(forms[request.id], channel="sms")
            env.flush_all()
            cr.commit()  # the deferred pass's drain runs here, after the commit
            durations.append(time.perf_counter() - started)
        if mode == "deferred":
            # what the interval left in the inbox belongs to this pass
            drain_on_kept_connection(db_name, 0)
    finally:
        own, kept = backend_cpu(OWN) - own_before, backend_cpu(KEPT) - kept_before
        if mode == "none":
            set_triggers(True)
    env.invalidate_all()
    functions = {
        name: (
            calls - functions_before.get(name, (0, 0))[0],
            self_time - functions_before.get(name, (0, 0))[1],
        )
        for name, (calls, self_time) in engine_functions().items()
    }
    return durations, own, kept, functions


chunks = [request_ids[i : i + RATINGS] for i in range(0, len(request_ids), RATINGS)]
rounds = []
for round_index in range(ROUNDS):
    order = PASSES[round_index % 3 :] + PASSES[: round_index % 3]
    passes = {mode: save_ratings(mode, chunks.pop()) for mode in order}
    item = {}
    for mode, (durations, own, kept, functions) in passes.items():
        item[mode + "_wall_ms"] = statistics.median(durations) * 1000
        item[mode + "_cpu_ms"] = (own + kept) * 1000 / RATINGS
        item[mode + "_kept_cpu_ms"] = kept * 1000 / RATINGS
        item[mode + "_functions_ms"] = (
            sum(self_time for _calls, self_time in functions.values()) / RATINGS
        )
        drain_calls, drain_time = functions.get("satisfaction_stat_drain", (0, 0))
        item[mode + "_drain_ms"] = drain_time / RATINGS
        item[mode + "_drains"] = drain_calls
    for mode in ("inline", "deferred"):
        item[mode + "_stat_cpu_ms"] = item[mode + "_cpu_ms"] - item["none_cpu_ms"]
    rounds.append(item)
    print(
        "round %d: PostgreSQL CPU per rating %.2f ms without statistics, "
        "%.2f in line (+%.2f), %.2f deferred (+%.2f, of which %.2f on the kept "
        "connection); engine functions %.2f ms in line, %.2f deferred (drain %.2f, %d drains); "
        "wall %.2f / %.2f / %.2f ms"
        % (
            round_index + 1,
            item["none_cpu_ms"],
            item["inline_cpu_ms"],
            item["inline_stat_cpu_ms"],
            item["deferred_cpu_ms"],
            item["deferred_stat_cpu_ms"],
            item["deferred_kept_cpu_ms"],
            item["inline_functions_ms"],
            item["deferred_functions_ms"],
            item["deferred_drain_ms"],
            item["deferred_drains"],
            item["none_wall_ms"],
            item["inline_wall_ms"],
            item["deferred_wall_ms"],
        ),
        flush=True,
    )

summary = {key: statistics.median(item[key] for item in rounds) for key in rounds[0]}
summary["ratings"] = RATINGS
summary["rounds"] = ROUNDS
summary["drain_interval"] = env["satisfaction.settings"]._get_float(
    DRAIN_INTERVAL_KEY, 1.0
)
print(
    "drain interval %(drain_interval)s s; median of %(rounds)d rounds x %(ratings)d "
    "ratings, statistics CPU per rating: "
    "%(inline_stat_cpu_ms).2f ms in line, %(deferred_stat_cpu_ms).2f ms deferred "
    "(%(deferred_kept_cpu_ms).2f ms on the kept connection); without statistics "
    "%(none_cpu_ms).2f ms; engine functions' self time %(inline_functions_ms).2f ms "
    "in line, %(deferred_functions_ms).2f ms deferred (of which the drain "
    "%(deferred_drain_ms).2f ms)" % summary
)
# the ratings saved without the triggers are counted now
engine._rebuild()
check = engine._check()
cr.commit()
print("engine check after the run:", check)
if any(check.values()):
    raise SystemExit("statistics inconsistent after the run: %s" % check)
if JSON_OUT:
    with open(JSON_OUT, "w", encoding="utf-8") as out:
        json.dump({"rounds": rounds, "summary": summary}, out, indent=2)
