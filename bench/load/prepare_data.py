# ruff: noqa: F821  (``env`` is provided by ``odoo shell``)
"""Data of the public-page load bench (issue #5, item 7); run inside ``odoo shell``.

    BENCH_N=8000 BENCH_OUT=/tmp/out python3 -m odoo shell -d DB --addons-path=... \
        --no-http < bench/load/prepare_data.py

Creates, in the bench database only:

* ``BENCH_N`` returned ``satisfaction.dossier`` records (one unit, two
  officers, one procedure, the default questionnaire), which make the module
  create ``BENCH_N`` open rating requests; sending is switched off first
  (``satisfaction_survey.auto_send`` = "False"), so no SMS or e-mail is queued;
* ``BENCH_N`` core ``rating.rating`` records (Odoo's ``rating`` module), one per
  dossier, each with its own ``access_token``: ``satisfaction.dossier`` is a
  ``mail.thread``, which is all that ``/rate/<token>/submit_feedback`` needs
  (``rating_apply`` posts the rating in the dossier's chatter);
* the per-IP and per-token rate limits of the public routes set to
  "100000/60", so the throughput bench measures the page, not the limiter.

Records are created with ``tracking_disable`` so that no follower is
subscribed: a rating posted by the core route then notifies nobody (no
outgoing e-mail in the timed path of either route).

Writes ``our_tokens.txt`` (tokens of ``/r/<token>``), ``core_tokens.txt``
(tokens of ``/rate/<token>/...``) and ``meta.json`` into ``BENCH_OUT``.
"""

import json
import os
import time

N = int(os.environ.get("BENCH_N", "8000"))
OUT = os.environ["BENCH_OUT"]
BATCH = 500
LIMIT = os.environ.get("BENCH_RATE_LIMIT", "100000/60")

started = time.time()
env = env(
    context=dict(env.context, tracking_disable=True, mail_create_nosubscribe=True)
)  # noqa: F821
icp = env["ir.config_parameter"].sudo()
icp.set_param("satisfaction_survey.auto_send", "False")
icp.set_param("satisfaction_survey.rate_limit_ip", LIMIT)
icp.set_param("satisfaction_survey.rate_limit_token", LIMIT)

lang = "vi_VN" if env["res.lang"]._get_code("vi_VN") else "en_US"
unit = env["hr.department"].create({"name": "UBND phường Bench"})
officers = env["hr.employee"].create(
    [
        {"name": "Nguyễn Thị Bench", "department_id": unit.id},
        {"name": "Trần Văn Tải", "department_id": unit.id},
    ]
)
procedure = env["satisfaction.procedure"].create(
    {
        "name": "Chứng thực bản sao từ bản chính",
        "code": "2.000815",
        "processing_days": 1,
    }
)
citizen = env["res.partner"].create({"name": "Công dân Bench", "lang": lang})
dossier_model = env["ir.model"]._get_id("satisfaction.dossier")

our_tokens, core_tokens = [], []
for start in range(0, N, BATCH):
    count = min(BATCH, N - start)
    dossiers = env["satisfaction.dossier"].create(
        [
            {
                "procedure_id": procedure.id,
                "unit_id": unit.id,
                "citizen_name": "Công dân %05d" % (start + i),
                "citizen_phone": "09%08d" % (start + i),
                "receiving_officer_id": officers[0].id,
                "handling_officer_ids": [(6, 0, officers[1:].ids)],
                "state": "returned",
            }
            for i in range(count)
        ]
    )
    requests = env["satisfaction.request"].search(
        [("res_model", "=", "satisfaction.dossier"), ("res_id", "in", dossiers.ids)],
        order="res_id",
    )
    assert len(requests) == count, "expected one rating request per returned dossier"
    assert set(requests.mapped("state")) == {"pending"}, "auto-send must be off"
    our_tokens += requests.mapped("access_token")
    ratings = env["rating.rating"].create(
        [
            {
                "res_model_id": dossier_model,
                "res_id": dossier.id,
                "partner_id": citizen.id,
            }
            for dossier in dossiers
        ]
    )
    core_tokens += ratings.mapped("access_token")
    env.cr.commit()

questionnaire = (
    env["satisfaction.request"]
    .search([("access_token", "=", our_tokens[0])])
    .questionnaire_id
)
items = (
    env["satisfaction.request"]
    .search([("access_token", "=", our_tokens[0])])
    ._question_items()
)
os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "our_tokens.txt"), "w") as f:
    f.write("\n".join(our_tokens) + "\n")
with open(os.path.join(OUT, "core_tokens.txt"), "w") as f:
    f.write("\n".join(core_tokens) + "\n")
meta = {
    "dossiers": N,
    "our_tokens": len(our_tokens),
    "core_tokens": len(core_tokens),
    "questionnaire": questionnaire.name,
    "questions_per_page": len(items),
    "lang": lang,
    "rate_limit_ip": icp.get_param("satisfaction_survey.rate_limit_ip"),
    "rate_limit_token": icp.get_param("satisfaction_survey.rate_limit_token"),
    "auto_send": icp.get_param("satisfaction_survey.auto_send"),
    "sms_queued": env["sms.sms"].search_count([]),
    "mail_queued": env["mail.mail"].search_count([]),
    "seconds": round(time.time() - started, 1),
}
with open(os.path.join(OUT, "meta.json"), "w") as f:
    json.dump(meta, f, indent=2, ensure_ascii=False)
env.cr.commit()
print("BENCH_PREPARED", json.dumps(meta, ensure_ascii=False))
