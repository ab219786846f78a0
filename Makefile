# The two set-up commands of the README: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask
export FLASK_APP := wsgi.py

.PHONY: run test install install-dev vendor translations lint bench

$(VENV)/.installed: requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed vendor translations

install-dev: $(VENV)/.installed-dev vendor translations

static/vendor/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	bash tools/copy-vendor.sh
	touch $@

vendor: static/vendor/.installed

translations: $(VENV)/.installed
	$(FLASK) translate compile

## Start the app with demo data on SQLite at http://127.0.0.1:8000
run: install
	$(FLASK) init-db
	$(FLASK) seed-demo --if-empty
	@$(PY) -m app.demo_logins
	$(VENV)/bin/gunicorn --config gunicorn.conf.py wsgi:app

## Run the whole test suite (SQLite by default; set DATABASE_URL for PostgreSQL)
test: install-dev
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## Full benchmark (SQLite then PostgreSQL on 127.0.0.1); see bench/README.md
bench: install-dev
	$(PY) -m bench.run $(BENCH_ARGS)
