# Baken: `make demo` sets everything up and serves the demo; `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Find a Python 3.12 that really runs (a pyenv shim may exist without the version being active):
# PYTHON=... wins, then python3.12 on PATH, then pyenv's 3.12.x, then /usr/bin/python3.12.
ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell for p in python3.12 $$(ls -1d $$(pyenv root 2>/dev/null)/versions/3.12*/bin/python3.12 2>/dev/null | sort -r) /usr/bin/python3.12 /usr/local/bin/python3.12; do \
	  if "$$p" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))' >/dev/null 2>&1; then command -v "$$p"; break; fi; done)
endif
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= baken.config.settings.dev
export BAKEN_BASIS_URL ?= http://$(HOST):$(PORT)

.PHONY: help install demo serve migrate test test-postgres test-browser test-spark lint typecheck ci bench chromium clean audit

help:
	@echo "make demo     - virtualenv (Python 3.12), installeren, database, Noord-Holland-demo, server op http://$(HOST):$(PORT)"
	@echo "make test     - de hele testsuite (SQLite; browsertests als Chromium er is)"
	@echo "make ci       - lint, types, migraties, tests op SQLite en PostgreSQL, browsertests, Spark"
	@echo "make bench    - prestatiemetingen (verhoudingen) in bench/"

$(STAMP): pyproject.toml requirements.lock
	@if [ -z "$(PYTHON)" ]; then echo "Python 3.12 niet gevonden. Geef hem op: make demo PYTHON=/pad/naar/python3.12"; exit 1; fi
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 12), "Baken heeft Python 3.12 nodig, niet " + sys.version' 
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	mkdir -p var
	$(PY) manage.py migrate --noinput -v0

demo: migrate
	$(PY) manage.py demo_laden
	$(PY) manage.py termijnen_bewaken >var/herinneringen.log
	@echo ""
	@echo "Herinneringsmails voor termijnen van vandaag staan in var/herinneringen.log."
	@echo "Inloggen (wachtwoord baken-demo-2026): melder.alkmaar, af.alkmaar, zorgcoordinator, beheerder;"
	@echo "daarna de code uit een authenticator-app met demo-sleutel JBSWY3DPEHPK3PXP (oathtool --totp -b JBSWY3DPEHPK3PXP)."
	@echo "Baken draait op http://$(HOST):$(PORT)  (stoppen: Ctrl+C). Nieuwe e-mails verschijnen hier in de terminal."
	$(PY) manage.py db_worker --interval 2 --no-reload & \
	  worker=$$!; trap "kill $$worker 2>/dev/null" EXIT; \
	  $(PY) manage.py runserver --noreload $(HOST):$(PORT)

serve: migrate
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	DJANGO_SETTINGS_MODULE=baken.config.settings.test $(PY) -m pytest -n auto --dist loadfile -q

test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres} \
	  DJANGO_SETTINGS_MODULE=baken.config.settings.test $(PY) -m pytest -n 2 --dist loadfile -q -m "not browser and not spark"

test-browser: install
	BAKEN_BROWSER_VERPLICHT=1 DJANGO_SETTINGS_MODULE=baken.config.settings.test $(PY) -m pytest -q -m browser

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit -c pyproject.toml -r src -q
	mkdir -p var
	DJANGO_SETTINGS_MODULE=baken.config.settings.test $(PY) manage.py makemigrations --check --dry-run

# Known vulnerabilities in the pinned dependencies. Needs internet (the vulnerability
# database), so it is not part of `make ci`; --strict fails when it cannot reach it instead of
# reporting "no known vulnerabilities". pip-audit is installed here only, not a dependency.
audit: install
	$(PY) -m pip install --quiet pip-audit
	$(VENV)/bin/pip-audit --strict -r requirements.lock

# Linking on Splink's Spark backend gives the same result as on DuckDB (docs/linkage-schaal.md).
# Installs the optional `spark` extra (PySpark, ~460 MB; needs Java 17+); fails, never skips.
test-spark: install
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev,spark]'
	BAKEN_SPARK_VERPLICHT=1 DJANGO_SETTINGS_MODULE=baken.config.settings.test $(PY) -m pytest -q -m spark -p no:cacheprovider src/baken/linkage/tests/test_spark.py

typecheck: install
	$(VENV)/bin/mypy src

chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils)

ci: chromium lint typecheck
	BAKEN_BROWSER_VERPLICHT=1 $(MAKE) test
	$(MAKE) test-postgres
	$(MAKE) test-spark

bench: install
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev,bench]'
	DJANGO_SETTINGS_MODULE=baken.config.settings.test $(PY) bench/run.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
