"""PEP 517 build backend: whool, for a repository whose root is the addon.

whool, the build backend OCA uses for single addons, names the distribution
(``odoo-addon-<name>``) and the installed folder (``odoo/addons/<name>``) after
the addon's directory, and has no option to set that name. A clone of this
repository may be named anything, so the build runs whool on a link named
``satisfaction_survey`` that points to the clone. Everything else is whool's
own: the packaged files (those under git control), the version (manifest +
git history) and the dependencies (``odoo`` of the series + the manifest's
external_dependencies).

whool has exposed no hook for this; its build helpers below have kept their
signatures since whool 1.0, and pyproject.toml pins whool below 2.
"""

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from whool import buildapi as _whool

ADDON_NAME = "satisfaction_survey"

# where an editable install's link lives (it must outlast the build)
_EDITABLE_LINK = Path(".build", "editable", ADDON_NAME)


@contextmanager
def _addon_dir(persistent=False):
    """The addon directory as whool must see it: named ``ADDON_NAME``."""
    source = Path.cwd()
    # an sdist carries its name in PKG-INFO, which whool reads
    if source.name == ADDON_NAME or (source / "PKG-INFO").is_file():
        yield source
        return
    if persistent:
        link = source / _EDITABLE_LINK
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.is_symlink() or link.exists():
            link.unlink()
        # relative, so that moving the clone keeps it valid
        link.symlink_to(Path(os.pardir, os.pardir), target_is_directory=True)
        yield link
        return
    with tempfile.TemporaryDirectory() as tmp:
        link = Path(tmp, ADDON_NAME)
        link.symlink_to(source, target_is_directory=True)
        yield link


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    with _addon_dir() as addon_dir:
        return _whool._build_wheel(addon_dir, Path(wheel_directory), editable=False)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    with _addon_dir(persistent=True) as addon_dir:
        return _whool._build_wheel(addon_dir, Path(wheel_directory), editable=True)


def build_sdist(sdist_directory, config_settings=None):
    with _addon_dir() as addon_dir:
        return _whool._build_sdist(addon_dir, Path(sdist_directory))


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    with _addon_dir() as addon_dir:
        metadata = _whool._get_metadata(addon_dir)
    return _whool._make_dist_info(metadata, Path(metadata_directory))


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel
