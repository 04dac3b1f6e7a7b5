# Two commands on a fresh machine with Python 3.10+:
#   make demo   run the example API on http://127.0.0.1:8000 (SQLite, local-memory cache)
#   make test   ruff, mypy --strict, the docs samples and the three pytest suites with coverage,
#               with the client generators tests/*/test_generated_clients.py run (the
#               example's and the adopter's; installed first)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

GEN_VENV ?= .venv-generators
GEN_STAMP := $(GEN_VENV)/.installed
NODE_TOOLS := tests/generators/node_modules
NODE_STAMP := $(NODE_TOOLS)/.installed

.PHONY: demo test lint typecheck pytest bench clean generators docs docs-serve docs-samples release-check

# The documentation tools (requirements-docs.txt) go into the same venv: the docs build runs
# docs/generate.py --check (Django) and mypy checks the build's hooks.
$(STAMP): pyproject.toml requirements-dev.txt requirements-docs.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements-dev.txt -r requirements-docs.txt -e .
	touch $(STAMP)

# openapi-python-client and datamodel-code-generator in a venv of their own (they would pin the
# project's dev tools otherwise), openapi-typescript and tsc from the lockfile.
generators: $(GEN_STAMP) $(NODE_STAMP)

$(GEN_STAMP): requirements-generators.txt
	$(PYTHON) -m venv $(GEN_VENV)
	$(GEN_VENV)/bin/python -m pip install -q -r requirements-generators.txt
	touch $(GEN_STAMP)

$(NODE_STAMP): tests/generators/package.json tests/generators/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		(cd tests/generators && npm ci --no-audit --no-fund --loglevel=error) && touch $(NODE_STAMP); \
	else \
		echo "npm not found: the TypeScript client tests will skip (CI requires them)"; \
	fi

demo: $(STAMP)
	$(BIN)/python example_project/manage.py migrate --noinput -v0
	$(BIN)/python example_project/manage.py demo_data
	$(BIN)/python example_project/manage.py runserver 127.0.0.1:8000

# The docs' tables against the code, and the docs' Python samples run (tests/docs: a few
# seconds, no coverage; its own pytest run since it has its own settings).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python docs/generate.py --check
	$(MAKE) --no-print-directory docs-samples

# Every ```python block of docs/*.md and of the root pages the site includes runs, but those
# marked as fragments (tests/docs/test_samples.py says how); prints how many of each.
docs-samples: $(STAMP)
	$(BIN)/pytest tests/docs --ds=tests.docs.settings -p no:cacheprovider -q

# The documentation site (mkdocs.yml) into site/: strict, so a broken link or anchor, a missing
# reference target or a stale generated table (the hook runs docs/generate.py --check) fails it.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

docs-serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve

typecheck: $(STAMP)
	$(BIN)/mypy

# Three suites, one settings module each (pytest-django takes one per process): the library's
# tests on their own test app, the example project's, then the adopter's (a shop project with
# simplejwt, django-filter, django-cors-headers). All always run; any failing fails the target.
# Coverage adds up over the runs: the fail_under gate (pyproject.toml) applies to the combined
# total, which the last run reports.
pytest: $(STAMP) generators
	failed=0; \
	$(BIN)/pytest tests/library --ds=tests.library.settings \
		--cov --cov-report= --cov-fail-under=0 $(PYTEST_ARGS) || failed=1; \
	$(BIN)/pytest tests/example --ds=tests.example.settings \
		--cov --cov-append --cov-report= --cov-fail-under=0 $(PYTEST_ARGS) || failed=1; \
	$(BIN)/pytest tests/adopter --ds=tests.adopter.settings \
		--cov --cov-append --cov-report=term-missing $(PYTEST_ARGS) || failed=1; \
	exit $$failed

test: lint typecheck pytest

# Build the sdist and the wheel into dist/ (pinned tools), twine check, check what they hold and
# run the built wheel's smoke test on Python 3.10 and 3.13 (.ci/release; CI runs it too).
release-check: $(STAMP)
	bash .ci/release

clean:
	rm -rf $(VENV) $(GEN_VENV) $(NODE_TOOLS) site .venv-release .venv-smoke-* dist .mypy_cache .pytest_cache .ruff_cache .coverage example_project/db.sqlite3
