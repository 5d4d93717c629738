# Groundwork: `make run` for a local clinic with demo data, `make test` for the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: help run test lint typecheck check-python install migrate seed system-deps browser-deps clean bench-reminders

help:
	@echo "make run    - set up .venv, migrate, load demo data, run web + worker + beat"
	@echo "make test   - set up .venv and run lint, migration check, type check and the test suite"

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null || { \
	  echo "Groundwork needs Python 3.12 or newer, but '$(PYTHON)' is: $$($(PYTHON) --version 2>&1 || echo 'not found')."; \
	  echo "Install Python 3.12+ (with pyenv: 'pyenv install 3.12', the repo's .python-version selects it)"; \
	  echo "or point make at one: make $(MAKECMDGOALS) PYTHON=/path/to/python3.12"; \
	  exit 1; }

# A venv built by an older Python is rebuilt rather than patched.
$(STAMP): pyproject.toml requirements/constraints.txt | check-python
	@if [ -x $(BIN)/python ] && ! $(BIN)/python -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then \
	  echo "Rebuilding $(VENV): it was made with an older Python."; rm -rf $(VENV); fi
	@[ -x $(BIN)/python ] || { echo "Creating $(VENV)…"; $(PYTHON) -m venv $(VENV); }
	@echo "Installing dependencies (pinned by requirements/constraints.txt)…"
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements/constraints.txt -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	@$(BIN)/python manage.py migrate --noinput

seed: migrate
	@$(BIN)/python manage.py load_catalogue
	@$(BIN)/python manage.py seed_demo

run: system-deps seed
	@echo ""
	@echo "Groundwork is starting at http://127.0.0.1:$(PORT)/  (web, Celery worker and beat; Ctrl-C stops all three)"
	@echo "Demo logins above; password: $${DEMO_PASSWORD:-groundwork-demo}"
	@echo ""
	@WEB_PORT=$(PORT) PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start -f Procfile

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy .

# System packages from Debian: pango and a font for WeasyPrint's PDF handouts; Chromium for the
# browser tests (never a downloaded browser). Installed with apt only when missing.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages for PDF handouts: $$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  ($$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing) >/dev/null \
	  || { echo "Could not install $$missing with apt; PDF handouts need them."; exit 1; }; fi

browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests…"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  ($$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium) >/dev/null \
	  || { echo "Could not install chromium with apt; browser tests need /usr/bin/chromium."; exit 1; }; }

test: install system-deps lint typecheck browser-deps
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file /dev/null
	$(BIN)/pytest $(PYTEST_ARGS)

# Reminder delivery benchmark: N patients (default 10000; N=100000 works, in minutes) due in the
# same minute, dispatched through Redis to BENCH_WORKERS real worker processes; prints deliveries
# per second, time to drain, duplicates and misses (docs/performance.md). Needs PostgreSQL and
# Redis: DATABASE_URL/CELERY_BROKER_URL from the environment, else a database of its own
# (groundwork_bench, created if missing and emptied on every run) and Redis database 10.
N ?= 10000
BENCH_WORKERS ?= 2
BENCH_CONCURRENCY ?= 2
bench-reminders: install
	DJANGO_SETTINGS_MODULE=bench.settings \
	DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/groundwork_bench}" \
	CELERY_BROKER_URL="$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/10}" \
	$(BIN)/python manage.py bench_reminders --patients $(N) --workers $(BENCH_WORKERS) --concurrency $(BENCH_CONCURRENCY)

clean:
	rm -rf $(VENV) var
