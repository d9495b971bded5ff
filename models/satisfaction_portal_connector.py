import json
import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..satisfaction_survey import periods, portal
from .satisfaction_period_stat import UNIT_ROLE_CONTEXT, UNIT_ROLES
from .satisfaction_request import MANAGER_GROUP

_logger = logging.getLogger(__name__)

PROVIDERS = [
    ("disabled", "Disabled"),
    ("dry_run", "Dry Run (log only)"),
    ("http_json", "HTTP JSON"),
]
# rows queued per cron run: a backlog drains over several runs
QUEUE_BATCH = 500
SEND_BATCH = 200


class SatisfactionPortalConnector(models.Model):
    """The exchange with the national public service portal (Cổng DVCQG).

    Like the SMS gateway: a configuration, a dry run that logs what would be
    sent, a log of every send and a bounded number of retries. A cron queues
    each new evaluation and, once a month ends, the unit's QĐ 766 counts and
    figures of that month, then sends what is due: nothing is ever sent
    inside a citizen's request. The payload's field names are the portal's
    where known and editable otherwise (``field_mapping``); see the README,
    "Exchange with the national portal".
    """

    _name = "satisfaction.portal.connector"
    _description = "National Portal Connector"
    _order = "sequence, id"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10, help="The first active connector sends.")
    provider = fields.Selection(
        PROVIDERS,
        required=True,
        default="disabled",
        help="Disabled: nothing is queued nor sent. Dry run: the payloads are "
        "built and logged, never sent. HTTP JSON: each payload is POSTed as JSON.",
    )
    endpoint_url = fields.Char(
        string="Evaluations Endpoint URL", help="Receives each evaluation."
    )
    aggregate_url = fields.Char(
        string="Monthly Figures Endpoint URL",
        help="Receives each unit's monthly figures; empty: the evaluations endpoint.",
    )
    token = fields.Char(string="Access Token", groups=MANAGER_GROUP, copy=False)
    token_header = fields.Char(
        default="Authorization",
        required=True,
        help='Header carrying the token; "Authorization" sends "Bearer <token>".',
    )
    sender_code = fields.Char(
        help="Code of the province's system on the portal, sent with every payload.",
    )
    timeout = fields.Integer(string="Timeout (seconds)", default=20, required=True)
    max_attempts = fields.Integer(
        string="Attempts",
        default=4,
        required=True,
        help="Sends of one payload before it is marked failed.",
    )
    retry_delay = fields.Integer(
        string="Retry Delay (minutes)",
        default=5,
        required=True,
        help="Wait after the first failure; it doubles after each further one.",
    )
    send_evaluations = fields.Boolean(default=True)
    send_aggregates = fields.Boolean(string="Send Monthly Figures", default=True)
    aggregate_unit_role = fields.Selection(
        UNIT_ROLES,
        string="Monthly Figures Read",
        default="receiving",
        required=True,
        help="The units whose monthly figures are sent: the units that received "
        "the dossiers, or the agencies competent to decide them (their dossiers "
        "and the complaints about them, wherever received). Check with the "
        "portal which one it expects.",
    )
    sync_from = fields.Datetime(
        string="Evaluations From",
        default=fields.Datetime.now,
        required=True,
        help="Evaluations recorded before this moment are not sent.",
    )
    field_mapping = fields.Text(
        default="{}",
        help="JSON: portal field names replacing the defaults, e.g. "
        '{"evaluation": {"liked": "HaiLong"}, "aggregate": {"month": "KyBaoCao"}}, '
        'and fields added to every payload, e.g. {"constants": {"MaTinh": "48"}}. '
        "The keys and their default names are listed in the README.",
    )
    default_mapping = fields.Text(
        compute="_compute_default_mapping", string="Default Field Names"
    )
    log_ids = fields.One2many("satisfaction.portal.sync.log", "connector_id")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    _sql_constraints = [
        ("max_attempts_positive", "CHECK(max_attempts >= 1)", "Send at least once."),
        (
            "retry_delay_positive",
            "CHECK(retry_delay >= 0)",
            "The retry delay cannot be negative.",
        ),
        ("timeout_positive", "CHECK(timeout > 0)", "The timeout must be positive."),
    ]

    def _compute_default_mapping(self):
        text = json.dumps(portal.DEFAULT_MAPPING, indent=2)
        for connector in self:
            connector.default_mapping = text

    @api.constrains("endpoint_url", "aggregate_url", "provider")
    def _check_urls(self):
        for connector in self:
            for url in (connector.endpoint_url, connector.aggregate_url):
                if url and not url.startswith(("http://", "https://")):
                    raise ValidationError(
                        self.env._("An endpoint URL starts with http:// or https://.")
                    )
            if connector.provider == "http_json" and not connector.endpoint_url:
                raise ValidationError(
                    self.env._("Sending over HTTP needs the evaluations endpoint URL.")
                )

    @api.constrains("field_mapping")
    def _check_field_mapping(self):
        for connector in self:
            connector._mapping()

    def _mapping(self):
        self.ensure_one()
        try:
            return portal.check_mapping(json.loads(self.field_mapping or "{}"))
        except ValueError as exc:
            raise ValidationError(
                self.env._("The field mapping is not valid: %s", exc)
            ) from exc

    @api.model
    def _get_active(self):
        """The connector of the current company (sudo), or an empty recordset."""
        return (
            self.sudo()
            .search([("company_id", "=", self.env.company.id)], limit=1)
            .filtered(lambda connector: connector.provider != "disabled")
        )

    # ------------------------------------------------------------
    # PAYLOADS
    # ------------------------------------------------------------

    def _evaluation_values(self, response):
        """The internal keys of one evaluation: codes, dates and levels only."""
        request = response.request_id
        overall = response.line_ids.filtered(
            lambda line: line.criterion_id.is_overall and line.value > 0
        )[:1]
        answers = response.line_ids.filtered(
            lambda line: line.value > 0 and not line.officer_id
        )
        return {
            "dossier_code": request.dossier_ref or None,
            "procedure_code": response.procedure_id.code or None,
            "unit_code": response.unit_id.satisfaction_unit_code or None,
            "date_returned": portal.portal_datetime(request.create_date),
            "date_rated": portal.portal_datetime(response.date),
            "channel": response.channel or None,
            "liked": (int(overall.is_satisfied) if overall else None),
            "overall_level": overall.value if overall else None,
            "answers": [
                {"criterion_code": line.criterion_id.code, "level": line.value}
                for line in answers
            ],
        }

    def _aggregate_values(self, row):
        """The internal keys of a unit's month (``satisfaction.qd766.report``,
        read in the connector's unit role)."""
        return {
            "unit_code": row.unit_id.satisfaction_unit_code or None,
            "unit_role": self.aggregate_unit_role,
            "month": row.date_start.strftime("%Y%m"),
            "dossier_count": row.request_count,
            "rated_count": row.answered_count,
            "overdue_count": row.overdue_count,
            "complained_count": row.complained_count,
            "pakn_count": row.pakn_count,
            "pakn_on_time_count": row.pakn_on_time_count,
            "pakn_first_count": row.pakn_first_count,
            "pakn_flagged_count": row.pakn_flagged_count,
            "ratio_52": row.qd766_52_ratio if row.pakn_count else None,
            "points_52": row.qd766_52_points,
            "ratio_53": row.qd766_53_ratio if row.pakn_first_count else None,
            "points_53": row.qd766_53_points,
            "ratio_54": row.qd766_54_ratio if row.request_count else None,
            "points_54": row.qd766_54_points,
        }

    def _payload(self, kind, values):
        self.ensure_one()
        payload = portal.apply_mapping(kind, values, self._mapping())
        if self.sender_code:
            payload["MaNguonGui"] = self.sender_code
        return payload

    # ------------------------------------------------------------
    # QUEUE
    # ------------------------------------------------------------

    def _queue_evaluations(self):
        """Queue the evaluations recorded since ``sync_from`` and not queued yet."""
        self.ensure_one()
        if not self.send_evaluations:
            return 0
        Log = self.env["satisfaction.portal.sync.log"].sudo()
        Log.flush_model()
        self.env["satisfaction.response"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT response.id
                  FROM satisfaction_response response
                 WHERE response.company_id = %(company)s
                   AND response.create_date >= %(since)s
                   AND NOT EXISTS (SELECT 1 FROM satisfaction_portal_sync_log log
                                    WHERE log.response_id = response.id)
              ORDER BY response.id
                 LIMIT %(limit)s
                """,
                company=self.company_id.id,
                since=self.sync_from,
                limit=QUEUE_BATCH,
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        responses = self.env["satisfaction.response"].sudo().browse(ids)
        Log.create(
            [
                Log._prepare(
                    self,
                    "evaluation",
                    self._payload("evaluation", self._evaluation_values(response)),
                    response_id=response.id,
                    unit_id=response.unit_id.id,
                )
                for response in responses
            ]
        )
        return len(ids)

    def _queue_monthly_aggregates(self, month=None):
        """Queue each unit's figures of ``month`` (default: the last complete
        month in Vietnam), once per unit and month."""
        self.ensure_one()
        if not self.send_aggregates:
            return 0
        if month is None:
            today = periods.local_date(fields.Datetime.now())
            month = periods.add_months(today, -1)
        Log = self.env["satisfaction.portal.sync.log"].sudo()
        role = self.aggregate_unit_role
        done = set(
            Log.search(
                [
                    ("connector_id", "=", self.id),
                    ("kind", "=", "aggregate"),
                    ("month", "=", month),
                    # logs queued before the role was kept are by receiving unit
                    (
                        "unit_role",
                        "in",
                        [role] if role == "competent" else [role, False],
                    ),
                ]
            ).unit_id.ids
        )
        rows = (
            self.env["satisfaction.qd766.report"]
            .sudo()
            .with_context(**{UNIT_ROLE_CONTEXT: role})
            .search(
                [
                    ("period_kind", "=", "month"),
                    ("date_start", "=", month),
                    ("company_id", "=", self.company_id.id),
                ]
            )
            .filtered(lambda row: row.unit_id.id not in done)
        )
        Log.create(
            [
                Log._prepare(
                    self,
                    "aggregate",
                    self._payload("aggregate", self._aggregate_values(row)),
                    unit_id=row.unit_id.id,
                    month=month,
                    unit_role=role,
                )
                for row in rows
            ]
        )
        return len(rows)

    @api.model
    def _cron_portal_sync(self):
        """Every few minutes: queue what is new, send what is due."""
        connector = self._get_active()
        if not connector:
            return
        connector._queue_evaluations()
        connector._queue_monthly_aggregates()
        self.env["satisfaction.portal.sync.log"].sudo()._send_due(connector)

    def action_sync_now(self):
        self.check_access("write")
        self.sudo()._cron_portal_sync()
        return True

    def action_view_logs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "satisfaction_survey.satisfaction_portal_sync_log_action"
        )
        action["domain"] = [("connector_id", "=", self.id)]
        return action

    def _next_attempt(self, attempts):
        self.ensure_one()
        return fields.Datetime.now() + timedelta(
            minutes=portal.retry_delay_minutes(attempts, self.retry_delay)
        )
