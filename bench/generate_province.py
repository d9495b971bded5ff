# ruff: noqa: F821, E501  (``env`` is provided by ``odoo shell``; SQL text)
"""Province-sized data set for the reporting bench (issue #3, item 6); run inside ``odoo shell``.

    python3 -m odoo shell -d ss_bench --addons-path="$ADDONS_PATH" --no-http \
        < bench/generate_province.py

on a database where the module is installed without demo data
(``-i satisfaction_survey --without-demo=all``) and which holds no dossier
yet. Default sizes (environment variables):

* ``BENCH_UNITS`` = 100 units (``hr.department``), ``BENCH_OFFICERS`` = 700
  officers (``hr.employee``), ``BENCH_PROCEDURES`` = 200 procedures, created
  through the ORM;
* ``BENCH_DOSSIERS`` = 1,000,000 returned dossiers, each with its rating
  request, over ``BENCH_MONTHS`` = 24 months from ``BENCH_START`` = 2024-11-01
  (so 2025 is a complete year), inserted with set-based SQL
  (``INSERT ... SELECT`` over ``generate_series``);
* ``BENCH_ANSWER_RATE`` = 0.85: about 850,000 responses; about 33 % of them
  use the 23-question SIPAS questionnaire, the others the officer
  questionnaire (4 criteria per rated officer, 1 or 2 officers, + overall),
  which makes about 10,000,000 answer lines.

Skew, so that the figures look like a province's: unit sizes follow a Zipf
law (exponent 0.7: the provincial centre gets ~9 % of the dossiers, the
smallest commune ~0.4 %), procedures a Zipf law of exponent 1, officers are
spread over units by size (at least 2 each) and the most senior get more
dossiers; volume grows 30 % over the period with a dip at Tết (February);
each unit has its own satisfaction level (72-97 %), late rate (2-15 %) and
response rate, each officer a small personal effect, and each respondent a
mood shared by all their answers. Channels: SMS 40 %, kiosk 17 %, QR 15 %,
staff-assisted 10 %, e-mail 8 %, surveyor 5 %, web 5 %. Dates are office
hours on week days, Vietnam time, stored in UTC as Odoo does. Everything is
drawn from PostgreSQL's ``random()`` after ``setseed(BENCH_SEED)`` and
Python's ``random.Random(BENCH_SEED)``: the same settings give the same data.

The bulk inserts run with ``session_replication_role = replica`` (no
foreign-key or trigger work per row; the data is consistent by
construction) and ``synchronous_commit = off``; the role must be a
PostgreSQL superuser. The pre-aggregated statistics of the reports are then
rebuilt once (``satisfaction.stat.engine._rebuild()``), and the tables
ANALYZEd. Prints the time of each step and the database size.
"""

import os
import random
import time
from datetime import date

import psycopg2
from dateutil.relativedelta import relativedelta

from odoo.sql_db import connection_info_for

N_UNITS = int(os.environ.get("BENCH_UNITS", "100"))
N_OFFICERS = int(os.environ.get("BENCH_OFFICERS", "700"))
N_PROCEDURES = int(os.environ.get("BENCH_PROCEDURES", "200"))
N_DOSSIERS = int(os.environ.get("BENCH_DOSSIERS", "1000000"))
N_MONTHS = int(os.environ.get("BENCH_MONTHS", "24"))
START = date.fromisoformat(os.environ.get("BENCH_START", "2024-11-01"))
ANSWER_RATE = float(os.environ.get("BENCH_ANSWER_RATE", "0.85"))
SIPAS_SHARE = float(os.environ.get("BENCH_SIPAS_SHARE", "0.33"))
SEED = float(os.environ.get("BENCH_SEED", "0.42"))
FORCE = os.environ.get("BENCH_FORCE") == "1"

CHANNELS = [
    ("sms", 0.40),
    ("kiosk", 0.17),
    ("qr", 0.15),
    ("staff", 0.10),
    ("email", 0.08),
    ("surveyor", 0.05),
    ("web", 0.05),
]
FIELDS = [
    "Hộ tịch",
    "Chứng thực",
    "Đất đai",
    "Kinh doanh",
    "Xây dựng",
    "Lao động - Xã hội",
    "Tư pháp",
    "Giáo dục",
]
TOP_PROCEDURES = [
    ("Chứng thực", "Chứng thực bản sao từ bản chính"),
    ("Hộ tịch", "Đăng ký khai sinh"),
    ("Chứng thực", "Chứng thực chữ ký trong giấy tờ, văn bản"),
    ("Hộ tịch", "Xác nhận tình trạng hôn nhân"),
    ("Đất đai", "Đăng ký biến động quyền sử dụng đất"),
    ("Hộ tịch", "Đăng ký kết hôn"),
    ("Kinh doanh", "Đăng ký thành lập hộ kinh doanh"),
    ("Hộ tịch", "Cấp bản sao trích lục hộ tịch"),
    ("Xây dựng", "Cấp giấy phép xây dựng nhà ở riêng lẻ"),
    ("Hộ tịch", "Đăng ký khai tử"),
]
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc", "Đức", "Thu", "Quốc", "Kim"]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hoa",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phong",
    "Phương",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Vy",
    "Yến",
]

t_all = time.time()
cr = env.cr
steps = []


def step(label, started):
    elapsed = time.time() - started
    steps.append((label, elapsed))
    print(f"  {label:<58} {elapsed:8.1f} s", flush=True)


def bounds(weights):
    """Lower bounds of the cumulative shares, for width_bucket(random(), bounds) -> 1..len."""
    total = sum(weights)
    out, acc = [], 0.0
    for weight in weights:
        out.append(acc / total)
        acc += weight
    return out


cr.execute("SELECT count(*) FROM satisfaction_dossier")
if cr.fetchone()[0] and not FORCE:
    raise SystemExit(
        "satisfaction_dossier is not empty: use a fresh database (or BENCH_FORCE=1 to add more)"
    )

print(
    f"Province data set: {N_UNITS} units, {N_OFFICERS} officers, {N_PROCEDURES} procedures, "
    f"{N_DOSSIERS} dossiers over {N_MONTHS} months from {START}",
    flush=True,
)
rng = random.Random(SEED)

# ----------------------------------------------------------------------
# A. Reference data through the ORM
# ----------------------------------------------------------------------
t = time.time()
env = env(
    context=dict(
        env.context,
        tracking_disable=True,
        mail_create_nosubscribe=True,
        mail_notrack=True,
    )
)
env["ir.config_parameter"].sudo().set_param("satisfaction_survey.auto_send", "False")
company = env.company
unit_names = ["Trung tâm Phục vụ hành chính công tỉnh"]
# two-level local government: provincial departments, then commune centres
unit_names += [f"Sở {i:02d}" for i in range(1, min(N_UNITS, 12))]
unit_names += [
    f"Trung tâm Phục vụ hành chính công {'phường' if i % 3 else 'xã'} {i:03d}"
    for i in range(len(unit_names), N_UNITS)
]
units = env["hr.department"].create(
    [{"name": name, "company_id": company.id} for name in unit_names[:N_UNITS]]
)
unit_weights = [1.0 / (rank**0.7) for rank in range(1, N_UNITS + 1)]
# officers per unit: by size, at least 2
shares = [w**0.8 for w in unit_weights]
per_unit = [2] * N_UNITS
left = N_OFFICERS - 2 * N_UNITS
raw = [left * s / sum(shares) for s in shares]
for i, value in enumerate(raw):
    per_unit[i] += int(value)
for i in sorted(range(N_UNITS), key=lambda i: raw[i] - int(raw[i]), reverse=True)[
    : N_OFFICERS - sum(per_unit)
]:
    per_unit[i] += 1
officer_vals = []
for unit, count in zip(units, per_unit):
    for _i in range(count):
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        officer_vals.append(
            {"name": name, "department_id": unit.id, "company_id": company.id}
        )
officers = env["hr.employee"].create(officer_vals)
procedure_vals = []
for i in range(N_PROCEDURES):
    field_name, name = (
        TOP_PROCEDURES[i]
        if i < len(TOP_PROCEDURES)
        else (FIELDS[i % len(FIELDS)], None)
    )
    procedure_vals.append(
        {
            "name": name or f"{field_name}: thủ tục {i + 1:03d}",
            "field_name": field_name,
            "code": f"BENCH.{i + 1:04d}",
            "processing_days": rng.choice([1, 3, 5, 10, 15, 20]),
        }
    )
procedures = env["satisfaction.procedure"].create(procedure_vals)
officer_q = env.ref("satisfaction_survey.questionnaire_officer")
sipas_q = env.ref("satisfaction_survey.questionnaire_sipas")
env.flush_all()
cr.commit()
step(
    f"ORM: {len(units)} units, {len(officers)} officers, {len(procedures)} procedures",
    t,
)

# ----------------------------------------------------------------------
# B. Dossiers, requests, responses and answers with set-based SQL
# ----------------------------------------------------------------------
cr.execute("SET synchronous_commit = off")
cr.execute("SET session_replication_role = replica")
cr.execute("SET work_mem = '256MB'")
cr.execute("SET maintenance_work_mem = '1GB'")
cr.execute("SELECT setseed(%s)", [SEED])

months = [START + relativedelta(months=i) for i in range(N_MONTHS)]
month_weights = [
    (1 + 0.3 * i / max(N_MONTHS - 1, 1)) * {2: 0.6, 1: 1.1, 12: 1.05}.get(m.month, 1.0)
    for i, m in enumerate(months)
]
cr.execute("DROP TABLE IF EXISTS bench_unit, bench_officer, bench_g, bench_d")
cr.execute("""
    CREATE TEMP TABLE bench_unit (idx int, unit_id int, officers int[], quality float8, late_rate float8,
                                  answer_rate float8)
""")
offs_by_unit = {}
for officer in officers:
    offs_by_unit.setdefault(officer.department_id.id, []).append(officer.id)
unit_rows = []
for idx, unit in enumerate(units, start=1):
    quality = 0.72 + 0.25 * rng.random()
    unit_rows.append(
        (
            idx,
            unit.id,
            offs_by_unit[unit.id],
            quality,
            0.02 + 0.13 * rng.random(),
            min(0.97, max(0.6, ANSWER_RATE + rng.uniform(-0.12, 0.12))),
        )
    )
cr.execute(
    "INSERT INTO bench_unit VALUES "
    + ",".join(["(%s, %s, %s, %s, %s, %s)"] * len(unit_rows)),
    [value for row in unit_rows for value in row],
)
cr.execute(
    "CREATE TEMP TABLE bench_officer (officer_id int PRIMARY KEY, effect float8)"
)
cr.execute(
    "INSERT INTO bench_officer VALUES " + ",".join(["(%s, %s)"] * len(officers)),
    [value for officer in officers for value in (officer.id, rng.uniform(-0.06, 0.04))],
)
channel_names = [name for name, _share in CHANNELS]
t = time.time()
# one row of draws per dossier
cr.execute(
    """
    CREATE TEMP TABLE bench_g AS
    SELECT n,
           width_bucket(random(), %(unit_bounds)s::float8[]) AS u_idx,
           width_bucket(random(), %(proc_bounds)s::float8[]) AS p_idx,
           width_bucket(random(), %(month_bounds)s::float8[]) AS m_idx,
           random() AS r_day, random() AS r_time, random() AS r_off1, random() AS r_off2, random() AS r_two,
           random() AS r_late, random() AS r_answer, random() AS r_quest,
           width_bucket(random(), %(channel_bounds)s::float8[]) AS c_idx,
           random() AS r_delay, random() AS r_mood
      FROM generate_series(1, %(n)s) n
""",
    {
        "unit_bounds": bounds(unit_weights),
        "proc_bounds": bounds([1.0 / rank for rank in range(1, N_PROCEDURES + 1)]),
        "month_bounds": bounds(month_weights),
        "channel_bounds": bounds([share for _name, share in CHANNELS]),
        "n": N_DOSSIERS,
    },
)
step("draws", t)

t = time.time()
cr.execute(
    """
    CREATE TEMP TABLE bench_d AS
    WITH resolved AS (
        SELECT g.*, u.unit_id, u.quality, u.answer_rate,
               (%(procedures)s::int[])[g.p_idx] AS procedure_id,
               u.officers[1 + floor(power(g.r_off1, 1.3) * cardinality(u.officers))::int] AS officer1,
               u.officers[1 + floor(g.r_off2 * cardinality(u.officers))::int] AS officer2_draw,
               g.r_late < u.late_rate AS late,
               (%(months)s::date[])[g.m_idx] AS month_start
          FROM bench_g g
          JOIN bench_unit u ON u.idx = g.u_idx
    ), dated AS (
        SELECT r.*,
               -- office hours (7:30-17:00) of a week day, Vietnam time, stored in UTC
               (day - CASE extract(isodow FROM day) WHEN 6 THEN 1 WHEN 7 THEN 2 ELSE 0 END)::timestamp
                   + interval '30 minutes' + r.r_time * interval '9 hours 30 minutes' AS returned_at
          FROM resolved r
          CROSS JOIN LATERAL (
                SELECT r.month_start + floor(r.r_day * ((r.month_start + interval '1 month')::date
                                                         - r.month_start))::int AS day
               ) d
    )
    SELECT row_number() OVER (ORDER BY returned_at, n) AS rn, dated.*,
           CASE WHEN officer2_draw <> officer1 AND r_two < 0.4 THEN officer2_draw END AS officer2,
           r_answer < answer_rate AS answered,
           CASE WHEN r_quest < %(sipas_share)s THEN %(sipas_q)s ELSE %(officer_q)s END AS questionnaire_id,
           (%(channels)s::varchar[])[c_idx] AS channel
      FROM dated
  ORDER BY returned_at, n
""",
    {
        "procedures": procedures.ids,
        "months": months,
        "sipas_share": SIPAS_SHARE,
        "sipas_q": sipas_q.id,
        "officer_q": officer_q.id,
        "channels": channel_names,
    },
)
cr.execute("""
    ALTER TABLE bench_d ADD COLUMN dossier_id int, ADD COLUMN request_id int,
                        ADD COLUMN response_id int, ADD COLUMN answered_at timestamp
""")
cr.execute("""
    UPDATE bench_d SET
           dossier_id = (SELECT coalesce(max(id), 0) FROM satisfaction_dossier) + rn,
           request_id = (SELECT coalesce(max(id), 0) FROM satisfaction_request) + rn,
           -- remote channels answer within days, counter channels within minutes
           answered_at = CASE WHEN NOT answered THEN NULL
                              WHEN channel IN ('sms', 'email', 'web')
                              THEN returned_at + least(20.0, -ln(1 - r_delay) * 1.5) * interval '1 day'
                              ELSE returned_at + r_delay * interval '30 minutes' END
""")
cr.execute("""
    UPDATE bench_d d SET response_id = base.max_id + numbered.rn
      FROM (SELECT rn AS d_rn, row_number() OVER (ORDER BY answered_at, rn) AS rn
              FROM bench_d WHERE answered) numbered,
           (SELECT coalesce(max(id), 0) AS max_id FROM satisfaction_response) base
     WHERE d.rn = numbered.d_rn
""")
cr.execute("CREATE INDEX ON bench_d (response_id)")
cr.execute("ANALYZE bench_d")
cr.execute("SELECT count(*), count(*) FILTER (WHERE answered) FROM bench_d")
n_dossiers, n_responses = cr.fetchone()
cr.commit()
step(f"resolved draws: {n_dossiers} dossiers, {n_responses} answered", t)

t = time.time()
cr.execute(
    """
    INSERT INTO satisfaction_dossier (id, code, procedure_id, unit_id, competent_unit_id, receiving_officer_id, company_id,
                                      citizen_name, citizen_phone, state, is_late, date_received,
                                      date_appointment, date_returned, create_uid, write_uid,
                                      create_date, write_date)
    SELECT dossier_id, 'HS-BENCH-' || lpad(dossier_id::text, 7, '0'), procedure_id, unit_id, unit_id, officer1, %(company)s,
           'Công dân ' || dossier_id, '09' || lpad((dossier_id::bigint * 7919 %% 100000000)::text, 8, '0'),
           'returned', late, returned_at - interval '5 days',
           CASE WHEN late THEN returned_at - interval '2 days' ELSE returned_at + interval '1 day' END,
           returned_at, 1, 1, returned_at - interval '5 days', returned_at
      FROM bench_d ORDER BY dossier_id
""",
    {"company": company.id},
)
cr.execute("""
    INSERT INTO satisfaction_dossier_officer_rel (satisfaction_dossier_id, hr_employee_id)
    SELECT dossier_id, officer FROM bench_d, LATERAL unnest(array_remove(ARRAY[officer1, officer2], NULL)) officer
""")
cr.execute("""
    INSERT INTO hr_employee_satisfaction_dossier_rel (satisfaction_dossier_id, hr_employee_id)
    SELECT dossier_id, officer2 FROM bench_d WHERE officer2 IS NOT NULL
""")
cr.execute(
    "SELECT setval('satisfaction_dossier_id_seq', (SELECT max(id) FROM satisfaction_dossier))"
)
cr.commit()
step("satisfaction_dossier (+ officer relations)", t)

t = time.time()
cr.execute(
    """
    INSERT INTO satisfaction_request (id, res_model, res_id, dossier_ref, procedure_id, unit_id, competent_unit_id, questionnaire_id,
                                      company_id, citizen_name, citizen_phone, lang, access_token, expiry_date,
                                      state, channel, send_count, date_sent, date_answered, create_uid, write_uid,
                                      create_date, write_date)
    SELECT request_id, 'satisfaction.dossier', dossier_id, 'HS-BENCH-' || lpad(dossier_id::text, 7, '0'),
           procedure_id, unit_id, unit_id, questionnaire_id, %(company)s,
           'Công dân ' || dossier_id, '09' || lpad((dossier_id::bigint * 7919 %% 100000000)::text, 8, '0'), 'vi_VN',
           md5(request_id::text || random()::text), returned_at + interval '30 days',
           CASE WHEN answered THEN 'answered' WHEN returned_at + interval '30 days' < now() THEN 'expired'
                ELSE 'sent' END,
           CASE WHEN channel = 'email' THEN 'email' ELSE 'sms' END, 1, returned_at, answered_at, 1, 1,
           returned_at, coalesce(answered_at, returned_at)
      FROM bench_d ORDER BY request_id
""",
    {"company": company.id},
)
cr.execute("""
    INSERT INTO hr_employee_satisfaction_request_rel (satisfaction_request_id, hr_employee_id)
    SELECT request_id, officer FROM bench_d, LATERAL unnest(array_remove(ARRAY[officer1, officer2], NULL)) officer
""")
cr.execute(
    "SELECT setval('satisfaction_request_id_seq', (SELECT max(id) FROM satisfaction_request))"
)
cr.commit()
step("satisfaction_request (+ officer relation)", t)

t = time.time()
cr.execute(
    """
    INSERT INTO satisfaction_response (id, request_id, questionnaire_id, unit_id, competent_unit_id, procedure_id,
                                       company_id, channel, comment, date, create_uid, write_uid, create_date, write_date)
    SELECT response_id, request_id, questionnaire_id, unit_id, unit_id, procedure_id, %(company)s, channel,
           CASE WHEN r_mood < 0.03 THEN 'Góp ý: cần hướng dẫn rõ hơn về hồ sơ.' END,
           answered_at, 1, 1, answered_at, answered_at
      FROM bench_d WHERE answered ORDER BY response_id
""",
    {"company": company.id},
)
cr.execute(
    "SELECT setval('satisfaction_response_id_seq', (SELECT max(id) FROM satisfaction_response))"
)
cr.commit()
step("satisfaction_response", t)

t = time.time()
# One line per criterion (per rated officer for officer criteria). A respondent's
# mood moves all their answers; officers have a small personal effect.
cr.execute("""
    INSERT INTO satisfaction_response_line (response_id, criterion_id, element_id, officer_id, value, is_satisfied)
    SELECT line.response_id, line.criterion_id, line.element_id, line.officer_id, line.value, line.value >= 4
      FROM (
            SELECT d.response_id, c.id AS criterion_id, c.element_id, o.officer_id, d.answered_at,
                   CASE WHEN random() < least(0.995, (d.quality + coalesce(eff.effect, 0)) * (0.86 + 0.24 * d.r_mood))
                        THEN CASE WHEN random() < 0.55 THEN 5 ELSE 4 END
                        ELSE 4 - width_bucket(random(), ARRAY[0, 0.6, 0.88]::float8[])
                   END AS value
              FROM bench_d d
              JOIN satisfaction_criterion c ON c.questionnaire_id = d.questionnaire_id AND c.question_type = 'scale'
             CROSS JOIN LATERAL unnest(
                   CASE WHEN c.is_officer_criterion THEN array_remove(ARRAY[d.officer1, d.officer2], NULL)
                        ELSE ARRAY[NULL::int] END) AS o(officer_id)
              LEFT JOIN bench_officer eff ON eff.officer_id = o.officer_id
             WHERE d.answered
          ORDER BY d.response_id, c.sequence, c.id, o.officer_id
           ) line
""")
cr.execute("SELECT count(*) FROM satisfaction_response_line")
n_lines = cr.fetchone()[0]
cr.commit()
step(f"satisfaction_response_line: {n_lines} lines", t)

cr.execute("SET session_replication_role = DEFAULT")
cr.execute("DROP TABLE IF EXISTS bench_unit, bench_officer, bench_g, bench_d")
cr.commit()

# ----------------------------------------------------------------------
# C. Pre-aggregated statistics, planner statistics, size
# ----------------------------------------------------------------------
if "satisfaction.stat.engine" in env:
    t = time.time()
    env["satisfaction.stat.engine"]._rebuild()
    cr.commit()
    step("rebuild of the pre-aggregated statistics", t)

t = time.time()
cr.commit()
# VACUUM cannot run inside a transaction: a connection of its own, in autocommit
vacuum_cnx = psycopg2.connect(**connection_info_for(cr.dbname)[1])
vacuum_cnx.autocommit = True
try:
    with vacuum_cnx.cursor() as vacuum_cr:
        for table in (
            "satisfaction_dossier",
            "satisfaction_request",
            "satisfaction_response",
            "satisfaction_response_line",
            "hr_employee_satisfaction_request_rel",
            "satisfaction_dossier_officer_rel",
            "hr_employee_satisfaction_dossier_rel",
            "satisfaction_answer_stat",
            "satisfaction_unit_month_stat",
            "satisfaction_request_stat",
            "satisfaction_answer_rollup",
        ):
            vacuum_cr.execute("SELECT to_regclass(%s)", [table])
            if vacuum_cr.fetchone()[0]:
                vacuum_cr.execute(f'VACUUM (ANALYZE) "{table}"')
finally:
    vacuum_cnx.close()
step("VACUUM ANALYZE", t)

cr.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
size = cr.fetchone()[0]
cr.execute("""
    SELECT relname, pg_size_pretty(pg_total_relation_size(oid))
      FROM pg_class
     WHERE relname IN ('satisfaction_dossier', 'satisfaction_request', 'satisfaction_response',
                       'satisfaction_response_line', 'satisfaction_answer_stat', 'satisfaction_unit_month_stat',
                       'satisfaction_request_stat', 'satisfaction_answer_rollup')
  ORDER BY pg_total_relation_size(oid) DESC
""")
for name, rel_size in cr.fetchall():
    print(f"  {name:<40} {rel_size:>10}")
print(f"Done in {time.time() - t_all:.0f} s; database size {size}", flush=True)
