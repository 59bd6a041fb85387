# The habits of this repository, one target each.
# `make build` and `make test` are all a fresh machine needs (see README.md).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: build test test-fast bench lint format clean lock

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

## Build the sample exhibition into output/
build: $(STAMP)
	$(BIN)/vitrina build .

## Run the test suite (all of it, as CI does)
test: $(STAMP)
	$(BIN)/python -m pytest -q

## Run the fast tier: every test not marked slow (no whole-sample builds)
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

## Measure build speed and memory on a large synthetic exhibition (minutes)
bench: $(STAMP)
	$(BIN)/python bench/run.py

## Lint: ruff, and the layers of pyproject.toml (a stage imports only those below it)
lint: $(STAMP)
	$(BIN)/ruff check src tests tools bench
	$(BIN)/ruff format --check src tests tools bench
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format src tests tools bench
	$(BIN)/ruff check --fix src tests tools bench

clean:
	rm -rf output .pytest_cache .ruff_cache

## Pin the newest versions pyproject.toml allows into constraints.txt (then run make test)
lock:
	rm -rf /tmp/vitrina-lock && $(PYTHON) -m venv /tmp/vitrina-lock
	/tmp/vitrina-lock/bin/python -m pip install --quiet -e '.[test]'
	{ head -n 2 constraints.txt; /tmp/vitrina-lock/bin/pip freeze --exclude-editable; } > constraints.new
	mv constraints.new constraints.txt
