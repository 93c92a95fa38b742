# Clearsight: `make demo` and `make test` set everything up on a fresh machine, then run.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_DIR ?= demo-output

.PHONY: all setup demo test lint typecheck architecture unit docs-check clean

all: test

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

setup: $(STAMP)

## demo: build a store from the bundled synthetic agency files and write a merged chronology
demo: setup
	$(BIN)/python -m clearsight.demo --out $(DEMO_DIR)

lint: setup
	$(BIN)/ruff check src tests benchmarks

typecheck: setup
	$(BIN)/mypy

architecture: setup
	$(BIN)/lint-imports

unit: setup
	$(BIN)/pytest

## test: lint, type-check, layer contract, then the whole test suite
test: lint typecheck architecture unit

clean:
	rm -rf $(VENV) $(DEMO_DIR) .pytest_cache .mypy_cache .ruff_cache
