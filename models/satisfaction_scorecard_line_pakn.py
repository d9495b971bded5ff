from odoo import api, models
from odoo.tools import SQL

# Filled by the scorecard from complaints and petitions (PAKN): empty (NULL)
# on the lines computed before the scorecard counted them.
PAKN_DERIVED = (
    "complained_count",
    "pakn_count",
    "pakn_on_time_count",
    "pakn_first_count",
    "pakn_flagged_count",
    "qd766_52_ratio",
    "qd766_52_points",
    "qd766_53_ratio",
    "qd766_53_points",
    "qd766_54_ratio",
    "qd766_54_points",
    "qd766_group_points",
)
LINE_COUNTS = (
    "request_count",
    "answered_count",
    "response_count",
    "answer_count",
    "satisfied_count",
    "dissatisfied_count",
    "overdue_count",
    "flagged_count",
)


class SatisfactionScorecardLine(models.Model):
    _inherit = "satisfaction.scorecard.line"

    @api.model
    def _fill_missing_pakn_counts(self):
        """Fill the QĐ 766 figures that come from complaints and petitions on
        the lines computed before the scorecard counted them (their
        ``complained_count`` is empty).

        The line's own dossier and answer counts are kept (a published
        scorecard stays as published); the PAKN counts of its period are
        added and 5.2, 5.3, 5.4 and the group's points computed from them
        the way ``satisfaction.scorecard`` does. Returns the lines filled.
        """
        self.flush_model()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE complained_count IS NULL",
                SQL.identifier(self._table),
            )
        )
        lines = self.sudo().browse([row[0] for row in self.env.cr.fetchall()])
        no_rules = self.env["satisfaction.cchc.rule"]
        for card in lines.scorecard_id:
            card = card.with_company(card.company_id)
            card_lines = lines.filtered(
                lambda line, card=card: line.scorecard_id == card
            )
            counts_by_unit = {
                line.unit_id: {name: line[name] for name in LINE_COUNTS}
                for line in card_lines
            }
            card._add_pakn_counts(counts_by_unit)
            for line in card_lines:
                vals = card._prepare_line(
                    line.unit_id, counts_by_unit[line.unit_id], no_rules, None
                )
                line.write({name: vals[name] for name in PAKN_DERIVED})
        return lines
