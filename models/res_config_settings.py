from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    satisfaction_validity_days = fields.Integer(
        string="Rating Link Validity (days)",
        config_parameter="satisfaction_survey.validity_days",
        default=30,
    )
    # Not a config_parameter field: Odoo deletes a boolean parameter when it is
    # unticked, which would read back as the default (on).
    satisfaction_auto_send = fields.Boolean(string="Send Rating Requests on Return")
    satisfaction_preferred_channel = fields.Selection(
        [("sms", "SMS"), ("email", "E-mail")],
        string="Preferred Channel",
        config_parameter="satisfaction_survey.preferred_channel",
        default="sms",
        help="Used when the citizen left both a phone number and an e-mail address.",
    )

    def get_values(self):
        res = super().get_values()
        res["satisfaction_auto_send"] = self.env["satisfaction.request"]._auto_send_enabled()
        return res

    def set_values(self):
        super().set_values()
        self.env["ir.config_parameter"].sudo().set_param(
            "satisfaction_survey.auto_send", "True" if self.satisfaction_auto_send else "False"
        )
