"""Demo data: one honest unit and one unit whose counter ratings are staged.

Called from ``demo/satisfaction_integrity_demo.xml``, after the city of
``satisfaction_demo.xml`` (its procedures and helpers are reused). Over the
four weeks up to yesterday each unit returns two dossiers a day:

- the honest unit's citizens rate at the kiosk, by QR or through the link
  they received, at their own pace, with mixed levels and comments of
  their own; its independent survey agrees with its counter figure;
- the staged unit's kiosk ratings come in bursts of six within minutes from
  one tablet, every answer at the top level, a few seconds on the page,
  often the same comment, and most of its link ratings come from the
  office network; its independent survey is some 20 points lower.

Both are in one independent verification survey, drawn, called and closed;
this year's draft scorecard then carries the counter-vs-independent figures
and the integrity signals are looked for, so the reviewer's screens show
the staged unit at once. A seeded ``random.Random`` makes the figures the
same on every database.
"""

import logging
import random
from datetime import datetime, time, timedelta

from odoo import api, fields, models

from ..satisfaction_survey import periods

_logger = logging.getLogger(__name__)

MODULE = "satisfaction_survey"
OFFICE_NETWORKS_KEY = "satisfaction_survey.integrity_office_networks"
# documentation ranges (RFC 5737, RFC 3849): nobody's real network
DEMO_OFFICE_NETWORKS = "203.0.113.0/24, 2001:db8:10::/48"
LOCAL_TZ = "Asia/Ho_Chi_Minh"
PERIOD_DAYS = 28
GROUP_DAYS = 4  # the staged unit's kiosk ratings: one burst every four days
BURST_SIZE = 6

HONEST = "honest"
STAGED = "staged"
# key -> (unit XML id, unit name, officer XML id, officer name, kiosk XML id)
UNITS = {
    HONEST: (
        "demo_unit_integrity_honest",
        "Trung tâm Phục vụ hành chính công phường Thanh Khê (đơn vị minh họa)",
        "demo_employee_integrity_honest",
        "Phan Thị Kim Oanh",
        "demo_kiosk_integrity_honest",
    ),
    STAGED: (
        "demo_unit_integrity_staged",
        "Trung tâm Phục vụ hành chính công phường Hòa Cường (đơn vị minh họa)",
        "demo_employee_integrity_staged",
        "Trương Văn Lực",
        "demo_kiosk_integrity_staged",
    ),
}
# the citizens' mood (weights of the values 1..5), at the counter and when
# called by the independent survey
HONEST_MOOD = (1, 3, 10, 48, 38)
STAGED_CALLED_MOOD = (3, 7, 14, 46, 30)
STAGED_COMMENT = "Cán bộ nhiệt tình, chu đáo, rất hài lòng."
HONEST_COMMENTS = [
    "Cán bộ hướng dẫn kỹ, tôi nộp một lần là đủ hồ sơ.",
    "Chờ lấy số hơi lâu vào buổi sáng thứ Hai.",
    "Trả kết quả đúng hẹn, có nhắn tin báo trước.",
    "Nên có thêm quạt ở khu vực chờ.",
    "Công chức giải thích rõ phí, lệ phí phải nộp.",
    "Tờ khai mẫu ở quầy đã hết, phải xin thêm.",
    "Thái độ phục vụ tốt, cảm ơn Trung tâm.",
    "Mong được tra cứu tình trạng hồ sơ trên điện thoại.",
]
SURVEY_NAME = "Khảo sát độc lập 4 tuần: phường Thanh Khê và Hòa Cường (minh họa)"


class SatisfactionIntegrityDemo(models.AbstractModel):
    _name = "satisfaction.integrity.demo"
    _description = "Integrity Demo Data"

    @api.model
    def _generate(self, seed=766):
        """Create, rate and verify both units; returns their dossiers."""
        rng = random.Random(seed)
        with self.env["satisfaction.demo.generator"]._demo_quiet() as env:
            params = env["ir.config_parameter"]
            if not params.get_param(OFFICE_NETWORKS_KEY):
                params.set_param(OFFICE_NETWORKS_KEY, DEMO_OFFICE_NETWORKS)
            demo = self.with_env(env)
            date_to = fields.Date.context_today(
                demo.with_context(tz=LOCAL_TZ)
            ) - timedelta(days=1)
            date_from = date_to - timedelta(days=PERIOD_DAYS - 1)
            master = demo._master_data()
            dossiers = demo._dossiers(master, rng, date_from)
            demo._answers(master, rng, dossiers, date_from)
            campaign = demo._campaign(master, rng, date_from, date_to)
        env["satisfaction.scorecard"]._compute_year_draft(date_to.year)
        signals = env["satisfaction.integrity.signal"]
        for month in {periods.month_start(date_from), periods.month_start(date_to)}:
            signals._detect(month)
        _logger.info(
            "satisfaction_survey integrity demo: %s dossiers, survey %s",
            len(dossiers),
            campaign.name,
        )
        return dossiers.with_env(self.env)

    # ------------------------------------------------------------
    # UNITS, OFFICERS, KIOSKS, SURVEYOR
    # ------------------------------------------------------------

    def _master_data(self):
        generator = self.env["satisfaction.demo.generator"]
        company = self.env.company
        job = self.env.ref(f"{MODULE}.demo_job_one_stop_officer", False)
        master = {"units": {}, "officers": {}, "kiosks": {}}
        for key, (
            unit_xmlid,
            name,
            officer_xmlid,
            officer,
            kiosk_xmlid,
        ) in UNITS.items():
            unit = generator._demo_get_or_create(
                unit_xmlid,
                "hr.department",
                {"name": name, "company_id": company.id},
                [("name", "=", name), ("company_id", "=", company.id)],
            )
            master["units"][key] = unit
            master["officers"][key] = generator._demo_get_or_create(
                officer_xmlid,
                "hr.employee",
                {
                    "name": officer,
                    "department_id": unit.id,
                    "job_id": job.id if job else False,
                    "company_id": company.id,
                },
            )
            master["kiosks"][key] = generator._demo_get_or_create(
                kiosk_xmlid,
                "satisfaction.kiosk",
                {
                    "name": "Máy tính bảng quầy số 1",
                    "counter_name": "Quầy số 1",
                    "unit_id": unit.id,
                },
            )
        master["surveyor"] = generator._demo_get_or_create(
            "demo_user_surveyor",
            "res.users",
            {
                "name": "Đỗ Thị Minh Thư",
                "login": "surveyor",
                "password": "surveyor",
                "email": "surveyor@example.com",
                "groups_id": [
                    (6, 0, [self.env.ref(f"{MODULE}.group_satisfaction_surveyor").id])
                ],
            }
            | generator._demo_user_settings(),
            [("login", "=", "surveyor")],
        )
        master["procedure"] = self.env.ref(
            f"{MODULE}.demo_procedure_copy_cert", False
        ) or self.env["satisfaction.procedure"].search([], limit=1)
        return master

    # ------------------------------------------------------------
    # DOSSIERS AND RATINGS
    # ------------------------------------------------------------

    @api.model
    def _at(self, day, hour, minute=0, second=0):
        """``day`` at ``hour``:``minute`` UTC (Vietnam's office day is 0:30-10:00
        UTC)."""
        return datetime.combine(day, time()) + timedelta(
            hours=hour, minutes=minute, seconds=second
        )

    def _dossiers(self, master, rng, date_from):
        """Two dossiers a day and unit, one returned in the morning, one in
        the afternoon."""
        generator = self.env["satisfaction.demo.generator"]
        vals_list = []
        for key in (HONEST, STAGED):
            unit = master["units"][key]
            officer = master["officers"][key]
            for day_index in range(PERIOD_DAYS):
                day = date_from + timedelta(days=day_index)
                for half in (0, 1):
                    returned = self._at(
                        day, 1 + 4 * half, rng.randint(0, 150), rng.randint(0, 59)
                    )
                    received = returned - timedelta(days=rng.randint(1, 3), hours=1)
                    number = len(vals_list) + 1
                    vals_list.append(
                        {
                            "procedure_id": master["procedure"].id,
                            "unit_id": unit.id,
                            "receiving_officer_id": officer.id,
                            "handling_officer_ids": [(6, 0, [])],
                            "citizen_name": generator._demo_citizen_name(rng),
                            # fake numbers: nothing reaches anybody
                            "citizen_phone": f"0907{number:06d}",
                            "citizen_email": False,
                            "date_received": received,
                            "date_appointment": returned.replace(hour=2, minute=0),
                            "date_returned": returned,
                            "state": "returned",
                        }
                    )
        vals_list.sort(key=lambda vals: vals["date_received"])
        dossiers = self.env["satisfaction.dossier"].create(vals_list)
        generator._demo_backdate(dossiers, {d.id: d.date_received for d in dossiers})
        return dossiers

    def _answers(self, master, rng, dossiers, date_from):
        generator = self.env["satisfaction.demo.generator"]
        now = fields.Datetime.now().replace(microsecond=0)
        validity = timedelta(days=self.env["satisfaction.request"]._validity_days())
        request_of = {r.res_id: r for r in dossiers.satisfaction_request_ids}
        plans = self._honest_plan(
            master,
            rng,
            dossiers.filtered(lambda d: d.unit_id == master["units"][HONEST]),
        ) + self._staged_plan(
            master,
            rng,
            dossiers.filtered(lambda d: d.unit_id == master["units"][STAGED]),
            date_from,
        )
        request_dates, response_dates = {}, {}
        for dossier, plan in plans:
            request = request_of[dossier.id]
            request_dates[request.id] = dossier.date_returned
            if not plan:
                expired = dossier.date_returned + validity < now
                request.write(
                    {
                        "expiry_date": dossier.date_returned + validity,
                        "state": "expired" if expired else "pending",
                    }
                )
                continue
            channel, answered, form, metadata = plan
            answered = min(answered, now - timedelta(minutes=1))
            form = form(request)
            response, errors = request.with_context(
                default_date=answered
            )._record_answers(form, channel=channel, metadata=metadata)
            if errors:
                _logger.warning(
                    "satisfaction_survey integrity demo: answers rejected: %s", errors
                )
                continue
            vals = {
                "date_answered": answered,
                "expiry_date": dossier.date_returned + validity,
            }
            if channel == "sms":
                vals.update(
                    channel="sms",
                    date_sent=dossier.date_returned + timedelta(minutes=5),
                    send_count=1,
                )
            request.write(vals)
            response_dates[response.id] = answered
        generator._demo_backdate(dossiers.satisfaction_request_ids, request_dates)
        generator._demo_backdate(
            self.env["satisfaction.response"].browse(list(response_dates)),
            response_dates,
        )

    def _levels(self, request):
        return sorted(request.questionnaire_id.scale_id.level_ids.mapped("value")) or [
            1,
            2,
            3,
            4,
            5,
        ]

    def _mood_form(self, rng, mood_weights, comment=None):
        """A citizen's answers: mostly their overall mood, sometimes drawn anew."""
        mood = rng.choices((1, 2, 3, 4, 5), mood_weights)[0]
        draws = [rng.random() for _index in range(40)]
        values = [rng.choices((1, 2, 3, 4, 5), mood_weights)[0] for _index in range(40)]

        def form(request):
            levels = self._levels(request)
            top = len(levels)
            answers = {}
            for index, item in enumerate(request._question_items()):
                if item["criterion"].question_type != "scale":
                    continue
                value = mood if draws[index % 40] < 0.6 else values[index % 40]
                answers[item["key"]] = str(levels[round((value - 1) * (top - 1) / 4)])
            if comment and request.questionnaire_id.ask_comment:
                answers["comment"] = comment
            return answers

        return form

    def _top_form(self, comment=None):
        """Every question at the top level."""

        def form(request):
            top = str(self._levels(request)[-1])
            answers = {
                item["key"]: top
                for item in request._question_items()
                if item["criterion"].question_type == "scale"
            }
            if comment and request.questionnaire_id.ask_comment:
                answers["comment"] = comment
            return answers

        return form

    def _honest_plan(self, master, rng, dossiers):
        """[(dossier, (channel, answered, form, metadata) or None)]: each
        citizen at their own pace; one link rating of the period from the
        office's Wi-Fi."""
        kiosk = master["kiosks"][HONEST]
        comments = list(HONEST_COMMENTS)
        rng.shuffle(comments)
        plans = []
        office_given = False
        for dossier in dossiers.sorted("date_returned"):
            if rng.random() < 0.15:
                plans.append((dossier, None))
                continue
            channel = rng.choices(("kiosk", "qr", "sms"), (45, 20, 35))[0]
            returned = dossier.date_returned
            metadata = {}
            if channel == "kiosk":
                answered = returned + timedelta(minutes=rng.randint(2, 12))
                metadata = {
                    "kiosk_id": kiosk.id,
                    "seconds_on_page": rng.randint(35, 140),
                }
            elif channel == "qr":
                answered = returned + timedelta(minutes=rng.randint(3, 40))
                metadata = {"from_office_network": not office_given}
                office_given = True
            else:
                answered = returned + timedelta(minutes=rng.randint(90, 3 * 24 * 60))
                metadata = {"from_office_network": False}
            comment = comments.pop() if comments and rng.random() < 0.3 else None
            plans.append(
                (
                    dossier,
                    (
                        channel,
                        answered,
                        self._mood_form(rng, HONEST_MOOD, comment),
                        metadata,
                    ),
                )
            )
        return plans

    def _staged_plan(self, master, rng, dossiers, date_from):
        """Every fourth day, six of the dossiers returned since the last burst
        are rated at the kiosk one after another at closing time, a few
        seconds each; the other two by QR or link, mostly from the office
        network. All at the top level."""
        kiosk = master["kiosks"][STAGED]
        plans = []
        ordered = dossiers.sorted("date_returned")
        per_group = len(ordered) // (PERIOD_DAYS // GROUP_DAYS)
        for group in range(PERIOD_DAYS // GROUP_DAYS):
            batch = ordered[group * per_group : (group + 1) * per_group]
            burst_day = date_from + timedelta(days=group * GROUP_DAYS + GROUP_DAYS - 1)
            burst_start = self._at(burst_day, 9, 35, rng.randint(0, 59))
            for index, dossier in enumerate(batch):
                if index < BURST_SIZE:
                    answered = burst_start + timedelta(
                        seconds=index * rng.randint(50, 80)
                    )
                    comment = STAGED_COMMENT if index % 2 == 0 else None
                    plans.append(
                        (
                            dossier,
                            (
                                "kiosk",
                                answered,
                                self._top_form(comment),
                                {
                                    "kiosk_id": kiosk.id,
                                    "seconds_on_page": rng.randint(4, 9),
                                },
                            ),
                        )
                    )
                    continue
                channel = "qr" if index % 2 == 0 else "sms"
                answered = dossier.date_returned + timedelta(minutes=rng.randint(5, 30))
                plans.append(
                    (
                        dossier,
                        (
                            channel,
                            answered,
                            self._top_form(),
                            # one link rating in four from a citizen's own phone
                            {"from_office_network": (group + index) % 4 != 0},
                        ),
                    )
                )
        return plans

    # ------------------------------------------------------------
    # INDEPENDENT SURVEY
    # ------------------------------------------------------------

    def _campaign(self, master, rng, date_from, date_to):
        """Both units surveyed by telephone: drawn, called, closed."""
        generator = self.env["satisfaction.demo.generator"]
        units = master["units"][HONEST] | master["units"][STAGED]
        questionnaire = (
            self.env["satisfaction.request"]
            .search([("unit_id", "in", units.ids)], limit=1)
            .questionnaire_id
        )
        campaign = generator._demo_get_or_create(
            "demo_campaign_integrity",
            "satisfaction.campaign",
            {
                "name": SURVEY_NAME,
                "kind": "independent",
                "date_from": date_from,
                "date_to": date_to,
                "deadline": date_to + timedelta(days=1),
                "unit_ids": [(6, 0, units.ids)],
                "questionnaire_id": questionnaire.id,
                "margin": 10.0,
                "surveyor_ids": [(6, 0, master["surveyor"].ids)],
                "seed": "demo-integrity-%s" % date_to.isoformat(),
            },
        )
        if campaign.state != "draft":
            return campaign
        campaign.action_draw()
        levels = {level.value: level for level in questionnaire.scale_id.level_ids}
        values = sorted(levels)
        top = len(values)
        mood_of = {
            master["units"][HONEST]: HONEST_MOOD,
            master["units"][STAGED]: STAGED_CALLED_MOOD,
        }
        surveyor = master["surveyor"]
        for call in campaign.call_ids.sorted("id"):
            call = call.with_user(surveyor)
            outcome = rng.random()
            if outcome < 0.08:
                call.action_refused()
                continue
            if outcome < 0.15:
                continue  # never reached: "not reached" at the close
            call.action_prepare_answers()
            mood_weights = mood_of[call.unit_id]
            mood = rng.choices((1, 2, 3, 4, 5), mood_weights)[0]
            for answer in call.answer_ids:
                value = (
                    mood
                    if rng.random() < 0.6
                    else rng.choices((1, 2, 3, 4, 5), mood_weights)[0]
                )
                answer.level_id = levels[values[round((value - 1) * (top - 1) / 4)]]
            call.action_answered()
        campaign.action_close()
        return campaign
