#!/usr/bin/env bash
# THE test command of the satisfaction_survey addon.
#
#   bash scripts/test.sh            (or: make test)
#
# 1. pure-core tests: python3 -m pytest -p no:cacheprovider (config: pytest.ini)
# 2. Odoo suite: installs the module in a FRESH database (no demo data,
#    English only: tests that need Vietnamese load it) with --test-enable --test-tags /satisfaction_survey,
#    then drops the database.
# 3. prints, as its very last line:  N passed, M failed
#    exit code 0 only when M == 0 and both suites ran at least one test.
#
# Environment:
#   ODOO_TEST_TAGS     override --test-tags (default: /satisfaction_survey)
#   KEEP_DB=1          keep the test database (and its filestore) afterwards
#   ODOO_TEST_TIMEOUT  seconds before the Odoo run is killed (default: 3000)
#   PYTHON             interpreter that imports Odoo 18 (default: found or
#                      made by scripts/bootstrap.sh)
#   WITH_DEMO=1        install with demo data (Odoo's and the OCA CI's default)
#   SKIP_CORE=1        run the Odoo suite only
set -uo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$REPO_ROOT" || exit 1
BUILD_DIR="$REPO_ROOT/.build"
LOG_DIR="$BUILD_DIR/logs"
mkdir -p "$LOG_DIR"
# shellcheck source=scripts/bootstrap.sh
source "$REPO_ROOT/scripts/bootstrap.sh"
if ! bootstrap_python; then
    echo "FAIL: no Python environment with Odoo 18 (see the error above)" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
# keep the 20 most recent Odoo test logs
find "$LOG_DIR" -maxdepth 1 -name 'odoo-test-satisfaction_test_*.log' -printf '%T@ %p\n' |
    sort -rn | tail -n +21 | cut -d' ' -f2- | xargs -r rm -f

hr() { printf '%s\n' "=== $* ==="; }

# ---------------------------------------------------------------- 1. pytest
hr "pure core: $PYTHON -m pytest -p no:cacheprovider"
PYTEST_JUNIT="$BUILD_DIR/pytest-junit.xml"
rm -f "$PYTEST_JUNIT"
pytest_args=(-p no:cacheprovider "--junitxml=$PYTEST_JUNIT")
if [ ! -f pytest.ini ]; then
    # without pytest.ini pytest would wander into tests/ (Odoo tests)
    echo "WARNING: no pytest.ini at the repo root; collecting satisfaction_survey/ only" >&2
    pytest_args+=(satisfaction_survey)
fi
if [ "${SKIP_CORE:-0}" = 1 ]; then
    echo "SKIP_CORE=1: pure-core tests not run here"
    pytest_rc=0
else
    "$PYTHON" -m pytest "${pytest_args[@]}" </dev/null
    pytest_rc=$?
fi

py_passed=0 py_failed=0 py_errors=0 py_skipped=0 py_extra=0
if [ -s "$PYTEST_JUNIT" ]; then
    read -r py_passed py_failed py_errors py_skipped < <(
        "$PYTHON" - "$PYTEST_JUNIT" <<'EOF'
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else root.iter("testsuite")
t = f = e = s = 0
for su in suites:
    t += int(su.get("tests", 0))
    f += int(su.get("failures", 0))
    e += int(su.get("errors", 0))
    s += int(su.get("skipped", 0))
print(max(t - f - e - s, 0), f, e, s)
EOF
    ) || { py_passed=0 py_failed=0 py_errors=0 py_skipped=0; }
fi
case "$pytest_rc" in
    0 | 1) ;;
    5)
        echo "FAIL: pytest collected no tests (exit 5)" >&2
        py_extra=1
        ;;
    *)
        echo "FAIL: pytest exited with code $pytest_rc (interrupted, internal or usage error)" >&2
        py_extra=1
        ;;
esac
if [ "$pytest_rc" = 1 ] && [ $((py_failed + py_errors)) -eq 0 ]; then
    py_extra=1 # failed without a readable report
fi
py_total=$((py_passed + py_failed + py_errors))

# ---------------------------------------------------------------- 2. Odoo
TAGS="${ODOO_TEST_TAGS:-/satisfaction_survey}"
# WITH_DEMO=1: install with demo data (Odoo's and the OCA CI's default);
# the README's test command runs without it.
if [ "${WITH_DEMO:-0}" = 1 ]; then DEMO_ARGS=(); else DEMO_ARGS=(--without-demo=all); fi
DB="satisfaction_test_$$_$(date +%s)"
LOG="$LOG_DIR/odoo-test-$DB.log"
odoo_ran=0 odoo_rc=0 odoo_reported=0
od_tests=0 od_failed=0 od_errors=0 od_skipped=0 od_fail_lines=0 od_other_errors=0
od_extra=0
DATA_DIR="$BUILD_DIR/data"
cleaned=0

cleanup() {
    [ "$cleaned" = 1 ] && return 0
    cleaned=1
    [ "$odoo_ran" = 1 ] || return 0
    if [ "${KEEP_DB:-0}" = 1 ]; then
        echo "KEEP_DB=1: keeping database $DB (filestore $DATA_DIR/filestore/$DB)"
        return 0
    fi
    dropdb --if-exists --force "$DB" >/dev/null 2>&1 ||
        dropdb --if-exists "$DB" >/dev/null 2>&1 ||
        echo "WARNING: could not drop database $DB" >&2
    rm -rf "${DATA_DIR:?}/filestore/$DB"
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

hr "Odoo suite: --test-tags $TAGS on fresh database $DB ($([ "${WITH_DEMO:-0}" = 1 ] && echo with || echo without) demo data)"
# shellcheck source=scripts/odoo-env.sh
if source "$REPO_ROOT/scripts/odoo-env.sh"; then
    PORT="$(odoo_env_free_port)"
    echo "Odoo $ODOO_VERSION, addons path $ADDONS_PATH, port $PORT"
    echo "full Odoo log: $LOG"
    ln -sfn "$(basename "$LOG")" "$LOG_DIR/odoo-test-latest.log"
    odoo_ran=1
    # Terminal shows: ERROR/CRITICAL records with their tracebacks (capped),
    # this module's warnings, and the loading / test summary lines.
    timeout -k 60 "${ODOO_TEST_TIMEOUT:-3000}" \
        "${ODOO_CMD[@]}" \
        -d "$DB" \
        --addons-path="$ADDONS_PATH" \
        --data-dir="$DATA_DIR" \
        -i "$MODULE" \
        --test-enable \
        --test-tags "$TAGS" \
        --stop-after-init \
        --http-interface=127.0.0.1 \
        --http-port="$PORT" \
        "${DEMO_ARGS[@]}" \
        --log-level=test \
        --workers=0 \
        --max-cron-threads=0 \
        </dev/null 2>&1 |
        tee "$LOG" |
        awk '
            /^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:,]+ [0-9]+ [A-Z]+ / {
                shown = 0; cont = 0
                lvl = $4
                if (lvl == "ERROR" || lvl == "CRITICAL") { shown = 1 }
                else if (lvl == "WARNING" && $0 ~ /satisfaction_survey/) { shown = 1 }
                else if ($0 ~ /odoo\.tests\.result: |post-tests in |Starting post tests|odoo\.modules\.loading: loading [0-9]+ modules|Module satisfaction_survey loaded|Modules loaded\.|Initiating shutdown/) { shown = 1 }
                if (shown) { print; fflush() }
                next
            }
            shown && cont < 80 { print; cont++; if (cont == 80) print "    [... see full log ...]"; fflush() }
        '
    odoo_rc=${PIPESTATUS[0]}
    [ "$odoo_rc" = 124 ] && echo "FAIL: Odoo run timed out after ${ODOO_TEST_TIMEOUT:-3000}s" >&2

    # Odoo 18 closes a --test-enable --stop-after-init run with (odoo/service/server.py,
    # ThreadedServer.run, text from OdooTestResult.__str__ in odoo/tests/result.py):
    #   <date> <pid> INFO|WARNING|ERROR <db> odoo.tests.result: F failed, E error(s) of T tests when loading database 'DB'
    summary="$(grep -E "odoo\.tests\.result: [0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests when loading database '$DB'" "$LOG" | tail -n 1)"
    if [ -n "$summary" ]; then
        odoo_reported=1
        read -r od_failed od_errors od_tests < <(
            sed -E 's/.*odoo\.tests\.result: ([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests.*/\1 \2 \3/' <<<"$summary"
        )
    fi
    log_re='^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:,]+ [0-9]+'
    # skipped tests (OdooTestResult.addSkip: "skipped <test> : <reason>")
    od_skipped="$(grep -cE "$log_re INFO [^ ]+ odoo\.addons\.[^ ]+: skipped " "$LOG")"
    # test failures/errors as logged by OdooTestResult.logError
    od_fail_lines="$(grep -cE "$log_re (ERROR|CRITICAL) [^ ]+ [^ ]+: (FAIL|ERROR): " "$LOG")"
    # any other ERROR/CRITICAL record: install failure, error logged during
    # a test, registry crash ... (the test-report lines themselves excluded)
    od_other_errors="$(grep -E "$log_re (ERROR|CRITICAL) " "$LOG" |
        grep -vE "$log_re (ERROR|CRITICAL) [^ ]+ [^ ]+: (FAIL|ERROR): " |
        grep -vE "odoo\.tests\.result: [0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests when loading database" |
        grep -vE "odoo\.modules\.loading: Module [^ ]+: [0-9]+ failures, [0-9]+ errors of [0-9]+ tests" |
        grep -vE "odoo\.modules\.loading: At least one test failed when loading the modules\." |
        grep -vE ": at least one error occurred in a test$" |
        grep -vE "Test suite halted: max failed tests already reached" |
        grep -c .)"

    if [ "$odoo_reported" != 1 ]; then
        echo "FAIL: Odoo did not report test results (module failed to install or Odoo crashed); see $LOG" >&2
        od_failed=$od_fail_lines od_errors=0 od_tests=0
        od_extra=$((od_extra + 1))
    elif [ "$od_tests" -eq 0 ]; then
        echo "FAIL: Odoo ran 0 tests for --test-tags $TAGS" >&2
        od_extra=$((od_extra + 1))
    fi
    if [ "$od_other_errors" -gt 0 ]; then
        echo "FAIL: $od_other_errors ERROR/CRITICAL log record(s) outside test results (install errors); see $LOG" >&2
        grep -E "$log_re (ERROR|CRITICAL) " "$LOG" | grep -vE ": (FAIL|ERROR): |odoo\.tests\.result: |failures, [0-9]+ errors of|At least one test failed" | head -n 5 | cut -c1-300 >&2
        od_extra=$((od_extra + 1))
    fi
    if [ "$odoo_rc" -ne 0 ] && [ $((od_failed + od_errors + od_extra)) -eq 0 ]; then
        echo "FAIL: Odoo exited with code $odoo_rc" >&2
        od_extra=$((od_extra + 1))
    fi
else
    echo "FAIL: the Odoo suite could not run (see the error above)" >&2
    od_extra=1
fi
cleanup

od_passed=$((od_tests - od_failed - od_errors - od_skipped))
[ "$od_passed" -lt 0 ] && od_passed=0

# ---------------------------------------------------------------- 3. summary
passed=$((py_passed + od_passed))
failed=$((py_failed + py_errors + py_extra + od_failed + od_errors + od_extra))
hr "summary"
echo "pure core (pytest):   $py_passed passed, $py_failed failed, $py_errors errors, $py_skipped skipped (exit $pytest_rc)"
if [ "$odoo_ran" = 1 ]; then
    echo "Odoo ($TAGS):  $od_tests tests, $od_failed failed, $od_errors errors, $od_skipped skipped, $od_other_errors other ERROR/CRITICAL records (exit $odoo_rc)"
    echo "full Odoo log: $LOG"
else
    echo "Odoo ($TAGS):  not run"
fi
echo "$passed passed, $failed failed"

if [ "$failed" -eq 0 ] && { [ "$py_total" -gt 0 ] || [ "${SKIP_CORE:-0}" = 1 ]; } && [ "$od_tests" -gt 0 ]; then
    exit 0
fi
exit 1
