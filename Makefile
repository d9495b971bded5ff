# Developer entry points for the satisfaction_survey addon.
#   make demo        create/update database satisfaction_demo and serve it on 127.0.0.1:8069 (PORT=...)
#   make demo-reset  same, recreating the database from scratch
#   make test        pure-core pytest + Odoo test suite on a fresh database
#   make test-core   pure-core pytest only
#   make bench-small every bench script end to end at a small size (bench/run_small.sh)
#   make lint        ruff check + ruff format --check (+ pylint-odoo mandatory checks if installed)
#   make check-wheel build the wheel with whool (pip, PyPI) and check what it holds
#   make pre-commit  all pre-commit hooks (fetches the hook repositories on first use)
#   make clean       stop the private PostgreSQL cluster, if any, and remove .build/
#                    (links, logs, test filestores, private cluster); .venv/ stays
# demo and test bootstrap their Python themselves (scripts/bootstrap.sh): a
# PYTHON given here or in the environment is used as is, otherwise the
# bootstrap picks .venv, a python3 with Odoo 18, or creates .venv. test-core
# and lint only need a python3 with pytest (and pylint-odoo).
PYTHON ?= $(if $(wildcard .venv/bin/python),.venv/bin/python,python3)

.PHONY: demo demo-reset test test-core bench-small lint check-wheel pre-commit clean

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
	bash scripts/lint.sh

check-wheel:
	$(PYTHON) scripts/check_wheel.py

pre-commit:
	pre-commit run --all-files

clean:
	bash scripts/private-pg.sh remove
	rm -rf .build
