import logging

from odoo import api, models

from ..satisfaction_survey import settings

_logger = logging.getLogger(__name__)


class SatisfactionSettings(models.AbstractModel):
    """The one reader of the module's settings (``satisfaction_survey.*``
    system parameters): typed values, defaults for absent ones, and a log
    warning, not an error, for a value that cannot be used as stored.

    Read as superuser: the callers (public pages, crons) need the settings
    whatever the user, and the values are not secret.
    """

    _name = "satisfaction.settings"
    _description = "Satisfaction Survey Settings Reader"

    @api.model
    def _raw(self, key):
        return self.env["ir.config_parameter"].sudo().get_param(key)

    @api.model
    def _checked(self, key, parsed):
        value, problem = parsed
        if problem:
            _logger.warning("Setting %s: %s", key, problem)
        return value

    @api.model
    def _get_bool(self, key, default=False):
        return self._checked(key, settings.parse_bool(self._raw(key), default))

    @api.model
    def _get_int(self, key, default, minimum=None, maximum=None):
        return self._checked(
            key, settings.parse_int(self._raw(key), default, minimum, maximum)
        )

    @api.model
    def _get_float(self, key, default, minimum=None, maximum=None):
        return self._checked(
            key, settings.parse_float(self._raw(key), default, minimum, maximum)
        )

    @api.model
    def _get_str(self, key, default=None, choices=None):
        return self._checked(
            key, settings.parse_str(self._raw(key), default, choices=choices)
        )
