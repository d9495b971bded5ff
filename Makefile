# Developer entry points for the satisfaction_survey addon.
#   make demo        create/update database satisfaction_demo and serve it on 127.0.0.1:8069
#   make demo-reset  same, recreating the database from scratch
#   make test        pure-core pytest + Odoo test suite on a fresh database
#   make test-core   pure-core pytest only
#   make lint        ruff check + ruff format --check (+ pylint-odoo mandatory checks if installed)
#   make check-wheel build the wheel with whool (pip, PyPI) and check what it holds
#   make pre-commit  all pre-commit hooks (fetches the hook repositories on first use)
#   make clean       remove .build/ (links, logs, test filestores)
PYTHON ?= python3
export PYTHON

.PHONY: demo demo-reset test test-core lint check-wheel pre-commit clean

demo:
	bash scripts/demo.sh

demo-reset:
	bash scripts/demo.sh --reset

test:
	bash scripts/test.sh

test-core:
	$(PYTHON) -m pytest -p no:cacheprovider

lint:
	bash scripts/lint.sh

check-wheel:
	$(PYTHON) scripts/check_wheel.py

pre-commit:
	pre-commit run --all-files

clean:
	rm -rf .build
