# Everything a user, trainer, maintainer or CI runs. `make` sets up and builds; `make test` checks.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
MKDOCS := $(VENV)/bin/mkdocs
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1
# Reproducible PDFs: dates come from the last commit unless the caller sets one.
# Where the site is built; tests and print scripts read the same variable.
export SITE_DIR ?= site
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1451606400)
# Each edition's print kit and offline pages are built here, beside the site, then moved into it.
PRINT_STAGE := $(SITE_DIR).print-kit
PRINT_STAGE_ES := $(SITE_DIR).print-kit-es
OFFLINE_STAGE := $(SITE_DIR).offline-pages
OFFLINE_STAGE_ES := $(SITE_DIR).offline-pages-es
ES_STAGE := $(SITE_DIR).es

.PHONY: all setup build site pdf print serve serve-es test lock clean linkcheck offline bench kit stale fuzz

all: build

## Set-up: system packages, then a virtual environment with the locked Python packages.
setup: $(VENV)/.deps-ok

$(VENV)/.deps-ok: requirements.txt scripts/install-system-deps.sh package-lock.json
	bash scripts/install-system-deps.sh
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	# Node tools for the checks: the Nu HTML Checker runs on the system Java (its own
	# download script is not run), Lighthouse CI on Debian's Chromium.
	PUPPETEER_SKIP_DOWNLOAD=1 npm install --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

## Everything into site/: both editions' pages and guide PDFs, the print kit and the offline zip.
build: setup
	@# Two lines of work of about the same length, one per core, one per edition: its pages, its
	@# guide PDF and print kit (one process), its offline pages. Spanish is staged (MkDocs empties
	@# SITE_DIR first) and merged in after; then the offline zip is made from both.
	@rm -rf $(PRINT_STAGE) $(PRINT_STAGE_ES) $(OFFLINE_STAGE) $(OFFLINE_STAGE_ES) $(ES_STAGE)
	@( $(MKDOCS) build --strict -f mkdocs-es.yml --site-dir $(ES_STAGE) && \
	   $(PY) scripts/build_edition_pdfs.py --lang es --config mkdocs-es.yml --site-dir $(ES_STAGE) --print-out $(PRINT_STAGE_ES) && \
	   $(PY) scripts/build_offline.py --pages-only $(OFFLINE_STAGE_ES) --edition es ) & beside=$$!; \
	$(MKDOCS) build --strict --site-dir $(SITE_DIR) && \
	$(PY) scripts/build_edition_pdfs.py --lang en --config mkdocs.yml --site-dir $(SITE_DIR) --print-out $(PRINT_STAGE) && \
	$(PY) scripts/build_offline.py --pages-only $(OFFLINE_STAGE) --edition en; site=$$?; \
	wait $$beside; beside=$$?; \
	if [ $$site -ne 0 ] || [ $$beside -ne 0 ]; then rm -rf $(PRINT_STAGE) $(PRINT_STAGE_ES) $(OFFLINE_STAGE) $(OFFLINE_STAGE_ES) $(ES_STAGE); exit 1; fi
	@# Merged, not replaced: the print kit page itself (print-kit/index.html) comes from MkDocs.
	@mkdir -p $(SITE_DIR)/print-kit && cp -a $(PRINT_STAGE)/. $(SITE_DIR)/print-kit/ && rm -rf $(PRINT_STAGE)
	@rm -rf $(SITE_DIR)/es && mv $(ES_STAGE) $(SITE_DIR)/es
	@mkdir -p $(SITE_DIR)/es/print-kit && cp -a $(PRINT_STAGE_ES)/. $(SITE_DIR)/es/print-kit/ && rm -rf $(PRINT_STAGE_ES)
	@rm -rf $(OFFLINE_STAGE)/es && mv $(OFFLINE_STAGE_ES) $(OFFLINE_STAGE)/es
	$(PY) scripts/build_offline.py --pages $(OFFLINE_STAGE); status=$$?; rm -rf $(OFFLINE_STAGE); exit $$status

## The web pages only (fast): English into SITE_DIR, then Spanish into SITE_DIR/es.
site: setup
	$(MKDOCS) build --strict --site-dir $(SITE_DIR)
	$(MKDOCS) build --strict -f mkdocs-es.yml --site-dir $(SITE_DIR)/es

## Live preview at http://127.0.0.1:8000; skips the PDFs and rebuilds only changed pages.
## Not strict: a warning while editing is printed, not fatal (make test stays strict).
serve: setup
	$(MKDOCS) serve --dirty --no-strict

## The Spanish pages (docs/es/), at http://127.0.0.1:8001.
serve-es: setup
	$(MKDOCS) serve --dirty --no-strict -f mkdocs-es.yml -a 127.0.0.1:8001

test: build
	$(PY) -m pytest

## Recompile the pinned requirements.txt from requirements.in.
lock: $(VENV)/bin/pip-compile
	$(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url -o requirements.txt requirements.in

$(VENV)/bin/pip-compile: setup

## Every external link of the built site (needs the internet). Reports go to dist/link-health/;
## `make linkcheck REPORT=data/link-health` writes them where the link health page reads them.
linkcheck: build
	$(PY) scripts/linkcheck.py $(if $(REPORT),--output-dir "$(REPORT)")

## The offline edition ($(SITE_DIR)/downloads/*-offline.zip) is part of every build.
offline: build

## Times (also as multiples of a plain Material build of the same Markdown), peak memory, page
## weights, PDF sizes and Lighthouse scores against their budgets, in a copy of the tree
## (.cache/bench.json; scripts/benchmark/README.md). STRICT=1 fails on a missed budget;
## SKIP="lighthouse weight" leaves parts out.
bench: setup
	$(PY) scripts/bench.py $(if $(STRICT),--strict) $(foreach part,$(SKIP),--skip $(part))

kit: setup
	$(PY) scripts/build_kit.py $(if $(AGENCY),--agency "$(AGENCY)")

stale: setup
	$(PY) scripts/review_dates.py --stale
	$(PY) scripts/translations.py

## The property tests of agency.yml with many more generated files than `make test` tries.
fuzz: setup
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest -q tests/test_agency_properties.py

clean:
	rm -rf site site.print-kit site.print-kit-es site.offline-pages site.offline-pages-es site.es dist .pytest_cache .cache .hypothesis node_modules
	find . -name __pycache__ -type d -prune -not -path './$(VENV)/*' -exec rm -rf {} +
