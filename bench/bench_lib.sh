# shellcheck shell=bash
# Helpers shared by the bench shell scripts; source it after scripts/odoo-env.sh.
#
#   bench_stop_server PID   stop an Odoo server started in the background
#   bench_filestore DB      the folder of DB's attachments

bench_stop_server() {
    local pid="$1"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 30); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 1
        done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
}

bench_filestore() {
    "$PYTHON" -c 'import sys
from odoo.tools import config
print(config.filestore(sys.argv[1]))' "$1"
}
