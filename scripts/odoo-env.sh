# shellcheck shell=bash
# Sourced helper shared by scripts/test.sh, scripts/demo.sh and .ci/run.
#
#   source scripts/odoo-env.sh
#
# It first runs the bootstrap (scripts/bootstrap.sh): PYTHON, given or found,
# or a .venv with Odoo 18 installed. After sourcing, these are set:
#   REPO_ROOT    absolute path of this clone (the addon itself)
#   BUILD_DIR    $REPO_ROOT/.build (gitignored scratch space)
#   PYTHON       python interpreter that imports Odoo 18
#   ODOO_CMD     array: the command that runs Odoo ("$PYTHON scripts/odoo-run.py")
#   ODOO_ADDONS  Odoo's own addons folder, derived from odoo.__file__
#   LINK_DIR     folder holding the symlink satisfaction_survey -> repo root
#   ADDONS_PATH  value for --addons-path
#   MODULE       satisfaction_survey
# and PostgreSQL is answering: the default (unix socket) connection, or this
# clone's private cluster (scripts/private-pg.sh, PGHOST exported) when none
# answers and none can be started. SATISFACTION_PG=private forces the private
# cluster, SATISFACTION_PG=system forbids it.
#
# Functions: odoo_env_die MSG, odoo_env_require_odoo, odoo_env_ensure_postgres,
#            odoo_env_free_port, odoo_env_db_exists DB

MODULE=satisfaction_survey
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
BUILD_DIR="$REPO_ROOT/.build"
# shellcheck source=scripts/bootstrap.sh
source "$REPO_ROOT/scripts/bootstrap.sh"
# shellcheck source=scripts/private-pg.sh
source "$REPO_ROOT/scripts/private-pg.sh"
bootstrap_python || return 1
# scripts/odoo-run.py says why neither `python3 -m odoo` (multi-worker mode
# restarts its long-polling process without end) nor the `odoo` console script.
# shellcheck disable=SC2034  # used by the scripts that source this file
ODOO_CMD=("$PYTHON" "$REPO_ROOT/scripts/odoo-run.py")

odoo_env_die() {
    echo "ERROR: $*" >&2
    return 1
}

odoo_env_require_odoo() {
    local out
    if ! out="$("$PYTHON" -c 'import odoo.release as r; print(r.version)' 2>&1)"; then
        echo "$out" | tail -n 3 >&2
        odoo_env_die "Odoo 18 is not importable by $PYTHON: install Odoo 18.0 (see README)"
        return 1
    fi
    case "$out" in
        18.0*) ;;
        *)
            odoo_env_die "Odoo 18 is not importable by $PYTHON (found Odoo $out): install Odoo 18.0 (see README)"
            return 1
            ;;
    esac
    ODOO_VERSION="$out"
    # A source tree keeps the addons beside odoo/, Odoo's packages inside it.
    ODOO_ADDONS="$("$PYTHON" -c 'import odoo, os
here = os.path.dirname(odoo.__file__)
for path in (os.path.join(here, "..", "addons"), os.path.join(here, "addons")):
    if os.path.isdir(os.path.join(path, "web")):
        print(os.path.realpath(path))
        break')"
    if [ -z "$ODOO_ADDONS" ]; then
        odoo_env_die "Odoo's addons folder (with web/) is neither beside nor inside $("$PYTHON" -c 'import odoo, os; print(os.path.dirname(odoo.__file__))'): install Odoo 18.0 from source or the official packages (see README)"
        return 1
    fi
    export ODOO_VERSION ODOO_ADDONS
}

_odoo_env_pg_answers() {
    psql -X -q -d postgres -Atc 'select 1' >/dev/null 2>&1
}

odoo_env_ensure_postgres() {
    case "${SATISFACTION_PG:-auto}" in
        private) private_pg_start || return 1 ;;
        system) _odoo_env_system_postgres || return 1 ;;
        auto)
            # a clone that has its private cluster keeps using it (its databases are there)
            if [ -e "$BUILD_DIR/pg/data/PG_VERSION" ]; then
                private_pg_start || return 1
            elif _odoo_env_system_postgres 2>"$BUILD_DIR/system-postgres.log"; then
                cat "$BUILD_DIR/system-postgres.log" >&2
            else
                echo "No system PostgreSQL cluster answers or can be started ($(tail -n 1 "$BUILD_DIR/system-postgres.log")): using a private cluster in .build/pg" >&2
                private_pg_start || return 1
            fi
            ;;
        *)
            odoo_env_die "SATISFACTION_PG=$SATISFACTION_PG: use auto, system or private"
            return 1
            ;;
    esac
    echo "PostgreSQL: $(psql -X -d postgres -Atc 'show server_version' 2>/dev/null) on ${PGHOST:-the default socket}" >&2
}

_odoo_env_system_postgres() {
    if _odoo_env_pg_answers; then
        return 0
    fi
    if ! pg_isready -q >/dev/null 2>&1; then
        local ver
        ver="$(find /etc/postgresql -mindepth 1 -maxdepth 1 -type d -printf "%f\n" 2>/dev/null | sort -V | tail -n 1)"
        if [ -z "$ver" ]; then
            odoo_env_die "PostgreSQL is not answering and no cluster is configured under /etc/postgresql"
            return 1
        fi
        echo "PostgreSQL is not answering: starting cluster $ver/main ..." >&2
        pg_ctlcluster --skip-systemctl-redirect "$ver" main start >&2 || true
        for _ in $(seq 1 30); do
            pg_isready -q >/dev/null 2>&1 && break
            sleep 1
        done
    fi
    if ! _odoo_env_pg_answers; then
        # Server is up but our role may be missing (fresh machine): create it.
        local me
        me="$(id -un)"
        if [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1; then
            echo "Creating PostgreSQL superuser role '$me' ..." >&2
            (cd / && runuser -u postgres -- createuser -s "$me") >&2 || true
        fi
    fi
    if ! _odoo_env_pg_answers; then
        psql -X -d postgres -Atc 'select 1' >&2 || true
        odoo_env_die "PostgreSQL does not answer to role '$(id -un)' on the default unix socket"
        return 1
    fi
}

odoo_env_db_exists() {
    [ "$(psql -X -d postgres -Atc "select 1 from pg_database where datname = '$1'" 2>/dev/null)" = 1 ]
}

odoo_env_free_port() { # below the ephemeral range: scripts/free_port.py says why
    "$PYTHON" "$REPO_ROOT/scripts/free_port.py"
}

_odoo_env_make_link() {
    LINK_DIR="$BUILD_DIR/addons"
    mkdir -p "$LINK_DIR"
    local link="$LINK_DIR/$MODULE"
    # relative link: .build/addons/satisfaction_survey -> ../.. (the repo root),
    # valid from any clone location
    if [ "$(readlink "$link" 2>/dev/null)" != "../.." ]; then
        rm -rf "$link"
        ln -s ../.. "$link"
    fi
    if [ ! -f "$link/__manifest__.py" ]; then
        odoo_env_die "$link does not lead to the addon (no __manifest__.py)"
        return 1
    fi
}

odoo_env_require_odoo || return 1
_odoo_env_make_link || return 1
odoo_env_ensure_postgres || return 1
ADDONS_PATH="$LINK_DIR,$ODOO_ADDONS"
export MODULE REPO_ROOT BUILD_DIR PYTHON LINK_DIR ADDONS_PATH
