# The two commands every newcomer needs: `make run` and `make test`. See README.md.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app intake.app
PG_ADMIN_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres
PYTEST_ARGS ?=

.PHONY: run test lint typecheck contracts test-sqlite test-postgres services assets translations compile-translations bench soak clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

assets:
	scripts/build-assets.sh

# Issue 15: extract the English, update every catalogue, compile (docs/languages.md).
translations: $(VENV)/.installed
	$(PY) -m intake.catalogues extract
	$(PY) -m intake.catalogues update
	$(PY) -m intake.catalogues compile

compile-translations: $(VENV)/.installed
	$(PY) -m intake.catalogues compile

run: $(VENV)/.installed assets compile-translations
	$(FLASK) init-db
	$(FLASK) run --host 127.0.0.1 --port 5000

services: assets
	scripts/ensure-postgres.sh
	scripts/ensure-chromium.sh
	scripts/ensure-wrk.sh
	scripts/ensure-dovecot.sh

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy

contracts: $(VENV)/.installed
	$(VENV)/bin/lint-imports

test-sqlite: $(VENV)/.installed services compile-translations
	TEST_DATABASE=sqlite $(PY) -m pytest $(PYTEST_ARGS)

test-postgres: $(VENV)/.installed services compile-translations
	TEST_DATABASE=postgresql TEST_PG_ADMIN_URL=$(PG_ADMIN_URL) $(PY) -m pytest $(PYTEST_ARGS)

test: lint typecheck contracts test-sqlite test-postgres

bench: $(VENV)/.installed services
	$(PY) -m bench.run --pg-admin-url $(PG_ADMIN_URL) --out BENCHMARKS.md

# Not part of `make test`: the whole service on this machine under load and faults, up to ~30 minutes.
# SOAK_ARGS="--duration 120 --rate 2" for a short try. Writes RELIABILITY.md; fails on any loss or doubling.
SOAK_ARGS ?=
soak: $(VENV)/.installed services
	$(PY) -m soak.run --pg-admin-url $(PG_ADMIN_URL) $(SOAK_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
