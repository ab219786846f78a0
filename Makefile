# The two set-up commands of the README: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask
export FLASK_APP := wsgi.py

PIP_TOOLS := pip-tools==7.6.2
LOCK_VENV := .venv-lock
PIP_COMPILE := $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links

.PHONY: run test install install-dev vendor translations lint bench lock screenshots

# Installs come from the locks (every package, pinned, with hashes); the .txt files are
# the hand-edited inputs (top-level pins). After editing one, run `make lock`.
$(VENV)/.installed: requirements.lock
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --require-hashes -r requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock $(VENV)/.installed
	$(PY) -m pip install -q --require-hashes -r requirements-dev.lock
	touch $@

## Re-resolve requirements.lock and requirements-dev.lock from the .txt inputs (pinned pip-tools, own venv)
lock:
	test -x $(LOCK_VENV)/bin/python || python3 -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install -q $(PIP_TOOLS)
	$(PIP_COMPILE) --output-file=requirements.lock requirements.txt
	$(PIP_COMPILE) --constraint=requirements.lock --output-file=requirements-dev.lock requirements-dev.txt

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
	bash tools/run-dev.sh

# One pytest-xdist worker per core (each with its own database); TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= auto

## Run the whole test suite (SQLite by default; set DATABASE_URL for PostgreSQL)
test: install-dev
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

## Refresh the tracked screenshots in docs/screenshots (browser tests; normally they write to tests/e2e/screens-tmp)
screenshots: install-dev
	UPDATE_SCREENSHOTS=1 $(PY) -m pytest tests/e2e -q -p no:cacheprovider $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## Full benchmark (SQLite then PostgreSQL on 127.0.0.1); see bench/README.md
bench: install-dev
	$(PY) -m bench.run $(BENCH_ARGS)
