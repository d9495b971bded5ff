"""Audit trail of questionnaire contents.

The questionnaire tracks its own fields (mail.thread); its elements and
criteria are separate records without a chatter, so each creation, change
(field: before → after) and deletion of one of them is posted on the
questionnaire's chatter, with its author and date, where reviewers and
administrators read it.
"""

from markupsafe import Markup

from odoo import api, fields, models


class SatisfactionQuestionnaireAuditMixin(models.AbstractModel):
    _name = "satisfaction.questionnaire.audit.mixin"
    _description = "Questionnaire Content Audit"

    # fields whose changes are posted on the questionnaire
    _questionnaire_audit_fields = ()

    def _audit_label(self):
        return self._description

    def _audit_value(self, fname):
        self.ensure_one()
        field = self._fields[fname]
        value = self[fname]
        if field.type == "many2one":
            return value.display_name or ""
        if field.type == "selection":
            return (
                dict(field._description_selection(self.env)).get(value, "")
                if value
                else ""
            )
        if field.type == "boolean":
            return self.env._("Yes") if value else self.env._("No")
        return "" if value is False or value is None else str(value)

    def _audit_post(self, questionnaire, title, changes=()):
        if not questionnaire or self.env.context.get("install_mode"):
            return
        items = Markup("").join(
            Markup("<li>%s: %s → %s</li>") % (label, before, after)
            for label, before, after in changes
        )
        body = Markup("<p>%s</p>") % title
        if items:
            body += Markup("<ul>%s</ul>") % items
        questionnaire.sudo().message_post(body=body, subtype_xmlid="mail.mt_note")

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        for record in records:
            # Created with its questionnaire (same transaction, e.g. a new
            # version or data loading): part of the questionnaire's creation.
            if record.questionnaire_id.create_date == record.create_date:
                continue
            record._audit_post(
                record.questionnaire_id,
                self.env._(
                    "%(what)s added: %(name)s",
                    what=record._audit_label(),
                    name=record.display_name,
                ),
            )
        return records

    def write(self, vals):
        tracked = [fname for fname in self._questionnaire_audit_fields if fname in vals]
        before = (
            {
                record.id: {fname: record._audit_value(fname) for fname in tracked}
                for record in self
            }
            if tracked
            else {}
        )
        result = super().write(vals)
        for record in self if tracked else ():
            changes = [
                (
                    record._fields[fname]._description_string(self.env),
                    before[record.id][fname],
                    record._audit_value(fname),
                )
                for fname in tracked
                if before[record.id][fname] != record._audit_value(fname)
            ]
            if changes:
                record._audit_post(
                    record.questionnaire_id,
                    self.env._(
                        "%(what)s changed: %(name)s",
                        what=record._audit_label(),
                        name=record.display_name,
                    ),
                    changes,
                )
        return result

    def unlink(self):
        posts = [
            (
                record.questionnaire_id,
                self.env._(
                    "%(what)s deleted: %(name)s",
                    what=record._audit_label(),
                    name=record.display_name,
                ),
            )
            for record in self
        ]
        result = super().unlink()
        for questionnaire, title in posts:
            if questionnaire.exists():
                self._audit_post(questionnaire, title)
        return result


class SatisfactionCriterion(models.Model):
    _name = "satisfaction.criterion"
    _inherit = ["satisfaction.criterion", "satisfaction.questionnaire.audit.mixin"]
    _questionnaire_audit_fields = (
        "name",
        "code",
        "element_id",
        "sequence",
        "question_type",
        "is_officer_criterion",
        "is_overall",
        "required",
    )

    def _audit_label(self):
        return self.env._("Criterion")


class SatisfactionElement(models.Model):
    _name = "satisfaction.element"
    _inherit = ["satisfaction.element", "satisfaction.questionnaire.audit.mixin"]
    _questionnaire_audit_fields = ("name", "code", "sequence")

    def _audit_label(self):
        return self.env._("Element")


class SatisfactionQuestionnaire(models.Model):
    _inherit = "satisfaction.questionnaire"

    # tracked on the chatter in addition to name, version, state, default and scale
    code = fields.Char(tracking=True)
    ask_comment = fields.Boolean(tracking=True)
    comment_label = fields.Char(tracking=True)
    active = fields.Boolean(tracking=True)
