from odoo import _, api, fields, models

from .satisfaction_privacy_notice import PURPOSE_CONTACT_LOW
from .satisfaction_request import MANAGER_GROUP

CONSENT_CHANNELS = [
    ("web", "Rating page"),
    ("kiosk", "Counter kiosk"),
    ("counter", "At the counter"),
    ("phone", "By phone"),
    ("email", "By e-mail"),
    ("post", "By post"),
    ("request", "Data request register"),
    ("migration", "Recorded before consent records"),
]


class SatisfactionConsent(models.Model):
    """A citizen's consent to one purpose, with what was shown to them.

    Nothing is ever pre-ticked and silence is not consent: a record exists
    only when the citizen ticked the box (or said yes at the counter). It
    keeps the notice and its version, a digest of the exact wording in the
    language shown, the channel and the time; a withdrawal keeps the record
    and adds when and how. When the rating request is anonymised the record
    loses its link to the request and the dossier, and its dates are reduced
    to the month.
    """

    _name = "satisfaction.consent"
    _description = "Consent to a Purpose"
    _order = "date desc, id desc"
    _rec_name = "purpose"

    notice_id = fields.Many2one(
        "satisfaction.privacy.notice",
        string="Notice Shown",
        required=True,
        readonly=True,
        ondelete="restrict",
        index=True,
    )
    purpose = fields.Char(related="notice_id.purpose", store=True, index=True)
    notice_version = fields.Integer(related="notice_id.version", store=True)
    notice_lang = fields.Char(string="Language Shown", readonly=True)
    notice_digest = fields.Char(
        string="Wording Digest",
        readonly=True,
        help="SHA-256 of the notice's title, summary and text in the language shown.",
    )
    channel = fields.Selection(CONSENT_CHANNELS, required=True, readonly=True)
    date = fields.Datetime(
        string="Given On", required=True, readonly=True, default=fields.Datetime.now
    )
    # The link to the citizen: administrators only; removed on anonymisation.
    request_id = fields.Many2one(
        "satisfaction.request",
        string="Rating Request",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        groups=MANAGER_GROUP,
    )
    dossier_ref = fields.Char(
        string="Dossier", readonly=True, index="trigram", groups=MANAGER_GROUP
    )
    pakn_id = fields.Many2one(
        "satisfaction.pakn",
        string="Complaint or Petition",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        groups=MANAGER_GROUP,
    )
    withdrawn_at = fields.Datetime(string="Withdrawn On", readonly=True, index=True)
    withdrawal_channel = fields.Selection(CONSENT_CHANNELS, readonly=True)
    state = fields.Selection(
        [("given", "Given"), ("withdrawn", "Withdrawn")],
        compute="_compute_state",
        store=True,
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, required=True
    )

    @api.depends("withdrawn_at")
    def _compute_state(self):
        for consent in self:
            consent.state = "withdrawn" if consent.withdrawn_at else "given"

    @api.model
    def _record(self, request, purpose, channel, lang=None):
        """Record the consent of ``request``'s citizen to ``purpose``, against
        the notice shown now. Returns the record (sudo), or an empty recordset
        when the purpose has no notice."""
        notice = self.env["satisfaction.privacy.notice"]._current(purpose)
        if not notice:
            return self.sudo().browse()
        lang = lang or request.lang or self.env.lang
        return self.sudo().create(
            {
                "notice_id": notice.id,
                "notice_lang": lang,
                "notice_digest": notice.with_context(lang=lang)._digest(),
                "channel": channel,
                "request_id": request.id,
                "dossier_ref": request.dossier_ref,
                "company_id": request.company_id.id,
            }
        )

    @api.model
    def _record_for_pakn(self, pakn, purpose, channel, lang=None):
        """Record the consent of the citizen who sent ``pakn`` to ``purpose``
        (using their contact data to answer), against the notice shown now."""
        notice = self.env["satisfaction.privacy.notice"]._current(purpose)
        if not notice:
            return self.sudo().browse()
        lang = lang or self.env.lang
        return self.sudo().create(
            {
                "notice_id": notice.id,
                "notice_lang": lang,
                "notice_digest": notice.with_context(lang=lang)._digest(),
                "channel": channel,
                "pakn_id": pakn.id,
                "company_id": pakn.company_id.id,
            }
        )

    def _withdraw(self, channel):
        """Withdraw these consents (those still given); the uses they allowed
        stop: no contact after a low rating, no reminder."""
        given = self.sudo().filtered(lambda c: not c.withdrawn_at)
        given.write(
            {"withdrawn_at": fields.Datetime.now(), "withdrawal_channel": channel}
        )
        return given

    @api.model
    def _migrate_request_consents(self):
        """Turn the boolean ``contact_consent`` of requests answered before
        consent records existed into records against the legacy notice
        (version 0: the checkbox text of that time). Idempotent: run at every
        install or upgrade."""
        notice = self.env.ref(
            "satisfaction_survey.privacy_notice_contact_low_v0",
            raise_if_not_found=False,
        )
        if not notice:
            return 0
        Request = self.env["satisfaction.request"].sudo()
        requests = Request.search(
            [("contact_consent", "=", True), ("anonymised", "=", False)]
        )
        recorded = set(
            self.sudo()
            .search(
                [
                    ("request_id", "in", requests.ids),
                    ("purpose", "=", PURPOSE_CONTACT_LOW),
                ]
            )
            .mapped("request_id")
            .ids
        )
        missing = requests.filtered(lambda r: r.id not in recorded)
        self.sudo().create(
            [
                {
                    "notice_id": notice.id,
                    "notice_lang": request.lang,
                    "channel": "migration",
                    "date": request.contact_consent_date
                    or request.date_answered
                    or request.create_date,
                    "request_id": request.id,
                    "dossier_ref": request.dossier_ref,
                    "company_id": request.company_id.id,
                }
                for request in missing
            ]
        )
        return len(missing)

    def _compute_display_name(self):
        for consent in self:
            consent.display_name = _(
                "%(purpose)s v%(version)s",
                purpose=consent.notice_id.name or consent.purpose,
                version=consent.notice_version,
            )
