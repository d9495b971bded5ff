#!/usr/bin/env bash
# The newcomer's path, checked on this machine: a throwaway clone of the
# current commit, a NEW EMPTY virtual environment as PYTHON, Odoo 18 installed
# into it from a local source, and the clone's own private PostgreSQL cluster
# (never the system one).
#
#   bash scripts/check-fresh.sh <Odoo 18 source tree, or .tar.gz/.zip of one>
#   ODOO_SRC=<same> bash scripts/check-fresh.sh
#
# 1. `make demo` in the background until http://127.0.0.1:<port>/web/login
#    answers 200, then stops it;
# 2. the bootstrap again: it must reuse the environment at once;
# 3. `make demo` again (module update) until the login page answers;
# 4. `make test`.
# Prints TIMING lines; exits 0 only when every step worked. Uncommitted
# changes are not part of the check (it clones the current commit).
#
# Environment: KEEP=1 keeps the temporary directory and the cluster;
#              DEMO_TIMEOUT seconds to wait for the login page (default 2400).
set -uo pipefail

ODOO_SRC="${1:-${ODOO_SRC:-}}"
if [ -z "$ODOO_SRC" ]; then
    sed -n '2,8p' "$0" >&2
    exit 2
fi
if [ ! -e "$ODOO_SRC" ]; then
    echo "ERROR: $ODOO_SRC does not exist" >&2
    exit 2
fi
ODOO_SRC="$(cd "$(dirname "$ODOO_SRC")" && pwd -P)/$(basename "$ODOO_SRC")"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
COMMIT="$(git -C "$REPO_ROOT" rev-parse HEAD)" || exit 2
if [ -n "$(git -C "$REPO_ROOT" status --porcelain --untracked-files=no)" ]; then
    echo "WARNING: uncommitted changes are not checked (cloning commit ${COMMIT:0:12})" >&2
fi
DEMO_TIMEOUT="${DEMO_TIMEOUT:-2400}"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/satisfaction-fresh.XXXXXX")"
CLONE="$WORK/clone"
VENV="$WORK/venv"
demo_pid=""
failed=0

say() { printf '%s\n' "--- $*"; }
timing() { printf 'TIMING %s\n' "$*" | tee -a "$WORK/timings"; }

stop_demo() {
    [ -n "$demo_pid" ] || return 0
    # make, bash and Odoo share the process group started by setsid
    kill -TERM -- "-$demo_pid" 2>/dev/null
    for _ in $(seq 1 30); do
        kill -0 -- "-$demo_pid" 2>/dev/null || break
        sleep 1
    done
    kill -KILL -- "-$demo_pid" 2>/dev/null
    wait "$demo_pid" 2>/dev/null
    demo_pid=""
}

# shellcheck disable=SC2329  # run by the EXIT trap
finish() {
    stop_demo
    if [ "${KEEP:-0}" = 1 ]; then
        echo "KEEP=1: kept $WORK (stop its cluster with: make -C $CLONE clean)"
    else
        [ -d "$CLONE" ] && make -C "$CLONE" --no-print-directory clean >/dev/null 2>&1
        rm -rf "$WORK"
    fi
}
trap finish EXIT
trap 'echo interrupted >&2; exit 130' INT TERM

login_status() {
    python3 - "$1" <<'PY'
import sys
import urllib.error
import urllib.request

try:
    with urllib.request.urlopen(sys.argv[1], timeout=10) as response:
        print(response.status)
except urllib.error.HTTPError as error:
    print(error.code)
except OSError:
    print(0)
PY
}

# make demo in the background until the login page answers 200 (then stopped)
demo_until_login() {
    local label="$1" log="$WORK/$2" start=$SECONDS status=0
    (cd "$CLONE" && exec setsid make --no-print-directory demo PORT="$PORT" </dev/null >"$log" 2>&1) &
    demo_pid=$!
    while [ $((SECONDS - start)) -lt "$DEMO_TIMEOUT" ]; do
        if ! kill -0 "$demo_pid" 2>/dev/null; then
            echo "FAIL: make demo ended before serving (log: $log)" >&2
            tail -n 30 "$log" >&2
            demo_pid=""
            return 1
        fi
        status="$(login_status "http://127.0.0.1:$PORT/web/login")"
        [ "$status" = 200 ] && break
        sleep 3
    done
    if [ "$status" != 200 ]; then
        echo "FAIL: /web/login did not answer 200 within ${DEMO_TIMEOUT}s (log: $log)" >&2
        tail -n 30 "$log" >&2
        return 1
    fi
    timing "$label until /web/login answered 200: $((SECONDS - start)) s"
    stop_demo
}

say "clone of ${COMMIT:0:12} in $CLONE"
git clone --quiet --no-hardlinks "$REPO_ROOT" "$CLONE" && git -C "$CLONE" checkout --quiet --detach "$COMMIT" || exit 1

say "new empty virtual environment $VENV"
python3 -m venv "$VENV" || exit 1
if "$VENV/bin/python" -c "import odoo" 2>/dev/null; then
    echo "FAIL: the new virtual environment already imports odoo" >&2
    exit 1
fi

export PYTHON="$VENV/bin/python" ODOO_SRC SATISFACTION_PG=private
unset PGHOST PGPORT PGUSER PGDATABASE _SATISFACTION_BOOTSTRAPPED DEMO_PORT DEMO_DB
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
say "PYTHON=$PYTHON ODOO_SRC=$ODOO_SRC SATISFACTION_PG=private PORT=$PORT"

say "1. make demo (bootstrap, private cluster, install with demo data)"
if demo_until_login "first make demo (bootstrap + cluster + install)" demo-1.log; then
    grep -E "^bootstrap: .*(done in|wkhtmltopdf)|^private PostgreSQL|^PostgreSQL:" "$WORK/demo-1.log" | sed 's/^/    /'
else
    failed=1
fi

if [ "$failed" = 0 ]; then
    say "2. bootstrap again"
    start_ms=$(($(date +%s%N) / 1000000))
    out="$(cd "$CLONE" && bash scripts/bootstrap.sh 2>&1)"
    mapfile -t lines <<<"$out"
    printf '    %s\n' "${lines[@]}"
    timing "second bootstrap: $(($(date +%s%N) / 1000000 - start_ms)) ms"
    if ! grep -q "^bootstrap: reusing $VENV" <<<"$out"; then
        echo "FAIL: the second bootstrap did not reuse $VENV" >&2
        failed=1
    fi
fi

if [ "$failed" = 0 ]; then
    say "3. make demo again (module update)"
    demo_until_login "second make demo (reuse + update)" demo-2.log || failed=1
    if grep -qE "^bootstrap: pip|creating .venv|initdb" "$WORK/demo-2.log"; then
        echo "FAIL: the second make demo installed something again" >&2
        failed=1
    fi
fi

if [ "$failed" = 0 ]; then
    say "4. make test"
    start=$SECONDS
    (cd "$CLONE" && make --no-print-directory test) </dev/null >"$WORK/test.log" 2>&1
    rc=$?
    last="$(tail -n 1 "$WORK/test.log")"
    grep -E "^(pure core|Odoo \()" "$WORK/test.log" | sed 's/^/    /'
    timing "make test: $((SECONDS - start)) s, exit $rc, last line: $last"
    [ "$rc" = 0 ] || {
        failed=1
        grep -E "FAIL|ERROR" "$WORK/test.log" | head -n 20 >&2
    }
fi

say "timings"
cat "$WORK/timings" 2>/dev/null
if [ "$failed" = 0 ]; then
    echo "fresh-machine check: OK"
else
    echo "fresh-machine check: FAILED (KEEP=1 keeps the logs in the temporary directory)"
fi
exit "$failed"
