# Kompeten Medan. `make run` starts everything on the embedded default
# (SQLite + kombu filesystem broker); set DATABASE_URL and REDIS_URL to use
# PostgreSQL and Redis instead. `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install lock run test lint format bench messages check-deploy clean

help:
	@echo "make run    - install, migrate, seed demo data, start web + Celery worker + beat"
	@echo "make test   - run the whole test suite"
	@echo "make lint   - ruff check and format check"
	@echo "make bench  - benchmarks (ratios against a baseline measured in the same run)"
	@echo "make lock   - regenerate the dependency locks from pyproject.toml (UPGRADE=pkg or all)"

# The whole dependency tree comes from the lock, checked against its hashes; the project itself is installed
# without dependencies, so nothing resolves at install time and two installs a month apart are the same.
# The installer is uv (pinned in the same lock, itself installed by pip from its hashed entry): it downloads
# in parallel and keeps a shared cache, so a fresh .venv takes seconds, not the ~2 minutes pip's serial
# downloads took. --compile-bytecode as pip does: every later process (migrate, seed_demo, web, worker,
# beat) starts from compiled modules, also where PYTHONDONTWRITEBYTECODE is set. Where uv cannot be
# installed or fails (no wheel for the platform, a TLS proxy only pip is set up for), pip installs the lock.
UV_REQ := $(VENV)/uv-requirement.txt
$(VENV)/.installed: requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed (found %s)" % sys.version.split()[0])'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	awk '/^[^ #]/ { keep = /^uv==/ } keep' requirements.lock > $(UV_REQ)
	if $(PY) -m pip install --quiet --require-hashes --no-deps -r $(UV_REQ) && \
		$(VENV)/bin/uv pip install --quiet --python $(PY) --require-hashes --compile-bytecode -r requirements.lock; then \
		$(VENV)/bin/uv pip install --quiet --python $(PY) --no-deps --no-build-isolation -e . ; \
	else \
		echo "uv is not usable here: installing the lock with pip"; \
		$(PY) -m pip install --quiet --require-hashes -r requirements.lock && \
		$(PY) -m pip install --quiet --no-deps --no-build-isolation -e . ; \
	fi
	touch $@

# Regenerate requirements.lock (runtime + dev) and requirements-runtime.lock (the Docker image) from
# pyproject.toml, keeping every pin that still fits; the runtime lock is constrained by the full one, so both
# hold the same versions. `make lock UPGRADE="kombu redis"` moves those packages to their newest fitting
# versions, `make lock UPGRADE=all` everything. Needs only pip-tools in .venv, not a working lock.
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe \
	--strip-extras --no-emit-index-url --no-emit-find-links \
	$(if $(filter all,$(UPGRADE)),--upgrade,$(foreach p,$(UPGRADE),--upgrade-package $(p)))
lock:
	test -x $(VENV)/bin/pip-compile || $(MAKE) install
	$(PIP_COMPILE) --extra dev -o requirements.lock pyproject.toml
	$(PIP_COMPILE) -c requirements.lock -o requirements-runtime.lock pyproject.toml

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# The feedback form's service worker (Workbox, issue 14), rebuilt when its sources or the shell change.
SW := static/feedback/pwa/build/sw.js
$(SW): node_modules/.installed scripts/build-sw.mjs feedback/pwa/sw.src.js $(wildcard static/feedback/*.js static/feedback/*.css static/css/*.css static/js/*.js)
	npm run build:sw

install: $(VENV)/.installed node_modules/.installed $(SW)

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Starting web on http://$(HOST):$(PORT) with a Celery worker and beat; Ctrl-C stops all."
	@# WEB_PORT: honcho gives every process its own PORT; the worker and beat need the web's
	@# to build links (SITE_URL, derived in the local settings unless .env or the shell sets it).
	HOST=$(HOST) PORT=$(PORT) WEB_PORT=$(PORT) $(VENV)/bin/honcho -f Procfile.dev start

test: install
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# City scale (issue 13): needs DATABASE_URL=postgres://... on a server where it may create
# throwaway databases; seeds 0.1 and 1.0 with seed_city, writes bench/results.md and
# bench/results.json, exits non-zero when a target is missed. BENCH_ARGS="--scales 0.1 --no-http"
# for a quick run.
bench: install
	$(PY) bench/run.py $(BENCH_ARGS)
	$(VENV)/bin/pytest bench -p no:cacheprovider -q -s --no-header --ds=asn_competency.settings.test --no-migrations -o testpaths=bench

# Extract and compile translations: `make messages` (all) or `make messages APP=training`.
messages: install
	$(PY) scripts/messages.py $(APP)

check-deploy: install
	DJANGO_SETTINGS_MODULE=asn_competency.settings.production SECRET_KEY=check-deploy-$$(date +%s)-0123456789abcdefghijklmnopqrstuvwxyz ALLOWED_HOSTS=kompeten.pemkomedan.go.id \
		SITE_URL=https://kompeten.pemkomedan.go.id \
		$(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules .data staticfiles
