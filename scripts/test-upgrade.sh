#!/usr/bin/env bash
# Upgrade test: the previous release, installed on a database with answers
# (its demo data: about 300 dossiers over six months), upgraded to this
# checkout with `-u`. Every index, unit period, quota, trend, respondent and
# scorecard figure is taken before and after (scripts/upgrade_figures.py)
# and compared group by group:
# 1. before = after, except the figures a release's migration recomputes
#    under a changed rule (RULE_CHANGES below), which are listed;
# 2. after = a full rebuild of the statistics from the raw tables, for every
#    figure (the upgraded statistics are exact).
#
#   bash scripts/test-upgrade.sh
#
# UPGRADE_FROM  the release to upgrade from (a commit of this repository;
#               default: release 18.0.1.0.0). KEEP_DB=1 keeps the database.
# Last line: "N passed, M failed" (one check per figure group, plus one for
# the upgrade run itself).
set -uo pipefail

# release 18.0.1.0.0 (tag 18.0.1.0.0); a commit hash, so that clones without tags work
UPGRADE_FROM="${UPGRADE_FROM:-7b7e1790198f90076e6ea089a188b4745343f833}"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$REPO_ROOT" || exit 1
# shellcheck source=scripts/odoo-env.sh
if ! source scripts/odoo-env.sh; then
    echo "0 passed, 1 failed"
    exit 1
fi

fail() {
    echo "FAIL: $*" >&2
    echo "0 passed, 1 failed"
    exit 1
}

if ! git cat-file -e "$UPGRADE_FROM^{commit}" 2>/dev/null; then
    # a shallow clone lacks the release: deepen it from its origin
    [ "$(git rev-parse --is-shallow-repository 2>/dev/null)" = true ] &&
        git fetch --quiet --unshallow >/dev/null 2>&1
    git cat-file -e "$UPGRADE_FROM^{commit}" 2>/dev/null ||
        fail "release $UPGRADE_FROM is not in this clone's history (a full clone is needed)"
fi

WORK="$BUILD_DIR/upgrade/$$"
OLD_ADDONS="$WORK/old"
DB="satisfaction_upgrade_$$_$(date +%s)"
LOG="$BUILD_DIR/logs/upgrade-$DB.log"
mkdir -p "$OLD_ADDONS/$MODULE" "$BUILD_DIR/logs"
cleanup() {
    if [ "${KEEP_DB:-0}" != 1 ]; then
        dropdb --if-exists --force "$DB" >/dev/null 2>&1 || dropdb --if-exists "$DB" >/dev/null 2>&1
        rm -rf "${BUILD_DIR:?}/data/filestore/$DB"
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
git archive "$UPGRADE_FROM" | tar -x -C "$OLD_ADDONS/$MODULE" || fail "cannot export release $UPGRADE_FROM"

common=(--data-dir="$BUILD_DIR/data" --http-interface=127.0.0.1 --workers=0 --max-cron-threads=0 --log-level=warn)
run_odoo() { # addons-path, then odoo arguments
    local path="$1"
    shift
    "${ODOO_CMD[@]}" -d "$DB" --addons-path="$path" "${common[@]}" --http-port="$(odoo_env_free_port)" "$@" </dev/null >>"$LOG" 2>&1
}
figures() { # addons-path, output file
    FIGURES_OUT="$2" "${ODOO_CMD[@]}" shell -d "$DB" --addons-path="$1" "${common[@]}" \
        --no-http <scripts/upgrade_figures.py >>"$LOG" 2>&1
}

echo "=== upgrade test: release ${UPGRADE_FROM:0:12} with demo data -> this checkout (database $DB) ==="
echo "log: $LOG"
start=$(date +%s)
run_odoo "$OLD_ADDONS,$ODOO_ADDONS" -i "$MODULE" --stop-after-init || fail "installing the release failed (see $LOG)"
figures "$OLD_ADDONS,$ODOO_ADDONS" "$WORK/before.json" || fail "reading the figures before the upgrade failed (see $LOG)"
installed=$(date +%s)
run_odoo "$ADDONS_PATH" -u "$MODULE" --stop-after-init || fail "upgrading failed (see $LOG)"
upgraded=$(date +%s)
figures "$ADDONS_PATH" "$WORK/after.json" || fail "reading the figures after the upgrade failed (see $LOG)"
FIGURES_REBUILD=1 figures "$ADDONS_PATH" "$WORK/rebuilt.json" || fail "reading the rebuilt figures failed (see $LOG)"
echo "release installed and read in $((installed - start)) s, upgraded in $((upgraded - installed)) s"

errors=$(grep -cE '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$LOG")
"$PYTHON" - "$WORK/before.json" "$WORK/after.json" "$WORK/rebuilt.json" "$errors" <<'PY'
import json
import sys

# Figures recomputed under a changed rule: (release, rule, reports or None for
# every report, figures).
RULE_CHANGES = [
    (
        "18.0.1.1.0",
        "overdue judged in Vietnam time against the final due moment",
        None,
        {"overdue_count", "flagged_count", "total_points", "rank"},
    ),
    (
        "18.0.1.3.0",
        "answers entered by staff or surveyors left out of the official figures",
        {"scorecard"},
        {
            "answer_count",
            "answered_count",
            "officer_index",
            "response_count",
            "response_rate",
            "satisfaction_index",
            "satisfied_count",
            "total_points",
            "rank",
        },
    ),
    (
        "18.0.1.4.0",
        "answers entered by staff or surveyors left out of every official figure",
        {"unit period", "trend", "quota"},
        {
            "answer_count",
            "answered_count",
            "dissatisfied_count",
            "officer_index",
            "rating_count",
            "response_count",
            "satisfaction_index",
            "satisfied_count",
            "shortfall",
            "value",
        },
    ),
]


def changed_by_rule(name):
    return set().union(
        *(names for __, __, reports, names in RULE_CHANGES if reports is None or name in reports)
    )


before, after, rebuilt = (json.load(open(path, encoding="utf-8")) for path in sys.argv[1:4])
errors = int(sys.argv[4])
passed = failed = 0


def without(groups, names):
    return {
        key: {k: v for k, v in value.items() if k not in names}
        if isinstance(value, dict)
        else value
        for key, value in groups.items()
    }


def compare(label, old, new, ignored=frozenset()):
    global passed, failed
    if not old:
        print(f"FAIL {label}: no figures to compare")
        failed += 1
        return
    old, new = without(old, ignored), without(new, ignored)
    differ = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
    if differ:
        failed += 1
        print(f"FAIL {label}: {len(differ)} of {len(old)} groups differ, e.g.")
        for key in differ[:3]:
            print(f"    {key}: {old.get(key)} -> {new.get(key)}")
    else:
        passed += 1
        print(f"ok   {label}: {len(old)} groups")


for name in sorted(before):
    ignored = changed_by_rule(name)
    compare(f"{name} unchanged by the upgrade", before[name], after.get(name, {}), ignored)
    moved = [
        key
        for key, value in before[name].items()
        if isinstance(value, dict)
        and any(value.get(k) != after.get(name, {}).get(key, {}).get(k) for k in ignored)
    ]
    if moved:
        print(f"     {name}: {len(moved)} groups recomputed by the rule changes (see RULE_CHANGES)")
    compare(f"{name} after the upgrade = rebuilt from the raw tables", after.get(name, {}), rebuilt.get(name, {}))
for name in sorted(set(after) - set(before)):
    # a report the release did not have: exact after the upgrade
    compare(f"{name} after the upgrade = rebuilt from the raw tables", after[name], rebuilt.get(name, {}))
if errors:
    print(f"FAIL {errors} ERROR/CRITICAL log records during install/upgrade")
    failed += 1
else:
    passed += 1
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
