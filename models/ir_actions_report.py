from odoo import api, models


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    @api.model
    def _satisfaction_pdf_available(self):
        """Whether PDFs can be printed: the wkhtmltopdf states in which Odoo's web
        client downloads a PDF; in the others it shows the HTML report."""
        return self.get_wkhtmltopdf_state() in ("ok", "upgrade")
