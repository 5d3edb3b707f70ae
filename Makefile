# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HTMX := gilde/static/vendor/htmx.min.js
HOST ?= 127.0.0.1:8000
# Links in mail point at the address `make run` serves (HOST), unless SITE_URL says otherwise.
SITE_URL ?= http://$(HOST)
# pytest-xdist workers for `make test`: auto (one per core), a number, or 0 for none.
TEST_WORKERS ?= auto

.PHONY: run test test-fast typecheck setup lint format messages clean

run: setup
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo --if-empty
	SITE_URL=$(SITE_URL) $(PY) manage.py runserver $(HOST)

test: setup
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# The quick loop while working: everything but the browser tests, the access matrix and
# the tests that start processes.
test-fast: setup
	$(PY) -m pytest -n $(TEST_WORKERS) -m "not browser and not matrix and not processes" $(PYTEST_ARGS)

# mypy with Django's stubs over the application code (configured in pyproject.toml).
typecheck: setup
	$(VENV)/bin/mypy

setup: $(STAMP) $(HTMX)
	@mkdir -p var
	$(PY) manage.py compile_catalogues

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Gilde needs Python 3.11 or newer")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# htmx comes from the npm registry with a lock file; pages work without it,
# so a machine without npm only prints a note.
$(HTMX): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && \
		mkdir -p $(dir $(HTMX)) && cp node_modules/htmx.org/dist/htmx.min.js $(HTMX); \
	else echo "npm not found: serving pages without htmx"; fi

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Extract new strings into the catalogues (needs GNU gettext's xgettext).
messages: setup
	cd gilde && ../$(PY) ../manage.py makemessages -l nl -l en --no-obsolete --no-location

clean:
	rm -rf $(VENV) node_modules gilde/static/vendor staticfiles
