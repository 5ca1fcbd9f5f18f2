# Two commands on a fresh machine: `make serve` (the API on a SQLite file) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: serve test lint bench import-shared-data

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

serve: $(VENV)/.installed
	$(BIN)/parley serve

test: $(VENV)/.installed
	$(BIN)/pytest -n auto --dist worksteal

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict

bench: $(VENV)/.installed
	$(BIN)/python -m bench.analyze --sizes 1000,10000,100000

import-shared-data: $(VENV)/.installed
	$(BIN)/python -m bench.import_shared_data
