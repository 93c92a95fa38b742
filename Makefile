# Clearsight: `make demo` and `make test` set everything up on a fresh machine, then run.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BUILD  := src/clearsight/web/static/build
ASSETS := $(BUILD)/.built
GOVUK  := node_modules/govuk-frontend/dist/govuk
DEMO_DIR ?= demo-output
DEMO_PORT ?= 8000

.PHONY: all setup browser demo screenshots test lint typecheck architecture unit docs-check clean

all: test

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# GOV.UK Frontend from npm (pinned in package-lock.json): its script and images are copied,
# and its Sass is built into Clearsight's stylesheet (Arial, not GOV.UK's own typeface).
$(ASSETS): package.json package-lock.json src/clearsight/web/styles/clearsight.scss
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(BUILD)
	node_modules/.bin/sass --no-source-map --style=compressed --quiet-deps --load-path=. \
		src/clearsight/web/styles/clearsight.scss $(BUILD)/clearsight.css
	cp $(GOVUK)/govuk-frontend.min.js $(GOVUK)/assets/manifest.json $(BUILD)/
	cp -r $(GOVUK)/assets/images $(BUILD)/
	touch $@

setup: $(STAMP) $(ASSETS)

## browser: Debian's Chromium, for the browser tests (needs root on a fresh machine)
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium; }

## demo: build stores from synthetic data (an invented family; a 2,000-child authority, linked
## and detected), write chronologies, then serve the web application on 127.0.0.1:$(DEMO_PORT)
demo: setup
	$(BIN)/python -m clearsight.demo --out $(DEMO_DIR) --port $(DEMO_PORT)

## screenshots: the main web pages of a synthetic authority, to docs/images/web-*.png
screenshots: setup browser
	$(BIN)/python scripts/screenshots.py --out docs/images

lint: setup
	$(BIN)/ruff check src tests benchmarks scripts

typecheck: setup
	$(BIN)/mypy

architecture: setup
	$(BIN)/lint-imports

unit: setup browser
	$(BIN)/pytest

## test: lint, type-check, layer contract, then the whole test suite
test: lint typecheck architecture unit

clean:
	rm -rf $(VENV) $(DEMO_DIR) .pytest_cache .mypy_cache .ruff_cache
