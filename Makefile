# Newsroom: the two commands a newcomer needs are `make run` and `make test`.
# Both set up everything on a fresh machine: the virtual environment (Python 3.13
# from .python-version) with the locked dependencies, then the database.

PYTHON ?= $(shell command -v python3.13 2>/dev/null || echo python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run demo test install install-dev checkers lint format lock messages clean

run: demo  ## Serve the demo site on http://127.0.0.1:8000 (SQLite, seed stories, demo editor) with its background worker
	@NEWSROOM_DEBUG=1 $(BIN)/python manage.py run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	NEWSROOM_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

demo: install
	NEWSROOM_DEBUG=1 $(BIN)/python manage.py migrate --no-input
	NEWSROOM_DEBUG=1 $(BIN)/python manage.py setup_demo

test: install-dev checkers  ## Run the whole test suite (DATABASE_URL selects PostgreSQL)
	$(BIN)/pytest $(PYTEST_ARGS)

# Offline checkers the tests use: the Nu HTML Checker (needs Java) and axe-core; and
# Debian's nginx, which the deploy test runs in front of gunicorn.
checkers: node_modules/.installed
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { echo "nginx is needed for the deploy test: apt-get install nginx-light"; exit 1; }

node_modules/.installed: package-lock.json
	@command -v java >/dev/null || { echo "Java is needed for the HTML checker: apt-get install default-jre-headless"; exit 1; }
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --check
	$(BIN)/djlint templates --lint
	$(BIN)/djlint jinja2 --profile=jinja --check
	$(BIN)/djlint jinja2 --profile=jinja --lint

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djlint templates --reformat
	$(BIN)/djlint jinja2 --profile=jinja --reformat

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Newsroom needs Python 3.12 or newer (3.13 pinned in .python-version); found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@ $(VENV)/.installed

lock: install-dev  ## Re-lock after changing dependencies in pyproject.toml
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe -o requirements.lock pyproject.toml
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --extra dev -c requirements.lock -o requirements-dev.lock pyproject.toml

messages: install-dev  ## Update the English catalog from the (Indonesian) source strings, then compile
	NEWSROOM_DEBUG=1 $(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=tests --no-location
	NEWSROOM_DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache staticfiles
