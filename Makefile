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
	@echo "==> Creating the virtual environment in $(VENV) (once)"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "==> Installing the Python packages from the lock files (the first time takes a few minutes)"
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -r requirements.lock -r requirements-dev.lock
	@touch $(STAMP)
	@echo "==> Python packages installed"

install: $(STAMP)

# The public address the licence QR codes and public links carry follows the address this target
# serves on, unless the environment already says it (e.g. HONGDUN_PUBLIC_BASE_URL=https://… when
# a proxy publishes the demo). With HOST=0.0.0.0 set it (and DJANGO_ALLOWED_HOSTS) explicitly:
# 0.0.0.0 is a listening address, not one anybody can open.
run: export HONGDUN_PUBLIC_BASE_URL ?= http://$(HOST):$(PORT)

# Each step says what it does before it starts, so a first run is never minutes of silence. The
# system check runs once, first: it warns (and goes on) when the Chinese fonts the PDFs need are
# missing, since every page works without them; the later steps skip the repeated checks.
run: $(STAMP)
	@mkdir -p var
	@echo "==> 1/6 Checking the set-up (settings; Chinese fonts for the PDFs: fc-list :lang=zh)"
	@$(BIN)/python manage.py check
	@echo "==> 2/6 Migrating the database"
	$(BIN)/python manage.py migrate --no-input --skip-checks
	@echo "==> 3/6 Loading the demo bureau ($(DEMO_ENTERPRISES) enterprises the first time, a few minutes; then nothing to add)"
	$(BIN)/python manage.py seed_demo --enterprises $(DEMO_ENTERPRISES) --seed 1 --skip-checks
	@echo "==> 4/6 Building the name-check index"
	$(BIN)/python manage.py rebuild_namecheck_index --skip-checks
	@echo "==> 5/6 Collecting static files into var/static"
	$(BIN)/python manage.py collectstatic --no-input -v 1 --skip-checks
	@echo "==> 6/6 Starting the task worker and gunicorn"
	@echo ""
	@echo "Hongdun is serving on http://$(HOST):$(PORT)/   (back office: /staff/, API: /api/docs/)"
	@echo "Licence QR codes and public links point to $(HONGDUN_PUBLIC_BASE_URL)"
	@echo "Demo logins, password Hongdun#2026: admin, leader, personnel, discipline, registrar, registrar_jiuyuan, supervisor, supervisor_baotou, jiuyuan_head, applicant"
	@echo ""
	@# The task worker (Excel imports and other background work) runs beside gunicorn and is
	@# stopped with it: the trap ends the worker whenever this shell exits (Ctrl+C, kill, crash).
	@$(BIN)/python manage.py db_worker --no-reload --skip-checks & worker=$$!; \
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
# `make bench BENCH_SUITES="prereview queue"`. BENCH_ARGS goes to the search suite (bench/run.py),
# DISCLOSURE_BENCH_ARGS to the disclosure suite (e.g. "--quick" or "--backend sqlite"),
# SUPERVISION_BENCH_ARGS to the supervision suite (it runs on the disclosure suite's databases),
# CREDIT_BENCH_ARGS to the credit suite (the same databases).
BENCH_SUITES ?= search namecheck prereview queue workdays workforce-import workforce-overview disclosure supervision credit
BENCH_SCRIPT_search := bench/run.py $(BENCH_ARGS)
BENCH_SCRIPT_namecheck := -m bench.namecheck_bench
BENCH_SCRIPT_prereview := bench/registration_prereview_bench.py
BENCH_SCRIPT_queue := bench/registration_queue_bench.py
BENCH_SCRIPT_workdays := bench/workdays_bench.py
BENCH_SCRIPT_workforce-import := bench/workforce_import_bench.py
BENCH_SCRIPT_workforce-overview := bench/workforce_overview_bench.py
BENCH_SCRIPT_disclosure := bench/disclosure_bench.py $(DISCLOSURE_BENCH_ARGS)
BENCH_SCRIPT_supervision := bench/supervision_bench.py $(SUPERVISION_BENCH_ARGS)
BENCH_SCRIPT_credit := bench/credit_bench.py $(CREDIT_BENCH_ARGS)

bench: $(STAMP)
	@$(foreach s,$(BENCH_SUITES),$(if $(BENCH_SCRIPT_$(s)),,$(error unknown bench suite "$(s)"; known: search namecheck prereview queue workdays workforce-import workforce-overview disclosure supervision credit)))
	@$(foreach s,$(BENCH_SUITES),echo "" && echo "===== make bench: $(s) =====" && $(BIN)/python $(BENCH_SCRIPT_$(s)) &&) true

messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=var --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var/static
