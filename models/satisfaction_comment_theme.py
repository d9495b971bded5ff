from odoo import api, fields, models, tools

from ..satisfaction_survey import themes as core_themes

KEYWORDS_HELP = (
    "One keyword or phrase per line, matched as whole words, ignoring case and "
    "diacritics (abbreviations such as ko, dc, cb, nv, hs are understood). "
    'A plain line is a complaint ("chờ lâu"), a line starting with + is praise '
    '("+nhiệt tình"), with ~ a mention of the topic ("~hướng dẫn"). '
    '"..." stands for up to three words ("chờ ... lâu"), # for a number '
    '("đi lại # lần"). A negation just before a keyword ("không phải chờ lâu", '
    '"thiếu nhiệt tình") turns a complaint into praise and praise or a mention '
    "into a complaint. Lines starting with # are comments."
)


class SatisfactionCommentTheme(models.Model):
    """A theme of citizens' comments (waiting time, guidance, attitude...) and
    the keywords that reveal it.

    The lexicon is data, edited by administrators: the matching itself is the
    core's (``satisfaction_survey/themes.py``). Any change of keywords or of
    a theme's activity re-reads every comment for that theme, so the report
    always follows the lexicon.
    """

    _name = "satisfaction.comment.theme"
    _description = "Comment Theme"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True, help="Technical identifier, e.g. waiting or informal_fees."
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    keywords = fields.Text(help=KEYWORDS_HELP)
    keyword_count = fields.Integer(
        string="Number of Keywords", compute="_compute_keyword_count"
    )
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "A theme's code must be unique."),
    ]

    @api.depends("keywords")
    def _compute_keyword_count(self):
        for theme in self:
            theme.keyword_count = len(core_themes.parse_keywords(theme.keywords))

    # ------------------------------------------------------------
    # LEXICON
    # ------------------------------------------------------------

    @api.model
    @tools.ormcache()
    def _compiled_lexicon(self):
        """The core lexicon of the active themes, keyed by theme id (str)."""
        themes = self.sudo().with_context(active_test=True).search([])
        return core_themes.compile_lexicon(
            {str(theme.id): theme.keywords or "" for theme in themes}
        )

    @api.model
    def _lexicon_of(self, themes):
        """The core lexicon of ``themes`` only (active ones)."""
        themes = themes.sudo().filtered("active")
        return core_themes.compile_lexicon(
            {str(theme.id): theme.keywords or "" for theme in themes}
        )

    @api.model
    def _load_default_keywords(self):
        """Give the shipped themes without keywords the core's default ones."""
        themes = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("code", "in", list(core_themes.DEFAULT_LEXICON)),
                    ("keywords", "=", False),
                ]
            )
        )
        for theme in themes:
            theme.with_context(satisfaction_theme_no_rebuild=True).keywords = "\n".join(
                core_themes.DEFAULT_LEXICON[theme.code]
            )
        if themes:
            self.env["satisfaction.comment.theme.match"]._rebuild(themes)

    # ------------------------------------------------------------
    # CRUD: the matches follow the lexicon
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        themes = super().create(vals_list)
        self.env.registry.clear_cache()
        self.env["satisfaction.comment.theme.match"]._rebuild(themes)
        return themes

    def write(self, vals):
        result = super().write(vals)
        if {"keywords", "active"} & set(vals):
            self.env.registry.clear_cache()
            if not self.env.context.get("satisfaction_theme_no_rebuild"):
                self.env["satisfaction.comment.theme.match"]._rebuild(self)
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result
