from odoo import api, fields, models

from ..satisfaction_survey import portal

FIGURES = portal.FIGURE_FIELDS
COUNTS = portal.COUNT_FIELDS
_FIGURE = {"digits": (5, 2), "readonly": True, "aggregator": False}
_OWN = {"digits": (5, 2), "compute": "_compute_own", "aggregator": False}


class SatisfactionPortalFigure(models.Model):
    """A unit's QĐ 766 figures of a month as the national portal publishes
    them, beside the module's own for the same unit and month.

    Imported from the portal's file (``satisfaction.portal.figure.import``);
    one per unit and month, a new import replaces it. The module's figures
    are read from ``satisfaction.qd766.report``; the difference comes with
    the counts of each side, which tell its likely causes: dossiers not
    synchronised to the portal, complaints filed on one side only, and the
    response rate (unrated dossiers count as satisfied on both sides).
    """

    _name = "satisfaction.portal.figure"
    _description = "Portal's Published QĐ 766 Figures"
    _order = "month desc, unit_id"
    _rec_name = "unit_id"

    unit_id = fields.Many2one(
        "hr.department", required=True, index=True, readonly=True, ondelete="cascade"
    )
    unit_code = fields.Char(string="Unit in the File", readonly=True)
    month = fields.Date(required=True, readonly=True, index=True)
    ratio_52 = fields.Float(string="Portal 5.2 (%)", **_FIGURE)
    points_52 = fields.Float(string="Portal 5.2 Points", **_FIGURE)
    ratio_53 = fields.Float(string="Portal 5.3 (%)", **_FIGURE)
    points_53 = fields.Float(string="Portal 5.3 Points", **_FIGURE)
    ratio_54 = fields.Float(string="Portal 5.4 (%)", **_FIGURE)
    points_54 = fields.Float(string="Portal 5.4 Points", **_FIGURE)
    dossier_count = fields.Integer(string="Portal Dossiers", readonly=True)
    pakn_count = fields.Integer(string="Portal PAKN", readonly=True)
    given_fields = fields.Char(
        readonly=True, help="The figures and counts the file gave (others were empty)."
    )
    source_name = fields.Char(string="Imported From", readonly=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    # the module's own figures, same unit and month
    own_points_52 = fields.Float(string="Module 5.2 Points", **_OWN)
    own_points_53 = fields.Float(string="Module 5.3 Points", **_OWN)
    own_points_54 = fields.Float(string="Module 5.4 Points", **_OWN)
    own_ratio_54 = fields.Float(string="Module 5.4 (%)", **_OWN)
    own_dossier_count = fields.Integer(string="Module Dossiers", compute="_compute_own")
    own_pakn_count = fields.Integer(string="Module PAKN", compute="_compute_own")
    own_response_rate = fields.Float(string="Module Response Rate (%)", **_OWN)
    diff_points_52 = fields.Float(string="Difference 5.2", **_OWN)
    diff_points_53 = fields.Float(string="Difference 5.3", **_OWN)
    diff_points_54 = fields.Float(string="Difference 5.4", **_OWN)
    likely_causes = fields.Text(compute="_compute_own")

    _sql_constraints = [
        (
            "unit_month_unique",
            "unique(unit_id, month)",
            "The portal's figures of a unit are imported once per month.",
        ),
    ]

    def _given(self):
        self.ensure_one()
        return set((self.given_fields or "").split(","))

    @api.depends("unit_id", "month", "given_fields")
    def _compute_own(self):
        Report = self.env["satisfaction.qd766.report"].sudo()
        rows = Report.search(
            [
                ("period_kind", "=", "month"),
                ("unit_id", "in", self.unit_id.ids),
                ("date_start", "in", list(set(self.mapped("month")))),
            ]
        )
        by_key = {(row.unit_id.id, row.date_start): row for row in rows}
        for figure in self:
            row = by_key.get((figure.unit_id.id, figure.month))
            given = figure._given()
            own = {
                "points_52": row.qd766_52_points if row else 6.0,
                "points_53": row.qd766_53_points if row else 6.0,
                "points_54": row.qd766_54_points if row else 0.0,
            }
            figure.own_points_52 = own["points_52"]
            figure.own_points_53 = own["points_53"]
            figure.own_points_54 = own["points_54"]
            figure.own_ratio_54 = row.qd766_54_ratio if row else False
            figure.own_dossier_count = row.request_count if row else 0
            figure.own_pakn_count = row.pakn_count if row else 0
            figure.own_response_rate = row.response_rate if row else False
            for name in ("points_52", "points_53", "points_54"):
                figure["diff_" + name] = (
                    round(figure[name] - own[name], 2) if name in given else False
                )
            figure.likely_causes = "\n".join(figure._likely_causes(row))

    def _likely_causes(self, row):
        """Why the two sides may differ, from the counts of each."""
        self.ensure_one()
        _ = self.env._
        given = self._given()
        causes = []
        own_dossiers = row.request_count if row else 0
        own_pakn = row.pakn_count if row else 0
        if not row:
            causes.append(
                _("The module has no dossier nor complaint of this unit and month.")
            )
        if "dossier_count" in given and self.dossier_count != own_dossiers:
            causes.append(
                _(
                    "Dossiers: %(portal)s on the portal, %(own)s here: dossiers not "
                    "synchronised to the portal, or returned in another month.",
                    portal=self.dossier_count,
                    own=own_dossiers,
                )
            )
        if "pakn_count" in given and self.pakn_count != own_pakn:
            causes.append(
                _(
                    "Complaints and petitions: %(portal)s on the portal, %(own)s here: "
                    "the portal counts those filed on it, the module those filed here.",
                    portal=self.pakn_count,
                    own=own_pakn,
                )
            )
        if row and row.request_count and row.answered_count < row.request_count:
            causes.append(
                _(
                    "Response rate %(rate)s %%: unrated dossiers count as satisfied, "
                    "and the portal's like/dislike is not the module's rating.",
                    rate=row.response_rate,
                )
            )
        return causes
