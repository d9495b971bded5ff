"""i18n/vi.po is complete: every term Odoo's export finds in this module (fields,
selections, menus, views, QWeb templates, mail and SMS templates, data
records, Python strings, the dashboards) has a Vietnamese translation."""

import fnmatch
import os
import re

import polib

from odoo.modules import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools import file_open
from odoo.tools.translate import (
    JAVASCRIPT_TRANSLATION_COMMENT,
    PYTHON_TRANSLATION_COMMENT,
    TranslationModuleReader,
)

MODULE = "satisfaction_survey"
SPREADSHEET_FILES = re.compile(r".*_dashboard(\.osheet)?\.json$")


class ModuleTermsReader(TranslationModuleReader):
    """Odoo's export of one module's terms, its files read from the module's
    own folder: Odoo walks every addons path (and here the build folder inside
    the module), which takes minutes; the files and extractors are Odoo's."""

    def _export_translatable_resources(self):
        module_path = get_module_path(MODULE)
        path = os.path.dirname(module_path)
        for root, dirs, files in os.walk(module_path):
            dirs[:] = [name for name in dirs if not name.startswith(".")]
            for fname in fnmatch.filter(files, "*.py"):
                self._babel_extract_terms(
                    fname,
                    path,
                    root,
                    "python",
                    extra_comments=[PYTHON_TRANSLATION_COMMENT],
                    extract_keywords={"_": None, "_lt": None},
                )
            if fnmatch.fnmatch(root, "*/static/src*"):
                for fname in fnmatch.filter(files, "*.js"):
                    self._babel_extract_terms(
                        fname,
                        path,
                        root,
                        "javascript",
                        extra_comments=[JAVASCRIPT_TRANSLATION_COMMENT],
                        extract_keywords={"_t": None},
                    )
                for fname in fnmatch.filter(files, "*.xml"):
                    self._babel_extract_terms(
                        fname,
                        path,
                        root,
                        "odoo.tools.translate:babel_extract_qweb",
                        extra_comments=[JAVASCRIPT_TRANSLATION_COMMENT],
                    )
            if fnmatch.fnmatch(root, "*/data/*"):
                for fname in filter(SPREADSHEET_FILES.match, files):
                    self._babel_extract_terms(
                        fname,
                        path,
                        root,
                        "odoo.tools.translate:extract_spreadsheet_terms",
                        extra_comments=[JAVASCRIPT_TRANSLATION_COMMENT],
                    )


@tagged("post_install", "-at_install", "satisfaction_survey")
class TestTranslationComplete(TransactionCase):
    def test_every_term_translated_in_vietnamese(self):
        with file_open(MODULE + "/i18n/vi.po", "rb") as po:
            entries = polib.pofile(po.read().decode())
        translated = {
            entry.msgid
            for entry in entries
            if entry.msgstr.strip()
            and not entry.obsolete
            and "fuzzy" not in entry.flags
        }
        missing = {}
        names = set()
        # the source terms, as Odoo's export (Settings > Translations) lists them
        for (
            module,
            _type,
            name,
            res_id,
            source,
            _value,
            _comments,
        ) in ModuleTermsReader(self.env.cr, modules=[MODULE]):
            # demo records (XML ids demo_*) name Vietnamese places and
            # procedures: no term of the module, as in Odoo's export without demo
            if module != MODULE or str(res_id).startswith(MODULE + ".demo_"):
                continue
            names.add(name)
            if source not in translated:
                missing.setdefault(source, "%s %s" % (name, res_id))
        # the export did read the templates (public pages, reports) and the code
        self.assertIn("ir.ui.view,arch_db", names)
        self.assertTrue([name for name in names if name.endswith(".py")])
        self.assertTrue([name for name in names if name.endswith(".js")])
        self.assertTrue([name for name in names if name.endswith("_dashboard.json")])
        self.assertFalse(
            missing,
            "terms without a Vietnamese translation in i18n/vi.po:\n%s"
            % "\n".join(
                "%r (%s)" % (source[:100], where)
                for source, where in sorted(missing.items())
            ),
        )
