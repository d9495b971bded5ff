from odoo import api, models


class SatisfactionPageLayoutMixin(models.AbstractModel):
    """Records a rating page shows: questionnaires, elements, criteria, scales,
    levels, and the names of procedures and units.

    ``satisfaction.questionnaire._page_layout`` caches what the pages show of
    them; any change clears Odoo's cache (in every worker, through the
    registry's cache signaling), so a page never shows an edited question or
    translation late.
    """

    _name = "satisfaction.page.layout.mixin"
    _description = "Satisfaction: records shown on rating pages"

    # The fields the pages show; None: every field (the questionnaire's own
    # records). A model whose pages show a field or two (a procedure's or
    # a unit's name) clears the cache only when those change: the rendered
    # pages are kept by their ids alone.
    _satisfaction_page_fields = None

    def _satisfaction_page_changed(self, field_names):
        shown = self._satisfaction_page_fields
        if shown is None or not shown.isdisjoint(field_names):
            self.env.registry.clear_cache()

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if self._satisfaction_page_fields is None:
            self.env.registry.clear_cache()
        return records

    def write(self, vals):
        result = super().write(vals)
        self._satisfaction_page_changed(vals)
        return result

    def unlink(self):
        result = super().unlink()
        if self._satisfaction_page_fields is None:
            self.env.registry.clear_cache()
        return result

    def _update_field_translations(
        self, field_name, translations, digest=None, source_lang=None
    ):
        # the translation dialog writes translations without write()
        result = super()._update_field_translations(
            field_name, translations, digest=digest, source_lang=source_lang
        )
        self._satisfaction_page_changed((field_name,))
        return result
