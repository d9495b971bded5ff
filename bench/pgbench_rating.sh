#!/usr/bin/env bash
# The statistics triggers of one rating, as a served request pays them, timed
# by pgbench in PostgreSQL alone (no Odoo):
#
#   PGB_DB=<db> [PGB_TRANSACTIONS=1000] bash bench/pgbench_rating.sh
#
# on a database of bench/generate_province.py (any database with answered and
# unanswered requests does). Each pgbench transaction runs DISCARD ALL, as
# Odoo's pool does when it lends a connection, then writes one rating by hand:
# a response copied from a template onto an unanswered request (at random),
# then the template's answers, then rolls back. Four ratings in five copy a
# satisfied response, one in five a dissatisfied one. Nothing is kept.
#
# PGB_VACUUM=1 (the default) first runs VACUUM ANALYZE on the tables a rating
# writes: each rolled-back rating leaves dead rows and index entries behind,
# which a second run would otherwise measure (0: skip it, on a large set).
#
# Prints pgbench's mean latency per rating and, for a superuser, the self time
# and calls per rating of each statistics function (track_functions = pl for
# the run). Compare definitions within one run: the machine is shared.
set -euo pipefail

DB="${PGB_DB:?set PGB_DB to the bench database}"
N="${PGB_TRANSACTIONS:-1000}"
DIR="$(mktemp -d)"
trap 'rm -rf "$DIR"' EXIT

q() { psql -X -q -At -d "$DB" -c "$1"; }

# a template: a response with answers on officer criteria, satisfied or not
# with the overall question
template() { # $1: true for a dissatisfied overall answer
    q "SELECT r.id FROM satisfaction_response r
        JOIN satisfaction_response_line l ON l.response_id = r.id
        JOIN satisfaction_criterion c ON c.id = l.criterion_id
       GROUP BY r.id
      HAVING count(*) FILTER (WHERE c.is_officer_criterion AND l.officer_id IS NOT NULL) > 0
         AND bool_or(c.is_overall AND l.value > 0 AND NOT l.is_satisfied) = $1
       ORDER BY r.id LIMIT 1"
}
# the columns to copy: all but the keys set here
copied() { # $1: table, $2: the key columns left out
    q "SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute
        WHERE attrelid = '$1'::regclass AND attnum > 0 AND NOT attisdropped
          AND attname NOT IN ($2)"
}

SATISFIED="$(template false)"
DISSATISFIED="$(template true)"
# the range of the unanswered requests' ids: a rating goes to the first one
# from a random id on (an index scan)
UNANSWERED="$(q "SELECT min(r.id) || ' ' || max(r.id) FROM satisfaction_request r
    WHERE NOT EXISTS (SELECT 1 FROM satisfaction_response x WHERE x.request_id = r.id)")"
read -r FIRST LAST <<<"$UNANSWERED"
if [ -z "$SATISFIED" ] || [ -z "$DISSATISFIED" ] || [ -z "${FIRST:-}" ]; then
    echo "ERROR: $DB needs satisfied and dissatisfied responses and unanswered requests" >&2
    exit 1
fi
RESPONSE_COLUMNS="$(copied satisfaction_response "'id', 'request_id'")"
LINE_COLUMNS="$(copied satisfaction_response_line "'id', 'response_id'")"

for kind in satisfied dissatisfied; do
    if [ "$kind" = satisfied ]; then source_id="$SATISFIED"; else source_id="$DISSATISFIED"; fi
    cat >"$DIR/$kind.sql" <<EOF
\\set k random($FIRST, $LAST)
DISCARD ALL;
BEGIN;
INSERT INTO satisfaction_response (request_id, $RESPONSE_COLUMNS)
SELECT (SELECT r.id FROM satisfaction_request r
         WHERE r.id >= :k
           AND NOT EXISTS (SELECT 1 FROM satisfaction_response x WHERE x.request_id = r.id)
         ORDER BY r.id LIMIT 1), $RESPONSE_COLUMNS
  FROM satisfaction_response WHERE id = $source_id
RETURNING id AS response_id \\gset
INSERT INTO satisfaction_response_line (response_id, $LINE_COLUMNS)
SELECT :response_id, $LINE_COLUMNS FROM satisfaction_response_line WHERE response_id = $source_id;
ROLLBACK;
EOF
done

if [ "${PGB_VACUUM:-1}" = 1 ]; then
    q "VACUUM ANALYZE satisfaction_response, satisfaction_response_line,
        satisfaction_request_stat, satisfaction_request_stat_delta,
        satisfaction_answer_stat_delta, satisfaction_period_stat_delta"
fi

SUPERUSER="$(q "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")"
if [ "$SUPERUSER" = t ]; then
    q "SELECT pg_stat_reset_single_function_counters(oid) FROM pg_proc
        WHERE proname LIKE 'satisfaction\\_stat\\_%'" >/dev/null
    export PGOPTIONS="-c track_functions=pl"
fi
pgbench -n -d "$DB" -c 1 -t "$N" -f "$DIR/satisfied.sql@4" -f "$DIR/dissatisfied.sql@1" \
    >"$DIR/pgbench.log" 2>&1 || {
    cat "$DIR/pgbench.log" >&2
    exit 1
}
grep -q "number of failed transactions: 0 " "$DIR/pgbench.log" || {
    cat "$DIR/pgbench.log" >&2
    exit 1
}
echo "$N ratings (templates: satisfied $SATISFIED, dissatisfied $DISSATISFIED)"
grep "^latency average" "$DIR/pgbench.log" | sed 's/^/per rating, /'
if [ "$SUPERUSER" = t ]; then
    # the statistics collector reports a backend's counts when it ends
    sleep 1
    echo "statistics functions, per rating: self ms, calls"
    q "SELECT format('  %-40s %6s ms  %5s', funcname, round((self_time / $N)::numeric, 3),
                     round(calls::numeric / $N, 2))
         FROM pg_stat_user_functions WHERE funcname LIKE 'satisfaction\\_stat\\_%'
        ORDER BY funcname"
fi
