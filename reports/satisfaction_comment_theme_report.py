from collections import defaultdict

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

from ..models.satisfaction_period_stat import period_scope
from ..models.satisfaction_small_group_mixin import REVIEWER_GROUP
from ..satisfaction_survey import formulas
from ..satisfaction_survey import themes as core_themes
from ..satisfaction_survey.redact import redact_text
from ..stats_engine.formulas import render

EXAMPLES_PER_ROW = 3
EXAMPLE_LENGTH = 200


def shorten(text, length=EXAMPLE_LENGTH):
    """``text`` on one line, cut at a word boundary to about ``length``
    characters."""
    text = " ".join((text or "").split())
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0]
    return cut + " …"


class SatisfactionCommentThemeReport(models.Model):
    """What citizens write about, per unit, month and theme.

    Rows group ``satisfaction.comment.theme.match``: the ratings whose
    comment or low-score reason speaks of the theme, those with a complaint
    or praise about it, those rated low, and the share of them rated low
    (recomputed from the summed counts for any grouping). A row carries no
    response, citizen or officer: only counts and a few example comments,
    redacted (``satisfaction_survey/redact.py``).

    Units are the receiving units, or the competent agencies when the
    context key ``satisfaction_unit_role`` is ``competent`` (the rows are
    then other records: the role is packed in the id).

    Access follows the satisfaction index: unit leaders their own unit,
    reviewers and administrators all units, officers nothing. For all but
    reviewers, a row or group of fewer than k ratings (the minimum group
    size) comes back empty, its examples too; their examples come from
    comments only, never from low-score reasons, which leaders read only
    through the follow-ups that are not about themselves.
    """

    _name = "satisfaction.comment.theme.report"
    _inherit = ["satisfaction.small.group.mixin", "satisfaction.ratio.report.mixin"]
    _description = "Comment Themes per Unit and Month"
    _auto = False
    _order = "month desc, unit_id, theme_id"
    _rec_name = "theme_id"
    _respondent_field = "rating_count"
    _small_group_fields = (
        "rating_count",
        "complaint_count",
        "praise_count",
        "low_count",
        "low_share",
        "example_comments",
    )
    _ratio_specs = {"low_share": (core_themes.low_share, ("low_count", "rating_count"))}
    _depends = {
        "satisfaction.comment.theme.match": [
            "response_id",
            "theme_id",
            "month",
            "unit_id",
            "competent_unit_id",
            "company_id",
            "is_low",
            "is_complaint",
            "is_praise",
        ],
    }

    month = fields.Date(readonly=True)
    unit_id = fields.Many2one("hr.department", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    theme_id = fields.Many2one("satisfaction.comment.theme", readonly=True)
    rating_count = fields.Integer(
        string="Ratings Mentioning",
        readonly=True,
        aggregator="sum",
        help="Ratings whose comment or low-score reason speaks of the theme.",
    )
    complaint_count = fields.Integer(
        string="Criticisms", readonly=True, aggregator="sum"
    )
    praise_count = fields.Integer(string="Praise", readonly=True, aggregator="sum")
    low_count = fields.Integer(
        string="Rated Low",
        readonly=True,
        aggregator="sum",
        help="Of these ratings, those with an answer below the low-score threshold.",
    )
    low_share = fields.Float(
        string="Rated Low (%)",
        readonly=True,
        aggregator="avg",
        digits=(5, 2),
        help="Share of the ratings mentioning the theme that are rated low.",
    )
    example_comments = fields.Text(
        string="Examples",
        compute="_compute_example_comments",
        help="A few recent comments of the group, with personal details removed.",
    )

    @api.model
    def _match_unit_field(self):
        """The field of ``satisfaction.comment.theme.match`` that is the unit
        of the role asked in the context."""
        return (
            "competent_unit_id" if period_scope(self.env) == "competent" else "unit_id"
        )

    @api.model
    def _match_domain(self, domain):
        """``domain`` on this report as a domain on the matches: the unit is
        the role's unit."""
        unit = self._match_unit_field()
        if unit == "unit_id":
            return domain
        return [
            (unit + leaf[0][len("unit_id") :], *leaf[1:])
            if isinstance(leaf, (list, tuple))
            and (leaf[0] == "unit_id" or leaf[0].startswith("unit_id."))
            else leaf
            for leaf in domain
        ]

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT min(m.id) * 2 + %(role)s AS id, m.month, %(unit)s AS unit_id,
                   m.company_id, m.theme_id,
                   count(*) AS rating_count,
                   count(*) FILTER (WHERE m.is_complaint) AS complaint_count,
                   count(*) FILTER (WHERE m.is_praise) AS praise_count,
                   count(*) FILTER (WHERE m.is_low) AS low_count,
                   %(low_share)s AS low_share
              FROM %(matches)s m
          GROUP BY m.month, %(unit)s, m.company_id, m.theme_id
            """,
            role=int(period_scope(self.env) == "competent"),
            unit=SQL.identifier("m", self._match_unit_field()),
            matches=SQL.identifier("satisfaction_comment_theme_match"),
            low_share=render(
                formulas.SHARE,
                part=SQL("count(*) FILTER (WHERE m.is_low)"),
                whole=SQL("count(*)"),
            ),
        )

    @api.model
    def _small_group_sizes(self, rows):
        """Distinct ratings behind each group (a rating that speaks of two
        themes counts once), within what the current user may read; 0 when a
        domain cannot be counted (the group is then hidden)."""
        Match = self.env["satisfaction.comment.theme.match"].sudo()
        rules = self._match_domain(
            self.env["ir.rule"]._compute_domain(self._name, "read") or []
        )
        sizes = []
        for row in rows:
            domain = row.get("__domain")
            if domain is None:
                sizes.append(0)
                continue
            try:
                [(count,)] = Match._read_group(
                    expression.AND([self._match_domain(domain), rules]),
                    [],
                    ["response_id:count_distinct"],
                )
            except ValueError:
                count = 0
            sizes.append(count)
        return sizes

    @api.depends_context("uid")
    def _compute_example_comments(self):
        """The latest comments of each row, redacted; low-score reasons only
        for reviewers and administrators."""
        with_reasons = self.env.user.has_group(REVIEWER_GROUP)
        rows = self.sudo()
        unit = self._match_unit_field()
        matches = (
            self.env["satisfaction.comment.theme.match"]
            .sudo()
            .search(
                [
                    ("theme_id", "in", rows.theme_id.ids),
                    (unit, "in", rows.unit_id.ids + [False]),
                    ("month", "in", list(set(rows.mapped("month")))),
                ],
                order="response_id desc",
            )
        )
        examples = defaultdict(list)
        for match in matches:
            key = (
                match.month,
                match[unit].id,
                match.company_id.id,
                match.theme_id.id,
            )
            if len(examples[key]) >= EXAMPLES_PER_ROW:
                continue
            text = match.in_comment and match.response_id.comment
            if not text and with_reasons and match.in_reason:
                text = match.response_id.low_score_reason
            if text:
                examples[key].append("• " + shorten(redact_text(text)))
        for row, row_sudo in zip(self, rows):
            key = (
                row_sudo.month,
                row_sudo.unit_id.id,
                row_sudo.company_id.id,
                row_sudo.theme_id.id,
            )
            row.example_comments = "\n".join(examples[key]) or False
