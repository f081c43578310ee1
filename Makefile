# The two commands of README.md: `make run` (portal + worker + beat on the embedded defaults)
# and `make test` (install and run the whole test suite). Both work on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Tests run in parallel, one process per core (at most 4; tests of one xdist_group stay on one
# process); PYTEST_ARGS= runs them one at a time.
PYTEST_ARGS ?= -n auto --maxprocesses=4 --dist loadgroup
# axe-core (accessibility rules the browser tests inject, tests/browser/test_accessibility.py), pinned, installed
# with npm into a cache outside the checkout; npm's offline cache is used when it holds the version.
AXE_CORE_VERSION := 4.14.1
FIRESVC_NPM_CACHE ?= $(HOME)/.cache/firesvc-npm
export FIRESVC_NPM_CACHE

.PHONY: install browser-assets run test lint check-all

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

# Re-installed when the pinned version changes (the stamp names it).
$(FIRESVC_NPM_CACHE)/.axe-core-$(AXE_CORE_VERSION):
	npm install --prefix "$(FIRESVC_NPM_CACHE)" --prefer-offline --no-audit --no-fund --save-exact \
		axe-core@$(AXE_CORE_VERSION)
	touch $@

browser-assets: $(FIRESVC_NPM_CACHE)/.axe-core-$(AXE_CORE_VERSION)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	PORT=$(PORT) $(BIN)/python scripts/run_local.py

test: install browser-assets
	$(BIN)/python -m pytest $(PYTEST_ARGS)
	# Fault tests (tests/faults: kill a worker, flush Redis, restart a database, fill a disk): one at a time, after.
	$(BIN)/python -m pytest -p no:xdist -m faults tests/faults

lint: install
	$(BIN)/ruff check .
