# shellcheck shell=bash
# Sourced helper: finds, or makes, the Python that runs Odoo 18 for this addon.
# Used through scripts/odoo-env.sh by scripts/demo.sh, scripts/test.sh and .ci/run;
# `bash scripts/bootstrap.sh` runs it alone.
#
# PYTHON is chosen as follows:
#   1. PYTHON given by the caller: that interpreter, always. When it cannot
#      import Odoo 18 and belongs to a virtual environment, Odoo 18 is installed
#      into that environment; otherwise the bootstrap stops and says why.
#   2. .venv/bin/python of this clone, when .venv exists.
#   3. python3, when it imports Odoo 18.
#   4. otherwise .venv is created with a Python 3.10-3.12 and Odoo 18.0 is
#      installed into it from its source:
#        ODOO_SRC=<an Odoo 18 source tree, or a .tar.gz/.zip archive of one>,
#        or else the archive at ODOO_ARCHIVE_URL (downloaded once into .build/).
# Then the module's Python packages that are missing (the manifest's, pytest,
# hypothesis, websocket-client) are installed into PYTHON's environment. A
# bootstrapped environment gets a stamp file, so the next run reuses it at once.
# Finally it says whether wkhtmltopdf (PDF reports) was found.
#
# Exports PYTHON.

ODOO_ARCHIVE_URL="${ODOO_ARCHIVE_URL:-https://github.com/odoo/odoo/archive/refs/heads/18.0.tar.gz}"
_BS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
_BS_VENV="$_BS_ROOT/.venv"
_BS_BUILD="$_BS_ROOT/.build"
# Bump when the installation steps change: older stamps then no longer match.
_BS_RECIPE=1

_bs_say() { echo "bootstrap: $*" >&2; }

_bs_die() {
    echo "ERROR: $1" >&2
    [ -n "${2:-}" ] && echo "  fix: $2" >&2
    return 1
}

_bs_python_in_range() {
    "$1" -c 'import sys; sys.exit(not (3, 10) <= sys.version_info[:2] <= (3, 12))' 2>/dev/null
}

_bs_python_version() {
    "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || echo "?"
}

_bs_imports_odoo18() {
    "$1" -c 'import odoo.release as r, sys; sys.exit(not r.version.startswith("18.0"))' >/dev/null 2>&1
}

_bs_in_venv() {
    "$1" -c 'import sys; sys.exit(sys.prefix == sys.base_prefix)' 2>/dev/null
}

# "module=pip-distribution" for every Python package the module, its tests and
# its browser tests import; the manifest's external dependencies included.
_bs_wanted_packages() {
    "$1" - "$_BS_ROOT/__manifest__.py" <<'PY'
import ast
import sys

wanted = {"pytest": "pytest", "hypothesis": "hypothesis", "websocket": "websocket-client"}
with open(sys.argv[1], encoding="utf-8") as f:
    manifest = ast.literal_eval(f.read())
for name in manifest.get("external_dependencies", {}).get("python", []):
    wanted.setdefault(name, name)
print(" ".join(f"{module}={dist}" for module, dist in sorted(wanted.items())))
PY
}

_bs_missing_packages() {
    "$1" - "$2" <<'PY'
import importlib.util
import sys

pairs = [item.split("=", 1) for item in sys.argv[1].split()]
print(" ".join(dist for module, dist in pairs if importlib.util.find_spec(module) is None))
PY
}

# Runs one installation step, its output in a log; on failure shows the end of
# the log and the Debian packages whose absence it shows.
_bs_step() {
    local title="$1" log="$2"
    shift 2
    local start=$SECONDS
    _bs_say "$title ..."
    if "$@" >"$log" 2>&1; then
        _bs_say "$title: done in $((SECONDS - start)) s"
        return 0
    fi
    tail -n 25 "$log" >&2
    local hints=""
    grep -qE "lber\.h|ldap\.h" "$log" && hints="$hints libldap2-dev libsasl2-dev"
    grep -qE "sasl/sasl\.h" "$log" && hints="$hints libsasl2-dev"
    grep -qE "pg_config executable not found|libpq-fe\.h" "$log" && hints="$hints libpq-dev"
    grep -qE "Python\.h: No such file" "$log" && hints="$hints python3-dev"
    grep -qE "gcc: (command )?not found|unable to execute '[^']*gcc'|No such file or directory: '[^']*gcc'" "$log" &&
        hints="$hints build-essential"
    grep -qE "libxml/|libxslt/" "$log" && hints="$hints libxml2-dev libxslt1-dev"
    if [ -n "$hints" ]; then
        # shellcheck disable=SC2086  # word splitting wanted: one package a word
        hints="$(printf '%s\n' $hints | sort -u | tr '\n' ' ')"
        _bs_die "$title failed: system packages are missing (full log: $log)" "apt-get install ${hints% }"
    else
        _bs_die "$title failed (full log: $log)"
    fi
}

_bs_download() {
    local url="$1" out="$2"
    if command -v curl >/dev/null 2>&1; then
        curl -fL --retry 2 --connect-timeout 20 -o "$out" "$url"
    elif command -v wget >/dev/null 2>&1; then
        wget -O "$out" "$url"
    else
        python3 -c 'import sys, urllib.request; urllib.request.urlretrieve(sys.argv[1], sys.argv[2])' "$url" "$out"
    fi
}

_bs_is_odoo18_tree() {
    [ -f "$1/setup.py" ] && [ -f "$1/requirements.txt" ] &&
        grep -qE "^version_info = \(18, 0," "$1/odoo/release.py" 2>/dev/null
}

# Unpacks an Odoo source archive into .build/odoo-src (once per archive) and
# prints that path.
_bs_unpack() {
    local archive="$1" dest="$_BS_BUILD/odoo-src"
    local tag
    tag="$(stat -c '%n %s %Y' "$archive")"
    if [ -f "$dest/.unpacked-from" ] && [ "$(cat "$dest/.unpacked-from")" = "$tag" ]; then
        echo "$dest"
        return 0
    fi
    rm -rf "$dest" "$dest.tmp"
    mkdir -p "$dest.tmp"
    _bs_say "unpacking $archive into .build/odoo-src ..."
    case "$archive" in
        *.zip)
            python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' \
                "$archive" "$dest.tmp" || return 1
            ;;
        *) tar -xf "$archive" -C "$dest.tmp" || return 1 ;;
    esac
    # an archive of a source tree holds one top folder (odoo-18.0/...)
    local top="$dest.tmp"
    if ! _bs_is_odoo18_tree "$top"; then
        top="$(find "$dest.tmp" -mindepth 2 -maxdepth 2 -name setup.py -printf '%h\n' | head -n 1)"
    fi
    if [ -z "$top" ] || ! _bs_is_odoo18_tree "$top"; then
        rm -rf "$dest.tmp"
        _bs_die "$archive does not hold an Odoo 18.0 source tree (setup.py, requirements.txt, odoo/release.py)"
        return 1
    fi
    mv "$top" "$dest"
    rm -rf "$dest.tmp"
    echo "$tag" >"$dest/.unpacked-from"
    echo "$dest"
}

# Prints the Odoo 18 source tree to install: ODOO_SRC, or the downloaded archive.
_bs_odoo_source() {
    local src="${ODOO_SRC:-}"
    if [ -n "$src" ]; then
        if [ -d "$src" ]; then
            if ! _bs_is_odoo18_tree "$src"; then
                _bs_die "ODOO_SRC=$src is not an Odoo 18.0 source tree (setup.py, requirements.txt, odoo/release.py)"
                return 1
            fi
            (cd "$src" && pwd -P)
            return 0
        fi
        if [ -f "$src" ]; then
            _bs_unpack "$(cd "$(dirname "$src")" && pwd -P)/$(basename "$src")"
            return
        fi
        _bs_die "ODOO_SRC=$src does not exist" "give an Odoo 18.0 source tree or a .tar.gz/.zip archive of one"
        return 1
    fi
    local name="${ODOO_ARCHIVE_URL##*/}"
    case "$name" in
        *.zip) name=odoo-18.0.zip ;;
        *) name=odoo-18.0.tar.gz ;;
    esac
    local archive="$_BS_BUILD/$name"
    if [ ! -s "$archive" ]; then
        mkdir -p "$_BS_BUILD"
        _bs_say "downloading Odoo 18.0 from $ODOO_ARCHIVE_URL (a few hundred MB) ..."
        if ! _bs_download "$ODOO_ARCHIVE_URL" "$archive.part"; then
            rm -f "$archive.part"
            _bs_die "could not download $ODOO_ARCHIVE_URL" \
                "give a local copy of the Odoo 18.0 source: ODOO_SRC=/path/to/odoo-18.0 (a source tree, or a .tar.gz/.zip of one) make demo"
            return 1
        fi
        mv "$archive.part" "$archive"
    fi
    _bs_unpack "$archive"
}

# Installs Odoo 18.0 (editable, from its source tree) and its requirements
# into the virtual environment of $1.
_bs_install_odoo() {
    local py="$1" src logs="$_BS_BUILD/logs"
    src="$(_bs_odoo_source)" || return 1
    mkdir -p "$logs"
    _bs_say "installing Odoo 18.0 from $src into $("$py" -c 'import sys; print(sys.prefix)')"
    # Odoo 18's pinned requirements (cbor2 5.4.2, ...) only build with an older
    # setuptools, hence no build isolation and this setuptools in the venv.
    _bs_step "pip: build tools" "$logs/bootstrap-pip-tools.log" \
        "$py" -m pip install "setuptools<70" "setuptools_scm<8" wheel || return 1
    _bs_step "pip: Odoo's requirements.txt (takes a few minutes)" "$logs/bootstrap-pip-requirements.log" \
        "$py" -m pip install --no-build-isolation -r "$src/requirements.txt" || return 1
    # gevent loads its plug-ins through this older setuptools' pkg_resources,
    # which does not find the current zope.interface and zope.event by their
    # metadata's new names: Odoo's long-polling process (started by every
    # --workers server) would die at start and be restarted without end.
    # These versions (Debian 12's zope.interface) keep the old names.
    _bs_step "pip: zope versions gevent can load" "$logs/bootstrap-pip-zope.log" \
        "$py" -m pip install "zope.interface==5.5.2" "zope.event==4.6" || return 1
    # PEP 660 editable install: a .pth file in the venv; nothing is written into
    # the source tree, and Odoo's addons folder stays beside odoo/.
    _bs_step "pip: Odoo (editable)" "$logs/bootstrap-pip-odoo.log" \
        "$py" -m pip install --no-build-isolation --use-pep517 --no-deps \
        --config-settings editable_mode=compat -e "$src" || return 1
    if ! _bs_imports_odoo18 "$py"; then
        _bs_die "Odoo 18 was installed but $py cannot import it (logs in $logs)"
        return 1
    fi
}

_bs_create_venv() {
    local candidate found="" seen=""
    for candidate in python3 python3.12 python3.11 python3.10; do
        command -v "$candidate" >/dev/null 2>&1 || continue
        seen="$seen $candidate=$(_bs_python_version "$candidate")"
        if _bs_python_in_range "$candidate"; then
            found="$candidate"
            break
        fi
    done
    if [ -z "$found" ]; then
        _bs_die "Odoo 18 needs Python 3.10, 3.11 or 3.12 (found:${seen:- no python3})" \
            "apt-get install python3 python3-venv   (Debian 12: 3.11; Ubuntu 22.04: 3.10, 24.04: 3.12)"
        return 1
    fi
    _bs_say "creating .venv with $found ($(_bs_python_version "$found"))"
    if ! "$found" -m venv "$_BS_VENV" >&2; then
        rm -rf "$_BS_VENV"
        _bs_die "$found -m venv failed" "apt-get install python3-venv"
        return 1
    fi
}

_bs_report_wkhtmltopdf() {
    local bin version
    if ! bin="$(command -v wkhtmltopdf)"; then
        _bs_say "wkhtmltopdf: not found; the receipt and the scorecard open as HTML pages instead of PDFs (README: PDF reports)"
        return 0
    fi
    version="$("$bin" --version 2>/dev/null | head -n 1)"
    case "$version" in
        *"patched qt"*) _bs_say "wkhtmltopdf: $version ($bin)" ;;
        *) _bs_say "wkhtmltopdf: $version ($bin), not the patched-Qt build Odoo needs for headers and footers (README: PDF reports)" ;;
    esac
}

bootstrap_python() {
    if [ -n "${PYTHON:-}" ] && [ "${_SATISFACTION_BOOTSTRAPPED:-}" = "$PYTHON" ]; then
        return 0
    fi
    if [ -n "${PYTHON:-}" ]; then
        if ! command -v "$PYTHON" >/dev/null 2>&1; then
            _bs_die "PYTHON=$PYTHON: no such interpreter" "unset PYTHON (the bootstrap then finds or creates one)"
            return 1
        fi
    elif [ -x "$_BS_VENV/bin/python" ]; then
        PYTHON="$_BS_VENV/bin/python"
    elif _bs_imports_odoo18 python3; then
        PYTHON=python3
    else
        _bs_create_venv || return 1
        PYTHON="$_BS_VENV/bin/python"
    fi

    local wanted prefix="" stamp="" stamp_text
    wanted="$(_bs_wanted_packages "$PYTHON")" || {
        _bs_die "$PYTHON does not run" "unset PYTHON, or point it at a Python 3.10-3.12"
        return 1
    }
    stamp_text="recipe $_BS_RECIPE; odoo 18.0; $wanted"
    if _bs_in_venv "$PYTHON"; then
        prefix="$("$PYTHON" -c 'import sys; print(sys.prefix)')"
        stamp="$prefix/.satisfaction-bootstrap"
        if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$stamp_text" ]; then
            _bs_say "reusing $prefix (stamp $(basename "$stamp"); delete it to check again)"
            _bs_report_wkhtmltopdf
            export PYTHON
            _SATISFACTION_BOOTSTRAPPED="$PYTHON"
            export _SATISFACTION_BOOTSTRAPPED
            return 0
        fi
    fi

    if ! _bs_imports_odoo18 "$PYTHON"; then
        if [ -z "$prefix" ]; then
            _bs_die "$PYTHON cannot import Odoo 18, and the bootstrap installs Odoo only into a virtual environment" \
                "unset PYTHON (make demo then creates .venv), or: python3 -m venv ~/odoo18-venv && PYTHON=~/odoo18-venv/bin/python make demo"
            return 1
        fi
        if ! _bs_python_in_range "$PYTHON"; then
            _bs_die "Odoo 18 needs Python 3.10, 3.11 or 3.12; $PYTHON is $(_bs_python_version "$PYTHON")" \
                "create the environment with a Python in range: python3.11 -m venv <dir>"
            return 1
        fi
        _bs_install_odoo "$PYTHON" || return 1
    fi

    local missing
    missing="$(_bs_missing_packages "$PYTHON" "$wanted")"
    if [ -n "$missing" ]; then
        mkdir -p "$_BS_BUILD/logs"
        # shellcheck disable=SC2086  # one distribution a word
        _bs_step "pip: $missing" "$_BS_BUILD/logs/bootstrap-pip-packages.log" \
            "$PYTHON" -m pip install $missing || {
            echo "  or install them yourself: $PYTHON -m pip install $missing" >&2
            return 1
        }
    fi
    [ -n "$stamp" ] && echo "$stamp_text" >"$stamp"
    _bs_say "Python: $PYTHON ($(_bs_python_version "$PYTHON")), Odoo 18.0"
    _bs_report_wkhtmltopdf
    export PYTHON
    _SATISFACTION_BOOTSTRAPPED="$PYTHON"
    export _SATISFACTION_BOOTSTRAPPED
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    bootstrap_python || exit 1
fi
