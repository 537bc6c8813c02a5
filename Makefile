# The two commands of the README: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Settings from a local .env, if there is one (see .env.example).
ifneq (,$(wildcard .env))
include .env
export
endif

.PHONY: install browser run test lint format

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# The browser tests drive Debian's chromium (Playwright cannot download its own browser here);
# the PDF tests read the reports back with poppler's pdfinfo.
browser:
	@command -v chromium >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; \
		else echo "Browser and pdfinfo tests are skipped: install Debian's chromium and poppler-utils (sudo apt-get install chromium poppler-utils)."; fi; }

# Development mode is asked for explicitly: the settings default to production (DEBUG off).
run: install
	DEBUG=true $(BIN)/python manage.py migrate --noinput
	DEBUG=true $(BIN)/python manage.py load_demo
	@echo "Cancerplan körs på http://127.0.0.1:8000 – avsluta med Ctrl-C."
	@# The worker lays out reports and sends mail; it stops with the server (Ctrl-C stops both).
	DEBUG=true $(BIN)/python manage.py db_worker --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:8000

# The tests run on tests/settings.py, which turns development mode on.
test: install browser
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
