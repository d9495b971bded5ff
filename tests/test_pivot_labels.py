"""Pivot groups without a value say what they hold (an answer about the
service, not an officer; a unit's own quota) instead of "None", which
Vietnamese reads as "Không" (No)."""

import shutil

from lxml import etree

from odoo.tests import HttpCase, tagged

MODULE = "@satisfaction_survey/views/satisfaction_pivot"
# The pivot views are in the lazy bundle, loaded with the first pivot or graph.
CHECK = """
(async () => {
    const { loadBundle } = odoo.loader.modules.get("@web/core/assets");
    await loadBundle("web.assets_backend_lazy");
    const { SatisfactionPivotModel } = odoo.loader.modules.get("%s");
    const label = (resModel, field) =>
        SatisfactionPivotModel.prototype._getEmptyGroupLabel.call(
            { metaData: { resModel } }, field
        );
    const got = [
        label("satisfaction.index.report", "officer_id"),
        label("satisfaction.quota.report", "officer_id"),
        label("satisfaction.index.report", "procedure_id"),
    ];
    const expected = [
        "About the service, not an officer", "The unit as a whole", "None"
    ];
    if (JSON.stringify(got) === JSON.stringify(expected)) {
        console.log("test successful");
    } else {
        console.error("labels: " + JSON.stringify(got));
    }
})();
""" % (MODULE,)


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestPivotLabels(HttpCase):
    def test_report_pivots_use_the_labelled_view(self):
        for xmlid in (
            "satisfaction_survey.satisfaction_index_report_view_pivot",
            "satisfaction_survey.satisfaction_quota_report_view_pivot",
        ):
            arch = etree.fromstring(self.env.ref(xmlid).arch)
            self.assertEqual(arch.get("js_class"), "satisfaction_pivot", xmlid)

    def test_empty_group_labels(self):
        browsers = ("chromium", "chromium-browser", "google-chrome")
        if not any(shutil.which(name) for name in browsers):
            self.skipTest("no Chromium on this machine")
        self.browser_js("/odoo", CHECK, login="admin", timeout=120)


GRAPH_MODULE = "@satisfaction_survey/views/satisfaction_graph"
GRAPH_CHECK = """
(async () => {
    const { loadBundle } = odoo.loader.modules.get("@web/core/assets");
    await loadBundle("web.assets_backend_lazy");
    const { SatisfactionGraphModel } = odoo.loader.modules.get("%s");
    const label = (resModel, fieldName) =>
        SatisfactionGraphModel.prototype._getDefaultFilterLabel.call(
            { metaData: { resModel } }, { fieldName }
        );
    const got = [
        label("satisfaction.index.report", "officer_id"),
        label("satisfaction.index.report", "unit_id"),
        label("satisfaction.index.report", "procedure_id"),
    ];
    const expected = ["About the service, not an officer", "No unit", "None"];
    if (JSON.stringify(got) === JSON.stringify(expected)) {
        console.log("test successful");
    } else {
        console.error("labels: " + JSON.stringify(got));
    }
})();
""" % (GRAPH_MODULE,)


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestGraphLabels(HttpCase):
    """The index report's graph (grouped by officer from the search panel)
    names its empty groups as the pivot does."""

    def test_report_graph_uses_the_labelled_view(self):
        arch = etree.fromstring(
            self.env.ref(
                "satisfaction_survey.satisfaction_index_report_view_graph"
            ).arch
        )
        self.assertEqual(arch.get("js_class"), "satisfaction_graph")

    def test_empty_group_labels(self):
        browsers = ("chromium", "chromium-browser", "google-chrome")
        if not any(shutil.which(name) for name in browsers):
            self.skipTest("no Chromium on this machine")
        self.browser_js("/odoo", GRAPH_CHECK, login="admin", timeout=120)
