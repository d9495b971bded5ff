import { registry } from "@web/core/registry";
import { GraphModel } from "@web/views/graph/graph_model";
import { graphView } from "@web/views/graph/graph_view";
import { EMPTY_GROUP_LABELS } from "./satisfaction_pivot";

// The graph names its empty groups as the pivot does ("About the service, not
// an officer" rather than "None").
export class SatisfactionGraphModel extends GraphModel {
    _getDefaultFilterLabel(groupBy) {
        const label = EMPTY_GROUP_LABELS[this.metaData.resModel]?.[groupBy?.fieldName];
        return label ? label() : super._getDefaultFilterLabel(groupBy);
    }
}

registry.category("views").add("satisfaction_graph", {
    ...graphView,
    Model: SatisfactionGraphModel,
});
