import hashlib

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError

# Purposes the module itself uses; an administrator may add others.
PURPOSE_RATING_LINK = "rating_link"
PURPOSE_CONTACT_LOW = "contact_low"
NOTICE_URL = "/satisfaction/privacy"


class SatisfactionPrivacyNotice(models.Model):
    """The notice shown to a citizen for one purpose of processing their data
    (Law 91/2025/QH15; Decree 356/2025/NĐ-CP: consent per purpose, informed,
    verifiable).

    A notice is never edited once a consent refers to it: a new wording is a
    new version, a new record (``action_new_version``), so every consent
    record points to the exact text that was shown, in the language shown
    (``satisfaction.consent.notice_digest``).
    """

    _name = "satisfaction.privacy.notice"
    _description = "Privacy Notice"
    _order = "purpose, version desc"

    purpose = fields.Char(
        required=True,
        index=True,
        help="Technical key of the purpose: rating_link (send the rating link and "
        "reminders), contact_low (contact after a low rating), or one you add.",
    )
    name = fields.Char(string="Purpose Title", required=True, translate=True)
    version = fields.Integer(required=True, default=1)
    summary = fields.Text(
        translate=True,
        help="One or two sentences shown next to the consent box or on the rating "
        "page.",
    )
    body = fields.Html(
        string="Full Notice",
        required=True,
        translate=True,
        sanitize_overridable=False,
        help="What data, for what purpose, who the controller is, how long it is "
        "kept, the citizen's rights and how to exercise them.",
    )
    active = fields.Boolean(default=True)
    date_published = fields.Date(default=fields.Date.context_today)
    consent_count = fields.Integer(compute="_compute_consent_count")

    _sql_constraints = [
        (
            "purpose_version_unique",
            "unique(purpose, version)",
            "A purpose has one notice per version.",
        ),
    ]

    def _compute_consent_count(self):
        counts = dict(
            self.env["satisfaction.consent"]
            .sudo()
            ._read_group([("notice_id", "in", self.ids)], ["notice_id"], ["__count"])
        )
        for notice in self:
            notice.consent_count = counts.get(notice, 0)

    def write(self, vals):
        if {"purpose", "version", "summary", "body", "name"} & set(vals):
            used = self.filtered("consent_count")
            if used:
                raise UserError(
                    _(
                        "Consents refer to version %(version)s of this notice: "
                        "create a new version instead of changing it.",
                        version=used[0].version,
                    )
                )
        if {"purpose", "version", "active", "name", "summary"} & set(vals):
            self.env.registry.clear_cache()
        return super().write(vals)

    def _update_field_translations(self, field_name, translations, *args, **kwargs):
        if field_name in ("name", "summary"):
            self.env.registry.clear_cache()  # _public_key
        return super()._update_field_translations(
            field_name, translations, *args, **kwargs
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        if self.filtered("consent_count"):
            raise UserError(_("A notice that consents refer to cannot be deleted."))

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()

    @api.model
    def _current(self, purpose):
        """The active notice of ``purpose`` with the highest version (sudo)."""
        return self.sudo().search(
            [("purpose", "=", purpose)], order="version desc", limit=1
        )

    @api.model
    @tools.ormcache()
    def _latest_ids(self):
        """Ids of the current version of each purpose (cached: the public
        page reads them at every view)."""
        return tuple(self._latest(self.sudo().search([])).ids)

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    @api.model
    def _public_values(self):
        """What the short notice of a public page shows: the controller, the
        purposes, the retention period, the rights and how to exercise them,
        and the notice of the consent box (read with sudo)."""
        purposes = self.sudo().browse(self._latest_ids())
        company = self.env.company.sudo()
        return {
            "controller": company.name,
            "controller_email": company.email,
            "controller_phone": company.phone,
            "retention_days": self.env["satisfaction.request"]._retention_days(),
            "purposes": purposes,
            "contact_notice": purposes.filtered(
                lambda n: n.purpose == PURPOSE_CONTACT_LOW
            ),
            "notice_url": NOTICE_URL,
        }

    @api.model
    def _public_key(self):
        """What ``_public_values`` shows, as plain values: the public pages
        are cached by it (controllers/main.py), so it is read at every page
        view and submit; cached in turn, and cleared with the registry cache
        when a notice, the company's name, e-mail or phone (models/res_company.py,
        models/res_partner.py) or the retention setting changes."""
        return self._public_key_cached(
            tuple(self.env.context.get("allowed_company_ids") or ())
        )

    @tools.ormcache("self.env.uid", "self.env.lang", "company_ids")
    def _public_key_cached(self, company_ids):
        values = self._public_values()
        return (
            values["controller"],
            values["controller_email"],
            values["controller_phone"],
            values["retention_days"],
            values["notice_url"],
            tuple(
                (notice.id, notice.purpose, notice.name, notice.summary)
                for notice in values["purposes"]
            ),
            tuple(values["contact_notice"].ids),
        )

    @api.model
    def _latest(self, notices):
        """The highest version of each purpose among ``notices``."""
        latest = {}
        for notice in notices.sorted(lambda n: (n.purpose, -n.version)):
            latest.setdefault(notice.purpose, notice)
        return notices.browse([notice.id for notice in latest.values()])

    def _digest(self):
        """SHA-256 of the title, summary and full text in the current language:
        stored with each consent, it proves which wording was shown."""
        self.ensure_one()
        text = "\n".join([self.name or "", self.summary or "", str(self.body or "")])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def action_new_version(self):
        """Copy this notice as the next version (with its translations) and
        archive it; the copy is the one shown from now on."""
        self.ensure_one()
        latest = self.with_context(active_test=False).search(
            [("purpose", "=", self.purpose)], order="version desc", limit=1
        )
        new = self.copy({"version": latest.version + 1, "active": True})
        self.active = False
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": new.id,
            "view_mode": "form",
        }
