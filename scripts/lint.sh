#!/usr/bin/env bash
# Lint of the addon: ruff check, ruff format --check, and the mandatory
# pylint-odoo checks of .pylintrc-mandatory.
#
#   bash scripts/lint.sh            (or: make lint)
#
# Each of the three counts as one check; the last line is "N passed, M failed";
# exit 0 only when none failed.
#
# Environment:
#   LINT_PYTHON    interpreter with ruff and pylint-odoo installed
#                  (default: $PYTHON, else python3); ruff may also be on PATH
#   LINT_STRICT=1  a missing pylint-odoo fails instead of being skipped
#                  (.ci/run sets it; ruff missing always fails)
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
PY="${LINT_PYTHON:-${PYTHON:-python3}}"
passed=0 failed=0

check() {
    local name="$1"
    shift
    echo "=== $name"
    if "$@"; then
        passed=$((passed + 1))
    else
        echo "FAIL: $name" >&2
        failed=$((failed + 1))
    fi
}

if "$PY" -m ruff --version >/dev/null 2>&1; then
    ruff=("$PY" -m ruff)
elif command -v ruff >/dev/null 2>&1; then
    ruff=(ruff)
else
    ruff=()
fi
if [ "${#ruff[@]}" -gt 0 ]; then
    check "ruff check" "${ruff[@]}" check --no-fix .
    check "ruff format --check" "${ruff[@]}" format --check .
else
    echo "FAIL: ruff is not installed (pip install ruff)" >&2
    failed=$((failed + 2))
fi

# bench/ and scripts/ hold command-line tools, not addon code: print() is their
# output and bench's cr.commit() calls are intended, so pylint-odoo skips them.
if "$PY" -c "import pylint_odoo" >/dev/null 2>&1; then
    if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        mapfile -t files < <(git ls-files --cached --others --exclude-standard '*.py' | grep -Ev '^(bench|scripts)/')
    else
        mapfile -t files < <(find . -name '*.py' -not -path './.build/*' -not -path './bench/*' -not -path './scripts/*' | sort)
    fi
    check "pylint-odoo mandatory checks" "$PY" -m pylint --rcfile=.pylintrc-mandatory "${files[@]}"
elif [ "${LINT_STRICT:-0}" = 1 ]; then
    echo "FAIL: pylint-odoo is not installed for $PY (pip install pylint-odoo)" >&2
    failed=$((failed + 1))
else
    echo "SKIP: pylint-odoo is not installed for $PY (pip install pylint-odoo): mandatory Odoo checks not run"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
