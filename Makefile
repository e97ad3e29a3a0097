# Two commands do everything on a fresh machine:
#   make run    set up (.venv, requirements, migrate, reference + seed data, admin) and serve
#   make test   set up the same way and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test setup venv data lint fixtures clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

setup: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_seed_data
	$(PY) manage.py ensure_admin

run: setup
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: venv
	$(PY) -m pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Rebuild fixtures/*.json from ../shared (only when the reference files change).
fixtures: venv
	$(PY) manage.py build_fixtures

clean:
	rm -rf $(VENV) staticfiles test-artifacts
