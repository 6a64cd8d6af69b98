# The two commands of the README: `make demo` (the main job) and `make test`. Everything else helps.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# What make starts (demo, tests, bench, soak) is a development stack: it may use the public tokens of
# deploy/credentials/dev.json, which services refuse in production (the image's default).
export MOTCUA_ENV ?= development

.PHONY: demo test unit integration e2e bench bench-history up down status protos protos-check install clean deploy-check soak faults cluster-up cluster-down cluster-status cluster-test report-fixtures run stop image image-check lint

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

# The suite in the background (Kafka, ClickHouse, the six services) on the ports of the MOTCUA_*
# variables (docs/conventions.md), until `make stop`; logs in .motcua/logs.
run: $(STAMP)
	$(PY) -m motcua_tools.suite run

status: $(STAMP)
	$(PY) -m motcua_tools.suite status

stop:
	@test -x $(PY) && $(PY) -m motcua_tools.suite stop || true

demo: $(STAMP)
	$(PY) -m motcua_tools.demo.run

# ruff (pinned in the test extras) and the kernel's import boundary run before any test.
lint: $(STAMP)
	$(VENV)/bin/ruff check services tests
	$(PY) -m pytest -q -p no:cacheprovider tests/unit/test_kernel_boundary.py

test: $(STAMP) lint protos-check
	$(PY) -m pytest --ignore=tests/cluster

unit: $(STAMP)
	$(PY) -m pytest -m unit

integration: $(STAMP)
	$(PY) -m pytest -m integration

e2e: $(STAMP)
	$(PY) -m pytest -m e2e

# The renderer tests' report models, rebuilt from the golden month by the current model code.
report-fixtures: $(STAMP)
	MOTCUA_WRITE_REPORT_FIXTURES=1 $(PY) -m pytest tests/integration/test_reporting_golden.py -q -k fixtures

bench: $(STAMP)
	$(PY) -m motcua_tools.bench

# Not in CI: one month's report with N months of history stored, `make bench-history MONTHS="1 2 12 36"`.
MONTHS ?= 1 2 12 36
bench-history: $(STAMP)
	$(PY) -m motcua_tools.bench.history $(MONTHS)

# A steady mixed load on a private stack, its figures and the ledger: `make soak SOAK_MINUTES=1`.
SOAK_MINUTES ?= 10
SOAK_RATE ?= 300
soak: $(STAMP)
	$(PY) -m motcua_tools.soak --minutes $(SOAK_MINUTES) --rate $(SOAK_RATE)

# A local cluster: 3 KRaft Kafka nodes (RF 3, min ISR 2, 6 partitions) and 2 ClickHouse shards.
cluster-up: $(STAMP)
	$(PY) -m motcua_tools.infra.cluster up

cluster-down:
	@test -x $(PY) && $(PY) -m motcua_tools.infra.cluster down || true

cluster-status: $(STAMP)
	$(PY) -m motcua_tools.infra.cluster status

# The suite on a cluster of its own (3 brokers, 2 shards, a projector group), faults under load.
cluster-test: $(STAMP)
	$(PY) -m pytest tests/cluster

faults: $(STAMP)
	$(PY) -m pytest -m faults

clean: stop down
	rm -rf .motcua out

# Offline validation of deploy/, docker-compose.yml and k8s/ (installs promtool, docker-compose,
# kustomize and kubernetes-validate when missing).
deploy-check: $(STAMP)
	bash deploy/check/run.sh

# The services' image (deploy/docker/Dockerfile) built with the engine this machine has (docker, else
# buildah, else podman); image-check runs each service from it against a private Kafka and ClickHouse
# until it answers health, then stops everything.
image:
	bash deploy/image/build.sh

image-check: $(STAMP) image
	$(PY) deploy/image/check.py
