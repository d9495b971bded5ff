"""Public complaints and petitions (PAKN): the suggestion box of NĐ 118/2025
Điều 31.1.đ.

``/satisfaction/pakn``: GET shows the form, POST records the PAKN (CSRF
checked by Odoo, rate-limited per IP like the rating page) and shows the
secret link where the answer will appear. ``/satisfaction/pakn/<token>``:
GET shows the PAKN and its answer and never writes (e-mail scanners open
links); POST records the citizen's like or dislike, or raises the PAKN
again, each once. Errors are neutral pages, never a 500. A kiosk opens the
form with its key (``?kiosk=``): the unit is the kiosk's, the channel
"kiosk", and the thank-you screen goes back to the kiosk's start.
"""

import logging

from odoo import http
from odoo.http import request
from odoo.tools import email_normalize

from ..models.satisfaction_pakn import KINDS, PURPOSE_PAKN_CONTACT
from ..satisfaction_survey import phones
from . import rate_limit
from .main import SatisfactionPageMixin

_logger = logging.getLogger(__name__)

MAX_FILES_PARAM = "satisfaction_survey.pakn_attachment_max_files"
MAX_KB_PARAM = "satisfaction_survey.pakn_attachment_max_kb"
DEFAULT_MAX_FILES = 3
DEFAULT_MAX_KB = 5120
# Accepted files, recognised by their first bytes, not by the name the
# browser sends: PDF, JPEG and PNG.
FILE_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
SUBJECT_MAX, DESCRIPTION_MAX, FIELD_MAX = 200, 5000, 128
KIOSK_THANKS_SECONDS = 15


def sniff_mimetype(data):
    """The accepted mimetype of ``data``, or None."""
    for signature, mimetype in FILE_SIGNATURES:
        if data.startswith(signature):
            return mimetype
    return None


class SatisfactionPakn(SatisfactionPageMixin, http.Controller):
    @http.route(
        "/satisfaction/pakn",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        sitemap=False,
    )
    def satisfaction_pakn_form(self, **kw):
        prefs = self._satisfaction_page_prefs(kw)
        limited = rate_limit.check(scope="pakn")
        if limited:
            return limited
        kiosk = self._satisfaction_pakn_kiosk(kw.get("kiosk"))
        if request.httprequest.method == "POST":
            try:
                with request.env.cr.savepoint():
                    return self._satisfaction_pakn_submit(prefs, kiosk, kw)
            except Exception:  # noqa: BLE001 - a neutral page, never a 500
                _logger.exception("Complaint not recorded")
                return self._satisfaction_render(
                    "satisfaction_survey.pakn_page_error", prefs, status=400
                )
        return self._satisfaction_pakn_render_form(prefs, kiosk)

    @http.route(
        "/satisfaction/pakn/<string:token>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        sitemap=False,
    )
    def satisfaction_pakn_answer(self, token, **kw):
        prefs = self._satisfaction_page_prefs(kw)
        limited = rate_limit.check(token, scope="pakn")
        if limited:
            return limited
        pakn_sudo = request.env["satisfaction.pakn"]._get_by_token(token)
        if not pakn_sudo:
            return self._satisfaction_render(
                "satisfaction_survey.public_page_invalid", prefs, status=404
            )
        done = None
        if request.httprequest.method == "POST":
            form = request.httprequest.form
            action = form.get("action")
            if action in ("like", "dislike"):
                done = "rated" if pakn_sudo._rate(action) else "refused"
            elif action == "reraise":
                done = (
                    "reraised" if pakn_sudo._reraise(form.get("reason")) else "refused"
                )
            else:
                done = "refused"
        return self._satisfaction_render(
            "satisfaction_survey.pakn_page_answer",
            prefs,
            {
                "pakn": pakn_sudo,
                "state_label": dict(
                    pakn_sudo._fields["state"]._description_selection(request.env)
                )[pakn_sudo.state],
                "form_action": "/satisfaction/pakn/%s" % token,
                "done": done,
            },
            status=400 if done == "refused" else 200,
        )

    # ------------------------------------------------------------
    # HELPERS
    # ------------------------------------------------------------

    def _satisfaction_pakn_kiosk(self, key):
        if not key or not isinstance(key, str):
            return None
        return request.env["satisfaction.kiosk"]._get_by_key(key) or None

    def _satisfaction_pakn_units(self):
        return (
            request.env["hr.department"]
            .sudo()
            .search([("company_id", "in", [False, request.env.company.id])])
        )

    def _satisfaction_pakn_render_form(
        self, prefs, kiosk, values=None, errors=None, status=200
    ):
        return self._satisfaction_render(
            "satisfaction_survey.pakn_page_form",
            prefs,
            {
                "kiosk": kiosk,
                "units": self._satisfaction_pakn_units(),
                "categories": request.env["satisfaction.pakn.category"]
                .sudo()
                .search([]),
                "kinds": request.env["satisfaction.pakn"]
                ._fields["kind"]
                ._description_selection(request.env),
                "values": values or {},
                "errors": errors or {},
                "max_files": self._satisfaction_pakn_limits()[0],
                "max_kb": self._satisfaction_pakn_limits()[1],
                "notice": request.env["satisfaction.privacy.notice"]._current(
                    PURPOSE_PAKN_CONTACT
                ),
            },
            status=status,
        )

    def _satisfaction_pakn_limits(self):
        icp = request.env["ir.config_parameter"].sudo()

        def read(param, default):
            try:
                return max(int(icp.get_param(param) or default), 0)
            except ValueError:
                return default

        return read(MAX_FILES_PARAM, DEFAULT_MAX_FILES), read(
            MAX_KB_PARAM, DEFAULT_MAX_KB
        )

    def _satisfaction_pakn_files(self, errors):
        """[(name, data, mimetype)] of the uploaded files; problems in ``errors``."""
        max_files, max_kb = self._satisfaction_pakn_limits()
        files = [
            f for f in request.httprequest.files.getlist("attachments") if f.filename
        ]
        if len(files) > max_files:
            errors["attachments"] = request.env._("Attach at most %s files.", max_files)
            return []
        result = []
        for upload in files:
            data = upload.read(max_kb * 1024 + 1)
            if len(data) > max_kb * 1024:
                errors["attachments"] = request.env._(
                    "Each file must be at most %s KB.", max_kb
                )
                return []
            mimetype = sniff_mimetype(data)
            if not mimetype:
                errors["attachments"] = request.env._(
                    "Only PDF, JPEG and PNG files are accepted."
                )
                return []
            name = (upload.filename or "file").replace("/", "_").replace("\\", "_")
            result.append((name[-100:], data, mimetype))
        return result

    def _satisfaction_pakn_submit(self, prefs, kiosk, kw):
        form = request.httprequest.form
        values = {k: v for k, v in form.to_dict().items() if isinstance(v, str)}
        errors = {}
        env = request.env

        def text(name, limit):
            return (values.get(name) or "").strip()[:limit]

        subject = text("subject", SUBJECT_MAX)
        description = text("description", DESCRIPTION_MAX)
        if not subject:
            errors["subject"] = env._("Please write a short subject.")
        if not description:
            errors["description"] = env._("Please describe your complaint or petition.")
        kind = values.get("kind") if values.get("kind") in dict(KINDS) else None
        if not kind:
            errors["kind"] = env._("Choose complaint or petition.")
        units = self._satisfaction_pakn_units()
        unit = kiosk.unit_id if kiosk else None
        if not unit:
            unit_id = values.get("unit_id")
            unit = units.filtered(
                lambda u: unit_id and unit_id.isdigit() and u.id == int(unit_id)
            )
        if not unit:
            errors["unit_id"] = env._("Choose the office.")
        category = env["satisfaction.pakn.category"].sudo().browse()
        category_id = values.get("category_id") or ""
        if category_id.isdigit():
            category = category.search([("id", "=", int(category_id))])
        name = text("contact_name", FIELD_MAX)
        phone = text("contact_phone", FIELD_MAX)
        email = text("contact_email", FIELD_MAX)
        if phone and not phones.normalize_vn_phone(phone):
            errors["contact_phone"] = env._("This phone number is not valid.")
        if email and not email_normalize(email):
            errors["contact_email"] = env._("This e-mail address is not valid.")
        consent = values.get("consent") == "1"
        if (phone or email) and not consent:
            errors["consent"] = env._(
                "Tick the box to let us use your contact data to answer, or leave "
                "it empty."
            )
        files = self._satisfaction_pakn_files(errors)
        if errors:
            return self._satisfaction_pakn_render_form(
                prefs, kiosk, values=values, errors=errors, status=400
            )
        contact = bool(consent and (name or phone or email))
        pakn_sudo = (
            env["satisfaction.pakn"]
            .sudo()
            .with_context(mail_create_nosubscribe=True)
            .create(
                {
                    "kind": kind,
                    "category_id": category.id or False,
                    "unit_id": unit.id,
                    "subject": subject,
                    "description": description,
                    "dossier_code": text("dossier_code", 64) or False,
                    "contact_name": name if contact else False,
                    "contact_phone": phone if contact else False,
                    "contact_email": email if contact else False,
                    "contact_consent": contact,
                    "channel": "kiosk" if kiosk else "web",
                    "company_id": unit.company_id.id or env.company.id,
                }
            )
        )
        if contact:
            env["satisfaction.consent"]._record_for_pakn(
                pakn_sudo,
                PURPOSE_PAKN_CONTACT,
                "kiosk" if kiosk else "web",
                lang=prefs["lang"],
            )
        if files:
            env["ir.attachment"].sudo().create(
                [
                    {
                        "name": file_name,
                        "raw": data,
                        "mimetype": mimetype,
                        "res_model": "satisfaction.pakn",
                        "res_id": pakn_sudo.id,
                    }
                    for file_name, data, mimetype in files
                ]
            )
        qcontext = {"pakn": pakn_sudo, "answer_url": pakn_sudo._answer_url()}
        if kiosk:
            start_url = "/kiosk/%s" % kw.get("kiosk")
            qcontext.update(
                kiosk=kiosk,
                start_url=start_url,
                refresh_url=start_url,
                refresh_seconds=KIOSK_THANKS_SECONDS,
            )
        return self._satisfaction_render(
            "satisfaction_survey.pakn_page_thanks", prefs, qcontext
        )
