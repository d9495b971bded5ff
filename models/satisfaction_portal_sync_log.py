import logging

import requests

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..satisfaction_survey import portal
from .satisfaction_period_stat import UNIT_ROLES

_logger = logging.getLogger(__name__)

KINDS = [("evaluation", "Evaluation"), ("aggregate", "Monthly Figures")]
STATES = [
    ("pending", "Pending"),
    ("dry_run", "Dry Run (not sent)"),
    ("sent", "Sent"),
    ("failed", "Failed"),
]
RESPONSE_KEEP = 1000  # characters of the portal's answer kept


class SatisfactionPortalSyncLog(models.Model):
    """One payload for the national portal and what became of it.

    The payload is built when queued and kept as sent (its SHA-256 digest
    tells two sends of the same data apart); a failure is retried with a
    doubling delay until the connector's number of attempts, then marked
    failed. A dry run stores the payload and sends nothing.
    """

    _name = "satisfaction.portal.sync.log"
    _description = "National Portal Sync Log"
    _order = "id desc"
    _rec_name = "kind"

    connector_id = fields.Many2one(
        "satisfaction.portal.connector",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    kind = fields.Selection(KINDS, required=True, readonly=True)
    response_id = fields.Many2one(
        "satisfaction.response",
        string="Evaluation",
        ondelete="set null",
        index="btree_not_null",
        readonly=True,
    )
    unit_id = fields.Many2one("hr.department", readonly=True, index=True)
    month = fields.Date(readonly=True, help="The month of monthly figures.")
    unit_role = fields.Selection(
        UNIT_ROLES,
        string="Figures Read",
        readonly=True,
        help="Monthly figures: by the unit that received the dossiers, or by "
        "the agency that decided them.",
    )
    payload = fields.Text(readonly=True)
    payload_digest = fields.Char(string="Payload SHA-256", readonly=True)
    state = fields.Selection(
        STATES, required=True, default="pending", readonly=True, index=True
    )
    attempts = fields.Integer(readonly=True)
    next_attempt = fields.Datetime(
        readonly=True, default=fields.Datetime.now, index=True
    )
    date_sent = fields.Datetime(string="Sent On", readonly=True)
    response_status = fields.Integer(string="HTTP Status", readonly=True)
    response_body = fields.Char(string="Portal's Answer", readonly=True)
    error = fields.Char(readonly=True)
    company_id = fields.Many2one(related="connector_id.company_id", store=True)

    @api.model
    def _prepare(self, connector, kind, payload, **vals):
        return {
            "connector_id": connector.id,
            "kind": kind,
            "payload": portal.canonical_json(payload),
            "payload_digest": portal.digest(payload),
            **vals,
        }

    @api.model
    def _send_due(self, connector, limit=200):
        """Send the connector's pending payloads whose time has come."""
        logs = self.search(
            [
                ("connector_id", "=", connector.id),
                ("state", "=", "pending"),
                ("next_attempt", "<=", fields.Datetime.now()),
            ],
            order="next_attempt, id",
            limit=limit,
        )
        logs._send()
        return logs

    def _send(self):
        for log in self:
            connector = log.connector_id
            if log.state != "pending" or connector.provider == "disabled":
                continue
            if connector.provider == "dry_run":
                _logger.info(
                    "National portal dry run, %s %s: %s", log.kind, log.id, log.payload
                )
                log.write({"state": "dry_run", "date_sent": fields.Datetime.now()})
                continue
            log._post(connector)

    def _post(self, connector):
        self.ensure_one()
        url = (
            connector.aggregate_url
            if self.kind == "aggregate" and connector.aggregate_url
            else connector.endpoint_url
        )
        headers = {"Content-Type": "application/json; charset=utf-8"}
        token = connector.sudo().token
        if token:
            header = connector.token_header or "Authorization"
            headers[header] = (
                "Bearer %s" % token if header.lower() == "authorization" else token
            )
        attempts = self.attempts + 1
        status, body, error = None, "", ""
        try:
            answer = requests.post(
                url,
                data=self.payload.encode(),
                headers=headers,
                timeout=connector.timeout,
            )
            status, body = answer.status_code, answer.text or ""
            if not 200 <= status < 300:
                error = self.env._("The portal answered HTTP %s.", status)
        except requests.RequestException as exc:
            error = self.env._("The portal could not be reached: %s", exc)
        vals = {
            "attempts": attempts,
            "response_status": status or False,
            "response_body": body[:RESPONSE_KEEP] or False,
            "error": error[:RESPONSE_KEEP] or False,
        }
        if not error:
            vals.update(state="sent", date_sent=fields.Datetime.now())
        elif portal.is_retryable(status) and attempts < connector.max_attempts:
            vals["next_attempt"] = connector._next_attempt(attempts)
        else:
            vals["state"] = "failed"
            _logger.warning(
                "National portal: %s %s failed after %s attempts: %s",
                self.kind,
                self.id,
                attempts,
                error,
            )
        self.write(vals)

    def action_retry(self):
        """Send a failed payload again (the same payload), from the first attempt."""
        self.check_access("write")
        if any(log.state != "failed" for log in self):
            raise UserError(self.env._("Only a failed send can be retried."))
        self.sudo().write(
            {"state": "pending", "attempts": 0, "next_attempt": fields.Datetime.now()}
        )
        return True
