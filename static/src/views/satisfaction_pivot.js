import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { PivotModel } from "@web/views/pivot/pivot_model";
import { pivotView } from "@web/views/pivot/pivot_view";

// An empty group of these fields has a meaning: say it, rather than "None"
// (translated "Không", read as "No").
export const EMPTY_GROUP_LABELS = {
    "satisfaction.index.report": {
        officer_id: () => _t("About the service, not an officer"),
        unit_id: () => _t("No unit"),
    },
    "satisfaction.quota.report": {
        officer_id: () => _t("The unit as a whole"),
        unit_id: () => _t("No unit"),
    },
};

export class SatisfactionPivotModel extends PivotModel {
    _getEmptyGroupLabel(fieldName) {
        const label = EMPTY_GROUP_LABELS[this.metaData.resModel]?.[fieldName];
        return label ? label() : super._getEmptyGroupLabel(fieldName);
    }
}

registry.category("views").add("satisfaction_pivot", {
    ...pivotView,
    Model: SatisfactionPivotModel,
});
