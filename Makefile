# The two commands of README.md: `make run` (portal + worker + beat on the embedded defaults)
# and `make test` (install and run the whole test suite). Both work on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Tests run in parallel, one process per core (at most 4; tests of one xdist_group stay on one
# process); PYTEST_ARGS= runs them one at a time.
PYTEST_ARGS ?= -n auto --maxprocesses=4 --dist loadgroup

.PHONY: install run test lint check-all

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	PORT=$(PORT) $(BIN)/python scripts/run_local.py

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)
	# Fault tests (tests/faults: kill a worker, flush Redis, restart a database, fill a disk): one at a time, after.
	$(BIN)/python -m pytest -p no:xdist -m faults tests/faults

lint: install
	$(BIN)/ruff check .
