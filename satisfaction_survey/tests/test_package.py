"""The core package must stay importable without Odoo."""

import ast
import sys
from pathlib import Path

import satisfaction_survey

PACKAGE_DIR = Path(satisfaction_survey.__file__).parent


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield 0, alias.name
        elif isinstance(node, ast.ImportFrom):
            yield node.level, node.module or ""


def test_resolves_to_core_package_not_repo_root():
    assert satisfaction_survey.__name__ == "satisfaction_survey"
    assert (PACKAGE_DIR / "scales.py").is_file()
    assert "odoo" not in sys.modules  # the repo-root __init__.py was never imported


def test_no_odoo_and_only_relative_internal_imports():
    for path in PACKAGE_DIR.glob("*.py"):
        for level, name in _imports(path):
            assert name.split(".")[0] != "odoo", path
            if level == 0:
                assert name.split(".")[0] != "satisfaction_survey", (
                    f"absolute import in {path}"
                )


def test_all_names_exported():
    for name in satisfaction_survey.__all__:
        assert hasattr(satisfaction_survey, name), name
