# ruff: noqa: F821, E501  (``env`` is provided by ``odoo shell``; SQL text)
"""Create, then return, N dossiers in one write each; run inside ``odoo shell``.

    BENCH_N=10000 python3 -m odoo shell -d DB --addons-path="$ADDONS_PATH" \
        --no-http < bench/return_batch.py

On a database where the module is installed (demo data or not). In one
transaction, rolled back at the end (nothing is kept):

1. creates a unit, two officers and a procedure, with sending on as in
   production (``satisfaction_survey.auto_send`` = "True", SMS preferred,
   Odoo's IAP as the SMS provider: the SMS are queued, never sent here);
2. creates ``BENCH_N`` dossiers of the built-in register in ONE ``create``
   (a citizen with a mobile number, every ``BENCH_EMAIL_EVERY``-th one with an
   e-mail address only), as a batch import would;
3. returns them all in ONE ``action_return``, which creates one rating
   request per dossier and queues one SMS (or e-mail) per request.

Each step is timed up to and including ``cr.flush()``, which also runs the
precommit hooks (chatter tracking messages) that a commit would run, and its
SQL queries are counted; the CPU time of the Odoo process and of its
PostgreSQL backend (read from ``/proc``, same host) is given beside the wall
time, which the machine's load stretches. ``BENCH_SQL_TOP`` (0) > 0 also prints the most
frequent statements of the return. ``BENCH_WARMUP`` (2): dossiers created and
returned first, untimed (caches, templates). ``BENCH_JSON``: write the figures
to this file too. Prints ``BENCH_RETURN_OK`` and the figures when every
dossier got exactly one request and one queued message, ``BENCH_RETURN_FAILED``
otherwise (the shell's exit status does not tell). ``BENCH_PROFILE``: profile
the return with cProfile (the Odoo process's CPU time) and write its
statistics to this file (``pstats``).
"""

import collections
import cProfile
import json
import os
import re
import time

import odoo.sql_db

N = int(os.environ.get("BENCH_N", "1000"))
EMAIL_EVERY = int(os.environ.get("BENCH_EMAIL_EVERY", "0"))
SQL_TOP = int(os.environ.get("BENCH_SQL_TOP", "0"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "2"))
JSON_OUT = os.environ.get("BENCH_JSON")
PROFILE_OUT = os.environ.get("BENCH_PROFILE")

cr = env.cr
icp = env["ir.config_parameter"].sudo()
icp.set_param("satisfaction_survey.auto_send", "True")
icp.set_param("satisfaction_survey.preferred_channel", "sms")
# an SMS provider, as sending on needs one (the SMS are only queued, never sent)
icp.set_param("satisfaction_survey.sms_iap", "True")
stamp = int(time.time())
unit = env["hr.department"].create({"name": f"Bench return unit {stamp}"})
receiving, handling = env["hr.employee"].create(
    [
        {"name": "Nguyễn Văn Tiếp Nhận", "department_id": unit.id},
        {"name": "Trần Thị Xử Lý", "department_id": unit.id},
    ]
)
procedure = env["satisfaction.procedure"].create(
    {
        "name": "Chứng thực bản sao từ bản chính",
        "code": f"BENCH-RETURN-{stamp}",
        "processing_days": 1,
    }
)


def dossier_values(count, offset):
    values = []
    for i in range(offset, offset + count):
        by_email = EMAIL_EVERY and i % EMAIL_EVERY == EMAIL_EVERY - 1
        values.append(
            {
                "procedure_id": procedure.id,
                "unit_id": unit.id,
                "citizen_name": f"Công dân {i:05d}",
                "citizen_phone": False if by_email else "09%08d" % i,
                "citizen_email": f"cong.dan.{i}@example.com" if by_email else False,
                "receiving_officer_id": receiving.id,
                "handling_officer_ids": [(6, 0, handling.ids)],
            }
        )
    return values


statements = collections.Counter()
statement_time = collections.Counter()
_execute = odoo.sql_db.Cursor.execute


def counting_execute(self, query, params=None, log_exceptions=True):
    text = query.code if hasattr(query, "code") else str(query)
    key = re.sub(r"\s+", " ", text).strip()[:120]
    started = time.perf_counter()
    try:
        return _execute(self, query, params, log_exceptions)
    finally:
        statements[key] += 1
        statement_time[key] += time.perf_counter() - started


cr.execute("SELECT pg_backend_pid()")
BACKEND_STAT = f"/proc/{cr.fetchone()[0]}/stat"


def backend_cpu():
    """CPU seconds used so far by this cursor's PostgreSQL backend (same host),
    or 0 when its /proc entry cannot be read."""
    try:
        with open(BACKEND_STAT, encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # utime and stime, fields 14 and 15 of proc(5), counted after the name
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(func, top=0, profile=None):
    cr.flush()
    env.invalidate_all()
    statements.clear()
    statement_time.clear()
    if top:
        odoo.sql_db.Cursor.execute = counting_execute
    try:
        count0 = cr.sql_log_count
        # CPU time: the waits for PostgreSQL and for a busy machine left out
        profiler = cProfile.Profile(time.process_time) if profile else None
        started = time.perf_counter()
        cpu_started = time.process_time()
        db_cpu_started = backend_cpu()
        if profiler:
            profiler.enable()
        result = func()
        cr.flush()  # pending writes and the precommit hooks (tracking), as a commit
        if profiler:
            profiler.disable()
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        db_cpu = backend_cpu() - db_cpu_started
        queries = cr.sql_log_count - count0
    finally:
        odoo.sql_db.Cursor.execute = _execute
    if profiler:
        profiler.dump_stats(profile)
    return result, elapsed, queries, (cpu, db_cpu)


if WARMUP:
    env["satisfaction.dossier"].create(dossier_values(WARMUP, N)).action_return()
Dossier = env["satisfaction.dossier"]
dossiers, create_s, create_q, create_cpu = measure(
    lambda: Dossier.create(dossier_values(N, 0))
)
cr.execute("SELECT max(id) FROM sms_sms")
sms_before = cr.fetchone()[0] or 0
cr.execute("SELECT max(id) FROM mail_mail")
mail_before = cr.fetchone()[0] or 0
_result, return_s, return_q, return_cpu = measure(
    lambda: dossiers.action_return(), top=SQL_TOP, profile=PROFILE_OUT
)

requests = (
    env["satisfaction.request"]
    .sudo()
    .search([("res_model", "=", dossiers._name), ("res_id", "in", dossiers.ids)])
)
cr.execute(
    "SELECT count(*), count(DISTINCT satisfaction_request_id) FROM sms_sms WHERE id > %s",
    [sms_before],
)
sms_count, sms_requests = cr.fetchone()
cr.execute(
    "SELECT count(*) FROM mail_mail m JOIN mail_message msg ON msg.id = m.mail_message_id "
    "WHERE m.id > %s AND msg.model = 'satisfaction.request'",
    [mail_before],
)
mail_count = cr.fetchone()[0]
by_email = len(
    [i for i in range(N) if EMAIL_EVERY and i % EMAIL_EVERY == EMAIL_EVERY - 1]
)
checks = {
    "one request per dossier": len(requests) == N
    and len(set(requests.mapped("res_id"))) == N,
    "all sent": set(requests.mapped("state")) == {"sent"},
    "one SMS per mobile number": sms_count == sms_requests == N - by_email,
    "one e-mail per e-mail-only citizen": mail_count == by_email,
}
figures = {
    "dossiers": N,
    "email_only": by_email,
    "create_s": round(create_s, 3),
    "create_queries": create_q,
    "create_cpu_s": round(create_cpu[0], 3),
    "create_db_cpu_s": round(create_cpu[1], 3),
    "return_s": round(return_s, 3),
    "return_queries": return_q,
    "return_cpu_s": round(return_cpu[0], 3),
    "return_db_cpu_s": round(return_cpu[1], 3),
    "return_vs_create": round(return_s / create_s, 3) if create_s else None,
    "sms_queued": sms_count,
    "mail_queued": mail_count,
    "checks": checks,
}
print(
    f"{N} dossiers: create {create_s:.2f} s (CPU {create_cpu[0]:.2f} s Odoo, "
    f"{create_cpu[1]:.2f} s PostgreSQL), {create_q} queries; "
    f"return {return_s:.2f} s (CPU {return_cpu[0]:.2f} s Odoo, "
    f"{return_cpu[1]:.2f} s PostgreSQL), {return_q} queries "
    f"({figures['return_vs_create']} x create); {sms_count} SMS and {mail_count} e-mails queued"
)
if SQL_TOP:
    print(
        f"  SQL of the return: {sum(statement_time.values()):.2f} s "
        "(an INSERT or UPDATE includes its triggers); by time:"
    )
for query, seconds in statement_time.most_common(SQL_TOP):
    print(f"  {statements[query]:6d} {seconds:7.3f} s  {query}")
if JSON_OUT:
    with open(JSON_OUT, "w", encoding="utf-8") as out:
        json.dump(figures, out, indent=2)
cr.rollback()
failed = [name for name, ok in checks.items() if not ok]
if failed:
    print("BENCH_RETURN_FAILED: " + "; ".join(failed))
else:
    print("BENCH_RETURN_OK " + json.dumps(figures))
