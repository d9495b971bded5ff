from odoo import api, models


class SatisfactionPageLayoutMixin(models.AbstractModel):
    """Records a rating page shows: questionnaires, elements, criteria, scales, levels.

    ``satisfaction.questionnaire._page_layout`` caches what the pages show of
    them; any change clears Odoo's cache (in every worker, through the
    registry's cache signaling), so a page never shows an edited question or
    translation late.
    """

    _name = "satisfaction.page.layout.mixin"
    _description = "Satisfaction: records shown on rating pages"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env.registry.clear_cache()
        return records

    def write(self, vals):
        result = super().write(vals)
        self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result

    def _update_field_translations(
        self, field_name, translations, digest=None, source_lang=None
    ):
        # the translation dialog writes translations without write()
        result = super()._update_field_translations(
            field_name, translations, digest=digest, source_lang=source_lang
        )
        self.env.registry.clear_cache()
        return result
