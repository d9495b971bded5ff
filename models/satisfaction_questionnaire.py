from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.tools import is_html_empty

from ..satisfaction_survey import layout


class SatisfactionQuestionnaire(models.Model):
    """A named, versioned questionnaire.

    A response keeps the questionnaire record it answered, so a version that
    has answers is frozen: changing its questions means publishing a new
    version (``action_new_version``), which leaves old answers comparable.
    """

    _name = "satisfaction.questionnaire"
    _description = "Satisfaction Questionnaire"
    _inherit = ["mail.thread", "satisfaction.page.layout.mixin"]
    _order = "is_default desc, name, version desc, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(
        required=True,
        help="Stable code shared by all versions of the same questionnaire.",
    )
    version = fields.Integer(default=1, required=True, readonly=True, tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("published", "Published"), ("closed", "Closed")],
        default="draft",
        required=True,
        tracking=True,
    )
    is_default = fields.Boolean(
        string="Default",
        tracking=True,
        help="Used for rating requests whose procedure names no questionnaire.",
    )
    scale_id = fields.Many2one("satisfaction.scale", required=True, tracking=True)
    legal_basis = fields.Char(
        string="Source",
        translate=True,
        tracking=True,
        help="The rule or method the questions come from, e.g. "
        "NĐ 118/2025/NĐ-CP, Điều 33 khoản 1.",
    )
    element_ids = fields.One2many(
        "satisfaction.element", "questionnaire_id", string="Elements", copy=True
    )
    criterion_ids = fields.One2many(
        "satisfaction.criterion", "questionnaire_id", string="Criteria", copy=False
    )
    intro = fields.Html(
        translate=True, help="Shown above the questions on the public page."
    )
    ask_comment = fields.Boolean(string="Ask for a Comment", default=True)
    comment_label = fields.Char(
        translate=True, default="Your comments or suggestions (optional)"
    )
    quick_mode = fields.Boolean(
        help="The rating page opens on the overall question alone: a citizen "
        "answers in two taps (a level, then Send) and may go on with the other "
        "questions afterwards. Needs an overall scale question not asked per "
        "officer.",
    )
    response_count = fields.Integer(compute="_compute_response_count")
    previous_version_id = fields.Many2one(
        "satisfaction.questionnaire", readonly=True, copy=False
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "code_version_unique",
            "unique(code, version)",
            "A questionnaire version already exists with this code.",
        ),
    ]

    # ------------------------------------------------------------
    # COMPUTE / CONSTRAINTS
    # ------------------------------------------------------------

    def _compute_response_count(self):
        counts = dict(
            self.env["satisfaction.response"]
            .sudo()
            ._read_group(
                [("questionnaire_id", "in", self.ids)],
                ["questionnaire_id"],
                ["__count"],
            )
        )
        for questionnaire in self:
            questionnaire.response_count = counts.get(questionnaire._origin, 0)

    @api.constrains("is_default", "state", "active")
    def _check_single_default(self):
        defaults = self.search([("is_default", "=", True)])
        if len(defaults) > 1:
            raise ValidationError(_("Only one questionnaire can be the default."))

    def _has_answers(self):
        return bool(
            self.env["satisfaction.response"]
            .sudo()
            .search_count([("questionnaire_id", "in", self.ids)], limit=1)
        )

    def _check_structure_editable(self):
        answered = self.filtered(lambda q: q._has_answers())
        if answered:
            raise UserError(
                _(
                    "The questionnaire %(name)s (version %(version)s) already has "
                    "answers: create a new version to change its questions or scale.",
                    name=answered[0].name,
                    version=answered[0].version,
                )
            )

    def write(self, vals):
        if "scale_id" in vals:
            self._check_structure_editable()
        return super().write(vals)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_publish(self):
        for questionnaire in self:
            if not questionnaire.criterion_ids.filtered(
                lambda c: c.question_type == "scale"
            ):
                raise UserError(_("Add at least one scale question before publishing."))
        self.state = "published"

    def action_close(self):
        self.write({"state": "closed", "is_default": False})

    def action_new_version(self):
        """Copy the questionnaire with its elements and criteria as version + 1.

        The new version becomes the default in place of this one, and this one
        is closed, so requests created from now on use the new questions.
        """
        self.ensure_one()
        latest = self.with_context(active_test=False).search(
            [("code", "=", self.code)], order="version desc", limit=1
        )
        was_default = self.is_default
        new = self.copy(
            {
                "version": latest.version + 1,
                "state": "draft",
                "is_default": False,
                "previous_version_id": self.id,
                "name": self.name,
            }
        )
        if self.state == "published":
            new.action_publish()
        self.action_close()  # also clears is_default, before the new version takes it
        if was_default:
            new.is_default = True
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": new.id,
            "view_mode": "form",
        }

    @api.model
    def _get_default(self):
        return self.search(
            [("is_default", "=", True), ("state", "=", "published")], limit=1
        ) or self.search([("state", "=", "published")], limit=1)

    def _question_items(self, officers):
        """Questions as shown on a page, officer criteria repeated per officer.

        Returns a list of dicts: key (form field name), criterion (a
        ``layout.PageCriterion``), officer (record, or False).
        """
        self.ensure_one()
        return layout.question_items(self._page_layout().criteria, officers)

    def _page_layout(self):
        """The questions and answers of this questionnaire as its pages show them.

        Cached per questionnaire and language: every page view and submit
        reads it several times, and questionnaires hardly change
        (``satisfaction.page.layout.mixin`` clears the cache when they do).
        The low-score threshold is read inside: a setting written with
        ``set_param`` clears the same cache, so the key need not hold it
        (one cache lookup per call instead of two).
        """
        self.ensure_one()
        return self._page_layout_cached()

    def _satisfied_values(self):
        """Values of the questionnaire's scale that count as satisfied."""
        self.ensure_one()
        if isinstance(self.id, int):  # saved: cached with the page layout
            return self._page_layout().satisfied_values
        return self.scale_id._satisfied_values()

    @tools.ormcache("self.id", "self.env.lang")
    def _page_layout_cached(self):
        questionnaire = self.sudo()
        scale = questionnaire.scale_id
        low_values = self.env["satisfaction.followup"]._low_values(scale)
        elements = {
            element.id: layout.PageElement(id=element.id, name=element.name)
            for element in questionnaire.element_ids
        }
        return layout.PageLayout(
            # criterion_ids follows the criteria's _order: element, then question
            criteria=tuple(
                layout.PageCriterion(
                    id=criterion.id,
                    code=criterion.code,
                    name=criterion.name,
                    question_type=criterion.question_type,
                    required=criterion.required,
                    is_officer_criterion=criterion.is_officer_criterion,
                    element=elements[criterion.element_id.id],
                    derive=criterion.derive_from or None,
                    is_overall=criterion.is_overall,
                )
                for criterion in questionnaire.criterion_ids
            ),
            levels=tuple(
                layout.PageLevel(
                    value=level.value,
                    name=level.name,
                    emoji=level.emoji or "",
                    low=level.value in low_values,
                    satisfied=level.is_satisfied,
                )
                for level in scale.level_ids.sorted(lambda level: -level.value)
            ),
            ask_comment=questionnaire.ask_comment,
            comment_label=questionnaire.comment_label or "",
            intro=None if is_html_empty(questionnaire.intro) else questionnaire.intro,
            quick=questionnaire.quick_mode,
        )
