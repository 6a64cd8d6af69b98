# The two commands of the README: `make demo` (the main job) and `make test`. Everything else helps.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint unit integration e2e bench up down status protos protos-check install clean deploy-check soak faults

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found (Python 3.11 is required)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

protos: $(STAMP)
	$(PY) -m motcua_tools.protos generate

protos-check: $(STAMP)
	$(PY) -m motcua_tools.protos check

up: $(STAMP)
	$(PY) -m motcua_tools.infra up

down:
	@test -x $(PY) && $(PY) -m motcua_tools.infra down || true

status: $(STAMP)
	$(PY) -m motcua_tools.infra status

demo: $(STAMP)
	$(PY) -m motcua_tools.demo.run

# ruff (pinned in the test extras) and the kernel's import boundary run before any test.
lint: $(STAMP)
	$(VENV)/bin/ruff check services tests
	$(PY) -m pytest -q -p no:cacheprovider tests/unit/test_kernel_boundary.py

test: $(STAMP) lint protos-check
	$(PY) -m pytest

unit: $(STAMP)
	$(PY) -m pytest -m unit

integration: $(STAMP)
	$(PY) -m pytest -m integration

e2e: $(STAMP)
	$(PY) -m pytest -m e2e

bench: $(STAMP)
	$(PY) -m motcua_tools.bench

# A steady mixed load on a private stack, its figures and the ledger: `make soak SOAK_MINUTES=1`.
SOAK_MINUTES ?= 10
SOAK_RATE ?= 300
soak: $(STAMP)
	$(PY) -m motcua_tools.soak --minutes $(SOAK_MINUTES) --rate $(SOAK_RATE)

faults: $(STAMP)
	$(PY) -m pytest -m faults

clean: down
	rm -rf .motcua out

# Offline validation of deploy/, docker-compose.yml and k8s/ (installs promtool, docker-compose,
# kustomize and kubernetes-validate when missing).
deploy-check: $(STAMP)
	bash deploy/check/run.sh
