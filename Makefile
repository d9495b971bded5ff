# Developer entry points for the satisfaction_survey addon.
#   make demo        create/update database satisfaction_demo and serve it on 127.0.0.1:8069
#   make demo-reset  same, recreating the database from scratch
#   make test        pure-core pytest + Odoo test suite on a fresh database
#   make test-core   pure-core pytest only
#   make lint        pre-commit (or ruff when pre-commit is not installed)
#   make clean       remove .build/ (links, logs, test filestores)
PYTHON ?= python3

.PHONY: demo demo-reset test test-core lint clean

demo:
	bash scripts/demo.sh

demo-reset:
	bash scripts/demo.sh --reset

test:
	bash scripts/test.sh

test-core:
	$(PYTHON) -m pytest -p no:cacheprovider

lint:
	@if command -v pre-commit >/dev/null 2>&1; then \
		pre-commit run --all-files; \
	else \
		echo "pre-commit not installed (pip install pre-commit); running ruff only"; \
		ruff check . && ruff format --check .; \
	fi

clean:
	rm -rf .build
