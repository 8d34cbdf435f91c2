# Two commands matter: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE := zhaoshang.settings

.PHONY: run serve test deps browser bench check clean

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

run: deps
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py demo
	$(VENV)/bin/gunicorn zhaoshang.wsgi --bind 127.0.0.1:8000 --workers 2 --access-logfile -

test: deps browser
	$(PY) manage.py makemigrations --check --dry-run >/dev/null || { echo "模型有未生成的迁移"; exit 1; }
	$(PY) -m pytest -q

check: deps
	$(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules var
