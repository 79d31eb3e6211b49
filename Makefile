# Two commands: `make run` (fresh clone → running system) and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
CONSTRAINTS := requirements/constraints.txt

# DEBUG is off unless asked for (settings.py); the development targets ask for it here.
run demo migrate test: export DEBUG ?= 1

.PHONY: run test backup restore install install-test system-deps system-deps-test migrate demo lint bench bench-pages bench-pdf bench-sweep bench-statistics bench-records lock vendor clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml $(CONSTRAINTS)
	$(BIN)/python -m pip install -q -c $(CONSTRAINTS) -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install -q -c $(CONSTRAINTS) -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

system-deps:
	@scripts/system-deps.sh run

system-deps-test:
	@scripts/system-deps.sh test

migrate: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py compilemessages -v0 --ignore=.venv || echo "compilemessages: gettext missing, English UI unavailable"

demo: migrate
	$(BIN)/python manage.py seed_demo

run: system-deps demo
	$(BIN)/python scripts/run_all.py

test: system-deps-test install-test
	$(BIN)/python manage.py compilemessages -v0 --ignore=.venv
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/python -m ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run

# Regenerate the constraints file from what is installed (after changing pyproject.toml).
lock: install-test
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e' > $(CONSTRAINTS)

# Refresh the vendored front-end files from the npm registry (the intranet has no CDN).
vendor:
	npm install --no-save --no-audit --no-fund
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/js/bootstrap.bundle.min.js static/vendor/bootstrap/
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
	cp node_modules/echarts/dist/echarts.min.js node_modules/echarts/LICENSE static/vendor/echarts/
	cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE static/vendor/axe-core/
	sed -i 's#/\*\# sourceMappingURL=.*\*/##; s#//\# sourceMappingURL=.*##' static/vendor/*/*.min.*

# Render time (median, p95) and size of each document kind in a warm process (issue 4).
# Pages and API through gunicorn against generated volume (docs/benchmarks.md); DATABASE_URL must name a
# scratch PostgreSQL database. BENCH_CASES supervision cases (and disputes, deadlines, documents in proportion).
BENCH_CASES ?= 100000
bench-pages: install
	$(BIN)/python manage.py migrate -v0
	$(BIN)/python manage.py seed_demo --force
	@if [ "$$($(BIN)/python manage.py shell -c 'from supervision.models import SupervisionCase as C; print(C.objects.count() >= $(BENCH_CASES))' 2>/dev/null | tail -1)" != "True" ]; then \
		$(BIN)/python manage.py generate_volume --cases $(BENCH_CASES); fi
	$(BIN)/python benchmarks/bench_pages.py

bench: bench-pages bench-sweep bench-pdf

bench-pdf: migrate install-test
	$(BIN)/python benchmarks/bench_pdf.py

# 1,000,000 deadlines through the sweep; DATABASE_URL must name a scratch PostgreSQL database.
bench-sweep: install
	$(BIN)/python benchmarks/bench_sweep.py

# The statistics page and API at volume (needs DATABASE_URL pointing at a scratch PostgreSQL database; issue 16).
bench-statistics: install
	$(BIN)/python benchmarks/bench_statistics.py

# Database + media with a SHA-256 manifest (docs/operations.md). BACKUP_DIR defaults to var/backups/<time>.
backup: install
	$(BIN)/python manage.py backup $(BACKUP_DIR)

# Into a fresh, empty database (DATABASE_URL) and MEDIA_ROOT: make restore FROM=var/backups/20261128T210000
restore: install
	@test -n "$(FROM)" || { echo "usage: make restore FROM=<backup directory>"; exit 2; }
	$(BIN)/python manage.py restore $(FROM)

clean:
	rm -rf var test-artifacts

# The records centre at volume (issue 17): BENCH_RECORDS generated records (PostgreSQL, generate_records),
# then an import of 100,000 rows, an incremental run after 10,000, and full rule runs. DATABASE_URL must
# name a scratch PostgreSQL database (the generator drops and rebuilds the records' indexes around a load).
BENCH_RECORDS ?= 1000000
bench-records: install
	$(BIN)/python manage.py migrate -v0
	$(BIN)/python manage.py seed_demo --organizations-only --force
	@have=$$($(BIN)/python manage.py shell -c 'from enforcement_records.models import EnforcementRecord as R; print(R.objects.count())' 2>/dev/null | tail -1); \
	if [ "$$have" -lt "$(BENCH_RECORDS)" ]; then $(BIN)/python manage.py generate_records --records $$(( $(BENCH_RECORDS) - have )); fi
	$(BIN)/python benchmarks/bench_records.py --rows 100000 --incremental 10000
