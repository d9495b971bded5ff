from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..satisfaction_survey import deadlines

EVENT_KINDS = [
    (deadlines.EXTENSION, "Extension"),
    (deadlines.SUPPLEMENT_REQUEST, "Supplement Requested"),
    (deadlines.SUPPLEMENT_RECEIVED, "Supplement Received"),
]


class SatisfactionDossierEvent(models.Model):
    """A dated event that moves a dossier's due (NĐ 118/2025 Điều 19).

    An extension (Điều 19.6: the apology letter with a new appointment) sets
    a new due; a supplement request (Điều 19.5) stops the clock, and the
    reception of the supplement restarts the procedure's processing time.
    The dossier's final due and lateness are computed from these events by
    the core (``deadlines.final_due``).
    """

    _name = "satisfaction.dossier.event"
    _description = "Dossier Due Date Event"
    _order = "date, id"

    dossier_id = fields.Many2one(
        "satisfaction.dossier", required=True, ondelete="cascade", index=True
    )
    kind = fields.Selection(EVENT_KINDS, string="Event", required=True)
    date = fields.Datetime(
        required=True,
        default=fields.Datetime.now,
        help="When it happened: the extension was granted, the supplement asked "
        "or received.",
    )
    new_due = fields.Datetime(
        help="The new appointment of an extension. A date without a time means "
        "the whole day, in Vietnam time.",
    )
    reason = fields.Text()
    company_id = fields.Many2one(related="dossier_id.company_id", store=True)

    @api.constrains("kind", "new_due")
    def _check_new_due(self):
        for event in self:
            if event.kind == deadlines.EXTENSION and not event.new_due:
                raise ValidationError(_("An extension needs its new due date."))
            if event.kind != deadlines.EXTENSION and event.new_due:
                raise ValidationError(_("Only an extension sets a new due date."))

    def _due_event(self):
        """This event for the core."""
        self.ensure_one()
        return deadlines.DueEvent(self.kind, self.date, self.new_due or None)
