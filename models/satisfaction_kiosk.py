import hashlib
import secrets
import time
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.image import image_data_uri

from ..satisfaction_survey import tokens

MANAGER_GROUP = "satisfaction_survey.group_satisfaction_manager"
KEY_BYTES = 32  # 256 bits of entropy -> 43 url-safe characters
LAST_SEEN_EVERY = timedelta(minutes=1)  # at most one write per minute per tablet
MIN_IDLE_SECONDS, MAX_IDLE_SECONDS = 15, 3600
# The questionnaire opened by a code may be sent for 16 minutes; the ticket
# keeps the second it was shown (the time spent on the page).
TICKET_SLOT_SECONDS, TICKET_MAX_AGE_SLOTS = 1, 16 * 60


def _hash_key(key):
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class SatisfactionKiosk(models.Model):
    """A tablet at a one-stop counter where citizens rate the dossier just returned.

    The tablet opens ``/kiosk/<key>``: the key is issued by an administrator,
    shown once, stored only as a SHA-256 hash, and can be revoked at any time.
    It lists nothing: the citizen types the kiosk code of their receipt or
    SMS, or scans the receipt's QR code, and only then sees the
    questionnaire of their dossier, with the officers who served them.
    """

    _name = "satisfaction.kiosk"
    _description = "Counter Kiosk"
    _inherit = ["mail.thread"]
    _order = "unit_id, name, id"

    name = fields.Char(
        required=True,
        tracking=True,
        help='E.g. the tablet\'s label: "Tablet counter 3".',
    )
    unit_id = fields.Many2one("hr.department", required=True, index=True, tracking=True)
    counter_name = fields.Char(
        string="Counter", tracking=True, help='Shown on the tablet, e.g. "Counter 3".'
    )
    officer_ids = fields.Many2many(
        "hr.employee",
        string="Officers at the Counter",
        help="The tablet opens only the dossiers these officers returned; "
        "empty: every dossier of the unit.",
    )
    state = fields.Selection(
        [("new", "No Key"), ("active", "Active"), ("revoked", "Revoked")],
        default="new",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    # Only a hash: a database dump does not give the tablet's key away.
    key_hash = fields.Char(
        readonly=True, copy=False, index=True, groups="base.group_system"
    )
    date_key_issued = fields.Datetime(string="Key Issued On", readonly=True, copy=False)
    key_issued_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    idle_reset_seconds = fields.Integer(
        string="Reset After (seconds)",
        default=60,
        required=True,
        help="With nobody touching it, the tablet goes back to its start screen "
        "after this time.",
    )
    recent_minutes = fields.Integer(
        string="Dossiers of the Last (minutes)",
        default=30,
        required=True,
        help="The tablet opens only the dossiers returned at the counter during "
        "this time.",
    )
    last_seen = fields.Datetime(
        readonly=True, copy=False, help="Last time the tablet showed its start screen."
    )
    kiosk_url = fields.Char(
        string="Kiosk Link",
        compute="_compute_kiosk_url",
        help="Shown once, right after the key is issued: open it on the tablet.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, required=True
    )

    @api.constrains("idle_reset_seconds", "recent_minutes")
    def _check_durations(self):
        for kiosk in self:
            if not MIN_IDLE_SECONDS <= kiosk.idle_reset_seconds <= MAX_IDLE_SECONDS:
                raise ValidationError(
                    _(
                        "The reset time must be between %(min)s and %(max)s seconds.",
                        min=MIN_IDLE_SECONDS,
                        max=MAX_IDLE_SECONDS,
                    )
                )
            if not 1 <= kiosk.recent_minutes <= 24 * 60:
                raise ValidationError(
                    _(
                        "The dossiers shown must be those of the last "
                        "1 to 1,440 minutes."
                    )
                )

    @api.depends_context(
        "satisfaction_kiosk_issued_id", "satisfaction_kiosk_issued_url"
    )
    def _compute_kiosk_url(self):
        # The key exists in clear only in the context of the dialog that shows it once.
        issued_id = self.env.context.get("satisfaction_kiosk_issued_id")
        issued_url = self.env.context.get("satisfaction_kiosk_issued_url")
        for kiosk in self:
            kiosk.kiosk_url = (
                issued_url
                if issued_id == kiosk.id and isinstance(issued_url, str)
                else False
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_issue_key(self):
        """Issue a new key (the previous one stops working) and show the link once."""
        self.ensure_one()
        self.check_access("write")
        key = secrets.token_urlsafe(KEY_BYTES)
        self.sudo().write(
            {
                "key_hash": _hash_key(key),
                "state": "active",
                "date_key_issued": fields.Datetime.now(),
                "key_issued_by_id": self.env.uid,
            }
        )
        self.message_post(
            body=_("New kiosk key issued; the previous key, if any, no longer works.")
        )
        url = "%s/kiosk/%s" % (self.get_base_url(), key)
        return {
            "type": "ir.actions.act_window",
            "name": _("Kiosk Link"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [
                (
                    self.env.ref(
                        "satisfaction_survey.satisfaction_kiosk_view_form_key"
                    ).id,
                    "form",
                )
            ],
            "target": "new",
            "context": {
                "satisfaction_kiosk_issued_id": self.id,
                "satisfaction_kiosk_issued_url": url,
            },
        }

    def action_revoke_key(self):
        self.check_access("write")
        if self.filtered(lambda k: k.state != "active"):
            raise UserError(_("Only an active kiosk key can be revoked."))
        self.sudo().write({"key_hash": False, "state": "revoked"})
        for kiosk in self:
            kiosk.message_post(body=_("Kiosk key revoked: the tablet no longer opens."))
        return True

    # ------------------------------------------------------------
    # TABLET SIDE (public controller, sudo)
    # ------------------------------------------------------------

    @api.model
    def _get_by_key(self, key):
        """The active kiosk of ``key`` (sudo); None for unknown or revoked keys."""
        if not tokens.is_well_formed(key):
            return None
        key_hash = _hash_key(key)
        kiosk = self.sudo().search(
            [("key_hash", "=", key_hash), ("state", "=", "active")], limit=1
        )
        if not kiosk or not tokens.tokens_equal(kiosk.key_hash, key_hash):
            return None
        return kiosk

    def _touch(self):
        """Record that the tablet is alive, writing at most once a minute."""
        self.ensure_one()
        now = fields.Datetime.now()
        if not self.last_seen or now - self.last_seen >= LAST_SEEN_EVERY:
            self.sudo().write({"last_seen": now})

    def _open_requests_domain(self):
        """Open rating requests of dossiers returned at this counter lately."""
        self.ensure_one()
        domain = [
            ("unit_id", "child_of", self.unit_id.id),
            ("state", "in", ("pending", "sent")),
            ("expiry_date", ">", fields.Datetime.now()),
            (
                "create_date",
                ">=",
                fields.Datetime.now() - timedelta(minutes=self.recent_minutes),
            ),
            ("company_id", "=", self.company_id.id),
        ]
        if self.officer_ids:
            domain.append(("officer_ids", "in", self.officer_ids.ids))
        return domain

    def _open_with_proof(self, value):
        """The open request of this counter that ``value`` proves the citizen
        holds (sudo), or None: a kiosk code from the receipt or the SMS, used
        up here, or the rating link of the receipt's QR code, scanned.

        Every refusal looks the same: a wrong, expired or used code, a link of
        another counter.
        """
        self.ensure_one()
        if not isinstance(value, str) or not value.strip():
            return None
        domain = self._open_requests_domain()
        token = tokens.token_of_rating_link(value)
        if token:
            request_sudo = self.env["satisfaction.request"]._get_by_token(token)
            if request_sudo and request_sudo.filtered_domain(domain):
                return request_sudo
            return None
        code = self.env["satisfaction.kiosk.code"]._find_valid(value, domain)
        if not code:
            return None
        code._consume(self)
        return code.request_id

    def _ticket_subject(self, request_sudo):
        return "kiosk\0%s\0%s" % (self.id, request_sudo.id)

    def _ticket(self, request_sudo):
        """Proof, carried by the questionnaire's form, that a code opened it.

        Bound to this kiosk, the request and the time: no server-side state.
        """
        self.ensure_one()
        return tokens.form_token(
            self._ticket_secret(),
            self._ticket_subject(request_sudo),
            time.time(),
            slot_seconds=TICKET_SLOT_SECONDS,
        )

    def _ticket_ok(self, request_sudo, value):
        self.ensure_one()
        return tokens.form_token_valid(
            self._ticket_secret(),
            self._ticket_subject(request_sudo),
            value,
            time.time(),
            slot_seconds=TICKET_SLOT_SECONDS,
            max_age_slots=TICKET_MAX_AGE_SLOTS,
        )

    @api.model
    def _ticket_seconds(self, value):
        """Seconds since the questionnaire of a valid ticket was shown."""
        shown = int(str(value).split(".", 1)[0]) * TICKET_SLOT_SECONDS
        return max(int(time.time()) - shown, 0)

    def _ticket_secret(self):
        return self.env["ir.config_parameter"].sudo().get_param("database.secret")

    def _find_request(self, request_id):
        """The open request of this counter with ``request_id``."""
        self.ensure_one()
        domain = [*self._open_requests_domain(), ("id", "=", request_id)]
        return self.env["satisfaction.request"].sudo().search(domain, limit=1) or None

    @api.model
    def _officer_photos(self, officers):
        """{employee id: small photo (data URI)} of the officers who have one."""
        photos = {}
        for officer in officers.sudo():
            if officer.image_128:
                photos[officer.id] = image_data_uri(officer.image_128)
        return photos
