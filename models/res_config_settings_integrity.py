from odoo import fields, models

from .satisfaction_integrity_signal import THRESHOLDS


def _threshold(name, string, help_text):
    param, default = THRESHOLDS[name]
    return fields.Integer(
        string=string, config_parameter=param, default=default, help=help_text
    )


class ResConfigSettings(models.TransientModel):
    """Thresholds of the integrity signals (satisfaction.integrity.signal)."""

    _inherit = "res.config.settings"

    satisfaction_integrity_burst_count = _threshold(
        "burst_count",
        "Burst: Ratings",
        "This many ratings of one unit on one counter channel (kiosk, QR, staff) "
        "within the minutes below make a burst.",
    )
    satisfaction_integrity_burst_minutes = _threshold(
        "burst_minutes", "Burst: Minutes", "The window of a burst, in minutes."
    )
    satisfaction_integrity_straight_points = _threshold(
        "straight_points",
        "Top Level Everywhere: Points above the Others",
        "A unit is flagged when its share of ratings giving the top level to every "
        "question exceeds the other units' share by this many points.",
    )
    satisfaction_integrity_staff_share = _threshold(
        "staff_share",
        "Entered by Staff: Share (%)",
        "A unit is flagged when staff typed in at least this share of its ratings.",
    )
    satisfaction_integrity_perfect_answers = _threshold(
        "perfect_answers",
        "100 %: Answers",
        "A unit or officer with every answer satisfied over at least this many "
        "answers in a month is flagged.",
    )
    satisfaction_integrity_identical_comments = _threshold(
        "identical_comments",
        "Identical Comments",
        "The same comment, word for word, on this many ratings of a unit in a month.",
    )
    satisfaction_integrity_minimum_responses = _threshold(
        "minimum_responses",
        "Minimum Ratings",
        "Units with fewer ratings in the month are not judged on shares.",
    )
