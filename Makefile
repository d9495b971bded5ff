# Developer entry points for the satisfaction_survey addon.
#   make demo        create/update database satisfaction_demo and serve it on 127.0.0.1:8069
#   make demo-reset  same, recreating the database from scratch
#   make test        pure-core pytest + Odoo test suite on a fresh database
#   make test-core   pure-core pytest only
#   make bench-small every bench script end to end at a small size (bench/run_small.sh)
#   make lint        ruff check + ruff format --check (+ pylint-odoo mandatory checks if installed)
#   make pre-commit  all pre-commit hooks (fetches the hook repositories on first use)
#   make clean       remove .build/ (links, logs, test filestores)
PYTHON ?= python3
export PYTHON

.PHONY: demo demo-reset test test-core bench-small lint pre-commit clean

demo:
	bash scripts/demo.sh

demo-reset:
	bash scripts/demo.sh --reset

test:
	bash scripts/test.sh

test-core:
	$(PYTHON) -m pytest -p no:cacheprovider

bench-small:
	bash bench/run_small.sh

lint:
	ruff check --no-fix .
	ruff format --check .
	@# bench/ holds command-line benchmark tools, not addon code: print() is their
	@# output and their cr.commit() calls are intended, so pylint-odoo skips them.
	@if $(PYTHON) -c "import pylint_odoo" 2>/dev/null; then \
		git ls-files --cached --others --exclude-standard '*.py' | grep -v '^bench/' | xargs -r $(PYTHON) -m pylint --rcfile=.pylintrc-mandatory; \
	else \
		echo "pylint-odoo not installed (pip install pylint-odoo): mandatory Odoo checks skipped"; \
	fi

pre-commit:
	pre-commit run --all-files

clean:
	rm -rf .build
