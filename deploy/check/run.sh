#!/usr/bin/env bash
# Validate everything that cannot run here (no Docker engine, no Kubernetes cluster), offline:
#   Prometheus config, alert rules and their unit tests (promtool); docker-compose.yml (docker-compose
#   config); every kustomize overlay, validated against Kubernetes schemas and motcua's CRD schemas;
#   the Grafana dashboards (JSON, PromQL through promtool, SQL through ClickHouse); deployment policy;
#   then the image is built and each service run from it (deploy/image/).
# Idempotent: installs the tools it misses (Debian packages, one Go module, one PyPI tool venv), then
# runs every check, reports each, and exits non-zero if any failed. `make deploy-check` calls it.
set -uo pipefail
cd "$(dirname "$0")/../.."

KUSTOMIZE_VERSION=v5.8.2            # v5.8.3 needs Go >= 1.27
KUBERNETES_VALIDATE_VERSION=1.37.0
KUBERNETES_VERSION=1.33.0           # schemas the manifests are validated against
TOOLS_VENV="${MOTCUA_DEPLOY_TOOLS:-$HOME/.cache/motcua/deploy-tools}"
PY="${PY:-.venv/bin/python}"        # the project's venv (chdb for the dashboards' SQL)
export PATH="$PATH:$(go env GOPATH 2>/dev/null || echo "$HOME/go")/bin"

install_tools() {
  local apt=()
  command -v promtool >/dev/null && command -v prometheus >/dev/null || apt+=(prometheus)
  command -v docker-compose >/dev/null || apt+=(docker-compose)
  if [ "${MOTCUA_DEPLOY_CHECK_IMAGE:-1}" != 0 ] && ! timeout 20 docker info >/dev/null 2>&1; then
    local tool  # the image is built and run without a Docker daemon (deploy/image/)
    for tool in buildah podman debootstrap; do command -v "$tool" >/dev/null || apt+=("$tool"); done
  fi
  if ((${#apt[@]})); then
    echo "== installing Debian packages: ${apt[*]}"
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${apt[@]}" \
      || { echo "could not install ${apt[*]} (root and Debian's archive needed)"; return 1; }
  fi
  if ! command -v kustomize >/dev/null; then
    echo "== installing kustomize $KUSTOMIZE_VERSION (Go module)"
    (cd /tmp && GOTOOLCHAIN=local go install "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION") \
      || { echo "could not install kustomize"; return 1; }
  fi
  if ! "$TOOLS_VENV/bin/python" -c "import kubernetes_validate, yaml, jsonschema" 2>/dev/null; then
    echo "== installing kubernetes-validate $KUBERNETES_VALIDATE_VERSION into $TOOLS_VENV"
    python3.11 -m venv "$TOOLS_VENV" && "$TOOLS_VENV/bin/pip" install -q "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION" \
      || { echo "could not install kubernetes-validate"; return 1; }
  fi
}

failed=()
check() {  # check NAME COMMAND...: run, show the output, remember failures
  local name=$1; shift
  echo "== $name"
  if "$@"; then echo "   ok: $name"; else echo "   FAILED: $name"; failed+=("$name"); return 1; fi
}

kustomize_validate() {
  local built
  built=$(kustomize build "$1") || return 1
  "$TOOLS_VENV/bin/python" deploy/check/validate_k8s.py --kubernetes-version "$KUBERNETES_VERSION" - <<<"$built"
}

install_tools || exit 1
[ -x "$PY" ] || { echo "$PY not found: run make install first"; exit 1; }
echo "tools: $(promtool --version 2>&1 | head -1); $(docker-compose version --short 2>/dev/null | sed 's/^/docker-compose /');" \
     "kustomize $(kustomize version); kubernetes-validate $("$TOOLS_VENV/bin/pip" show kubernetes-validate 2>/dev/null | sed -n 's/^Version: //p')"

check "promtool check config" promtool check config deploy/prometheus/prometheus.yml
check "promtool check rules" promtool check rules deploy/prometheus/alerts.yml
check "promtool test rules" promtool test rules deploy/prometheus/tests/*.yml
check "docker-compose config" docker-compose -f docker-compose.yml config -q
check "docker-compose cluster config" docker-compose -f docker-compose.yml -f docker-compose.cluster.yml config -q
for overlay in k8s/base k8s/overlays/*/; do
  check "kustomize build ${overlay%/} | validate" kustomize_validate "${overlay%/}"
done
check "grafana provisioning YAML" "$TOOLS_VENV/bin/python" -c "
import sys, yaml, pathlib
for p in sorted(pathlib.Path('deploy/grafana/provisioning').rglob('*.yml')):
    yaml.safe_load(p.read_text()); print('   parsed', p)"
check "grafana dashboards" "$PY" deploy/check/lint_dashboards.py
check "deployment policy" "$TOOLS_VENV/bin/python" deploy/check/policy.py
# The image itself: built with the engine this machine has (make image), then each service run from it
# against a private Kafka and ClickHouse until it answers health (make image-check).
# MOTCUA_DEPLOY_CHECK_IMAGE=0 leaves both out, and says so.
if [ "${MOTCUA_DEPLOY_CHECK_IMAGE:-1}" = 0 ]; then
  echo "== image: left out (MOTCUA_DEPLOY_CHECK_IMAGE=0)"
elif check "make image" bash deploy/image/build.sh; then
  check "make image-check" "$PY" deploy/image/check.py
fi

if ((${#failed[@]})); then
  echo "deploy-check: ${#failed[@]} failed: ${failed[*]}"
  exit 1
fi
echo "deploy-check: all checks passed"
