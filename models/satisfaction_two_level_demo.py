"""Demo data: a province merged on 1 July 2025, rated before and after the merger.

Called from ``demo/satisfaction_two_level_demo.xml``, which declares the
units and their successions. Dossiers are returned on fixed dates from March
to October 2025: the old units' before 1 July 2025, the new units' after,
so that the trend of merged units crosses the merger. A seeded
``random.Random`` makes the data reproducible; answers go through
``satisfaction.request._record_answers`` like a real submission, with
sending switched off.
"""

import logging
import random
from datetime import datetime, timedelta

from odoo import api, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

MODULE = "satisfaction_survey"
BEFORE = ((2025, 3), (2025, 4), (2025, 5), (2025, 6))
AFTER = ((2025, 7), (2025, 8), (2025, 9), (2025, 10))

# unit XML id -> (months, dossiers per month, weights of the answers 1..5)
PLAN = {
    "demo_unit_2l_old_province_north": (BEFORE, 5, (1, 2, 6, 45, 46)),
    "demo_unit_2l_old_province_south": (BEFORE, 5, (2, 4, 12, 48, 34)),
    "demo_unit_2l_old_tan_phu": (BEFORE, 8, (1, 1, 4, 44, 50)),
    "demo_unit_2l_old_tan_lap": (BEFORE, 3, (6, 14, 20, 40, 20)),
    "demo_unit_2l_old_phuoc_loc": (BEFORE, 6, (1, 3, 10, 50, 36)),
    "demo_unit_2l_old_phuoc_son_town": (BEFORE, 7, (2, 4, 12, 46, 36)),
    "demo_unit_2l_old_tan_phuoc_district": (BEFORE, 4, (2, 6, 14, 48, 30)),
    "demo_unit_2l_province": (AFTER, 8, (1, 3, 8, 48, 40)),
    "demo_unit_2l_tan_hoa": (AFTER, 10, (1, 2, 7, 48, 42)),
    "demo_unit_2l_tan_hoa_point_tan_lap": (AFTER, 3, (1, 4, 12, 48, 35)),
    "demo_unit_2l_phuoc_son": (AFTER, 10, (1, 3, 9, 47, 40)),
    "demo_unit_2l_phuoc_son_point_phuoc_loc": (AFTER, 3, (1, 3, 10, 50, 36)),
}
# code, name (looked up by code, created when missing)
PROCEDURES = [
    ("1.001193", "Đăng ký khai sinh"),
    ("2.000815", "Chứng thực bản sao từ bản chính giấy tờ, văn bản"),
]
FAMILY_NAMES = "Nguyễn Trần Lê Phạm Hoàng Võ Đặng Bùi Đỗ Ngô".split()
GIVEN_NAMES = "An Bình Hà Hải Lan Long Mai Nam Phúc Sơn Tâm Trang Tuấn Yến".split()


class SatisfactionTwoLevelDemo(models.AbstractModel):
    _name = "satisfaction.two.level.demo"
    _description = "Two-Level Local Government Demo Data"

    @api.model
    def _generate(self, seed=20250701):
        """Return and rate the dossiers of ``PLAN``; returns them."""
        rng = random.Random(seed)
        with self.env["satisfaction.demo.generator"]._demo_quiet() as env:
            dossiers = self.with_env(env)._demo_dossiers(rng)
            self.with_env(env)._demo_answers(rng, dossiers)
        _logger.info("satisfaction_survey two-level demo: %s dossiers", len(dossiers))
        return dossiers.with_env(self.env)

    def _demo_procedures(self):
        Procedure = self.env["satisfaction.procedure"].with_context(active_test=False)
        procedures = Procedure.browse()
        for code, name in PROCEDURES:
            procedure = Procedure.search([("code", "=", code)], limit=1)
            procedures |= procedure or Procedure.create({"name": name, "code": code})
        return procedures

    def _demo_dossiers(self, rng):
        procedures = self._demo_procedures()
        vals_list = []
        for xmlid, (months, per_month, _mood) in PLAN.items():
            unit = self.env.ref(f"{MODULE}.{xmlid}")
            for year, month in months:
                for _index in range(per_month):
                    # office hours in Vietnam (UTC+7): 1:00-9:00 UTC, days 1-28
                    returned = datetime(
                        year, month, rng.randint(1, 28), rng.randint(1, 9)
                    )
                    received = returned - timedelta(days=rng.randint(1, 5))
                    vals_list.append(
                        {
                            "procedure_id": rng.choice(procedures).id,
                            "unit_id": unit.id,
                            "receiving_officer_id": False,
                            "handling_officer_ids": [(6, 0, [])],
                            "citizen_name": "%s Văn %s"
                            % (rng.choice(FAMILY_NAMES), rng.choice(GIVEN_NAMES)),
                            "citizen_phone": False,
                            "citizen_email": False,
                            "date_received": received,
                            "date_appointment": returned
                            + timedelta(days=rng.choice((0, 1, 2, -1))),
                            "date_returned": returned,
                            "state": "returned",
                        }
                    )
        vals_list.sort(key=lambda vals: vals["date_received"])
        # codes of the year of receipt, as the register would have given them then
        for number, vals in enumerate(vals_list, start=1):
            vals["code"] = "HS-%s-2C%04d" % (vals["date_received"].year, number)
        return self.env["satisfaction.dossier"].create(vals_list)

    def _demo_answers(self, rng, dossiers):
        validity = timedelta(days=self.env["satisfaction.request"]._validity_days())
        mood_of = {
            self.env.ref(f"{MODULE}.{xmlid}"): mood
            for xmlid, (_months, _count, mood) in PLAN.items()
        }
        requests = dossiers.satisfaction_request_ids
        by_dossier = {request.res_id: request for request in requests}
        request_dates = {}
        for dossier in dossiers:
            request = by_dossier.get(dossier.id)
            if not request:
                continue
            returned = dossier.date_returned
            request_dates[request.id] = returned
            if rng.random() >= 0.85:
                request.write({"expiry_date": returned + validity, "state": "expired"})
                continue
            answered = returned + timedelta(minutes=rng.randint(2, 20))
            form = self._demo_form(request, rng, mood_of[dossier.unit_id])
            # the kiosk shows the levels the dossier pre-fills, as the rating page
            form = self.env["satisfaction.demo.generator"]._demo_nd118_prefilled(
                request, rng, form
            )
            _response, errors = request.with_context(
                default_date=answered
            )._record_answers(form, channel="kiosk", prefilled=True)
            if errors:
                _logger.warning(
                    "satisfaction_survey two-level demo: answers rejected for %s: %s",
                    request.dossier_ref,
                    errors,
                )
                continue
            request.write(
                {"date_answered": answered, "expiry_date": returned + validity}
            )
        # the dossiers count in the month they were returned (the request's creation)
        self.env.flush_all()
        ids = list(request_dates)
        self.env.cr.execute(
            SQL(
                "UPDATE satisfaction_request AS t SET create_date = v.d "
                "FROM unnest(%s::int[], %s::timestamp[]) AS v(id, d) "
                "WHERE t.id = v.id",
                ids,
                [request_dates[i] for i in ids],
            )
        )
        requests.invalidate_recordset(["create_date"])

    def _demo_form(self, request, rng, mood_weights):
        """One citizen's answers: mostly their overall mood, sometimes drawn anew."""
        mood = rng.choices((1, 2, 3, 4, 5), mood_weights)[0]
        levels = sorted(request.questionnaire_id.scale_id.level_ids.mapped("value"))
        levels = levels or [1, 2, 3, 4, 5]
        top = len(levels)
        form = {}
        for item in request._question_items():
            if item["criterion"].question_type != "scale":
                continue
            value = (
                mood
                if rng.random() < 0.7
                else rng.choices((1, 2, 3, 4, 5), mood_weights)[0]
            )
            form[item["key"]] = str(levels[round((value - 1) * (top - 1) / 4)])
        return form
