from odoo import api, models

from ..models.satisfaction_period_stat import UNIT_ROLE_CONTEXT
from ..satisfaction_survey import scoring


class ReportSatisfactionScorecardLine(models.AbstractModel):
    """Values of the printable scorecard of a unit (one page per scorecard line).

    The figures, points, rank and target are those stored on the line (frozen
    when the scorecard is published). The table of months beside them is read
    live from ``satisfaction.unit.period.report`` (one grouped query for all
    printed lines, with the user's access rights) and its ratios are computed
    by the core from the summed counts. Figures of fewer respondents than the
    minimum group size are printed as hidden for the readers from whom the
    reports hide them (``satisfaction.small.group.mixin``).
    """

    _name = "report.satisfaction_survey.report_scorecard_line"
    _description = "Printable Unit Scorecard"

    @api.model
    def _get_report_values(self, docids, data=None):
        lines = self.env["satisfaction.scorecard.line"].browse(docids)
        lines.check_access("read")
        return {
            "doc_ids": docids,
            "doc_model": "satisfaction.scorecard.line",
            "docs": lines,
            "months_by_line": self._months_by_line(lines),
            "unit_total": self._unit_total(lines),
            "hidden_line_ids": self._hidden_line_ids(lines),
            "min_group_size": lines._min_group_size(),
        }

    @api.model
    def _hidden_line_ids(self, lines):
        """Lines whose figures drawn from the answers the reader may not see:
        fewer respondents than the minimum group size (as in the ranking)."""
        return {line.id for line in lines if lines._is_small_group(line.response_count)}

    @api.model
    def _unit_total(self, lines):
        """Number of ranked units of each scorecard (a leader may only read
        their own line)."""
        Line = self.env["satisfaction.scorecard.line"].sudo()
        groups = Line._read_group(
            [("scorecard_id", "in", lines.scorecard_id.ids)],
            ["scorecard_id"],
            ["__count"],
        )
        return {card.id: count for card, count in groups}

    @api.model
    def _months_by_line(self, lines):
        """{line id: [month figures]} over each line's scorecard period."""
        result = {}
        # a scorecard of competent agencies reads their months by agency too
        for role in {card.unit_role for card in lines.scorecard_id}:
            role_lines = lines.filtered(
                lambda line, role=role: line.scorecard_id.unit_role == role
            )
            result.update(self._months_by_line_of_role(role_lines, role))
        return result

    @api.model
    def _months_by_line_of_role(self, lines, role):
        Report = self.env["satisfaction.unit.period.report"].with_context(
            **{UNIT_ROLE_CONTEXT: role}
        )
        cards = lines.scorecard_id
        count_fields = [
            name
            for name, field in Report._fields.items()
            if field.type == "integer" and name.endswith("_count")
        ]
        groups = Report._read_group(
            [
                ("unit_id", "in", lines.unit_id.ids),
                ("month", ">=", min(cards.mapped("date_from"))),
                ("month", "<=", max(cards.mapped("date_to"))),
            ],
            ["unit_id", "month:month"],
            [f"{name}:sum" for name in count_fields],
            order="unit_id, month:month",
        )
        by_unit = {}
        for unit, month, *values in groups:
            by_unit.setdefault(unit.id, []).append(
                (month, dict(zip(count_fields, (int(v or 0) for v in values))))
            )
        result = {}
        for line in lines:
            card = line.scorecard_id
            rows = []
            for month, counts in by_unit.get(line.unit_id.id, []):
                if not card.date_from <= month <= card.date_to:
                    continue
                figure = scoring.aggregate_index(
                    [(counts["satisfied_count"], counts["answer_count"])],
                    card.minimum_answers,
                    sample=counts["response_count"],
                )
                ratios = scoring.recompute_ratios(dict(counts), Report._ratio_specs)
                row = {
                    "month": month,
                    "ratings": counts["response_count"],
                    "answers": figure.answers,
                    "index": figure.index,
                    "low": figure.low,
                    "high": figure.high,
                    "enough": figure.enough,
                    "dossiers": counts["request_count"],
                    "response_rate": ratios["response_rate"],
                    "qd766_ratio": ratios["qd766_ratio"],
                    "hidden": False,
                }
                if Report._is_small_group(counts["response_count"]):
                    # as the unit/month report shows it to this reader
                    row.update(
                        answers=None,
                        index=None,
                        low=None,
                        high=None,
                        enough=False,
                        qd766_ratio=None,
                        hidden=True,
                    )
                rows.append(row)
            result[line.id] = rows
        return result
