#!/usr/bin/env bash
# Every bench script, end to end, at a small size:  bash bench/run_small.sh [--keep-db]
#
# Checks that the benches still run (not their figures): a fresh throwaway
# database (module installed without demo data), then each script of BENCHES
# below in order, on 127.0.0.1 only, with small sizes and short phases.
# Prints one line per script, "bench <name>: ok" or "bench <name>: FAILED"
# (then the end of its log), and exits non-zero when any script failed.
# Logs go to SMALL_OUT (.build/bench_small/<time>/<name>.log).
#
# Environment: SMALL_DB (bench_small_<pid>: created, then dropped unless
# --keep-db), SMALL_OUT.
set -uo pipefail

KEEP_DB=0
for arg in "$@"; do
    case "$arg" in
        --keep-db) KEEP_DB=1 ;;
        -h | --help)
            sed -n '2,13p' "$0"
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

# One entry per bench script: "name|kind|settings". Settings are shell words
# (quotes allowed): environment assignments, then arguments. @DB@ stands for
# the small database (@DB@_template is a copy of it made just after the
# install; a bench that needs a database of its own names it @DB@_<name>: the
# runner drops every @DB@_* at the end), @OUT@ for the log folder, @PORT@
# for a free port (each its own), @URL@ for the served database. Kinds:
#   shell    piped into `odoo shell` on the small database;
#   http     run with python while the runner serves the small database in
#            multi-worker mode on 127.0.0.1 (rate limits off; login admin /
#            admin);
#   command  run with bash from the repository root.
# A script passes when it exits with status 0.
BENCHES=(
    "generate_province.py|shell|BENCH_DOSSIERS=3000 BENCH_UNITS=12 BENCH_OFFICERS=40 BENCH_PROCEDURES=20"
    "time_views.py|shell|BENCH_RUNS=1 BENCH_WRITES=20"
    "time_groupings.py|shell|BENCH_RUNS=1 BENCH_RATINGS=20"
    "time_stat_triggers.py|shell|BENCH_RATINGS=10 BENCH_ROUNDS=2"
    "time_public_rating.py|shell|BENCH_RATINGS=5 BENCH_ROUNDS=2"
    "pgbench_rating.sh|command|PGB_DB=@DB@ PGB_TRANSACTIONS=50"
    "return_batch.py|shell|BENCH_N=500 BENCH_EMAIL_EVERY=10"
    "concurrent_submit.py|http|--url @URL@ --db @DB@ --login admin --password admin --links 3 --clients 4"
    "fuzz_public_routes.py|http|--url @URL@ --db @DB@ --login admin --password admin --requests 600"
    "rate_limit_workers.py|python|"
    "replica.sh|command|REPLICA_TEMPLATE=@DB@_template REPLICA_OUT=@OUT@/replica REPLICA_N=400 REPLICA_USERS=2 REPLICA_DURATION=5 REPLICA_REPORT_ROUNDS=3"
    "run_load.sh|command|LOAD_TEMPLATE=@DB@_template LOAD_DB=@DB@_load LOAD_OUT=@OUT@/run_load LOAD_PORT=@PORT@ LOAD_GEVENT_PORT=@PORT@ LOAD_N=600 LOAD_USERS=2 LOAD_DURATION=5 LOAD_ORDER='ours core' LOAD_PROFILE=2 LOAD_PROFILE_TIMED=4 --reset"
)

DB="${SMALL_DB:-bench_small_$$}"
OUT="${SMALL_OUT:-$BUILD_DIR/bench_small/$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
case "$DB" in
    *[!A-Za-z0-9_]* | "") odoo_env_die "SMALL_DB must be a plain database name" || exit 1 ;;
esac
if odoo_env_db_exists "$DB"; then
    odoo_env_die "database $DB exists: choose another SMALL_DB" || exit 1
fi

SERVER_PID=""
stop_server() {
    bench_stop_server "$SERVER_PID"
    SERVER_PID=""
}
cleanup() {
    local other files
    stop_server
    files="$(bench_filestore "$DB")"
    case "$files" in
        /*/"$DB") ;;
        *) files="" ;; # never rm -rf a relative or unexpected path
    esac
    if [ "$KEEP_DB" = 0 ]; then
        dropdb --if-exists --force "$DB" 2>/dev/null || true
        [ -n "$files" ] && rm -rf "$files"
    fi
    # the copies and the databases of the benches: @DB@_<name>
    for other in $(psql -X -qAt -d postgres -c "SELECT datname FROM pg_database
            WHERE starts_with(datname, '${DB}_')"); do
        dropdb --if-exists --force "$other" 2>/dev/null || true
    done
    [ -n "$files" ] && rm -rf "$files"_*
    return 0
}
trap cleanup EXIT

start_server() { # $1: port, $2: log file; returns non-zero if it does not answer
    "${ODOO_CMD[@]}" -d "$DB" --addons-path="$ADDONS_PATH" --http-interface=127.0.0.1 \
        --http-port="$1" --gevent-port="$(odoo_env_free_port)" --workers=2 --max-cron-threads=0 \
        --db-filter="^$DB\$" --limit-time-real=120 --log-level=warn --logfile="$2" \
        </dev/null >>"$2" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 90); do
        kill -0 "$SERVER_PID" 2>/dev/null || return 1
        [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$1/web/health" || true)" = 200 ] && return 0
        sleep 1
    done
    return 1
}

# $1: settings -> arrays ASSIGN (leading NAME=VALUE words) and ARGS (the rest)
split_settings() {
    local settings="${1//@DB@/$DB}" word
    settings="${settings//@OUT@/$OUT}"
    # each @PORT@ its own free port
    while [[ "$settings" == *@PORT@* ]]; do
        settings="${settings/@PORT@/$(odoo_env_free_port)}"
    done
    settings="${settings//@URL@/${URL:-}}"
    eval "local words=($settings)"
    ASSIGN=()
    ARGS=()
    for word in "${words[@]}"; do
        if [ "${#ARGS[@]}" = 0 ] && [[ "$word" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]]; then
            ASSIGN+=("$word")
        else
            ARGS+=("$word")
        fi
    done
}

run_shell() { # $1: script, $2: settings, $3: log
    split_settings "$2"
    env "${ASSIGN[@]}" "${ODOO_CMD[@]}" shell -d "$DB" --addons-path="$ADDONS_PATH" --no-http \
        --log-level=warn "${ARGS[@]}" <"bench/$1" >"$3" 2>&1
}

run_http() { # $1: script, $2: settings, $3: log
    local port rc
    port="$(odoo_env_free_port)"
    # the per-link rate limit would answer 429 to simultaneous submits
    psql -X -q -d "$DB" -c "UPDATE ir_config_parameter SET value = '0'
        WHERE key IN ('satisfaction_survey.rate_limit_ip', 'satisfaction_survey.rate_limit_token')" >>"$3" 2>&1
    if ! start_server "$port" "$3"; then
        echo "Odoo did not answer on 127.0.0.1:$port" >>"$3"
        stop_server
        return 1
    fi
    URL="http://127.0.0.1:$port" split_settings "$2"
    env "${ASSIGN[@]}" "$PYTHON" "bench/$1" "${ARGS[@]}" >>"$3" 2>&1
    rc=$?
    stop_server
    return "$rc"
}

run_python() { # $1: script, $2: settings, $3: log (the script makes its own database)
    split_settings "$2"
    env "${ASSIGN[@]}" "$PYTHON" "bench/$1" "${ARGS[@]}" >"$3" 2>&1
}

run_command() { # $1: script, $2: settings, $3: log
    split_settings "$2"
    env "${ASSIGN[@]}" bash "bench/$1" "${ARGS[@]}" >"$3" 2>&1
}

all_failed() { # $1: what failed, $2: its log; every bench counts as failed
    for entry in "${BENCHES[@]}"; do
        echo "bench ${entry%%|*}: FAILED"
    done
    echo "    $1; log $2:"
    tail -n 30 "$2" | sed 's/^/    /'
    exit 1
}

echo "Small bench run: database $DB, logs in $OUT"
# as the public page load bench installs it: with Odoo's rating module (its
# route is the comparison) and Vietnamese (its clients ask for vi-VN pages)
"${ODOO_CMD[@]}" -d "$DB" --addons-path="$ADDONS_PATH" -i "$MODULE,rating" --without-demo=all \
    --load-language=vi_VN --stop-after-init --http-interface=127.0.0.1 \
    --http-port="$(odoo_env_free_port)" --log-level=warn </dev/null >"$OUT/install.log" 2>&1 ||
    all_failed "the install failed" "$OUT/install.log"
# an untouched copy, for the benches that need a database of their own (@DB@_template)
createdb -T "$DB" "${DB}_template" >>"$OUT/install.log" 2>&1 ||
    all_failed "copying the database failed" "$OUT/install.log"

failed=0
for entry in "${BENCHES[@]}"; do
    IFS='|' read -r name kind settings <<<"$entry"
    log="$OUT/${name%.*}.log"
    started=$(date +%s)
    case "$kind" in
        shell) run_shell "$name" "$settings" "$log" ;;
        http) run_http "$name" "$settings" "$log" ;;
        command) run_command "$name" "$settings" "$log" ;;
        python) run_python "$name" "$settings" "$log" ;;
        *) echo "unknown kind $kind" >"$log" && false ;;
    esac
    rc=$?
    # exactly "bench <name>: ok" or "bench <name>: FAILED" (CI counts them);
    # details on the indented lines after it
    if [ "$rc" = 0 ]; then
        echo "bench $name: ok"
        echo "    $(($(date +%s) - started)) s"
    else
        echo "bench $name: FAILED"
        echo "    exit $rc after $(($(date +%s) - started)) s; log $log:"
        tail -n 15 "$log" | sed 's/^/    /'
        failed=1
    fi
done
exit "$failed"
