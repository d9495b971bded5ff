import pytz

from odoo import api, fields, models
from odoo.tools import SQL

from ..satisfaction_survey import periods
from ..satisfaction_survey import themes as core_themes

LOCAL_TZ = pytz.timezone(periods.LOCAL_TZ)
# Fields of a response that its themes are drawn from or grouped by.
THEMED_FIELDS = frozenset(
    {
        "comment",
        "low_score_reason",
        "date",
        "unit_id",
        "competent_unit_id",
        "company_id",
        "line_ids",
    }
)
BATCH_SIZE = 1000


def local_month(moment):
    """First day of the month of a UTC datetime, in Vietnam's time zone."""
    return periods.month_start(pytz.utc.localize(moment).astimezone(LOCAL_TZ))


class SatisfactionCommentThemeMatch(models.Model):
    """One theme found in one rating's comment or low-score reason.

    Themes are found in Python from the lexicon (``satisfaction_survey/
    themes.py``), so they are stored: a row per (response, theme), written
    when a response is created or its text, date, units or answers change,
    and for every response when a theme's keywords change; a daily cron
    rebuilds them all (the low-score threshold may have changed). The
    report ``satisfaction.comment.theme.report`` groups these rows; nobody
    but administrators reads them, since they point to responses.
    """

    _name = "satisfaction.comment.theme.match"
    _description = "Comment Theme Found in a Rating"
    _log_access = False
    _order = "id"

    response_id = fields.Many2one(
        "satisfaction.response",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    theme_id = fields.Many2one(
        "satisfaction.comment.theme",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    month = fields.Date(readonly=True, index=True)
    unit_id = fields.Many2one("hr.department", readonly=True, index=True)
    competent_unit_id = fields.Many2one(
        "hr.department", string="Competent Agency", readonly=True, index=True
    )
    company_id = fields.Many2one("res.company", readonly=True)
    is_low = fields.Boolean(
        string="Rated Low",
        readonly=True,
        help="The rating holds an answer below the low-score threshold.",
    )
    is_complaint = fields.Boolean(string="Criticism", readonly=True)
    is_praise = fields.Boolean(string="Praise", readonly=True)
    in_comment = fields.Boolean(readonly=True)
    in_reason = fields.Boolean(readonly=True)
    phrases = fields.Char(
        string="Keywords Found", readonly=True, help="The keywords of the theme found."
    )

    _sql_constraints = [
        (
            "response_theme_unique",
            "unique(response_id, theme_id)",
            "A theme is found once per rating.",
        ),
    ]

    # ------------------------------------------------------------
    # REFRESH
    # ------------------------------------------------------------

    @api.model
    def _refresh(self, responses, new=False):
        """Find again the themes of ``responses`` with the active lexicon
        (``new``: just created, so they exist and have no theme yet)."""
        if not new:
            responses = responses.sudo().exists()
            if not responses:
                return
            self._delete(SQL("response_id = ANY(%s)", responses.ids))
        responses = responses.sudo()
        lexicon = self.env["satisfaction.comment.theme"]._compiled_lexicon()
        self._insert(responses, lexicon)

    @api.model
    def _rebuild(self, themes=None):
        """Find ``themes`` (default: all) again in every rating with a text."""
        Theme = self.env["satisfaction.comment.theme"]
        if themes is None:
            self._delete(SQL("TRUE"))
            lexicon = Theme._compiled_lexicon()
        else:
            themes = themes.sudo().with_context(active_test=False).exists()
            if not themes:
                return
            self._delete(SQL("theme_id = ANY(%s)", themes.ids))
            lexicon = Theme._lexicon_of(themes)
        if not lexicon.keywords:
            return
        Response = self.env["satisfaction.response"].sudo()
        ids = Response.search(
            ["|", ("comment", "!=", False), ("low_score_reason", "!=", False)],
            order="id",
        ).ids
        for start in range(0, len(ids), BATCH_SIZE):
            self._insert(Response.browse(ids[start : start + BATCH_SIZE]), lexicon)
            self.env.invalidate_all()

    @api.model
    def _cron_rebuild(self):
        self._rebuild()

    @api.model
    def _delete(self, condition):
        self.flush_model()
        self.env.cr.execute(
            SQL(
                "DELETE FROM %s WHERE %s",
                SQL.identifier(self._table),
                condition,
            )
        )
        self.invalidate_model()

    @api.model
    def _insert(self, responses, lexicon):
        values = []
        low_values = {}
        for response in responses:
            in_comment = core_themes.find_themes(response.comment, lexicon)
            in_reason = core_themes.find_themes(response.low_score_reason, lexicon)
            if not (in_comment or in_reason):
                continue
            questionnaire = response.questionnaire_id
            if questionnaire.id not in low_values:
                # the pages' cached layout knows them (no read of the levels)
                low_values[questionnaire.id] = questionnaire._page_layout().low_values
            common = {
                "response_id": response.id,
                "month": local_month(response.date),
                "unit_id": response.unit_id.id,
                "competent_unit_id": response.competent_unit_id.id,
                "company_id": response.company_id.id,
                "is_low": any(
                    line.value in low_values[questionnaire.id]
                    for line in response.line_ids
                ),
            }
            values.extend(
                dict(common, **self._theme_values(code, in_comment, in_reason))
                for code in lexicon.themes
                if code in in_comment or code in in_reason
            )
        if values:
            self.sudo().create(values)

    @api.model
    def _theme_values(self, code, in_comment, in_reason):
        hits = [hits[code] for hits in (in_comment, in_reason) if code in hits]
        keywords = dict.fromkeys(m.keyword for hit in hits for m in hit.matches)
        return {
            "theme_id": int(code),
            "is_complaint": any(hit.complaint for hit in hits),
            "is_praise": any(hit.praise for hit in hits),
            "in_comment": code in in_comment,
            "in_reason": code in in_reason,
            "phrases": ", ".join(keywords)[:250],
        }


class SatisfactionResponse(models.Model):
    _inherit = "satisfaction.response"

    @api.model_create_multi
    def create(self, vals_list):
        responses = super().create(vals_list)
        responses._find_new_themes()
        return responses

    def _find_new_themes(self):
        """The themes of responses just created with their lines (also called
        by the rating page, which creates them without ``create``)."""
        themed = self.filtered(lambda r: r.comment or r.low_score_reason)
        if themed:
            self.env["satisfaction.comment.theme.match"]._refresh(themed, new=True)

    def write(self, vals):
        result = super().write(vals)
        if THEMED_FIELDS & set(vals):
            self.env["satisfaction.comment.theme.match"]._refresh(self)
        return result


class SatisfactionResponseLine(models.Model):
    _inherit = "satisfaction.response.line"

    def write(self, vals):
        result = super().write(vals)
        if "value" in vals:
            # a corrected answer may make the rating low, or no longer low
            self.env["satisfaction.comment.theme.match"]._refresh(self.response_id)
        return result
