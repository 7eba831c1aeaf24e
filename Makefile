# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.lock | cut -c1-12)
PYTEST_ARGS ?=
# Production variables for `check --deploy`, with a fresh random key each time.
PROD_ENV := DEBUG=0 SECRET_KEY=$(shell $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	SITE_URL=https://alliance.example.org ALLOWED_HOSTS=alliance.example.org
# The development targets run with DEBUG on (its development key) unless DEBUG is given.
DEV_ENV = DEBUG=$${DEBUG:-1}
# Compiled bytecode kept under var/ (ignored by git) for every command, even where the
# environment says PYTHONDONTWRITEBYTECODE: without it each start of pytest, manage.py or
# celery compiles some 2,500 modules again (about 5 s). tests/conftest.py does the same for
# a pytest started alone.
unexport PYTHONDONTWRITEBYTECODE
export PYTHONPYCACHEPREFIX := $(CURDIR)/var/pycache

.PHONY: install run test check lint format demo migrate bench clean

$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip uv
	$(VENV)/bin/uv pip sync -q --python $(PY) requirements.lock
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

migrate: install
	mkdir -p var/celery/queue var/celery/processed var/media
	$(DEV_ENV) $(PY) manage.py migrate --noinput

demo: migrate
	$(DEV_ENV) $(PY) manage.py load_demo
	$(DEV_ENV) $(PY) manage.py create_demo_users

# Web, Celery worker and beat together in the foreground; Ctrl-C stops all three.
run: demo
	@echo "Alliance: http://127.0.0.1:8000"
	DEBUG=1 $(VENV)/bin/honcho start -f Procfile.dev

test: install
	$(VENV)/bin/pytest -n 2 --dist loadfile $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: lint
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(PROD_ENV) $(PY) manage.py check --deploy --fail-level WARNING

# The benches on PostgreSQL (scratch databases alliance_bench*, Redis db 15 flushed): the
# site at 10,000 then 50,000 projects, then the idea import and the reminder sending. Each
# bench/bench_*.py also runs on its own; `make test` never runs them.
BENCH_PG ?= postgres://postgres@127.0.0.1:5432
bench: install
	mkdir -p var/celery/queue var/celery/processed var/media
	BENCH_PG=$(BENCH_PG) $(PY) bench/bench_site.py --size 10000
	BENCH_PG=$(BENCH_PG) $(PY) bench/bench_site.py --size 50000 --budget 1.5 --min-cold 3 --min-warm 4 --floor-runs 2
	$(PY) bench/bench_site.py --only-database $(BENCH_PG)/alliance_bench_import
	DATABASE_URL=$(BENCH_PG)/alliance_bench_import $(PY) bench/bench_import.py
	$(PY) bench/bench_site.py --only-database $(BENCH_PG)/alliance_bench_circles
	DATABASE_URL=$(BENCH_PG)/alliance_bench_circles $(PY) bench/bench_circles.py
	$(PY) bench/bench_map.py --sizes 10000 50000
	$(PY) bench/bench_map_first_load.py --size 10000

clean:
	rm -rf var/celery
