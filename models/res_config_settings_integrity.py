from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..satisfaction_survey import networks
from .satisfaction_integrity_signal import OFFICE_NETWORKS_PARAM, THRESHOLDS


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
    satisfaction_integrity_office_share = _threshold(
        "office_share",
        "Office Network: Share (%)",
        "A unit or officer is flagged when at least this share of its ratings sent "
        "through the rating link or the receipt's QR code came from an office "
        "network; 0 turns the signal off.",
    )
    satisfaction_integrity_fast_seconds = _threshold(
        "fast_seconds",
        "Too Fast: Seconds",
        "A kiosk rating sent fewer seconds than this after the questionnaire was "
        "shown counts as too fast to have been read.",
    )
    satisfaction_integrity_fast_share = _threshold(
        "fast_share",
        "Too Fast: Share (%)",
        "A unit is flagged when at least this share of its kiosk ratings were too "
        "fast; 0 turns the signal off.",
    )
    satisfaction_integrity_office_networks = fields.Char(
        string="Office Networks",
        config_parameter=OFFICE_NETWORKS_PARAM,
        help="The addresses of the offices' own networks (staff computers, counter "
        "Wi-Fi), in CIDR notation, separated by commas: e.g. 203.0.113.0/24, "
        "2001:db8:10::/48. A rating sent through its link keeps only whether it "
        "came from one of them, never the address.",
    )

    @api.constrains("satisfaction_integrity_office_networks")
    def _check_office_networks(self):
        for settings in self:
            try:
                networks.parse_networks(settings.satisfaction_integrity_office_networks)
            except networks.BadNetwork as bad:
                if bad.suggestion:
                    raise ValidationError(
                        self.env._(
                            "Office networks: %(entry)s has host bits set; "
                            "did you mean %(suggestion)s?",
                            entry=bad.entry,
                            suggestion=bad.suggestion,
                        )
                    ) from None
                raise ValidationError(
                    self.env._(
                        "Office networks: %(entry)s is not a network. Write each "
                        "as an address with its prefix length (CIDR), e.g. "
                        "203.0.113.0/24 or 2001:db8:10::/48, separated by commas.",
                        entry=bad.entry,
                    )
                ) from None

    def set_values(self):
        for settings in self:
            # one canonical form, whatever the separators typed
            settings.satisfaction_integrity_office_networks = (
                networks.normalize(settings.satisfaction_integrity_office_networks)
                or False
            )
        return super().set_values()
