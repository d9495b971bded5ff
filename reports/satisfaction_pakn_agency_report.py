from odoo import api, fields, models
from odoo.tools import SQL

from ..models.satisfaction_pakn import CHANNELS, KINDS, STATES
from ..satisfaction_survey.redact import redact_text


class SatisfactionPaknAgencyReport(models.Model):
    """The complaints and petitions about the dossiers an agency decided,
    wherever they were filed, for the agency's leaders to read.

    A row is a ``satisfaction.pakn`` whose dossier (matched by the dossier
    or its code, ``satisfaction.pakn._sql_pakn_agency``) names a competent
    agency. It carries nothing that tells who complained: no contact, no
    consent, no dossier, no link, and its content and answer are redacted
    (``satisfaction_survey/redact.py``). Handling (assigning, answering,
    closing) stays with the unit that received it, in ``satisfaction.pakn``.
    Unit leaders read their agency's rows, reviewers and administrators all.
    """

    _name = "satisfaction.pakn.agency.report"
    _description = "Complaints about the Agency's Decisions"
    _auto = False
    _order = "date_received desc, id desc"
    _rec_name = "reference"
    _depends = {
        "satisfaction.pakn": [
            "reference",
            "kind",
            "category_id",
            "unit_id",
            "subject",
            "channel",
            "state",
            "date_received",
            "date_due",
            "date_answered",
            "answered_late",
            "rating",
            "date_reraised",
            "dossier_id",
            "dossier_code",
            "company_id",
        ],
        "satisfaction.dossier": ["competent_unit_id"],
        "satisfaction.request": ["competent_unit_id", "unit_id", "dossier_ref"],
    }

    reference = fields.Char(readonly=True)
    kind = fields.Selection(KINDS, readonly=True)
    category_id = fields.Many2one("satisfaction.pakn.category", readonly=True)
    unit_id = fields.Many2one(
        "hr.department",
        string="Receiving Unit",
        readonly=True,
        help="The unit that received the complaint and handles it.",
    )
    competent_unit_id = fields.Many2one(
        "hr.department",
        string="Competent Agency",
        readonly=True,
        help="The agency that decided the dossier the complaint is about.",
    )
    subject = fields.Char(
        string="Complaint Subject",
        compute="_compute_texts",
        help="With personal details removed.",
    )
    description = fields.Text(
        string="Content",
        compute="_compute_texts",
        help="With personal details removed.",
    )
    answer = fields.Text(
        compute="_compute_texts", help="With personal details removed."
    )
    channel = fields.Selection(CHANNELS, readonly=True)
    state = fields.Selection(STATES, readonly=True)
    date_received = fields.Datetime(string="Received On", readonly=True)
    date_due = fields.Datetime(string="Due On", readonly=True)
    date_answered = fields.Datetime(string="Answered On", readonly=True)
    answered_late = fields.Boolean(readonly=True)
    rating = fields.Selection(
        [("like", "Like"), ("dislike", "Dislike")],
        string="Citizen's Rating",
        readonly=True,
    )
    date_reraised = fields.Datetime(string="Raised Again On", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT * FROM (
                SELECT p.id, p.reference, p.kind, p.category_id, p.unit_id,
                       %(agency)s AS competent_unit_id, p.channel,
                       p.state, p.date_received, p.date_due, p.date_answered,
                       p.answered_late, p.rating, p.date_reraised, p.company_id
                  FROM satisfaction_pakn p
            ) pakn
             WHERE pakn.competent_unit_id IS NOT NULL
            """,
            agency=self.env["satisfaction.pakn"]._sql_pakn_agency("p"),
        )

    @api.depends_context("uid")
    def _compute_texts(self):
        # read as superuser: the PAKN itself is not the reader's to open
        pakns = self.env["satisfaction.pakn"].sudo().browse(self.ids)
        for row, pakn in zip(self, pakns):
            row.subject = redact_text(pakn.subject)
            row.description = redact_text(pakn.description)
            row.answer = redact_text(pakn.answer)
