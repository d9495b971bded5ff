#!/usr/bin/env bash
# Scale-out on a streaming replica:  bash bench/replica.sh [--keep-logs]
#
# On 127.0.0.1 only, in a throwaway folder (/tmp/satisfaction-replica.*):
# 1. a PRIMARY PostgreSQL cluster (initdb) and a STREAMING REPLICA of it
#    (pg_basebackup -R, hot_standby), each on a free TCP port of 127.0.0.1,
#    both with pg_stat_statements (shared_preload_libraries);
# 2. a database on the primary with satisfaction_survey and rating installed
#    (or copied from REPLICA_TEMPLATE on the default server), then
#    REPLICA_N returned dossiers with open rating links (bench/load/prepare_data.py);
# 3. Odoo --workers=2 with --db_host/--db_port = the primary and
#    --db_replica_host/--db_replica_port = the replica;
# 4. bench/replica_check.py: the rating flows of bench/load/loadgen.py, the
#    reviewer's index report reads (JSON-RPC) and the public results page,
#    then the lag check (replay paused on the replica); prints, per phase,
#    the statements each server ran (pg_stat_statements), and fails on any
#    error, a submit not on the primary only, reads not on the replica, or
#    a lagging page showing the form to the citizen who answered;
# 5. stops Odoo and both clusters and removes them, the database's files too.
#
# Needs PostgreSQL's server binaries (initdb, pg_ctl, pg_basebackup) and the
# pg_stat_statements extension; as root the clusters run as the user
# `postgres` (SATISFACTION_PG_USER to choose another), as scripts/private-pg.sh.
# Environment (defaults): REPLICA_N (2000 dossiers), REPLICA_USERS (4 clients),
#   REPLICA_DURATION (10 s of load), REPLICA_REPORT_ROUNDS (10: each is a
#   read_group, a web_read_group, a web_search_read and a results page), REPLICA_TEMPLATE
#   (empty: install; else a database of the default server where
#   satisfaction_survey and rating are installed, copied with pg_dump),
#   REPLICA_OUT (.build/bench_replica/<time>).
# --keep-logs: also keep the PostgreSQL logs in REPLICA_OUT (copied anyway on failure).
set -uo pipefail

KEEP_LOGS=0
for arg in "$@"; do
    case "$arg" in
        --keep-logs) KEEP_LOGS=1 ;;
        -h | --help)
            sed -n '2,28p' "$0"
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

N="${REPLICA_N:-2000}"
USERS="${REPLICA_USERS:-4}"
DURATION="${REPLICA_DURATION:-10}"
ROUNDS="${REPLICA_REPORT_ROUNDS:-10}"
TEMPLATE="${REPLICA_TEMPLATE:-}"
OUT="${REPLICA_OUT:-$BUILD_DIR/bench_replica/$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd -P)"
DB="replica_bench_$$"

die() {
    echo "ERROR: $*" >&2
    exit 1
}

BIN="$(_pgp_bindir)" || die "no PostgreSQL server binaries (initdb, pg_ctl): apt-get install postgresql"
# the folder of the real binaries (not of links to some of them)
BIN="$(dirname "$(readlink -f "$BIN/pg_ctl")")"
[ -x "$BIN/pg_basebackup" ] || die "no pg_basebackup in $BIN"
[ -f "$("$BIN/pg_config" --sharedir)/extension/pg_stat_statements.control" ] ||
    die "the pg_stat_statements extension is not installed (postgresql-contrib)"
PGUSER_SERVER="$(_pgp_server_user)" || exit 1
ROLE="$(id -un)"
BASE="$(mktemp -d /tmp/satisfaction-replica.XXXXXX)" || die "mktemp failed"
[ -n "$PGUSER_SERVER" ] && chown "$PGUSER_SERVER" "$BASE"
PRIMARY_PORT="$(odoo_env_free_port)"
REPLICA_PORT="$(odoo_env_free_port)"
HTTP_PORT="$(odoo_env_free_port)"
GEVENT_PORT="$(odoo_env_free_port)"
as_server() { _pgp_as "$PGUSER_SERVER" "$@"; }
ppsql() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PRIMARY_PORT" "$@"; }

SERVER_PID=""
FILESTORE=""
cleanup() {
    local rc=$?
    bench_stop_server "$SERVER_PID"
    SERVER_PID=""
    for data in "$BASE/replica" "$BASE/primary"; do
        if [ -f "$data/postmaster.pid" ]; then
            as_server "$BIN/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
        fi
    done
    if [ "$KEEP_LOGS" = 1 ] || [ "$rc" != 0 ]; then
        cp "$BASE"/*.log "$OUT/" 2>/dev/null || true
    fi
    case "$BASE" in
        /tmp/satisfaction-replica.*) rm -rf "$BASE" ;;
    esac
    case "$FILESTORE" in
        /*/"$DB") rm -rf "$FILESTORE" ;;
    esac
    return "$rc"
}
trap cleanup EXIT

{
    echo "date: $(date -Iseconds)"
    echo "host: $(uname -srm), $(nproc) CPU(s), $(awk '/MemTotal/ {printf "%.1f GiB RAM", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "postgresql: $("$BIN/postgres" --version), odoo: $ODOO_VERSION, addon: $(git rev-parse --short HEAD 2>/dev/null)"
    echo "settings: N=$N users=$USERS duration=${DURATION}s report rounds=$ROUNDS template=${TEMPLATE:-none}"
    echo "primary 127.0.0.1:$PRIMARY_PORT, replica 127.0.0.1:$REPLICA_PORT, odoo 127.0.0.1:$HTTP_PORT, folder $BASE"
} | tee "$OUT/machine.txt"

t0=$(date +%s)
echo "== 1. primary and streaming replica"
as_server "$BIN/initdb" -D "$BASE/primary" -U "$ROLE" -E UTF8 --locale=C.UTF-8 --auth=trust \
    >"$BASE/initdb.log" 2>&1 || die "initdb failed: $(tail -n 5 "$BASE/initdb.log")"
# TCP on 127.0.0.1 only (initdb's pg_hba.conf trusts it, replication
# included); a scratch cluster: no fsync.
as_server tee -a "$BASE/primary/postgresql.conf" >/dev/null <<EOF

# bench/replica.sh
listen_addresses = '127.0.0.1'
port = $PRIMARY_PORT
unix_socket_directories = '$BASE'
unix_socket_permissions = 0700
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.max = 10000
wal_level = replica
max_wal_senders = 4
fsync = off
synchronous_commit = off
EOF
as_server "$BIN/pg_ctl" -D "$BASE/primary" -l "$BASE/primary.log" -w -t 60 start >/dev/null ||
    die "the primary did not start: $(tail -n 5 "$BASE/primary.log")"
as_server "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U "$ROLE" -D "$BASE/replica" \
    -R -X stream -c fast >"$BASE/basebackup.log" 2>&1 ||
    die "pg_basebackup failed: $(tail -n 5 "$BASE/basebackup.log")"
# the replica's own port; hot_standby_feedback: the primary's vacuum waits
# for the replica's queries instead of cancelling them
as_server tee -a "$BASE/replica/postgresql.conf" >/dev/null <<EOF
port = $REPLICA_PORT
hot_standby = on
hot_standby_feedback = on
EOF
as_server "$BIN/pg_ctl" -D "$BASE/replica" -l "$BASE/replica.log" -w -t 60 start >/dev/null ||
    die "the replica did not start: $(tail -n 5 "$BASE/replica.log")"
[ "$(psql -X -qAt -h 127.0.0.1 -p "$REPLICA_PORT" -d postgres -c 'SELECT pg_is_in_recovery()')" = t ] ||
    die "the replica is not in recovery"
ppsql -d postgres -c "CREATE EXTENSION pg_stat_statements" || die "CREATE EXTENSION pg_stat_statements failed"
echo "   done in $(($(date +%s) - t0)) s"

t0=$(date +%s)
FILESTORE="$(bench_filestore "$DB")"
odoo_db=(-d "$DB" --db_host=127.0.0.1 --db_port="$PRIMARY_PORT" --addons-path="$ADDONS_PATH")
if [ -n "$TEMPLATE" ]; then
    echo "== 2. copying $TEMPLATE into $DB on the primary"
    ppsql -d postgres -c "CREATE DATABASE $DB" || die "createdb failed"
    pg_dump -Fc -d "$TEMPLATE" -f "$BASE/template.dump" 2>"$BASE/restore.log" ||
        die "pg_dump $TEMPLATE failed: $(tail -n 5 "$BASE/restore.log")"
    pg_restore --no-owner -h 127.0.0.1 -p "$PRIMARY_PORT" -d "$DB" "$BASE/template.dump" \
        >>"$BASE/restore.log" 2>&1 || die "pg_restore failed: $(tail -n 5 "$BASE/restore.log")"
    rm -f "$BASE/template.dump"
    template_files="$(bench_filestore "$TEMPLATE")"
    if [ -d "$template_files" ]; then
        mkdir -p "$(dirname "$FILESTORE")"
        cp -a "$template_files" "$FILESTORE"
    fi
else
    echo "== 2. installing satisfaction_survey + rating into $DB on the primary"
    "${ODOO_CMD[@]}" "${odoo_db[@]}" -i "$MODULE,rating" --without-demo=all --load-language=vi_VN \
        --stop-after-init --http-interface=127.0.0.1 --http-port="$HTTP_PORT" --log-level=warn \
        </dev/null >"$OUT/install.log" 2>&1 || die "install failed: $(tail -n 20 "$OUT/install.log")"
fi
BENCH_N="$N" BENCH_OUT="$OUT" "${ODOO_CMD[@]}" shell "${odoo_db[@]}" --no-http --log-level=warn \
    <bench/load/prepare_data.py >"$OUT/prepare.log" 2>&1
grep -q '^BENCH_PREPARED' "$OUT/prepare.log" || die "data preparation failed: $(tail -n 20 "$OUT/prepare.log")"
echo "   $N dossiers with open links; done in $(($(date +%s) - t0)) s"

echo "== 3. Odoo --workers=2 on 127.0.0.1:$HTTP_PORT (primary :$PRIMARY_PORT, replica :$REPLICA_PORT)"
"${ODOO_CMD[@]}" "${odoo_db[@]}" --db_replica_host=127.0.0.1 --db_replica_port="$REPLICA_PORT" \
    --http-interface=127.0.0.1 --http-port="$HTTP_PORT" --gevent-port="$GEVENT_PORT" --workers=2 \
    --max-cron-threads=0 --db-filter="^$DB\$" --limit-time-real=120 --log-level=info \
    --logfile="$OUT/odoo.log" </dev/null >"$OUT/server.out" 2>&1 &
SERVER_PID=$!
ready=0
for _ in $(seq 1 90); do
    kill -0 "$SERVER_PID" 2>/dev/null || die "Odoo stopped while starting (see $OUT/odoo.log)"
    if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$HTTP_PORT/web/health" || true)" = 200 ]; then
        ready=1
        break
    fi
    sleep 1
done
[ "$ready" = 1 ] || die "Odoo did not answer on 127.0.0.1:$HTTP_PORT within 90 s"

echo "== 4. load, report reads and lag check"
rc=0
"$PYTHON" bench/replica_check.py --base "http://127.0.0.1:$HTTP_PORT" --db "$DB" \
    --primary-port "$PRIMARY_PORT" --replica-port "$REPLICA_PORT" --tokens "$OUT/our_tokens.txt" \
    --users "$USERS" --duration "$DURATION" --report-rounds "$ROUNDS" --json "$OUT/result.json" |
    tee "$OUT/result.md" || rc=1
# Odoo retries a read-only request that wrote on the primary, with a warning
if grep -q -E 'retrying with a read/write cursor' "$OUT/odoo.log"; then
    echo "!! a read-only route wrote (retried on the primary): grep 'retrying with' $OUT/odoo.log"
    rc=1
fi
if grep -q -E ' (ERROR|CRITICAL) ' "$OUT/odoo.log"; then
    echo "!! Odoo logged errors: grep -E ' (ERROR|CRITICAL) ' $OUT/odoo.log"
    rc=1
fi
if grep -q -E 'ERROR|FATAL' "$BASE/replica.log"; then
    echo "!! the replica logged errors:"
    grep -E 'ERROR|FATAL' "$BASE/replica.log" | head -n 5
    rc=1
fi
echo "== 5. stopping Odoo and both clusters"
echo "Results in $OUT (result.md, result.json, machine.txt, odoo.log)"
exit "$rc"
