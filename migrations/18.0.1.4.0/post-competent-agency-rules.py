"""18.0.1.4.0: unit leaders read what their agency decided (two-level local
government). The record rules are ``noupdate``: an upgrade does not rewrite
them, so the leader rules whose domain now also reads the competent agency
get the domain and name of the shipped XML; follow-ups opened before get
their competent agency from their rating request."""

from lxml import etree

from odoo import SUPERUSER_ID, api
from odoo.tools import file_open

MODULE = "satisfaction_survey"
RULES_FILE = "satisfaction_survey/security/satisfaction_survey_rules.xml"
CHANGED_RULES = (
    "satisfaction_response_rule_leader",
    "satisfaction_response_line_rule_leader",
    "satisfaction_index_report_rule_leader",
)


def _shipped_rules():
    """{xml id: {field: value}} of CHANGED_RULES as the XML ships them."""
    with file_open(RULES_FILE, "rb") as xml:
        tree = etree.parse(xml)
    shipped = {}
    for xmlid in CHANGED_RULES:
        [record] = tree.xpath("//record[@id=$xmlid]", xmlid=xmlid)
        shipped[xmlid] = {
            name: record.xpath("field[@name=$name]", name=name)[0].text
            for name in ("name", "domain_force")
        }
    return shipped


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, values in _shipped_rules().items():
        rule = env.ref("%s.%s" % (MODULE, xmlid), raise_if_not_found=False)
        if rule:
            rule.write(values)
    cr.execute(
        """
        UPDATE satisfaction_followup f
           SET competent_unit_id = coalesce(q.competent_unit_id, q.unit_id)
          FROM satisfaction_request q
         WHERE q.id = f.request_id AND f.competent_unit_id IS NULL
        """
    )
