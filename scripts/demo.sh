#!/usr/bin/env bash
# The demo command:  bash scripts/demo.sh [--reset]    (or: make demo)
#
# Creates database satisfaction_demo with satisfaction_survey installed WITH
# demo data and Vietnamese loaded, then serves it in the foreground on
# http://127.0.0.1:8069 (logins admin, officer, leader, reviewer; password =
# login). If the database already exists, the module is updated (-u) instead;
# --reset drops and recreates it.
#
# Environment: DEMO_DB (default satisfaction_demo), PORT or DEMO_PORT (default
#              8069), PYTHON (default: found or made by scripts/bootstrap.sh),
#              ODOO_SRC, SATISFACTION_PG (see scripts/bootstrap.sh, odoo-env.sh)
set -euo pipefail

RESET=0
for arg in "$@"; do
    case "$arg" in
        --reset) RESET=1 ;;
        -h | --help)
            sed -n '2,12p' "$0"
            exit 0
            ;;
        *)
            echo "unknown argument: $arg (use --reset)" >&2
            exit 2
            ;;
    esac
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/odoo-env.sh
source scripts/odoo-env.sh || exit 1

DB="${DEMO_DB:-satisfaction_demo}"
PORT="${DEMO_PORT:-${PORT:-8069}}"
common=(
    -d "$DB"
    --addons-path="$ADDONS_PATH"
    --http-interface=127.0.0.1
    --http-port="$PORT"
)

if [ "$RESET" = 1 ] && odoo_env_db_exists "$DB"; then
    echo "--reset: dropping database $DB"
    dropdb --if-exists --force "$DB" 2>/dev/null || dropdb --if-exists "$DB"
fi

module_state() {
    psql -X -d "$DB" -Atc "select state from ir_module_module where name = '$MODULE'" 2>/dev/null || true
}

if odoo_env_db_exists "$DB" && [ "$(module_state)" = installed ]; then
    echo "Database $DB exists: updating $MODULE (use --reset to recreate it)"
    "${ODOO_CMD[@]}" "${common[@]}" -u "$MODULE" --stop-after-init </dev/null
else
    echo "Installing $MODULE into database $DB (created if missing) with demo data and Vietnamese ..."
    # Odoo 18 loads demo data unless --without-demo is given.
    "${ODOO_CMD[@]}" "${common[@]}" -i "$MODULE" --load-language=vi_VN \
        --stop-after-init </dev/null
fi

echo
echo "Open http://127.0.0.1:$PORT   (Ctrl-C to stop)"
echo "  logins (password = login): admin (administrator), officer (one-stop officer),"
echo "  leader (unit leader), reviewer (Department of Home Affairs reviewer)"
echo
exec "${ODOO_CMD[@]}" "${common[@]}" --db-filter="^$DB\$"
