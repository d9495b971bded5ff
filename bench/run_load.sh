#!/usr/bin/env bash
# Public page load bench (issue #5, item 7):  bash bench/run_load.sh [--reset] [--keep-db]
#
# 1. creates a fresh bench database with satisfaction_survey AND Odoo's rating
#    module (-i satisfaction_survey,rating --without-demo=all, Vietnamese loaded);
# 2. prepares the data in an `odoo shell` (bench/load/prepare_data.py):
#    N returned dossiers with open rating requests (auto-send off) and N core
#    rating.rating records, exporting both token lists; rate limits set to
#    100000/60 so the limiter does not answer 429 during the bench;
# 3. starts Odoo in multi-worker mode on 127.0.0.1 only (--workers=2
#    --max-cron-threads=0) in the background;
# 4. runs bench/load/loadgen.py: for each phase, USERS concurrent clients for
#    DURATION seconds doing page view (GET) + submit (POST) flows, on our
#    /r/<token> and on core /rate/<token>/submit_feedback, same settings;
# 5. stops the server and drops the database (unless --keep-db).
#
# Environment (defaults): LOAD_DB (satisfaction_load), LOAD_PORT (8190),
#   LOAD_GEVENT_PORT (LOAD_PORT+1), LOAD_N (8000 dossiers), LOAD_USERS (16; a
#   list such as "16 8 4" runs the phases at each level, in that order),
#   LOAD_DURATION (60 s), LOAD_WORKERS (2), LOAD_ORDER ("ours core": phases in
#   order; e.g. "ours core core ours" to repeat and balance), LOAD_LANG
#   (vi_VN; empty: English only), LOAD_OUT (.build/bench_load/<db>-<time>),
#   LOAD_PROFILE (0; N > 0: after the load, with the server stopped, time
#   LOAD_PROFILE_TIMED (60) flows per route one request at a time and
#   cProfile N flows per route: bench/load/profile_request.py -> profile.txt),
#   LOAD_DB_FILTER (0; 1: start the server with --db-filter too),
#   LOAD_GIT_REF (empty: bench a copy of the working tree; e.g. HEAD: bench
#   that commit). Either way the addon is first copied to LOAD_OUT/src.
#   LOAD_TEMPLATE (empty: install; else a database where satisfaction_survey
#   and rating are installed and nothing else was done, copied instead of
#   installing: bench/run_small.sh uses it to save minutes).
# --reset: drop LOAD_DB first if it exists (otherwise an existing DB stops the run).
# --keep-db: keep the database after the run (the server is always stopped).
set -euo pipefail

RESET=0
KEEP_DB=0
for arg in "$@"; do
    case "$arg" in
        --reset) RESET=1 ;;
        --keep-db) KEEP_DB=1 ;;
        -h | --help)
            sed -n '2,33p' "$0"
            exit 0
            ;;
        *)
            echo "unknown argument: $arg" >&2
            exit 2
            ;;
    esac
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=../scripts/odoo-env.sh
source scripts/odoo-env.sh || exit 1
# shellcheck source=bench_lib.sh
source bench/bench_lib.sh

DB="${LOAD_DB:-satisfaction_load}"
PORT="${LOAD_PORT:-8190}"
GEVENT_PORT="${LOAD_GEVENT_PORT:-$((PORT + 1))}"
N="${LOAD_N:-8000}"
USERS="${LOAD_USERS:-16}"
DURATION="${LOAD_DURATION:-60}"
WORKERS="${LOAD_WORKERS:-2}"
ORDER="${LOAD_ORDER:-ours core}"
LANG_OPT="${LOAD_LANG-vi_VN}"
PROFILE_FLOWS="${LOAD_PROFILE:-0}"
GIT_REF="${LOAD_GIT_REF:-}"
PROFILE_TIMED="${LOAD_PROFILE_TIMED:-60}"
OUT="${LOAD_OUT:-$BUILD_DIR/bench_load/$DB-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd -P)"

case "$DB" in
    *[!A-Za-z0-9_]* | "") odoo_env_die "LOAD_DB must be a plain database name" ;;
esac
if odoo_env_db_exists "$DB"; then
    if [ "$RESET" = 1 ]; then
        echo "--reset: dropping database $DB"
        dropdb --if-exists --force "$DB"
    else
        odoo_env_die "database $DB exists: pass --reset to drop and recreate it"
        exit 1
    fi
fi
for p in "$PORT" "$GEVENT_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
        odoo_env_die "port $p on 127.0.0.1 is already in use"
        exit 1
    fi
done

# The addon is copied into LOAD_OUT/src first, so that edits made to the
# working tree during the run (other engineers) cannot change the code under
# test half-way; its content hash goes into machine.txt.
rm -rf "$OUT/src"
mkdir -p "$OUT/src/$MODULE"
if [ -n "$GIT_REF" ]; then
    git -C "$REPO_ROOT" archive "$GIT_REF" | tar -x -C "$OUT/src/$MODULE"
else
    # tracked and untracked (not ignored) files that exist now
    git -C "$REPO_ROOT" ls-files -z --cached --others --exclude-standard |
        "$PYTHON" -c 'import os, shutil, sys
src, dst = sys.argv[1:3]
for name in sys.stdin.buffer.read().decode().split("\0"):
    if name and os.path.isfile(os.path.join(src, name)):
        os.makedirs(os.path.dirname(os.path.join(dst, name)), exist_ok=True)
        shutil.copy2(os.path.join(src, name), os.path.join(dst, name))' "$REPO_ROOT" "$OUT/src/$MODULE"
fi
SRC_HASH="$(cd "$OUT/src/$MODULE" && find . -type f ! -path './bench/*' -print0 | sort -z |
    xargs -0 sha1sum | sha1sum | cut -c1-12)"
ADDONS_PATH="$OUT/src,$ODOO_ADDONS"
export LOADGEN_PATH="$REPO_ROOT/bench/load/loadgen.py"

common=(-d "$DB" --addons-path="$ADDONS_PATH" --http-interface=127.0.0.1 --http-port="$PORT"
    --gevent-port="$GEVENT_PORT")
SERVER_PID=""
stop_server() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "Stopping Odoo (pid $SERVER_PID) ..."
    fi
    bench_stop_server "$SERVER_PID"
    SERVER_PID=""
}
cleanup() {
    stop_server
    if [ "$KEEP_DB" = 0 ] && odoo_env_db_exists "$DB"; then
        echo "Dropping database $DB (use --keep-db to keep it)"
        dropdb --if-exists --force "$DB" || true
    fi
}
trap cleanup EXIT

{
    echo "date: $(date -Iseconds)"
    echo "host: $(uname -srm), $(nproc) CPU(s), $(awk '/MemTotal/ {printf "%.1f GiB RAM", $2/1048576}' /proc/meminfo)"
    echo "cpu: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
    echo "python: $($PYTHON -V 2>&1), odoo: $ODOO_VERSION, postgresql: $(psql -X -d postgres -Atc 'show server_version')"
    if [ -n "$GIT_REF" ]; then
        echo "addon: git $GIT_REF = $(git -C "$REPO_ROOT" rev-parse --short "$GIT_REF"), content hash $SRC_HASH"
    else
        echo "addon: working tree on $(git -C "$REPO_ROOT" rev-parse --short HEAD) ($(git -C "$REPO_ROOT" status --porcelain | wc -l) changed files), content hash $SRC_HASH"
    fi
    echo "settings: db=$DB port=$PORT workers=$WORKERS users=$USERS duration=${DURATION}s N=$N order='$ORDER' lang=${LANG_OPT:-en_US}"
} | tee "$OUT/machine.txt"

t0=$(date +%s)
if [ -n "${LOAD_TEMPLATE:-}" ]; then
    echo "== 1. Copying database $LOAD_TEMPLATE into $DB ..."
    createdb -T "$LOAD_TEMPLATE" "$DB" || {
        odoo_env_die "could not copy database $LOAD_TEMPLATE"
        exit 1
    }
    # and its files (attachments), as Odoo's database manager does
    template_files="$(bench_filestore "$LOAD_TEMPLATE")"
    db_files="$(bench_filestore "$DB")"
    if [ -d "$template_files" ] && [[ "$db_files" == /*/"$DB" ]]; then
        rm -rf "$db_files"
        mkdir -p "$(dirname "$db_files")"
        cp -a "$template_files" "$db_files"
    fi
    installed="$(psql -X -qAt -d "$DB" -c "SELECT count(*) FROM ir_module_module
        WHERE name IN ('$MODULE', 'rating') AND state = 'installed'")"
    [ "$installed" = 2 ] || {
        odoo_env_die "$LOAD_TEMPLATE does not have $MODULE and rating installed"
        exit 1
    }
else
    echo "== 1. Installing satisfaction_survey + rating into $DB ..."
    install_args=(-i "$MODULE,rating" --without-demo=all --stop-after-init --log-level=warn)
    [ -n "$LANG_OPT" ] && install_args+=(--load-language="$LANG_OPT")
    "${ODOO_CMD[@]}" "${common[@]}" "${install_args[@]}" </dev/null >"$OUT/install.log" 2>&1 || {
        tail -n 30 "$OUT/install.log" >&2
        odoo_env_die "install failed (see $OUT/install.log)"
        exit 1
    }
fi
echo "   done in $(($(date +%s) - t0)) s"

echo "== 2. Preparing $N dossiers/rating requests and $N core ratings ..."
t0=$(date +%s)
BENCH_N="$N" BENCH_OUT="$OUT" "${ODOO_CMD[@]}" shell -d "$DB" --addons-path="$ADDONS_PATH" --no-http \
    --log-level=warn <bench/load/prepare_data.py >"$OUT/prepare.log" 2>&1 || true
if ! grep -q '^BENCH_PREPARED' "$OUT/prepare.log"; then
    tail -n 30 "$OUT/prepare.log" >&2
    odoo_env_die "data preparation failed (see $OUT/prepare.log)"
    exit 1
fi
grep '^BENCH_PREPARED' "$OUT/prepare.log"
echo "   done in $(($(date +%s) - t0)) s"

echo "== 3. Starting Odoo: --workers=$WORKERS on 127.0.0.1:$PORT ..."
# One database, named by -d and no --db-filter: Odoo then knows it without
# asking PostgreSQL. With a filter, every request without a session (a
# citizen's page view and submit, on both routes) lists the databases through
# a new connection to the "postgres" database, which Odoo never keeps
# (LOAD_DB_FILTER=1 measures that).
filter_args=()
[ "${LOAD_DB_FILTER:-0}" = 1 ] && filter_args=(--db-filter="^$DB\$")
"${ODOO_CMD[@]}" "${common[@]}" --workers="$WORKERS" --max-cron-threads=0 "${filter_args[@]}" \
    --limit-time-real=120 --limit-time-cpu=60 --log-level=info --logfile="$OUT/odoo.log" \
    </dev/null >"$OUT/server.out" 2>&1 &
SERVER_PID=$!
echo "   pid $SERVER_PID, log $OUT/odoo.log"
ready=0
for _ in $(seq 1 90); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        cat "$OUT/server.out" >&2
        odoo_env_die "Odoo stopped while starting (see $OUT/odoo.log)"
        exit 1
    fi
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "http://127.0.0.1:$PORT/web/health" || true)"
    if [ "$code" = 200 ]; then
        ready=1
        break
    fi
    sleep 1
done
[ "$ready" = 1 ] || {
    odoo_env_die "Odoo did not answer on 127.0.0.1:$PORT within 90 s"
    exit 1
}

echo "== 4. Load: $USERS clients (one level after the other), ${DURATION}s per phase, phases: $ORDER"
set_phase_args() { # $1: our token file, $2: core token file
    phase_args=()
    for scenario in $ORDER; do
        case "$scenario" in
            ours) phase_args+=(--phase "ours:$1") ;;
            core) phase_args+=(--phase "core:$2") ;;
            *)
                odoo_env_die "LOAD_ORDER: unknown phase $scenario (ours, core)"
                exit 1
                ;;
        esac
    done
}
set_phase_args "$OUT/our_tokens.txt" "$OUT/core_tokens.txt"
echo "   uptime before: $(uptime)" | tee -a "$OUT/machine.txt"
rc=0
# LOAD_USERS may list several concurrency levels ("16 8 4"): the phases run
# once per level; after the first level (result.md), the results are suffixed
# by the level and the clients take the tokens still unused.
suffix=""
for users in $USERS; do
    if [ "$users" != "${USERS%% *}" ]; then
        suffix="-u$users"
        echo "-- $users clients"
        psql -qAtX -d "$DB" -c "SELECT access_token FROM satisfaction_request WHERE state = 'pending' ORDER BY id" \
            >"$OUT/our_tokens$suffix.txt"
        psql -qAtX -d "$DB" -c "SELECT access_token FROM rating_rating WHERE consumed IS NOT TRUE ORDER BY id" \
            >"$OUT/core_tokens$suffix.txt"
        set_phase_args "$OUT/our_tokens$suffix.txt" "$OUT/core_tokens$suffix.txt"
    fi
    "$PYTHON" bench/load/loadgen.py --base "http://127.0.0.1:$PORT" "${phase_args[@]}" \
        --users "$users" --duration "$DURATION" --server-pid "$SERVER_PID" --db "$DB" \
        --json "$OUT/result$suffix.json" | tee "$OUT/result$suffix.md" || rc=$?
done
echo "   uptime after:  $(uptime)" | tee -a "$OUT/machine.txt"

echo
echo "== Server side (from Odoo's log; warm-up requests included)"
"$PYTHON" bench/load/server_log_summary.py "$OUT/odoo.log" | tee "$OUT/server_side.md"
if grep -q -E ' (ERROR|CRITICAL) ' "$OUT/odoo.log"; then
    echo "!! Odoo logged errors: grep -E ' (ERROR|CRITICAL) ' $OUT/odoo.log; the first:"
    grep -m 5 -E ' (ERROR|CRITICAL) ' "$OUT/odoo.log"
    rc=1
fi
# A process of the server that fails at start (the long-polling one, say) is
# restarted without end and takes the CPU the phases measure.
if grep -q '^Traceback' "$OUT/server.out"; then
    echo "!! the server printed tracebacks ($(grep -c '^Traceback' "$OUT/server.out")): see $OUT/server.out; the first:"
    sed -n '/^Traceback/,/^[^ ]/p' "$OUT/server.out" | head -n 30
    rc=1
fi

echo "== 5. Stopping the server"
stop_server
if [ "$PROFILE_FLOWS" -gt 0 ]; then
    echo "== Profile: $PROFILE_TIMED serial flows per route (alternating), then cProfile of $PROFILE_FLOWS flows per route"
    PROFILE_TOKENS_DIR="$OUT" PROFILE_FLOWS="$PROFILE_FLOWS" PROFILE_TIMED="$PROFILE_TIMED" \
        "${ODOO_CMD[@]}" shell -d "$DB" --addons-path="$ADDONS_PATH" --no-http --log-level=warn \
        <bench/load/profile_request.py >"$OUT/profile.txt" 2>&1 || {
        echo "!! profile failed (see $OUT/profile.txt)"
        rc=1
    }
    sed -n '/^Serial timing/,/^$/p' "$OUT/profile.txt"
fi
cleanup
trap - EXIT
echo "Results in $OUT (result.md, result.json, server_side.md, machine.txt, profile.txt)"
exit "$rc"
