# ambassade: `make run` serves the demo, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEMO_PASSWORD := ambassade-demo
export DJANGO_SETTINGS_MODULE := config.settings

.PHONY: run install install-dev test test-fast lint typecheck migrations-check browser-check messages clean bench-listening

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[nlp]"
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/python manage.py load_demo --password $(DEMO_PASSWORD)
	@echo ""
	@echo "  ambassade runs at http://127.0.0.1:$(PORT)/"
	@echo "  demo accounts: admin, comms, recruiter, manager, employee; password: $(DEMO_PASSWORD)"
	@echo ""
	$(BIN)/python manage.py runperiodic --loop & \
	  trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
	  DEBUG=$${DEBUG:-true} SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} \
	  $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-dev
	$(BIN)/mypy ambassade config

migrations-check: install-dev
	$(BIN)/python manage.py makemigrations --check --dry-run -v 1

browser-check:
	@test -x "$${CHROMIUM:-/usr/bin/chromium}" || { \
	  echo "Chromium is missing: install Debian's package (sudo apt-get install chromium) or set CHROMIUM."; \
	  echo "Chromium est absent : installez le paquet Debian (sudo apt-get install chromium) ou définissez CHROMIUM."; \
	  exit 1; }

# Every check, as CI runs it: lint, types, migrations, then the whole suite (browser tests included).
test: install-dev browser-check lint typecheck migrations-check
	$(BIN)/pytest -q

test-fast: install-dev
	$(BIN)/pytest -q -m "not browser"

messages: install-dev
	cd ambassade && ../$(BIN)/django-admin makemessages -l fr --no-obsolete --ignore 'static/*'
	cd ambassade && ../$(BIN)/django-admin compilemessages -l fr

clean:
	rm -rf $(VENV) var/test-*.sqlite3*

# The redirect benchmark (bench/redirect.py, docs/performance.md): SQLite, then PostgreSQL when one
# answers on 127.0.0.1:5432. KILL=1 kills a server worker with SIGKILL in the middle of the run.
.PHONY: bench-redirect
bench-redirect: install
	@command -v wrk >/dev/null 2>&1 || { \
	  echo "Installing Debian's wrk for the benchmark"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO="sudo"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python bench/redirect.py $(if $(filter 1 true yes,$(KILL)),--kill)

# The listening enrichment benchmark (bench/listening.py, docs/listening-enrichment.md): quality per task on
# ../shared/research_data/listening (DATA=... to point elsewhere) and throughput of both tiers.
bench-listening: install-dev
	$(BIN)/python bench/listening.py $(if $(DATA),--data $(DATA))
