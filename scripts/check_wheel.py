"""Build the addon's wheel the way `pip install .` does, and check what it holds.

    python3 scripts/check_wheel.py          (or: make check-wheel)

pip builds the wheel in an isolated environment with whool fetched from PyPI
(pyproject.toml, [build-system]); without network or whool the build, and so
this check, fails. Each check prints PASS or FAIL; the last line is
"N passed, M failed"; the exit code is 0 only when none failed.
"""

import ast
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from email.parser import HeaderParser
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ADDON = "satisfaction_survey"
DIST_NAME = f"odoo-addon-{ADDON}"
PREFIX = f"odoo/addons/{ADDON}/"
# Odoo 18.0 as whool (manifestoo-core) or the older setuptools-odoo spell it
ODOO_REQUIREMENT = re.compile(r"odoo\s*(==\s*18\.0\.\*|>=\s*18\.0a\s*,\s*<\s*18\.1dev)")
# the addon's own folders: every tracked file in them must be packaged
ADDON_FOLDERS = (
    "controllers/",
    "data/",
    "demo/",
    "i18n/",
    "models/",
    "reports/",
    f"{ADDON}/",
    "security/",
    "static/",
    "tests/",
    "views/",
    "wizards/",
)
KEY_FILES = (
    "__init__.py",
    "__manifest__.py",
    "hooks.py",
    "static/description/icon.png",
    "i18n/vi.po",
    f"{ADDON}/__init__.py",
    f"{ADDON}/indices.py",
)
# checks of the built wheel (counted as failed when it does not build)
CHECKS_AFTER_BUILD = 5


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, problems):
        """Record one check; ``problems`` lists what is wrong (empty: pass)."""
        if problems:
            self.failed += 1
            print(f"FAIL: {name}")
            for problem in problems[:20]:
                print(f"    {problem}")
            if len(problems) > 20:
                print(f"    ... and {len(problems) - 20} more")
        else:
            self.passed += 1
            print(f"PASS: {name}")


def tracked_files():
    out = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout
    return [name for name in out.decode().split("\0") if name]


def main():
    checks = Checks()
    manifest = ast.literal_eval((REPO / "__manifest__.py").read_text("utf-8"))
    with tempfile.TemporaryDirectory(prefix="check-wheel-") as tmp:
        tmp = Path(tmp)
        cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(tmp), "."]
        print(f"building in {REPO} (directory name {REPO.name!r}): {' '.join(cmd)}")
        build = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
        wheels = sorted(tmp.glob("*.whl"))
        build_problems = []
        if build.returncode != 0:
            build_problems.append(f"pip wheel exited with {build.returncode}")
            build_problems += (build.stdout + build.stderr).strip().splitlines()[-15:]
        elif len(wheels) != 1:
            build_problems.append(f"expected one wheel, found {wheels}")
        checks.check("the wheel builds (pip wheel ., whool from PyPI)", build_problems)
        if build_problems:
            print(f"the {CHECKS_AFTER_BUILD} checks of the wheel could not run")
            print(
                f"{checks.passed} passed, {checks.failed + CHECKS_AFTER_BUILD} failed"
            )
            return 1
        wheel = wheels[0]
        print(f"built {wheel.name}")
        with zipfile.ZipFile(wheel) as zf:
            names = set(zf.namelist())
            metadata_files = [n for n in names if n.endswith(".dist-info/METADATA")]
            metadata = (
                HeaderParser().parsestr(zf.read(metadata_files[0]).decode("utf-8"))
                if len(metadata_files) == 1
                else None
            )

        # 1. name, version, dependencies
        problems = []
        if metadata is None:
            problems.append(f"no single METADATA file: {metadata_files}")
        else:
            if metadata["Name"] != DIST_NAME:
                problems.append(f"Name is {metadata['Name']!r}, not {DIST_NAME!r}")
            if not metadata["Version"].startswith(manifest["version"]):
                problems.append(
                    f"Version {metadata['Version']!r} does not start with the "
                    f"manifest's {manifest['version']!r}"
                )
            requires = metadata.get_all("Requires-Dist") or []
            if not any(ODOO_REQUIREMENT.fullmatch(r) for r in requires):
                problems.append(f"no requirement on Odoo 18.0 in {requires}")
            for dep in manifest.get("external_dependencies", {}).get("python", []):
                if not any(re.match(rf"{re.escape(dep)}\b", r) for r in requires):
                    problems.append(f"external dependency {dep!r} not in {requires}")
        checks.check(f"{DIST_NAME}: name, version and dependencies", problems)

        # 2. what the manifest loads, and the key files
        wanted = set(KEY_FILES) | set(manifest.get("data", []))
        wanted |= set(manifest.get("demo", []))
        missing = sorted(f for f in wanted if PREFIX + f not in names)
        checks.check(f"manifest files and key files under {PREFIX}", missing)

        # 3. every tracked file of the addon's folders
        tracked = tracked_files()
        addon_files = [f for f in tracked if f.startswith(ADDON_FOLDERS)]
        missing = [f for f in addon_files if PREFIX + f not in names]
        if len(addon_files) < 100:
            missing.append(f"only {len(addon_files)} tracked addon files: git broken?")
        checks.check("every tracked file of the addon's folders", missing)

        # 4. nothing else: no build scratch, caches or untracked files
        extra = sorted(
            n
            for n in names
            if not n.startswith(f"{DIST_NAME.replace('-', '_')}-")
            and n[len(PREFIX) :] not in tracked
        )
        checks.check("only tracked files (no .build/, caches, secrets)", extra)

        # 5. installed, Odoo finds it in odoo/addons
        target = tmp / "site"
        install = subprocess.run(
            [sys.executable, "-m", "pip", "install", "--no-deps", "-q"]
            + ["--target", str(target), str(wheel)],
            capture_output=True,
            text=True,
        )
        problems = (install.stdout + install.stderr).strip().splitlines()[-10:]
        if install.returncode == 0:
            probe = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    "import odoo.modules.module as m; "
                    f"print(m.get_module_path({ADDON!r}, display_warning=False))",
                ],
                capture_output=True,
                text=True,
                env=dict(os.environ, PYTHONPATH=str(target)),
                cwd=tmp,
            )
            found = probe.stdout.strip()
            expected = str(target / "odoo" / "addons" / ADDON)
            problems = (
                []
                if found == expected
                else [f"Odoo finds the addon at {found!r}, not {expected!r}"]
                + probe.stderr.strip().splitlines()[-5:]
            )
        checks.check("installed with pip, Odoo finds it under odoo/addons", problems)

    print(f"{checks.passed} passed, {checks.failed} failed")
    return 0 if checks.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
