from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..satisfaction_survey import succession

# Provinces and communes merged in 2025 took effect with the two-level local
# government (Luật Tổ chức chính quyền địa phương 65/2025/QH15).
TWO_LEVEL_START = "2025-07-01"


class SatisfactionUnitSuccession(models.Model):
    """An old unit replaced by a new one: its figures continue in the new unit's trend.

    Several old units merged into one new unit are several rows with the
    same successor. Counts cannot be split: an old unit divided among several
    new units carries its figures to the one row marked "Carries the Figures"
    (its main successor), or to none (its figures then stay with it). Chains
    (A into B, later B into C) are followed by the core
    (``satisfaction_survey.succession``).
    """

    _name = "satisfaction.unit.succession"
    _description = "Unit Succession"
    _order = "date_effective desc, successor_id, predecessor_id"
    _rec_name = "predecessor_id"

    predecessor_id = fields.Many2one(
        "hr.department",
        string="Old Unit",
        required=True,
        ondelete="cascade",
        index=True,
    )
    successor_id = fields.Many2one(
        "hr.department",
        string="New Unit",
        required=True,
        ondelete="cascade",
        index=True,
    )
    date_effective = fields.Date(
        string="Effective Date",
        required=True,
        default=TWO_LEVEL_START,
        help="First day on which the new unit replaces the old one. In the new "
        "unit's trend, the months before it show the old units' summed counts.",
    )
    carries_figures = fields.Boolean(
        string="Carries the Figures",
        default=True,
        help="The old unit's counts are added to this new unit's trend. An old "
        "unit divided among several new units can carry its figures to one of "
        "them only (its main successor), or to none: counts cannot be split.",
    )
    legal_basis = fields.Char(
        help="The decision that merged or divided the unit, e.g. the Resolution "
        "of the National Assembly Standing Committee on the arrangement of the "
        "commune-level administrative units of the province in 2025.",
    )
    note = fields.Text()
    company_id = fields.Many2one(
        related="successor_id.company_id", store=True, readonly=True
    )

    _sql_constraints = [
        (
            "predecessor_successor_unique",
            "UNIQUE(predecessor_id, successor_id)",
            "An old unit is linked to the same new unit only once.",
        ),
        (
            "not_itself",
            "CHECK(predecessor_id != successor_id)",
            "A unit cannot succeed itself.",
        ),
    ]

    @api.model
    def _graph(self):
        """Every succession as core edges (sudo: the mapping is configuration
        shared by every trend reader, whatever the units they may read)."""
        return [
            succession.Succession(
                record.predecessor_id.id,
                record.successor_id.id,
                record.date_effective,
                record.carries_figures,
            )
            for record in self.sudo().search([])
        ]

    @api.model
    def _successor_map(self):
        """(unit ids, final successor ids) of every unit whose figures are
        carried, and (successor ids, dates) from which each successor
        replaces its predecessors: parallel lists for the reports' SQL."""
        graph = self._graph()
        finals = succession.final_successors(graph)
        since = succession.successor_since(graph)
        return (
            list(finals),
            list(finals.values()),
            list(since),
            list(since.values()),
        )

    @api.constrains(
        "predecessor_id", "successor_id", "date_effective", "carries_figures"
    )
    def _check_graph(self):
        graph = self._graph()
        try:
            succession.final_successors(graph)
            succession.check_dates(graph)
        except succession.SelfSuccession as error:
            raise ValidationError(
                self.env._("A unit cannot succeed itself.")
            ) from error
        except succession.SuccessionCycle as error:
            raise ValidationError(
                self.env._(
                    "These successions form a cycle: a unit would succeed "
                    "itself through other units."
                )
            ) from error
        except succession.SplitFigures as error:
            raise ValidationError(
                self.env._(
                    "An old unit can carry its figures to one new unit only: "
                    "counts cannot be split. Untick 'Carries the Figures' on the "
                    "other new units."
                )
            ) from error
        except succession.ReceivedAfterSuccession as error:
            raise ValidationError(
                self.env._(
                    "A unit cannot receive an old unit after the date on which "
                    "it was itself merged into another unit."
                )
            ) from error
