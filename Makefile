# The two commands of the README: `make demo` and `make test`. Everything else is a step they use.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
DATABASE_URL_TEST ?= postgres://postgres@127.0.0.1:5432/mentoring
REDIS_URL_TEST ?= redis://127.0.0.1:6379/0
PYTEST_ARGS ?=

.PHONY: demo test provision install install-dev messages lint serve worker clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# axe-core for the accessibility checks of the browser tests, from the npm registry (needs npm).
var/node/node_modules/axe-core/axe.min.js:
	npm install --silent --prefix var/node axe-core --no-audit --no-fund

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

messages: $(VENV)/.installed
	$(PY) manage.py compile_catalogue

# The demo: SQLite and in-process jobs unless DATABASE_URL / REDIS_URL are set.
demo: install messages
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo_school
	@if [ -n "$$REDIS_URL" ]; then \
		$(VENV)/bin/celery -A config worker --beat --loglevel=INFO --concurrency=2 \
			--pidfile=var/celery.pid --logfile=var/celery.log --schedule=var/celerybeat-schedule --detach; \
		echo "Celery worker started (log: var/celery.log)"; fi
	$(PY) manage.py runserver 127.0.0.1:8000

# What the suite needs from the machine (Chromium, gettext, poppler-utils, npm, Pango, one system font, PostgreSQL and
# Redis answering): installed as root, otherwise a message naming what is missing, before anything else runs.
provision:
	DATABASE_URL=$${DATABASE_URL:-$(DATABASE_URL_TEST)} REDIS_URL=$${REDIS_URL:-$(REDIS_URL_TEST)} \
		PYTHON=$(PYTHON) VENV=$(VENV) scripts/provision

# The whole test suite, on PostgreSQL and Redis (never SQLite). Browser tests drive /usr/bin/chromium.
test: provision install-dev messages var/node/node_modules/axe-core/axe.min.js
	DATABASE_URL=$${DATABASE_URL:-$(DATABASE_URL_TEST)} REDIS_URL=$${REDIS_URL:-$(REDIS_URL_TEST)} \
		$(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

worker: install
	$(VENV)/bin/celery -A config worker --beat --loglevel=INFO

clean:
	rm -rf var/demo.sqlite3 var/media var/static

# Developers: refresh locale/ru from the sources, fill translations from I18N_DICTS (files defining
# T = {"msgid": "перевод"}), compile. flock serialises concurrent runs.
I18N_DICTS ?= $(wildcard /tmp/i18n/*.py)
PO_FILL_FLAGS ?=
i18n: install-dev
	flock /tmp/mentoring-i18n.lock sh -c '$(PY) manage.py makemessages -l ru --no-obsolete --ignore ".venv/*" \
		--ignore "var/*" --ignore "tests/*" --ignore "benchmarks/*" && \
		$(PY) locale/po_fill.py $(PO_FILL_FLAGS) $(I18N_DICTS); $(PY) manage.py compile_catalogue'
