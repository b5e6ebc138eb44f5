# Two commands matter: `make run` (demo on SQLite) and `make test` (the whole suite).
VENV    := .venv
PY      := $(VENV)/bin/python
NETMGR  := $(VENV)/bin/netmgr
PGURL   ?= postgresql://postgres@127.0.0.1:5432/postgres
TEST_DB ?= sqlite postgres
HOST    ?= 127.0.0.1
PORT    ?= 5000

.PHONY: run test lint setup setup-test demo catalogs assets clean

$(VENV)/.installed: setup.cfg pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

node_modules/.installed: package.json
	npm install --no-audit --no-fund --silent
	touch $@

assets: node_modules/.installed
	$(PY) -m netmgr.web.assets

catalogs: $(VENV)/.installed
	$(VENV)/bin/pybabel -q compile -d netmgr/translations

setup: $(VENV)/.installed assets catalogs

## Run the service on the embedded default: SQLite in instance/, demo data, in-process scheduler.
run: setup
	$(NETMGR) db upgrade heads
	$(NETMGR) seed-municipalities
	$(NETMGR) demo
	@echo "netmgr: http://$(HOST):$(PORT)/  (coordinator: koordinator@lup.no / demo-passord-123)"
	$(NETMGR) run --host $(HOST) --port $(PORT)

## Lint: ruff (rules and format) and the import layers of docs/architecture.md.
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check netmgr tests bench
	$(VENV)/bin/ruff format --check netmgr tests bench
	$(VENV)/bin/lint-imports --no-cache

## Run the whole test suite on SQLite and on PostgreSQL (a fresh database per run, both at the
## same time: .ci/suites), after lint.
test: setup lint
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)
	PY=$(PY) PGURL=$(PGURL) PYTEST_ARGS="$(PYTEST_ARGS)" bash .ci/suites $(TEST_DB)

clean:
	rm -rf $(VENV) node_modules instance netmgr/static/vendor
