import base64
import io

from odoo import fields, models
from odoo.exceptions import UserError

from ..satisfaction_survey import portal

XLSX_MAGIC = b"PK\x03\x04"


class SatisfactionPortalFigureImport(models.TransientModel):
    """Import the national portal's published QĐ 766 figures (CSV or XLSX).

    One row per unit and month: the unit by its national code (or its
    name), the month, and the 5.2, 5.3 and 5.4 ratios or points the file
    gives, with the portal's dossier and complaint counts when it has them
    (README: "Portal's published figures" lists the column names). By
    default a file with a bad line imports nothing and says which lines are
    wrong; "Skip bad lines" imports the others and reports those skipped.
    """

    _name = "satisfaction.portal.figure.import"
    _description = "Import the Portal's QĐ 766 Figures"

    file = fields.Binary(required=True)
    filename = fields.Char()
    skip_bad_lines = fields.Boolean(
        help="Import the good lines and list the bad ones, instead of importing "
        "nothing when a line is wrong."
    )
    result = fields.Text(readonly=True)
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft")

    def _rows(self):
        self.ensure_one()
        content = base64.b64decode(self.file or b"")
        if not content:
            raise UserError(self.env._("The file is empty."))
        name = (self.filename or "").lower()
        if content.startswith(XLSX_MAGIC) or name.endswith(".xlsx"):
            try:
                import openpyxl  # noqa: PLC0415 (only for XLSX files)

                book = openpyxl.load_workbook(
                    io.BytesIO(content), read_only=True, data_only=True
                )
                rows = [
                    list(row) for row in book.worksheets[0].iter_rows(values_only=True)
                ]
                book.close()
                return rows
            except Exception as exc:  # noqa: BLE001 (any reader error: a bad file)
                raise UserError(
                    self.env._("The XLSX file could not be read: %s", exc)
                ) from exc
        try:
            return portal.read_csv(content)
        except portal.FigureError as exc:
            raise UserError(
                self.env._("The CSV file could not be read: %s", self._error_text(exc))
            ) from exc

    def _column_label(self, column):
        _ = self.env._
        return {
            "ratio_52": _("5.2 ratio"),
            "points_52": _("5.2 points"),
            "ratio_53": _("5.3 ratio"),
            "points_53": _("5.3 points"),
            "ratio_54": _("5.4 ratio"),
            "points_54": _("5.4 points"),
            "dossier_count": _("dossiers"),
            "pakn_count": _("complaints and petitions"),
        }.get(column, column)

    def _error_text(self, error):
        """``error`` (a core FigureError, or a text) in the user's language."""
        if isinstance(error, str):
            return error
        _ = self.env._
        params = dict(error.params)
        if "column" in params:
            params["column"] = self._column_label(params["column"])
        texts = {
            "not_utf8": lambda: _("the CSV file is not UTF-8 text"),
            "no_header": lambda: _(
                "no header row with a unit (code or name) and a month"
            ),
            "not_number": lambda: _("%(column)s: %(value)s is not a number", **params),
            "not_count": lambda: _("%(column)s: %(value)s is not a count", **params),
            "out_of_range": lambda: _(
                "%(column)s: %(value)s outside %(low)s-%(high)s", **params
            ),
            "no_unit": lambda: _("no unit code nor name"),
            "bad_month": lambda: _(
                "month %(value)s not understood (05/2026 or 2026-05)", **params
            ),
            "no_figure": lambda: _("no figure (5.2, 5.3 or 5.4)"),
            "duplicate": lambda: _("same unit and month as line %(line)s", **params),
        }
        text = texts.get(error.code)
        return text() if text else str(error)

    def _unit_of(self, values):
        """The unit named by the row: its national code first, else its exact name."""
        Unit = self.env["hr.department"]
        if values["unit_code"]:
            unit = Unit.search(
                [("satisfaction_unit_code", "=", values["unit_code"])], limit=2
            )
            if len(unit) == 1:
                return unit, None
            if len(unit) > 1:
                return None, self.env._(
                    "two units have the national code %s", values["unit_code"]
                )
        if values["unit_name"]:
            unit = Unit.search([("name", "=ilike", values["unit_name"])], limit=2)
            if len(unit) == 1:
                return unit, None
        return None, self.env._(
            "unknown unit %s", values["unit_code"] or values["unit_name"]
        )

    def action_import(self):
        self.ensure_one()
        try:
            parsed = portal.parse_figures(self._rows())
        except portal.FigureError as exc:
            raise UserError(
                self.env._("The file cannot be imported: %s", self._error_text(exc))
            ) from exc
        errors = list(parsed.errors)
        vals_list = []
        for row in parsed.rows:
            unit, error = self._unit_of(row.values)
            if error:
                errors.append((row.line, error))
                continue
            values = row.values
            given = [
                name
                for name in (*portal.FIGURE_FIELDS, *portal.COUNT_FIELDS)
                if values[name] is not None
            ]
            vals_list.append(
                {
                    "unit_id": unit.id,
                    "unit_code": values["unit_code"] or values["unit_name"],
                    "month": values["month"],
                    "given_fields": ",".join(given),
                    "source_name": self.filename or False,
                    **{name: values[name] or 0 for name in given},
                }
            )
        errors.sort(key=lambda item: item[0])
        lines = "\n".join(
            self.env._(
                "Line %(line)s: %(error)s", line=line, error=self._error_text(error)
            )
            for line, error in errors
        )
        if errors and not self.skip_bad_lines:
            raise UserError(
                self.env._("Nothing was imported: correct these lines.\n%s", lines)
            )
        if not vals_list:
            raise UserError(self.env._("The file has no figures to import.\n%s", lines))
        Figure = self.env["satisfaction.portal.figure"]
        # a new import of a unit's month replaces the former one
        keys = {(vals["unit_id"], vals["month"]) for vals in vals_list}
        Figure.search(
            [
                ("unit_id", "in", list({unit_id for unit_id, _month in keys})),
                ("month", "in", list({month for _unit, month in keys})),
            ]
        ).filtered(lambda figure: (figure.unit_id.id, figure.month) in keys).unlink()
        Figure.create(vals_list)
        result = self.env._("%s lines imported.", len(vals_list))
        if errors:
            result += "\n" + self.env._("Lines skipped:") + "\n" + lines
        self.write({"result": result, "state": "done"})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_view_figures(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "satisfaction_survey.satisfaction_portal_figure_action"
        )
