import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..satisfaction_survey import indices, networks, periods
from .satisfaction_request import CHANNELS

SIGNAL_KINDS = [
    ("burst", "Burst of ratings"),
    ("straight_line", "Every answer at the top level"),
    ("staff_share", "Share entered by staff"),
    ("perfect", "100 % with many answers"),
    ("identical_comments", "Identical comments"),
    ("office_network", "Link ratings from the office network"),
    ("fast", "Kiosk ratings sent too fast"),
]
# (parameter, default) of each threshold, set in Settings
THRESHOLDS = {
    "burst_count": ("satisfaction_survey.integrity_burst_count", 5),
    "burst_minutes": ("satisfaction_survey.integrity_burst_minutes", 10),
    "straight_points": ("satisfaction_survey.integrity_straight_points", 20),
    "staff_share": ("satisfaction_survey.integrity_staff_share", 30),
    "perfect_answers": ("satisfaction_survey.integrity_perfect_answers", 50),
    "identical_comments": ("satisfaction_survey.integrity_identical_comments", 3),
    "minimum_responses": ("satisfaction_survey.integrity_minimum_responses", 10),
    "office_share": ("satisfaction_survey.integrity_office_share", 30),
    "fast_seconds": ("satisfaction_survey.integrity_fast_seconds", 15),
    "fast_share": ("satisfaction_survey.integrity_fast_share", 30),
}
OFFICE_NETWORKS_PARAM = "satisfaction_survey.integrity_office_networks"
# channels where someone other than the citizen can hold the device
COUNTER_CHANNELS = ("kiosk", "qr", "staff")
# ratings sent from the citizen's own device through the rating link (/r/)
LINK_CHANNELS = ("email", "sms", "qr", "web")

_logger = logging.getLogger(__name__)


class SatisfactionIntegritySignal(models.Model):
    """A pattern of staged ratings found in a unit's (or officer's) month.

    Computed in PostgreSQL from the stored answers and their metadata
    (submit time, channel, who entered them), each against a threshold set
    in Settings. A signal gives the evidence as counts and times, never a
    citizen's identity; the reviewer marks it reviewed with a note.
    """

    _name = "satisfaction.integrity.signal"
    _description = "Integrity Signal"
    _inherit = ["mail.thread"]
    _order = "month desc, kind, unit_id"
    _rec_name = "kind"

    kind = fields.Selection(SIGNAL_KINDS, required=True, readonly=True)
    month = fields.Date(required=True, readonly=True)
    unit_id = fields.Many2one("hr.department", readonly=True, index=True)
    officer_id = fields.Many2one("hr.employee", readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    count = fields.Integer(
        readonly=True, help="Ratings (or answers) showing the pattern."
    )
    total = fields.Integer(readonly=True, help="Ratings (or answers) of the group.")
    share = fields.Float(string="Share (%)", digits=(5, 2), readonly=True)
    evidence = fields.Text(readonly=True)
    explanation = fields.Text(compute="_compute_explanation")
    state = fields.Selection(
        [("new", "To Review"), ("reviewed", "Reviewed")],
        default="new",
        required=True,
        tracking=True,
    )
    note = fields.Text(string="Reviewer's Note", tracking=True)
    reviewed_by_id = fields.Many2one("res.users", readonly=True)
    date_reviewed = fields.Datetime(readonly=True)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, required=True
    )

    _sql_constraints = [
        (
            "signal_unique",
            "unique(kind, month, unit_id, officer_id, channel, company_id)",
            "This signal is already listed.",
        )
    ]

    def _compute_explanation(self):
        texts = {
            "burst": self.env._(
                "Many ratings of one unit on one counter channel within a few "
                "minutes: citizens rarely rate one after another that fast."
            ),
            "straight_line": self.env._(
                "Ratings giving the top level to every question, far more often than "
                "the province as a whole."
            ),
            "staff_share": self.env._(
                "A large share of the unit's ratings were typed in by its staff."
            ),
            "perfect": self.env._(
                "Every answer satisfied over many answers: possible, but rare."
            ),
            "identical_comments": self.env._(
                "The same comment, word for word, on several ratings."
            ),
            "office_network": self.env._(
                "Many ratings sent through the personal link or the receipt's QR "
                "code came from the office's own network: citizens usually answer "
                "from their own phones."
            ),
            "fast": self.env._(
                "Many kiosk ratings were sent a few seconds after the questionnaire "
                "was shown: too fast to have read the questions."
            ),
        }
        for signal in self:
            signal.explanation = texts.get(signal.kind, "")

    def action_mark_reviewed(self):
        self.write(
            {
                "state": "reviewed",
                "reviewed_by_id": self.env.uid,
                "date_reviewed": fields.Datetime.now(),
            }
        )

    def action_view_answers(self):
        """The anonymous answers behind the signal."""
        self.ensure_one()
        start, end = periods.month_bounds_utc(self.month)
        domain = [("date", ">=", start), ("date", "<", end)]
        if self.unit_id:
            domain.append(("unit_id", "=", self.unit_id.id))
        if self.channel:
            domain.append(("channel", "=", self.channel))
        if self.officer_id:
            domain.append(("line_ids.officer_id", "=", self.officer_id.id))
        if self.kind == "fast":
            domain.append(("seconds_on_page", "<", self._thresholds()["fast_seconds"]))
        if self.kind == "office_network":
            domain += [
                ("channel", "in", LINK_CHANNELS),
                ("from_office_network", "=", True),
            ]
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "satisfaction_survey.satisfaction_response_action"
        )
        action.update(domain=domain, context={})
        return action

    # ------------------------------------------------------------
    # DETECTION
    # ------------------------------------------------------------

    @api.model
    def _thresholds(self):
        get_int = self.env["satisfaction.settings"]._get_int
        return {
            name: get_int(param, default, minimum=0)
            for name, (param, default) in THRESHOLDS.items()
        }

    @api.model
    def _office_networks(self):
        """The office networks of Settings; none when the stored value is
        unusable (logged: Settings refuses such a value)."""
        text = self.env["satisfaction.settings"]._get_str(OFFICE_NETWORKS_PARAM)
        try:
            return networks.parse_networks(text)
        except networks.BadNetwork as bad:
            _logger.warning(
                "Setting %s: %r is not a network, no office network used",
                OFFICE_NETWORKS_PARAM,
                bad.entry,
            )
            return []

    @api.model
    def _is_office_address(self, address):
        """Whether ``address`` (the client's, as Odoo resolved it) is in an
        office network: the only thing a rating keeps of it."""
        return networks.address_in(address, self._office_networks())

    @api.model
    def _cron_detect(self):
        """Last month and this one (ratings of a closed month still arrive)."""
        today = fields.Date.context_today(self)
        this_month = periods.month_start(today)
        self._detect(periods.add_months(this_month, -1))
        self._detect(this_month)

    @api.model
    def _detect(self, month):
        """Find every signal of ``month``; returns the signals found."""
        limits = self._thresholds()
        start, end = periods.month_bounds_utc(month)
        found = []
        for finder in (
            self._find_bursts,
            self._find_straight_lines,
            self._find_staff_share,
            self._find_perfect,
            self._find_identical_comments,
            self._find_office_network,
            self._find_fast,
        ):
            found += finder(start, end, limits)
        return self._save(periods.month_start(month), found)

    def _save(self, month, found):
        signals = self.browse()
        for values in found:
            key = [
                ("kind", "=", values["kind"]),
                ("month", "=", month),
                ("unit_id", "=", values.get("unit_id", False)),
                ("officer_id", "=", values.get("officer_id", False)),
                ("channel", "=", values.get("channel", False)),
                ("company_id", "=", self.env.company.id),
            ]
            signal = self.sudo().search(key, limit=1)
            if signal:
                # a reviewed signal keeps its review; the evidence follows the data
                signal.write(
                    {k: values[k] for k in ("count", "total", "share", "evidence")}
                )
            else:
                signal = self.sudo().create(values | {"month": month})
            signals |= signal
        return signals

    def _rows(self, query):
        self.env.flush_all()
        self.env.cr.execute(query)
        return self.env.cr.dictfetchall()

    def _find_bursts(self, start, end, limits):
        if not limits["burst_count"]:
            return []
        rows = self._rows(
            SQL(
                """
                SELECT unit_id, channel, count(*) AS starts, max(n) AS largest,
                       (SELECT count(*) FROM satisfaction_response a
                         WHERE a.unit_id = b.unit_id AND a.channel = b.channel
                           AND a.date >= %(start)s AND a.date < %(end)s) AS total
                  FROM (
                        SELECT r.unit_id, r.channel,
                               count(*) OVER (
                                   PARTITION BY r.unit_id, r.channel ORDER BY r.date
                                   RANGE BETWEEN CURRENT ROW AND %(window)s FOLLOWING
                               ) AS n
                          FROM satisfaction_response r
                         WHERE r.date >= %(start)s AND r.date < %(end)s
                           AND r.channel IN %(channels)s AND r.unit_id IS NOT NULL
                       ) b
                 WHERE n >= %(count)s
              GROUP BY unit_id, channel
                """,
                start=start,
                end=end,
                window=timedelta(minutes=limits["burst_minutes"]),
                channels=COUNTER_CHANNELS,
                count=limits["burst_count"],
            )
        )
        return [
            {
                "kind": "burst",
                "unit_id": row["unit_id"],
                "channel": row["channel"],
                "count": row["largest"],
                "total": row["total"],
                "share": 0.0,
                "evidence": self.env._(
                    "%(largest)s ratings within %(minutes)s minutes at most; "
                    "%(starts)s ratings began a run of %(count)s or more "
                    "(%(total)s ratings on this channel in the month).",
                    largest=row["largest"],
                    minutes=limits["burst_minutes"],
                    starts=row["starts"],
                    count=limits["burst_count"],
                    total=row["total"],
                ),
            }
            for row in rows
        ]

    def _find_straight_lines(self, start, end, limits):
        rows = self._rows(
            SQL(
                """
                WITH per_response AS (
                    SELECT r.unit_id, bool_and(l.value = top.value) AS straight
                      FROM satisfaction_response r
                      JOIN satisfaction_response_line l
                        ON l.response_id = r.id AND l.value > 0
                      JOIN satisfaction_questionnaire q ON q.id = r.questionnaire_id
                      JOIN LATERAL (
                            SELECT max(value) AS value FROM satisfaction_scale_level
                             WHERE scale_id = q.scale_id
                           ) top ON TRUE
                     WHERE r.date >= %(start)s AND r.date < %(end)s
                       AND r.unit_id IS NOT NULL
                  GROUP BY r.id, r.unit_id
                    HAVING count(*) >= 2
                )
                SELECT unit_id, count(*) FILTER (WHERE straight) AS straight,
                       count(*) AS total
                  FROM per_response
              GROUP BY unit_id
                """,
                start=start,
                end=end,
            )
        )
        all_straight = sum(row["straight"] for row in rows)
        all_total = sum(row["total"] for row in rows)
        found = []
        for row in rows:
            if row["total"] < limits["minimum_responses"]:
                continue
            # the province without this unit: a unit is not its own baseline
            rest_total = all_total - row["total"]
            share = indices.response_rate(row["straight"], row["total"])
            rest = (
                indices.response_rate(all_straight - row["straight"], rest_total)
                if rest_total
                else 0.0
            )
            if share - rest < limits["straight_points"]:
                continue
            found.append(
                {
                    "kind": "straight_line",
                    "unit_id": row["unit_id"],
                    "count": row["straight"],
                    "total": row["total"],
                    "share": share,
                    "evidence": self.env._(
                        "%(straight)s of %(total)s ratings (%(share)s %%) give the "
                        "top level to every question; %(rest)s %% in the other "
                        "units.",
                        straight=row["straight"],
                        total=row["total"],
                        share=share,
                        rest=rest,
                    ),
                }
            )
        return found

    def _find_staff_share(self, start, end, limits):
        rows = self._rows(
            SQL(
                """
                SELECT unit_id, count(*) FILTER (WHERE channel = 'staff') AS staff,
                       count(*) AS total
                  FROM satisfaction_response
                 WHERE date >= %(start)s AND date < %(end)s AND unit_id IS NOT NULL
              GROUP BY unit_id
                """,
                start=start,
                end=end,
            )
        )
        found = []
        for row in rows:
            share = indices.response_rate(row["staff"], row["total"])
            if (
                row["total"] < limits["minimum_responses"]
                or share < limits["staff_share"]
            ):
                continue
            found.append(
                {
                    "kind": "staff_share",
                    "unit_id": row["unit_id"],
                    "channel": "staff",
                    "count": row["staff"],
                    "total": row["total"],
                    "share": share,
                    "evidence": self.env._(
                        "%(staff)s of %(total)s ratings (%(share)s %%) were entered "
                        "by staff.",
                        staff=row["staff"],
                        total=row["total"],
                        share=share,
                    ),
                }
            )
        return found

    def _find_perfect(self, start, end, limits):
        if not limits["perfect_answers"]:
            return []
        rows = self._rows(
            SQL(
                """
                SELECT r.unit_id, l.officer_id, count(*) AS total,
                       GROUPING(l.officer_id) = 1 AS whole_unit
                  FROM satisfaction_response r
                  JOIN satisfaction_response_line l
                    ON l.response_id = r.id AND l.value > 0
                 WHERE r.date >= %(start)s AND r.date < %(end)s
                   AND r.unit_id IS NOT NULL
              GROUP BY GROUPING SETS ((r.unit_id), (r.unit_id, l.officer_id))
                HAVING bool_and(l.is_satisfied) AND count(*) >= %(answers)s
                """,
                start=start,
                end=end,
                answers=limits["perfect_answers"],
            )
        )
        return [
            {
                "kind": "perfect",
                "unit_id": row["unit_id"],
                "officer_id": row["officer_id"] or False,
                "count": row["total"],
                "total": row["total"],
                "share": 100.0,
                "evidence": self.env._(
                    "%(total)s answers, every one satisfied.", total=row["total"]
                ),
            }
            for row in rows
            # per officer, the lines without one are not an officer's
            if row["whole_unit"] or row["officer_id"]
        ]

    def _find_identical_comments(self, start, end, limits):
        if not limits["identical_comments"]:
            return []
        rows = self._rows(
            SQL(
                """
                SELECT unit_id, count(*) AS texts, sum(n) AS ratings,
                       max(n) AS largest, max(length) AS length
                  FROM (
                        SELECT unit_id, count(*) AS n,
                               length(min(comment)) AS length
                          FROM satisfaction_response
                         WHERE date >= %(start)s AND date < %(end)s
                           AND unit_id IS NOT NULL
                           AND length(btrim(comment)) >= 10
                      GROUP BY unit_id,
                               lower(regexp_replace(btrim(comment), '\\s+', ' ', 'g'))
                        HAVING count(*) >= %(count)s
                       ) same
              GROUP BY unit_id
                """,
                start=start,
                end=end,
                count=limits["identical_comments"],
            )
        )
        return [
            {
                "kind": "identical_comments",
                "unit_id": row["unit_id"],
                "count": row["ratings"],
                "total": row["ratings"],
                "share": 0.0,
                "evidence": self.env._(
                    "%(ratings)s ratings share %(texts)s comment(s) word for word "
                    "(the most repeated: %(largest)s times).",
                    ratings=row["ratings"],
                    texts=row["texts"],
                    largest=row["largest"],
                ),
            }
            for row in rows
        ]

    def _find_office_network(self, start, end, limits):
        """Units, and officers, whose link ratings came from an office network
        in a share above the threshold."""
        if not limits["office_share"]:
            return []
        rows = self._rows(
            SQL(
                """
                SELECT r.unit_id, l.officer_id,
                       count(DISTINCT r.id) FILTER (WHERE r.from_office_network)
                           AS office,
                       count(DISTINCT r.id) AS total,
                       GROUPING(l.officer_id) = 1 AS whole_unit
                  FROM satisfaction_response r
             LEFT JOIN satisfaction_response_line l
                    ON l.response_id = r.id AND l.officer_id IS NOT NULL
                 WHERE r.date >= %(start)s AND r.date < %(end)s
                   AND r.unit_id IS NOT NULL AND r.channel IN %(channels)s
              GROUP BY GROUPING SETS ((r.unit_id), (r.unit_id, l.officer_id))
                HAVING count(DISTINCT r.id) >= %(minimum)s
                   AND count(DISTINCT r.id) FILTER (WHERE r.from_office_network) > 0
                """,
                start=start,
                end=end,
                channels=LINK_CHANNELS,
                minimum=max(limits["minimum_responses"], 1),
            )
        )
        found = []
        for row in rows:
            # per officer, the ratings naming no officer are not an officer's
            if not (row["whole_unit"] or row["officer_id"]):
                continue
            share = indices.response_rate(row["office"], row["total"])
            if share < limits["office_share"]:
                continue
            found.append(
                {
                    "kind": "office_network",
                    "unit_id": row["unit_id"],
                    "officer_id": row["officer_id"] or False,
                    "count": row["office"],
                    "total": row["total"],
                    "share": share,
                    "evidence": self.env._(
                        "%(office)s of %(total)s link and QR ratings (%(share)s %%) "
                        "were sent from an office network.",
                        office=row["office"],
                        total=row["total"],
                        share=share,
                    ),
                }
            )
        return found

    def _find_fast(self, start, end, limits):
        """Units whose kiosk ratings were sent, in a share above the
        threshold, within fewer seconds than a citizen needs to read them."""
        if not limits["fast_seconds"] or not limits["fast_share"]:
            return []
        rows = self._rows(
            SQL(
                """
                SELECT unit_id,
                       count(*) FILTER (WHERE seconds_on_page < %(seconds)s) AS fast,
                       count(*) AS total
                  FROM satisfaction_response
                 WHERE date >= %(start)s AND date < %(end)s
                   AND unit_id IS NOT NULL AND channel = 'kiosk'
                   AND seconds_on_page IS NOT NULL
              GROUP BY unit_id
                HAVING count(*) >= %(minimum)s
                """,
                start=start,
                end=end,
                seconds=limits["fast_seconds"],
                minimum=max(limits["minimum_responses"], 1),
            )
        )
        found = []
        for row in rows:
            share = indices.response_rate(row["fast"], row["total"])
            if share < limits["fast_share"]:
                continue
            found.append(
                {
                    "kind": "fast",
                    "unit_id": row["unit_id"],
                    "channel": "kiosk",
                    "count": row["fast"],
                    "total": row["total"],
                    "share": share,
                    "evidence": self.env._(
                        "%(fast)s of %(total)s kiosk ratings (%(share)s %%) were sent "
                        "less than %(seconds)s seconds after the questionnaire was "
                        "shown.",
                        fast=row["fast"],
                        total=row["total"],
                        share=share,
                        seconds=limits["fast_seconds"],
                    ),
                }
            )
        return found
