import base64
import csv
import io
import json

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

MANAGER_GROUP = "satisfaction_survey.group_satisfaction_manager"


class SatisfactionPrivacyWizard(models.TransientModel):
    """A citizen's request about their personal data: export it, erase it,
    or withdraw their consents.

    Run from a register entry (``satisfaction.privacy.request``) whose
    requester's identity was checked. Finds every rating request whose phone
    number or e-mail address is the citizen's. Export: a JSON or CSV file of
    the requests and answers. Erase: anonymise them now (every link from the
    answers to the citizen cut; scores kept). Withdraw: their consents are
    withdrawn, no reminder, no contact after a low rating. Each action is in
    the audit log, on the register entry, with a count and without any
    personal data or reference to the rating requests. Administrators only.
    """

    _name = "satisfaction.privacy.wizard"
    _description = "Citizen Personal Data Request"

    privacy_request_id = fields.Many2one(
        "satisfaction.privacy.request",
        string="Register Entry",
        required=True,
        ondelete="cascade",
    )
    phone = fields.Char(help="Any way of writing it: 0912 345 678, +84912345678...")
    email = fields.Char(string="E-mail")
    file_format = fields.Selection(
        [("json", "JSON"), ("csv", "CSV")],
        string="Format",
        default="json",
        required=True,
    )
    request_ids = fields.Many2many(
        "satisfaction.request", string="Rating Requests", compute="_compute_request_ids"
    )
    request_count = fields.Integer(compute="_compute_request_ids")
    export_file = fields.Binary(readonly=True, attachment=True)
    export_filename = fields.Char(readonly=True)

    @api.model
    def _check_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                _("Only administrators handle citizens' personal data requests.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_manager()
        return super().create(vals_list)

    @api.depends("phone", "email")
    def _compute_request_ids(self):
        Request = self.env["satisfaction.request"]
        for wizard in self:
            requests = (
                Request._find_by_contact(wizard.phone, wizard.email)
                if wizard.phone or wizard.email
                else Request
            )
            wizard.request_ids = requests
            wizard.request_count = len(requests)

    def _requests(self):
        self.ensure_one()
        self._check_manager()
        self.privacy_request_id._check_identity()
        if not (self.phone or self.email):
            raise UserError(_("Enter the citizen's phone number or e-mail address."))
        return self.env["satisfaction.request"]._find_by_contact(self.phone, self.email)

    def action_export(self):
        requests = self._requests()
        data = requests._export_citizen_data()
        stamp = fields.Datetime.now().strftime("%Y%m%d-%H%M%S")
        if self.file_format == "csv":
            content = self._to_csv(data).encode("utf-8-sig")
            filename = f"citizen-data-{stamp}.csv"
        else:
            payload = {
                "generated_on": fields.Datetime.to_string(fields.Datetime.now()),
                "requests": data,
            }
            content = json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8")
            filename = f"citizen-data-{stamp}.json"
        self.write(
            {"export_file": base64.b64encode(content), "export_filename": filename}
        )
        self._record_result(
            "export",
            _("%(count)s rating request(s) exported", count=len(requests)),
            len(requests),
        )
        return {
            "type": "ir.actions.act_url",
            "url": (
                f"/web/content/{self._name}/{self.id}/export_file/{filename}"
                "?download=true"
            ),
            "target": "self",
        }

    @staticmethod
    def _to_csv(data):
        out = io.StringIO()
        writer = csv.writer(out)
        header = [
            "dossier",
            "procedure",
            "unit",
            "citizen_name",
            "citizen_phone",
            "citizen_email",
            "state",
            "created_on",
            "answered_on",
            "response_date",
            "question",
            "officer",
            "value",
            "answer",
            "comment",
        ]
        writer.writerow(header)
        for request in data:
            base = [request[key] for key in header[:8]] + [request["answered_on"]]
            rows = [
                (response, answer)
                for response in request["responses"]
                for answer in response["answers"]
            ] or [(None, None)]
            for response, answer in rows:
                writer.writerow(
                    base
                    + [
                        response and response["date"],
                        answer and answer["question"],
                        answer and answer["officer"],
                        answer and answer["value"],
                        answer and answer["answer"],
                        response and response["comment"],
                    ]
                )
        return out.getvalue()

    def _record_result(self, action, summary, count):
        """The count on the register entry, the action in the audit log:
        never the rating requests themselves (an erasure must leave no link
        from the requester to the answers)."""
        register = self.privacy_request_id.sudo()
        register.result_count = count
        register._audit(action, summary, _("Requested by the citizen"))

    def action_erase(self):
        requests = self._requests()
        count = requests._anonymise()
        self._record_result(
            "erase", _("%(count)s rating request(s) anonymised", count=count), count
        )
        return self._notify(
            count, _("%(count)s rating request(s) anonymised.", count=count)
        )

    def action_withdraw(self):
        requests = self._requests()
        withdrawn = requests._withdraw_contact("request")
        self._record_result(
            "withdraw",
            _(
                "%(count)s consent(s) withdrawn on %(requests)s rating request(s)",
                count=len(withdrawn),
                requests=len(requests),
            ),
            len(requests),
        )
        return self._notify(
            len(requests),
            _(
                "Consents withdrawn: no reminder and no contact on %(count)s rating "
                "request(s).",
                count=len(requests),
            ),
        )

    def _notify(self, count, message):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if count else "warning",
                "message": message,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
