# Developer entry points for the satisfaction_survey addon.
#   make demo        create/update database satisfaction_demo and serve it on 127.0.0.1:8069 (PORT=...)
#   make demo-reset  same, recreating the database from scratch
#   make test        pure-core pytest + Odoo test suite on a fresh database
#   make test-core   pure-core pytest only
#   make lint        ruff check + ruff format --check (+ pylint-odoo mandatory checks if installed)
#   make pre-commit  all pre-commit hooks (fetches the hook repositories on first use)
#   make clean       stop the private PostgreSQL cluster, if any, and remove .build/
#                    (links, logs, test filestores, private cluster); .venv/ stays
# demo and test bootstrap their Python themselves (scripts/bootstrap.sh): a
# PYTHON given here or in the environment is used as is, otherwise the
# bootstrap picks .venv, a python3 with Odoo 18, or creates .venv. test-core
# and lint only need a python3 with pytest (and pylint-odoo).
PYTHON ?= $(if $(wildcard .venv/bin/python),.venv/bin/python,python3)

.PHONY: demo demo-reset test test-core lint pre-commit clean

demo:
	bash scripts/demo.sh

demo-reset:
	bash scripts/demo.sh --reset

test:
	bash scripts/test.sh

test-core:
	$(PYTHON) -m pytest -p no:cacheprovider

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
	bash scripts/private-pg.sh remove
	rm -rf .build
