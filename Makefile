# Two commands matter: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_WORKERS ?= auto
export DJANGO_SETTINGS_MODULE := zhaoshang.settings
# Where the SQLite file, the generated secret key and uploads live (as in settings.py).
VAR_DIR := $(or $(ZHAOSHANG_VAR_DIR),var)
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2

.PHONY: run serve worker test lint deps browser pg-client bench check clean demo-reset render-circular render-tools loadtest fuzz

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

deps: $(STAMP) node_modules/.package-lock.json

# Debian's chromium for the Playwright tests; never a downloaded browser.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "正在安装 chromium 与中文字体 (apt-get)…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

# The demo command builds 清河县 only once, so running `make run` again keeps the data.
run: deps
	mkdir -p $(VAR_DIR)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py demo
	bin/serve $(HOST):$(PORT) $(WORKERS)

# The background-task worker alone (make run already starts one next to gunicorn).
worker: deps
	$(PY) manage.py db_worker

# Starts the demo over. Only ever deletes the local SQLite file, never a DATABASE_URL.
demo-reset: deps
	@test -z "$$DATABASE_URL" || { echo "已设置 DATABASE_URL：demo-reset 只重置本机 SQLite 演示库，未做任何改动。"; exit 1; }
	rm -f $(VAR_DIR)/zhaoshang.sqlite3 $(VAR_DIR)/zhaoshang.sqlite3-wal $(VAR_DIR)/zhaoshang.sqlite3-shm
	$(PY) manage.py migrate --noinput --verbosity 0
	$(PY) manage.py demo

# pg_dump and pg_restore, for manage.py backup/restore (and their tests) on PostgreSQL.
pg-client:
	@case "$$DATABASE_URL" in postgres*) command -v pg_dump >/dev/null 2>&1 || { \
	  echo "正在安装 postgresql-client (apt-get)…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null; } ;; esac

# ruff (style and likely bugs), mypy with django-stubs, and the layer contracts of
# import-linter (pyproject.toml), on the whole package, before the tests.
lint: deps
	$(VENV)/bin/ruff check zhaoshang
	$(VENV)/bin/mypy zhaoshang
	$(VENV)/bin/lint-imports

test: deps browser pg-client lint
	$(PY) manage.py makemigrations --check --dry-run >/dev/null || { echo "模型有未生成的迁移"; exit 1; }
	$(PY) -m pytest -q -n $(TEST_WORKERS)

# A long schemathesis run against /api/v1/openapi.json (the suite runs a few examples
# per operation): random, all phases, FUZZ_EXAMPLES per operation and token.
FUZZ_EXAMPLES ?= 200
fuzz: deps
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest -q -n $(TEST_WORKERS) -p no:logging zhaoshang/core/tests/test_api_fuzz.py

# LibreOffice, poppler and the CJK fonts for the circular's visual check (apt-get).
render-tools:
	@command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 || { \
	  echo "正在安装 LibreOffice、poppler-utils 与中文字体 (apt-get)…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui poppler-utils fonts-noto-cjk >/dev/null; }

# Generate last month's circular from the demo county and render its first pages to PNG (var/render/).
render-circular: deps render-tools
	scripts/render_circular.sh

check: deps
	$(PY) manage.py check --deploy --fail-level WARNING

# Province-scale benchmark: SQLite (var/bench/), then PostgreSQL (database zhaoshang_bench).
BENCH_SCALE ?= 1
BENCH_RUNS ?= 5
BENCH_PG ?= postgres://postgres@127.0.0.1:5432/postgres
bench: deps
	env -u DATABASE_URL $(PY) manage.py bench --scale $(BENCH_SCALE) --runs $(BENCH_RUNS)
	DATABASE_URL=$(BENCH_PG) $(PY) manage.py bench --scale $(BENCH_SCALE) --runs $(BENCH_RUNS)

# 20 clients for 2 minutes against bin/serve on SQLite (var/loadtest/); not part of `make test`.
loadtest: deps
	$(PY) scripts/loadtest.py

clean:
	rm -rf $(VENV) node_modules var
