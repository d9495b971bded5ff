"""Demo data: a city's public administration service centres and their ratings.

The company is the city's public administration service centre (Trung tâm
Phục vụ hành chính công), the units are commune-level centres and the
departments serving at the city centre: local government has two levels
since 1 July 2025 (province, commune), so no district appears. Ratings cover
every month since 1 January of last year (at least twelve months), slowly
improving, so that last year's scorecard is published and this year's is a
computed draft.

Called from ``demo/satisfaction_demo.xml``. Dates are relative to today so a
demo database always looks current, and a seeded ``random.Random`` makes the
data reproducible. Rating requests are created by the module itself (the
dossiers are created as returned), with sending switched off so no SMS or
e-mail is queued for the fake citizens; answers go through
``satisfaction.request._record_answers`` like a real submission.
"""

import logging
import random
import time
import unicodedata
from contextlib import contextmanager
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

MODULE = "satisfaction_survey"
AUTO_SEND_KEY = "satisfaction_survey.auto_send"
JOB_NAME = "Công chức một cửa"
LOCAL_TZ = "Asia/Ho_Chi_Minh"
DOSSIERS_PER_MONTH = 20

COMPANY = {
    "name": "Trung tâm Phục vụ hành chính công thành phố Đà Nẵng",
    "street": "24 Trần Phú",
    "street2": "Phường Hải Châu",
    "city": "Thành phố Đà Nẵng",
    "email": "motcua@example.com",
    "phone": "0236 3000 000",
}
LEADER_JOB_TITLE = "Giám đốc Trung tâm Phục vụ hành chính công phường"
FOLLOWUP_DONE_TEXT = (
    "Đã gọi điện cho công dân, xin lỗi và hướng dẫn lại; "
    "đã nhắc nhở công chức tại cuộc họp giao ban."
)

# key -> (name, weight in the dossier mix,
#         distribution of the citizens' mood over the values 1..5)
# The keys name the units' XML ids (demo_unit_<key>), kept for the records that
# refer to them; the names are those of the communes formed on 1 July 2025.
UNITS = [
    (
        "hoa_hiep_nam",
        "Trung tâm Phục vụ hành chính công phường Hải Vân",
        22,
        (1, 2, 5, 42, 50),
    ),
    (
        "hoa_khanh_bac",
        "Trung tâm Phục vụ hành chính công phường Liên Chiểu",
        26,
        (1, 2, 6, 47, 44),
    ),
    (
        "hoa_bac",
        "Trung tâm Phục vụ hành chính công xã Hòa Vang",
        14,
        (1, 3, 10, 50, 36),
    ),
    ("so_tu_phap", "Sở Tư pháp", 14, (1, 2, 7, 46, 44)),
    # below the target: the unit to call
    ("so_tnmt", "Sở Nông nghiệp và Môi trường", 24, (3, 6, 16, 47, 28)),
]

# key -> (employee name, unit key, weaker officer?)
OFFICERS = [
    ("officer_01", "Nguyễn Thị Thu Hà", "hoa_hiep_nam", False),
    ("officer_02", "Lê Văn Thành", "hoa_hiep_nam", False),
    ("officer_03", "Trần Thị Ngọc Ánh", "hoa_khanh_bac", False),
    ("officer_04", "Phạm Quốc Huy", "hoa_khanh_bac", True),
    ("officer_05", "Võ Thị Mỹ Linh", "hoa_bac", False),
    ("officer_06", "Huỳnh Văn Đức", "hoa_bac", False),
    ("officer_07", "Đặng Thị Hồng Nhung", "so_tu_phap", False),
    ("officer_08", "Bùi Minh Tuấn", "so_tu_phap", False),
    ("officer_09", "Hoàng Thị Lan Anh", "so_tnmt", False),
    ("officer_10", "Ngô Đình Khoa", "so_tnmt", False),
]

# Codes follow the format of the national database of administrative procedures;
# they are illustrative demo values.
# key -> (code, name, field, processing days, unit keys, weight, SIPAS questionnaire?)
WARDS = ("hoa_hiep_nam", "hoa_khanh_bac", "hoa_bac")
PROCEDURES = [
    ("birth", "1.001193", "Đăng ký khai sinh", "Hộ tịch", 1, WARDS, 14, False),
    ("marriage", "1.000894", "Đăng ký kết hôn", "Hộ tịch", 3, WARDS, 6, False),
    ("death", "1.000656", "Đăng ký khai tử", "Hộ tịch", 1, WARDS, 4, False),
    (
        "marital_status",
        "1.004873",
        "Cấp Giấy xác nhận tình trạng hôn nhân",
        "Hộ tịch",
        3,
        WARDS,
        8,
        False,
    ),
    (
        "copy_cert",
        "2.000815",
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        "Chứng thực",
        1,
        WARDS,
        22,
        False,
    ),
    (
        "signature_cert",
        "2.000884",
        "Chứng thực chữ ký trong các giấy tờ, văn bản",
        "Chứng thực",
        1,
        WARDS,
        8,
        False,
    ),
    (
        "judicial_record",
        "2.000488",
        "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
        "Lý lịch tư pháp",
        10,
        ("so_tu_phap",),
        1,
        True,
    ),
    (
        "nationality",
        "1.000150",
        "Xác nhận có quốc tịch Việt Nam",
        "Quốc tịch",
        10,
        ("so_tu_phap",),
        1,
        False,
    ),
    (
        "land_change",
        "1.004227",
        "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
        "Đất đai",
        10,
        ("so_tnmt",),
        10,
        False,
    ),
    (
        "land_reissue",
        "1.004221",
        "Cấp đổi Giấy chứng nhận quyền sử dụng đất, "
        "quyền sở hữu tài sản gắn liền với đất",
        "Đất đai",
        7,
        ("so_tnmt",),
        4,
        True,
    ),
]

FAMILY_NAMES = (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Trương Đinh"
).split()
MIDDLE_NAMES = (
    "Văn Thị Minh Ngọc Thanh Quốc Hữu Đức Thu Kim Xuân Hoài Công Bảo"
).split()
GIVEN_NAMES = (
    "An Bình Châu Dũng Hà Hải Hạnh Hùng Khánh Lan Linh Long Mai Nam Nga Phúc Quang Sơn "
    "Tâm Thảo Trang Tuấn Vy Yến Hiếu Loan Phương Toàn Trinh Việt"
).split()

CHANNEL_WEIGHTS = [("sms", 34), ("email", 18), ("qr", 22), ("kiosk", 15), ("staff", 11)]

COMMENTS_GOOD = [
    "Cán bộ hướng dẫn tận tình, chu đáo.",
    "Thủ tục nhanh gọn, trả kết quả đúng hẹn.",
    "Rất hài lòng, cảm ơn bộ phận một cửa.",
    "Công chức niềm nở, giải thích rõ ràng, dễ hiểu.",
    "Nộp hồ sơ trực tuyến thuận tiện, không phải đi lại nhiều.",
    "Được nhắn tin báo trước khi có kết quả, rất tiện.",
]
COMMENTS_NEUTRAL = [
    "Nên bố trí thêm ghế ngồi chờ cho người dân.",
    "Đề nghị niêm yết mẫu tờ khai rõ ràng hơn.",
    "Buổi sáng phải chờ lấy số khá lâu.",
    "Nên có thêm chỗ để xe cho người dân đến làm thủ tục.",
    "Phí, lệ phí cần được công khai rõ hơn tại quầy.",
]
COMMENTS_BAD = [
    "Phải đi lại nhiều lần mới hoàn thiện được hồ sơ.",
    "Cán bộ trả lời chưa rõ ràng, thiếu niềm nở.",
    "Hướng dẫn chưa đầy đủ, phải bổ sung giấy tờ nhiều lần.",
    "Gọi điện đến bộ phận một cửa nhưng không ai nghe máy.",
]
COMMENTS_LATE = [
    "Trả kết quả trễ hẹn mà không được thông báo trước.",
    "Hẹn trả kết quả nhưng đến nơi vẫn chưa có, phải quay lại hôm sau.",
]

# Vietnam is UTC+7 all year: office hours 7:30-17:00 local are 0:30-10:00 UTC.
OFFICE_START_UTC_MINUTES = 30
OFFICE_LENGTH_MINUTES = 9 * 60 + 30


def _ascii(text):
    """ "Nguyễn Văn Đức" -> "nguyen.van.duc" for fake e-mail addresses."""
    text = text.replace("Đ", "D").replace("đ", "d")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return ".".join(text.lower().split())


class SatisfactionDemoGenerator(models.AbstractModel):
    _name = "satisfaction.demo.generator"
    _description = "Satisfaction Demo Data Generator"

    # ------------------------------------------------------------
    # ENTRY POINT
    # ------------------------------------------------------------

    @api.model
    def _generate(self, dossier_count=None, months=None, seed=2025, answer_rate=0.82):
        """Create the demo city and ``dossier_count`` returned, mostly rated
        dossiers over the last ``months`` months (default: since 1 January of
        last year, at least twelve; ``DOSSIERS_PER_MONTH`` a month).

        Company, units, officers, procedures, users and scorecards are reused
        when they exist (by XML id), so calling it again only adds dossiers.
        Returns the new dossiers.
        """
        started = time.monotonic()
        months = months or self._demo_default_months()
        if dossier_count is None:
            dossier_count = DOSSIERS_PER_MONTH * months
        rng = random.Random(seed)
        with self._demo_quiet() as env:
            generator = self.with_env(env)
            master = generator._demo_master_data()
            dossiers = generator._demo_dossiers(master, rng, dossier_count, months)
            generator._demo_answers(master, rng, dossiers, answer_rate, months)
            generator._demo_followups(dossiers)
            generator._demo_scorecards()
        _logger.info(
            "satisfaction_survey demo: %s dossiers generated in %.1f s",
            len(dossiers),
            time.monotonic() - started,
        )
        return dossiers.with_env(self.env)

    @api.model
    @contextmanager
    def _demo_quiet(self):
        """The environment demo data is made in: superuser, no chatter, tracking
        or invitation mail, and no rating request sent to the fake citizens
        while it runs (the setting is restored afterwards)."""
        env = (
            self.sudo()
            .with_context(
                tracking_disable=True,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
                mail_notrack=True,
                no_reset_password=True,
            )
            .env
        )
        params = env["ir.config_parameter"]
        previous_auto_send = params.get_param(AUTO_SEND_KEY)
        params.set_param(AUTO_SEND_KEY, "False")
        try:
            yield env
        finally:
            # set_param(key, False) removes the key: restores "missing" as well.
            params.set_param(AUTO_SEND_KEY, previous_auto_send or False)

    @api.model
    def _demo_default_months(self):
        """Months since 1 January of last year (Vietnam's date), at least 12:
        last year is complete, so its scorecard can be published."""
        today = fields.Date.context_today(self.with_context(tz=LOCAL_TZ))
        return today.month + 11

    # ------------------------------------------------------------
    # MASTER DATA (units, officers, procedures, users)
    # ------------------------------------------------------------

    def _demo_get_or_create(self, xmlid_name, model, vals, search_domain=None):
        """Record of ``MODULE.xmlid_name``, else one matching ``search_domain``,
        else a new one."""
        xmlid = f"{MODULE}.{xmlid_name}"
        record = self.env.ref(xmlid, raise_if_not_found=False)
        if record:
            return record
        record = (
            self.env[model].search(search_domain, limit=1)
            if search_domain
            else self.env[model]
        )
        if not record:
            record = self.env[model].create(vals)
        # noupdate: a module update keeps these records, which no data file declares.
        self.env["ir.model.data"]._update_xmlids(
            [{"xml_id": xmlid, "record": record, "noupdate": True}]
        )
        return record

    def _demo_master_data(self):
        company = self._demo_company()
        units = {
            key: self._demo_get_or_create(
                f"demo_unit_{key}",
                "hr.department",
                {"name": name, "company_id": company.id},
                [("name", "=", name), ("company_id", "=", company.id)],
            )
            for key, name, _weight, _mood in UNITS
        }
        job = self._demo_get_or_create(
            "demo_job_one_stop_officer",
            "hr.job",
            {"name": JOB_NAME},
            [("name", "=", JOB_NAME)],
        )
        users = self._demo_users()
        officer_user_of = {"officer_03": users["officer"]}
        officers = {}
        for key, name, unit_key, _weak in OFFICERS:
            user = officer_user_of.get(key)
            officers[key] = self._demo_get_or_create(
                f"demo_employee_{key}",
                "hr.employee",
                {
                    "name": name,
                    "department_id": units[unit_key].id,
                    "job_id": job.id,
                    "job_title": JOB_NAME,
                    "user_id": user.id if user else False,
                    "company_id": company.id,
                },
            )
        # The unit leader is an employee of the unit (so the record rules give them
        # their unit) but does not serve at the counter.
        self._demo_get_or_create(
            "demo_employee_leader",
            "hr.employee",
            {
                "name": users["leader"].name,
                "department_id": units["hoa_khanh_bac"].id,
                "job_title": LEADER_JOB_TITLE,
                "user_id": users["leader"].id,
                "company_id": company.id,
            },
        )
        sipas = self.env.ref(f"{MODULE}.questionnaire_sipas", raise_if_not_found=False)
        procedures = {}
        for key, code, name, field_name, days, _units, _weight, use_sipas in PROCEDURES:
            procedure = self._demo_get_or_create(
                f"demo_procedure_{key}",
                "satisfaction.procedure",
                {
                    "name": name,
                    "code": code,
                    "field_name": field_name,
                    "processing_days": days,
                },
                [("code", "=", code)],
            )
            if (
                use_sipas
                and sipas
                and sipas.state == "published"
                and not procedure.questionnaire_id
            ):
                procedure.questionnaire_id = sipas
            procedures[key] = procedure
        return {
            "units": units,
            "officers": officers,
            "procedures": procedures,
            "users": users,
        }

    def _demo_company(self):
        """The current company becomes the city's public administration service
        centre: Vietnamese address, the đồng, Vietnam's time zone."""
        company = self.env.company
        vietnam = self.env.ref("base.vn", raise_if_not_found=False)
        vals = dict(COMPANY, country_id=vietnam.id if vietnam else False)
        if vietnam:
            city = (
                self.env["res.country.state"]
                .search([("country_id", "=", vietnam.id)])
                .filtered(lambda state: "Nẵng" in state.name or "Nang" in state.name)
            )
            vals["state_id"] = city[:1].id
        vnd = (
            self.env["res.currency"]
            .with_context(active_test=False)
            .search([("name", "=", "VND")], limit=1)
        )
        if vnd:
            vnd.active = True
            vals["currency_id"] = vnd.id
        company.write(vals)
        company.partner_id.tz = LOCAL_TZ
        return company

    def _demo_user_settings(self):
        """Vietnam's time zone, and Vietnamese when the language is loaded
        (``make demo`` loads it; a test database may not have it yet)."""
        vals = {"tz": LOCAL_TZ}
        if self.env["res.lang"]._lang_get("vi_VN"):
            vals["lang"] = "vi_VN"
        return vals

    def _demo_users(self):
        """Demo logins, password = login: officer, leader, reviewer; the
        administrator gets the same time zone and language."""
        specs = [
            ("officer", "Trần Thị Ngọc Ánh", "group_satisfaction_officer"),
            ("leader", "Lê Quang Vinh", "group_satisfaction_leader"),
            ("reviewer", "Nguyễn Thị Hồng Nhung", "group_satisfaction_reviewer"),
        ]
        users = {}
        for login, name, group in specs:
            users[login] = self._demo_get_or_create(
                f"demo_user_{login}",
                "res.users",
                {
                    "name": name,
                    "login": login,
                    "password": login,
                    "email": f"{login}@example.com",
                    "groups_id": [(6, 0, [self.env.ref(f"{MODULE}.{group}").id])],
                },
                [("login", "=", login)],
            )
        settings = self._demo_user_settings()
        demo_users = self.env["res.users"].union(*users.values())
        admin = self.env.ref("base.user_admin", raise_if_not_found=False)
        (demo_users | admin if admin else demo_users).write(settings)
        return users

    # ------------------------------------------------------------
    # DOSSIERS
    # ------------------------------------------------------------

    def _demo_dossiers(self, master, rng, count, months):
        now = fields.Datetime.now().replace(microsecond=0)
        span_days = max(int(months * 30.5), 1)
        unit_keys = [key for key, *_rest in UNITS]
        unit_weights = [weight for _key, _name, weight, _mood in UNITS]
        officers_by_unit = {}
        for key, _name, unit_key, _weak in OFFICERS:
            officers_by_unit.setdefault(unit_key, []).append(master["officers"][key])
        procedures_by_unit = {
            unit_key: [
                (master["procedures"][p[0]], p[4], p[6])
                for p in PROCEDURES
                if unit_key in p[5]
            ]
            for unit_key in unit_keys
        }
        vals_list = []
        for index in range(count):
            unit_key = rng.choices(unit_keys, unit_weights)[0]
            unit_procedures = procedures_by_unit[unit_key]
            procedure, days, _weight = rng.choices(
                unit_procedures, [p[2] for p in unit_procedures]
            )[0]
            receiving = rng.choice(officers_by_unit[unit_key])
            handling = self.env["hr.employee"]
            if days > 1 and rng.random() < 0.3:
                handling = rng.choice(
                    [o for o in officers_by_unit[unit_key] if o != receiving]
                    or [receiving]
                )
            # returned during office hours, any day of the period, never in the future
            returned = self._demo_office_time(
                now - timedelta(days=rng.randint(0, span_days)), rng
            )
            if returned.weekday() == 6:  # offices are closed on Sundays
                returned -= timedelta(days=1)
            if returned > now:
                returned -= timedelta(days=1 if returned.weekday() else 2)
            late_days = rng.choice([1, 1, 2, 3, 5]) if rng.random() < 0.1 else 0
            appointment = returned.replace(hour=9, minute=0, second=0) - timedelta(
                days=late_days
            )
            if not late_days and rng.random() < 0.4:
                appointment += timedelta(days=rng.randint(1, 2))  # returned early
            # working days -> calendar days (weekends), at least the same day
            received = self._demo_office_time(
                appointment - timedelta(days=round(days * 7 / 5)), rng
            )
            if received > returned:
                received = returned - timedelta(hours=1)
            name = self._demo_citizen_name(rng)
            has_email = rng.random() < 0.35
            vals_list.append(
                {
                    "procedure_id": procedure.id,
                    "unit_id": master["units"][unit_key].id,
                    "receiving_officer_id": receiving.id,
                    "handling_officer_ids": [(6, 0, handling.ids)],
                    "citizen_name": name,
                    # fake numbers, reserved e-mail domain: nothing reaches anybody
                    "citizen_phone": f"0900{index + 1:06d}"
                    if rng.random() < 0.9
                    else False,
                    "citizen_email": f"{_ascii(name)}.{index + 1:04d}@example.com"
                    if has_email
                    else False,
                    "date_received": received,
                    "date_appointment": appointment,
                    "date_returned": returned,
                    "state": "returned",
                }
            )
        self._demo_nd118_supplements(vals_list, rng)
        # oldest first, so dossier numbers grow with time
        vals_list.sort(key=lambda vals: vals["date_received"])
        Dossier = self.env["satisfaction.dossier"]
        dossiers = Dossier.browse()
        for start in range(0, len(vals_list), 100):
            # created as returned: the rating mixin creates their requests (not sent)
            dossiers |= Dossier.create(vals_list[start : start + 100])
        self._demo_backdate(dossiers, {d.id: d.date_received for d in dossiers})
        return dossiers

    @api.model
    def _demo_office_time(self, day, rng):
        minutes = OFFICE_START_UTC_MINUTES + rng.randint(0, OFFICE_LENGTH_MINUTES)
        return day.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(
            minutes=minutes
        )

    @api.model
    def _demo_citizen_name(self, rng):
        return " ".join(
            (
                rng.choice(FAMILY_NAMES),
                rng.choice(MIDDLE_NAMES),
                rng.choice(GIVEN_NAMES),
            )
        )

    def _demo_backdate(self, records, dates):
        """Set create_date (not writable through the ORM): lists read like history."""
        if not records:
            return
        records.flush_recordset()
        ids = list(dates)
        self.env.cr.execute(
            SQL(
                "UPDATE %s AS t SET create_date = v.d FROM unnest(%s::int[], "
                "%s::timestamp[]) AS v(id, d) WHERE t.id = v.id",
                SQL.identifier(records._table),
                ids,
                [dates[i] for i in ids],
            )
        )
        records.invalidate_recordset(["create_date"])

    # ------------------------------------------------------------
    # ANSWERS
    # ------------------------------------------------------------

    def _demo_answers(self, master, rng, dossiers, answer_rate, months=6):
        now = fields.Datetime.now().replace(microsecond=0)
        span = timedelta(days=max(int(months * 30.5), 1))
        validity = timedelta(days=self.env["satisfaction.request"]._validity_days())
        unit_mood = {master["units"][key]: mood for key, _name, _weight, mood in UNITS}
        weak_officers = self.env["hr.employee"].browse(
            [master["officers"][key].id for key, _name, _unit, weak in OFFICERS if weak]
        )
        requests = dossiers.satisfaction_request_ids
        by_dossier = {request.res_id: request for request in requests}
        request_dates, response_dates = {}, {}
        channels, channel_weights = zip(*CHANNEL_WEIGHTS)
        for dossier in dossiers:
            request = by_dossier.get(dossier.id)
            if not request:
                continue
            returned = dossier.date_returned
            request_dates[request.id] = returned
            recent = now - returned < timedelta(days=3)
            if rng.random() >= (answer_rate * 0.5 if recent else answer_rate):
                expired = returned + validity < now
                # still pending: a recent return whose citizen may answer yet
                request.write(
                    {
                        "expiry_date": returned + validity,
                        "state": "expired" if expired else "pending",
                    }
                )
                continue
            channel = rng.choices(channels, channel_weights)[0]
            if channel == "email" and not dossier.citizen_email:
                channel = "sms"
            if channel == "sms" and not dossier.citizen_phone:
                channel = "qr"
            if channel in ("sms", "email"):
                answered = returned + timedelta(minutes=rng.randint(20, 4 * 24 * 60))
            else:  # at the counter, right after the result was handed over
                answered = returned + timedelta(minutes=rng.randint(1, 15))
            answered = min(answered, now - timedelta(minutes=1))
            form = self._demo_form(
                request,
                rng,
                unit_mood.get(dossier.unit_id, (1, 3, 10, 46, 40)),
                weak_officers,
                dossier.is_late,
                progress=1 - min((now - returned) / span, 1),
            )
            form = self._demo_nd118_prefilled(request, rng, form)
            response, errors = request.with_context(
                default_date=answered
            )._record_answers(form, channel=channel, prefilled=True)
            if errors:
                _logger.warning(
                    "satisfaction_survey demo: answers rejected for %s: %s",
                    request.dossier_ref,
                    errors,
                )
                continue
            vals = {"date_answered": answered, "expiry_date": returned + validity}
            if channel in ("sms", "email"):
                vals.update(
                    channel=channel,
                    date_sent=returned + timedelta(minutes=5),
                    send_count=1,
                )
            request.write(vals)
            response_dates[response.id] = answered
        self._demo_backdate(requests, request_dates)
        self._demo_backdate(
            self.env["satisfaction.response"].browse(list(response_dates)),
            response_dates,
        )

    def _demo_form(
        self, request, rng, mood_weights, weak_officers, is_late, progress=1.0
    ):
        """Answers of one citizen drawn from the unit's distribution.

        Each answer repeats the citizen's overall mood or, less often, is drawn on
        its own, so answers of one citizen agree without making unit indices erratic.
        ``progress`` (0 at the start of the period, 1 today) lifts the mood over
        time: the trend the reports show.
        """
        mood = rng.choices((1, 2, 3, 4, 5), mood_weights)[0]
        if is_late and rng.random() < 0.6:
            mood -= 1
        if rng.random() < 0.3 * (1 - progress):
            mood -= 1
        # mood 1..5 -> the questionnaire's levels (5 levels on the SIPAS scale)
        levels = sorted(
            request.questionnaire_id.scale_id.level_ids.mapped("value")
        ) or [1, 2, 3, 4, 5]
        top = len(levels)
        form = {}
        for item in request._question_items():
            criterion = item["criterion"]
            if criterion.question_type != "scale":
                continue
            value = (
                mood
                if rng.random() < 0.5
                else rng.choices((1, 2, 3, 4, 5), mood_weights)[0]
            )
            if (
                item["officer"]
                and item["officer"] in weak_officers
                and rng.random() < 0.5
            ):
                value -= 1
            form[item["key"]] = str(
                levels[round((min(max(value, 1), 5) - 1) * (top - 1) / 4)]
            )
        if request.questionnaire_id.ask_comment and rng.random() < 0.3:
            if is_late and rng.random() < 0.6:
                pool = COMMENTS_LATE
            else:
                pool = (
                    COMMENTS_GOOD
                    if mood >= 4
                    else COMMENTS_NEUTRAL
                    if mood == 3
                    else COMMENTS_BAD
                )
            form["comment"] = rng.choice(pool)
        return form

    # ------------------------------------------------------------
    # NĐ 118 EVALUATION: ANSWERS PRE-FILLED FROM THE DOSSIER
    # ------------------------------------------------------------

    # shares of dossiers asked for a supplement (once; twice), and of the
    # citizens who change a level pre-filled from their dossier
    _demo_supplement_once = 0.13
    _demo_supplement_twice = 0.015
    _demo_prefill_changed = 0.15

    def _demo_nd118_supplements(self, vals_list, rng):
        """Supplement requests on some dossiers (``vals_list``, before their
        creation), for point c) of the NĐ 118/2025 Điều 33.1 evaluation: of
        the dossiers that took two days or more, about one in eight asked
        once, a few asked twice. Each supplement is asked
        and received between the reception and the return; the dossier's
        final due and lateness follow from them (NĐ 118/2025 Điều 19.5)."""
        for vals in vals_list:
            draw = rng.random()
            count = (
                2
                if draw < self._demo_supplement_twice
                else 1
                if draw < self._demo_supplement_once
                else 0
            )
            span = vals["date_returned"] - vals["date_received"]
            if not count or span < timedelta(days=2):
                continue
            moment, events = vals["date_received"], []
            for _index in range(count):
                asked = moment + span * rng.uniform(0.05, 0.2)
                received = asked + span * rng.uniform(0.05, 0.2)
                events += [
                    Command.create({"kind": "supplement_request", "date": asked}),
                    Command.create({"kind": "supplement_received", "date": received}),
                ]
                moment = received
            vals["event_ids"] = events

    def _demo_nd118_prefilled(self, request, rng, form):
        """``form`` as the rating page leaves it: the levels the dossier
        pre-fills (``_derived_levels``) kept by most citizens, one of them
        changed by some (``_demo_prefill_changed``): to the level the citizen's mood
        gave, or the next one when it is the same."""
        derived = request._derived_levels(request._question_items())
        if not derived:
            return form
        form = dict(form)
        mood_values = {key: form.get(key) for key in derived}
        form.update({key: str(level) for key, level in derived.items()})
        if rng.random() < self._demo_prefill_changed:
            key = rng.choice(sorted(derived))
            values = request.questionnaire_id._page_layout().scale_values
            chosen = mood_values[key]
            if not chosen or chosen == str(derived[key]):
                higher = [value for value in values if value > derived[key]]
                lower = [value for value in values if value < derived[key]]
                chosen = str(min(higher) if higher else max(lower))
            form[key] = chosen
        return form

    # ------------------------------------------------------------
    # FOLLOW-UPS AND SCORECARDS
    # ------------------------------------------------------------

    def _demo_followups(self, dossiers):
        """Follow-ups of low ratings dated like their rating; those older than a
        month are done, with what was done; the recent ones stay open."""
        followups = self.env["satisfaction.followup"].search(
            [("request_id", "in", dossiers.satisfaction_request_ids.ids)]
        )
        self._demo_backdate(
            followups,
            {followup.id: followup.response_id.date for followup in followups},
        )
        limit = fields.Datetime.now() - timedelta(days=30)
        done = followups.filtered(
            lambda followup: (
                followup.state == "open" and followup.response_id.date < limit
            )
        )
        if done:
            done.action_taken = FOLLOWUP_DONE_TEXT
            done.action_done()

    def _demo_scorecards(self):
        """Last year's scorecard, computed and published (the Department of Home
        Affairs' decision), and this year's draft, computed."""
        self.env.flush_all()
        Scorecard = self.env["satisfaction.scorecard"]
        year = fields.Date.context_today(self.with_context(tz=LOCAL_TZ)).year
        last_year = self._demo_get_or_create(
            "demo_scorecard_last_year",
            "satisfaction.scorecard",
            {"year": year - 1, "period_type": "year"},
            [
                ("year", "=", year - 1),
                ("period_type", "=", "year"),
                ("company_id", "=", self.env.company.id),
            ],
        )
        if last_year.state == "draft":
            last_year.action_compute()
            last_year.action_publish()
        Scorecard._compute_year_draft(year)
