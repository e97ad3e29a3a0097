# Two commands do everything on a fresh machine:
#   make run    set up (.venv, requirements, migrate, reference + seed data, admin) and serve
#   make test   set up the same way and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test setup venv data lint fixtures clean serve

# Installs quietly: pip's output goes to $(VENV)/install.log, shown only when it fails.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	@echo "Installing the requirements into $(VENV) (about 20 s; log in $(VENV)/install.log)..."
	@$(PYTHON) -m venv $(VENV)
	@( $(PY) -m pip install --quiet --upgrade pip && \
	   $(PY) -m pip install --quiet -r requirements-dev.txt ) > $(VENV)/install.log 2>&1 \
	   || { cat $(VENV)/install.log; echo "make: installing the requirements failed"; exit 1; }
	@touch $@

venv: $(VENV)/.installed

# Migrations and reference data quietly; ensure_admin prints the address, the user and the
# password last, so that `make run` ends with them just before the server starts.
setup: venv
	@echo "Migrating the database and loading the reference data..."
	@$(PY) manage.py migrate --noinput -v0
	@$(PY) manage.py load_seed_data -v0
	@$(PY) manage.py ensure_admin --url http://127.0.0.1:$(PORT)/

run: setup
	@$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production-like server: gunicorn (gunicorn.conf.py: cores + 1 workers, 127.0.0.1:$(PORT)),
# DEBUG off, whitenoise serving the collected static files, persistent database connections.
# It needs SECRET_KEY (and ALLOWED_HOSTS), or LOCAL=1: loopback only, a random key kept in
# $(VENV)/local-secret-key, no HTTPS redirect or HSTS (plain HTTP on 127.0.0.1).
LOCAL ?=
SERVE_ENV = DEBUG=0 CONN_MAX_AGE=$${CONN_MAX_AGE:-600}
ifeq ($(LOCAL),1)
SERVE_ENV += SECRET_KEY=$$(cat $(VENV)/local-secret-key) ALLOWED_HOSTS=127.0.0.1,localhost \
	SECURE_SSL_REDIRECT=0 SECURE_HSTS_SECONDS=0 GUNICORN_BIND=127.0.0.1:$(PORT)
endif

$(VENV)/local-secret-key: | venv
	$(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

serve: venv $(if $(filter 1,$(LOCAL)),$(VENV)/local-secret-key)
	@if [ -z "$$SECRET_KEY" ] && [ "$(LOCAL)" != 1 ]; then \
		echo "make serve: set SECRET_KEY and ALLOWED_HOSTS, or LOCAL=1 for 127.0.0.1 only"; exit 2; fi
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(SERVE_ENV) $(PY) manage.py migrate --noinput -v0
	$(SERVE_ENV) PORT=$(PORT) $(VENV)/bin/gunicorn -c gunicorn.conf.py config.wsgi

# One test process per core (pytest-xdist), each file in one process so that module fixtures
# (a browser, a Celery worker) start once; TEST_WORKERS=0 runs everything in this process.
TEST_WORKERS ?= auto
test: venv
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Rebuild fixtures/*.json from ../shared (only when the reference files change).
fixtures: venv
	$(PY) manage.py build_fixtures

clean:
	rm -rf $(VENV) staticfiles test-artifacts
