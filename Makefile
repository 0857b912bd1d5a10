# Aftercare: `make run` serves the demo, `make test` runs every test.
# Each step installs what it needs, so both work on a fresh machine.

PY      := .venv/bin/python
PIP     := .venv/bin/pip
STAMP   := .make
HOST    ?= 127.0.0.1
PORT    ?= 8000
WORKERS ?= 2
export FLASK_APP := server

.PHONY: run test test-python test-postgres test-webapp webapp bench lint format clean

run: $(STAMP)/venv webapp instance/secret_key
	$(PY) -m flask migrate
	$(PY) -m flask demo --if-empty
	@echo "Aftercare on http://$(HOST):$(PORT)/  (API docs: /api/v1/openapi.json)"
	.venv/bin/gunicorn --config gunicorn.conf.py --bind $(HOST):$(PORT) --workers $(WORKERS) --access-logfile - wsgi:app

test: $(STAMP)/venv-dev $(STAMP)/chromium webapp test-webapp test-python test-postgres

# A random key for signing report links, made once (SECRET_KEY in the environment wins).
instance/secret_key:
	@mkdir -p instance
	@python3 -c "import secrets; print(secrets.token_hex(32))" > $@
	@chmod 600 $@

# --- installs -------------------------------------------------------------------------
$(STAMP)/venv: pyproject.toml
	@mkdir -p $(STAMP)
	test -x $(PY) || python3 -m venv .venv
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	@touch $@

$(STAMP)/venv-dev: $(STAMP)/venv pyproject.toml
	$(PIP) install --quiet -e '.[dev]'
	@touch $@

# Browser tests use Debian's Chromium (Playwright's own download is not reachable).
$(STAMP)/chromium:
	@mkdir -p $(STAMP)
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	@command -v pdftoppm >/dev/null || { \
	  echo "Installing poppler-utils (pdftoppm) to read back the PDF label sheets"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils; }
	@touch $@

webapp/node_modules/.package-lock.json: webapp/package-lock.json
	cd webapp && npm ci --no-audit --no-fund

webapp: webapp/node_modules/.package-lock.json
	cd webapp && npm run build

# --- tests ----------------------------------------------------------------------------
test-webapp: webapp/node_modules/.package-lock.json
	cd webapp && npm test

test-python: $(STAMP)/venv-dev
	$(PY) -m ruff check server tests benchmarks
	$(PY) -m pytest

test-postgres: $(STAMP)/venv-dev
	scripts/test-postgres

# The PouchDB side of benchmarks/test_pouchdb_bench.py, pinned in two folders (npm would
# mix pouchdb-server's 7.x modules with the 9.x client). No install scripts: leveldown
# ships its prebuilt binary, and sqlite3 (only for pouchdb-server --sqlite) is not built.
POUCHDB := benchmarks/pouchdb
$(POUCHDB)/%/node_modules/.package-lock.json: $(POUCHDB)/%/package-lock.json
	cd $(POUCHDB)/$* && npm ci --no-audit --no-fund --ignore-scripts

# Lighthouse 13 for benchmarks/test_lighthouse_bench.py, pinned with node 22 from npm
# (Lighthouse 13 needs it; the system node may be older). It drives Debian's Chromium
# through puppeteer-core: no browser is downloaded.
LIGHTHOUSE := benchmarks/lighthouse
$(LIGHTHOUSE)/node_modules/.package-lock.json: $(LIGHTHOUSE)/package-lock.json
	cd $(LIGHTHOUSE) && npm ci --no-audit --no-fund

bench: $(STAMP)/venv-dev $(STAMP)/chromium webapp $(POUCHDB)/server/node_modules/.package-lock.json \
       $(POUCHDB)/client/node_modules/.package-lock.json $(LIGHTHOUSE)/node_modules/.package-lock.json
	$(PY) -m pytest benchmarks -q

lint: $(STAMP)/venv-dev
	$(PY) -m ruff check server tests benchmarks
	$(PY) -m ruff format --check server tests benchmarks

format: $(STAMP)/venv-dev
	$(PY) -m ruff format server tests benchmarks
	$(PY) -m ruff check --fix server tests benchmarks

clean:
	rm -rf $(STAMP) .venv webapp/node_modules webapp/dist
