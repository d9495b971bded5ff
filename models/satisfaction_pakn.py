from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, plaintext2html

from ..satisfaction_survey import deadlines, periods, phones, qd766, tokens
from ..stats_engine.dimensions import is_assisted
from .satisfaction_period_stat import period_scope
from .satisfaction_request import LEADER_GROUP, MANAGER_GROUP

# Who may see who complained: unit leaders and administrators. Officers, who
# may be the subject of the complaint, and reviewers never do.
IDENTITY_GROUPS = "%s,%s" % (LEADER_GROUP, MANAGER_GROUP)
PURPOSE_PAKN_CONTACT = "pakn_contact"
KINDS = [("complaint", "Complaint"), ("petition", "Petition")]
CHANNELS = [("web", "Web"), ("kiosk", "Counter kiosk"), ("counter", "At the counter")]
STATES = [
    ("received", "Received"),
    ("assigned", "Assigned"),
    ("answered", "Answer Sent"),
    ("closed", "Closed"),
    ("reraised", "Raised Again"),
]
OPEN_STATES = ("received", "assigned", "reraised")
# Written by the code only (the citizen's link, the answer, the reception):
# staff must not rate in the citizen's place nor move the dates 5.2 and 5.3
# are computed from.
PROTECTED_FIELDS = frozenset(
    {
        "rating",
        "date_rated",
        "date_reraised",
        "reraise_reason",
        "date_received",
        "date_answered",
        "answered_late",
        "access_token",
        "contact_consent",
        "channel",
        "state",
    }
)


def _vn_day_start_utc(day):
    """The first moment of ``day`` in Vietnam, as a naive UTC datetime."""
    return periods.local_midnight_utc(day)


class SatisfactionPakn(models.Model):
    """A complaint or petition (phản ánh, kiến nghị: PAKN) from a citizen.

    The suggestion box of NĐ 118/2025 Điều 31.1.đ. It is due 15 working days
    after its reception, on the company's working calendar in Vietnam time
    (QĐ 766/QĐ-TTg indicator 5.2). The citizen reads the answer through a
    secret link, rates the handling (like, dislike) and may raise it again,
    each once: a dislike, a new raise and an overdue answer lower 5.3.
    """

    _name = "satisfaction.pakn"
    _description = "Complaint or Petition"
    _inherit = ["mail.thread"]
    _order = "date_received desc, id desc"
    _rec_name = "reference"

    reference = fields.Char(
        required=True, readonly=True, copy=False, index=True, default="/"
    )
    kind = fields.Selection(KINDS, required=True, default="complaint", tracking=True)
    category_id = fields.Many2one(
        "satisfaction.pakn.category", tracking=True, index=True
    )
    unit_id = fields.Many2one("hr.department", required=True, index=True, tracking=True)
    subject = fields.Char(string="Complaint Subject", required=True)
    description = fields.Text(string="Content", required=True)
    # The dossier tells who the citizen is: identity, like the contact.
    dossier_code = fields.Char(index="btree_not_null", groups=IDENTITY_GROUPS)
    dossier_id = fields.Many2one(
        "satisfaction.dossier",
        index="btree_not_null",
        ondelete="set null",
        groups=IDENTITY_GROUPS,
    )
    contact_name = fields.Char(groups=IDENTITY_GROUPS)
    contact_phone = fields.Char(groups=IDENTITY_GROUPS)
    contact_email = fields.Char(groups=IDENTITY_GROUPS)
    contact_consent = fields.Boolean(
        readonly=True,
        groups=IDENTITY_GROUPS,
        help="The citizen agreed that their contact data is used to answer "
        "(satisfaction.consent keeps the notice shown).",
    )
    channel = fields.Selection(CHANNELS, required=True, default="counter")
    state = fields.Selection(
        STATES, required=True, default="received", tracking=True, index=True
    )
    date_received = fields.Datetime(
        string="Received On", required=True, default=fields.Datetime.now, index=True
    )
    date_due = fields.Datetime(
        string="Due On",
        compute="_compute_date_due",
        store=True,
        help="End of the 15th working day after the reception, on the company's "
        "working calendar, in Vietnam time (QĐ 766/QĐ-TTg 5.2).",
    )
    user_id = fields.Many2one(
        "res.users", string="Assigned To", tracking=True, index=True
    )
    answer = fields.Text()
    date_answered = fields.Datetime(string="Answered On", readonly=True, copy=False)
    answered_late = fields.Boolean(readonly=True, copy=False)
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        help="Answered after its due moment, or still unanswered past it.",
    )
    rating = fields.Selection(
        [("like", "Like"), ("dislike", "Dislike")],
        string="Citizen's Rating",
        readonly=True,
        copy=False,
    )
    date_rated = fields.Datetime(string="Rated On", readonly=True, copy=False)
    date_reraised = fields.Datetime(string="Raised Again On", readonly=True, copy=False)
    reraise_reason = fields.Text(string="Reason Raised Again", readonly=True)
    access_token = fields.Char(
        default=lambda self: tokens.new_token(),
        required=True,
        copy=False,
        groups=MANAGER_GROUP,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    _sql_constraints = [
        ("access_token_unique", "unique(access_token)", "The link must be unique."),
    ]

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("date_received", "company_id")
    def _compute_date_due(self):
        by_company = {}
        for pakn in self:
            if not pakn.date_received:
                pakn.date_due = False
                continue
            company = pakn.company_id or self.env.company
            if company not in by_company:
                by_company[company] = (
                    company.resource_calendar_id._satisfaction_working_days()
                )
            received = periods.local_date(pakn.date_received)
            due_day = by_company[company].add(
                received, qd766.PAKN_DEADLINE_WORKING_DAYS
            )
            pakn.date_due = periods.to_utc_naive(deadlines.end_of_day(due_day))

    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for pakn in self:
            pakn.is_overdue = pakn.answered_late or bool(
                not pakn.date_answered and pakn.date_due and pakn.date_due < now
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operation not supported."))
        overdue = [
            "|",
            ("answered_late", "=", True),
            "&",
            ("date_answered", "=", False),
            ("date_due", "<", fields.Datetime.now()),
        ]
        if (operator == "=") == value:
            return overdue
        return ["!", *overdue]

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        Sequence = self.env["ir.sequence"].sudo()
        Dossier = self.env["satisfaction.dossier"].sudo()
        for vals in vals_list:
            if not self.env.su:
                # received now, by the channel of whoever enters it
                for name in PROTECTED_FIELDS - {"channel", "contact_consent"}:
                    vals.pop(name, None)
            if vals.get("reference", "/") == "/":
                vals["reference"] = Sequence.next_by_code("satisfaction.pakn") or "/"
            code = (vals.get("dossier_code") or "").strip().upper()
            vals["dossier_code"] = code or False
            if code and not vals.get("dossier_id"):
                dossier = Dossier.search([("code", "=ilike", code)], limit=1)
                vals["dossier_id"] = dossier.id or False
            if vals.get("user_id") and vals.get("state", "received") == "received":
                vals["state"] = "assigned"
        return super().create(vals_list)

    def write(self, vals):
        if PROTECTED_FIELDS.intersection(vals) and not self.env.su:
            raise UserError(
                self.env._(
                    "The status, the dates, the channel and the citizen's rating of a "
                    "complaint are recorded by the system only: use the buttons."
                )
            )
        if vals.get("user_id") and "state" not in vals:
            received = self.filtered(lambda p: p.state == "received")
            if received:
                super(SatisfactionPakn, received).write({"state": "assigned"})
        return super().write(vals)

    # ------------------------------------------------------------
    # ACTIONS (back office)
    # ------------------------------------------------------------

    def action_assign_to_me(self):
        self.write({"user_id": self.env.user.id})
        return True

    def action_send_answer(self):
        """Record the answer and queue it to the citizen (SMS, else e-mail).

        The citizen's contact data is read as superuser: the officer who
        answers never sees it.
        """
        now = fields.Datetime.now()
        for pakn in self:
            if pakn.state not in OPEN_STATES:
                raise UserError(self.env._("This complaint is already answered."))
            if not (pakn.answer or "").strip():
                raise UserError(self.env._("Write the answer before sending it."))
            pakn.check_access("write")
            if not pakn.user_id:
                pakn.user_id = self.env.user
            pakn.sudo().write(
                {
                    "state": "answered",
                    "date_answered": now,
                    "answered_late": bool(
                        pakn.answered_late or (pakn.date_due and now > pakn.date_due)
                    ),
                }
            )
            pakn.message_post(body=self.env._("Answer sent to the citizen."))
        self.sudo()._queue_answer()
        return True

    def action_close(self):
        self.check_access("write")
        answered = self.filtered(lambda p: p.state == "answered")
        answered.sudo().write({"state": "closed"})
        return True

    # ------------------------------------------------------------
    # CITIZEN (token link)
    # ------------------------------------------------------------

    def _answer_url(self):
        self.ensure_one()
        base_url = self.get_base_url()
        return tokens.rating_url(
            base_url, self.sudo().access_token, prefix="/satisfaction/pakn/"
        )

    @api.model
    def _get_by_token(self, token):
        """The PAKN of ``token`` (sudo), or None."""
        if not tokens.is_well_formed(token):
            return None
        pakn_sudo = self.sudo().search([("access_token", "=", token)], limit=1)
        if not pakn_sudo or not tokens.tokens_equal(pakn_sudo.access_token, token):
            return None
        return pakn_sudo

    def _can_rate(self):
        self.ensure_one()
        return self.state in ("answered", "closed") and not self.rating

    def _can_reraise(self):
        self.ensure_one()
        return self.state in ("answered", "closed") and not self.date_reraised

    def _rate(self, value):
        """The citizen's like or dislike of the handling, once."""
        self.ensure_one()
        if value not in ("like", "dislike") or not self._can_rate():
            return False
        vals = {"rating": value, "date_rated": fields.Datetime.now()}
        if value == "like" and self.state == "answered":
            vals["state"] = "closed"
        self.write(vals)
        return True

    def _reraise(self, reason):
        """The citizen raises it again, once: back in the unit's queue."""
        self.ensure_one()
        reason = (reason or "").strip()
        if not reason or not self._can_reraise():
            return False
        self.write(
            {
                "state": "reraised",
                "date_reraised": fields.Datetime.now(),
                "reraise_reason": reason[:4000],
            }
        )
        self.message_post(body=self.env._("The citizen raised it again."))
        return True

    def _queue_answer(self):
        """Queue an SMS (when a provider is configured) or an e-mail to each
        citizen who left contact data and agreed to its use."""
        provider = self.env["sms.sms"]._satisfaction_provider()
        sms_vals, mails = [], []
        for pakn in self:
            if not pakn.contact_consent:
                continue
            body = self.env._(
                "Your complaint %(ref)s has been answered: %(url)s",
                ref=pakn.reference,
                url=pakn._answer_url(),
            )
            number = phones.normalize_vn_phone(pakn.contact_phone or "")
            if number and provider:
                sms_vals.append(
                    {"number": number, "body": body, "satisfaction_pakn_id": pakn.id}
                )
            elif pakn.contact_email:
                mails.append(
                    {
                        "subject": self.env._("Answer to %s", pakn.reference),
                        "body_html": plaintext2html(body),
                        "email_to": pakn.contact_email,
                        "auto_delete": True,
                    }
                )
        if sms_vals:
            self.env["sms.sms"].create(sms_vals)
            self.env.ref("sms.ir_cron_sms_scheduler_action")._trigger()
        if mails:
            self.env["mail.mail"].create(mails)
            self.env.ref("mail.ir_cron_mail_scheduler_action")._trigger()

    # ------------------------------------------------------------
    # QĐ 766 COUNTS (summed in PostgreSQL, figures by the core)
    # ------------------------------------------------------------

    @api.model
    def _qd766_counts(self, date_from, date_to, unit_ids=None):
        """{unit id: counts of 5.2 and 5.3} for the days ``date_from`` to
        ``date_to`` (Vietnam dates, both included).

        5.2: the PAKN received or answered in the period, and those of them
        answered on time, or still within their time at the end of the
        period (or now, when earlier). 5.3: the PAKN first received in the
        period, and those of them disliked, raised again or overdue, each
        counted once.

        Read by competent agency (context ``satisfaction_unit_role``), a PAKN
        about a dossier counts for the agency that decided it
        (``_sql_pakn_unit``).
        """
        for model in ("satisfaction.pakn", "satisfaction.dossier"):
            self.env[model].flush_model()
        self.env["satisfaction.request"].flush_model()
        start = _vn_day_start_utc(date_from)
        end = _vn_day_start_utc(date_to + timedelta(days=1))
        now = fields.Datetime.now()
        ref = min(now, end)
        unit = self._sql_pakn_unit("p")
        where = SQL("p.company_id = %s", self.env.company.id)
        if unit_ids is not None:
            where = SQL("%s AND %s = ANY(%s)", where, unit, list(unit_ids))
        query = SQL(
            """
            SELECT %(unit)s,
                   count(*) AS pakn_count,
                   count(*) FILTER (WHERE
                        (p.date_answered < %(end)s
                         AND NOT coalesce(p.answered_late, false))
                     OR ((p.date_answered IS NULL OR p.date_answered >= %(end)s)
                         AND p.date_due >= %(ref)s)) AS on_time_count,
                   count(*) FILTER (WHERE p.date_received >= %(start)s
                                      AND p.date_received < %(end)s) AS first_count,
                   count(*) FILTER (WHERE p.date_received >= %(start)s
                                      AND p.date_received < %(end)s
                                      AND (p.rating = 'dislike'
                                           OR p.date_reraised IS NOT NULL
                                           OR coalesce(p.answered_late, false)
                                           OR (p.date_answered IS NULL
                                               AND p.date_due < %(now)s))
                                  ) AS flagged_count
              FROM satisfaction_pakn p
             WHERE %(where)s
               AND ((p.date_received >= %(start)s AND p.date_received < %(end)s)
                 OR (p.date_answered >= %(start)s AND p.date_answered < %(end)s))
          GROUP BY 1
            """,
            unit=unit,
            start=start,
            end=end,
            ref=ref,
            now=now,
            where=where,
        )
        self.env.cr.execute(query)
        return {
            row[0]: {
                "pakn_count": row[1],
                "pakn_on_time_count": row[2],
                "pakn_first_count": row[3],
                "pakn_flagged_count": row[4],
            }
            for row in self.env.cr.fetchall()
        }

    @api.model
    def _sql_pakn_unit(self, alias):
        """The unit a PAKN (table alias ``alias``) counts for: its own unit;
        read by competent agency (context ``satisfaction_unit_role``), the
        agency that decided the dossier it is about, matched by the dossier
        or by its code like ``_sql_complained_not_disliked``, else its own
        unit (a PAKN about no dossier, or about a dossier of another system)."""
        if period_scope(self.env) != "competent":
            return SQL.identifier(alias, "unit_id")
        return SQL(
            "coalesce(%s, %s)",
            self._sql_pakn_agency(alias),
            SQL.identifier(alias, "unit_id"),
        )

    @api.model
    def _sql_pakn_agency(self, alias):
        """The agency that decided the dossier a PAKN (table alias ``alias``)
        is about, matched by the dossier or by its code; NULL for a PAKN
        about no known dossier."""
        return SQL(
            """coalesce(
                (SELECT d.competent_unit_id FROM satisfaction_dossier d
                  WHERE d.id = %(dossier)s),
                (SELECT coalesce(q.competent_unit_id, q.unit_id)
                   FROM satisfaction_request q
                  WHERE %(code)s IS NOT NULL AND upper(q.dossier_ref) = %(code)s
               ORDER BY q.id DESC LIMIT 1))""",
            dossier=SQL.identifier(alias, "dossier_id"),
            code=SQL.identifier(alias, "dossier_code"),
        )

    @api.model
    def _sql_request_unit(self, alias):
        """The unit a rating request (table alias ``alias``) counts for: the
        receiving unit, or the competent agency when read by competent agency."""
        if period_scope(self.env) != "competent":
            return SQL.identifier(alias, "unit_id")
        return SQL(
            "coalesce(%s, %s)",
            SQL.identifier(alias, "competent_unit_id"),
            SQL.identifier(alias, "unit_id"),
        )

    @api.model
    def _sql_complained_not_disliked(self, alias):
        """Condition on the rating request ``alias``: its dossier has a PAKN
        (matched by the dossier or by its code) and the citizen did not answer
        the overall question dissatisfied in a rating of their own (an
        assisted rating is not theirs). 5.4 counts such a dossier through its
        PAKN, the others through their dislike: each once."""
        request = SQL.identifier(alias)
        return SQL(
            """EXISTS (
                    SELECT 1 FROM satisfaction_pakn p
                     WHERE (p.dossier_id IS NOT NULL
                            AND %(request)s.res_model = %(dossier_model)s
                            AND p.dossier_id = %(request)s.res_id)
                        OR (p.dossier_code IS NOT NULL
                            AND p.dossier_code = upper(%(request)s.dossier_ref)))
               AND NOT EXISTS (
                    SELECT 1
                      FROM satisfaction_response response
                      JOIN satisfaction_response_line line
                        ON line.response_id = response.id
                      JOIN satisfaction_criterion criterion
                        ON criterion.id = line.criterion_id AND criterion.is_overall
                     WHERE response.request_id = %(request)s.id
                       AND NOT %(assisted)s
                       AND line.value > 0 AND NOT line.is_satisfied)""",
            request=request,
            assisted=is_assisted(SQL("response.channel")),
            dossier_model="satisfaction.dossier",
        )

    def _qd766_complained_dossiers(self, date_from, date_to, unit_ids=None):
        """{unit id: dossiers returned in the period that have a PAKN and were
        not rated dissatisfied}: added to the dossiers rated dissatisfied,
        they give 5.4's "dossiers with a PAKN or a dislike", each once.

        Dossiers are the rating requests created in the period (the month of
        return, like the unit report), matched to a PAKN by the dossier or by
        its code; "dissatisfied" is the unit report's rule: the overall
        question answered, not satisfied. Read by competent agency, the
        dossiers count for the agency that decided them.
        """
        for model in (
            "satisfaction.pakn",
            "satisfaction.request",
            "satisfaction.response",
            "satisfaction.response.line",
        ):
            self.env[model].flush_model()
        start = _vn_day_start_utc(date_from)
        end = _vn_day_start_utc(date_to + timedelta(days=1))
        unit = self._sql_request_unit("request")
        where = SQL("request.company_id = %s", self.env.company.id)
        if unit_ids is not None:
            where = SQL("%s AND %s = ANY(%s)", where, unit, list(unit_ids))
        query = SQL(
            """
            SELECT %(unit)s, count(*)
              FROM satisfaction_request request
             WHERE %(where)s
               AND request.create_date >= %(start)s AND request.create_date < %(end)s
               AND %(complained_not_disliked)s
          GROUP BY 1
            """,
            unit=unit,
            where=where,
            start=start,
            end=end,
            complained_not_disliked=self._sql_complained_not_disliked("request"),
        )
        self.env.cr.execute(query)
        return dict(self.env.cr.fetchall())
