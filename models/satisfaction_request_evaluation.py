from odoo import api, fields, models

from ..satisfaction_survey import evaluation
from ..satisfaction_survey.catalogues import DERIVE_RETURN_TIME, DERIVE_SUPPLEMENTS


class SatisfactionRequest(models.Model):
    """What the dossier says about points a) and c) of the citizen
    evaluation (NĐ 118/2025 Điều 33.1), kept when the request is created and
    pre-filled on the rating page (``satisfaction_survey.evaluation``)."""

    _inherit = "satisfaction.request"

    derived_return_time = fields.Selection(
        [(evaluation.ON_TIME, "On Time"), (evaluation.LATE, "Late")],
        string="Returned (Dossier)",
        readonly=True,
        copy=False,
        help="The dossier's return against its final due moment, in Vietnam "
        "time, when the request was created; empty when the dossier has no due.",
    )
    derived_supplement_count = fields.Integer(
        string="Supplement Requests (Dossier)",
        readonly=True,
        copy=False,
        help="Supplement requests recorded on the dossier. A bound model holds "
        "the last request only: 1 when one was asked.",
    )
    derived_supplements_known = fields.Boolean(
        string="Supplement Requests Recorded",
        readonly=True,
        copy=False,
        help="The dossier model records supplement requests.",
    )

    # ------------------------------------------------------------
    # CREATION FROM DOSSIERS
    # ------------------------------------------------------------

    @api.model
    def _prepare_values_from_sources(self, records, field_map):
        vals_list = super()._prepare_values_from_sources(records, field_map)
        records = records.sudo()
        procedures = {vals["res_id"]: vals["procedure_id"] for vals in vals_list}
        Procedure = self.env["satisfaction.procedure"]
        for record, vals in zip(records, vals_list, strict=True):
            if hasattr(record, "_satisfaction_derived_facts"):
                facts = record._satisfaction_derived_facts()
            else:
                facts = self._source_derived_facts(
                    record, field_map, Procedure.browse(procedures[record.id])
                )
            return_time = facts.get(DERIVE_RETURN_TIME)
            supplements = evaluation.supplements_fact(facts.get(DERIVE_SUPPLEMENTS))
            vals.update(
                derived_return_time=return_time or False,
                derived_supplement_count=supplements or 0,
                derived_supplements_known=supplements is not None,
            )
        return vals_list

    @api.model
    def _source_derived_facts(self, record, field_map, procedure):
        """Facts of a record of a bound model, through its binding's fields."""
        due, returned = self._source_due(record, field_map, procedure)
        supplement_field = field_map.get("supplement_requested")
        return {
            DERIVE_RETURN_TIME: evaluation.return_time_fact(due or None, returned),
            DERIVE_SUPPLEMENTS: (
                int(bool(self._read_field(record, supplement_field)))
                if supplement_field
                else None
            ),
        }

    @api.model
    def _source_timeline(self, record, field_map, procedure):
        """``_satisfaction_timeline`` of a record of a bound model: what its
        binding maps (a record holds the last extension and supplement only)."""
        read = {
            key: self._read_field(record, field_map.get(key)) or None
            for key in (
                "due_extended",
                "supplement_requested",
                "supplement_received",
                "date_returned",
            )
        }
        due, _returned = self._source_due(record, field_map, procedure)
        return {
            "received": None,
            "due": due or None,
            "extensions": [read["due_extended"]] if read["due_extended"] else [],
            "supplements_asked": [read["supplement_requested"]]
            if read["supplement_requested"]
            else [],
            "supplements_received": [read["supplement_received"]]
            if read["supplement_received"]
            else [],
            "returned": read["date_returned"],
        }

    def _dossier_timeline(self):
        """What the dossier records of the dates the answers a) and c) come
        from (received, final due, extensions, supplements asked and
        received, returned), for staff entering answers; empty when the
        dossier is gone or its model is no longer bound."""
        self.ensure_one()
        if not self.res_model or not self.res_id or self.res_model not in self.env:
            return {}
        record = self.env[self.res_model].sudo().browse(self.res_id).exists()
        if not record:
            return {}
        if hasattr(record, "_satisfaction_timeline"):
            return record._satisfaction_timeline()
        binding = (
            self.env["satisfaction.binding"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [("model_id.model", "=", self.res_model)],
                order="active desc, id",
                limit=1,
            )
        )
        if not binding:
            return {}
        return self._source_timeline(
            record, binding._field_map(), self.sudo().procedure_id
        )

    # ------------------------------------------------------------
    # PRE-FILLED ANSWERS
    # ------------------------------------------------------------

    def _derived_facts(self):
        self.ensure_one()
        return {
            DERIVE_RETURN_TIME: self.derived_return_time or None,
            DERIVE_SUPPLEMENTS: self.derived_supplement_count
            if self.derived_supplements_known
            else None,
        }

    def _derived_levels(self, items):
        """Form key -> level pre-filled from the dossier, for the questions
        of ``items`` that have one."""
        self.ensure_one()
        page_layout = self.questionnaire_id._page_layout()
        facts = self._derived_facts()
        levels = {}
        for item in items:
            criterion = item["criterion"]
            if criterion.question_type != "scale" or not criterion.derive:
                continue
            level = evaluation.derived_level(
                criterion.derive,
                facts.get(criterion.derive),
                page_layout.scale_values,
                page_layout.satisfied_values,
            )
            if level is not None:
                levels[item["key"]] = level
        return levels

    def _derived_notes(self, items):
        """Form key -> what the dossier says, shown with a pre-filled question."""
        self.ensure_one()
        levels = self._derived_levels(items)
        if not levels:
            return {}
        texts = self._derived_texts()
        return {
            item["key"]: texts[item["criterion"].derive]
            for item in items
            if item["key"] in levels and texts.get(item["criterion"].derive)
        }

    def _derived_texts(self):
        self.ensure_one()
        facts = self._derived_facts()
        return_time = facts[DERIVE_RETURN_TIME]
        supplements = facts[DERIVE_SUPPLEMENTS]
        texts = {}
        if return_time == evaluation.ON_TIME:
            texts[DERIVE_RETURN_TIME] = self.env._(
                "According to your dossier, the result was returned on time."
            )
        elif return_time == evaluation.LATE:
            texts[DERIVE_RETURN_TIME] = self.env._(
                "According to your dossier, the result was returned late."
            )
        if supplements == 0:
            texts[DERIVE_SUPPLEMENTS] = self.env._(
                "According to your dossier, you were not asked to supplement it."
            )
        elif supplements == 1:
            texts[DERIVE_SUPPLEMENTS] = self.env._(
                "According to your dossier, you were asked once to supplement it."
            )
        elif supplements:
            texts[DERIVE_SUPPLEMENTS] = self.env._(
                "According to your dossier, you were asked %s times to supplement it.",
                supplements,
            )
        return texts
