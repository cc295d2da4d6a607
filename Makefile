# Serverless Pattern Explorer: set-up, run and test.
#   make run    install everything, load the content, serve http://127.0.0.1:8000
#   make test   install what the tests need and run linters and the whole suite
#   make test-quick   the same checks and every test but the slow ones (real tools, browsers)
#   make serve-production   the production configuration (DEBUG off, gunicorn) on $(HOST)
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run lock checks test test-quick test-services install install-dev system-packages lint format content check-content bench bench-load bench-browser bench-lighthouse serve-production vendor-icons clean

run: install system-packages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_content
	$(PY) manage.py runserver $(HOST)

# Linters, the type checker (its settings: pyproject.toml [tool.mypy]) and the content and
# migration checks, before any test.
checks: install-dev
	@scripts/install-system-packages --test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PY) manage.py check_content
	$(PY) manage.py makemigrations --check --dry-run

test: checks
	$(PY) -m pytest

test-quick: checks
	$(PY) -m pytest -m "not slow" -p no:randomly

# The same suite against the production services: a real PostgreSQL server and a real Redis
# cache on loopback (installed from Debian's packages when missing, started and stopped here).
test-services: install-dev
	@scripts/install-system-packages --test
	scripts/with-postgres scripts/with-redis $(PY) -m pytest

$(VENV)/created:
	"$$(scripts/find-python)" -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	touch $@

# Installs come from the lock files (exact versions with hashes); the .txt files keep the
# ranges a human edits. `make lock` refreshes both locks after editing a .txt file.
$(VENV)/runtime-installed: $(VENV)/created requirements.lock
	$(VENV)/bin/pip install --quiet --require-hashes -r requirements.lock
	touch $@

$(VENV)/dev-installed: $(VENV)/runtime-installed requirements-dev.lock
	$(VENV)/bin/pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

LOCK := $(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
	--no-emit-index-url --no-emit-find-links
lock: install-dev
	$(LOCK) --output-file=requirements.lock requirements.txt
	$(LOCK) --output-file=requirements-dev.lock requirements-dev.txt
	$(LOCK) --output-file=requirements-sam-cli.lock requirements-sam-cli.txt
	$(LOCK) --output-file=requirements-serverless-rules.lock requirements-serverless-rules.txt

# Node packages the tests drive (tests/js/package.json, pinned by its lock file): the local
# Step Functions interpreter that runs the generated state machines, and aws-cdk-lib, constructs
# and TypeScript, which type-check the generated CDK TypeScript apps.
tests/js/node_modules/.package-lock.json: tests/js/package.json tests/js/package-lock.json
	npm ci --prefix tests/js --no-audit --no-fund


# AWS's Serverless Rules need cfn-lint 1.54+, which no longer runs the SAM transform that the
# main venv's cfn-lint runs: they get a venv of their own (tests/test_serverless_rules.py).
SERVERLESS_RULES_VENV := .venv-serverless-rules

$(SERVERLESS_RULES_VENV)/installed: requirements-serverless-rules.lock
	"$$(scripts/find-python)" -m venv $(SERVERLESS_RULES_VENV)
	$(SERVERLESS_RULES_VENV)/bin/pip install --quiet --require-hashes -r requirements-serverless-rules.lock
	touch $@

# AWS SAM CLI pins boto3, click and cfn-lint exactly: a venv of its own for `sam validate --lint`
# (tests/test_sam_validate.py).
SAM_CLI_VENV := .venv-sam-cli

$(SAM_CLI_VENV)/installed: requirements-sam-cli.lock
	"$$(scripts/find-python)" -m venv $(SAM_CLI_VENV)
	$(SAM_CLI_VENV)/bin/pip install --quiet --require-hashes -r requirements-sam-cli.lock
	touch $@

install: $(VENV)/runtime-installed
install-dev: $(VENV)/dev-installed $(SERVERLESS_RULES_VENV)/installed $(SAM_CLI_VENV)/installed \
	tests/js/node_modules/.package-lock.json

# Debian packages the app shells out to; installed only when missing.
system-packages:
	@scripts/install-system-packages

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

content: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_content

check-content: install
	$(PY) manage.py check_content

# Benchmarks print figures; they assert nothing (cfn-lint, timed by operations.py, is a dev tool).
bench: install-dev system-packages
	$(PY) bench/diagrams.py
	$(PY) bench/operations.py

# The AWS Architecture Icons the diagrams draw, re-copied into static/diagram-icons/ from the
# npm package version pinned in explorer/domain/diagrams/icons.py (needs npm and Chromium).
vendor-icons: install-dev
	@scripts/install-system-packages --test
	$(PY) scripts/vendor-aws-icons

# gunicorn on loopback driven by wrk for LOAD_SECONDS (default 60); fails on any error.
bench-load: install system-packages
	bench/load.sh

# Each pattern page in Debian's Chromium (Playwright) against the production server started
# by bench/production_server.py: layout offsets, update latency, long tasks, bytes, history.
bench-browser: install-dev
	@scripts/install-system-packages --test
	$(PY) bench/browser.py

# Lighthouse (bench/package.json, pinned by its lock file) on every page, mobile: the
# performance and accessibility scores and the failing accessibility audits.
bench/node_modules/.package-lock.json: bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund

bench-lighthouse: install bench/node_modules/.package-lock.json
	@scripts/install-system-packages --test
	$(PY) bench/lighthouse.py

# The production configuration on this machine: DEBUG off, static files collected and served
# by whitenoise, gunicorn. Plain HTTP here, so no redirect to HTTPS unless SECURE_SSL_REDIRECT
# says so; without SECRET_KEY a generated one is used (sessions end with the server).
serve-production: install system-packages
	@[ -n "$$SECRET_KEY" ] || echo "SECRET_KEY is not set: using a generated one for this run"
	export DEBUG=false \
	  SECRET_KEY="$${SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
	  ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	  SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-false}" \
	  GUNICORN_BIND="$(HOST)" && \
	$(PY) manage.py migrate --noinput && \
	$(PY) manage.py load_content && \
	$(PY) manage.py collectstatic --noinput -v 0 && \
	exec $(PY) -m gunicorn --config python:explorer.gunicorn_conf explorer.wsgi:application

clean:
	rm -rf $(VENV) $(SERVERLESS_RULES_VENV) db.sqlite3 .pytest_cache
