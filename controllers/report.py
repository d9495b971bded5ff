from odoo import http
from odoo.http import request

from odoo.addons.web.controllers.report import ReportController

# The module's printable reports. Without wkhtmltopdf, Odoo answers their PDF
# address with an error; they are shown as HTML instead, with a notice.
HTML_FALLBACK_REPORTS = frozenset(
    {
        "satisfaction_survey.report_satisfaction_dossier_receipt",
        "satisfaction_survey.report_scorecard_line",
    }
)


class SatisfactionReportController(ReportController):
    @http.route()
    def report_routes(self, reportname, docids=None, converter=None, **data):
        if (
            converter == "pdf"
            and reportname in HTML_FALLBACK_REPORTS
            and not request.env["ir.actions.report"]._satisfaction_pdf_available()
        ):
            httprequest = request.httprequest
            url = httprequest.path.replace("/report/pdf/", "/report/html/", 1)
            if httprequest.query_string:
                url = "%s?%s" % (url, httprequest.query_string.decode())
            return request.redirect(url, code=303, local=True)
        return super().report_routes(
            reportname, docids=docids, converter=converter, **data
        )
