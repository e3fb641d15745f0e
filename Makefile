# Hongdun: every target installs what it needs first, so each works on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_ENTERPRISES ?= 20000
export DJANGO_SETTINGS_MODULE ?= config.settings.local

.PHONY: install run test lint bench messages clean

$(STAMP): requirements.lock requirements-dev.lock
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock -r requirements-dev.lock
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	@mkdir -p var
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo --enterprises $(DEMO_ENTERPRISES) --seed 1
	$(BIN)/python manage.py rebuild_namecheck_index
	$(BIN)/python manage.py collectstatic --no-input -v 0
	@echo ""
	@echo "Hongdun is serving on http://$(HOST):$(PORT)/   (back office: /staff/, API: /api/docs/)"
	@echo "Demo logins, password Hongdun#2026: admin, leader, personnel, discipline, registrar, registrar_jiuyuan, supervisor, jiuyuan_head, applicant"
	@echo ""
	@# The task worker (Excel imports and other background work) runs beside gunicorn and is
	@# stopped with it: the trap ends the worker whenever this shell exits (Ctrl+C, kill, crash).
	@$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn config.wsgi:application --bind $(HOST):$(PORT) --workers 3 --access-logfile -

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/lint-imports

# Coverage of hongdun/ is measured, printed and held to the floor `fail_under` in pyproject.toml;
# `make test COVERAGE_ARGS=` runs without it (for a subset of the tests, say).
COVERAGE_ARGS ?= --cov --cov-report=term-missing:skip-covered

test: $(STAMP) lint
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python -m pytest -n 2 $(COVERAGE_ARGS) $(PYTEST_ARGS)

# Every benchmark suite, each in its own databases under var/bench/; pick some with
# `make bench BENCH_SUITES="prereview queue"`. BENCH_ARGS goes to the search suite (bench/run.py).
BENCH_SUITES ?= search namecheck prereview queue workdays workforce-import workforce-overview
BENCH_SCRIPT_search := bench/run.py $(BENCH_ARGS)
BENCH_SCRIPT_namecheck := -m bench.namecheck_bench
BENCH_SCRIPT_prereview := bench/registration_prereview_bench.py
BENCH_SCRIPT_queue := bench/registration_queue_bench.py
BENCH_SCRIPT_workdays := bench/workdays_bench.py
BENCH_SCRIPT_workforce-import := bench/workforce_import_bench.py
BENCH_SCRIPT_workforce-overview := bench/workforce_overview_bench.py

bench: $(STAMP)
	@$(foreach s,$(BENCH_SUITES),$(if $(BENCH_SCRIPT_$(s)),,$(error unknown bench suite "$(s)"; known: search namecheck prereview queue workdays workforce-import workforce-overview)))
	@$(foreach s,$(BENCH_SUITES),echo "" && echo "===== make bench: $(s) =====" && $(BIN)/python $(BENCH_SCRIPT_$(s)) &&) true

messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=var --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var/static
