from odoo import fields, models

from .satisfaction_kiosk_code import (
    CODE_MINUTES_PARAM,
    CODE_SMS_PARAM,
    DEFAULT_CODE_MINUTES,
)


class ResConfigSettings(models.TransientModel):
    """The one-time codes that open the questionnaire on a counter kiosk."""

    _inherit = "res.config.settings"

    satisfaction_kiosk_code_minutes = fields.Integer(
        string="Kiosk Code Validity (minutes)",
        config_parameter=CODE_MINUTES_PARAM,
        default=DEFAULT_CODE_MINUTES,
        help="Minutes during which a kiosk code, printed on the receipt or sent "
        "by SMS, opens the questionnaire (5 minutes to 7 days).",
    )
    # Off by default: Odoo deletes the parameter when unticked, which reads back
    # as off too.
    satisfaction_kiosk_code_sms = fields.Boolean(
        string="Send the Kiosk Code by SMS at Return",
        config_parameter=CODE_SMS_PARAM,
        help="When a dossier is returned in a unit with an active kiosk, send the "
        "citizen's mobile number a one-time code to rate at the kiosk, through the "
        "SMS provider chosen for rating requests. Off: the code is only printed "
        "on the receipt.",
    )
