# Two commands on a fresh machine with Python 3.10+:
#   make demo   run the example API on http://127.0.0.1:8000 (SQLite, local-memory cache)
#   make test   ruff, mypy --strict and the three pytest suites with coverage
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest bench clean

$(STAMP): pyproject.toml requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements-dev.txt -e .
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python example_project/manage.py migrate --noinput -v0
	$(BIN)/python example_project/manage.py demo_data
	$(BIN)/python example_project/manage.py runserver 127.0.0.1:8000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python docs/generate.py --check

typecheck: $(STAMP)
	$(BIN)/mypy

# Three suites, one settings module each (pytest-django takes one per process): the library's
# tests on their own test app, the example project's, then the adopter's (a shop project with
# simplejwt, django-filter, django-cors-headers). All always run; any failing fails the target.
# Coverage adds up over the runs: the fail_under gate (pyproject.toml) applies to the combined
# total, which the last run reports.
pytest: $(STAMP)
	failed=0; \
	$(BIN)/pytest tests/library --ds=tests.library.settings \
		--cov --cov-report= --cov-fail-under=0 $(PYTEST_ARGS) || failed=1; \
	$(BIN)/pytest tests/example --ds=tests.example.settings \
		--cov --cov-append --cov-report= --cov-fail-under=0 $(PYTEST_ARGS) || failed=1; \
	$(BIN)/pytest tests/adopter --ds=tests.adopter.settings \
		--cov --cov-append --cov-report=term-missing $(PYTEST_ARGS) || failed=1; \
	exit $$failed

test: lint typecheck pytest

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .coverage example_project/db.sqlite3
